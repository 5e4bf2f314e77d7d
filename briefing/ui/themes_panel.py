"""The Themes panel: the codebook as a tree with colour, number key and count.

Every edit (add, rename, describe, recolour, move, nest, merge, delete) is an
undoable command; the tree is rebuilt from the store after each theme change
(a codebook is small) keeping what was expanded and selected. Dragging a theme
onto another nests it there; dropping it between two themes reorders it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.events import Action, Change, Kind
from briefing.model import THEME_PALETTE, Theme, ThemeTree, codebook_order, theme_keys

from . import commands, prompts
from .codebook_themes import add_codebook_themes
from .codebook_view import COUNT, KEY, NAME, PALETTE_NAMES, CodebookModel, CodebookView
from .icons import swatch
from .labels import plural
from .roles import ID_ROLE, ROOT, AnyIndex
from .theme_counts import CountCells, ThemeCounts
from .theme_key import add_key_menu

if TYPE_CHECKING:
    from briefing.store import Store

    from .workspace import Workspace


class ThemesPanel(QtWidgets.QWidget):
    """The dock's widget: a toolbar and the codebook tree."""

    def __init__(self, workspace: Workspace):
        super().__init__()
        self.setObjectName("themesPanel")
        self._workspace = workspace
        self._syncing = False
        self._rebuilding = False

        self.model = CodebookModel(self)
        self.counts = ThemeCounts(lambda: self.store, self)
        self.counts.changed.connect(self._update_counts)
        self.model.setHorizontalHeaderLabels(["Theme", "Key", "Count"])
        self.tree = CodebookView(self)
        self.tree.setObjectName("themesTree")
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(
            QtWidgets.QAbstractItemView.EditTrigger.EditKeyPressed
            | QtWidgets.QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.tree.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        head = self.tree.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(NAME, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for column in (KEY, COUNT):  # sized by CountCells
            head.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Fixed)
        self.count_cells = CountCells(self.tree, self.model)

        bar = QtWidgets.QToolBar(self)
        bar.setIconSize(QtCore.QSize(14, 14))
        bar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = bar.addAction("Add", self.add_theme)
        self.add_action.setToolTip("Add a theme to the codebook")
        self.add_sub_action = bar.addAction("Add sub-theme", self.add_sub_theme)
        self.more_button = QtWidgets.QToolButton(self)
        self.more_button.setText("Edit")
        self.more_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QtWidgets.QMenu(self)
        self.more_menu.aboutToShow.connect(lambda: self._fill_menu(self.more_menu))
        self.more_button.setMenu(self.more_menu)
        bar.addWidget(self.more_button)

        self.hint = QtWidgets.QLabel(
            "Select text in the reader, then press a theme's key (1-9) or click the theme.", self
        )
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)

        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addWidget(bar)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.hint)

        self.tree.theme_dropped.connect(self.move_theme)
        self.tree.clicked.connect(self._clicked)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.selectionModel().selectionChanged.connect(self._selected)
        self.model.itemChanged.connect(self._item_edited)
        workspace.bridge.changed.connect(self._store_changed)
        workspace.bridge.project_replaced.connect(self.rebuild)
        workspace.bridge.project_replaced.connect(self._update_enabled)
        workspace.selection.themes_changed.connect(self._themes_selected)
        self.rebuild()
        self._update_enabled()
        self.count_cells.size_columns(self.counts.counts)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.StyleChange):
            self.count_cells.size_columns(self.counts.counts)

    def _update_enabled(self) -> None:
        """A read-only project offers no edits."""
        for widget in (self.add_action, self.add_sub_action, self.more_button):
            widget.setEnabled(not self.store.readonly)

    # -- building the tree ------------------------------------------------------

    @property
    def store(self) -> Store:
        return self._workspace.store

    def rebuild(self) -> None:
        """Rebuild the tree from the store, keeping expansion and selection."""
        expanded = {
            self.model.itemFromIndex(i).data(ID_ROLE)
            for i in self._all_indexes()
            if self.tree.isExpanded(i)
        }
        known = {self.model.itemFromIndex(i).data(ID_ROLE) for i in self._all_indexes()}
        counts = self.counts.recount()
        self._rebuilding = True
        try:
            self.model.removeRows(0, self.model.rowCount())
            tree = ThemeTree(self.store.themes())
            keys = theme_keys(tree.order())
            items: dict[int, QtGui.QStandardItem] = {}
            self.count_cells.items = {}
            for t in tree.order():
                row = self._row(t, keys.get(t.id), counts.get(t.id, 0))
                parent_id = tree.parent(t.id)
                parent = items.get(parent_id) if parent_id is not None else None
                (parent or self.model.invisibleRootItem()).appendRow(row)
                items[t.id] = row[0]
                self.count_cells.items[t.id] = row[COUNT]
            for tid, item in items.items():
                if item.hasChildren() and (tid in expanded or tid not in known):
                    self.tree.setExpanded(item.index(), True)
        finally:
            self._rebuilding = False
        self._themes_selected(self._workspace.selection.theme_ids)

    def _row(self, t: Theme, key: int | None, count: int) -> list[QtGui.QStandardItem]:
        name = QtGui.QStandardItem(swatch(t.color), t.name)
        name.setData(t.id, ID_ROLE)
        tip = t.name + (f"\n{t.description}" if t.description else "")
        name.setToolTip(tip)
        name.setFlags(
            name.flags()
            | QtCore.Qt.ItemFlag.ItemIsEditable
            | QtCore.Qt.ItemFlag.ItemIsDragEnabled
            | QtCore.Qt.ItemFlag.ItemIsDropEnabled
        )
        key_item = QtGui.QStandardItem(str(key) if key else "")
        key_item.setToolTip(f"Press {key} to tag the selected text" if key else "")
        count_item = QtGui.QStandardItem(str(count))
        count_item.setToolTip(plural(count, "highlight"))
        for it in (key_item, count_item):
            it.setData(t.id, ID_ROLE)
            it.setFlags(
                QtCore.Qt.ItemFlag.ItemIsEnabled
                | QtCore.Qt.ItemFlag.ItemIsSelectable
                | QtCore.Qt.ItemFlag.ItemIsDragEnabled
                | QtCore.Qt.ItemFlag.ItemIsDropEnabled
            )
            it.setTextAlignment(
                QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
            )
        return [name, key_item, count_item]

    def _all_indexes(self, parent: AnyIndex = ROOT) -> Iterator[QtCore.QModelIndex]:
        for r in range(self.model.rowCount(parent)):
            index = self.model.index(r, NAME, parent)
            yield index
            yield from self._all_indexes(index)

    def index_of(self, theme_id: int) -> QtCore.QModelIndex:
        for index in self._all_indexes():
            if index.data(ID_ROLE) == theme_id:
                return index
        return QtCore.QModelIndex()

    def _update_counts(self) -> None:
        self._rebuilding = True
        try:
            self.count_cells.show(self.counts.counts)
        finally:
            self._rebuilding = False

    def _store_changed(self, change: Change) -> None:
        if change.kind == Kind.THEME:
            if change.fields and set(change.fields) <= {"narrative", "keywords"}:
                return  # nothing the tree shows
            self.rebuild()
        elif change.kind == Kind.HIGHLIGHT and change.action == Action.ADDED:
            self.counts.highlights_added(change.ids)
        elif change.kind == Kind.HIGHLIGHT:
            self.counts.schedule()

    # -- selection ---------------------------------------------------------------

    def selected_theme_ids(self) -> list[int]:
        rows = self.tree.selectionModel().selectedRows(NAME)
        return [i.data(ID_ROLE) for i in rows]

    def current_theme_id(self) -> int | None:
        ids = self.selected_theme_ids()
        if ids:
            return ids[0]
        index = self.tree.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def _selected(self, *_: Any) -> None:
        if self._syncing or self._rebuilding:
            return
        self._syncing = True
        try:
            self._workspace.selection.set_themes(tuple(self.selected_theme_ids()))
        finally:
            self._syncing = False

    def _themes_selected(self, ids) -> None:
        if self._syncing:
            return
        ids = set(ids or ())
        if set(self.selected_theme_ids()) == ids:
            return
        self._syncing = True
        try:
            sm = self.tree.selectionModel()
            sm.clearSelection()
            for index in self._all_indexes():
                if index.data(ID_ROLE) in ids:
                    sm.select(
                        index,
                        QtCore.QItemSelectionModel.SelectionFlag.Select
                        | QtCore.QItemSelectionModel.SelectionFlag.Rows,
                    )
        finally:
            self._syncing = False

    def _clicked(self, index: QtCore.QModelIndex) -> None:
        """A click on a theme tags the reader's selected text with it."""
        if self._workspace.text_span() is None:
            return
        self._workspace.tag_selection([index.data(ID_ROLE)])

    # -- edits ----------------------------------------------------------------------

    def _push(self, command) -> None:
        self._workspace.push(command)

    def add_theme(self, parent_id: int | None = None) -> int | None:
        name = prompts.ask_text(
            self, "New sub-theme" if parent_id else "New theme", "Name of the theme:"
        )
        if not name or not name.strip():
            return None
        return self.create_theme(name.strip(), parent_id=parent_id)

    def create_theme(
        self,
        name: str,
        *,
        parent_id: int | None = None,
        color: str | None = None,
        description: str = "",
    ) -> int | None:
        if color is None:
            used = [t.color.upper() for t in self.store.themes()]
            free = [c for c in THEME_PALETTE if c.upper() not in used]
            color = free[0] if free else THEME_PALETTE[len(used) % len(THEME_PALETTE)]
        command = commands.AddTheme(
            self.store, name, color=color, description=description, parent_id=parent_id
        )
        self._push(command)
        return command.theme_id

    def add_sub_theme(self) -> None:
        parent = self.current_theme_id()
        self.add_theme(parent)

    def rename_theme(self, theme_id: int, name: str | None = None) -> None:
        old = self.store.theme(theme_id).name
        if name is None:
            name = prompts.ask_text(self, "Rename theme", "New name:", old)
        if name and name.strip() and name.strip() != old:
            self._push(commands.EditTheme(self.store, theme_id, "name", name.strip()))

    def describe_theme(self, theme_id: int, text: str | None = None) -> None:
        old = self.store.theme(theme_id).description
        if text is None:
            text = prompts.ask_text(
                self, "Describe theme", "What belongs under this theme (shown as a tooltip):", old
            )
        if text is not None and text != old:
            self._push(commands.EditTheme(self.store, theme_id, "description", text))

    def recolor_theme(self, theme_id: int, color: str | None = None) -> None:
        old = self.store.theme(theme_id).color
        if color is None:
            color = prompts.pick_color(self, old)
        if color and color.upper() != old.upper():
            self._push(commands.EditTheme(self.store, theme_id, "color", color))

    def move_theme(self, theme_id: int, parent_id: int | None, position: int) -> None:
        """Put a theme under ``parent_id`` (None: top level) at ``position``."""
        t = self.store.theme(theme_id)
        siblings = [
            x.id
            for x in codebook_order(self.store.themes())
            if x.parent_id == parent_id and x.id != theme_id
        ]
        position = max(0, min(position, len(siblings)))
        old_siblings = [
            x.id for x in codebook_order(self.store.themes()) if x.parent_id == t.parent_id
        ]
        if parent_id == t.parent_id and old_siblings.index(theme_id) == position:
            return
        try:
            self._push(commands.MoveTheme(self.store, theme_id, parent_id, position))
        except ValueError as exc:
            prompts.error(self, "Cannot move the theme", str(exc))
            return
        self.reveal(theme_id)

    def reveal(self, theme_id: int) -> None:
        """Expand the theme's parents, select it and scroll to it."""
        index = self.index_of(theme_id)
        parent = index.parent()
        while parent.isValid():
            self.tree.setExpanded(parent, True)
            parent = parent.parent()
        self._workspace.selection.set_themes((theme_id,))
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def merge_theme(self, theme_id: int, into_id: int, *, ask: bool = True) -> None:
        gone, into = self.store.theme(theme_id), self.store.theme(into_id)
        n = self.store.theme_counts().get(theme_id, 0)
        if ask and not prompts.confirm(
            self,
            "Merge themes",
            f"Merge “{gone.name}” into “{into.name}”? Its {plural(n, 'highlight')}"
            f" and sub-themes move to “{into.name}”, and "
            f"“{gone.name}” is removed. You can undo this.",
            "Merge",
        ):
            return
        self._push(commands.MergeThemes(self.store, theme_id, into_id))

    def delete_theme(self, theme_id: int, *, ask: bool = True) -> None:
        t = self.store.theme(theme_id)
        n = self.store.theme_counts().get(theme_id, 0)
        subs = sum(1 for x in self.store.themes() if x.parent_id == theme_id)
        detail = (
            f"{plural(n, 'highlight')} will lose this theme (the highlights stay)."
            if n
            else "No highlight uses it."
        )
        if subs:
            detail += f" Its {plural(subs, 'sub-theme')} move up a level."
        if ask and not prompts.confirm(
            self,
            "Delete theme",
            f"Delete the theme “{t.name}”? {detail} You can undo this.",
            "Delete",
        ):
            return
        self._push(commands.DeleteTheme(self.store, theme_id))

    def _item_edited(self, item: QtGui.QStandardItem) -> None:
        if self._rebuilding or item.column() != NAME:
            return
        tid = item.data(ID_ROLE)
        name = item.text().strip()
        if name and name != self.store.theme(tid).name:
            QtCore.QTimer.singleShot(0, lambda: self.rename_theme(tid, name))
        else:
            QtCore.QTimer.singleShot(0, self.rebuild)

    # -- menus ----------------------------------------------------------------------

    def _context_menu(self, pos: QtCore.QPoint) -> None:
        menu = QtWidgets.QMenu(self)
        self._fill_menu(menu)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _fill_menu(self, menu: QtWidgets.QMenu) -> None:
        menu.clear()
        tid = self.current_theme_id()
        themes = codebook_order(self.store.themes())
        menu.addAction("Add theme…", self.add_theme)
        if tid is None:
            self._add_codebook_menu(menu)
            return
        t = self.store.theme(tid)
        menu.addAction("Add sub-theme…", lambda: self.add_theme(tid))
        menu.addSeparator()
        menu.addAction("Rename…", lambda: self.rename_theme(tid))
        menu.addAction("Describe…", lambda: self.describe_theme(tid))
        add_key_menu(menu, self._workspace, tid)
        colors = menu.addMenu("Colour")
        for c in THEME_PALETTE:
            act = colors.addAction(swatch(c), PALETTE_NAMES.get(c, c))
            act.triggered.connect(partial(self.recolor_theme, tid, c))
            act.setCheckable(True)
            act.setChecked(c.upper() == t.color.upper())
        colors.addSeparator()
        colors.addAction("Other colour…", lambda: self.recolor_theme(tid))
        menu.addSeparator()
        siblings = [x.id for x in themes if x.parent_id == t.parent_id]
        i = siblings.index(tid)
        up = menu.addAction("Move up", lambda: self.move_theme(tid, t.parent_id, i - 1))
        up.setEnabled(i > 0)
        down = menu.addAction("Move down", lambda: self.move_theme(tid, t.parent_id, i + 1))
        down.setEnabled(i < len(siblings) - 1)
        under = menu.addMenu("Move under")
        top = under.addAction("Top level", lambda: self.move_theme(tid, None, 1 << 30))
        top.setEnabled(t.parent_id is not None)
        descendants = self._descendants(tid, themes)
        for x in themes:
            if x.id != tid and x.id not in descendants and x.id != t.parent_id:
                under.addAction(
                    swatch(x.color), x.name, lambda x=x: self.move_theme(tid, x.id, 1 << 30)
                )
        merge = menu.addMenu("Merge into")
        for x in themes:
            if x.id != tid:
                merge.addAction(swatch(x.color), x.name, lambda x=x: self.merge_theme(tid, x.id))
        merge.setEnabled(len(themes) > 1)
        menu.addSeparator()
        menu.addAction("Delete…", lambda: self.delete_theme(tid))
        self._add_codebook_menu(menu)

    @staticmethod
    def _descendants(theme_id: int, themes: list[Theme]) -> set[int]:
        out, stack = set(), [theme_id]
        while stack:
            p = stack.pop()
            for x in themes:
                if x.parent_id == p and x.id not in out:
                    out.add(x.id)
                    stack.append(x.id)
        return out

    def _add_codebook_menu(self, menu: QtWidgets.QMenu) -> None:
        try:
            from briefing import codebook
        except ImportError:
            return
        starters = codebook.starter_codebooks()
        if not starters:
            return
        menu.addSeparator()
        sub = menu.addMenu("Add starter codebook")
        for key, title in starters.items():
            sub.addAction(title).triggered.connect(partial(self.add_codebook, key, title))
        menu.addAction("Import codebook (.qdc, .csv, .json)…", self.import_codebook_file)

    def import_codebook_file(self) -> None:
        from .interchange import import_codebook

        import_codebook(self._workspace, self)

    def add_codebook(self, name_or_path: str, title: str = "") -> None:
        from briefing import codebook
        from briefing.store import ProjectError

        try:
            themes = codebook.load_codebook(name_or_path)
        except (OSError, ValueError, ProjectError) as exc:
            prompts.error(self, "Cannot load the codebook", str(exc))
            return
        add_codebook_themes(self._workspace, themes, label=f"Add codebook {title or name_or_path}")
