"""Writing direction of text: which quotes read right-to-left."""

from __future__ import annotations

import unicodedata

_RTL_CLASSES = frozenset({"R", "AL"})
_LTR_CLASSES = frozenset({"L"})


def is_rtl(text: str) -> bool:
    """True when most strongly directional letters of ``text`` are
    right-to-left (Arabic, Hebrew, Syriac, Thaana, N'Ko ...).

    Digits, punctuation and spaces do not count; text without any strong
    letter is left-to-right.
    """
    if text.isascii():
        return False
    rtl = ltr = 0
    bidirectional = unicodedata.bidirectional
    for ch in text:
        kind = bidirectional(ch)
        if kind in _RTL_CLASSES:
            rtl += 1
        elif kind in _LTR_CLASSES:
            ltr += 1
    return rtl > ltr
