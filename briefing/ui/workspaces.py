"""Two workspaces in one window: Read (the reader in the centre) and Write (the brief).

Read is the window's classic layout. Write puts the Brief panel (its editors,
the tradecraft checks and the live preview, side by side when there is room)
in the centre of the window, in place of the reader, and hides the Brief dock.
Each workspace remembers its own dock layout (``window/state`` and
``window/state_write`` in the settings). Switching to Write with an empty
bottom line puts the cursor in the bottom line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from . import settings

if TYPE_CHECKING:
    from .brief_panel import BriefPanel
    from .main_window import MainWindow

READ, WRITE = "read", "write"
STATE_KEYS = {READ: "window/state", WRITE: "window/state_write"}
WRITE_HIDDEN = ("brief", "search", "themes", "sources", "history", "highlights")
"""Docks a first visit to Write hides (the brief itself is in the centre)."""


class Workspaces:
    """Owned by the window: the central stack and the Read/Write switch."""

    def __init__(self, window: MainWindow, reader_page: QWidget):
        self.window = window
        self.mode = READ
        self.stack = QStackedWidget(window)
        self.stack.setObjectName("workspaces")
        self.stack.addWidget(reader_page)
        self.write_page = QWidget(self.stack)
        self.write_page.setObjectName("writePage")
        self.page_layout = QVBoxLayout(self.write_page)
        self.page_layout.setContentsMargins(0, 0, 0, 0)
        self.stack.addWidget(self.write_page)
        self.states: dict[str, QByteArray] = {}

    def connect_actions(self) -> None:
        """Once the window built its actions: View > Read and Write exclude each other."""
        window = self.window
        group = QActionGroup(window)
        group.setExclusive(True)
        for mode in (READ, WRITE):
            group.addAction(self.action(mode))
        self.action(READ).setChecked(True)

    def action(self, mode: str) -> QAction:
        return self.window.actions_by_id[f"view.{mode}"]

    def toggled(self, mode: str, on: bool) -> None:
        if on:
            self.switch(mode)

    def brief_panel(self) -> BriefPanel | None:
        from .brief_panel import BriefPanel

        panel = self.window.ensure_panel("brief")
        return panel if isinstance(panel, BriefPanel) else None

    def restore_saved(self) -> None:
        """Read's saved layout is restored by the window; keep Write's for the first switch."""
        saved = settings.get(STATE_KEYS[WRITE])
        if saved:
            self.states[WRITE] = QByteArray(saved)

    def save(self) -> None:
        """Write each workspace's dock layout to the settings (the window saves Read's)."""
        w = self.window
        self.states[self.mode] = w.saveState()
        if WRITE in self.states:
            settings.set(STATE_KEYS[WRITE], bytes(self.states[WRITE].data()))
        if READ in self.states:
            settings.set(STATE_KEYS[READ], bytes(self.states[READ].data()))

    def after_reset(self) -> None:
        """View > Reset Layout in Write: the Brief dock stays hidden (the brief is central)."""
        if self.mode == WRITE:
            for key in (*WRITE_HIDDEN, "brief"):
                self.window.docks[key].hide()
            self._show_evidence()

    def _show_evidence(self) -> None:
        """The Evidence dock beside the document, a third of the window at most."""
        w = self.window
        w.docks["evidence"].show()
        width = min(380, w.width() // 3)
        w.resizeDocks([w.docks["evidence"]], [width], Qt.Orientation.Horizontal)
        QTimer.singleShot(  # again once the docks hidden meanwhile are laid out
            0, w, lambda: w.resizeDocks([w.docks["evidence"]], [width], Qt.Orientation.Horizontal)
        )

    def switch(self, mode: str) -> None:
        """Show ``mode``'s centre and dock layout; Write focuses an empty bottom line."""
        w = self.window
        if not self.action(mode).isChecked():
            self.action(mode).setChecked(True)  # re-enters through toggled()
            return
        if mode == self.mode:
            if mode == WRITE:
                self._focus_write()
            return
        self.states[self.mode] = w.saveState()
        panel = self.brief_panel()
        self.mode = mode
        if mode == WRITE:
            if panel is not None:
                self.page_layout.addWidget(panel)
                panel.set_document_mode(True)
                panel.show()
            self.stack.setCurrentWidget(self.write_page)
            if WRITE in self.states:
                w.restoreState(self.states[WRITE])
            else:
                for key in WRITE_HIDDEN:
                    w.docks[key].hide()
                self._show_evidence()
            w.docks["brief"].hide()
            w.docks["brief"].toggleViewAction().setEnabled(False)  # the brief is central
            self._focus_write()
        else:
            if panel is not None:
                panel.set_document_mode(False)
                w.docks["brief"].setWidget(panel)
            w.docks["brief"].toggleViewAction().setEnabled(True)
            self.stack.setCurrentIndex(0)
            if READ in self.states:
                w.restoreState(self.states[READ])
            w.reader.setFocus()
        w.show_status("Write: the brief" if mode == WRITE else "Read: the sources", 2000)

    def _focus_write(self) -> None:
        panel = self.brief_panel()
        if panel is None:
            return
        w = self.window
        if not (w.store.brief().bottom_line or "").strip():
            panel.focus_field("bottom_line")
        elif panel.document is not None:
            panel.document.setFocus()
