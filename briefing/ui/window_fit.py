"""Keep the main window inside the screen it is on.

The first size is nine tenths of the screen's available geometry (the screen
less panels and docks), at least ``DEFAULT_SIZE`` where the screen has room
for it and at most ``LARGEST_FIRST_SIZE``; a restored geometry saved on a larger
screen is clamped the same way. This is done in code, so it holds where no
window manager maximises or constrains the window.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = QSize(1280, 820)
LARGEST_FIRST_SIZE = QSize(1920, 1200)


def available(widget: QWidget) -> QRect | None:
    """The available geometry of the widget's screen (the primary one before it is shown)."""
    screen: QScreen | None = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def clamp_to_screen(widget: QWidget, area: QRect | None = None) -> None:
    """Shrink and move ``widget`` (a top-level window) so its frame fits ``area``."""
    area = area if area is not None else available(widget)
    if area is None or area.isEmpty():
        return
    frame, inner = widget.frameGeometry(), widget.geometry()
    extra_w = max(frame.width() - inner.width(), 0)
    extra_h = max(frame.height() - inner.height(), 0)
    width = min(inner.width(), area.width() - extra_w)
    height = min(inner.height(), area.height() - extra_h)
    minimum = widget.minimumSize()
    width, height = max(width, min(minimum.width(), area.width())), max(height, 1)
    if (width, height) != (inner.width(), inner.height()):
        widget.resize(width, height)
    frame = widget.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        widget.move(max(x, area.left()), max(y, area.top()))


def initial_size(widget: QWidget) -> QSize:
    """Nine tenths of the available screen area (at most ``LARGEST_FIRST_SIZE``), never
    less than ``DEFAULT_SIZE`` unless the screen itself is smaller."""
    area = available(widget)
    if area is None or area.isEmpty():
        return DEFAULT_SIZE
    roomy = QSize(area.width() * 9 // 10, area.height() * 9 // 10).boundedTo(LARGEST_FIRST_SIZE)
    return roomy.expandedTo(DEFAULT_SIZE).boundedTo(area.size())


SETTLE_MS = (0, 150, 600)
"""After a show, clamp again once the window manager has added its frame (on X11 the
frame's size is known only after the window is mapped)."""


def settle_on_screen(widget: QWidget) -> None:
    """Clamp now and again shortly after (see ``SETTLE_MS``)."""
    clamp_to_screen(widget)
    for ms in SETTLE_MS:
        QTimer.singleShot(ms, widget, lambda: clamp_to_screen(widget))
