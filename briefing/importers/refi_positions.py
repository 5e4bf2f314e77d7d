"""Positions of a REFI-QDA selection in a source's text, whatever its line ends.

A ``PlainTextSelection`` counts characters of the text as the tool had it.
MAXQDA and NVivo write CRLF text and count a line end as two characters;
ATLAS.ti writes CRLF text but counts a line end once. NVivo also counts a
character outside the Basic Multilingual Plane (an emoji) as two UTF-16 units.
Briefing stores the text with ``\\n`` line ends, in NFC, and counts code
points, so every position is mapped from the file's count to the stored text's;
a position that falls inside a CRLF pair, a surrogate pair or a character NFC
composes does not fit.

``best_map`` picks the counting under which more selections fit. A selection
whose ``name`` records its text must show that text; when no name in the file
matches under any counting, the names are labels, not quotes, and only the
bounds are checked.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable

TWO = "CRLF counts as two"
ONE = "CRLF counts as one"

_SPACE = re.compile(r"\s+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class TextMap:
    """The stored text of a raw source text, and the map from the file's
    positions (under one counting) to stored positions."""

    def __init__(self, raw: str, convention: str = TWO, *, utf16: bool = False):
        raw = raw.lstrip("\ufeff")
        self.convention = convention
        self.names_are_quotes = True
        self._pairs = [m.start() for m in re.finditer("\r\n", raw)]
        lf = raw.replace("\r\n", "\n").replace("\r", "\n")
        counted = raw if convention == TWO else lf
        self._astral = (
            [m.start() + k for k, m in enumerate(_ASTRAL.finditer(counted))] if utf16 else []
        )
        self.utf16 = bool(self._astral)  # only a text with such characters differs
        self.text, self._nfc = _nfc_map(lf)

    @property
    def label(self) -> str:
        return self.convention + (", UTF-16 units" if self.utf16 else "")

    def position(self, p: int) -> int | None:
        """The stored position of the file's position ``p``, or None (outside
        the text, or between two units the file's counting keeps together)."""
        if p < 0:
            return None
        if self._astral:
            k = bisect.bisect_left(self._astral, p)  # astral characters starting before p
            if k and self._astral[k - 1] + 1 == p:
                return None  # between the two halves of a surrogate pair
            p -= k
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
        empty, and (when names are quotes) showing its name."""
        s, e = self.position(start), self.position(end)
        if s is None or e is None or e <= s:
            return None
        if name and self.names_are_quotes and not shows(self.text[s:e], name):
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


def preferred(origin: str) -> tuple[str, bool]:
    """The counting a tool is known for, by the project's ``origin``."""
    tool = origin.lower()
    if "atlas" in tool:
        return ONE, False
    return TWO, "nvivo" in tool


def best_map(
    raw: str,
    selections: Iterable[tuple[int, int, str | None]],
    origin: str = "",
) -> TextMap:
    """The counting under which more selections fit (the tool's own on a tie)."""
    items = list(selections)
    prefer = preferred(origin)
    crlf = [prefer[0], ONE if prefer[0] == TWO else TWO] if "\r\n" in raw else [prefer[0]]
    units = [prefer[1], not prefer[1]] if _ASTRAL.search(raw) else [prefer[1]]
    maps = [TextMap(raw, c, utf16=u) for c in crlf for u in units]
    if not items or (len(maps) == 1 and not any(n for _, _, n in items)):
        return maps[0]

    def fits(m: TextMap) -> int:
        return sum(m.span(s, e, n) is not None for s, e, n in items)

    best = max(maps, key=fits)  # max keeps the first (preferred) on a tie
    if any(n for _, _, n in items) and fits(best) == 0:
        for m in maps:  # no name matches anywhere: names are labels, not quotes
            m.names_are_quotes = False
        best = max(maps, key=fits)
    return best


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
