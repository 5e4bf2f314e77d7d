"""The generic undoable commands the named ones in ``commands`` are built from.

* ``StoreCommand``: the base; ``redo()`` runs ``do()``, ``undo()`` runs
  ``undo_do()``; a first ``redo()`` that fails records the exception in
  ``error`` and marks the command obsolete, so the stack drops it;
* ``SetFields`` sets values through a store call (``apply(**new)``; undo
  ``apply(**old)``); with a ``merge_key`` it merges typing bursts;
* ``Create`` calls an add function; undo deletes what it added and keeps the
  store's ``Removed`` record, redo restores it (same ids, so later commands
  stay valid);
* ``Remove`` deletes (keeping the ``Removed`` record); undo restores it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from briefing.store import Removed, Store

log = logging.getLogger(__name__)

MERGE_SECONDS = 2.0


class StoreCommand(QUndoCommand):
    """Base: holds the store; subclasses implement ``do()`` and ``undo_do()``."""

    merge_key: Any = None
    """Commands of one class with equal non-None merge keys merge within
    MERGE_SECONDS (see mergeWith)."""

    def __init__(self, store: Store, text: str):
        super().__init__(text)
        self.store = store
        self.error: Exception | None = None
        self._done_once = False
        self._stamp = time.monotonic()

    def do(self) -> None:
        raise NotImplementedError

    def undo_do(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        try:
            self.do()
        except Exception as exc:
            if self._done_once:
                log.exception("redo failed: %s", self.text())
            self.error = exc
            self.setObsolete(True)
            return
        self._done_once = True

    def undo(self) -> None:
        try:
            self.undo_do()
        except Exception as exc:
            log.exception("undo failed: %s", self.text())
            self.error = exc

    # -- merging of typing bursts ---------------------------------------------------

    def id(self) -> int:
        return 1 if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, StoreCommand)
            or type(other) is not type(self)
            or other.merge_key != self.merge_key
            or self.merge_key is None
            or other._stamp - self._stamp > MERGE_SECONDS
        ):
            return False
        self.absorb(other)
        self._stamp = other._stamp
        return True

    def absorb(self, other: StoreCommand) -> None:
        """Take over ``other``'s new value (this command keeps its old one)."""
        raise NotImplementedError


# -- the generic commands ------------------------------------------------------------


class SetFields(StoreCommand):
    """``apply(**new)``; undo ``apply(**old)``. Merging keeps the first old values
    and takes the last new ones."""

    def __init__(
        self,
        store: Store,
        text: str,
        apply: Callable[..., None],
        old: dict[str, Any],
        new: dict[str, Any],
        merge_key: Any = None,
    ):
        super().__init__(store, text)
        self.apply = apply
        self.old, self.new = dict(old), dict(new)
        self.merge_key = merge_key

    def do(self) -> None:
        self.apply(**self.new)

    def undo_do(self) -> None:
        self.apply(**self.old)

    def absorb(self, other: StoreCommand) -> None:
        assert isinstance(other, SetFields)
        self.new = other.new


class Create(StoreCommand):
    """``add()`` (its result in ``result``); undo ``delete(result)``, which returns
    the ``Removed`` record(s) that redo restores."""

    def __init__(
        self,
        store: Store,
        text: str,
        add: Callable[[], Any],
        delete: Callable[[Any], Removed | list[Removed]],
    ):
        super().__init__(store, text)
        self._add, self._delete = add, delete
        self.result: Any = None
        self._removed: list[Removed] | None = None

    def do(self) -> None:
        if self._removed is None:
            self.result = self._add()
        else:
            with self.store.batch():
                for removed in reversed(self._removed):
                    self.store.restore(removed)
            self._removed = None

    def undo_do(self) -> None:
        removed = self._delete(self.result)
        self._removed = removed if isinstance(removed, list) else [removed]


class Remove(StoreCommand):
    """``delete()`` keeping its ``Removed`` record; undo restores it."""

    def __init__(self, store: Store, text: str, delete: Callable[[], Removed]):
        super().__init__(store, text)
        self._delete = delete
        self._removed: Removed | None = None

    def do(self) -> None:
        self._removed = self._delete()

    def undo_do(self) -> None:
        assert self._removed is not None
        self.store.restore(self._removed)
