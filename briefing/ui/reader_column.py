"""The reader's centred text column: zoom, a readable line width, and relayout when it changes.

``ReaderColumn`` is a helper the ``SourceReader`` owns and hands its resize,
change and wheel events to: the column is about ``reader/line_width``
characters wide, centred with viewport margins; the margins outside it show
the same base colour as the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from . import settings
from .fonts import reading_font

if TYPE_CHECKING:
    from .reader import SourceReader


class ReaderColumn:
    def __init__(self, reader: SourceReader):
        self._reader = reader
        self._laid_width = -1
        self._relayouting = False

    # -- zoom -----------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self.set_zoom(settings.get("reader/zoom") + 1)

    def zoom_out(self) -> None:
        self.set_zoom(settings.get("reader/zoom") - 1)

    def zoom_reset(self) -> None:
        self.set_zoom(0)

    def set_zoom(self, zoom: int) -> None:
        zoom = max(-6, min(24, zoom))
        settings.set("reader/zoom", zoom)
        self._reader.setFont(reading_font(zoom))
        self.update()
        self._reader.ensureCursorVisible()

    # -- the column -----------------------------------------------------------------------

    def update(self) -> None:
        reader = self._reader
        metrics = QFontMetricsF(reader.font())
        column = (
            metrics.averageCharWidth() * settings.get("reader/line_width")
            + 2 * reader.document().documentMargin()
        )
        scrollbar = reader.verticalScrollBar().sizeHint().width()
        free = reader.width() - scrollbar - column
        side = int(max(0, free / 2))
        margins = reader.viewportMargins()
        if margins.left() != side or margins.right() != side:
            # QPlainTextEdit lays the document out to the viewport's width only in its own
            # resizeEvent; viewportEvent resends one when the viewport's width changes.
            reader.setViewportMargins(side, 0, side, 0)
            self.relayout_if_needed()
            reader.column_changed.emit(side, side)

    def relayout_if_needed(self) -> None:
        """Lay the document out to the viewport's width when a margin or scroll bar changed it."""
        vp = self._reader.viewport()
        if self._laid_width != vp.width() and not self._relayouting:
            self._relayouting = True
            try:
                QApplication.sendEvent(vp, QResizeEvent(vp.size(), QSize(-1, -1)))
            finally:
                self._relayouting = False

    # -- events the reader hands over ---------------------------------------------------------

    def resized(self, event: QResizeEvent) -> None:
        """After the reader's own resizeEvent (which receives the viewport's resizes)."""
        if event.oldSize().width() != event.size().width():
            self._laid_width = self._reader.viewport().width()  # QPlainTextEdit relaid the text
        self.update()

    def changed(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.update()
        elif event.type() == QEvent.Type.PaletteChange:
            self._reader.viewport().update()

    def wheel(self, event: QWheelEvent) -> bool:
        """Ctrl+wheel zooms; True when the event was used."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        delta = event.angleDelta().y()
        if delta:
            self.set_zoom(settings.get("reader/zoom") + (1 if delta > 0 else -1))
        event.accept()
        return True
