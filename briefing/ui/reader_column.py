"""The reader's centred text column: zoom, a readable line width, and relayout when it changes.

A mixin of ``SourceReader``: the column is about ``reader/line_width``
characters wide, centred with viewport margins; the margins outside it show
the same base colour as the page.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from . import settings
from .fonts import reading_font


class ReaderColumn:
    # -- zoom and the text column --------------------------------------------------------

    def zoom_in(self) -> None:
        self.set_zoom(settings.get("reader/zoom") + 1)

    def zoom_out(self) -> None:
        self.set_zoom(settings.get("reader/zoom") - 1)

    def zoom_reset(self) -> None:
        self.set_zoom(0)

    def set_zoom(self, zoom: int) -> None:
        zoom = max(-6, min(24, zoom))
        settings.set("reader/zoom", zoom)
        self.setFont(reading_font(zoom))
        self._update_column()
        self.ensureCursorVisible()

    def _update_column(self) -> None:
        metrics = QFontMetricsF(self.font())
        column = (
            metrics.averageCharWidth() * settings.get("reader/line_width")
            + 2 * self.document().documentMargin()
        )
        scrollbar = self.verticalScrollBar().sizeHint().width()
        free = self.width() - scrollbar - column
        side = int(max(0, free / 2))
        margins = self.viewportMargins()
        if margins.left() != side or margins.right() != side:
            # QPlainTextEdit lays the document out to the viewport's width only in its own
            # resizeEvent; viewportEvent resends one when the viewport's width changes.
            self.setViewportMargins(side, 0, side, 0)
            self._relayout_if_needed()
            self.column_changed.emit(side, side)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Receives the viewport's resize events (QAbstractScrollArea)."""
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._laid_width = self.viewport().width()  # QPlainTextEdit relaid the text to it
        self._update_column()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._update_column()
        elif event.type() == QEvent.Type.PaletteChange:
            self.viewport().update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.set_zoom(settings.get("reader/zoom") + (1 if delta > 0 else -1))
            event.accept()
            return
        super().wheelEvent(event)

    def _relayout_if_needed(self) -> None:
        """Lay the document out to the viewport's width when a margin or scroll bar changed it."""
        if self._laid_width != self.viewport().width() and not self._relayouting:
            self._relayouting = True
            try:
                vp = self.viewport()
                QApplication.sendEvent(vp, QResizeEvent(vp.size(), QSize(-1, -1)))
            finally:
                self._relayouting = False
