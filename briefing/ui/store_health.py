"""The window's side of durability: open for writing ready to write, close without
losing a word, and say when edits could not yet be made durable.

- ``ready(store)``: switch a writable project to WAL at open
  (``Store.prepare_writes``), so the first edit never waits for another
  process's read.
- ``close_store(store, parent)``: close, and if the final checkpoint failed
  (the disk is full, the folder became read-only) say so in one line: the edits
  are safe in the ``-wal`` file beside the project.
- ``DurabilityWatch``: polls ``Store.flush_error`` and shows it in the status bar
  until the edits are synced again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from briefing.store import ProjectError, Store

from . import prompts

if TYPE_CHECKING:
    from .main_window import MainWindow

POLL_MS = 2000


def ready(store: Store) -> Store:
    if not store.readonly:
        store.prepare_writes()
    return store


def close_store(store: Store, parent: QWidget | None) -> None:
    if store.closed:
        return
    try:
        store.close()
    except ProjectError as exc:
        prompts.error(
            parent,
            "Project not folded into one file",
            f"{str(exc).splitlines()[0]} Your edits are kept in {store.path.name}-wal beside it; "
            "open the project again once there is room.",
        )


class DurabilityWatch(QObject):
    """A red note in the status bar while the open project's edits are not durable."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self.label = QLabel(window)
        self.label.setObjectName("durabilityWarning")
        self.label.setStyleSheet("color: #B00020;")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        store = self._window.store
        error = None if store.closed else store.flush_error
        self.label.setVisible(error is not None)
        if error is not None:
            self.label.setText(f"Not yet saved to disk: {error}")
            self.label.setToolTip(error)
