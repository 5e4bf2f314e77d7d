"""The Highlights panel: every highlight as a sortable, filterable table, with
the note editor of the current highlight below it.

The table model follows the store's change events row by row (insert, remove,
dataChanged by highlight id); it resets only when another project opens.
Orphans (highlights whose quote could not be found after a re-import) are kept
out of the main list and shown with the "Orphans (n)" toggle.
"""
from __future__ import annotations

import datetime as _dt
import html
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.model import Highlight, SourceInfo, Theme, codebook_order
from briefing.store import Change

from . import commands
from .note_editor import NoteEditor

ID_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1
SORT_ROLE = QtCore.Qt.ItemDataRole.UserRole + 2
COLORS_ROLE = QtCore.Qt.ItemDataRole.UserRole + 3

INCLUDED, QUOTE, THEMES, SOURCE, POSITION, NOTE, CREATED = range(7)
HEADERS = ("Brief", "Quote", "Themes", "Source", "Position", "Note", "Created")
QUOTE_CHARS = 160
HIDDEN_COLUMNS = (POSITION, CREATED)
"""Shown from the header's context menu; the sort box orders by them too."""
SORTS = (
    ("By position", POSITION, QtCore.Qt.SortOrder.AscendingOrder),
    ("By theme", THEMES, QtCore.Qt.SortOrder.AscendingOrder),
    ("Newest first", CREATED, QtCore.Qt.SortOrder.DescendingOrder),
    ("Oldest first", CREATED, QtCore.Qt.SortOrder.AscendingOrder),
)
ORPHAN_HELP = ("Orphans: these highlights could not be found after the source was "
               "re-imported. Their quotes are kept; delete them or tag the passage again.")


def one_line(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class ThemesDelegate(QtWidgets.QStyledItemDelegate):
    """Draws a highlight's themes as colour dots followed by their names."""

    def paint(self, painter: QtGui.QPainter, option, index: QtCore.QModelIndex) -> None:
        opt = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        colors = index.data(COLORS_ROLE) or []
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect.adjusted(4, 0, -4, 0)
        size = max(6, min(10, opt.fontMetrics.height() - 6))
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtGui.QPen(QtGui.QColor(0, 0, 0, 90), 1))
        x = rect.left()
        for color in colors[:6]:
            painter.setBrush(QtGui.QColor(color))
            painter.drawEllipse(QtCore.QRectF(x + 0.5, rect.center().y() - size / 2 + 0.5,
                                              size - 1, size - 1))
            x += size + 2
        if colors:
            x += 3
        selected = bool(opt.state & QtWidgets.QStyle.StateFlag.State_Selected)
        painter.setPen(opt.palette.color(QtGui.QPalette.ColorRole.HighlightedText if selected
                                         else QtGui.QPalette.ColorRole.Text))
        text_rect = QtCore.QRect(x, rect.top(), max(0, rect.right() - x), rect.height())
        painter.drawText(text_rect, int(QtCore.Qt.AlignmentFlag.AlignVCenter
                                        | QtCore.Qt.AlignmentFlag.AlignLeft),
                         opt.fontMetrics.elidedText(text, QtCore.Qt.TextElideMode.ElideRight,
                                                    text_rect.width()))
        painter.restore()


def short_date(iso: str) -> str:
    try:
        moment = _dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


