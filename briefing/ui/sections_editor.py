"""One section of the brief per theme: its narrative and its excerpts.

The themes are listed in codebook order, sub-themes indented under their
parent, with how many of their excerpts go into the brief. For the chosen
theme: the narrative (Markdown, committed in debounced bursts) and its
excerpts, each with a check box (in the brief or left out) and dragged into
the order the brief shows them (``SetExcerptOrder``). Double-clicking an
excerpt shows it in its source.

The editor follows the project's changes without rebuilding from the whole
project: a highlight change updates the counts of the themes that highlight
has or had, and the excerpt list when the chosen theme is one of them. The
updates wait ``UPDATE_MS`` after the last change, and nothing is done while
the Brief dock is not on screen (behind another dock's tab, closed): it
catches up when shown (``catch_up``). Highlights come from the Brief
panel's ``ProjectCache`` (kept in memory, updated from the change events).
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.events import Action, Change, Kind
from briefing.model import Highlight, Project, Theme, ThemeTree, codebook_order

from . import commands
from .brief_commits import commit_narrative
from .brief_form import color_icon
from .brief_preview import dock_on_screen
from .brief_text import MarkdownField
from .labels import one_line
from .project_cache import ProjectCache
from .reorder_list import ReorderList
from .roles import ID_ROLE

if TYPE_CHECKING:
    from briefing.store import Store

    from .workspace import Workspace

NAME, COUNT = range(2)

UPDATE_MS = 120
"""Delay after the last change before the list is brought up to date."""

_LIST_FIELDS = frozenset({"name", "color", "parent_id", "position"})
"""Theme fields shown in the list (a change to another field rebuilds nothing)."""


class SectionsEditor(QtWidgets.QWidget):
    """See the module doc; emits ``edited`` while the analyst types."""

    edited = QtCore.Signal()

    def __init__(
        self,
        workspace: Workspace,
        parent: QtWidgets.QWidget | None = None,
        cache: ProjectCache | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("sectionsEditor")
        self._workspace = workspace
        self._shown = workspace.store
        """The project shown (narratives are committed to it)."""
        self._cache = cache if cache is not None else workspace.cache
        self._themes: dict[int, Theme] = {}
        self._items: dict[int, QtWidgets.QTreeWidgetItem] = {}
        self._links: dict[int, tuple[tuple[int, ...], bool]] | None = None
        """highlight id -> (its themes, whether it goes into the brief); None: to load."""
        self._total: Counter[int] = Counter()
        self._in: Counter[int] = Counter()
        self._rebuilding = False
        self._dirty_tree = True
        self._dirty_ids: set[int] = set()
        self._dirty_order: set[int] = set()
        self._dirty_rows = False

        self.tree = QtWidgets.QTreeWidget(self)
        self.tree.setObjectName("sectionsThemes")
        self.tree.setHeaderLabels(["Section (theme)", "In brief"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(14)
        line = self.fontMetrics().lineSpacing()
        self.tree.setMinimumHeight(line * 6 + 16)
        head = self.tree.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(NAME, QtWidgets.QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(COUNT, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)

        self.detail = QtWidgets.QWidget(self)
        self.heading = QtWidgets.QLabel(self.detail)
        self.heading.setTextFormat(QtCore.Qt.TextFormat.RichText)
        hint = "What this theme's evidence says (Markdown)"
        self.narrative = MarkdownField(self._commit_narrative, hint, self.detail, lines=5)
        self.narrative.setObjectName("sectionNarrative")
        self.narrative.edited.connect(self.edited)
        self.excerpts_label = QtWidgets.QLabel(self.detail)
        self.excerpts_label.setWordWrap(True)
        self.excerpts = ReorderList(self.detail)
        self.excerpts.setObjectName("sectionExcerpts")
        self.excerpts.setToolTip(
            "Untick to leave an excerpt out of the brief; drag to reorder; "
            "double-click to show it in its source"
        )
        self.excerpts.setAlternatingRowColors(True)
        # thousands of word-wrapped rows: lay them out a batch per event-loop pass
        self.excerpts.setLayoutMode(QtWidgets.QListView.LayoutMode.Batched)
        self.excerpts.setBatchSize(100)

        d = QtWidgets.QVBoxLayout(self.detail)
        d.setContentsMargins(0, 4, 0, 0)
        d.setSpacing(4)
        d.addWidget(self.heading)
        d.addWidget(self.narrative, 2)
        d.addWidget(self.excerpts_label)
        d.addWidget(self.excerpts, 3)

        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical, self)
        split.addWidget(self.tree)
        split.addWidget(self.detail)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(split, 1)

        self._update_timer = QtCore.QTimer(self, singleShot=True, interval=UPDATE_MS)
        self._update_timer.timeout.connect(self.catch_up)
        self.tree.currentItemChanged.connect(lambda *_: self._show_current())
        self.excerpts.itemChanged.connect(self._excerpt_toggled)
        self.excerpts.moved.connect(self._excerpt_moved)
        self.excerpts.itemActivated.connect(
            lambda item: self._workspace.selection.reveal(item.data(ID_ROLE))
        )

        workspace.bridge.changed.connect(self._store_changed)
        workspace.selection.themes_changed.connect(self._themes_selected)
        self.catch_up()  # builds the list now when on screen, else when shown

    # -- API ------------------------------------------------------------------------

    def _store(self) -> Store:
        return self._workspace.store

    def current_theme_id(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(NAME, ID_ROLE) if item is not None else None

    def theme_ids(self) -> list[int]:
        """The themes listed, in codebook order."""
        out = []
        it = QtWidgets.QTreeWidgetItemIterator(self.tree)
        while it.value():
            out.append(it.value().data(NAME, ID_ROLE))
            it += 1
        return out

    def select_theme(self, theme_id: int) -> bool:
        it = QtWidgets.QTreeWidgetItemIterator(self.tree)
        while it.value():
            if it.value().data(NAME, ID_ROLE) == theme_id:
                self.tree.setCurrentItem(it.value())
                return True
            it += 1
        return False

    def excerpt_ids(self) -> list[int]:
        return self.excerpts.ids()

    def set_included(self, highlight_id: int, included: bool) -> None:
        store = self._store()
        if store.highlight(highlight_id).included != included:
            self._workspace.push(commands.EditHighlight(store, highlight_id, "included", included))

    def set_excerpt_order(self, theme_id: int, highlight_ids: list[int]) -> None:
        store = self._store()
        if store.excerpt_order().get(theme_id, []) != list(highlight_ids):
            self._workspace.push(commands.SetExcerptOrder(store, theme_id, highlight_ids))

    def flush(self) -> None:
        self.narrative.flush()

    def apply_drafts(self, project: Project) -> None:
        tid = self.narrative.key
        if tid is None or self._shown is not self._store():
            return
        for t in project.themes:
            if t.id == tid:
                t.narrative = self.narrative.draft()

    # -- edits ------------------------------------------------------------------------

    def _commit_narrative(self, theme_id: int, text: str, burst: int) -> None:
        commit_narrative(self._workspace, self._shown, theme_id, text, burst)

    def _excerpt_toggled(self, item: QtWidgets.QListWidgetItem) -> None:
        if self._rebuilding:
            return
        hid = item.data(ID_ROLE)
        self.set_included(hid, item.checkState() == QtCore.Qt.CheckState.Checked)

    def _excerpt_moved(self, hid: int, position: int) -> None:
        tid = self.current_theme_id()
        if tid is None:
            return
        order = [h for h in self.excerpts.ids() if h != hid]
        order.insert(position, hid)
        self.set_excerpt_order(tid, order)
        self.excerpts.select_id(hid)

    # -- showing the project -----------------------------------------------------------

    def reload(self) -> None:
        """Rebuild the theme list (keeping the chosen theme) and the chosen section now."""
        store = self._store()
        if store.closed:
            return
        self._update_timer.stop()
        if store is not self._shown:  # another project: nothing carries over
            self.narrative.set_target(None, "")
            self._shown = store
            self.tree.clear()
            self._items = {}
        self._links = None
        self._dirty_ids.clear()
        self._dirty_order.clear()
        self._dirty_rows = False
        self._load_links()
        self._rebuild_tree()

    def pending(self) -> bool:
        """Whether changes wait for ``catch_up``."""
        return (
            self._links is None
            or self._shown is not self._store()
            or self._dirty_tree
            or self._dirty_rows
            or bool(self._dirty_ids or self._dirty_order)
        )

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if self.pending():  # now: a caller choosing the tab selects a theme next
            self.catch_up()

    def catch_up(self) -> None:
        """Bring the list up to date with the changes since the last update, when the
        Brief dock is on screen and its tab chosen (else later: ``showEvent``)."""
        self._update_timer.stop()
        store = self._store()
        if store.closed or not self.isVisible() or not dock_on_screen(self):
            return
        if store is not self._shown or self._links is None:
            self.reload()
            return
        changed = set(self._dirty_ids)
        touched = self._apply_highlights()
        touched |= self._dirty_order
        self._dirty_order.clear()
        every_row, self._dirty_rows = self._dirty_rows, False
        if self._dirty_tree:
            self._rebuild_tree()
            return
        for tid in touched:
            self._show_count(tid)
        current = self.current_theme_id()
        t = self._themes.get(current) if current is not None else None
        if t is not None and (current in touched or every_row):
            self._show_excerpts(t, refresh=None if every_row else changed)

    def _load_links(self) -> None:
        self._links = {
            h.id: (h.theme_ids, h.included and not h.orphan) for h in self._cache.highlights()
        }
        self._total = Counter(t for themes, _ in self._links.values() for t in themes)
        self._in = Counter(t for themes, counted in self._links.values() if counted for t in themes)

    def _apply_highlights(self) -> set[int]:
        """Update the counts for the highlights changed since; the themes they touched."""
        ids, self._dirty_ids = self._dirty_ids, set()
        touched: set[int] = set()
        if not ids or self._links is None:
            return touched
        if len(ids) > ProjectCache.REFETCH_LIMIT:  # a bulk change: count everything again
            self._load_links()
            return set(self._themes)
        for hid in ids:
            old = self._links.pop(hid, None)
            if old is not None:
                for t in old[0]:
                    self._total[t] -= 1
                    self._in[t] -= old[1]
                touched.update(old[0])
            h = self._cache.highlight(hid)
            if h is not None:
                new = (h.theme_ids, h.included and not h.orphan)
                self._links[hid] = new
                for t in new[0]:
                    self._total[t] += 1
                    self._in[t] += new[1]
                touched.update(new[0])
        return touched

    def _show_count(self, tid: int) -> None:
        item = self._items.get(tid)
        if item is None:
            return
        n, n_in = self._total[tid], self._in[tid]
        item.setText(COUNT, f"{n_in} of {n}" if n else "—")
        item.setToolTip(COUNT, f"{n_in} of its {n} excerpts go into the brief")

    def _show_theme(self, item: QtWidgets.QTreeWidgetItem, t: Theme) -> None:
        item.setToolTip(NAME, t.description or t.name)
        font = item.font(NAME)
        font.setBold(bool(t.narrative.strip()))
        item.setFont(NAME, font)

    def _rebuild_tree(self) -> None:
        self._dirty_tree = False
        current = self.current_theme_id()
        themes = codebook_order(self._store().themes())
        self._themes = {t.id: t for t in themes}
        parents = ThemeTree(themes).parents()
        self._rebuilding = True
        try:
            self.tree.clear()
            items: dict[int, QtWidgets.QTreeWidgetItem] = {}
            for t in themes:
                parent_id = parents[t.id]
                parent = items.get(parent_id) if parent_id is not None else None
                item = QtWidgets.QTreeWidgetItem(parent or self.tree)
                item.setText(NAME, t.name)
                item.setIcon(NAME, color_icon(t.color, 12))
                item.setData(NAME, ID_ROLE, t.id)
                self._show_theme(item, t)
                items[t.id] = item
            self._items = items
            for t in themes:
                self._show_count(t.id)
            self.tree.expandAll()
            if not (current is not None and self.select_theme(current)):
                first = self.tree.topLevelItem(0)
                if first is not None:
                    self.tree.setCurrentItem(first)
        finally:
            self._rebuilding = False
        self._show_current()

    def _show_current(self) -> None:
        if self._rebuilding:
            return
        tid = self.current_theme_id()
        t = self._themes.get(tid) if tid is not None else None
        self.detail.setEnabled(t is not None)
        if t is None:
            self.heading.setText("<i>The codebook has no themes yet.</i>")
            self.narrative.set_target(None, "")
            self.excerpts.clear()
            self.excerpts_label.clear()
            return
        name = escape(t.name, quote=False)
        self.heading.setText(f'<span style="color:{t.color}">■</span> <b>{name}</b> — narrative')
        if self.narrative.key != t.id:  # stored changes arrive in _store_changed
            self.narrative.set_target(t.id, t.narrative)
        self._show_excerpts(t, rebuild=True)

    def _excerpt_item(
        self, h: Highlight, sources: dict[int, str], item: QtWidgets.QListWidgetItem | None = None
    ) -> QtWidgets.QListWidgetItem:
        text = f"“{one_line(h.quote, 200)}”\n     — {sources.get(h.source_id, '')}"
        if h.note.strip():
            text += f" · {one_line(h.note, 60)}"
        if item is None:
            item = QtWidgets.QListWidgetItem(text)
            item.setData(ID_ROLE, h.id)
            item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
        elif item.text() != text:
            item.setText(text)
        state = QtCore.Qt.CheckState.Checked if h.included else QtCore.Qt.CheckState.Unchecked
        if item.checkState() != state:
            item.setCheckState(state)
        tip = h.quote + (f"\n\nNote: {h.note}" if h.note else "")
        if h.orphan:
            item.setForeground(QtGui.QBrush(QtGui.QColor("#888888")))
            tip = "Not found in its source after re-import: left out of the brief.\n\n" + tip
        elif not h.included:
            item.setForeground(QtGui.QBrush(QtGui.QColor("#888888")))
        else:
            item.setData(QtCore.Qt.ItemDataRole.ForegroundRole, None)
        item.setToolTip(tip)
        return item

    def _show_excerpts(
        self, t: Theme, rebuild: bool = False, refresh: set[int] | None = None
    ) -> None:
        """Show ``t``'s excerpts: rows added, removed and the rows of ``refresh`` (None:
        every row) redrawn in place, or, when ``rebuild`` or the order changed, the whole
        list built again."""
        cache = self._cache
        order = cache.excerpt_order().get(t.id, [])
        found = {hid: h for hid in order if (h := cache.highlight(hid)) is not None}
        ids = list(found)
        sources = {s.id: s.title for s in cache.sources()}
        current = self.excerpts.current_id()
        self._rebuilding = True
        try:
            shown = [] if rebuild else self.excerpts.ids()
            wanted = set(ids)
            kept = [hid for hid in shown if hid in wanted]
            had = set(kept)
            if rebuild or kept != [hid for hid in ids if hid in had]:
                self.excerpts.clear()
                for hid in ids:
                    self.excerpts.addItem(self._excerpt_item(found[hid], sources))
            else:
                for row in range(len(shown) - 1, -1, -1):
                    if shown[row] not in wanted:
                        self.excerpts.takeItem(row)
                for row, hid in enumerate(ids):
                    h = found[hid]
                    if hid in had:
                        if refresh is None or hid in refresh:
                            self._excerpt_item(h, sources, self.excerpts.item(row))
                    else:
                        self.excerpts.insertItem(row, self._excerpt_item(h, sources))
            if current is not None and current != self.excerpts.current_id():
                self.excerpts.select_id(current)
        finally:
            self._rebuilding = False
        n, n_in = (
            len(ids),
            sum(1 for hid in ids if self._links and self._links.get(hid, ((), False))[1]),
        )
        self.excerpts_label.setText(
            f"Excerpts: {n_in} of {n} in the brief — untick to leave one out, drag to reorder"
            if n
            else "No highlight is tagged with this theme yet."
        )

    def _themes_selected(self, theme_ids) -> None:
        ids = tuple(theme_ids or ())
        if len(ids) == 1 and ids[0] != self.current_theme_id():
            self.select_theme(ids[0])

    def _store_changed(self, change: Change) -> None:
        if self._store().closed:
            return
        kind, action, fields = change.kind, change.action, set(change.fields)
        if kind == Kind.HIGHLIGHT:
            self._dirty_ids.update(change.ids)
        elif kind == Kind.EXCERPT_ORDER:
            self._dirty_order.update(change.ids)
        elif (
            kind == Kind.THEME and action == Action.CHANGED and fields and not fields & _LIST_FIELDS
        ):
            tid = self.current_theme_id()
            for theme_id in change.ids:  # a narrative typed here: no rebuild of the list
                try:
                    t = self._store().theme(theme_id)
                except KeyError:
                    continue
                self._themes[theme_id] = t
                item = self._items.get(theme_id)
                if item is not None:
                    self._show_theme(item, t)
                if theme_id == tid and "narrative" in fields:
                    self.narrative.show_stored(t.narrative)
            return
        elif kind == Kind.THEME:
            self._dirty_tree = True
        elif kind == Kind.SOURCE:
            self._dirty_rows = True  # titles shown under the excerpts
        elif kind == Kind.PROJECT:
            self._links = None
        else:
            return
        self._update_timer.start()
