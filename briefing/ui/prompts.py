"""Every modal prompt (file pickers, confirmations, errors) goes through here, so tests can
replace it.

Tests monkeypatch these functions; nothing else in ``briefing/ui`` opens a
modal dialog directly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QFileDialog, QInputDialog, QMessageBox, QWidget


def open_files(parent: QWidget | None, title: str, filters: str, folder: str = "") -> list[Path]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, folder, filters)
    return [Path(p) for p in paths]


def open_file(parent: QWidget | None, title: str, filters: str, folder: str = "") -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return Path(path) if path else None


def save_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(path) if path else None


def confirm(parent: QWidget | None, title: str, text: str, ok_text: str = "OK") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


def pick_color(parent: QWidget | None, initial: str) -> str | None:
    color = QColorDialog.getColor(QColor(initial), parent)
    return color.name() if color.isValid() else None


def choose(parent: QWidget | None, title: str, text: str, options: list[str]) -> int | None:
    """One button per option; returns the index chosen, or None when cancelled."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    buttons = [box.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in options]
    box.addButton(QMessageBox.StandardButton.Cancel)
    if buttons:
        box.setDefaultButton(buttons[0])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None


def done(parent: QWidget | None, title: str, text: str, options: list[str]) -> int | None:
    """A finished task's message (information icon) with one button per follow-up and a
    Close button rather than Cancel; returns the index chosen, or None (closed)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    buttons = [box.addButton(o, QMessageBox.ButtonRole.ActionRole) for o in options]
    box.addButton(QMessageBox.StandardButton.Close)
    if buttons:
        box.setDefaultButton(buttons[0])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None


def pick_theme(
    parent: QWidget | None, store, title: str = "Tag as"
) -> tuple[int | None, str | None]:
    """Type-to-filter theme picker: ``(theme_id, None)``, ``(None, new_name)`` or
    ``(None, None)``."""
    from .theme_picker import ThemePicker

    return ThemePicker.ask(parent, store, title)
