"""Table cells painted from pictures of earlier paints.

Qt's item delegate lays out a cell's text and draws its check box again at every
paint (about 60 µs a cell in the Fusion style), and the Highlights table repaints
every cell in view at each key press: its new row shifts the rows below. This
delegate keeps pictures of plain cells (not selected, focused or hovered: those
are few and change as the user clicks), shared by every cell that shows the same
thing at the same size: the check boxes, a source's name, a set of themes, an
empty note are drawn once for the whole list. A picture is made the second time
its content is painted (a quote seen once, as the list jumps to a far row, costs
no more than without pictures). Content is compared by what the cell shows, so a
changed highlight gets its new picture and a row that moves keeps its own. The
row's background (alternate colour) is painted by the view under it. The panel
drops every picture when the style, palette, font or direction change.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from .roles import AnyIndex

CONTENT = -1
"""The key of what a cell shows, among its values (no Qt role is negative)."""

_R = QtCore.Qt.ItemDataRole
_SHOWN = tuple(
    role.value
    for role in (
        _R.DisplayRole,
        _R.CheckStateRole,
        _R.DecorationRole,
        _R.ForegroundRole,
        _R.BackgroundRole,
        _R.FontRole,
        _R.TextAlignmentRole,
    )
)
"""The roles that decide how a cell looks."""
_S = QtWidgets.QStyle.StateFlag
_NOT_PLAIN = (_S.State_Selected | _S.State_HasFocus | _S.State_MouseOver | _S.State_Editing).value
_KEPT = (_S.State_Enabled | _S.State_Active).value


def content_key(values: dict[int, Any]) -> tuple:
    """What a cell shows, as a key: equal for cells that paint the same."""
    key: list[Hashable] = []
    for role in _SHOWN:
        value = values.get(role)
        if value is None:
            continue
        if isinstance(value, QtGui.QPixmap):
            value = ("pixmap", value.cacheKey())
        elif isinstance(value, QtGui.QBrush):
            value = ("brush", value.color().rgba(), value.style().value)
        elif isinstance(value, QtGui.QFont):
            value = ("font", value.key())
        elif not isinstance(value, Hashable):
            value = repr(value)
        key.append((role, value))
    return tuple(key)


class CellPictures(QtWidgets.QStyledItemDelegate):
    """Paints plain cells from shared pictures (see the module)."""

    LIMIT = 600
    """The most pictures kept (the oldest used is dropped first)."""

    def __init__(
        self,
        values_of: Callable[[AnyIndex], dict[int, Any] | None],
        parent: QtCore.QObject | None = None,
    ):
        super().__init__(parent)
        self._values_of = values_of
        self._pictures: OrderedDict[tuple, QtGui.QPixmap | None] = OrderedDict()
        """(content, size and state) -> its picture, None while it was painted once."""

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
        content = values.get(CONTENT)
        if content is None:
            content = values[CONTENT] = content_key(values)
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        key = (content, width, height, ratio, state & _KEPT)
        pictures = self._pictures
        if key not in pictures:  # painted once as it is: no picture yet
            pictures[key] = None
            self._trim()
            super().paint(painter, option, index)
            return
        picture = pictures[key]
        if picture is None:  # painted again the same: worth a picture
            picture = pictures[key] = self._picture(option, index, ratio)
        pictures.move_to_end(key)
        painter.drawPixmap(rect.x(), rect.y(), picture)

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

    def _trim(self) -> None:
        while len(self._pictures) > self.LIMIT:
            self._pictures.popitem(last=False)

    def pictured(self) -> int:
        """How many pictures are kept."""
        return sum(p is not None for p in self._pictures.values())

    def forget(self) -> None:
        """Drop every picture (the style, palette, font or direction changed)."""
        self._pictures.clear()
