"""A PDF's lines rebuilt into paragraphs, whichever engine read them.

Running headers and footers (lines repeated at the top or bottom of many pages,
digits ignored) and page numbers ("3", "Page 3 of 7") are dropped, but never
from a page they would leave empty. Lines of a paragraph are joined, words
hyphenated at line ends rejoined, letter-spaced words ("Q u a l i t y") closed
up; a paragraph ends at a blank line, a vertical gap, a change of font size, an
indented next line, or a short line ending in sentence punctuation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise

_EDGE = 3
"""How many lines at the top and at the bottom of a page may be header or footer."""

_PAGE_NUMBER = re.compile(
    r"(?:(?:page|p\.|seite|pág\.?|página)\s*)?[-–—]?\s*"
    r"(?:\d{1,4}|(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))\s*[-–—]?"
    r"(?:\s*(?:of|/|von|de|sur)\s*\d{1,4})?",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?:;…؟。][\"'”’»)\]]*$")
_BULLET = re.compile(r"[•▪◦●■►‣⁃]\s")
_NUMBERED = re.compile(r"(?:\d{1,2}|[a-z])[.)]\s")
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_HYPHENS = ("-", "\u2010", "\u00ad")


@dataclass
class Line:
    text: str
    page: int
    x: float | None = None
    y: float | None = None
    """Where the line starts, in PDF units (None when the engine does not say)."""
    size: float = 0.0
    """Font size of most of the line."""


_SPACED_RUN = re.compile(r"(?<!\S)(?:\w ){3,}\w(?!\S)")


def _close_up(match: re.Match[str]) -> str:
    letters = match.group().replace(" ", "")
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", letters)  # "QualityAssurance": a new word


def clean(text: str) -> str:
    """A line's text: ligatures spelt out, spaces collapsed, letter-spaced words closed up
    ("Q u a l i t y A s s u r a n c e" -> "Quality Assurance")."""
    text = text.translate(_LIGATURES)
    if " " in text and _SPACED_RUN.search(text):  # words may be told apart by wider spaces
        text = "  ".join(_SPACED_RUN.sub(_close_up, part) for part in re.split(r"\s{2,}", text))
    return " ".join(text.split())


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def drop_running_lines(pages: list[list[Line]]) -> list[Line]:
    """All lines in order without running headers, footers and page numbers.

    A line near a page's edge is running when its digit-blind form is near the
    edge of many pages; the very first or last line also when it is so on two
    pages close together (per-chapter headers).
    """
    edges: list[set[int]] = []
    near: dict[str, list[int]] = {}
    outer: dict[str, list[int]] = {}
    for number, lines in enumerate(pages):
        filled = [i for i, line in enumerate(lines) if line.text]
        edge = set(filled[:_EDGE] + filled[-_EDGE:])
        edges.append(edge)
        for key in {_key(lines[i].text) for i in edge}:
            near.setdefault(key, []).append(number)
        for key in {_key(lines[i].text) for i in filled[:1] + filled[-1:]}:
            outer.setdefault(key, []).append(number)
    needed = max(2, math.ceil(0.4 * len(pages)))
    running = {key for key, where in near.items() if len(where) >= needed}
    running |= {key for key, where in outer.items() if any(b - a <= 2 for a, b in pairwise(where))}
    kept: list[Line] = []
    for lines, edge in zip(pages, edges, strict=True):
        body = [
            line
            for i, line in enumerate(lines)
            if not (i in edge and (_PAGE_NUMBER.fullmatch(line.text) or _key(line.text) in running))
        ]
        kept += body if any(line.text for line in body) else lines  # never empty a page
    return kept


def _leading(a: Line, b: Line) -> float | None:
    """Vertical step from line a down to line b, in units of b's font size (None if unknown)."""
    if a.page != b.page or a.y is None or b.y is None or not (a.text and b.text):
        return None
    return (a.y - b.y) / (b.size or 12.0)


def _breaks_between(a: Line, b: Line, leading: float | None, full: float) -> bool:
    """Whether line b starts a new paragraph after line a."""
    if not a.text or not b.text:
        return True
    em = b.size or a.size or 10.0
    if a.size and b.size and abs(a.size - b.size) > 0.15 * max(a.size, b.size):
        return True
    step = _leading(a, b)
    if leading and step is not None and step > 1.5 * leading:
        return True  # a vertical gap (a step up is a new column: no break)
    if _BULLET.match(b.text) or (_NUMBERED.match(b.text) and _SENTENCE_END.search(a.text)):
        return True
    if (
        a.x is not None
        and b.x is not None
        and 0.8 * em < b.x - a.x < 6 * em
        and not (_BULLET.match(a.text) or _NUMBERED.match(a.text))
    ):
        return True  # a first-line indent (not a list item's hanging indent)
    return len(a.text) < 0.75 * full and bool(_SENTENCE_END.search(a.text))


def paragraphs(lines: list[Line]) -> list[str]:
    steps = sorted(s for a, b in pairwise(lines) if (s := _leading(a, b)) and 0 < s < 3)
    leading = steps[len(steps) // 4] if steps else None  # lower quartile: ordinary line spacing
    lengths = sorted(len(line.text) for line in lines if line.text)
    full = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0
    compounds = {w.casefold() for line in lines for w in re.findall(r"\w+-\w+", line.text)}
    paragraphs: list[str] = []
    current: list[str] = []  # the paragraph's pieces: lines, spaces, lines (joined once)
    previous: Line | None = None
    for line in lines:
        if previous is not None and _breaks_between(previous, line, leading, full):
            if current:
                paragraphs.append("".join(current))
            current = []
        if line.text:
            if current:
                current[-1], glue = _join(current[-1], line.text, compounds)
                current.append(glue)
            current.append(line.text)
        previous = line
    if current:
        paragraphs.append("".join(current))
    return paragraphs


def _join(last: str, line: str, compounds: set[str]) -> tuple[str, str]:
    """(the paragraph's last line, what goes between it and the next line): a word
    hyphenated at the line end is rejoined, a real compound keeps its hyphen."""
    if last.endswith(_HYPHENS) and len(last) > 1 and last[-2].isalpha():
        head = re.search(r"\w+$", last[:-1])
        tail = re.match(r"\w+", line)
        if last.endswith("\u00ad") or (
            line[:1].islower()
            and not (head and tail and f"{head.group()}-{tail.group()}".casefold() in compounds)
        ):
            return last[:-1], ""
        return last, ""  # a real compound such as "well-known" or "COVID-19"
    return last, " "
