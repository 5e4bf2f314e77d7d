"""Balanced quotation marks for an excerpt's quote: the one place every renderer relies on.

An analyst's highlight may take a quotation mark of the source with it -- the
opening one and not the closing one, or the reverse. ``display_quote(text)``
returns the quote as the brief prints it and whether a renderer should wrap it
in quotation marks of its own:

* a quote that opens with a mark it does not close (“ « ‘ or a straight ")
  is completed at the end; one that ends with a mark it never opened (” » ")
  is completed at the start;
* any other unmatched mark inside the quote is trimmed (the last unmatched
  opening mark, the first unmatched closing one);
* a quote that then begins or ends with a quotation mark is not wrapped again
  (``wrap`` False), so the page never shows ““ or ””.

Single curly quotes count as quotation marks only when the quote opens with
‘: a ’ is otherwise an apostrophe (it’s, the states’ budget) and is left alone.
"""

from __future__ import annotations

import re

_PAIRS = (("“", "”"), ("«", "»"))
_OPENERS = ("“", "«", "‘", '"')
_CLOSERS = ("”", "»", "’", '"')
_MARKS = re.compile('[“”«»‘"]')


def _single_closers(text: str) -> int:
    """’ that close a quotation: not between two letters (it’s)."""
    n = 0
    for i, ch in enumerate(text):
        if ch == "’" and not (i + 1 < len(text) and text[i + 1].isalpha()):
            n += 1
    return n


def _balance(q: str, opener: str, closer: str) -> str:
    opens, closes = q.count(opener), q.count(closer)
    if opens > closes and q.startswith(opener):
        q += closer
    elif closes > opens and q.endswith(closer):
        q = opener + q
    opens, closes = q.count(opener), q.count(closer)
    while opens > closes:
        i = q.rindex(opener)
        q, opens = q[:i] + q[i + 1 :], opens - 1
    while closes > opens:
        i = q.index(closer)
        q, closes = q[:i] + q[i + 1 :], closes - 1
    return q


def display_quote(text: str) -> tuple[str, bool]:
    """``(quote, wrap)``: the quote with balanced marks, and whether to add marks around it."""
    q = text.strip()
    if not q or (_MARKS.search(q) is None and not q.endswith("’")):
        return q, True  # the common case: no quotation mark at all
    for opener, closer in _PAIRS:
        q = _balance(q, opener, closer)
    if q.count('"') % 2:
        if q.startswith('"') and not q.endswith('"'):
            q += '"'
        elif q.endswith('"') and not q.startswith('"'):
            q = '"' + q
        else:
            i = q.rindex('"')
            q = q[:i] + q[i + 1 :]
    if q.startswith("‘"):
        q += "’" * max(0, q.count("‘") - _single_closers(q))
    wrap = not (q.startswith(_OPENERS) or q.endswith(_CLOSERS))
    return q, wrap
