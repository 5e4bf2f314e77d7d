"""Markdown -> HTML with raw HTML disabled (one configured converter per thread)."""

from __future__ import annotations

import re
import threading

import markdown
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension

# --------------------------------------------------------------------------
# Markdown -> HTML (one configured converter per thread)

_local = threading.local()


def _converter() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        # instances, not names: a name is looked up among every installed package's
        # entry points, which cost ~0.1 s per process
        md = markdown.Markdown(
            extensions=[TableExtension(), FencedCodeExtension(), SaneListExtension()]
        )
        md.preprocessors.deregister("html_block")  # raw HTML blocks become text
        md.inlinePatterns.deregister("html")  # inline tags become text
        _local.md = md
    md.reset()
    return md


# Python-Markdown scans to the end of the paragraph for the closing bracket of
# every "[" (and parenthesis of every "](") it meets: quadratic when there are
# thousands of unmatched ones ("[" x 8000 took 10 s). An unmatched "[" or "("
# can never be part of a link, so before converting, each one is swapped for a
# noncharacter Markdown ignores, and swapped back in the HTML afterwards
# (noncharacters are stripped from user text first, so nothing else maps back).
_SQUARE, _PAREN = "\ufdd0", "\ufdd1"
_BRACKET_TOKENS = re.compile(r"\n[ \t]*\n|\\.|[\[\]()]", re.DOTALL)


_MAX_BRACKET_NESTING = 8


def _defuse_brackets(text: str) -> str:
    if "[" not in text and "(" not in text:
        return text
    squares: list[int] = []
    parens: list[int] = []
    unmatched: list[int] = []
    for m in _BRACKET_TOKENS.finditer(text):
        tok = m.group()
        c = tok[0]
        if c == "[":
            if len(squares) >= _MAX_BRACKET_NESTING:  # "[[[[...]]]]" is quadratic too
                unmatched.append(m.start())
            else:
                squares.append(m.start())
        elif c == "]":
            if squares:
                squares.pop()
        elif c == "(":
            parens.append(m.start())
        elif c == ")":
            if parens:
                parens.pop()
        elif c == "\n":  # a blank line ends every inline run
            unmatched += squares
            unmatched += parens
            squares.clear()
            parens.clear()
    unmatched += squares
    unmatched += parens
    if not unmatched:
        return text
    unmatched.sort()
    parts: list[str] = []
    pos = 0
    for i in unmatched:
        parts.append(text[pos:i])
        parts.append(_SQUARE if text[i] == "[" else _PAREN)
        pos = i + 1
    parts.append(text[pos:])
    return "".join(parts)


# Python-Markdown's block parser re-joins the rest of a block after each
# heading, rule or list item it takes off the front: quadratic in the lines
# of one block ("# a" x 8000 lines took 2 s, "a / ---" x 8000 took 7 s). Very
# long blocks therefore get a blank line every MAX_BLOCK_LINES lines -- never
# inside a fenced code block or a table, nor before the setext underline of
# a heading.
#
# Its inline patterns are superlinear in the length of one paragraph too: a
# line longer than _MAX_LINE_CHARS is cut into paragraphs at a sentence end
# or a space (the tree splits paragraphs over MAX_PARAGRAPH_CHARS anyway),
# never in fenced code or a table row.
MAX_BLOCK_LINES = 100
_MAX_BLOCK_CHARS = 8192
_MAX_LINE_CHARS = 65_536
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*[ ]")
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})")
_UNDERLINE = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


def _cut_line(line: str) -> list[str]:
    """A long line as pieces of at most ``_MAX_LINE_CHARS``, cut after the
    last sentence end (else space) in the second half of each piece."""
    pieces: list[str] = []
    pos = 0
    while len(line) - pos > _MAX_LINE_CHARS:
        lo, hi = pos + _MAX_LINE_CHARS // 2, pos + _MAX_LINE_CHARS
        cut = -1
        for m in _SENTENCE_END.finditer(line, lo, hi):
            cut = m.end()
        if cut < 0:
            space = line.rfind(" ", lo, hi)
            cut = space + 1 if space > 0 else hi
        pieces.append(line[pos:cut])
        pos = cut
    pieces.append(line[pos:])
    return pieces


