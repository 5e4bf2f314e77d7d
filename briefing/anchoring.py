"""Selectors and re-anchoring of highlights in a source's text.

A highlight is stored as the W3C Web Annotation pair TextPositionSelector +
TextQuoteSelector: code-point offsets ``start``/``end``, the ``quote`` they
covered, and up to ``CONTEXT_CHARS`` of ``prefix``/``suffix`` context. When a
source's text is replaced by a re-import, ``reanchor`` finds each highlight
again, or reports it as an orphan; it never moves one silently to a place that
only happens to look alike.

The search, cheapest first:

1. **position** - the old offsets still hold the quote, with its context (or
   no other occurrence of the quote has better context).
2. **quote** - the exact quote elsewhere: the occurrence whose surroundings
   match the stored prefix/suffix best, ties broken by distance to where the
   highlight is expected (its old offset; in ``reanchor``, shifted by how far
   the highlight before it moved).
3. **normalized** - the same on texts folded for whitespace runs (line ends,
   re-wrapped lines, NBSP), curly vs straight quotes, dashes, soft hyphens; the
   span is mapped back to exact code-point offsets of the new text.
4. **fuzzy** - small edits inside the quote (a word changed, a typo fixed, a
   comma added): windows near the expected place and where distinctive chunks
   of the quote occur are compared with ``difflib.SequenceMatcher``; accepted
   only with similarity >= ``FUZZY_MIN_SIMILARITY`` and a length within
   ``FUZZY_LENGTH_TOLERANCE`` of the quote's. Quotes shorter than
   ``FUZZY_MIN_CHARS`` are only matched exactly or normalized.

An exact match found far away with almost none of its context is a guess; it
gives way to a fuzzy match near the expected place whose context holds.

An empty quote never anchors. Offsets are Python code points throughout.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from difflib import Match, SequenceMatcher
from typing import TypeVar

from .model import CONTEXT_CHARS

__all__ = [
    "FUZZY_LENGTH_TOLERANCE",
    "FUZZY_MIN_CHARS",
    "FUZZY_MIN_SIMILARITY",
    "Anchor",
    "Selector",
    "anchor",
    "reanchor",
]

FUZZY_MIN_SIMILARITY = 0.85
"""A fuzzy match needs at least this ``SequenceMatcher.ratio()`` with the quote."""

FUZZY_LENGTH_TOLERANCE = 0.25
"""A fuzzy match is at most this fraction longer or shorter than the quote."""

FUZZY_MIN_CHARS = 12
"""Shorter quotes (after folding) are never matched fuzzily: too easy to mistake."""

_CHUNK_MAX_HITS = 16
"""A chunk of the quote occurring more often than this says nothing about where it is."""

_MAX_REGIONS = 4
"""How many places found by chunks are compared in full, best-voted first."""

_GRAM, _GRAMS_KEPT = 5, 5
"""A window is compared in full only if 1 in ``_GRAMS_KEPT`` of the quote's
non-overlapping ``_GRAM``-grams occur in it: a cheap test that a match at
``FUZZY_MIN_SIMILARITY`` passes unless its edits are spread evenly over it."""

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Selector:
    """Where a highlight was: offsets plus the quoted text and its context."""

    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Anchor:
    """Where a highlight is now, and how it was found."""

    start: int
    end: int
    method: str
    """"position", "quote", "normalized" or "fuzzy"."""
    score: float
    """1.0 for exact matches; the similarity for fuzzy ones."""


def anchor(text: str, selector: Selector) -> Anchor | None:
    """Find one highlight in ``text``, or None when it cannot be found."""
    return _Anchorer(text).anchor(selector, selector.start)


def reanchor(text: str, selectors: Mapping[K, Selector]) -> tuple[dict[K, Anchor], list[K]]:
    """Find many highlights of one source in its new ``text``.

    Returns the anchors by key and the orphan keys, both in input order.
    Highlights are searched in their old order, each expected where the one
    before it moved to (an insertion shifts everything after it alike)."""
    finder = _Anchorer(text)
    found: dict[K, Anchor] = {}
    shift = 0
    for key, sel in sorted(selectors.items(), key=lambda kv: (kv[1].start, kv[1].end)):
        a = finder.anchor(sel, sel.start + shift)
        if a is not None:
            found[key] = a
            shift = a.start - sel.start
    anchored = {k: found[k] for k in selectors if k in found}
    orphans = [k for k in selectors if k not in found]
    return anchored, orphans


# -- folding: matching that ignores whitespace, quote and dash styles ------------

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


class _Folded:
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


def _fold(s: str) -> str:
    return _Folded(s).text


# -- context -----------------------------------------------------------------------


def _common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _context(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many stored context characters surround ``text[start:end]``."""
    score = 0
    if prefix:
        score += _common_suffix(text[max(0, start - len(prefix)) : start], prefix)
    if suffix:
        score += _common_prefix(text[end : end + len(suffix)], suffix)
    return score


