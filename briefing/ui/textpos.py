"""The one seam between model positions (Python code points) and Qt positions (UTF-16 units).

An emoji or another character outside the Basic Multilingual Plane is one code
point but two UTF-16 units. ``PositionMap`` remembers only the code point
indices of such characters (none for most texts), so a conversion is O(1) for
BMP-only text and a bisect otherwise; no per-character tables.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_UCS4_HEADER = sys.getsizeof("\U00010000") - 8


def _may_have_astral(text: str) -> bool:
    """False when ``text`` surely has no character outside the BMP, in O(1).

    CPython stores a string with 1, 2 or 4 bytes per character, the fewest that
    fit its widest character (PEP 393); only 4-byte strings can hold one. A
    string smaller than a 4-byte string of its length is therefore BMP-only.
    (A cached UTF-8 copy can make a 2-byte string look big; then we scan.)"""
    if text.isascii():
        return False
    return sys.getsizeof(text) >= _UCS4_HEADER + 4 * (len(text) + 1)


class PositionMap:
    """Converts positions for one text; build it once per text."""

    __slots__ = ("_astral_u16", "astral", "text_length")

    def __init__(self, text: str):
        self.text_length = len(text)
        self.astral: list[int] = (
            [m.start() for m in _ASTRAL.finditer(text)] if _may_have_astral(text) else []
        )
        self._astral_u16 = [cp + i for i, cp in enumerate(self.astral)]
        """UTF-16 index of each astral character's high surrogate."""

    @property
    def qt_length(self) -> int:
        return self.text_length + len(self.astral)

    def to_qt(self, cp: int) -> int:
        """UTF-16 index of code point index ``cp``."""
        if not self.astral:
            return cp
        return cp + bisect_left(self.astral, cp)

    def from_qt(self, u16: int) -> int:
        """Code point index of UTF-16 index ``u16`` (inside a surrogate pair: the character's
        start)."""
        if not self.astral:
            return u16
        return u16 - bisect_left(self._astral_u16, u16)


_last: list[tuple[str, PositionMap]] = []
"""The last text mapped and its map (at most one entry)."""


def _map(text: str) -> PositionMap:
    if not _last or _last[0][0] is not text:
        _last[:] = [(text, PositionMap(text))]
    return _last[0][1]


def to_qt(text: str, cp: int) -> int:
    """UTF-16 position in ``text`` of code point position ``cp``."""
    return _map(text).to_qt(cp)


def from_qt(text: str, u16: int) -> int:
    """Code point position in ``text`` of UTF-16 position ``u16``."""
    return _map(text).from_qt(u16)
