"""The live preview of the brief: the composed tree rendered as Qt-preview HTML.

``BriefPreview`` is a QTextBrowser that never loads a resource (no file, no
URL, no image: ``loadResource`` returns nothing) and never follows a link by
itself. Clicking an excerpt's quote (an ``excerpt:{highlight id}`` link, see
``briefing.render.html``) emits ``excerpt_clicked(highlight_id)``; ``#name``
links scroll to the brief's own anchors; http(s) and mailto links open in the
system browser. ``show_html`` keeps the scroll position across refreshes. A
big text is read a slice per turn of the event loop into a new document
(``preview_slices``) that then replaces the shown one; either way Qt lays the
text out in steps on later turns of the event loop (a big preview would
otherwise hold the window for a few hundred milliseconds), and the position is
put back as soon as the laid-out part reaches it (a preview scrolled to its
end follows the end) unless the reader scrolls first.

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

import contextlib
import heapq

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.brief.compose import compose
from briefing.brief.doc import BriefDoc
from briefing.brief.markup import escape
from briefing.model import Highlight, Project
from briefing.render import html as _html
from briefing.render.html import PREVIEW_EXCERPT_SCHEME

from .preview_slices import ClosedDocument, SliceLoader, slices

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
        # Qt's own document would read a file: URL itself once this view says nothing
        self.setDocument(ClosedDocument(self))
        self.document().setDocumentMargin(12)
        self.anchorClicked.connect(self._link)
        self._html = ""
        self._restore: int | None = None
        self._loading = False
        """Scroll position to put back once laid out (-1: the end); None: none."""
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(lambda *_: self._put_back())
        bar.actionTriggered.connect(self._scrolled_by_user)
        self._slices = SliceLoader(self)
        self._slices.done.connect(self._swap)

    def loadResource(self, type_: int, name: QtCore.QUrl | str) -> None:
        return None  # nothing local, nothing remote, never

    def show_html(self, html: str) -> bool:
        """Show ``html`` keeping the scroll position (a big text a moment later, once
        read: ``loading()``); False when it was already shown."""
        if html == self._html:
            return False
        self._html = html
        pieces = slices(html)
        if len(pieces) > 1:
            self._slices.load(pieces)
            return True
        self._slices.cancel()
        self._keep_position()
        self._loading = True  # setHtml ends scrolling to the cursor, at the top
        try:
            self.setHtml(html)  # laid out in steps from here (see the module doc)
        finally:
            self._loading = False
        self._put_back()
        return True

    def loading(self) -> bool:
        """Whether a big text is still being read in (``show_html``)."""
        return self._slices.loading()

    def _swap(self, doc: QtGui.QTextDocument) -> None:
        self._keep_position()
        old = self.document()
        self._loading = True
        try:
            self.setDocument(doc)
        finally:
            self._loading = False
        if old.parent() is self:  # one of ours (Qt keeps it)
            old.deleteLater()
        self._put_back()

    def _keep_position(self) -> None:
        bar = self.verticalScrollBar()
        if self._restore is None:  # else the last text is still being laid out: same target
            self._restore = -1 if bar.value() >= bar.maximum() > 0 else bar.value()

    def _put_back(self) -> None:
        """Scroll to the position kept by ``show_html`` as far as the layout allows."""
        target = self._restore
        if target is None:
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum() if target < 0 else min(target, bar.maximum()))
        if 0 <= target <= bar.maximum() and not self._loading:
            self._restore = None

    def _scrolled_by_user(self, _action: int) -> None:
        self._restore = None

    def _link(self, url: QtCore.QUrl) -> None:
        if url.scheme() == PREVIEW_EXCERPT_SCHEME:
            with contextlib.suppress(ValueError):
                self.excerpt_clicked.emit(int(url.path()))
        elif not url.scheme() and url.hasFragment():
            self._restore = None
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
