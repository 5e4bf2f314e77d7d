"""One line of text that changes often without moving anything around it.

A ``QLabel`` asks its layout for room again at each new text, and the layout asks
its parents, up to the dock, which lays out its title bar again (the Fusion style
reads its buttons' icons from files each time): about a millisecond at every pick
of a highlight. This label keeps one size hint, cuts its text to the width it is
given, and only repaints itself."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets


class LineLabel(QtWidgets.QWidget):
    def __init__(self, text: str = "", parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self.setText(text)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self.setAccessibleName(text)
        self.setToolTip(text)
        self.update()

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(120, self.fontMetrics().height() + 2)

    def minimumSizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(0, self.fontMetrics().height() + 2)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        shown = self.fontMetrics().elidedText(
            self._text, QtCore.Qt.TextElideMode.ElideRight, self.width()
        )
        painter.setPen(self.palette().color(self.foregroundRole()))
        flags = QtCore.Qt.AlignmentFlag.AlignVCenter | QtCore.Qt.AlignmentFlag.AlignLeading
        painter.drawText(self.rect(), int(flags.value), shown)
        painter.end()
