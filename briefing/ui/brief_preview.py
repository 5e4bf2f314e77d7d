"""The live preview of the brief: the composed tree rendered as Qt-preview HTML.

``BriefPreview`` is a QTextBrowser that never loads a resource (no file, no
URL, no image: ``loadResource`` returns nothing) and never follows a link by
itself. Clicking an excerpt's quote (an ``excerpt:{highlight id}`` link, see
``briefing.render.html``) emits ``excerpt_clicked(highlight_id)``; ``#name``
links scroll to the brief's own anchors; http(s) and mailto links open in the
system browser. ``show_html`` keeps the scroll position across refreshes.

A big brief is previewed shortened (``preview_html``): beyond about
``PREVIEW_EXCERPTS`` excerpts in all, each theme section shows its first few
(the same number for every theme) followed by a "… N more in the exported
brief" line, and a note under the title says so. Only the preview
is shortened; ``compose`` and every export are unchanged. To stay fast, the
preview composes a reduced copy of the project holding those excerpts (plus
whatever keeps the source numbering and the chart as in the full brief).

``ProjectCache`` keeps the project's highlights, sources and excerpt order in
memory, up to date from the store's change events, so a refresh does not
reload every highlight (``Store.load_project``) after each change.

``on_screen(widget)`` / ``dock_on_screen(widget)`` tell whether a widget /
its dock is shown to the user: Qt keeps a dock that sits behind another
dock's tab "visible" (off screen), so ``isVisible()`` is not enough.
"""

from __future__ import annotations

import bisect
import contextlib
import heapq
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.brief.compose import compose
from briefing.brief.doc import BriefDoc
from briefing.brief.markup import escape
from briefing.events import Action, Change, Kind
from briefing.model import Highlight, Project, Source
from briefing.render import html as _html
from briefing.render.html import PREVIEW_EXCERPT_SCHEME

PREVIEW_EXCERPTS = 600
"""About how many excerpts the preview shows at most (the exported brief has all):
when the brief has more, each theme section shows its first ``PREVIEW_EXCERPTS``
divided among the themes that have excerpts (``PREVIEW_PER_THEME`` at least).
Qt lays a preview of 600 excerpts out in about 100 ms, of 1,800 in 350 ms."""

PREVIEW_PER_THEME = 20
"""The fewest excerpts a shortened preview shows per theme."""

PREVIEW_APPENDIX_PARAGRAPHS = 200
"""Appendix paragraphs shown per source in a shortened preview."""


def dock_on_screen(widget: QtWidgets.QWidget) -> bool:
    """Whether the dock holding ``widget`` (its window when it is in none) is shown to the
    user: visible and not behind another dock's tab (Qt moves such a dock off screen but
    keeps it "visible"). ``widget`` itself may be on a tab not chosen."""
    w: QtWidgets.QWidget | None = widget
    while w is not None and not isinstance(w, QtWidgets.QDockWidget):
        w = w.parentWidget()
    target = w if w is not None else widget.window()
    return target.isVisible() and not target.visibleRegion().isEmpty()


