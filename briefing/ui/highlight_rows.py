"""The Highlights panel's rows: light stand-ins for ``Highlight`` that hold what
sorts and filters (ids, positions, flags, themes) and fetch their quote and note
from the store when first read (a painted cell, a tooltip, the note editor).

Sorting by quote or note, or filtering by text, needs every text: ``TextCache.load_all``
reads them in one query then, and only then."""

from __future__ import annotations

from briefing.store import Store
from briefing.store.highlight_rows import Row, highlight_texts


class TextCache:
    """highlight id -> (quote, note), read from the store on demand."""

    def __init__(self, store: Store | None):
        self._store = store
        self._texts: dict[int, tuple[str, str]] = {}
        self._all = False

    def get(self, highlight_id: int) -> tuple[str, str]:
        texts = self._texts.get(highlight_id)
        if texts is None:
            if self._store is None or self._store.closed:
                return ("", "")
            texts = highlight_texts(self._store, [highlight_id]).get(highlight_id, ("", ""))
            self._texts[highlight_id] = texts
        return texts

    def load_all(self) -> None:
        if not self._all and self._store is not None and not self._store.closed:
            self._texts = highlight_texts(self._store)
            self._all = True

    def forget(self, highlight_id: int) -> None:
        self._texts.pop(highlight_id, None)


class HighlightRow:
    """A highlight's row without its texts in memory (see the module)."""

    __slots__ = (
        "_texts",
        "created",
        "end",
        "id",
        "included",
        "orphan",
        "source_id",
        "start",
        "theme_ids",
    )

    def __init__(self, row: Row, texts: TextCache):
        (
            self.id,
            self.source_id,
            self.start,
            self.end,
            self.included,
            self.orphan,
            self.created,
            self.theme_ids,
        ) = row
        self._texts = texts

    @property
    def quote(self) -> str:
        return self._texts.get(self.id)[0]

    @property
    def note(self) -> str:
        return self._texts.get(self.id)[1]
