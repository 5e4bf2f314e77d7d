"""Carrying offsets of an old text over to its new version through one diff.

The two texts are compared once, line by line (``difflib``; a line carries the
blank lines after it); inside each changed block of lines the
characters are compared too (``rapidfuzz``'s bit-parallel Indel diff), as
long as the block is small enough and the total character-diff work stays
within ``MAX_CHAR_DIFF_WORK``. What comes out is a list of unchanged
segments ``(old start, new start, length)``: an offset inside one of them
has an exact place in the new text; an offset in deleted or rewritten text
has none, and the highlights there are searched for instead (see
``anchorer.reanchor``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from difflib import SequenceMatcher

from rapidfuzz.distance import Indel

MAX_CHAR_BLOCK = 10_000
"""Longest changed block (each side, characters) diffed by characters in one go."""

MAX_CHAR_DIFF_WORK = 10_000_000_000
"""Budget of character pairs (old length x new length, summed over blocks)
compared by character diffs in one re-import: one to two seconds of work."""


_LINES = re.compile(r"[^\n]+\n*|\n+")


def _lines(text: str) -> tuple[list[str], list[int]]:
    """The lines of ``text``, each with the line ends after it (a blank line
    is no line of its own: blank lines are everywhere and match anything),
    and their start offsets (plus the end of the text)."""
    lines = _LINES.findall(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return lines, starts


class OffsetMap:
    """Where each unchanged character of ``old`` is in ``new``."""

    def __init__(self, old: str, new: str):
        self._segments: list[tuple[int, int, int]] = []
        self._work = 0
        a, a_at = _lines(old)
        b, b_at = _lines(new)
        gone: dict[str, list[int]] = {}  # old lines not kept in place
        came: dict[str, list[int]] = {}  # new lines not there before
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b).get_opcodes():
            oa, ob = a_at[i1], a_at[i2]
            na, nb = b_at[j1], b_at[j2]
            if tag == "equal":
                self._add(oa, na, ob - oa)
                continue
            for i in range(i1, i2):
                gone.setdefault(a[i], []).append(i)
            for j in range(j1, j2):
                came.setdefault(b[j], []).append(j)
            if tag != "replace":
                continue
            if i2 - i1 == j2 - j1 > 1:  # as many lines: line by line (cheaper)
                for k in range(i2 - i1):
                    self._chars(
                        old, new, a_at[i1 + k], a_at[i1 + k + 1], b_at[j1 + k], b_at[j1 + k + 1]
                    )
            else:
                self._chars(old, new, oa, ob, na, nb)
        moved = []  # lines moved elsewhere unchanged (once in each text)
        for line, olds in gone.items():
            news = came.get(line)
            if news is not None and len(olds) == len(news) == 1 and line.strip():
                moved.append((a_at[olds[0]], b_at[news[0]], len(line)))
        if moved:
            self._with_moved(moved)
        self._segments.sort()
        self._old_starts = [s[0] for s in self._segments]

    def _with_moved(self, moved: list[tuple[int, int, int]]) -> None:
        """Lines moved unchanged win over what character diffs of changed
        blocks made of their characters (one sweep over both sorted lists)."""
        moved.sort()
        kept: list[tuple[int, int, int]] = []
        k = 0
        for o0, n0, size in sorted(self._segments):
            o, end = o0, o0 + size
            while k < len(moved) and moved[k][0] + moved[k][2] <= o:
                k += 1
            t = k
            while o < end and t < len(moved) and moved[t][0] < end:
                m_start, m_end = moved[t][0], moved[t][0] + moved[t][2]
                if o < m_start:
                    kept.append((o, n0 + o - o0, m_start - o))
                o = max(o, m_end)
                t += 1
            if o < end:
                kept.append((o, n0 + o - o0, end - o))
        self._segments = kept + moved

    def _add(self, old_start: int, new_start: int, length: int) -> None:
        if length > 0:
            self._segments.append((old_start, new_start, length))

    def _chars(self, old: str, new: str, oa: int, ob: int, na: int, nb: int) -> bool:
        """Diff ``old[oa:ob]`` with ``new[na:nb]`` by characters, if within budget."""
        la, lb = ob - oa, nb - na
        if la > MAX_CHAR_BLOCK or lb > MAX_CHAR_BLOCK or self._work + la * lb > MAX_CHAR_DIFF_WORK:
            return False
        self._work += la * lb
        for op in Indel.opcodes(old[oa:ob], new[na:nb]):
            if op.tag == "equal":
                self._add(oa + op.src_start, na + op.dest_start, op.src_end - op.src_start)
        return True

    def _segment(self, pos: int) -> tuple[int, int, int] | None:
        k = bisect_right(self._old_starts, pos) - 1
        return self._segments[k] if k >= 0 else None

    def point(self, pos: int) -> int | None:
        """The new offset of the old character at ``pos``, or None when it was
        deleted or rewritten."""
        seg = self._segment(pos)
        if seg is None or pos >= seg[0] + seg[2]:
            return None
        return seg[1] + pos - seg[0]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The new span of old ``[start, end)`` when its first and last
        characters are both unchanged, in order."""
        if end <= start:
            return None
        first, last = self.point(start), self.point(end - 1)
        if first is None or last is None or last < first:
            return None
        return first, last + 1

    def near(self, pos: int) -> int:
        """A new offset near old ``pos``: shifted like the unchanged text before it."""
        seg = self._segment(pos)
        if seg is None:
            return pos
        return seg[1] + min(pos - seg[0], seg[2])
