"""The window's actions, menus and toolbar, built from ``ACTIONS`` (``actions.py``).

The window gives each action id its callable (``MainWindow.handlers`` and
``toggles``); these functions only turn the declarations into QActions, menus and
the toolbar, so ``main_window.py`` stays the composition root.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar

from . import icons, settings
from .actions import ACTIONS, MENU_TITLES, MENUS, key_sequences

if TYPE_CHECKING:
    from .main_window import MainWindow


def build_actions(
    window: MainWindow,
    handlers: dict[str, Callable[[], object]],
    toggles: dict[str, Callable[[bool], object]],
) -> None:
    """One QAction per ``ActionSpec`` in ``window.actions_by_id`` (undo/redo from the stack)."""
    for spec in ACTIONS:
        if spec.id == "edit.undo":
            act = window.undo_stack.createUndoAction(window, "Undo")
        elif spec.id == "edit.redo":
            act = window.undo_stack.createRedoAction(window, "Redo")
        else:
            act = QAction(spec.text, window)
            if spec.checkable:
                act.toggled.connect(toggles[spec.id])
            else:
                act.triggered.connect(lambda _=False, h=handlers[spec.id]: h())
        act.setObjectName(spec.id)
        act.setShortcuts(key_sequences(spec))
        if spec.icon:
            act.setIcon(icons.icon(spec.icon))
        if spec.tip:
            act.setStatusTip(spec.tip)
            act.setToolTip(f"{spec.text.replace('&', '').rstrip('…')} — {spec.tip}")
        if spec.checkable:
            act.setCheckable(True)
            act.blockSignals(True)
            act.setChecked(bool(settings.get(spec.setting)) if spec.setting else False)
            act.blockSignals(False)
        if spec.scope == "reader":
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            window.reader.addAction(act)
        else:
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(act)
        window.actions_by_id[spec.id] = act


def menu(window: MainWindow, path: str) -> QMenu:
    """The menu at slash ``path`` ("View/Panels"), made on first use."""
    menus = window._menus
    if path not in menus:
        parent, _, name = path.rpartition("/")
        title = MENU_TITLES.get(path, name)
        menus[path] = (
            menu(window, parent).addMenu(title) if parent else window.menuBar().addMenu(title)
        )
        menus[path].setObjectName(f"menu.{path}")
    return menus[path]


def build_menus(window: MainWindow) -> None:
    for name in MENUS:
        menu(window, name)
    for spec in ACTIONS:
        if not spec.menu:
            continue
        m = menu(window, spec.menu)
        if spec.separator_before:
            m.addSeparator()
        m.addAction(window.actions_by_id[spec.id])
        if spec.id == "file.open":
            recent = menu(window, "File/Open Recent")
            recent.aboutToShow.connect(lambda r=recent: window.files.fill_recent_menu(r))
    menu(window, "View").addSeparator()
    menu(window, "View/Panels")


def build_toolbar(window: MainWindow) -> QToolBar:
    bar = QToolBar("Main toolbar", window)
    bar.setObjectName("toolbar.main")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    for spec in ACTIONS:
        if spec.toolbar:
            if spec.separator_before:
                bar.addSeparator()
            bar.addAction(window.actions_by_id[spec.id])
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
