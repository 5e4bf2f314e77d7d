"""Selectors and re-anchoring of highlights in a source's text.

A highlight is stored as the W3C Web Annotation pair TextPositionSelector +
TextQuoteSelector: code-point offsets ``start``/``end``, the ``quote`` they
covered, and up to ``CONTEXT_CHARS`` of ``prefix``/``suffix`` context. When a
source's text is replaced by a re-import, ``reanchor`` finds each highlight
again, or reports it as an orphan; it never moves one silently to a place that
only happens to look alike.

A re-import that knows the old text (``reanchor(text, selectors,
old_text=...)``, as ``Store.replace_source_text`` does) first diffs the two
texts once (``diffmap.OffsetMap``: lines, then characters inside changed
lines, and lines moved unchanged): a highlight whose first and last
characters are unchanged is carried over, exactly when its quote is still
there, as "fuzzy" when it was edited inside and stays similar enough. Only
the others are searched for, each expected where the unchanged text before
it went.

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
   of the quote occur are aligned with rapidfuzz's Indel diff; accepted
   only with similarity >= ``FUZZY_MIN_SIMILARITY`` and a length within
   ``FUZZY_LENGTH_TOLERANCE`` of the quote's. Quotes shorter than
   ``FUZZY_MIN_CHARS`` are only matched exactly or normalized.

An exact match found far away with almost none of its context is a guess; it
gives way to a fuzzy match near the expected place whose context holds.

An empty quote never anchors. Offsets are Python code points throughout.
"""

from .anchorer import anchor, reanchor
from .fuzzy import FUZZY_LENGTH_TOLERANCE, FUZZY_MIN_CHARS, FUZZY_MIN_SIMILARITY
from .selectors import Anchor, Selector

__all__ = [
    "FUZZY_LENGTH_TOLERANCE",
    "FUZZY_MIN_CHARS",
    "FUZZY_MIN_SIMILARITY",
    "Anchor",
    "Selector",
    "anchor",
    "reanchor",
]
