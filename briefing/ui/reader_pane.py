"""The centre of the window: read-only banner, source header, the reader, and the find bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from briefing.events import Action, Change, Kind

from .find_bar import FindBar
from .legend import LegendMenu
from .reader import SourceReader

if TYPE_CHECKING:
    from .main_window import MainWindow


class ReadOnlyBanner(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("readonly_banner")
        self.setStyleSheet(
            "#readonly_banner { background: #FFE8A3; border-bottom: 1px solid #E0C060; }"
            " #readonly_banner QLabel { color: #3D3000; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = QLabel(
            "Read-only: this project is open for writing in another window. "
            "Changes cannot be made here."
        )
        self.label.setWordWrap(True)
        layout.addWidget(self.label)


class SourceHeader(QWidget):
    """Title, author, date and dateline of the source being read, aligned with the text column."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("source_header")
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        self._layout = layout
        self.title = QLabel()
        self.title.setObjectName("source_title")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel()
        self.meta.setObjectName("source_meta")
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.meta.setOpenExternalLinks(True)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        rule.setForegroundRole(QPalette.ColorRole.Mid)
        layout.addSpacing(6)
        layout.addWidget(rule)
        self.set_column(0, 0)

    def set_font_base(self, font: QFont) -> None:
        title = QFont(font)
        title.setPointSizeF(font.pointSizeF() * 1.45)
        title.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title)
        meta = QFont(font)
        meta.setFamilies([QFont().family()])
        meta.setPointSizeF(max(7.0, font.pointSizeF() * 0.82))
        self.meta.setFont(meta)

    def set_column(self, left: int, right: int) -> None:
        self._layout.setContentsMargins(left + 12, 14, right + 12, 0)  # the document margin

    def show_source(self, source) -> None:
        if source is None:
            self.title.setText("No source")
            self.meta.setText("Import documents with Ctrl+I or drop files on the window.")
            return
        import html

        self.title.setText(source.title or source.filename or "Untitled source")
        bits = [b for b in (source.author, source.date, source.dateline) if b]
        meta = " · ".join(html.escape(b) for b in bits)
        if source.url:
            url = html.escape(source.url, quote=True)
            meta += ("<br>" if meta else "") + f'<a href="{url}">{html.escape(source.url)}</a>'
        self.meta.setText(meta)
        self.meta.setVisible(bool(meta))


class ReaderPane(QWidget):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window_ = window
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = ReadOnlyBanner(self)
        self.banner.hide()
        self.header = SourceHeader(self)
        self.reader = SourceReader(window.workspace, self)
        self.find_bar = FindBar(self.reader, self)
        self.find_bar.hide()
        layout.addWidget(self.banner)
        layout.addWidget(self.header)
        layout.addWidget(self.reader, 1)
        layout.addWidget(self.find_bar)
        self.legend = LegendMenu(window.workspace, window.tagging.highlight_untagged, window)
        self.reader.column_changed.connect(self.header.set_column)
        self.reader.column_changed.connect(lambda *_: self.header.set_font_base(self.reader.font()))
        self.reader.source_shown.connect(self._on_source_shown)
        window.bridge.changed.connect(self._on_change)
        self.header.set_font_base(self.reader.font())
        self.header.show_source(None)

    def set_readonly_banner(self, readonly: bool) -> None:
        self.banner.setVisible(readonly)

    def _on_source_shown(self, source_id: int | None) -> None:
        self.header.set_font_base(self.reader.font())
        source = self.window_.workspace.store.source(source_id) if source_id is not None else None
        self.header.show_source(source)
        self.find_bar.source_changed()

    def _on_change(self, change: Change) -> None:
        if (
            change.kind == Kind.SOURCE
            and change.action == Action.CHANGED
            and self.reader.source_id in change.ids
        ):
            self._on_source_shown(self.reader.source_id)

    def show_legend(self) -> None:
        action = self.window_.action("view.legend")
        button = self.window_.toolbar.widgetForAction(action)
        if button is not None and button.isVisible():
            pos = button.mapToGlobal(QPoint(0, button.height()))
        else:
            pos = self.reader.mapToGlobal(QPoint(self.reader.width() - 240, 8))
        self.legend.popup(pos)
