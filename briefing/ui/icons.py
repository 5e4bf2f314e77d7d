"""Icons by name: the desktop's icon theme first, then a bundled SVG, then a Qt standard icon."""

from __future__ import annotations

from functools import cache, lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from briefing.resources import resource_path

SP = QStyle.StandardPixmap
_STANDARD = {
    "document-new": SP.SP_FileIcon,
    "document-open": SP.SP_DialogOpenButton,
    "document-save-as": SP.SP_DialogSaveButton,
    "document-export": SP.SP_ArrowRight,
    "list-add": SP.SP_FileDialogNewFolder,
    "application-exit": SP.SP_DialogCloseButton,
    "edit-undo": SP.SP_ArrowBack,
    "edit-redo": SP.SP_ArrowForward,
    "edit-delete": SP.SP_TrashIcon,
    "edit-find": SP.SP_FileDialogContentsView,
    "system-search": SP.SP_FileDialogContentsView,
    "go-down": SP.SP_ArrowDown,
    "go-up": SP.SP_ArrowUp,
    "help-contents": SP.SP_DialogHelpButton,
    "help-about": SP.SP_MessageBoxInformation,
    "window-close": SP.SP_TitleBarCloseButton,
}
_BUNDLED = (
    "highlight",
    "tag",
    "legend",
    "briefing",
    "zoom-in",
    "zoom-out",
    "zoom-original",
    "edit-find",
    "document-export",
    "edit-undo",
    "edit-redo",
    "document-open",
    "list-add",
)


@cache
def icon(name: str) -> QIcon:
    if not name:
        return QIcon()
    if QIcon.hasThemeIcon(name):
        return QIcon.fromTheme(name)
    if name in _BUNDLED:
        path = resource_path("icons", f"{name}.svg")
        if path.exists():
            return QIcon(str(path))
    app = QApplication.instance()
    if name in _STANDARD and isinstance(app, QApplication):
        return app.style().standardIcon(_STANDARD[name])
    return QIcon()


@lru_cache(maxsize=256)
def swatch(color: str, untagged: bool = False, size: int = 16) -> QIcon:
    """A small rounded colour square for menus and lists (dashed grey for untagged)."""
    icon_ = QIcon()
    for scale in (1, 2):
        pm = QPixmap(size * scale, size * scale)
        pm.setDevicePixelRatio(scale)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(2.5, 2.5, size - 5, size - 5)
        if untagged:
            pen = QPen(QColor("#888888"), 1.2, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(QColor(136, 136, 136, 40))
        else:
            p.setPen(QPen(QColor(color).darker(130), 1))
            p.setBrush(QColor(color))
        p.drawRoundedRect(rect, 2.5, 2.5)
        p.end()
        icon_.addPixmap(pm)
    return icon_
