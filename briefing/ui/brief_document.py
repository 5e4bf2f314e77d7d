"""The Write workspace's editor: the brief as one document, top to bottom.

Title block and marking, the bottom line, the key judgments (each a
``JudgmentCard`` with its supporting excerpts as quote cards beneath it), one
section per theme that has excerpts or a narrative (``SectionCard``: the
narrative, then the excerpts in brief order), and the sources the brief cites.
Themes with nothing to show yet are named in one line at the end of the
sections.

Every edit is an undoable command pushed through the workspace; typing is one
step per burst, as in the other editors. The document follows the project's
changes ``UPDATE_MS`` after the last one, and only while it is on screen (it
catches up when shown). Highlights come from the Brief panel's
``ProjectCache``; long excerpt lists load a page at a time (``quote_list``),
so the document stays quick with tens of thousands of highlights.
"""

from __future__ import annotations

from contextlib import suppress
from html import escape
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.events import Action, Change, Kind
from briefing.model import Judgment, Project, ThemeTree
from briefing.store.counts import included_counts

from . import commands, highlight_picker
from .brief_commits import commit_judgment_text, commit_narrative
from .brief_form import BriefForm
from .brief_preview import on_screen
from .judgment_card import JudgmentCard, tool_button
from .labels import source_label
from .project_cache import ProjectCache
from .quote_list import Card
from .section_card import SectionCard

if TYPE_CHECKING:
    from briefing.store import Store

    from .workspace import Workspace

UPDATE_MS = 120

_SECTION_FIELDS = frozenset({"name", "color", "parent_id", "position"})


def _heading(text: str, parent: QtWidgets.QWidget) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(f"<h3 style='margin:0'>{text}</h3>", parent)
    label.setContentsMargins(0, 10, 0, 2)
    return label


