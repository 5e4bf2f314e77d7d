"""The codebook tree of the Themes panel: its item model and its view (drops become moves)."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from .roles import ID_ROLE

NAME, KEY, COUNT = range(3)

PALETTE_NAMES = {
    "#E69F00": "Orange",
    "#56B4E9": "Sky blue",
    "#009E73": "Bluish green",
    "#F0E442": "Yellow",
    "#0072B2": "Blue",
    "#D55E00": "Vermillion",
    "#CC79A7": "Reddish purple",
    "#999999": "Grey",
}


class CodebookModel(QtGui.QStandardItemModel):
    """The tree's items; drops are turned into move commands by the view, so the
    model itself never moves rows on a drop."""

    def supportedDropActions(self) -> QtCore.Qt.DropAction:
        return QtCore.Qt.DropAction.MoveAction

    def canDropMimeData(self, *args) -> bool:
        return True

    def dropMimeData(self, *args) -> bool:
        return False


class CodebookView(QtWidgets.QTreeView):
    """The codebook tree; a drop becomes ``theme_dropped(theme id, parent id, position)``."""

    theme_dropped = QtCore.Signal(int, object, int)

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(QtCore.Qt.DropAction.MoveAction)

    def drop_position(self, point: QtCore.QPoint):
        """(target index, where) for a drop at ``point``, by the rule Qt's own
        drop indicator follows: the top or bottom edge of a row means between
        rows, its middle means onto it."""
        P = QtWidgets.QAbstractItemView.DropIndicatorPosition
        index = self.indexAt(point)
        if not index.isValid():
            return index, P.OnViewport
        rect = self.visualRect(index)
        margin = int(max(2, min(rect.height() / 5.5, 12)))
        if point.y() - rect.top() < margin:
            return index, P.AboveItem
        if rect.bottom() - point.y() < margin:
            return index, P.BelowItem
        return index, P.OnItem

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        model = self.model()
        internal = event.source() in (self, None) and any(
            event.mimeData().hasFormat(f) for f in model.mimeTypes()
        )
        dragged = [i.data(ID_ROLE) for i in self.selectedIndexes() if i.column() == NAME]
        target, where = self.drop_position(event.position().toPoint())
        super().dropEvent(event)  # cleans up the view; the model refuses the data
        event.setDropAction(QtCore.Qt.DropAction.IgnoreAction)
        event.ignore()
        if not internal or len(dragged) != 1:
            return
        moved = dragged[0]
        P = QtWidgets.QAbstractItemView.DropIndicatorPosition
        target = target.siblingAtColumn(NAME) if target.isValid() else target
        if not target.isValid() or where == P.OnViewport:
            parent_id, position = None, 1 << 30
        elif where == P.OnItem:
            parent_id, position = target.data(ID_ROLE), 1 << 30
        else:
            parent = target.parent()
            parent_id = parent.data(ID_ROLE) if parent.isValid() else None
            siblings = [
                model.index(r, NAME, parent).data(ID_ROLE) for r in range(model.rowCount(parent))
            ]
            siblings = [s for s in siblings if s != moved]
            tid = target.data(ID_ROLE)
            if tid == moved:
                return
            position = siblings.index(tid) + (1 if where == P.BelowItem else 0)
        if parent_id == moved:
            return
        # after the drag's own event loop has finished with the model's indexes
        QtCore.QTimer.singleShot(0, lambda: self.theme_dropped.emit(moved, parent_id, position))
