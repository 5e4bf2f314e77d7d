"""A list whose drag-to-reorder becomes an undoable command instead of a row move.

``ReorderList`` never moves its own rows: a drop emits ``moved(item id,
position)`` (the position among the other items, as ``Store.move_judgment``
takes it) after the drag has finished, and the owner pushes a command; the
list is then redrawn from the store. With ``accept_highlights`` it also
takes drags of highlights (``highlight_picker.highlight_ids``) and emits
``highlights_dropped(target item id or None, highlight ids)``.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from .highlight_picker import highlight_ids
from .roles import ID_ROLE


class ReorderList(QtWidgets.QListWidget):
    moved = QtCore.Signal(object, int)
    highlights_dropped = QtCore.Signal(object, list)

    def __init__(self, parent: QtWidgets.QWidget | None = None, accept_highlights: bool = False):
        super().__init__(parent)
        self.accept_highlights = accept_highlights
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(QtCore.Qt.DropAction.MoveAction)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)

    # -- ids ------------------------------------------------------------------------

    def ids(self) -> list:
        return [self.item(r).data(ID_ROLE) for r in range(self.count())]

    def current_id(self):
        item = self.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def select_id(self, item_id) -> bool:
        for r in range(self.count()):
            if self.item(r).data(ID_ROLE) == item_id:
                self.setCurrentRow(r)
                return True
        return False

    def drop_row(self, pos: QtCore.QPoint) -> int:
        """The row a drop at viewport point ``pos`` inserts before (0..count)."""
        item = self.itemAt(pos)
        if item is None:
            return self.count()
        rect = self.visualItemRect(item)
        row = self.row(item)
        return row + (1 if pos.y() >= rect.center().y() else 0)

    def position_after_drop(self, moved_id, row: int) -> int:
        """``row`` (among all items) as a position among the items other than ``moved_id``."""
        ids = self.ids()
        return sum(1 for i in ids[:row] if i != moved_id)

    # -- drag and drop --------------------------------------------------------------

    def _dropped_highlights(self, event) -> list[int]:
        if not self.accept_highlights or event.source() is self:
            return []
        return highlight_ids(event.mimeData())

    def _consider_drag(self, event, inherited) -> None:
        """Highlights from elsewhere are linked; our own rows move; anything else is refused."""
        if self._dropped_highlights(event):
            event.setDropAction(
                QtCore.Qt.DropAction.LinkAction
                if event.possibleActions() & QtCore.Qt.DropAction.LinkAction
                else QtCore.Qt.DropAction.CopyAction
            )
            event.accept()
        elif event.source() is self:
            inherited(event)
        else:
            event.ignore()

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        self._consider_drag(event, super().dragEnterEvent)

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        self._consider_drag(event, super().dragMoveEvent)

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        pos = event.position().toPoint()
        ids = self._dropped_highlights(event)
        if ids:
            item = self.itemAt(pos)
            target = item.data(ID_ROLE) if item is not None else None
            event.setDropAction(QtCore.Qt.DropAction.CopyAction)
            event.accept()
            QtCore.QTimer.singleShot(0, lambda: self.highlights_dropped.emit(target, ids))
            return
        if event.source() is not self:
            event.ignore()
            return
        moved = self.current_id()
        # the view must not move or remove rows itself: the store decides the order
        event.setDropAction(QtCore.Qt.DropAction.IgnoreAction)
        event.accept()
        self.setState(QtWidgets.QAbstractItemView.State.NoState)
        self.viewport().update()
        if moved is None:
            return
        position = self.position_after_drop(moved, self.drop_row(pos))
        if position == self.ids().index(moved):
            return
        QtCore.QTimer.singleShot(0, lambda: self.moved.emit(moved, position))
