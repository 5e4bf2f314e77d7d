"""Re-emits the store's Qt-free change events as a Qt signal that panels connect to."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from briefing.events import Change
from briefing.store import Store


class StoreBridge(QObject):
    """``changed(Change)`` after every committed store change (after a
    ``Store.batch()``, once per merged change); ``project_replaced()`` when the
    window switches to another project (``set_store``)."""

    changed = Signal(object)
    project_replaced = Signal()

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._unsubscribe: Callable[[], None] | None = store.subscribe(self._forward)

    @property
    def store(self) -> Store:
        return self._store

    def set_store(self, store: Store) -> None:
        self.detach()
        self._store = store
        self._unsubscribe = store.subscribe(self._forward)
        self.project_replaced.emit()

    def detach(self) -> None:
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None

    def _forward(self, change: Change) -> None:
        with contextlib.suppress(RuntimeError):  # the bridge was deleted, its store lives on
            self.changed.emit(change)
