"""The "Tag as…" picker: type to filter the codebook, Enter to choose, or create a theme inline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from briefing.model import codebook_order, theme_keys

from . import icons

NEW = -1


class _Filter(QLineEdit):
    def __init__(self, picker: ThemePicker):
        super().__init__(picker)
        self.picker = picker

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self.picker.list.keyPressEvent(event)  # move through the list while typing
            return
        super().keyPressEvent(event)


KEY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The theme's key (1-9) or None, drawn in a right-aligned column by ``KeyDelegate``."""


class KeyDelegate(QStyledItemDelegate):
    """Draws the name elided before a fixed key column, the key right-aligned in it, so the
    keys line up whatever the names' lengths."""

    def key_width(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.horizontalAdvance("0") * 3

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        key = index.data(KEY_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self.key_width(opt)
        opt.rect = opt.rect.adjusted(0, 0, -width, 0)
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        # the row's background across the key column too
        full = QStyleOptionViewItem(option)
        self.initStyleOption(full, index)
        full.text, full.icon = "", QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, full, painter, widget)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if key:
            role = (
                QPalette.ColorRole.HighlightedText
                if opt.state & QStyle.StateFlag.State_Selected
                else QPalette.ColorRole.Text
            )
            rect = option.rect.adjusted(option.rect.width() - width, 0, -4, 0)
            painter.save()
            painter.setPen(opt.palette.color(role))
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(key)
            )
            painter.restore()


class ThemePicker(QDialog):
    def __init__(self, parent: QWidget | None, store, title: str = "Tag as"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("theme_picker")
        self.store = store
        layout = QVBoxLayout(self)
        self.filter = _Filter(self)
        self.filter.setPlaceholderText("Type to filter, or a new theme name")
        self.list = QListWidget(self)
        self.list.setItemDelegate(KeyDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # elided
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.themes = codebook_order(store.themes())
        self.keys = theme_keys(self.themes)
        self.filter.textChanged.connect(self.refill)
        self.list.itemActivated.connect(lambda _: self.accept())
        self.resize(360, 380)
        self.refill("")

    def refill(self, text: str) -> None:
        self.list.clear()
        needle = text.strip().casefold()
        exact = False
        for t in self.themes:
            if (
                needle
                and needle not in t.name.casefold()
                and not any(needle in k.casefold() for k in t.keywords)
            ):
                continue
            exact = exact or t.name.casefold() == needle
            key = self.keys.get(t.id)
            item = QListWidgetItem(icons.swatch(t.color), t.name)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            item.setData(KEY_ROLE, key)
            item.setToolTip(t.description)
            self.list.addItem(item)
        if needle and not exact:
            item = QListWidgetItem(icons.icon("list-add"), f"Create theme “{text.strip()}”")
            item.setData(Qt.ItemDataRole.UserRole, NEW)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def result_value(self) -> tuple[int | None, str | None]:
        item = self.list.currentItem()
        if item is None:
            return None, None
        tid = item.data(Qt.ItemDataRole.UserRole)
        if tid == NEW:
            return None, self.filter.text().strip()
        return int(tid), None

    @classmethod
    def ask(
        cls, parent: QWidget | None, store, title: str = "Tag as"
    ) -> tuple[int | None, str | None]:
        picker = cls(parent, store, title)
        try:
            if picker.exec() == QDialog.DialogCode.Accepted:
                return picker.result_value()
            return None, None
        finally:
            picker.deleteLater()
