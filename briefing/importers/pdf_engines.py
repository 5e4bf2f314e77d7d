"""Three PDF text engines, each giving a page's lines (``pdf_layout.Line``).

- pypdf: the fast first reader. Its lines come with where they start and their
  font size; it also tells when a page's lines run across columns (form
  software writes row by row: "gross incomeRefundable credit").
- pdfminer.six: layout analysis puts columns in reading order; used for those
  pages and for pages whose pypdf text does not read as words.
- PDFium (pypdfium2): opens malformed files that poppler reads and pypdf
  refuses, and is the last reader of a page the other two garble.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from itertools import pairwise
from typing import Any

from .pdf_layout import Line, clean

_GUTTER_EMS = 3.0
"""A chunk starting this far (in font sizes) beyond the previous one's estimated end,
on the same line, is in another column."""
_CHAR_EMS = 0.55
"""Estimated average character width, in font sizes."""


def pypdf_lines(page: Any, number: int) -> tuple[list[Line], bool]:
    """The page's lines in pypdf's order, and whether they run across columns."""
    lines: list[Line] = []
    current = Line("", number)
    sizes: Counter[float] = Counter()
    chunk_end: list[float | None] = [None]  # estimated x where the line's last chunk ends
    gutters: list[int] = []  # x of each jump across a gutter, in 5-point buckets

    def finish() -> None:
        nonlocal current
        if sizes:
            current.size = sizes.most_common(1)[0][0]
            sizes.clear()
        lines.append(current)
        current = Line("", number)
        chunk_end[0] = None

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        em = abs(size * scale) or 10.0
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if part.strip():
                if k == 0:
                    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                    if not current.text.strip():
                        current.x = x
                        current.y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                    elif chunk_end[0] is not None and x > chunk_end[0] + _GUTTER_EMS * em:
                        gutters.append(round(x / 5))
                    chunk_end[0] = x + len(part) * _CHAR_EMS * em
                sizes[round(em, 1)] += len(part.strip())
            current.text += part
            if k < len(parts) - 1:
                finish()

    page.extract_text(visitor_text=visit)
    finish()
    for line in lines:
        line.text = clean(line.text)
    filled = [i for i, line in enumerate(lines) if line.text]
    lines = lines[filled[0] : filled[-1] + 1] if filled else []
    for a, b in pairwise(line for line in lines if line.text):  # a row split into lines
        if a.x is None or a.y is None or b.x is None or b.y is None:
            continue
        if abs(a.y - b.y) < 1 and b.x > a.x + _GUTTER_EMS * (b.size or 10.0):
            gutters.append(round(b.x / 5))
    common = Counter(gutters).most_common(1)
    columns = bool(common) and common[0][1] >= max(3, 0.25 * len(filled))
    return lines, columns


def pdfminer_pages(data: bytes, numbers: list[int]) -> dict[int, list[Line]]:
    """Lines of the pages ``numbers`` (from 1) by pdfminer.six's layout analysis, text
    boxes in reading order with a blank line between them; {} when it cannot read."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextBox

    found: dict[int, list[Line]] = {}
    lines: list[Line]
    try:
        layouts = extract_pages(
            io.BytesIO(data), page_numbers=[n - 1 for n in numbers], laparams=LAParams()
        )
        for number, layout in zip(sorted(numbers), layouts, strict=False):
            lines = []
            for box in layout:
                if not isinstance(box, LTTextBox):
                    continue
                for row in box:
                    sizes = Counter(round(c.size, 1) for c in row if isinstance(c, LTChar))
                    size = sizes.most_common(1)[0][0] if sizes else 0.0
                    lines.append(Line(clean(row.get_text()), number, row.x0, row.y0, size))
                lines.append(Line("", number))
            found[number] = lines
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
        return found
    return found


def pdfium_pages(data: bytes, numbers: list[int] | None = None) -> dict[int, list[Line]] | None:
    """Lines of the pages ``numbers`` (all when None) by PDFium, in content order
    without positions; None when PDFium cannot open the file."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    found: dict[int, list[Line]] = {}
    try:
        for number in numbers or range(1, len(pdf) + 1):
            try:
                page = pdf[number - 1]
                text = page.get_textpage().get_text_range()
            except pdfium.PdfiumError:
                continue
            found[number] = [Line(clean(t), number) for t in str(text).splitlines()]
    finally:
        pdf.close()
    return found
