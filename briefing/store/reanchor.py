"""Re-import: replace a source's text and re-anchor its highlights.

The work is split in two so that it never holds the write lock long, and so
that the window can do the slow half off the GUI thread:

* ``plan_reanchor(old_text, highlights, new_text)`` -- pure: diffs the two
  texts once, carries the highlights over, searches for the rest. Touches no
  store; safe in a worker thread.
* ``Store.apply_reanchor(source_id, plan)`` -- one short transaction that
  writes the new text and every highlight's new span (refused when the
  source changed since the plan was made).

``Store.replace_source_text`` does both in turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..events import Action, Change, Kind
from ..model import Highlight, content_hash, context_of, normalize_text
from .highlights import HighlightStore
from .sources import SourceStore


@dataclass
class ReanchorReport:
    moved: list[int]
    orphans: list[int]
    unchanged: list[int]
    text_changed: bool


@dataclass(frozen=True)
class ReanchorPlan:
    """What a re-import will write: made by ``plan_reanchor``."""

    old_hash: str
    text: str
    new_hash: str
    spans: dict[int, tuple[int, int]]
    """New (start, end) of every highlight found again."""
    orphans: list[int]
    highlight_ids: tuple[int, ...]
    report: ReanchorReport


def plan_reanchor(old_text: str, highlights: Sequence[Highlight], new_text: str) -> ReanchorPlan:
    """Where each highlight goes when ``old_text`` becomes ``new_text``.

    Highlights that cannot be found again become orphans and keep their old
    offsets and quote; none is moved silently."""
    text = normalize_text(new_text)
    old_hash, new_hash = content_hash(old_text), content_hash(text)
    ids = tuple(h.id for h in highlights)
    if new_hash == old_hash:
        report = ReanchorReport([], [], list(ids), False)
        return ReanchorPlan(old_hash, text, new_hash, {}, [], ids, report)
    from .. import anchoring  # here: rapidfuzz and difflib load only for a re-import

    selectors = {
        h.id: anchoring.Selector(h.start, h.end, h.quote, h.prefix, h.suffix) for h in highlights
    }
    anchored, orphans = anchoring.reanchor(text, selectors, old_text=old_text)
    old_spans = {h.id: (h.start, h.end) for h in highlights}
    moved: list[int] = []
    unchanged: list[int] = []
    spans: dict[int, tuple[int, int]] = {}
    for hid, a in anchored.items():
        spans[hid] = (a.start, a.end)
        (unchanged if old_spans[hid] == (a.start, a.end) else moved).append(hid)
    report = ReanchorReport(moved, list(orphans), unchanged, True)
    return ReanchorPlan(old_hash, text, new_hash, spans, list(orphans), ids, report)


class ReanchorStore(SourceStore, HighlightStore):
    def replace_source_text(self, source_id: int, text: str) -> ReanchorReport:
        """Replace a source's text (a re-import) and re-anchor its highlights.

        Highlights that cannot be found again are marked orphans and keep their
        old offsets and quote; none is moved silently."""
        plan = plan_reanchor(self.source_text(source_id), self.highlights(source_id), text)
        return self.apply_reanchor(source_id, plan)

    def apply_reanchor(self, source_id: int, plan: ReanchorPlan) -> ReanchorReport:
        """Write a plan made by ``plan_reanchor`` in one transaction.

        Raises ``ValueError`` when the source's text or its highlights changed
        since the plan was made (make a new plan)."""
        if not plan.report.text_changed:
            return plan.report
        text = plan.text
        rows = []
        for hid, (start, end) in plan.spans.items():
            prefix, quote, suffix = context_of(text, start, end)
            rows.append((start, end, quote, prefix, suffix, hid))
        with self._write() as conn:
            current = conn.execute(
                "SELECT content_hash FROM sources WHERE id = ?", (source_id,)
            ).fetchone()
            ids = conn.execute(
                "SELECT id FROM highlights WHERE source_id = ? ORDER BY id", (source_id,)
            ).fetchall()
            if (
                current is None
                or current[0] != plan.old_hash
                or sorted(plan.highlight_ids) != [r[0] for r in ids]
            ):
                raise ValueError("the source changed while it was being re-imported")
            conn.execute(
                "UPDATE sources SET text = ?, length = ?, content_hash = ? WHERE id = ?",
                (text, len(text), plan.new_hash, source_id),
            )
            conn.executemany(
                'UPDATE highlights SET start = ?, "end" = ?, quote = ?, prefix = ?,'
                " suffix = ?, orphan = 0 WHERE id = ?",
                rows,
            )
            conn.executemany(
                "UPDATE highlights SET orphan = 1 WHERE id = ?", [(hid,) for hid in plan.orphans]
            )
        self._texts[source_id] = text
        self._emit(
            Change(Kind.SOURCE, Action.CHANGED, (source_id,), ("text",)),
            Change(
                Kind.HIGHLIGHT,
                Action.CHANGED,
                plan.highlight_ids,
                ("start", "end", "quote", "orphan"),
            ),
        )
        return plan.report
