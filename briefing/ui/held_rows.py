"""The rows the Highlights table holds: a window of consecutive rows of the list
(the pages the view painted), where a highlight sorts among them, and its row
when it sorts outside them (counted in SQL from the nearest mark: every 256th
row's key, noted once per order and filter, for the orders an index walks).

No Qt here: ``HighlightsModel`` announces each change to the view and calls these
to keep the held rows in step."""

from __future__ import annotations

from collections.abc import Callable

from briefing.store import highlight_list as hl
from briefing.store.highlight_list import Key, ListRow, ListView

PAGE = 50
"""Rows read at once when the view paints a row not held."""
WINDOW = 1500
"""The most rows held at once (the others are read again when shown)."""
MARK_EVERY = 256


class HeldRows:
    """A window of the list's rows, its row count, and where keys sort."""

    def __init__(self, store, view: ListView, ranks: hl.Ranks, count: int):
        self.store = store
        self.view = view
        self.ranks = ranks
        self.count = count
        self.first = 0
        self.rows: list[ListRow] = []
        self.keys: list[Key] = []
        self.seen: dict[int, Key | None] = {}
        """highlight id -> its sort key if shown, None if filtered out, for the rows
        read since the last reset: where a removed or changed highlight was."""
        self.marks: list[Key] | None = None
        self.marked: list[int] = []
        """How many rows are listed before each mark."""
        self.settled = True
        """False while the model takes a change in: the store may list rows the model
        does not yet, so marks are not noted then."""
        self.want_marks: Callable[[], None] = lambda: None
        """Asks for the marks to be noted soon (the model notes them at idle)."""
        self.every: list[Key] | None = None
        self.every_id: list[int] = []
        """Every row's key and id, for the orders SQLite sorts (no index walks them):
        read in one sorted query, then pages are slices and a place is a bisection."""
        if self.usable() and view.column not in hl.marked_orders(ranks):
            listed = hl.page(store, view, ranks, 0, -1)
            self.every_id = [hid for hid, _ in listed]
            self.every = [key for _, key in listed]
            self.count = len(listed)

    def usable(self) -> bool:
        return self.store is not None and not self.store.closed

    def key(self, row: ListRow) -> tuple:
        return hl.row_key(row, self.view, self.ranks)

    def bisect(self, key: Key) -> int:
        """Where ``key`` goes among the held rows."""
        return self._bisect_in(self.keys, key)

    def row(self, r: int) -> ListRow | None:
        i = r - self.first
        if 0 <= i < len(self.rows):
            return self.rows[i]
        if not 0 <= r < self.count or not self.usable():
            return None
        self.read_page(r)
        i = r - self.first
        return self.rows[i] if 0 <= i < len(self.rows) else None

    def read_page(self, r: int) -> None:
        """Read the page holding row ``r`` into the window (next to it, or instead)."""
        end = self.first + len(self.rows)
        if self.rows and end <= r < end + PAGE:
            first, append = end, True
        elif self.rows and self.first - PAGE <= r < self.first:
            first, append = max(0, self.first - PAGE), False
        else:
            first, append = r - r % PAGE, None
        last = self.first if append is False else first + PAGE
        listed = self._listed(first, last - first)
        found = hl.rows(self.store, [hid for hid, _ in listed])
        rows = [found[hid] for hid, _ in listed if hid in found]
        keys = [key for hid, key in listed if hid in found]
        if len(self.seen) > 20 * WINDOW:
            self.seen.clear()  # removing or moving a row not held then counts again
        for row, key in zip(rows, keys, strict=True):
            self.seen[row.id] = key
        if append is None:
            self.first, self.rows, self.keys = first, rows, keys
            return
        if append:
            self.rows += rows
            self.keys += keys
            if len(self.rows) > WINDOW:
                cut = len(self.rows) - WINDOW
                del self.rows[:cut], self.keys[:cut]
                self.first += cut
        else:
            self.rows[:0] = rows
            self.keys[:0] = keys
            self.first = first
            del self.rows[WINDOW:], self.keys[WINDOW:]

    def index_of(self, highlight_id: int) -> int | None:
        for i, row in enumerate(self.rows):
            if row.id == highlight_id:
                return i
        return None

    def place(self, key: Key, without: int = 0) -> int:
        """How many rows are listed before ``key`` (not counting highlight ``without``):
        the row a highlight with that key is (or goes) at, when it is not held."""
        i = self.bisect(key)
        if 0 < i < len(self.keys):  # between two held rows: no query
            return self.first + i
        if self.every is not None:  # (the model does not list ``without`` then)
            return self._bisect_in(self.every, key)
        if self.view.column not in hl.marked_orders(self.ranks):
            return hl.rank(self.store, self.view, self.ranks, key, without)
        if self.marks is None:  # the whole count (an index range: ~20 ms at 200k rows,
            # where noting the marks takes ~200 ms: the model notes them at idle)
            if self.settled:
                self.want_marks()
            return hl.rank(self.store, self.view, self.ranks, key, without)
        j = self._bisect_in(self.marks, key, after=True) - 1  # the last mark at or before
        if j < 0:
            return hl.count_listed(self.store, self.view, self.ranks, None, key, without)
        n = hl.count_listed(self.store, self.view, self.ranks, self.marks[j], key, without)
        return self.marked[j] + n

    def note_marks(self) -> None:
        """Note every ``MARK_EVERY``-th row's key (one pass over an index)."""
        if self.view.column not in hl.marked_orders(self.ranks) or not self.usable():
            return
        noted = hl.keys_every(self.store, self.view, self.ranks, MARK_EVERY)
        self.marks = [key for _, key in noted] or None  # none: note them when there are rows
        self.marked = [n for n, _ in noted]

    def _listed(self, first: int, limit: int) -> list[tuple[int, Key]]:
        """Rows ``first .. first + limit`` as (id, key): by position, walked from the
        mark before them (a seek in the index), else from the top."""
        view = self.view
        if self.every is not None:
            end = first + limit if limit >= 0 else None
            return list(zip(self.every_id[first:end], self.every[first:end], strict=True))
        if self.marks and view.column == hl.POSITION and not view.descending:
            j = self._last_mark_at(first)
            if j >= 0:
                skip = first - self.marked[j]
                got = hl.listed_from(self.store, view, self.ranks, self.marks[j], skip + limit)
                return got[skip:]
        return hl.page(self.store, view, self.ranks, first, limit)

    def _last_mark_at(self, row: int) -> int:
        lo, hi = 0, len(self.marked)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.marked[mid] <= row:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1

    def shift_marks(self, key: Key, by: int, highlight_id: int) -> None:
        """Highlight ``highlight_id``, listed at ``key``, was listed (``by`` 1) or
        unlisted (-1): the marks after it move (they count the rows the model lists)."""
        if self.every is not None:
            i = self._bisect_in(self.every, key)
            if by > 0:
                self.every.insert(i, key)
                self.every_id.insert(i, highlight_id)
            elif i < len(self.every) and self.every[i] == key:
                del self.every[i], self.every_id[i]
        if self.marks:
            for j in range(self._bisect_in(self.marks, key, after=True), len(self.marks)):
                self.marked[j] += by

    def _bisect_in(self, keys: list[Key], key: Key, after: bool = False) -> int:
        """Where ``key`` goes among ``keys`` in listed order (``after``: after an equal one)."""
        lo, hi = 0, len(keys)
        descending = self.view.descending
        while lo < hi:
            mid = (lo + hi) // 2
            k = keys[mid]
            if (
                (k > key or (after and k == key))
                if descending
                else (k < key or (after and k == key))
            ):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def insert(self, r: int, row: ListRow, key: tuple, read: int = 0) -> None:
        """Row ``r`` is new: hold it if it joins the held rows, else hold it alone, or
        (``read`` > 0: the store holds nothing the model has not placed yet) with the
        rows around it, as many as the view shows on either side: the view is about to
        show it (a new highlight is picked)."""
        i = r - self.first
        if 0 <= i <= len(self.rows) and self.rows:
            self.rows.insert(i, row)
            self.keys.insert(i, key)
            if len(self.rows) > WINDOW:  # let go of the end farther from it
                if i < len(self.rows) // 2:
                    del self.rows[WINDOW:], self.keys[WINDOW:]
                else:
                    cut = len(self.rows) - WINDOW
                    del self.rows[:cut], self.keys[:cut]
                    self.first += cut
        else:  # read the rows around it at once (one query, not one per side)
            self.first, self.rows, self.keys = r, [row], [key]
            if read and self.count > 1:
                self.read_around(r, min(PAGE, 2 * read + 1))

    def read_around(self, r: int, n: int = PAGE) -> None:
        """Hold the ``n`` rows centred on row ``r``."""
        first = max(0, min(r - n // 2, self.count - n))
        listed = self._listed(first, n)
        found = hl.rows(self.store, [hid for hid, _ in listed])
        self.first = first
        self.rows = [found[hid] for hid, _ in listed if hid in found]
        self.keys = [key for hid, key in listed if hid in found]
        for row, key in zip(self.rows, self.keys, strict=True):
            self.seen[row.id] = key

    def remove(self, r: int) -> None:
        i = r - self.first
        if 0 <= i < len(self.rows):
            del self.rows[i], self.keys[i]
        elif i < 0:
            self.first -= 1