class HighlightsModel(QtCore.QAbstractTableModel):
    """All highlights of the project, one row each, kept in step with the store."""

    include_toggled = QtCore.Signal(int, bool)
    """(highlight id, wanted value): the user clicked the "include in brief" box;
    the panel turns it into an undoable command (the model never writes)."""

    def __init__(self, store, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._rows: list[Highlight] = []
        self._row_of: dict[int, int] = {}
        self._themes: dict[int, Theme] = {}
        self._theme_rank: dict[int, int] = {}
        self._sources: dict[int, SourceInfo] = {}
        self._load()

    # -- loading ------------------------------------------------------------

    def set_store(self, store) -> None:
        self.beginResetModel()
        self._store = store
        self._load()
        self.endResetModel()

    def _load(self) -> None:
        self._load_themes()
        self._load_sources()
        self._rows = list(self._store.highlights()) if self._store is not None else []
        self._reindex()

    def _load_themes(self) -> None:
        themes = self._store.themes() if self._store is not None else []
        self._themes = {t.id: t for t in themes}
        self._theme_rank = {t.id: i for i, t in enumerate(codebook_order(themes))}

    def _load_sources(self) -> None:
        self._sources = {s.id: s for s in self._store.sources()} if self._store is not None else {}

    def _reindex(self) -> None:
        self._row_of = {h.id: i for i, h in enumerate(self._rows)}

    # -- change events ------------------------------------------------------

    def apply(self, change: Change) -> None:
        """Bring the rows up to date with one store change."""
        if change.kind == "highlight":
            if change.action == "added":
                self._added(change.ids)
            elif change.action == "removed":
                self._removed(change.ids)
            else:
                self._changed(change.ids)
        elif change.kind == "theme":
            self._load_themes()
            self._column_changed(THEMES)
        elif change.kind == "source":
            self._load_sources()
            self._column_changed(SOURCE)
            self._column_changed(POSITION)
        elif change.kind == "project" and change.action != "changed":
            self.set_store(self._store)

    def _fetch(self, ids: tuple[int, ...]) -> list[Highlight]:
        wanted = set(ids)
        if len(wanted) > 50:
            return [h for h in self._store.highlights() if h.id in wanted]
        found = []
        for hid in ids:
            try:
                found.append(self._store.highlight(hid))
            except KeyError:
                pass
        return found

    def _added(self, ids: tuple[int, ...]) -> None:
        new = [h for h in self._fetch(ids) if h.id not in self._row_of]
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QtCore.QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self._reindex()
        self.endInsertRows()

    def _removed(self, ids: tuple[int, ...]) -> None:
        rows = sorted((self._row_of[i] for i in set(ids) if i in self._row_of), reverse=True)
        if not rows:
            return
        # remove contiguous runs, last first, so earlier row numbers stay valid
        runs: list[list[int]] = []
        for r in rows:
            if runs and runs[-1][0] == r + 1:
                runs[-1][0] = r
            else:
                runs.append([r, r])
        for first, last in runs:
            self.beginRemoveRows(QtCore.QModelIndex(), first, last)
            del self._rows[first:last + 1]
            self.endRemoveRows()
        self._reindex()

    def _changed(self, ids: tuple[int, ...]) -> None:
        fresh = {h.id: h for h in self._fetch(ids)}
        for hid in ids:
            row = self._row_of.get(hid)
            if row is None:
                continue
            if hid not in fresh:
                continue
            self._rows[row] = fresh[hid]
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def _column_changed(self, column: int) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    # -- queries ----------------------------------------------------------------

    def highlight_at(self, row: int) -> Highlight:
        return self._rows[row]

    def row_of(self, highlight_id: int) -> int | None:
        return self._row_of.get(highlight_id)

    def highlight(self, highlight_id: int) -> Highlight | None:
        row = self._row_of.get(highlight_id)
        return None if row is None else self._rows[row]

    def orphan_count(self) -> int:
        return sum(1 for h in self._rows if h.orphan)

    def theme_names(self, h: Highlight) -> list[str]:
        return [self._themes[t].name for t in self._ordered_themes(h)]

    def _ordered_themes(self, h: Highlight) -> list[int]:
        return sorted((t for t in h.theme_ids if t in self._themes),
                      key=lambda t: self._theme_rank.get(t, 1 << 30))

    def source_title(self, source_id: int) -> str:
        s = self._sources.get(source_id)
        return (s.title or s.filename or f"Source {s.id}") if s else ""

    # -- Qt model API -------------------------------------------------------------

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == QtCore.Qt.Orientation.Horizontal:
            if role == QtCore.Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == QtCore.Qt.ItemDataRole.ToolTipRole and section == INCLUDED:
                return "Include in brief"
        return None

    def mimeTypes(self) -> list[str]:  # noqa: N802
        from briefing.ui.highlight_picker import HIGHLIGHT_MIME
        return [HIGHLIGHT_MIME, "text/plain"]

    def mimeData(self, indexes) -> QtCore.QMimeData:  # noqa: N802
        """Dragged rows carry their highlight ids (a judgment accepts them as support)."""
        from briefing.ui.highlight_picker import highlight_mime
        ids = dict.fromkeys(self._rows[i.row()].id for i in indexes if i.isValid())
        return highlight_mime(ids)

    def flags(self, index: QtCore.QModelIndex) -> QtCore.Qt.ItemFlag:
        f = (QtCore.Qt.ItemFlag.ItemIsEnabled | QtCore.Qt.ItemFlag.ItemIsSelectable
             | QtCore.Qt.ItemFlag.ItemIsDragEnabled)
        if index.column() == INCLUDED:
            f |= QtCore.Qt.ItemFlag.ItemIsUserCheckable
        return f

    def data(self, index: QtCore.QModelIndex, role=QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        h = self._rows[index.row()]
        col = index.column()
        R = QtCore.Qt.ItemDataRole
        if role == ID_ROLE:
            return h.id
        if role == R.DisplayRole:
            if col == QUOTE:
                return one_line(h.quote)
            if col == THEMES:
                return ", ".join(self.theme_names(h))
            if col == SOURCE:
                return self.source_title(h.source_id)
            if col == POSITION:
                return f"{h.start:,}" + (" (orphan)" if h.orphan else "")
            if col == NOTE:
                first = next((ln for ln in h.note.splitlines() if ln.strip()), "")
                return one_line(first, 80)
            if col == CREATED:
                return short_date(h.created)
            return None
        if role == R.CheckStateRole and col == INCLUDED:
            return (QtCore.Qt.CheckState.Checked if h.included
                    else QtCore.Qt.CheckState.Unchecked)
        if role == COLORS_ROLE and col == THEMES:
            return [self._themes[t].color for t in self._ordered_themes(h)]
        if role == R.ToolTipRole:
            if col == QUOTE:
                return f"<p>{_esc(h.quote)}</p>"
            if col == NOTE and h.note:
                return f"<p>{_esc(h.note)}</p>"
            if col == INCLUDED:
                return "Included in the brief" if h.included else "Left out of the brief"
            if col == POSITION and h.orphan:
                return ORPHAN_HELP
            return None
        if role == SORT_ROLE:
            if col == INCLUDED:
                return int(h.included)
            if col == QUOTE:
                return h.quote.casefold()
            if col == THEMES:
                ranks = [self._theme_rank.get(t, 1 << 30) for t in self._ordered_themes(h)]
                return (ranks[0] if ranks else 1 << 30, self._position_key(h))
            if col == SOURCE:
                return (self.source_title(h.source_id).casefold(), h.start)
            if col == POSITION:
                return self._position_key(h)
            if col == NOTE:
                return h.note.casefold()
            if col == CREATED:
                return (h.created, h.id)
        if role == R.ForegroundRole and h.orphan:
            return QtGui.QBrush(QtGui.QColor("#B00020"))
        return None

    def _position_key(self, h: Highlight) -> tuple:
        s = self._sources.get(h.source_id)
        return (s.position if s else 1 << 30, h.source_id, h.start, h.end, h.id)

    def setData(self, index: QtCore.QModelIndex, value: Any,  # noqa: N802
                role=QtCore.Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == INCLUDED \
                and role == QtCore.Qt.ItemDataRole.CheckStateRole:
            h = self._rows[index.row()]
            wanted = QtCore.Qt.CheckState(value) == QtCore.Qt.CheckState.Checked \
                if not isinstance(value, bool) else value
            if wanted != h.included:
                self.include_toggled.emit(h.id, wanted)
            return False  # the store's change event updates the row
        return False


def _esc(text: str) -> str:
    return html.escape(one_line(text, 600))


class HighlightsProxy(QtCore.QSortFilterProxyModel):
    """Filters the highlights by scope (one source), themes, text and orphan state."""

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self._source_id: int | None = None
        self._theme_ids: frozenset[int] = frozenset()
        self._text = ""
        self._orphans = False

    def _refilter(self) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self.endFilterChange(QtCore.QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def set_scope(self, source_id: int | None) -> None:
        """None: all sources; else only that source's highlights."""
        if source_id != self._source_id:
            self._source_id = source_id
            self._refilter()

    def set_theme_filter(self, theme_ids) -> None:
        ids = frozenset(theme_ids or ())
        if ids != self._theme_ids:
            self._theme_ids = ids
            self._refilter()

    def set_text_filter(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self._text = text
            self._refilter()

    def set_orphans(self, only_orphans: bool) -> None:
        if only_orphans != self._orphans:
            self._orphans = only_orphans
            self._refilter()

    def filterAcceptsRow(self, row: int, parent: QtCore.QModelIndex) -> bool:  # noqa: N802
        model: HighlightsModel = self.sourceModel()
        h = model.highlight_at(row)
        if h.orphan != self._orphans:
            return False
        if self._source_id is not None and h.source_id != self._source_id:
            return False
        if self._theme_ids and not self._theme_ids.intersection(h.theme_ids):
            return False
        if self._text and self._text not in h.quote.casefold() \
                and self._text not in h.note.casefold():
            return False
        return True

    def lessThan(self, left: QtCore.QModelIndex, right: QtCore.QModelIndex) -> bool:  # noqa: N802
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


class HighlightsPanel(QtWidgets.QWidget):
    """The dock's widget: scope, filters, the table and the note editor."""

    def __init__(self, window: Any):
        super().__init__()
        self.setObjectName("highlightsPanel")
        self._window = window
        self._syncing = False
        store = window.bridge.store
        self._note_store = store

        self.model = HighlightsModel(store, self)
        self.proxy = HighlightsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.model.include_toggled.connect(self._toggle_included)

        self.scope = QtWidgets.QComboBox(self)
        self.scope.setObjectName("highlightsScope")
        self.scope.addItems(["All sources", "Current source"])
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
        self.table.setModel(self.proxy)
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
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.table.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)  # the note fills what is left
        head.setMinimumSectionSize(36)
        for col, width in ((INCLUDED, 42), (QUOTE, 230), (THEMES, 125), (SOURCE, 110),
                           (POSITION, 70), (NOTE, 140), (CREATED, 120)):
            head.resizeSection(col, width)
        for col in HIDDEN_COLUMNS:
            self.table.setColumnHidden(col, True)
        head.moveSection(head.visualIndex(NOTE), len(HEADERS) - 1)  # stretch the note
        head.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        head.customContextMenuRequested.connect(self._columns_menu)
        head.sortIndicatorChanged.connect(self._sorted_by_header)
        self.table.setItemDelegateForColumn(THEMES, ThemesDelegate(self.table))

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
        self.filter.textChanged.connect(self.proxy.set_text_filter)
        self.orphans.toggled.connect(self._orphans_toggled)
        self.sort.currentIndexChanged.connect(self._sort_chosen)
        self.clear_themes.clicked.connect(lambda: self._window.selection.set_themes(()))
        self.table.selectionModel().selectionChanged.connect(self._rows_selected)
        self.table.doubleClicked.connect(self._reveal)
        self.table.customContextMenuRequested.connect(self._menu)

        bridge = window.bridge
        bridge.changed.connect(self._store_changed)
        bridge.project_replaced.connect(self._project_replaced)
        sel = window.selection
        sel.source_changed.connect(self._source_changed)
        sel.themes_changed.connect(self._themes_changed)
        sel.highlights_changed.connect(self._highlights_selected)
        self._themes_changed(sel.theme_ids)
        self._update_orphans()
        window.installEventFilter(self)

    # -- public ---------------------------------------------------------------

    def visible_highlight_ids(self) -> list[int]:
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in range(self.proxy.rowCount())]

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    # -- reacting to the project and the selection ----------------------------------

    def _store_changed(self, change: Change) -> None:
        if change.kind == "highlight" and change.action == "removed":
            if self.note.highlight_id in change.ids:
                self.note.forget()
        self.model.apply(change)
        if change.kind == "highlight":
            self._update_orphans()
            current = self.note.highlight_id
            if change.action == "changed" and current in change.ids:
                h = self.model.highlight(current)
                if h is not None:
                    self.note.show_stored(h.note)
        if change.kind == "theme":
            self._themes_changed(self._window.selection.theme_ids)

    def _project_replaced(self) -> None:
        self.note.set_highlight(None, "")  # commits pending typing to the old project
        self._note_store = self._window.bridge.store
        self.model.set_store(self._window.bridge.store)
        self._update_orphans()
        self._themes_changed(self._window.selection.theme_ids)

    def _source_changed(self, source_id) -> None:
        if self.scope.currentIndex() == 1:
            self.proxy.set_scope(source_id if source_id is not None else -1)

    def _scope_changed(self, index: int) -> None:
        if index == 0:
            self.proxy.set_scope(None)
        else:
            sid = self._window.selection.source_id
            self.proxy.set_scope(sid if sid is not None else -1)

    def _themes_changed(self, theme_ids) -> None:
        ids = set(theme_ids or ())
        store = self._window.bridge.store
        themes = store.themes() if ids else []
        # a parent theme filters its sub-themes' highlights too
        children: dict[int | None, list[int]] = {}
        for t in themes:
            children.setdefault(t.parent_id, []).append(t.id)
        wanted, stack = set(), list(ids)
        while stack:
            tid = stack.pop()
            if tid not in wanted:
                wanted.add(tid)
                stack.extend(children.get(tid, ()))
        self.proxy.set_theme_filter(wanted)
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
        self.proxy.set_orphans(on)
        self.orphan_help.setVisible(on)

    def _update_orphans(self) -> None:
        n = self.model.orphan_count()
        self.orphans.setText(f"Orphans ({n})")
        self.orphans.setEnabled(n > 0 or self.orphans.isChecked())

    # -- table selection --------------------------------------------------------

    def _selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [r.data(ID_ROLE) for r in sorted(rows, key=lambda i: i.row())]

    def _rows_selected(self, *_: Any) -> None:
        if self._syncing:
            return
        ids = self._selected_ids()
        self._show_note(ids)
        self._syncing = True
        try:
            self._window.selection.set_highlights(tuple(ids))
        finally:
            self._syncing = False

    def _show_note(self, ids: list[int]) -> None:
        if len(ids) == 1:
            h = self.model.highlight(ids[0])
            if h is not None:
                label = f"Note on “{one_line(h.quote, 60)}”"
                self.note.set_highlight(h.id, h.note, label)
                self._note_store = self._window.bridge.store
                return
        self.note.set_highlight(None, "")

    def _highlights_selected(self, ids) -> None:
        if self._syncing:
            return
        ids = tuple(ids or ())
        if tuple(self._selected_ids()) == ids:
            return
        self._syncing = True
        try:
            sm = self.table.selectionModel()
            sm.clearSelection()
            first = None
            for hid in ids:
                row = self.model.row_of(hid)
                if row is None:
                    continue
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if not index.isValid():
                    continue
                sm.select(index, QtCore.QItemSelectionModel.SelectionFlag.Select
                          | QtCore.QItemSelectionModel.SelectionFlag.Rows)
                first = first or index
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
            self._window.selection.reveal(hid)

    # -- edits (all through undoable commands) ------------------------------------

    def _toggle_included(self, highlight_id: int, included: bool) -> None:
        store = self._window.bridge.store
        self._window.push(commands.EditHighlight(store, highlight_id, "included", included))

    def _commit_note(self, highlight_id: int, text: str, burst: int) -> None:
        store = self._note_store
        if store is None or store.closed:
            return
        if store is not self._window.bridge.store:  # another project was opened meanwhile
            if not store.readonly:
                store.update_highlight(highlight_id, note=text)
            return
        self._window.push(commands.EditNote(store, highlight_id, text, burst))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if watched is self._window and event.type() == QtCore.QEvent.Type.Close:
            self.note.flush()  # before the window closes the project
        return False

    def _menu(self, pos: QtCore.QPoint) -> None:
        ids = self._selected_ids()
        if not ids:
            return
        menu = QtWidgets.QMenu(self)
        reveal = menu.addAction("Show in source")
        reveal.setEnabled(len(ids) == 1)
        menu.addSeparator()
        include = menu.addAction("Include in brief")
        exclude = menu.addAction("Leave out of brief")
        menu.addSeparator()
        delete = menu.addAction("Delete highlight" if len(ids) == 1
                                else f"Delete {len(ids)} highlights")
        chosen = menu.exec(self.table.viewport().mapToGlobal(pos))
        store = self._window.bridge.store
        if chosen is reveal:
            self._window.selection.reveal(ids[0])
        elif chosen in (include, exclude):
            wanted = chosen is include
            todo = [h for h in ids if (hl := self.model.highlight(h)) and hl.included != wanted]
            if len(todo) == 1:
                self._toggle_included(todo[0], wanted)
            elif todo:
                stack = self._window.undo_stack
                stack.beginMacro(("Include" if wanted else "Leave out")
                                 + f" {len(todo)} highlights")
                for hid in todo:
                    self._window.push(commands.EditHighlight(store, hid, "included", wanted))
                stack.endMacro()
        elif chosen is delete:
            self.delete_selected()

    def delete_selected(self) -> None:
        ids = self._selected_ids()
        if ids:
            self._window.push(commands.DeleteHighlights(self._window.bridge.store, ids))
