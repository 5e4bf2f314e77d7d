"""A sorted interval index of one source's highlights, in Qt (UTF-16) positions, for painting
and hit tests.

Queries cost a bisect plus the highlights near the range: spans longer than
``LONG`` sit in a small side list, so one huge highlight cannot make every
query scan the whole index.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass
from heapq import merge

LONG = 4096


@dataclass(slots=True)
class Mark:
    """What the reader paints for one highlight; ``start``/``end`` are Qt positions."""

    id: int
    start: int
    end: int
    theme_ids: tuple[int, ...]
    orphan: bool = False


class HighlightIndex:
    def __init__(self) -> None:
        self.marks: dict[int, Mark] = {}
        self._keys: list[tuple[int, int]] = []  # (start, id) of short marks, sorted
        self._long: dict[int, Mark] = {}
        self._maxlen = 0

    def __len__(self) -> int:
        return len(self.marks)

    def load(self, marks: list[Mark]) -> None:
        self.marks = {m.id: m for m in marks}
        self._long = {m.id: m for m in marks if m.end - m.start > LONG}
        short = [m for m in marks if m.end - m.start <= LONG]
        self._keys = sorted((m.start, m.id) for m in short)
        self._maxlen = max((m.end - m.start for m in short), default=0)

    def extend(self, marks: list[Mark]) -> None:
        """Add many marks (a loader's next chunk); marks already held are replaced.
        Costs the chunk's size when it comes after every mark held (the usual case)."""
        for m in marks:
            if m.id in self.marks:
                self.remove(m.id)
        short = sorted((m.start, m.id) for m in marks if m.end - m.start <= LONG)
        for m in marks:
            self.marks[m.id] = m
            if m.end - m.start > LONG:
                self._long[m.id] = m
            else:
                self._maxlen = max(self._maxlen, m.end - m.start)
        if not self._keys or not short or short[0] >= self._keys[-1]:
            self._keys.extend(short)
        else:
            self._keys = list(merge(self._keys, short))

    def add(self, mark: Mark) -> None:
        if mark.id in self.marks:
            self.remove(mark.id)
        self.marks[mark.id] = mark
        length = mark.end - mark.start
        if length > LONG:
            self._long[mark.id] = mark
        else:
            insort(self._keys, (mark.start, mark.id))
            self._maxlen = max(self._maxlen, length)

    def remove(self, mark_id: int) -> Mark | None:
        mark = self.marks.pop(mark_id, None)
        if mark is None:
            return None
        if self._long.pop(mark_id, None) is None:
            i = bisect_left(self._keys, (mark.start, mark_id))
            if i < len(self._keys) and self._keys[i] == (mark.start, mark_id):
                del self._keys[i]
        return mark

    def overlapping(self, start: int, end: int) -> list[Mark]:
        """Marks that overlap [start, end), ordered by start then longer first."""
        lo = bisect_left(self._keys, (start - self._maxlen, -1))
        hi = bisect_left(self._keys, (end, -1))
        marks = self.marks
        found = [m for m in (marks[k[1]] for k in self._keys[lo:hi]) if m.end > start]
        found.extend(m for m in self._long.values() if m.start < end and m.end > start)
        found.sort(key=lambda m: (m.start, -m.end, m.id))
        return found

    def extent(self, start: int, end: int) -> tuple[int, int]:
        """The smallest range holding [start, end) and every mark that overlaps it
        (one step of the transitive growth; no list is built or sorted)."""
        lo, hi = start, end
        keys, marks = self._keys, self.marks
        for i in range(bisect_left(keys, (start - self._maxlen, -1)), bisect_left(keys, (end, -1))):
            m = marks[keys[i][1]]
            if m.end > start:
                lo = min(lo, m.start)
                hi = max(hi, m.end)
        for m in self._long.values():
            if m.start < end and m.end > start:
                lo = min(lo, m.start)
                hi = max(hi, m.end)
        return lo, hi

    def closure_within(self, start: int, end: int, first: int, last: int) -> tuple[int, int]:
        """[start, end) grown by every mark overlapping it, transitively, but kept
        within [first, last) (the visible blocks): the range a repaint must cover.

        A paint assigns underline lanes among the marks of the blocks it paints, so
        only what overlaps the visible blocks can change; the growth stops once the
        range covers them (with dense highlights the transitive range could
        otherwise be the whole source)."""
        start, end = max(start, first), min(end, last)
        while start > first or end < last:
            lo, hi = self.extent(start, end)
            lo, hi = max(lo, first), min(hi, last)
            if (lo, hi) == (start, end):
                break
            start, end = lo, hi
        return start, end

    def at(self, pos: int) -> list[Mark]:
        """Marks containing ``pos``, innermost (shortest) first."""
        found = list(self.overlapping(pos, pos + 1))
        found.sort(key=lambda m: (m.end - m.start, m.id))
        return found

    def ordered(self) -> list[Mark]:
        return sorted(self.marks.values(), key=lambda m: (m.start, -m.end, m.id))
