"""Quote cards in the Write document: a judgment's support or a section's excerpts.

A ``QuoteList`` is a ``ReorderList`` (drag to reorder, drop highlights in) that
grows to its content instead of scrolling, since it sits in the document's own
scroll area. Each card shows the quote, its source and the source's date, and
the note when there is one. Long lists load lazily: the first ``PAGE`` cards,
then a "Show more" row that adds the next page when clicked, so a section of
thousands of excerpts costs only what is on screen.

With ``checkable`` each card has a check box (in the brief or left out):
``toggled(highlight id, checked)``. Delete (or the context menu) emits
``remove_requested(highlight id)``; a double click ``activated_id(highlight id)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore, QtGui, QtWidgets

from .highlight_picker import highlight_ids
from .labels import one_line
from .reorder_list import ReorderList
from .roles import ID_ROLE

PAGE = 30
"""Cards shown at first, and added by each "Show more"."""

MORE = -1
"""The id of the "Show more" row."""

GREY = QtGui.QColor("#888888")


@dataclass(frozen=True)
class Card:
    highlight_id: int
    quote: str
    source: str
    date: str = ""
    note: str = ""
    included: bool = True
    orphan: bool = False

    def text(self) -> str:
        cite = " · ".join(x for x in (self.source, self.date) if x)
        line = f"“{one_line(self.quote, 240)}”\n     — {cite}"
        if self.note.strip():
            line += f"\n     Note: {one_line(self.note, 120)}"
        return line


class QuoteList(ReorderList):
    toggled = QtCore.Signal(int, bool)
    more_requested = QtCore.Signal()
    """"Show more" was clicked: ``limit`` grew, the owner gives the cards again."""
    remove_requested = QtCore.Signal(int)
    activated_id = QtCore.Signal(int)

    def __init__(
        self, parent: QtWidgets.QWidget | None = None, checkable: bool = False, removable: str = ""
    ):
        super().__init__(parent, accept_highlights=True)
        self.checkable = checkable
        self.remove_text = removable
        """The context menu's remove entry ("" for none)."""
        self.cards: list[Card] = []
        self.total = 0
        self.limit = PAGE
        self._filling = False
        self.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QtWidgets.QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        self.setAlternatingRowColors(True)  # one card from the next
        self.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.itemChanged.connect(self._item_changed)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._activated)

    # -- content ----------------------------------------------------------------------

    def ids(self) -> list:
        """The highlight ids shown (the "Show more" row left out)."""
        return [i for i in super().ids() if i != MORE]

    def set_cards(self, cards: list[Card], total: int | None = None) -> None:
        """Show ``cards`` (the first ``limit`` of ``total``; the owner may give only
        those); unchanged cards are not redrawn."""
        total = len(cards) if total is None else total
        if cards == self.cards and total == self.total and self.count():
            return
        self.cards = list(cards)
        self.total = total
        current = self.current_id()
        self._filling = True
        try:
            self.clear()
            for card in self.cards[: self.limit]:
                self.addItem(self._item(card))
            hidden = total - min(self.limit, len(self.cards))
            if hidden > 0:
                more = QtWidgets.QListWidgetItem(f"Show {min(hidden, PAGE)} more (of {hidden})…")
                more.setData(ID_ROLE, MORE)
                more.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled)
                more.setForeground(QtGui.QBrush(self.palette().link().color()))
                self.addItem(more)
            if current is not None:
                self.select_id(current)
        finally:
            self._filling = False
        self._fit()

    def show_more(self) -> None:
        self.limit += PAGE
        self.more_requested.emit()

    def _item(self, card: Card) -> QtWidgets.QListWidgetItem:
        item = QtWidgets.QListWidgetItem(card.text())
        item.setData(ID_ROLE, card.highlight_id)
        item.setToolTip(card.quote + (f"\n\nNote: {card.note}" if card.note else ""))
        if self.checkable:
            item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                QtCore.Qt.CheckState.Checked if card.included else QtCore.Qt.CheckState.Unchecked
            )
        if card.orphan or not card.included:
            item.setForeground(QtGui.QBrush(GREY))
        if card.orphan:
            item.setToolTip("Not found in its source after re-import: not cited.\n\n" + card.quote)
        return item

    def _fit(self) -> None:
        """As tall as its cards, wrapped at the list's width (the document scrolls, not
        the list)."""
        fm = self.fontMetrics()
        indent = 28 if self.checkable else 8
        width = max(80, self.viewport().width() - indent)
        flags = int(QtCore.Qt.TextFlag.TextWordWrap)
        rows = sum(
            fm.boundingRect(QtCore.QRect(0, 0, width, 100_000), flags, self.item(r).text()).height()
            + 6
            for r in range(self.count())
        )
        empty = fm.lineSpacing() * 2
        self.setFixedHeight(max(rows, empty) + 2 * self.frameWidth() + 4)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QtCore.QTimer.singleShot(0, self._fit)

    # -- events ---------------------------------------------------------------------------

    def _item_changed(self, item: QtWidgets.QListWidgetItem) -> None:
        hid = item.data(ID_ROLE)
        if self._filling or not self.checkable or hid == MORE:
            return
        self.toggled.emit(hid, item.checkState() == QtCore.Qt.CheckState.Checked)

    def _clicked(self, item: QtWidgets.QListWidgetItem) -> None:
        if item.data(ID_ROLE) == MORE:
            self.show_more()

    def _activated(self, item: QtWidgets.QListWidgetItem) -> None:
        hid = item.data(ID_ROLE)
        if hid == MORE:
            self.show_more()
        else:
            self.activated_id.emit(hid)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        hid = self.current_id()
        if (
            self.remove_text
            and hid not in (None, MORE)
            and event.key() in (QtCore.Qt.Key.Key_Delete, QtCore.Qt.Key.Key_Backspace)
        ):
            self.remove_requested.emit(hid)
            return
        super().keyPressEvent(event)

    def _menu(self, pos: QtCore.QPoint) -> None:
        item = self.itemAt(pos)
        hid = item.data(ID_ROLE) if item is not None else None
        if hid in (None, MORE):
            return
        menu = QtWidgets.QMenu(self)
        menu.addAction("Show in its source", lambda: self.activated_id.emit(hid))
        if self.remove_text:
            menu.addAction(self.remove_text, lambda: self.remove_requested.emit(hid))
        menu.exec(self.viewport().mapToGlobal(pos))

    def wheelEvent(self, event: QtGui.QWheelEvent) -> None:
        event.ignore()  # the document scrolls


class HighlightDropCard(QtWidgets.QFrame):
    """A card that takes highlights dropped anywhere on it (its text field passes them
    on): ``highlights_dropped(ids)``."""

    highlights_dropped = QtCore.Signal(list)

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        self._consider(event)

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        self._consider(event)

    @staticmethod
    def _consider(event: QtGui.QDragMoveEvent) -> None:
        if highlight_ids(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        ids = highlight_ids(event.mimeData())
        if not ids:
            event.ignore()
            return
        event.acceptProposedAction()
        QtCore.QTimer.singleShot(0, lambda: self.highlights_dropped.emit(ids))
