"""Help > Keyboard Shortcuts: a table built from ACTIONS (and the dock toggles)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .actions import ACTIONS

if TYPE_CHECKING:
    from .main_window import MainWindow

NOTES = (
    "Theme keys 1-9 follow the codebook order. With text selected in the reader they create "
    "a new highlight; with a highlight picked (click it) they toggle that theme on it. "
    "Shift+Left/Right move a picked highlight's end, Ctrl+Shift+Left/Right its start, by a "
    "word (by a character when word snapping is off). Escape in the find bar keeps the match "
    "selected so a theme key tags it. Theme keys never act while you type in a text field."
)


def typable(seq: QKeySequence) -> bool:
    """A sequence a user types on an ordinary keyboard: not F13-F35 or the keys of special
    keyboards (Undo, Copy, Find, Open…) that Qt lists as aliases of the standard keys."""
    if seq.isEmpty():
        return False
    key = seq[0].key().value  # type: ignore[index]  # QKeySequence is indexable (operator[])
    f13, f35 = Qt.Key.Key_F13.value, Qt.Key.Key_F35.value
    return not (f13 <= key <= f35 or key >= Qt.Key.Key_Back.value)


def shown_keys(sequences: list[QKeySequence]) -> str:
    """The typable sequences, in native text, each once."""
    out: list[str] = []
    for seq in sequences:
        text = seq.toString(QKeySequence.SequenceFormat.NativeText)
        if typable(seq) and text not in out:
            out.append(text)
    return ", ".join(out)


def rows(window: MainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, shortcuts) for every action, in menu order."""
    out = []
    for spec in ACTIONS:
        act = window.action(spec.id)
        keys = shown_keys(act.shortcuts())
        text = spec.text if spec.id in ("edit.undo", "edit.redo") else act.text()
        if spec.id.startswith("tag."):
            text = f"Tag with “{act.text().replace('&&', '&')}”"
        out.append(
            (
                spec.menu.replace("/", " › ") or "—",
                text.replace("&&", "\0").replace("&", "").replace("\0", "&"),
                keys,
            )
        )
    for key in window.docks:
        act = window.action(f"view.panel.{key}")
        out.append(
            (
                "View › Panels",
                "Show " + act.text().replace("&&", "\0").replace("&", "").replace("\0", "&"),
                act.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
            )
        )
    return out


class ShortcutsDialog(QDialog):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard Shortcuts")
        layout = QVBoxLayout(self)
        data = rows(window)
        self.table = QTableWidget(len(data), 3, self)
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Shortcut"])
        for r, row in enumerate(data):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        note = QLabel(NOTES)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 640)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
