"""Matching that ignores whitespace, quote and dash styles, and scoring context."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .selectors import Selector

_SAME_LENGTH = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)
_INVISIBLE = "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, BOM
_GAP = re.compile(rf"[\s{_INVISIBLE}]{{2,}}|[^\S ]|[{_INVISIBLE}]")
"""What folding changes; a lone plain space already is what it folds to."""
_EDGE_GAPS = re.compile(rf"[\s{_INVISIBLE}]*(.*?)[\s{_INVISIBLE}]*\Z", re.DOTALL)


class Folded:
    """A text folded for matching: every run of whitespace is one space, soft
    hyphens and zero-width characters are gone, curly quotes and dashes are
    plain. Keeps a map back to code-point offsets of the original."""

    __slots__ = ("_fold_at", "_orig_at", "text")

    def __init__(self, original: str):
        t = original.translate(_SAME_LENGTH)
        pieces: list[str] = []
        fold_at: list[int] = []  # segment i starts at fold_at[i] in the folded text
        orig_at: list[int] = []  # ... and at orig_at[i] in the original
        n = prev = 0
        for m in _GAP.finditer(t):
            a, b = m.span()
            if a > prev:
                pieces.append(t[prev:a])
                fold_at.append(n)
                orig_at.append(prev)
                n += a - prev
            if m.group().strip(_INVISIBLE):  # a whitespace run, not only invisibles
                pieces.append(" ")
                fold_at.append(n)
                orig_at.append(a)
                n += 1
            prev = b
        if prev < len(t):
            pieces.append(t[prev:])
            fold_at.append(n)
            orig_at.append(prev)
        self.text = "".join(pieces)
        self._fold_at = fold_at
        self._orig_at = orig_at

    def to_original(self, i: int) -> int:
        """Original offset of the folded character at ``i``."""
        k = bisect_right(self._fold_at, i) - 1
        return self._orig_at[k] + (i - self._fold_at[k])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span of folded ``[start, end)``; its edges must not be spaces."""
        return self.to_original(start), self.to_original(end - 1) + 1

    def to_folded(self, pos: int) -> int:
        """Folded offset nearest to original offset ``pos`` (a hint, not exact)."""
        k = bisect_right(self._orig_at, pos) - 1
        if k < 0:
            return 0
        nxt = self._fold_at[k + 1] if k + 1 < len(self._fold_at) else len(self.text)
        return min(self._fold_at[k] + (pos - self._orig_at[k]), nxt)


def fold(s: str) -> str:
    return Folded(s).text


def common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


def common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many stored context characters surround ``text[start:end]``."""
    score = 0
    if prefix:
        score += common_suffix(text[max(0, start - len(prefix)) : start], prefix)
    if suffix:
        score += common_prefix(text[end : end + len(suffix)], suffix)
    return score


def occurrences(text: str, needle: str, limit: int | None = None) -> list[int]:
    hits: list[int] = []
    i = text.find(needle)
    while i != -1:
        hits.append(i)
        if limit is not None and len(hits) > limit:
            break
        i = text.find(needle, i + 1)
    return hits


@dataclass(frozen=True)
class Folding:
    """A selector folded: its quote without edge whitespace, and its context."""

    quote: str
    prefix: str
    suffix: str

    @classmethod
    def of(cls, sel: Selector) -> Folding:
        m = _EDGE_GAPS.match(sel.quote)
        assert m is not None  # every string matches: all its parts are optional
        lead, core, trail = sel.quote[: m.start(1)], m.group(1), sel.quote[m.end(1) :]
        return cls(fold(core).strip(" "), fold(sel.prefix + lead), fold(trail + sel.suffix))