def on_screen(widget: QtWidgets.QWidget) -> bool:
    """Whether ``widget`` can be seen: visible, with something of it on screen, in a
    dock that is shown (``dock_on_screen``)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty() and dock_on_screen(widget)


# -- the project, kept in memory -------------------------------------------------------


def _key(h: Highlight) -> tuple[int, int, int, int]:
    return (h.source_id, h.start, h.end, h.id)


class ProjectCache:
    """The open project's highlights, sources and excerpt order, loaded on first use and
    kept up to date by ``apply(change)`` (cheap: it only notes what to fetch again)."""

    REFETCH_LIMIT = 200
    """Above this many highlights to fetch again, everything is reloaded at once."""

    def __init__(self, store_of: Any):
        self._store_of = store_of  # () -> the window's current store
        self._store = None
        self.reset()

    def reset(self) -> None:
        """Forget everything (loaded again on next use)."""
        self._highlights: dict[int, Highlight] | None = None
        self._sorted: list[Highlight] = []
        self._refetch: set[int] = set()
        self._order: dict[int, list[int]] | None = None
        self._sources: list[Source] | None = None

    @property
    def loaded(self) -> bool:
        return self._highlights is not None

    def _current(self):
        store = self._store_of()
        if store is not self._store:
            self._store = store
            self.reset()
        return store

    def apply(self, change: Change) -> None:
        """Note what ``change`` made stale."""
        if self._store_of() is not self._store:
            self.reset()
            return
        kind, action, fields = change.kind, change.action, set(change.fields)
        if kind == Kind.HIGHLIGHT:
            if self._highlights is not None:
                self._refetch.update(change.ids)
            if action != Action.CHANGED or not fields or "theme_ids" in fields:
                self._order = None
        elif kind == Kind.EXCERPT_ORDER:
            self._order = None
        elif kind == Kind.THEME:
            if action == Action.CHANGED and fields and not fields & {"position", "parent_id"}:
                return  # name, colour, narrative...: not kept here
            self._order = None
            self._highlights = None  # added, removed, merged, moved: links and their order
        elif kind == Kind.SOURCE:
            self._sources = None
            if action != Action.CHANGED or not fields or "text" in fields:
                self._highlights = None
        elif kind == Kind.PROJECT:
            self.reset()

    def highlights(self) -> list[Highlight]:
        """Every highlight, in the store's order (source, start, end, id); do not modify."""
        store = self._current()
        if self._highlights is None or len(self._refetch) > self.REFETCH_LIMIT:
            self._sorted = store.highlights()
            self._highlights = {h.id: h for h in self._sorted}
            self._refetch.clear()
            return self._sorted
        rows = self._sorted
        for hid in self._refetch:
            old = self._highlights.pop(hid, None)
            try:
                new = store.highlight(hid)
            except KeyError:
                new = None
            if old is not None:
                i = bisect.bisect_left(rows, _key(old), key=_key)
                if i < len(rows) and rows[i].id == hid:
                    del rows[i]
            if new is not None:
                self._highlights[hid] = new
                bisect.insort(rows, new, key=_key)
        self._refetch.clear()
        return rows

    def highlight(self, highlight_id: int) -> Highlight | None:
        self.highlights()
        assert self._highlights is not None
        return self._highlights.get(highlight_id)

    def excerpt_order(self) -> dict[int, list[int]]:
        store = self._current()
        if self._order is None:
            self._order = store.excerpt_order()
        return self._order

    def sources(self) -> list[Source]:
        store = self._current()
        if self._sources is None:
            self._sources = [store.source(s.id) for s in store.sources()]
        return self._sources

    def project(self) -> Project:
        """The whole project as ``Store.load_project`` gives it; the brief, themes and
        judgments are read afresh (the editors put their drafts into them)."""
        store = self._current()
        return Project(
            brief=store.brief(),
            sources=list(self.sources()),
            themes=store.themes(),
            highlights=list(self.highlights()),
            judgments=store.judgments(),
            excerpt_order={t: list(ids) for t, ids in self.excerpt_order().items()},
        )


# -- the shortened preview ---------------------------------------------------------------