def _occurrences(text: str, needle: str, limit: int | None = None) -> list[int]:
    hits: list[int] = []
    i = text.find(needle)
    while i != -1:
        hits.append(i)
        if limit is not None and len(hits) > limit:
            break
        i = text.find(needle, i + 1)
    return hits


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    context: int
    full: int
    """The most context that could have matched."""


@dataclass(frozen=True)
class _Folding:
    """A selector folded: its quote without edge whitespace, and its context."""

    quote: str
    prefix: str
    suffix: str

    @classmethod
    def of(cls, sel: Selector) -> _Folding:
        m = _EDGE_GAPS.match(sel.quote)
        lead, core, trail = sel.quote[: m.start(1)], m.group(1), sel.quote[m.end(1) :]
        return cls(_fold(core).strip(" "), _fold(sel.prefix + lead), _fold(trail + sel.suffix))


class _Anchorer:
    """Anchors selectors in one text, folding it once, only when needed."""

    def __init__(self, text: str):
        self.text = text
        self._folded: _Folded | None = None
        self._matcher = SequenceMatcher(None, autojunk=False)
        self._grams: list[str] = []

    @property
    def folded(self) -> _Folded:
        if self._folded is None:
            self._folded = _Folded(self.text)
        return self._folded

    def anchor(self, sel: Selector, expected: int) -> Anchor | None:
        if not sel.quote:
            return None
        found = self._exact(sel, expected)
        if found is not None:
            method = "position" if found.start == sel.start else "quote"
        else:
            method, found = "normalized", self._normalized(sel, expected)
        if found is not None:
            if self._is_guess(found, expected):
                near = self._fuzzy(sel, expected, near_only=True)
                if near is not None and 2 * near[1].context >= near[1].full:
                    return near[0]
            return Anchor(found.start, found.end, method, 1.0)
        near = self._fuzzy(sel, expected, near_only=False)
        return near[0] if near is not None else None

    @staticmethod
    def _is_guess(found: _Found, expected: int) -> bool:
        """Far from where it was expected, with almost none of its context."""
        far = abs(found.start - expected) > (found.end - found.start) + 2 * CONTEXT_CHARS
        return far and 4 * found.context < found.full

    # -- 1, 2: the exact quote ---------------------------------------------------------

    def _exact(self, sel: Selector, expected: int) -> _Found | None:
        text, quote, n = self.text, sel.quote, len(sel.quote)
        full = len(sel.prefix) + len(sel.suffix)
        for at in dict.fromkeys((expected, sel.start)):
            if (
                0 <= at <= len(text) - n
                and text.startswith(quote, at)
                and _context(text, at, at + n, sel.prefix, sel.suffix) == full
            ):
                return _Found(at, at + n, full, full)
        best: tuple | None = None
        for at in _occurrences(text, quote):
            key = (
                _context(text, at, at + n, sel.prefix, sel.suffix),
                -abs(at - expected),
                at == sel.start,
                -at,
            )
            if best is None or key > best:
                best = key
        if best is None:
            return None
        at = -best[3]
        return _Found(at, at + n, best[0], full)

    # -- 3: folded for whitespace, quotes and dashes --------------------------------

    def _normalized(self, sel: Selector, expected: int) -> _Found | None:
        f = _Folding.of(sel)
        if not f.quote:
            return None
        folded = self.folded
        ft, n = folded.text, len(f.quote)
        near = folded.to_folded(expected)
        best: tuple | None = None
        for at in _occurrences(ft, f.quote):
            key = (_context(ft, at, at + n, f.prefix, f.suffix), -abs(at - near), -at)
            if best is None or key > best:
                best = key
        if best is None:
            return None
        at = -best[2]
        start, end = folded.span_to_original(at, at + n)
        return _Found(start, end, best[0], len(f.prefix) + len(f.suffix))

    # -- 4: small edits --------------------------------------------------------------

    def _fuzzy(
        self, sel: Selector, expected: int, *, near_only: bool
    ) -> tuple[Anchor, _Found] | None:
        f = _Folding.of(sel)
        quote, m = f.quote, len(f.quote)
        if m < FUZZY_MIN_CHARS:
            return None
        folded = self.folded
        ft = folded.text
        self._matcher.set_seq2(quote)
        self._grams = [quote[i : i + _GRAM] for i in range(0, m - _GRAM + 1, _GRAM)]
        near = folded.to_folded(expected)
        slack = m // 4 + 8
        best = self._best_in([(near - slack, near + m + slack)], f, near)
        old = folded.to_folded(sel.start)
        if best is None and abs(old - near) > slack:  # where it was, if not where expected
            best = self._best_in([(old - slack, old + m + slack)], f, near)
        if best is None and not near_only:
            regions = self._regions_by_chunks(ft, quote, near, slack)
            best = self._best_in(regions, f, near)
        if best is None:
            return None
        ratio, context, _, at, end = best
        start, end = folded.span_to_original(at, end)
        return (
            Anchor(start, end, "fuzzy", ratio),
            _Found(start, end, context, len(f.prefix) + len(f.suffix)),
        )

    @staticmethod
    def _regions_by_chunks(ft: str, quote: str, near: int, slack: int) -> list[tuple[int, int]]:
        """Places where several distinctive chunks of the quote occur."""
        m = len(quote)
        size = max(4, min(32, m // 5))
        count = max(1, min(8, m // size))
        step = (m - size) / (count - 1) if count > 1 else 0
        votes: list[tuple[int, int]] = []  # (implied quote start, chunk number)
        for c in range(count):
            off = round(c * step)
            hits = _occurrences(ft, quote[off : off + size], _CHUNK_MAX_HITS)
            if len(hits) <= _CHUNK_MAX_HITS:
                votes.extend((h - off, c) for h in hits)
        votes.sort()
        groups: list[tuple[int, int, int, int]] = []  # (-chunks agreeing, distance, lo, hi)
        i = 0
        while i < len(votes):
            j = i
            while j + 1 < len(votes) and votes[j + 1][0] - votes[j][0] <= slack:
                j += 1
            lo, hi = votes[i][0], votes[j][0]
            chunks = len({c for _, c in votes[i : j + 1]})
            groups.append((-chunks, abs(lo - near), lo, hi))
            i = j + 1
        groups.sort()
        return [(lo - slack, hi + m + slack) for _, _, lo, hi in groups[:_MAX_REGIONS]]

    def _best_in(
        self, regions: list[tuple[int, int]], f: _Folding, near: int
    ) -> tuple[float, int, int, int, int] | None:
        """The best acceptable window over the regions, as
        (ratio, context, -distance, start, end) in folded offsets."""
        ft = self.folded.text
        best = None
        for lo, hi in regions:
            lo, hi = max(0, lo), min(len(ft), hi)
            span = self._window(ft, lo, hi, f)
            if span is None:
                continue
            start, end, ratio = span
            if ratio < FUZZY_MIN_SIMILARITY:
                continue
            key = (
                ratio,
                _context(ft, start, end, f.prefix, f.suffix),
                -abs(start - near),
                start,
                end,
            )
            if best is None or key[:3] > best[:3]:
                best = key
        return best

    def _window(self, ft: str, lo: int, hi: int, f: _Folding) -> tuple[int, int, float] | None:
        """The span of ``ft[lo:hi]`` that stands for the quote (set as seq2),
        and its similarity: ``2 * matched / (len(quote) + len(span))`` as in
        ``SequenceMatcher.ratio``, counting the region's matching blocks
        that fall inside the span.

        The span runs from the first to the last of the quote's matching
        blocks worth keeping (see ``_outermost``). An unmatched end of the
        quote (a replaced first or last word) is still covered: up to where
        the stored context ends (or begins) when it is found nearby, even
        inside blocks kept by chance; else by the unmatched length, snapped
        to a word boundary when the quote began (ended) at one."""
        m = len(f.quote)
        if hi - lo < m * (1 - FUZZY_LENGTH_TOLERANCE):
            return None
        region = ft[lo:hi]
        grams = self._grams
        if sum(g in region for g in grams) * _GRAMS_KEPT < len(grams):
            return None
        sm = self._matcher
        sm.set_seq1(region)
        blocks = sm.get_matching_blocks()[:-1]
        matched = sum(b.size for b in blocks)
        if not blocks or 2 * matched < FUZZY_MIN_SIMILARITY * (m + matched):
            return None
        first, core, last = _outermost(blocks, m)
        head, tail = first.b, m - last.b - last.size  # quote characters left unmatched
        begin, finish = lo + first.a, lo + last.a + last.size
        start, end = max(0, begin - head), min(len(ft), finish + tail)
        limit = max(4, m // 10)
        reach = max(limit, int(FUZZY_LENGTH_TOLERANCE * m))
        if head:
            by_context = _after_prefix(ft, start - reach, lo + core.a, start, f.prefix)
            if by_context is not None:
                start = by_context
            elif not f.prefix or not f.prefix[-1].isalnum():
                start = _snap_start(ft, start, limit)
        if tail:
            by_context = _before_suffix(ft, lo + core.a + core.size, end + reach, end, f.suffix)
            if by_context is not None:
                end = by_context
            elif not f.suffix or not f.suffix[0].isalnum():
                end = _snap_end(ft, end, limit)
        while start < end and ft[start] == " ":
            start += 1
        while end > start and ft[end - 1] == " ":
            end -= 1
        if start >= end or abs(end - start - m) > FUZZY_LENGTH_TOLERANCE * m:
            return None
        inside = sum(max(0, min(lo + b.a + b.size, end) - max(lo + b.a, start)) for b in blocks)
        ratio = 2 * inside / (m + end - start)
        if abs(ratio - FUZZY_MIN_SIMILARITY) < 0.1:  # near the line: measure the span itself
            sm.set_seq1(ft[start:end])
            ratio = sm.ratio()
        return start, end, ratio


def _outermost(blocks: list[Match], m: int) -> tuple[Match, Match, Match]:
    """The first, longest and last matching blocks (``a`` in the text, ``b``
    in the quote). Going outwards from the longest, a block adds the
    characters it matches and costs the unmatched text it pulls in beyond the
    quote's own gap; one holding the quote's first or last character gets
    some leeway. The first and last are the outermost at the best total, so a
    stray match far out is dropped and a word inserted inside is kept."""
    core = max(range(len(blocks)), key=lambda t: blocks[t].size)
    leeway = max(8, m // 10)

    def extra(t: int) -> int:  # text gap between blocks t and t+1 beyond the quote's gap
        x, y = blocks[t], blocks[t + 1]
        return max(0, (y.a - x.a - x.size) - (y.b - x.b - x.size))

    first, best, score = core, (leeway if blocks[core].b == 0 else 0), 0
    for t in range(core - 1, -1, -1):
        score += blocks[t].size - extra(t)
        total = score + (leeway if blocks[t].b == 0 else 0)
        if total > best:
            first, best = t, total
    last, best, score = core, (leeway if blocks[core].b + blocks[core].size == m else 0), 0
    for t in range(core + 1, len(blocks)):
        score += blocks[t].size - extra(t - 1)
        total = score + (leeway if blocks[t].b + blocks[t].size == m else 0)
        if total > best:
            last, best = t, total
    return blocks[first], blocks[core], blocks[last]


_EDGE_CONTEXT = 4
"""Context characters that must match to place a replaced first or last word."""


def _after_prefix(ft: str, lo: int, hi: int, aim: int, prefix: str) -> int | None:
    """The offset in ``[lo, hi]`` right after the most of ``prefix`` (less its
    final space, which the span's edge trimming skips), nearest ``aim``."""
    prefix = prefix.rstrip(" ")
    need = min(len(prefix), _EDGE_CONTEXT)
    if not need:
        return None
    best = None
    for at in range(max(0, lo), min(hi, len(ft)) + 1):
        key = (_common_suffix(ft[max(0, at - len(prefix)) : at], prefix), -abs(at - aim))
        if key[0] >= need and (best is None or key > best[0]):
            best = key, at
    return best[1] if best else None


def _before_suffix(ft: str, lo: int, hi: int, aim: int, suffix: str) -> int | None:
    """The offset in ``[lo, hi]`` right before the most of ``suffix`` (less its
    first space), nearest ``aim``."""
    suffix = suffix.lstrip(" ")
    need = min(len(suffix), _EDGE_CONTEXT)
    if not need:
        return None
    best = None
    for at in range(max(0, lo), min(hi, len(ft)) + 1):
        key = (_common_prefix(ft[at : at + len(suffix)], suffix), -abs(at - aim))
        if key[0] >= need and (best is None or key > best[0]):
            best = key, at
    return best[1] if best else None


def _snap_start(ft: str, at: int, limit: int) -> int:
    """``at`` moved to the nearer start of a word when it falls inside one."""
    if not (0 < at < len(ft) and ft[at - 1].isalnum() and ft[at].isalnum()):
        return at
    left = at
    while left > 0 and ft[left - 1].isalnum():
        left -= 1
    right = at
    while right < len(ft) and ft[right].isalnum():
        right += 1
    choice = left if at - left <= right - at else right
    return choice if abs(choice - at) <= limit else at


def _snap_end(ft: str, at: int, limit: int) -> int:
    """``at`` moved to the nearer end of a word when it falls inside one."""
    if not (0 < at < len(ft) and ft[at - 1].isalnum() and ft[at].isalnum()):
        return at
    right = at
    while right < len(ft) and ft[right].isalnum():
        right += 1
    left = at
    while left > 0 and ft[left - 1].isalnum():
        left -= 1
    choice = right if right - at <= at - left else left
    return choice if abs(choice - at) <= limit else at
