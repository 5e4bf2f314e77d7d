"""The Highlights panel: every highlight as a sortable, filterable table, with
the note editor of the current highlight below it.

The table model (``highlights_model``) reads its rows from SQL a page at a time,
in the panel's order and through its filters (scope, themes with their
sub-themes, text, orphans), and follows the store's change events row by row: a
new highlight is one inserted row, a pick selects one row. A new order or
filter resets the model and the picked highlights are selected again.
Orphans (highlights whose quote could not be found after a re-import) are kept
out of the main list and shown with the "Orphans (n)" toggle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtWidgets

from briefing.events import Action, Change, Kind
from briefing.store.highlight_list import with_subthemes

from . import commands
from .cell_pictures import CellPictures
from .highlight_cells import TextFit
from .highlights_model import (
    CREATED,
    HEADERS,
    HIDDEN_COLUMNS,
    INCLUDED,
    NOTE,
    ORPHAN_HELP,
    POSITION,
    QUOTE,
    SORTS,
    SOURCE,
    THEMES,
    HighlightsModel,
)
from .labels import INCLUDE_IN_BRIEF, LEAVE_OUT_OF_BRIEF, SOURCE_SCOPES, one_line
from .note_editor import NoteEditor
from .quiet_scroll_bar import quiet_scroll_bars
from .roles import ID_ROLE

_E = QtCore.QEvent.Type
_RESTYLED = (_E.FontChange, _E.StyleChange, _E.PaletteChange, _E.LayoutDirectionChange)
"""Changes that make the table's cell pictures stale."""

if TYPE_CHECKING:
    from .workspace import Workspace

FILTER_AT_ONCE = 5000
"""Below this many highlights the text filter applies at each key."""
FILTER_PAUSE_MS = 250