class BriefDocument(QtWidgets.QScrollArea):
    """See the module doc; emits ``edited`` while the analyst types."""

    edited = QtCore.Signal()

    def __init__(self, workspace: Workspace, cache: ProjectCache):
        super().__init__()
        self.setObjectName("briefDocument")
        self.setWidgetResizable(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self._workspace = workspace
        self._cache = cache
        self._shown = workspace.store
        self.judgment_cards: dict[int, JudgmentCard] = {}
        self.section_cards: dict[int, SectionCard] = {}
        self._dirty = {"judgments", "sections", "sources"}
        self._judgment_order: list[int] = []
        self._section_order: list[int] = []
        self._timer = QtCore.QTimer(self, singleShot=True, interval=UPDATE_MS)
        self._timer.timeout.connect(self.catch_up)

        body = QtWidgets.QWidget(self)
        body.setObjectName("briefDocumentBody")
        self.body = body
        col = QtWidgets.QVBoxLayout(body)
        col.setContentsMargins(12, 8, 12, 12)
        col.setSpacing(6)
        self.form = BriefForm(workspace, body, title_first=True)
        self.form.edited.connect(self.edited)
        col.addWidget(self.form)

        self.add_button = tool_button(body, "Add judgment", "Add a key judgment (Ctrl+J)")
        self.add_button.setShortcut(QtGui.QKeySequence("Ctrl+J"))
        self.add_button.clicked.connect(lambda _=False: self.add_judgment())
        row = QtWidgets.QHBoxLayout()
        row.addWidget(_heading("Key judgments", body))
        row.addStretch(1)
        row.addWidget(self.add_button)
        col.addLayout(row)
        self.no_judgments = QtWidgets.QLabel(
            "<i>No key judgment yet: Add judgment, then drop highlights on it.</i>", body
        )
        col.addWidget(self.no_judgments)
        self.judgments_box = QtWidgets.QVBoxLayout()
        self.judgments_box.setSpacing(8)
        col.addLayout(self.judgments_box)

        col.addWidget(_heading("Sections", body))
        self.sections_box = QtWidgets.QVBoxLayout()
        self.sections_box.setSpacing(8)
        col.addLayout(self.sections_box)
        self.empty_themes = QtWidgets.QLabel(body)
        self.empty_themes.setWordWrap(True)
        self.empty_themes.setEnabled(False)
        col.addWidget(self.empty_themes)

        col.addWidget(_heading("Sources", body))
        self.sources = QtWidgets.QLabel(body)
        self.sources.setObjectName("briefDocumentSources")
        self.sources.setWordWrap(True)
        self.sources.setTextFormat(QtCore.Qt.TextFormat.RichText)
        col.addWidget(self.sources)
        col.addStretch(1)
        self.setWidget(body)
        workspace.bridge.changed.connect(self._store_changed)

    # -- API ------------------------------------------------------------------------

    def _store(self) -> Store:
        return self._workspace.store

    def judgment_ids(self) -> list[int]:
        """The judgments shown, in brief order."""
        return list(self._judgment_order)

    def section_ids(self) -> list[int]:
        """The themes that have a section, in codebook order."""
        return list(self._section_order)

    def add_judgment(self, text: str = "") -> int | None:
        cmd = commands.AddJudgment(self._store(), text=text)
        if not self._workspace.push(cmd) or cmd.judgment_id is None:
            return None
        self.catch_up(force=True)
        self.focus_judgment(cmd.judgment_id)
        return cmd.judgment_id

    def focus_judgment(self, judgment_id: int) -> None:
        self.catch_up(force=True)
        card = self.judgment_cards.get(judgment_id)
        if card is not None:
            self._reveal(card)
            card.text.editor.setFocus()

    def focus_theme(self, theme_id: int) -> None:
        self.catch_up(force=True)
        card = self.section_cards.get(theme_id)
        if card is not None:
            self._reveal(card)
            card.narrative.editor.setFocus()

    def focus_field(self, name: str) -> None:
        """A field of the title block ("date", "marking"...) or "bottom_line"."""
        widget = self.form.bottom_line if name == "bottom_line" else self.form.fields.get(name)
        if widget is not None:
            self._reveal(widget)
        self.form.focus_field(name)

    def _reveal(self, widget: QtWidgets.QWidget) -> None:
        self.body.adjustSize()
        QtWidgets.QApplication.processEvents()  # lay out new cards before measuring
        top = widget.mapTo(self.body, QtCore.QPoint(0, 0)).y()
        bar = self.verticalScrollBar()
        if not bar.value() <= top <= bar.value() + self.viewport().height() - 40:
            bar.setValue(max(0, top - 20))

    def flush(self) -> None:
        self.form.flush()
        for card in self.judgment_cards.values():
            card.text.flush()
        for section in self.section_cards.values():
            section.narrative.flush()

    def apply_drafts(self, project: Project) -> None:
        """Put what is typed but not yet committed into ``project`` (for the preview)."""
        self.form.apply_drafts(project)
        drafts = {jid: c.text.draft() for jid, c in self.judgment_cards.items() if c.text.pending()}
        for j in project.judgments:
            if j.id in drafts:
                j.text = drafts[j.id]
        narratives = {
            tid: c.narrative.draft()
            for tid, c in self.section_cards.items()
            if c.narrative.pending()
        }
        for t in project.themes:
            if t.id in narratives:
                t.narrative = narratives[t.id]

    def reload(self) -> None:
        """Show the window's project again from scratch (another project was opened)."""
        self.flush()
        for cards in (self.judgment_cards, self.section_cards):
            for card in cards.values():
                card.setParent(None)
                card.deleteLater()
            cards.clear()
        self._shown = self._store()
        self.form.reload()
        self._dirty = {"judgments", "sections", "sources"}
        self._timer.start()

    # -- following the project -------------------------------------------------------

    def _store_changed(self, change: Change) -> None:
        if self._store().closed:
            return
        kind, fields = change.kind, set(change.fields)
        if kind == Kind.JUDGMENT:
            self._dirty.add("judgments")
        elif kind in (Kind.HIGHLIGHT, Kind.SOURCE):
            self._dirty |= {"judgments", "sections", "sources"}
        elif kind == Kind.EXCERPT_ORDER:
            self._dirty.add("sections")
        elif kind == Kind.THEME:
            if change.action == Action.CHANGED and fields and not fields & _SECTION_FIELDS:
                for tid in change.ids:  # a narrative typed here: show it, rebuild nothing
                    section = self.section_cards.get(tid)
                    if section is not None and "narrative" in fields:
                        with suppress(KeyError):
                            section.narrative.show_stored(self._store().theme(tid).narrative)
                if "narrative" not in fields:
                    return
            self._dirty.add("sections")
        elif kind == Kind.PROJECT:
            self._dirty |= {"judgments", "sections", "sources"}
        else:
            return
        self._timer.start()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._timer.start()

    def catch_up(self, force: bool = False) -> None:
        """Bring the cards up to date, when on screen (or ``force``)."""
        self._timer.stop()
        store = self._store()
        if store.closed or not self._dirty or not (force or on_screen(self)):
            return
        if store is not self._shown:
            self.reload()
        dirty, self._dirty = self._dirty, set()
        if "judgments" in dirty:
            self._show_judgments(store)
        if "sections" in dirty:
            self._show_sections(store)
        if "sources" in dirty:
            self._show_sources()

    def _card(self, hid: int, titles: dict[int, tuple[str, str]]) -> Card | None:
        h = self._cache.highlight(hid)
        if h is None:
            return None
        title, date = titles.get(h.source_id, ("", ""))
        return Card(hid, h.quote, title, date, h.note, h.included, h.orphan)

    def _titles(self) -> dict[int, tuple[str, str]]:
        return {s.id: (source_label(s), s.date) for s in self._cache.sources()}

    def _show_judgments(self, store: Store) -> None:
        judgments = store.judgments()
        titles = self._titles()
        keep = {j.id for j in judgments}
        for jid in [j for j in self.judgment_cards if j not in keep]:
            card = self.judgment_cards.pop(jid)
            card.text.flush()
            card.setParent(None)
            card.deleteLater()
        for n, j in enumerate(judgments, 1):
            card = self.judgment_cards.get(j.id) or self._new_judgment_card(j)
            self.judgments_box.insertWidget(n - 1, card)
            cards = [c for hid in j.support if (c := self._card(hid, titles)) is not None]
            card.show_judgment(n, len(judgments), j, cards)
        self.no_judgments.setVisible(not judgments)
        self._judgment_order = [j.id for j in judgments]

    def _new_judgment_card(self, j: Judgment) -> JudgmentCard:
        card = JudgmentCard(j.id, self._commit_judgment_text, self.body)
        card.setEnabled(not self._store().readonly)
        card.edited.connect(self.edited)
        card.field_chosen.connect(self._set_judgment_field)
        card.step.connect(self._step_judgment)
        card.remove.connect(
            lambda jid: self._workspace.push(commands.DeleteJudgment(self._store(), jid))
        )
        card.attach.connect(self._pick_support)
        card.support_dropped.connect(self.attach_support)
        card.support_moved.connect(self._support_moved)
        card.support_removed.connect(self.detach_support)
        card.reveal.connect(self._reveal_highlight)
        card.more.connect(lambda _jid: self._more_support())
        self.judgment_cards[j.id] = card
        return card

    def _show_sections(self, store: Store) -> None:
        tree = ThemeTree(store.themes())
        order = self._cache.excerpt_order()
        titles = self._titles()
        included = included_counts(store)  # one grouped query, not a look-up per excerpt
        shown: list[int] = []
        empty: list[str] = []
        for theme in tree.order():
            ids = order.get(theme.id, [])
            if not ids and not theme.narrative.strip():
                empty.append(theme.name)
                continue
            section = self.section_cards.get(theme.id)
            if section is None:
                section = self._new_section_card(theme.id)
            self.sections_box.insertWidget(len(shown), section)
            shown.append(theme.id)
            limit = section.excerpts.limit
            cards = [c for hid in ids[:limit] if (c := self._card(hid, titles)) is not None]
            n_in = included.get(theme.id, 0)
            section.show_section(theme, tree.depth(theme.id), cards, len(ids), n_in)
        for tid in [t for t in self.section_cards if t not in shown]:
            section = self.section_cards.pop(tid)
            section.narrative.flush()
            section.setParent(None)
            section.deleteLater()
        self.empty_themes.setText(
            "No excerpts yet: " + ", ".join(escape(n, quote=False) for n in empty) if empty else ""
        )
        self.empty_themes.setVisible(bool(empty))
        self._section_order = shown

    def _new_section_card(self, theme_id: int) -> SectionCard:
        section = SectionCard(theme_id, self._commit_narrative, self.body)
        section.setEnabled(not self._store().readonly)
        section.edited.connect(self.edited)
        section.toggled.connect(self.set_included)
        section.moved.connect(self._excerpt_moved)
        section.dropped.connect(self.tag_with_theme)
        section.reveal.connect(self._reveal_highlight)
        section.excerpts.more_requested.connect(self._more)
        self.section_cards[theme_id] = section
        return section

    def _more(self) -> None:
        self._dirty.add("sections")
        self.catch_up(force=True)

    def _more_support(self) -> None:
        self._dirty.add("judgments")
        self.catch_up(force=True)

    def _show_sources(self) -> None:
        cited: dict[int, None] = {}
        for h in self._cache.highlights():
            if h.included and not h.orphan and h.theme_ids:
                cited[h.source_id] = None
        rows = [
            f"{escape(source_label(s), quote=False)}"
            + (f" ({escape(s.date, quote=False)})" if s.date else "")
            for s in self._cache.sources()
            if s.id in cited
        ]
        self.sources.setText(
            "<ol style='margin:0'>" + "".join(f"<li>{r}</li>" for r in rows) + "</ol>"
            if rows
            else "<i>No source is cited yet: include tagged excerpts in the brief.</i>"
        )

    # -- edits ------------------------------------------------------------------------

    def _commit_judgment_text(self, judgment_id: int, text: str, burst: int) -> None:
        commit_judgment_text(self._workspace, self._shown, judgment_id, text, burst)

    def _commit_narrative(self, theme_id: int, text: str, burst: int) -> None:
        commit_narrative(self._workspace, self._shown, theme_id, text, burst)

    def _set_judgment_field(self, judgment_id: int, field: str, value: str) -> None:
        store = self._store()
        if getattr(store.judgment(judgment_id), field) != value:
            self._workspace.push(commands.EditJudgment(store, judgment_id, field, value))

    def _step_judgment(self, judgment_id: int, delta: int) -> None:
        ids = [j.id for j in self._store().judgments()]
        target = ids.index(judgment_id) + delta
        if 0 <= target < len(ids):
            self._workspace.push(commands.MoveJudgment(self._store(), judgment_id, target))

    def attach_support(self, judgment_id: int, highlight_ids: list[int]) -> None:
        store = self._store()
        current = list(store.judgment(judgment_id).support)
        new = [
            h
            for h in dict.fromkeys(highlight_ids)
            if h not in current and self._cache.highlight(h) is not None
        ]
        if new:
            self._workspace.push(commands.SetJudgmentSupport(store, judgment_id, current + new))

    def detach_support(self, judgment_id: int, highlight_id: int) -> None:
        store = self._store()
        current = list(store.judgment(judgment_id).support)
        if highlight_id in current:
            current.remove(highlight_id)
            self._workspace.push(commands.SetJudgmentSupport(store, judgment_id, current))

    def _support_moved(self, judgment_id: int, highlight_id: int, position: int) -> None:
        order = [h for h in self._store().judgment(judgment_id).support if h != highlight_id]
        order.insert(position, highlight_id)
        self._workspace.push(commands.SetJudgmentSupport(self._store(), judgment_id, order))

    def _pick_support(self, judgment_id: int) -> None:
        store = self._store()
        chosen = highlight_picker.pick_highlights(
            self, store, "Attach supporting excerpts", already=store.judgment(judgment_id).support
        )
        if chosen:
            self.attach_support(judgment_id, chosen)

    def set_included(self, highlight_id: int, included: bool) -> None:
        store = self._store()
        if store.highlight(highlight_id).included != included:
            self._workspace.push(commands.EditHighlight(store, highlight_id, "included", included))

    def _excerpt_moved(self, theme_id: int, highlight_id: int, position: int) -> None:
        store = self._store()
        order = [h for h in store.excerpt_order().get(theme_id, []) if h != highlight_id]
        order.insert(position, highlight_id)
        self._workspace.push(commands.SetExcerptOrder(store, theme_id, order))

    def tag_with_theme(self, theme_id: int, highlight_ids: list[int]) -> None:
        """Highlights dropped on a section: tag them with its theme (one undo step)."""
        store = self._store()
        new: dict[int, tuple[int, ...]] = {}
        for hid in dict.fromkeys(highlight_ids):
            h = self._cache.highlight(hid)
            if h is not None and theme_id not in h.theme_ids:
                new[hid] = (*h.theme_ids, theme_id)
        if new:
            name = store.theme(theme_id).name
            self._workspace.push(commands.SetHighlightThemes(store, new, f"Tag as {name}"))

    def _reveal_highlight(self, highlight_id: int) -> None:
        sel = self._workspace.selection
        sel.set_highlights([highlight_id])
        sel.reveal(highlight_id)