def _chunk_blocks(text: str) -> str:
    if text.count("\n") < MAX_BLOCK_LINES and len(text) <= _MAX_LINE_CHARS:
        return text
    out: list[str] = []
    run = run_chars = 0
    fence = ""
    prev_underline = in_table = False
    prev = ""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        underline = bool(_UNDERLINE.fullmatch(line))
        after_underline, prev_underline = prev_underline, underline
        if not in_table and "|" in prev and _TABLE_RULE.fullmatch(line):
            in_table = True
        prev = line
        if fence:
            if line.rstrip(" ") == fence:
                fence = ""
            out.append(line)
            continue
        m = _FENCE_OPEN.match(line)
        if m:
            fence = m.group(1)
            run = run_chars = 0
            out.append(line)
            continue
        if not line.strip():
            run = run_chars = 0
            in_table = False
            out.append(line)
            continue
        if (
            (run >= MAX_BLOCK_LINES or run_chars >= _MAX_BLOCK_CHARS)
            and not in_table
            and (not underline or after_underline)
        ):
            out.append("")
            run = run_chars = 0
        if (
            len(line) > _MAX_LINE_CHARS
            and not in_table
            and not ("|" in line and i + 1 < len(lines) and _TABLE_RULE.fullmatch(lines[i + 1]))
        ):
            for piece in _cut_line(line):
                out.append(piece)
                out.append("")
            run = run_chars = 0
            continue
        out.append(line)
        run += 1
        run_chars += len(line)
    return "\n".join(out)


# Each inline element Python-Markdown builds costs 10-100 us, some more
# (backslash escapes are superlinear), so a note made of "**a _b_ *c ",
# "`a " or "\\* " runs for tens of seconds. Past MAX_INLINE_MARKERS marker
# characters (* _ ~ ` \\ and hard breaks), the markers of the following lines
# are swapped for noncharacters like the brackets above and hard breaks become
# soft: shown as typed, not as formatting (list bullets, rules and code
# fences at the start of a line keep working).
MAX_INLINE_MARKERS = 40_000
_MARKERS = re.compile(r"[*_~`\\]| {2,}\n")
_SWAPPED = "\ufdd2\ufdd3\ufdd4\ufdd5\ufdd6"
_SWAP_MARKERS = str.maketrans(dict(zip("*_~`\\", _SWAPPED, strict=True)))
_SWAP_BACK = str.maketrans(dict(zip(_SWAPPED, "*_~`\\", strict=True)))
_LEAD = re.compile(r"[ \t>]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?")
_RULE = re.compile(r"[ \t>]*(?:([*_-])(?:[ \t]*\1){2,}[ \t]*|`{3,}.*|~{3,}.*)")


def _defuse_markers(text: str) -> str:
    if len(text) < MAX_INLINE_MARKERS:
        return text
    at = -1
    for seen, m in enumerate(_MARKERS.finditer(text), 1):
        if seen > MAX_INLINE_MARKERS:
            at = m.start()
            break
    if at < 0:
        return text
    line_start = text.rfind("\n", 0, at) + 1
    out = [text[:line_start]]
    for line in text[line_start:].split("\n"):
        if _RULE.fullmatch(line):
            out.append(line)
        else:
            lead = _LEAD.match(line)
            cut = lead.end() if lead else 0
            out.append(line[:cut] + line[cut:].translate(_SWAP_MARKERS).rstrip(" "))
        out.append("\n")
    out.pop()
    return "".join(out)


def to_html(text: str) -> str | None:
    try:
        out: str = _converter().convert(_defuse_brackets(_chunk_blocks(_defuse_markers(text))))
        if _SQUARE in out or _PAREN in out:
            out = out.replace(_SQUARE, "[").replace(_PAREN, "(")
        if any(c in out for c in _SWAPPED):
            out = out.translate(_SWAP_BACK)
        return out
    except (RecursionError, MemoryError):
        return None
    except Exception:  # noqa: BLE001 - a note must never break a brief
        return None
