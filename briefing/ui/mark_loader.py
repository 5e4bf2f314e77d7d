"""Loads what the reader paints for one source: highlight ids, spans, themes and
orphan flags, through light queries (no quotes or notes).

A source's highlights come in by position: those starting in the first
``FIRST`` code points at once (the first screen), the rest in chunks of
``CHUNK`` code points, one per turn of the event loop, so a source with 100,000
highlights shows its first screen without waiting for all of them. Whatever
needs them all (reveal a highlight, go to the next one) calls ``finish()``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore

from briefing.store import Store
from briefing.store.highlight_rows import highlight_spans_between

Span = tuple[int, int, int, bool, tuple[int, ...]]
"""(highlight id, start, end, orphan, theme ids in codebook position order), code points."""

FIRST = 50_000
CHUNK = 50_000


class MarkLoader(QtCore.QObject):
    """``start(store, source, length)`` returns the first spans and hands the rest to
    ``deliver`` chunk by chunk; ``finish()`` delivers what is left now."""

    def __init__(self, deliver: Callable[[list[Span]], None], parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._deliver = deliver
        self._store: Store | None = None
        self._source_id = 0
        self._next: int | None = None
        self._length = 0
        self._timer = QtCore.QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._step)

    @property
    def loading(self) -> bool:
        return self._next is not None

    def start(self, store: Store, source_id: int, length: int) -> list[Span]:
        self._store, self._source_id, self._length = store, source_id, length
        first = highlight_spans_between(store, source_id, None, FIRST)
        self._next = FIRST if length > FIRST else None
        if self._next is not None:
            self._timer.start()
        return first

    def close(self) -> None:
        """Forget the source (another project opened, or none shown)."""
        self._timer.stop()
        self._next = None

    def finish(self) -> None:
        if self._next is not None:
            self._timer.stop()
            self._load(None)

    def _step(self) -> None:
        if self._next is not None:
            self._load(self._next + CHUNK)

    def _load(self, upto: int | None) -> None:
        store, lo = self._store, self._next
        if store is None or lo is None or store.closed:
            self._next = None
            return
        if upto is not None and upto >= self._length:
            upto = None
        spans = highlight_spans_between(store, self._source_id, lo, upto)
        self._next = upto
        if upto is not None:
            self._timer.start()
        self._deliver(spans)
