"""The rendering budget of a note: caps that keep every renderer linear.

Applied while parsing, so the PDF, Word, HTML and Markdown renderers and the
window's preview all get bounded input:

* before Markdown: quote markers (``> > >``) and list indentation deeper than
  ``MAX_DEPTH`` levels are reduced to ``MAX_DEPTH`` (the text stays, the extra
  nesting goes: Python-Markdown re-parses every level of a nested quote, and
  the layouts nest a box per level);
* in the tree: a list of more than ``LIST_ITEMS_PER_BLOCK`` items is split
  into consecutive lists; a code block over ``MAX_CODE_CHARS``, a table cell over
  ``MAX_CELL_CHARS`` and a table over ``MAX_TABLE_ROWS`` rows are cut, and
  end with a visible marker saying how much was cut (``cut_marker``).
"""

from __future__ import annotations

import re

from .nodes import MAX_DEPTH, Inline, Text
from .split import inline_len, leaves, rebuild

MAX_CODE_CHARS = 50_000
"""Longest code block kept (about 15 pages); the rest is cut with a marker."""

MAX_CELL_CHARS = 2_000
"""Longest table cell kept; the rest is cut with a marker."""

MAX_TABLE_ROWS = 1_000
"""Most table rows kept; further rows are cut, with a marker row."""

LIST_ITEMS_PER_BLOCK = 100
"""A longer list becomes consecutive lists of this many items (numbering
continues): a page layout splits each on its own instead of re-measuring
every remaining item of one huge list on every page."""


def cut_marker(count: int, unit: str = "characters") -> str:
    """The visible note of what was cut: "… (cut: 1.2 M characters more)"."""
    if count >= 1_000_000:
        amount = f"{count / 1_000_000:.1f} M"
    elif count >= 10_000:
        amount = f"{count // 1000:,} K"
    else:
        amount = f"{count:,}"
    return f"\u2026 (cut: {amount} {unit} more)"


# --------------------------------------------------------------------------
# Before Markdown: nesting depth

_QUOTES = re.compile(r"[ ]{0,3}>(?:[ ]{0,3}>)*[ ]?")
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"([ \t]+)((?:[-*+]|\d{1,9}[.)])(?:[ \t]|$))")
_MAX_INDENT = 4 * MAX_DEPTH


def cap_nesting(text: str) -> str:
    """``text`` with quote markers beyond ``MAX_DEPTH`` on a line, and list
    items indented deeper than ``MAX_DEPTH`` levels, brought back to that
    depth. Fenced code is left alone. Linear in the text."""
    if ">" not in text and "\n " not in text and "\n\t" not in text:
        return text
    out: list[str] = []
    fence = ""
    fence_quoted = False
    for line in text.split("\n"):
        if fence and not fence_quoted:  # fenced code outside any quote: as typed
            f = _FENCE.match(line)
            if f is not None and f.group(1)[0] == fence[0] and len(f.group(1)) >= len(fence):
                fence = ""
            out.append(line)
            continue
        body = line
        m = _QUOTES.match(line)
        prefix = ""
        if m is not None:
            depth = m.group().count(">")
            body = line[m.end() :]
            prefix = "> " * min(depth, MAX_DEPTH) if depth > MAX_DEPTH else m.group()
        f = _FENCE.match(body)
        if fence:
            if f is not None and f.group(1)[0] == fence[0] and len(f.group(1)) >= len(fence):
                fence = ""
            out.append(prefix + body)
            continue
        if f is not None:
            fence, fence_quoted = f.group(1), bool(prefix)
        else:
            item = _ITEM.match(body)
            if item is not None and len(item.group(1).expandtabs(4)) > _MAX_INDENT:
                body = " " * _MAX_INDENT + body[item.start(2) :]
        out.append(prefix + body)
    return "\n".join(out)


# --------------------------------------------------------------------------
# In the tree: code blocks, table cells, table rows


def cap_code(text: str) -> str:
    """A code block's text cut after ``MAX_CODE_CHARS`` (at a line end where
    one is near), with the marker on a line of its own."""
    over = len(text) - MAX_CODE_CHARS
    if over <= 0:
        return text
    cut = text.rfind("\n", MAX_CODE_CHARS - 2000, MAX_CODE_CHARS)
    if cut < 0:
        cut = MAX_CODE_CHARS
    return text[:cut].rstrip("\n") + "\n" + cut_marker(len(text) - cut)


def cap_cell(inlines: list[Inline]) -> list[Inline]:
    """A table cell's inlines cut after ``MAX_CELL_CHARS``, then the marker."""
    total = inline_len(inlines)
    if total <= MAX_CELL_CHARS:
        return inlines
    kept: list[tuple[tuple[Inline, ...], Inline]] = []
    size = 0
    for path, leaf in leaves(inlines, MAX_CELL_CHARS):
        n = inline_len((leaf,))
        if size + n > MAX_CELL_CHARS:
            room = MAX_CELL_CHARS - size
            if room > 0 and isinstance(leaf, Text):
                kept.append((path, Text(leaf.text[:room])))
                size += room
            break
        kept.append((path, leaf))
        size += n
    out = rebuild(kept)
    out.append(Text(" " + cut_marker(total - size)))
    return out
