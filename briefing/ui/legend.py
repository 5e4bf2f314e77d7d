"""The theme legend: a menu of theme colours and number keys, one click away on the toolbar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QWidget

from briefing.model import ThemeTree, theme_keys

from . import icons
from .labels import NO_THEMES_YET

if TYPE_CHECKING:
    from .workspace import Workspace


class LegendMenu(QMenu):
    """Rebuilt each time it opens; choosing a theme tags the selection with it."""

    def __init__(
        self, workspace: Workspace, untagged: Callable[[], object], parent: QWidget | None = None
    ):
        super().__init__("Legend", parent)
        self.setObjectName("legend")
        self._workspace = workspace
        self._untagged = untagged
        self.setToolTipsVisible(True)
        self.aboutToShow.connect(self.rebuild)

    def rebuild(self) -> None:
        self.clear()
        store = self._workspace.store
        tree = ThemeTree(store.themes())
        themes = tree.order()
        keys = theme_keys(themes)
        counts = store.theme_counts(rolled_up=True)
        depth = {t.id: tree.depth(t.id) for t in themes}
        title = self.addAction("Themes — press the key to tag")
        title.setEnabled(False)
        for t in themes:
            key = keys.get(t.id)
            label = (
                ("    " * depth[t.id]) + t.name.replace("&", "&&") + f"  ({counts.get(t.id, 0)})"
            )
            act = self.addAction(icons.swatch(t.color), label)
            if key:
                act.setShortcut(str(key))
                act.setShortcutVisibleInContextMenu(True)
            if t.description:
                act.setToolTip(t.description)
            act.triggered.connect(lambda _=False, tid=t.id: self._workspace.tag_selection([tid]))
            act.setEnabled(not store.readonly)
        if not themes:
            empty = self.addAction(NO_THEMES_YET)
            empty.setEnabled(False)
        self.addSeparator()
        untagged = self.addAction(
            icons.swatch("#888888", True), "Untagged (dashed): highlight without theme"
        )
        untagged.setShortcut("Ctrl+H")
        untagged.triggered.connect(lambda _=False: self._untagged())
        untagged.setEnabled(not store.readonly)
