"""Positions of a REFI-QDA selection in a source's text, whatever its line ends.

A ``PlainTextSelection`` counts characters of the text as the tool had it.
MAXQDA and NVivo write CRLF text and count a line end as two characters;
ATLAS.ti writes CRLF text but counts a line end once. Briefing stores the text
with ``\\n`` line ends, in NFC, so every position is mapped from the file's
count to the stored text's code points, and a position that falls inside a
CRLF pair (or inside a character NFC composes) does not fit.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable

TWO = "CRLF counts as two"
ONE = "CRLF counts as one"

_SPACE = re.compile(r"\s+")


class TextMap:
    """The stored text of a raw source text, and the map from the file's
    positions (under one line-end convention) to stored positions."""

    def __init__(self, raw: str, convention: str = TWO):
        raw = raw.lstrip("\ufeff")
        self.raw = raw
        self.convention = convention
        self._pairs = [m.start() for m in re.finditer("\r\n", raw)]
        lf = raw.replace("\r\n", "\n").replace("\r", "\n")
        self.text, self._nfc = _nfc_map(lf)

    def position(self, p: int) -> int | None:
        """The stored position of the file's position ``p``, or None (outside
        the text, or between the two characters of a CRLF counted as two)."""
        if p < 0:
            return None
        if self.convention == TWO and self._pairs:
            before = bisect.bisect_left(self._pairs, p)  # pairs starting before p
            if before and self._pairs[before - 1] == p - 1:
                return None  # between \r and \n
            p -= before
        if p > len(self._nfc) - 1:
            return None
        return self._nfc[p]

    def span(self, start: int, end: int, name: str | None = None) -> tuple[int, int] | None:
        """The stored span of a selection, if it fits: inside the text, not
        empty, and (when the file names the selected text) showing that text."""
        s, e = self.position(start), self.position(end)
        if s is None or e is None or e <= s:
            return None
        if name and not shows(self.text[s:e], name):
            return None
        return s, e


def shows(selected: str, name: str) -> bool:
    """Whether a selection's ``name`` (the text a tool recorded) is the selected
    text, spaces aside; a name cut short (``…`` or 30+ characters that begin
    the text) counts."""
    a = _SPACE.sub(" ", unicodedata.normalize("NFC", selected)).strip()
    b = _SPACE.sub(" ", unicodedata.normalize("NFC", name)).strip()
    if a == b:
        return True
    for ellipsis in ("…", "..."):
        if b.endswith(ellipsis):
            return a.startswith(b[: -len(ellipsis)].rstrip())
    return len(b) >= 30 and a.startswith(b)


def best_map(
    raw: str,
    selections: Iterable[tuple[int, int, str | None]],
    prefer: str,
) -> TextMap:
    """The convention under which more selections fit (``prefer`` on a tie)."""
    items = list(selections)
    if "\r\n" not in raw:
        return TextMap(raw, prefer)
    maps = {c: TextMap(raw, c) for c in (prefer, ONE if prefer == TWO else TWO)}
    fits: Callable[[TextMap], int] = lambda m: sum(  # noqa: E731
        m.span(s, e, n) is not None for s, e, n in items
    )
    return max(maps.values(), key=fits)  # max keeps the first (preferred) on a tie


def _nfc_map(text: str) -> tuple[str, list[int]]:
    """NFC text and, for each position 0..len(text), its position in it."""
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    out: list[str] = []
    mapping: list[int] = []
    n = 0
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        group = unicodedata.normalize("NFC", text[i:j])
        mapping.extend([n] * (j - i))
        out.append(group)
        n += len(group)
        i = j
    mapping.append(n)
    return "".join(out), mapping