class HighlightsPanel(QtWidgets.QWidget):
    """The dock's widget: scope, filters, the table and the note editor."""

    def __init__(self, workspace: Workspace):
        super().__init__()
        self.setObjectName("highlightsPanel")
        self._workspace = workspace
        self._syncing = False
        store = workspace.store
        self._note_store = store

        row_height = self.fontMetrics().height() + 8
        self.model = HighlightsModel(store, self, row_height)
        self.proxy = self.model
        """The table's model (one model: it sorts and filters in SQL)."""
        self.model.include_toggled.connect(self._toggle_included)

        self.scope = QtWidgets.QComboBox(self)
        self.scope.setObjectName("highlightsScope")
        self.scope.addItems(list(SOURCE_SCOPES))
        self.scope.setToolTip("Show the highlights of every source or of the open source only")
        self.filter = QtWidgets.QLineEdit(self)
        self.filter.setObjectName("highlightsFilter")
        self.filter.setPlaceholderText("Filter quotes and notes")
        self.filter.setClearButtonEnabled(True)
        self.orphans = QtWidgets.QToolButton(self)
        self.orphans.setObjectName("highlightsOrphans")
        self.orphans.setCheckable(True)
        self.orphans.setToolTip(ORPHAN_HELP)
        self.theme_filter = QtWidgets.QLabel(self)
        self.theme_filter.setObjectName("highlightsThemeFilter")
        self.theme_filter.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.clear_themes = QtWidgets.QToolButton(self)
        self.clear_themes.setText("Show all themes")
        self.clear_themes.setAutoRaise(True)
        self.sort = QtWidgets.QComboBox(self)
        self.sort.setObjectName("highlightsSort")
        self.sort.setToolTip("Order of the list (or click a column header)")
        for label, column, order in SORTS:
            self.sort.addItem(label, (column, order))
        self.orphan_help = QtWidgets.QLabel(ORPHAN_HELP, self)
        self.orphan_help.setWordWrap(True)
        self.orphan_help.setVisible(False)

        self.table = QtWidgets.QTableView(self)
        self.table.setObjectName("highlightsTable")
        quiet_scroll_bars(self.table)  # its rows change at each key press
        self.pictures = CellPictures(self.model.cell_values, self.table)
        self.table.setItemDelegate(self.pictures)
        self.table.setModel(self.model)
        self.model.rows_shown = lambda: self.table.viewport().height() // row_height + 1
        # the model is already in this order: enabling sorting re-sorts nothing
        self.table.horizontalHeader().setSortIndicator(POSITION, QtCore.Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(POSITION, QtCore.Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setDragEnabled(True)  # drag highlights onto a key judgment as support
        self.table.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DragOnly)
        self.table.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.setAlternatingRowColors(True)
        self.table.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)  # the note fills what is left
        head.setMinimumSectionSize(36)
        # whole rows are selected: every header section would be drawn highlighted, and
        # the header repainted at each pick (it repaints the sections of any selection
        # change it sees: it gets a selection of its own, which never changes)
        head.setHighlightSections(False)
        head.setSelectionModel(QtCore.QItemSelectionModel(self.model, head))
        for col, width in (
            (INCLUDED, 42),
            (QUOTE, 230),
            (THEMES, 125),
            (SOURCE, 110),
            (POSITION, 70),
            (NOTE, 140),
            (CREATED, 120),
        ):
            head.resizeSection(col, width)
        for col in HIDDEN_COLUMNS:
            self.table.setColumnHidden(col, True)
        head.moveSection(head.visualIndex(NOTE), len(HEADERS) - 1)  # stretch the note
        head.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        head.customContextMenuRequested.connect(self._columns_menu)
        head.sortIndicatorChanged.connect(self._sorted_by_header)
        head.sectionResized.connect(self._fit_text)

        self.note = NoteEditor(self._commit_note, self)
        self.note.setObjectName("highlightNote")

        top = QtWidgets.QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.scope)
        top.addWidget(self.filter, 1)
        top.addWidget(self.sort)
        top.addWidget(self.orphans)
        themes_row = QtWidgets.QHBoxLayout()
        themes_row.setContentsMargins(0, 0, 0, 0)
        themes_row.addWidget(self.theme_filter, 1)
        themes_row.addWidget(self.clear_themes)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.note)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addLayout(top)
        lay.addLayout(themes_row)
        lay.addWidget(self.orphan_help)
        lay.addWidget(split, 1)

        self.scope.currentIndexChanged.connect(self._scope_changed)
        self._filter_timer = QtCore.QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_PAUSE_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(self._filter_typed)
        self.orphans.toggled.connect(self._orphans_toggled)
        self.sort.currentIndexChanged.connect(self._sort_chosen)
        self.clear_themes.clicked.connect(lambda: self._workspace.selection.set_themes(()))
        self.table.selectionModel().selectionChanged.connect(self._rows_selected)
        self.model.modelReset.connect(self._reselect)  # a new order or filter
        for signal in (self.model.rowsRemoved, self.model.layoutChanged, self.model.modelReset):
            signal.connect(self._rows_filtered)  # a hidden row is not reported as deselected
        self.table.doubleClicked.connect(self._reveal)
        self.table.customContextMenuRequested.connect(self._menu)

        bridge = workspace.bridge
        bridge.changed.connect(self._store_changed)
        bridge.project_replaced.connect(self._project_replaced)
        sel = workspace.selection
        sel.source_changed.connect(self._source_changed)
        sel.themes_changed.connect(self._themes_changed)
        sel.highlights_changed.connect(self._highlights_selected)
        self._themes_changed(sel.theme_ids)
        self._update_orphans()
        self._fit_text()
        workspace.closing.connect(self.note.flush)  # before the window closes the project
        workspace.attach_key_actions(self)

    # -- public ---------------------------------------------------------------

    def visible_highlight_ids(self) -> list[int]:
        """The highlights listed, in the table's order (one query)."""
        return self.model.visible_ids()

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    # -- reacting to the project and the selection ----------------------------------

    def _store_changed(self, change: Change) -> None:
        removed = change.kind == Kind.HIGHLIGHT and change.action == Action.REMOVED
        if removed and self.note.highlight_id in change.ids:
            self.note.forget()
        self.model.apply(change)
        if change.kind == Kind.HIGHLIGHT:
            self._update_orphans()
            current = self.note.highlight_id
            if change.action == Action.CHANGED and current in change.ids:
                h = self.model.highlight(current)
                if h is not None:
                    self.note.show_stored(h.note)
        if change.kind == Kind.THEME:
            self._themes_changed(self._workspace.selection.theme_ids)

    def _project_replaced(self) -> None:
        self.note.set_highlight(None, "")  # commits pending typing to the old project
        self._note_store = self._workspace.store
        self.model.set_store(self._workspace.store)
        self._update_orphans()
        self._themes_changed(self._workspace.selection.theme_ids)

    def _source_changed(self, source_id) -> None:
        if self.scope.currentIndex() == 1:
            self.model.set_view(source_id=source_id if source_id is not None else -1)

    def _scope_changed(self, index: int) -> None:
        if index == 0:
            self.model.set_view(source_id=None)
        else:
            sid = self._workspace.selection.source_id
            self.model.set_view(source_id=sid if sid is not None else -1)

    def _filter_typed(self, text: str) -> None:
        """A short list filters at each key; a long one once typing pauses (the text
        filter reads every quote and note)."""
        if self.model.size() < FILTER_AT_ONCE:
            self._apply_filter()
        else:
            self._filter_timer.start()

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_view(text=self.filter.text().strip().casefold())

    def _themes_changed(self, theme_ids) -> None:
        ids = set(theme_ids or ())
        store = self._workspace.store
        themes = store.themes() if ids else []
        # a parent theme filters its sub-themes' highlights too
        self.model.set_view(theme_ids=with_subthemes(store, ids))
        names = [t.name for t in themes if t.id in ids]
        self.theme_filter.setText("Themes: " + ", ".join(names) if names else "")
        self.theme_filter.setVisible(bool(names))
        self.clear_themes.setVisible(bool(names))

    def _sort_chosen(self, i: int) -> None:
        column, order = self.sort.itemData(i)
        self.table.sortByColumn(column, order)

    def _sorted_by_header(self, column: int, order) -> None:
        for i in range(self.sort.count()):
            if self.sort.itemData(i) == (column, order):
                self.sort.blockSignals(True)
                self.sort.setCurrentIndex(i)
                self.sort.blockSignals(False)
                return

    def _columns_menu(self, pos: QtCore.QPoint) -> None:
        menu = QtWidgets.QMenu(self)
        for col, name in enumerate(HEADERS):
            if col == QUOTE:
                continue
            act = menu.addAction(name)
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(col))
            act.toggled.connect(lambda on, col=col: self.table.setColumnHidden(col, not on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _orphans_toggled(self, on: bool) -> None:
        self.model.set_view(orphans=on)
        self.orphan_help.setVisible(on)

    def _fit_text(self, *_: Any) -> None:
        """Tell the model the widths its long texts are shown in (see ``TextFit``)."""
        head = self.table.horizontalHeader()
        style = self.table.style()
        metric = QtWidgets.QStyle.PixelMetric.PM_FocusFrameHMargin
        margin = 2 * (style.pixelMetric(metric, None, self.table) + 1) + 1
        widths = {c: head.sectionSize(c) - margin for c in TextFit.COLUMNS}
        self.model.fit_text(widths, self.table.font())

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() in _RESTYLED:
            self.pictures.forget()
            self.table.viewport().update()
            self._fit_text()

    def _update_orphans(self) -> None:
        n = self.model.orphan_count()
        self.orphans.setText(f"Orphans ({n})")
        self.orphans.setEnabled(n > 0 or self.orphans.isChecked())

    # -- table selection --------------------------------------------------------

    def _selected_ids(self) -> list[int]:
        """The selected highlights in row order (a run of rows is read in one query)."""
        selection = self.table.selectionModel().selection()
        ranges = (selection.at(i) for i in range(selection.count()))
        spans = sorted((r.top(), r.bottom()) for r in ranges if r.isValid())
        ids: list[int] = []
        for top, bottom in spans:
            ids += self.model.ids_between(top, bottom)
        return list(dict.fromkeys(ids))

    def _rows_selected(self, *_: Any) -> None:
        if self._syncing:
            return
        ids = self._selected_ids()
        self._show_note(ids)
        self._syncing = True
        try:
            self._workspace.selection.set_highlights(tuple(ids))
        finally:
            self._syncing = False

    def _rows_filtered(self, *_: Any) -> None:
        """The shown rows changed: the note follows if its highlight is no longer listed."""
        if self.note.highlight_id is not None and not self._syncing:
            ids = self._selected_ids()
            if ids != [self.note.highlight_id]:
                self._show_note(ids)

    def _show_note(self, ids: list[int]) -> None:
        if len(ids) == 1:
            h = self.model.highlight(ids[0])
            if h is not None:
                label = f"Note on “{one_line(h.quote, 60)}”"
                self.note.set_highlight(h.id, h.note, label)
                self._note_store = self._workspace.store
                return
        self.note.set_highlight(None, "")

    def _reselect(self) -> None:
        """After a reset (a new order or filter), select the picked highlights again."""
        self._highlights_selected(self._workspace.selection.highlight_ids, again=True)

    def _highlights_selected(self, ids, again: bool = False) -> None:
        if self._syncing:
            return
        ids = tuple(ids or ())
        if not again and tuple(self._selected_ids()) == ids:
            return
        self._syncing = True
        try:
            wanted = QtCore.QItemSelection()  # one change of selection, not one per row
            first = None
            for hid in ids:
                row = self.model.row_of(hid)
                if row is None:
                    continue
                index = self.model.index(row, 0)
                wanted.select(index, index)
                first = first or index
            self.table.selectionModel().select(
                wanted,
                QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QtCore.QItemSelectionModel.SelectionFlag.Rows,
            )
            if first is not None:
                self.table.scrollTo(first)
        finally:
            self._syncing = False
        self._show_note(list(ids))

    def _reveal(self, index: QtCore.QModelIndex) -> None:
        if index.column() == INCLUDED:
            return
        hid = index.data(ID_ROLE)
        if hid is not None:
            self._workspace.selection.reveal(hid)

    # -- edits (all through undoable commands) ------------------------------------

    def _toggle_included(self, highlight_id: int, included: bool) -> None:
        store = self._workspace.store
        self._workspace.push(commands.EditHighlight(store, highlight_id, "included", included))

    def _commit_note(self, highlight_id: int, text: str, burst: int) -> None:
        store = self._note_store
        if store is None or store.closed:
            return
        if store is not self._workspace.store:  # another project was opened meanwhile
            if not store.readonly:
                store.update_highlight(highlight_id, note=text)
            return
        self._workspace.push(commands.EditNote(store, highlight_id, text, burst))

    def _menu(self, pos: QtCore.QPoint) -> None:
        ids = self._selected_ids()
        if not ids:
            return
        menu = QtWidgets.QMenu(self)
        reveal = menu.addAction("Show in source")
        reveal.setEnabled(len(ids) == 1)
        menu.addSeparator()
        include = menu.addAction(INCLUDE_IN_BRIEF)
        exclude = menu.addAction(LEAVE_OUT_OF_BRIEF)
        menu.addSeparator()
        delete = menu.addAction(
            "Delete highlight" if len(ids) == 1 else f"Delete {len(ids)} highlights"
        )
        chosen = menu.exec(self.table.viewport().mapToGlobal(pos))
        store = self._workspace.store
        if chosen is reveal:
            self._workspace.selection.reveal(ids[0])
        elif chosen in (include, exclude):
            wanted = chosen is include
            todo = [h for h in ids if (hl := self.model.highlight(h)) and hl.included != wanted]
            if len(todo) == 1:
                self._toggle_included(todo[0], wanted)
            elif todo:
                label = ("Include" if wanted else "Leave out") + f" {len(todo)} highlights"
                with self._workspace.macro(label):
                    for hid in todo:
                        self._workspace.push(commands.EditHighlight(store, hid, "included", wanted))
        elif chosen is delete:
            self.delete_selected()

    def delete_selected(self) -> None:
        ids = self._selected_ids()
        if ids:
            self._workspace.push(commands.DeleteHighlights(self._workspace.store, ids))
