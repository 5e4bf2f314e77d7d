"""Finding highlights again: exact position, exact quote, folded quote, fuzzy."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz.distance import Indel

from ..model import CONTEXT_CHARS
from .diffmap import OffsetMap
from .folding import Folded, Folding, context_score, occurrences
from .fuzzy import (
    FUZZY_LENGTH_TOLERANCE,
    FUZZY_MIN_CHARS,
    FUZZY_MIN_SIMILARITY,
    FuzzyMatcher,
    regions_by_chunks,
)
from .selectors import Anchor, Selector

K = TypeVar("K", bound=Hashable)


def anchor(text: str, selector: Selector) -> Anchor | None:
    """Find one highlight in ``text``, or None when it cannot be found."""
    return _Anchorer(text).anchor(selector, selector.start)


def reanchor(
    text: str, selectors: Mapping[K, Selector], old_text: str | None = None
) -> tuple[dict[K, Anchor], list[K]]:
    """Find many highlights of one source in its new ``text``.

    Returns the anchors by key and the orphan keys, both in input order.

    With ``old_text`` (the text the selectors were made on), the two texts
    are diffed once first (``diffmap.OffsetMap``): a highlight whose first
    and last characters are unchanged is carried over to where they went -
    exactly when its quote is still there, as "fuzzy" when it was edited
    inside but stays similar enough - and only the others are searched for,
    each expected where the unchanged text before it went.

    Without it, highlights are searched in their old order, each expected
    where the one before it moved to (an insertion shifts everything after it
    alike)."""
    finder = _Anchorer(text)
    found: dict[K, Anchor] = {}
    ordered = sorted(selectors.items(), key=lambda kv: (kv[1].start, kv[1].end))
    if old_text is not None:
        offsets = OffsetMap(old_text, text)
        for key, sel in ordered:
            a = _carried(text, old_text, sel, offsets)
            if a is None:
                a = finder.anchor(sel, offsets.near(sel.start))
            if a is not None:
                found[key] = a
    else:
        shift = 0
        for key, sel in ordered:
            a = finder.anchor(sel, sel.start + shift)
            if a is not None:
                found[key] = a
                shift = a.start - sel.start
    anchored = {k: found[k] for k in selectors if k in found}
    orphans = [k for k in selectors if k not in found]
    return anchored, orphans


def _carried(text: str, old_text: str, sel: Selector, offsets: OffsetMap) -> Anchor | None:
    """The highlight where the diff carries it, or None when the diff cannot
    place it (its quote was not in the old text there, an end was deleted or
    rewritten, or the text between changed too much)."""
    m = len(sel.quote)
    if not m or not old_text.startswith(sel.quote, sel.start) or sel.end - sel.start != m:
        return None
    span = offsets.span(sel.start, sel.end)
    if span is None:
        return None
    start, end = span
    if text.startswith(sel.quote, start) and end - start == m:
        return Anchor(start, end, "position" if start == sel.start else "quote", 1.0)
    if m < FUZZY_MIN_CHARS or abs(end - start - m) > FUZZY_LENGTH_TOLERANCE * m:
        return None
    ratio = Indel.normalized_similarity(sel.quote, text[start:end])
    if ratio < FUZZY_MIN_SIMILARITY:
        return None
    return Anchor(start, end, "fuzzy", ratio)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    context: int
    full: int
    """The most context that could have matched."""


class _Anchorer:
    """Anchors selectors in one text, folding it once, only when needed."""

    def __init__(self, text: str):
        self.text = text
        self._folded: Folded | None = None
        self._fuzzy_matcher = FuzzyMatcher()

    @property
    def folded(self) -> Folded:
        if self._folded is None:
            self._folded = Folded(self.text)
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
                and context_score(text, at, at + n, sel.prefix, sel.suffix) == full
            ):
                return _Found(at, at + n, full, full)
        best: tuple[int, int, bool, int] | None = None
        for at in occurrences(text, quote):
            key = (
                context_score(text, at, at + n, sel.prefix, sel.suffix),
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
        f = Folding.of(sel)
        if not f.quote:
            return None
        folded = self.folded
        ft, n = folded.text, len(f.quote)
        near = folded.to_folded(expected)
        best: tuple[int, int, int] | None = None
        for at in occurrences(ft, f.quote):
            key = (context_score(ft, at, at + n, f.prefix, f.suffix), -abs(at - near), -at)
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
        f = Folding.of(sel)
        quote, m = f.quote, len(f.quote)
        if m < FUZZY_MIN_CHARS:
            return None
        folded = self.folded
        ft = folded.text
        self._fuzzy_matcher.set_quote(quote)
        near = folded.to_folded(expected)
        slack = m // 4 + 8
        best = self._fuzzy_matcher.best_in(ft, [(near - slack, near + m + slack)], f, near)
        old = folded.to_folded(sel.start)
        if best is None and abs(old - near) > slack:  # where it was, if not where expected
            best = self._fuzzy_matcher.best_in(ft, [(old - slack, old + m + slack)], f, near)
        if best is None and not near_only:
            regions = regions_by_chunks(ft, quote, near, slack)
            best = self._fuzzy_matcher.best_in(ft, regions, f, near)
        if best is None:
            return None
        ratio, context, _, at, end = best
        start, end = folded.span_to_original(at, end)
        return (
            Anchor(start, end, "fuzzy", ratio),
            _Found(start, end, context, len(f.prefix) + len(f.suffix)),
        )