def _shorten(project: Project, cap: int | None = None) -> tuple[Project, dict[int, int], int]:
    """A copy of ``project`` with fewer highlights, whose brief starts each theme section
    with the same ``cap`` excerpts as the full brief (same order, same source numbers),
    theme id -> how many excerpts the preview leaves out (empty: nothing shortened),
    and ``cap`` (None: worked out from ``PREVIEW_EXCERPTS``).

    Kept: each theme's first ``cap`` excerpts (compose's order: the analyst's order,
    then source, then position), each theme's first excerpt from every source (so
    sources are numbered in the same first-citation order), judgments' support, and
    the highlights left out of the brief (they count in the chart)."""
    sources = {s.id: (s.position, s.id) for s in project.sources}
    themes = {t.id for t in project.themes}
    members: dict[int, list[Highlight]] = {}
    for h in project.highlights:
        if h.included and not h.orphan and h.source_id in sources:
            for tid in dict.fromkeys(h.theme_ids):
                if tid in themes:
                    members.setdefault(tid, []).append(h)
    if cap is None:
        if sum(len(hs) for hs in members.values()) <= PREVIEW_EXCERPTS:
            return project, {}, PREVIEW_EXCERPTS
        cap = max(PREVIEW_PER_THEME, PREVIEW_EXCERPTS // len(members))
    if all(len(hs) <= cap for hs in members.values()):
        return project, {}, cap
    keep: set[int] = set()
    more: dict[int, int] = {}
    for tid, hs in members.items():
        if len(hs) <= cap:
            keep.update(h.id for h in hs)
            continue
        rank = {hid: i for i, hid in enumerate(project.excerpt_order.get(tid, ()))}
        far = len(rank)
        # unique: they end with the highlight id
        keys = [(rank.get(h.id, far), sources[h.source_id], h.start, h.id) for h in hs]
        keep.update(k[-1] for k in heapq.nsmallest(cap, keys))
        first: dict[int, tuple] = {}
        # each source's first excerpt here: the source numbering
        for h, k in zip(hs, keys, strict=True):
            if h.source_id not in first or k < first[h.source_id]:
                first[h.source_id] = k
        keep.update(k[-1] for k in first.values())
        more[tid] = len(hs) - cap
    for j in project.judgments:
        keep.update(j.support)
    kept = [
        h
        for h in project.highlights
        if h.id in keep or not h.included or h.orphan or h.source_id not in sources
    ]
    short = Project(
        brief=project.brief,
        sources=project.sources,
        themes=project.themes,
        highlights=kept,
        judgments=project.judgments,
        excerpt_order=project.excerpt_order,
    )
    return short, more, cap


def _chart_counts(project: Project) -> dict[int, int]:
    """theme id -> highlights tagged with it, as the full brief's chart counts them."""
    sources = {s.id for s in project.sources}
    counts: dict[int, int] = {}
    for h in project.highlights:
        if not h.orphan and h.source_id in sources:
            for tid in set(h.theme_ids):
                counts[tid] = counts.get(tid, 0) + 1
    return counts


class _ShortenedPreview(_html.BriefHtml):
    """The preview renderer, plus the lines that say what the preview leaves out."""

    def __init__(self, doc: BriefDoc, more_after: dict[str, int], note: str):
        super().__init__(doc, True)
        self._more_after = more_after
        self._note = note

    def title_block(self) -> None:
        super().title_block()
        if self._note:
            self.w(f'<p style="color:#8a5a00; font-size:small"><i>{escape(self._note)}</i></p>\n')

    def excerpt(self, e, level: int) -> None:
        super().excerpt(e, level)
        n = self._more_after.get(e.anchor)
        if n:
            self.w(
                f'<p style="color:#555"><i>… {n:,} more excerpt{"s" if n != 1 else ""} '
                "in the exported brief</i></p>\n"
            )


def preview_html(project: Project, cap: int | None = None) -> str:
    """The preview's HTML for ``project`` (compose once, render for Qt); a theme with more
    than ``cap`` excerpts shows its first ``cap`` (None: a brief of more than
    ``PREVIEW_EXCERPTS`` excerpts is shortened to about that many; see the module doc)."""
    short, more, cap = _shorten(project, cap)
    doc = compose(short)
    if not more:
        return _html.render_html(doc, for_preview=True)
    more_after: dict[str, int] = {}
    for s in doc.walk_sections():
        n = more.get(s.theme_id)
        if n and len(s.excerpts) >= cap:
            del s.excerpts[cap:]
            more_after[s.excerpts[-1].anchor] = n
    if doc.chart:
        counts = _chart_counts(project)
        for bar in doc.chart:
            bar.count = counts.get(bar.theme_id, bar.count)
    if doc.appendix is not None:
        for src in doc.appendix.sources:
            if len(src.paragraphs) > PREVIEW_APPENDIX_PARAGRAPHS:
                del src.paragraphs[PREVIEW_APPENDIX_PARAGRAPHS:]
                src.note = (src.note + " " if src.note else "") + (
                    f"The preview shows the first {PREVIEW_APPENDIX_PARAGRAPHS} paragraphs "
                    "and marks the previewed excerpts only; the exported brief has them all."
                )
    hidden = sum(more.values())
    note = (
        f"Preview shortened: each theme shows its first {cap:,} excerpts "
        f"({hidden:,} more are in the exported brief, which has them all)."
    )
    return _ShortenedPreview(doc, more_after, note).render()


# -- the view ---------------------------------------------------------------------------


class BriefPreview(QtWidgets.QTextBrowser):
    """Read-only view of the rendered brief; see the module doc."""

    excerpt_clicked = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("briefPreview")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setPlaceholderText("The brief's preview")
        self.document().setDocumentMargin(12)
        self.anchorClicked.connect(self._link)
        self._html = ""

    def loadResource(self, type_: int, name: QtCore.QUrl | str) -> None:
        return None  # nothing local, nothing remote, never

    def show_html(self, html: str) -> bool:
        """Show ``html`` keeping the scroll position; False when it was already shown."""
        if html == self._html:
            return False
        bar = self.verticalScrollBar()
        value, at_end = bar.value(), bar.value() >= bar.maximum() > 0
        self._html = html
        self.setHtml(html)
        self.document().documentLayout().documentSize()  # lay out now, so the range is known
        bar.setValue(bar.maximum() if at_end else value)
        if bar.value() != value and not at_end:  # the layout finishes later for big briefs
            QtCore.QTimer.singleShot(0, lambda: bar.setValue(value))
        return True

    def _link(self, url: QtCore.QUrl) -> None:
        if url.scheme() == PREVIEW_EXCERPT_SCHEME:
            with contextlib.suppress(ValueError):
                self.excerpt_clicked.emit(int(url.path()))
        elif not url.scheme() and url.hasFragment():
            self.scrollToAnchor(url.fragment())
        elif url.scheme() in ("http", "https", "mailto"):
            QtGui.QDesktopServices.openUrl(url)

    def excerpt_at(self, pos: QtCore.QPoint) -> int | None:
        """The highlight id of the excerpt link under viewport point ``pos``, if any."""
        href = self.anchorAt(pos)
        prefix = PREVIEW_EXCERPT_SCHEME + ":"
        if href.startswith(prefix) and href[len(prefix) :].isdigit():
            return int(href[len(prefix) :])
        return None
