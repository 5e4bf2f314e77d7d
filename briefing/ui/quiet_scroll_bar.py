"""Scroll bars that repaint only when their look changes.

An item view sets its scroll bars' range and steps again whenever its rows change.
A plain ``QScrollBar`` repaints at each of those calls even when nothing it shows
moved, and the scroll area lays its children out again at each new range, raising
both scroll bars, which repaints them (about a millisecond each in the Fusion style,
at every key press that adds a highlight to the Highlights list). Here a scroll bar
compares the handle's place and the ends it can reach with the ones last painted,
and the scroll area lays out again only when a scroll bar is to be shown or hidden.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

_Change = QtWidgets.QAbstractSlider.SliderChange
_QUIET = (_Change.SliderRangeChange, _Change.SliderStepsChange)


class QuietScrollBar(QtWidgets.QScrollBar):
    """A scroll bar that repaints only when its look changes, and then from a picture
    of its last paint when only its surroundings were repainted (raised, exposed)."""

    def __init__(self, orientation: QtCore.Qt.Orientation, parent: QtWidgets.QWidget | None = None):
        super().__init__(orientation, parent)
        self._painted: tuple | None = None
        self._picture: QtGui.QPixmap | None = None
        self._picture_of: tuple | None = None
        # it paints every pixel: what is under it is not painted first
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def _option(self) -> tuple[QtWidgets.QStyleOptionSlider, tuple]:
        """The style option to paint it with (no part hovered or pressed), and its look."""
        option = QtWidgets.QStyleOptionSlider()
        self.initStyleOption(option)
        option.subControls = QtWidgets.QStyle.SubControl.SC_All
        option.activeSubControls = QtWidgets.QStyle.SubControl.SC_None
        handle = self.style().subControlRect(
            QtWidgets.QStyle.ComplexControl.CC_ScrollBar,
            option,
            QtWidgets.QStyle.SubControl.SC_ScrollBarSlider,
            self,
        )
        value, low, high = self.value(), self.minimum(), self.maximum()
        look = (handle.getRect(), value <= low, value >= high, low == high, self.isEnabled())
        return option, look

    def sliderChange(self, change: QtWidgets.QAbstractSlider.SliderChange) -> None:
        if change in _QUIET and self._painted is not None and self._option()[1] == self._painted:
            return  # the same handle in the same place: nothing to repaint
        super().sliderChange(change)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        option, look = self._option()
        self._painted = look
        if self.underMouse() or self.isSliderDown():  # a part may be hovered or pressed
            self._picture_of = None
            painter = QtGui.QPainter(self)  # (opaque: what the style leaves is filled)
            painter.fillRect(self.rect(), self.palette().color(QtGui.QPalette.ColorRole.Window))
            painter.end()
            super().paintEvent(event)
            return
        ratio = self.devicePixelRatioF()
        key = (look, self.size().toTuple(), ratio, self.palette().cacheKey(), self.style())
        if self._picture is None or key != self._picture_of:
            picture = QtGui.QPixmap(self.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            picture.fill(self.palette().color(QtGui.QPalette.ColorRole.Window))
            painter = QtGui.QPainter(picture)
            self.style().drawComplexControl(
                QtWidgets.QStyle.ComplexControl.CC_ScrollBar, option, painter, self
            )
            painter.end()
            self._picture, self._picture_of = picture, key
        painter = QtGui.QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        painter.end()


_LAYOUT = "_q_showOrHideScrollBars"
"""The scroll area's (private) slot that lays it out again when a range changes; if
a Qt version has no such slot, the bars keep Qt's own connection."""


def quiet_scroll_bars(view: QtWidgets.QAbstractScrollArea) -> None:
    """Give ``view`` scroll bars that repaint only when their look changes."""
    for bar in (
        QuietScrollBar(QtCore.Qt.Orientation.Vertical, view),
        QuietScrollBar(QtCore.Qt.Orientation.Horizontal, view),
    ):
        if bar.orientation() == QtCore.Qt.Orientation.Vertical:
            view.setVerticalScrollBar(bar)
        else:
            view.setHorizontalScrollBar(bar)
        if view.metaObject().indexOfSlot(f"{_LAYOUT}()") < 0:
            continue  # (asking to disconnect a missing slot would print a warning)
        signal = QtCore.SIGNAL("rangeChanged(int,int)")
        if QtCore.QObject.disconnect(bar, signal, view, QtCore.SLOT(f"{_LAYOUT}()")):
            bar.rangeChanged.connect(_LayoutWhenShownChanges(view, bar))


class _LayoutWhenShownChanges:
    """Lays ``view`` out again when ``bar``'s range starts or stops being empty."""

    def __init__(self, view: QtWidgets.QAbstractScrollArea, bar: QtWidgets.QScrollBar):
        self.view = view
        self.scrolls = bar.maximum() > bar.minimum()

    def __call__(self, low: int, high: int) -> None:
        scrolls = high > low
        if scrolls != self.scrolls:
            self.scrolls = scrolls
            QtCore.QMetaObject.invokeMethod(
                self.view, _LAYOUT, QtCore.Qt.ConnectionType.QueuedConnection
            )
