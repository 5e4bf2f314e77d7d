"""Fuzzy matching: windows of a folded text compared with a quote that was edited."""

from __future__ import annotations

from rapidfuzz.distance import Indel
from rapidfuzz.distance._initialize import MatchingBlock

from .folding import Folding, common_prefix, common_suffix, context_score, occurrences

FUZZY_MIN_SIMILARITY = 0.85
"""A fuzzy match needs at least this similarity with the quote:
``2 * matched / (len(quote) + len(span))``, ``matched`` the characters of
their longest common subsequence (rapidfuzz's normalized Indel similarity)."""

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


def regions_by_chunks(ft: str, quote: str, near: int, slack: int) -> list[tuple[int, int]]:
    """Places where several distinctive chunks of the quote occur."""
    m = len(quote)
    size = max(4, min(32, m // 5))
    count = max(1, min(8, m // size))
    step = (m - size) / (count - 1) if count > 1 else 0
    votes: list[tuple[int, int]] = []  # (implied quote start, chunk number)
    for c in range(count):
        off = round(c * step)
        hits = occurrences(ft, quote[off : off + size], _CHUNK_MAX_HITS)
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


_MIN_BLOCK = 3
"""Shorter common runs are left out of a window's alignment: a longest common
subsequence strews single letters over any text, which say nothing."""


class FuzzyMatcher:
    """Compares windows of a folded text with one quote at a time."""

    def __init__(self) -> None:
        self._quote = ""
        self._grams: list[str] = []

    def set_quote(self, quote: str) -> None:
        """Compare windows with ``quote`` (folded) from now on."""
        self._quote = quote
        self._grams = [quote[i : i + _GRAM] for i in range(0, len(quote) - _GRAM + 1, _GRAM)]

    def best_in(
        self, ft: str, regions: list[tuple[int, int]], f: Folding, near: int
    ) -> tuple[float, int, int, int, int] | None:
        """The best acceptable window over the regions, as
        (ratio, context, -distance, start, end) in folded offsets."""
        best = None
        for lo, hi in regions:
            lo, hi = max(0, lo), min(len(ft), hi)
            span = self.window(ft, lo, hi, f)
            if span is None:
                continue
            start, end, ratio = span
            if ratio < FUZZY_MIN_SIMILARITY:
                continue
            key = (
                ratio,
                context_score(ft, start, end, f.prefix, f.suffix),
                -abs(start - near),
                start,
                end,
            )
            if best is None or key[:3] > best[:3]:
                best = key
        return best

    def window(self, ft: str, lo: int, hi: int, f: Folding) -> tuple[int, int, float] | None:
        """The span of ``ft[lo:hi]`` that stands for the quote (see ``set_quote``),
        and its similarity: ``2 * matched / (len(quote) + len(span))`` as in
        ``FUZZY_MIN_SIMILARITY``, counting the region's matching blocks
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
        blocks = [
            b
            for b in Indel.opcodes(region, self._quote).as_matching_blocks()
            if b.size >= _MIN_BLOCK
        ]
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
            ratio = Indel.normalized_similarity(ft[start:end], self._quote)
        return start, end, ratio


def _outermost(
    blocks: list[MatchingBlock], m: int
) -> tuple[MatchingBlock, MatchingBlock, MatchingBlock]:
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
        key = (common_suffix(ft[max(0, at - len(prefix)) : at], prefix), -abs(at - aim))
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
        key = (common_prefix(ft[at : at + len(suffix)], suffix), -abs(at - aim))
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
