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

_GUTTER_EMS = 1.0
"""A text starting this far (in font sizes) beyond the estimated end of the text shown
before it on the same row is in another column (when many rows agree on where)."""
_SPLIT_ROW_EMS = 3.0
"""The same for a row pypdf already split into lines, measured from the line's start."""
_CHAR_EMS = 0.45
"""Estimated average character width, in font sizes (Helvetica's lower case with spaces)."""


def pypdf_lines(page: Any, number: int) -> tuple[list[Line], bool]:
    """The page's lines in pypdf's order, and whether they run across columns."""
    lines: list[Line] = []
    current = Line("", number)
    sizes: Counter[float] = Counter()
    gutters: list[int] = []  # x of each jump across a gutter, in 5-point buckets
    shown = [math.nan, math.nan, 12.0]  # last text shown: y, estimated end x; font size

    def finish() -> None:
        nonlocal current
        if sizes:
            current.size = sizes.most_common(1)[0][0]
            sizes.clear()
        lines.append(current)
        current = Line("", number)

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        em = abs(size * scale) or 10.0
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if part.strip():
                if k == 0 and not current.text.strip():
                    current.x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                    current.y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                sizes[round(em, 1)] += len(part.strip())
            current.text += part
            if k < len(parts) - 1:
                finish()

    def operator(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        """Jumps across a gutter between two texts shown on one row (pypdf may give both
        in one piece of text, "gross incomeRefundable credit")."""
        if op == b"Tf" and len(args) == 2 and isinstance(args[1], (int, float)):
            shown[2] = float(args[1])
        elif op in (b"Tj", b"TJ") and args:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            em = abs(
                shown[2] * math.hypot(tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3])
            )
            em = em or 10.0
            if abs(y - shown[0]) < 1 and x > shown[1] + _GUTTER_EMS * em:
                gutters.append(round(x / 5))
            shown[0], shown[1] = y, x + _ems(args[0]) * em

    page.extract_text(visitor_text=visit, visitor_operand_before=operator)
    finish()
    for line in lines:
        line.text = clean(line.text)
    filled = [i for i, line in enumerate(lines) if line.text]
    lines = lines[filled[0] : filled[-1] + 1] if filled else []
    for a, b in pairwise(line for line in lines if line.text):  # a row split into lines
        if a.x is None or a.y is None or b.x is None or b.y is None:
            continue
        if abs(a.y - b.y) < 1 and b.x > a.x + _SPLIT_ROW_EMS * (b.size or 10.0):
            gutters.append(round(b.x / 5))
    common = Counter(gutters).most_common(1)
    columns = bool(common) and common[0][1] >= max(3, 0.25 * len(filled))
    return lines, columns


def _ems(shown: Any) -> float:
    """Estimated width, in font sizes, of a Tj string or a TJ array."""
    if isinstance(shown, (str, bytes)):
        return len(shown) * _CHAR_EMS
    if isinstance(shown, list):
        return sum(
            len(part) * _CHAR_EMS if isinstance(part, (str, bytes)) else -float(part) / 1000
            for part in shown
            if isinstance(part, (str, bytes, int, float))
        )
    return 0.0


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
