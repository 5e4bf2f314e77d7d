"""Loads what the reader paints for one source: highlight ids, spans, themes and
orphan flags, through the store's light ``highlight_spans`` query (about 4x
cheaper than building whole ``Highlight`` objects)."""

from __future__ import annotations

from briefing.store import Store

Span = tuple[int, int, int, bool, tuple[int, ...]]
"""(highlight id, start, end, orphan, theme ids in codebook position order), code points."""


class MarkLoader:
    def close(self) -> None:
        """Nothing to release; kept so the reader's life cycle stays explicit."""

    def spans(self, store: Store, source_id: int) -> list[Span]:
        return store.highlight_spans(source_id)
