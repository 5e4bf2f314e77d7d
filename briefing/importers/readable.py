"""Whether extracted text reads as words, or is the output of a broken font map.

A PDF's text layer can decode to junk: mostly symbols, or letters whose Unicode
script changes from one character to the next inside words ("ɹɹং Θͨ͘͠ͱ͍"), as a
font without a usable Unicode map gives. Such text must never be stored silently.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from itertools import pairwise

_MIN_CHARACTERS = 24
"""Below this many non-space characters, a text is too short to judge."""
_MIN_WORD_SHARE = 0.4
_MAX_SCRIPT_CHANGES = 0.2
_PUNCTUATION = ".,;:!?'\"()[]{}-–—‐/\\%&…“”‘’«»·•*#@+=<>|_§°€$£¥"
_SYMBOL = re.compile(f"[^\\w\\s{re.escape(_PUNCTUATION)}]")
"""A character that is neither a letter, a digit, a space nor common punctuation."""
_EAST_ASIAN = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "KATAKANA-HIRAGANA", "IDEOGRAPHIC"}


@functools.lru_cache(maxsize=4096)
def _script(letter: str) -> str:
    """A letter's script, from its Unicode name ("LATIN SMALL LETTER A" -> "LATIN");
    Chinese, Japanese and Korean count as one, since Japanese mixes them in words."""
    try:
        first = unicodedata.name(letter).split()[0]
    except ValueError:
        return "?"
    if first in ("FULLWIDTH", "HALFWIDTH"):
        return "LATIN" if letter.isascii() else "CJK"
    return "CJK" if first in _EAST_ASIAN else first


def why_unreadable(text: str) -> str:
    """ "" when ``text`` reads as words, else a short reason (for a one-line refusal)."""
    words = text.split()
    characters = sum(map(len, words))
    if characters < _MIN_CHARACTERS:
        return ""
    if len(_SYMBOL.findall(text)) > (1 - _MIN_WORD_SHARE) * characters:
        return "its text is mostly symbols, not words"
    pairs = changes = 0
    for word in words:
        if word.isascii():  # all Latin: no change of script
            pairs += len(word) - 1
            continue
        letters = [_script(c) for c in word if unicodedata.category(c).startswith("L")]
        pairs += max(0, len(letters) - 1)
        changes += sum(a != b for a, b in pairwise(letters))
    if pairs >= _MIN_CHARACTERS // 2 and changes > _MAX_SCRIPT_CHANGES * pairs:
        return "its letters change script inside words (a broken font encoding)"
    return ""
