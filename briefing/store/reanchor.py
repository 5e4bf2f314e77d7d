"""Re-import: replace a source's text and re-anchor its highlights."""

from __future__ import annotations

from dataclasses import dataclass

from .. import anchoring
from ..events import Action, Change, Kind
from ..model import content_hash, context_of, normalize_text
from .highlights import HighlightStore
from .sources import SourceStore


@dataclass
class ReanchorReport:
    moved: list[int]
    orphans: list[int]
    unchanged: list[int]
    text_changed: bool


class ReanchorStore(SourceStore, HighlightStore):
    def replace_source_text(self, source_id: int, text: str) -> ReanchorReport:
        """Replace a source's text (a re-import) and re-anchor its highlights.

        Highlights that cannot be found again are marked orphans and keep their
        old offsets and quote; none is moved silently."""
        text = normalize_text(text)
        old = self.source(source_id)
        new_hash = content_hash(text)
        hls = self.highlights(source_id)
        if new_hash == old.content_hash:
            return ReanchorReport([], [], [h.id for h in hls], False)
        selectors = {
            h.id: anchoring.Selector(h.start, h.end, h.quote, h.prefix, h.suffix) for h in hls
        }
        anchored, orphans = anchoring.reanchor(text, selectors)
        moved: list[int] = []
        unchanged: list[int] = []
        old_spans = {h.id: (h.start, h.end) for h in hls}
        with self._write() as conn:
            conn.execute(
                "UPDATE sources SET text = ?, length = ?, content_hash = ? WHERE id = ?",
                (text, len(text), new_hash, source_id),
            )
            for hid, a in anchored.items():
                prefix, quote, suffix = context_of(text, a.start, a.end)
                conn.execute(
                    'UPDATE highlights SET start = ?, "end" = ?, quote = ?, prefix = ?,'
                    " suffix = ?, orphan = 0 WHERE id = ?",
                    (a.start, a.end, quote, prefix, suffix, hid),
                )
                (unchanged if old_spans[hid] == (a.start, a.end) else moved).append(hid)
            conn.executemany(
                "UPDATE highlights SET orphan = 1 WHERE id = ?", [(hid,) for hid in orphans]
            )
        self._texts[source_id] = text
        self._emit(
            Change(Kind.SOURCE, Action.CHANGED, (source_id,), ("text",)),
            Change(
                Kind.HIGHLIGHT,
                Action.CHANGED,
                tuple(h.id for h in hls),
                ("start", "end", "quote", "orphan"),
            ),
        )
        return ReanchorReport(moved, list(orphans), unchanged, True)
