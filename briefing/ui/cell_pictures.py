"""Table cells painted from a picture of their last paint.

Qt's item delegate lays out a cell's text and draws its check box again at every
paint (a Fusion check box alone costs about 80 µs), and the Highlights table
repaints every cell in view at each key press: its new row shifts the rows below.
This delegate paints a plain cell (not selected, focused or hovered: those are few
and change as the user clicks) once into a transparent picture and then copies it,
until the cell's values change (the picture is kept with them, so a changed
highlight drops it) or its size does; the panel drops every picture when the style,
palette, font or direction change. The row's background (alternate colour) is
painted by the view under it, so a row that moves keeps its picture.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from .roles import AnyIndex

PICTURE = -1
"""The key of a cell's picture among its values (no Qt role is negative)."""

_S = QtWidgets.QStyle.StateFlag
_NOT_PLAIN = (_S.State_Selected | _S.State_HasFocus | _S.State_MouseOver | _S.State_Editing).value
_KEPT = (_S.State_Enabled | _S.State_Active).value


class CellPictures(QtWidgets.QStyledItemDelegate):
    """Paints each cell from a picture kept in the cell's values (see the module)."""

    LIMIT = 800
    """The most cells holding a picture at once (about 200 rows of 4 columns)."""

    def __init__(
        self,
        values_of: Callable[[AnyIndex], dict[int, Any] | None],
        parent: QtCore.QObject | None = None,
    ):
        super().__init__(parent)
        self._values_of = values_of
        self._pictured: OrderedDict[int, dict[int, Any]] = OrderedDict()
        """id of a cell's values -> the values: the cells holding a picture, oldest first."""

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: AnyIndex,
    ) -> None:
        state = option.state.value
        values = self._values_of(index) if not state & _NOT_PLAIN else None
        rect = option.rect
        width, height = rect.width(), rect.height()
        if values is None or width <= 0 or height <= 0:
            super().paint(painter, option, index)
            return
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        look = (width, height, ratio, state & _KEPT)
        held = values.get(PICTURE)
        if held is None or held[0] != look:
            held = values[PICTURE] = (look, self._picture(option, index, ratio))
            self._note(values)
        painter.drawPixmap(rect.topLeft(), held[1])

    def _picture(
        self, option: QtWidgets.QStyleOptionViewItem, index: AnyIndex, ratio: float
    ) -> QtGui.QPixmap:
        rect = option.rect
        picture = QtGui.QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(QtCore.Qt.GlobalColor.transparent)
        local = QtWidgets.QStyleOptionViewItem(option)
        local.rect = QtCore.QRect(0, 0, rect.width(), rect.height())
        painter = QtGui.QPainter(picture)
        try:
            super().paint(painter, local, index)
        finally:
            painter.end()
        return picture

    def _note(self, values: dict[int, Any]) -> None:
        pictured = self._pictured
        pictured[id(values)] = values
        pictured.move_to_end(id(values))
        while len(pictured) > self.LIMIT:
            _, oldest = pictured.popitem(last=False)
            oldest.pop(PICTURE, None)

    def pictured(self) -> int:
        """How many cells hold a picture."""
        return sum(PICTURE in values for values in self._pictured.values())

    def forget(self) -> None:
        """Drop every picture (the style, palette, font or direction changed)."""
        for values in self._pictured.values():
            values.pop(PICTURE, None)
        self._pictured.clear()
