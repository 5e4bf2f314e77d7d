"""The live preview of the brief: the composed tree rendered as Qt-preview HTML.

``BriefPreview`` is a QTextBrowser that never loads a resource (no file, no
URL, no image: ``loadResource`` returns nothing) and never follows a link by
itself. Clicking an excerpt's quote (an ``excerpt:{highlight id}`` link, see
``briefing.render.html``) emits ``excerpt_clicked(highlight_id)``; ``#name``
links scroll to the brief's own anchors; http(s) and mailto links open in the
system browser. ``show_html`` keeps the scroll position across refreshes.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.compose import compose
from briefing.model import Project
from briefing.render.html import PREVIEW_EXCERPT_SCHEME, render_html


def preview_html(project: Project) -> str:
    """The preview's HTML for ``project`` (compose once, render for Qt)."""
    return render_html(compose(project), for_preview=True)


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

    def loadResource(self, type_: int, name: QtCore.QUrl):  # noqa: N802 (Qt API)
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
            try:
                self.excerpt_clicked.emit(int(url.path()))
            except ValueError:
                pass
        elif not url.scheme() and url.hasFragment():
            self.scrollToAnchor(url.fragment())
        elif url.scheme() in ("http", "https", "mailto"):
            QtGui.QDesktopServices.openUrl(url)

    def excerpt_at(self, pos: QtCore.QPoint) -> int | None:
        """The highlight id of the excerpt link under viewport point ``pos``, if any."""
        href = self.anchorAt(pos)
        prefix = PREVIEW_EXCERPT_SCHEME + ":"
        if href.startswith(prefix) and href[len(prefix):].isdigit():
            return int(href[len(prefix):])
        return None
