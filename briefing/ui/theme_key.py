"""Reassigning a theme's number key: the undoable command and the panel's "Key" menu.

A key belongs to its theme (see ``Store.set_theme_key``): giving a theme a key
another theme holds swaps the two; "No key" frees it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets

from briefing.model import THEME_KEYS
from briefing.text import shorten

from .undo import StoreCommand

if TYPE_CHECKING:
    from briefing.store import Store

    from .workspace import Workspace


class SetThemeKey(StoreCommand):
    """Give a theme the number key ``key`` (None: no key), swapping with its holder."""

    def __init__(self, store: Store, theme_id: int, key: int | None):
        name = shorten(store.theme(theme_id).name)
        super().__init__(store, f"Assign key {key} to {name}" if key else f"Remove key of {name}")
        self.theme_id, self.key = theme_id, key
        self.before: dict[int, int | None] = {}

    def do(self) -> None:
        self.before = self.store.set_theme_key(self.theme_id, self.key)

    def undo_do(self) -> None:
        self.store.set_theme_keys(self.before)


def add_key_menu(menu: QtWidgets.QMenu, workspace: Workspace, theme_id: int) -> QtWidgets.QMenu:
    """A "Key" submenu: No key, then 1-9 with the theme that holds each."""
    store = workspace.store
    themes = store.themes()
    holders = {t.key: t.name for t in themes if t.key is not None}
    current = store.theme(theme_id).key
    sub = menu.addMenu("Key")
    for key in (None, *range(1, THEME_KEYS + 1)):
        if key is None:
            text = "No key"
        else:
            holder = holders.get(key)
            text = f"{key}" + (f"  ({shorten(holder, 30)})" if holder and key != current else "")
        act = sub.addAction(text)
        act.setCheckable(True)
        act.setChecked(key == current)
        act.triggered.connect(
            lambda _=False, k=key: workspace.push(SetThemeKey(store, theme_id, k))
        )
    sub.setEnabled(not store.readonly)
    return sub
