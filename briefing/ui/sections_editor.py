"""One section of the brief per theme: its narrative and its excerpts.

The themes are listed in codebook order, sub-themes indented under their
parent, with how many of their excerpts go into the brief. For the chosen
theme: the narrative (Markdown, committed in debounced bursts) and its
excerpts, each with a check box (in the brief or left out) and dragged into
the order the brief shows them (``SetExcerptOrder``). Double-clicking an
excerpt shows it in its source.
"""
from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.compose import theme_parents
from briefing.model import Highlight, Project, Theme, codebook_order
from briefing.store import Change

from . import commands
from .brief_form import color_icon
from .brief_text import MarkdownField, commit_typing
from .highlight_picker import one_line
from .reorder_list import ID_ROLE, ReorderList

NAME, COUNT = range(2)


class SectionsEditor(QtWidgets.QWidget):
    """See the module doc; emits ``edited`` while the analyst types."""

    edited = QtCore.Signal()

    def __init__(self, window: Any, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sectionsEditor")
        self._window = window
        self._shown = window.bridge.store
        """The project shown (narratives are committed to it)."""
        self._themes: dict[int, Theme] = {}
        self._rebuilding = False

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
        self.narrative = MarkdownField(self._commit_narrative,
                                       "What this theme's evidence says (Markdown)",
                                       self.detail, lines=5)
        self.narrative.setObjectName("sectionNarrative")
        self.narrative.edited.connect(self.edited)
        self.excerpts_label = QtWidgets.QLabel(self.detail)
        self.excerpts_label.setWordWrap(True)
        self.excerpts = ReorderList(self.detail)
        self.excerpts.setObjectName("sectionExcerpts")
        self.excerpts.setToolTip("Untick to leave an excerpt out of the brief; drag to reorder; "
                                 "double-click to show it in its source")
        self.excerpts.setAlternatingRowColors(True)

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

        self._reload_timer = QtCore.QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self.reload)
        self.tree.currentItemChanged.connect(lambda *_: self._show_current())
        self.excerpts.itemChanged.connect(self._excerpt_toggled)
        self.excerpts.moved.connect(self._excerpt_moved)
        self.excerpts.itemActivated.connect(
            lambda item: self._window.selection.reveal(item.data(ID_ROLE)))

        window.bridge.changed.connect(self._store_changed)
        window.selection.themes_changed.connect(self._themes_selected)
        self.reload()

    # -- API ------------------------------------------------------------------------

    def _store(self):
        return self._window.bridge.store

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
            self._window.push(commands.EditHighlight(store, highlight_id, "included", included))

    def set_excerpt_order(self, theme_id: int, highlight_ids: list[int]) -> None:
        store = self._store()
        if store.excerpt_order().get(theme_id, []) != list(highlight_ids):
            self._window.push(commands.SetExcerptOrder(store, theme_id, highlight_ids))

    def flush(self) -> None:
        self.narrative.flush()

    def apply_drafts(self, project: Project) -> None:
        tid = self.narrative.key
        if tid is None:
            return
        for t in project.themes:
            if t.id == tid:
                t.narrative = self.narrative.draft()

    # -- edits ------------------------------------------------------------------------

    def _commit_narrative(self, theme_id: int, text: str, burst: int) -> None:
        store = self._shown
        if store.closed:
            return
        try:
            if store.theme(theme_id).narrative == text:
                return
        except KeyError:  # deleted meanwhile
            return
        commit_typing(self._window, store,
                      lambda s: commands.EditNarrative(s, theme_id, text, burst),
                      lambda s: s.update_theme(theme_id, narrative=text))

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
        """Rebuild the theme list (keeping the chosen theme) and the chosen section."""
        store = self._store()
        if store.closed:
            return
        if store is not self._shown:  # another project: nothing carries over
            self.narrative.set_target(None, "")
            self._shown = store
            self.tree.clear()
        current = self.current_theme_id()
        themes = codebook_order(store.themes())
        self._themes = {t.id: t for t in themes}
        parents = theme_parents(themes)
        order = store.excerpt_order()
        included = {h.id: h.included and not h.orphan for h in store.highlights()}
        self._rebuilding = True
        try:
            self.tree.clear()
            items: dict[int, QtWidgets.QTreeWidgetItem] = {}
            for t in themes:
                ids = order.get(t.id, [])
                n_in = sum(1 for h in ids if included.get(h))
                parent = items.get(parents[t.id]) if parents[t.id] is not None else None
                item = QtWidgets.QTreeWidgetItem(parent or self.tree)
                item.setText(NAME, t.name)
                item.setIcon(NAME, color_icon(t.color, 12))
                item.setData(NAME, ID_ROLE, t.id)
                item.setText(COUNT, f"{n_in} of {len(ids)}" if ids else "—")
                item.setToolTip(NAME, t.description or t.name)
                item.setToolTip(COUNT, f"{n_in} of its {len(ids)} excerpts go into the brief")
                if t.narrative.strip():
                    font = item.font(NAME)
                    font.setBold(True)
                    item.setFont(NAME, font)
                items[t.id] = item
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
        self.heading.setText(f'<span style="color:{t.color}">■</span> <b>{_esc(t.name)}</b>'
                             " — narrative")
        if self.narrative.key != t.id:  # stored changes arrive in _store_changed
            self.narrative.set_target(t.id, t.narrative)
        self._show_excerpts(t)

    def _show_excerpts(self, t: Theme) -> None:
        store = self._store()
        ids = store.excerpt_order().get(t.id, [])
        by_id: dict[int, Highlight] = {h.id: h for h in store.highlights() if h.id in set(ids)}
        sources = {s.id: s.title for s in store.sources()}
        current = self.excerpts.current_id()
        self._rebuilding = True
        try:
            self.excerpts.clear()
            for hid in ids:
                h = by_id.get(hid)
                if h is None:
                    continue
                text = f"“{one_line(h.quote, 200)}”\n     — {sources.get(h.source_id, '')}"
                if h.note.strip():
                    text += f" · {one_line(h.note, 60)}"
                item = QtWidgets.QListWidgetItem(text)
                item.setData(ID_ROLE, hid)
                item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(QtCore.Qt.CheckState.Checked if h.included
                                   else QtCore.Qt.CheckState.Unchecked)
                tip = h.quote + (f"\n\nNote: {h.note}" if h.note else "")
                if h.orphan:
                    item.setForeground(QtGui.QBrush(QtGui.QColor("#888888")))
                    tip = ("Not found in its source after re-import: left out of the brief."
                           "\n\n" + tip)
                elif not h.included:
                    item.setForeground(QtGui.QBrush(QtGui.QColor("#888888")))
                item.setToolTip(tip)
                self.excerpts.addItem(item)
            if current is not None:
                self.excerpts.select_id(current)
        finally:
            self._rebuilding = False
        n = len(ids)
        n_in = sum(1 for h in by_id.values() if h.included and not h.orphan)
        self.excerpts_label.setText(
            f"Excerpts: {n_in} of {n} in the brief — untick to leave one out, drag to reorder"
            if n else "No highlight is tagged with this theme yet.")

    def _themes_selected(self, theme_ids) -> None:
        ids = tuple(theme_ids or ())
        if len(ids) == 1 and ids[0] != self.current_theme_id():
            self.select_theme(ids[0])

    def _store_changed(self, change: Change) -> None:
        if self._store().closed:
            return
        if change.kind == "theme" and change.action == "changed" and \
                set(change.fields) <= {"narrative", "description"}:
            tid = self.current_theme_id()
            for theme_id in change.ids:  # a narrative typed here: no rebuild of the list
                try:
                    t = self._store().theme(theme_id)
                except KeyError:
                    continue
                self._themes[theme_id] = t
                if theme_id == tid:
                    self.narrative.show_stored(t.narrative)
            self._reload_timer.start()
        elif change.kind in ("theme", "highlight", "source", "project"):
            self._reload_timer.start()


def _esc(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
