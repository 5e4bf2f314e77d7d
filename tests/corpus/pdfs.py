"""PDFs as analysts receive them, generated with reportlab (and pypdf for
encryption and broken font maps), each with its text in reading order as ground
truth.

Cases: one column with running headers and page numbers; two columns; a
three-column form whose content stream runs row by row across the columns (as
form software writes it); footnotes; hyphenated line ends; a rotated page; a
short document whose every page is the same line; maths symbols; Arabic; AES-128
and AES-256 with an empty user password; a broken cross-reference table and a
truncated trailer; letter-spaced headings; a font whose Unicode map is broken
(text that does not read as words).
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cff_pdf import maths_pdf
from .prose import ARABIC, paragraph

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
A4 = (595.27, 841.89)


@dataclass
class Case:
    name: str
    data: bytes
    truth: str
    """The text in reading order ("" when the file must be refused)."""
    refused: str = ""
    """A phrase of the refusal, for files that must not be stored."""


def _canvas(buffer: io.BytesIO) -> object:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
    return canvas.Canvas(buffer, pagesize=A4)


def _wrap(text: str, width: float, font: str = "Helvetica", size: float = 10) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and stringWidth(trial, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def _flow(paras: list[str], columns: int, pages: int, header: str = "") -> bytes:
    """Paragraphs set column by column (the content stream in reading order)."""
    buffer = io.BytesIO()
    c = _canvas(buffer)
    gap, margin = 18, 56
    width = (A4[0] - 2 * margin - gap * (columns - 1)) / columns
    lines = [ln for p in paras for ln in [*_wrap(p, width), ""]]
    per_column = int((A4[1] - 2 * margin - 30) // 13)
    for page in range(pages):
        c.setFont("Helvetica", 8)
        if header:
            c.drawString(margin, A4[1] - 36, header)
            c.drawCentredString(A4[0] / 2, 30, str(page + 1))
        c.setFont("Helvetica", 10)
        for col in range(columns):
            chunk, lines = lines[:per_column], lines[per_column:]
            y = A4[1] - margin - 20
            for ln in chunk:
                c.drawString(margin + col * (width + gap), y, ln)
                y -= 13
        c.showPage()
        if not lines:
            break
    c.save()
    return buffer.getvalue()


def _rowwise(paras: list[str], columns: int = 3, one_object: bool = False) -> bytes:
    """Columns whose lines are drawn row by row across the page, as forms are written;
    ``one_object``: each row one text object, moving right across the gutters (pypdf
    then runs the columns' words together on one line)."""
    buffer = io.BytesIO()
    c = _canvas(buffer)
    gap, margin = 18, 40
    width = (A4[0] - 2 * margin - gap * (columns - 1)) / columns
    share = -(-len(paras) // columns)
    cols = [
        [ln for p in paras[i * share : (i + 1) * share] for ln in [*_wrap(p, width, size=9), ""]]
        for i in range(columns)
    ]
    c.setFont("Helvetica", 9)
    for row in range(max(map(len, cols))):
        y = A4[1] - margin - 12 * row
        cells = [col[row] if row < len(col) else "" for col in cols]
        if one_object:
            t = c.beginText(margin, y)
            for i, cell in enumerate(cells):
                if i:
                    t.moveCursor(width + gap, 0)
                t.textOut(cell)
            c.drawText(t)
            continue
        for i, cell in enumerate(cells):
            if cell:
                c.drawString(margin + i * (width + gap), y, cell)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _lines(pages: list[list[tuple[str, str, float]]], rotate: int = 0) -> bytes:
    """Pages of (text, font, size) lines from the top, 16 pt apart."""
    buffer = io.BytesIO()
    c = _canvas(buffer)
    for lines in pages:
        if rotate:
            c.setPageRotation(rotate)
        y = A4[1] - 72
        for text, font, size in lines:
            c.setFont(font, size)
            c.drawString(72, y, text)
            y -= size * 1.6
        c.showPage()
    c.save()
    return buffer.getvalue()


def _encrypted(data: bytes, algorithm: str) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _broken_font_map(data: bytes) -> bytes:
    """Every character code mapped to a letter of a different script each time."""
    import pypdf
    from pypdf.generic import DecodedStreamObject, NameObject

    pool = "ɹংΘͨ͘͠ͱ͍ЖքאبกᎠⴰ"
    reader = pypdf.PdfReader(io.BytesIO(data))
    writer = pypdf.PdfWriter(clone_from=reader)
    entries = "".join(f"<{code:02X}> <{ord(pool[code % len(pool)]):04X}>\n" for code in range(256))
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"256 beginbfchar\n{entries}endbfchar\nendcmap end end\n"
    )
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            stream = DecodedStreamObject()
            stream.set_data(cmap.encode())
            font.get_object()[NameObject("/ToUnicode")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _letter_spaced(words: list[str], body: str) -> bytes:
    buffer = io.BytesIO()
    c = _canvas(buffer)
    y = A4[1] - 72
    for word in words:
        t = c.beginText(72, y)
        t.setFont("Helvetica-Bold", 14)
        t.setCharSpace(4)
        t.textOut(word)
        c.drawText(t)
        y -= 28
    c.setFont("Helvetica", 14)
    spaced = " -600 ".join(" -250 ".join(f"({ch})" for ch in w) for w in ("Quality", "Assurance"))
    c._code.append(f"BT /F1 14 Tf 72 {y:.1f} Td [{spaced}] TJ ET")  # spacing by TJ offsets
    y -= 28
    c.setFont("Helvetica", 10)
    for ln in _wrap(body, 450):
        c.drawString(72, y, ln)
        y -= 13
    c.showPage()
    c.save()
    return buffer.getvalue()


def _broken_xref(data: bytes) -> bytes:
    """Cross-reference offsets all wrong (poppler and PDFium rebuild them)."""
    return re.sub(rb"\n(\d{10}) 00000 n", lambda m: b"\n%010d 00000 n" % (int(m[1]) + 3), data)


MALFORMED: dict[str, Callable[[bytes], bytes]] = {
    "wrong-stream-length": lambda d: re.sub(
        rb"/Length (\d+)", lambda m: b"/Length %d" % (int(m[1]) + 40), d
    ),
    "no-startxref": lambda d: d[: d.rindex(b"startxref")],
    "no-endstream": lambda d: d.replace(b"endstream", b""),
    "junk-after-end": lambda d: d.replace(b"%%EOF", b"") + b"\x00" * 100,
}
"""Damage that poppler's pdftotext reads through (and pypdf 7 does not)."""


def cases(seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    paras = [paragraph(rng, lo=3, hi=6) for _ in range(14)]
    short = [paragraph(rng, lo=2, hi=3) for _ in range(9)]
    hello = "Hello World from the field office."
    one = _flow(paras, 1, 9, header="Quarterly Security Review — Restricted")
    found: list[Case] = [
        Case("one-column.pdf", one, "\n\n".join(paras)),
        Case("two-columns.pdf", _flow(paras, 2, 9), "\n\n".join(paras)),
        Case("three-columns-rowwise.pdf", _rowwise(short), "\n\n".join(short)),
        Case(
            "three-columns-one-object.pdf",
            _rowwise(short, one_object=True),
            "\n\n".join(short),
        ),
        Case(
            "repeated-line.pdf",
            _lines([[(hello, "Helvetica", 12)]] * 3),
            "\n\n".join([hello] * 3),
        ),
        Case(
            "maths.pdf",
            _lines(
                [
                    [
                        ("Let (Ui)i∈J be an open cover of X.", "DejaVu", 11),
                        (
                            "Für jedes ε gibt es ein δ > 0 mit |x − y| < δ ⇒ |f(x) − f(y)| < ε.",
                            "DejaVu",
                            11,
                        ),
                    ]
                ]
            ),
            "Let (Ui)i∈J be an open cover of X. Für jedes ε gibt es ein δ > 0 mit "
            "|x − y| < δ ⇒ |f(x) − f(y)| < ε.",
        ),
        Case(
            "rotated.pdf",
            _lines([[(s, "Helvetica", 10) for s in _wrap(paras[0], 400)]], rotate=90),
            paras[0],
        ),
        Case("aes-128.pdf", _encrypted(one, "AES-128"), "\n\n".join(paras)),
        Case("aes-256.pdf", _encrypted(one, "AES-256"), "\n\n".join(paras)),
        Case("broken-xref.pdf", _broken_xref(_lines([[(hello, "Helvetica", 12)]])), hello),
        Case(
            "letter-spaced.pdf",
            _letter_spaced(["Assurance", "Quality Control"], paras[1]),
            "Assurance\n\nQuality Control\n\nQuality Assurance\n\n" + paras[1],
        ),
        Case(
            "broken-font-map.pdf",
            _broken_font_map(_lines([[(s, "DejaVu", 10) for s in _wrap(paras[2], 400)]])),
            "",
            refused="does not read as words",
        ),
    ]
    plain = _lines([[(hello, "Helvetica", 12)]])
    found += [Case(f"{k}.pdf", damage(plain), hello) for k, damage in MALFORMED.items()]
    body = _wrap(paras[3], 420)
    found.append(
        Case(
            "footnote.pdf",
            _lines(
                [
                    [*((ln, "Helvetica", 10) for ln in body), ("", "Helvetica", 10)] * 1
                    + [("1 Ministry statement of 4 March, as published.", "Helvetica", 7)]
                ]
            ),
            paras[3] + "\n\n1 Ministry statement of 4 March, as published.",
        )
    )
    found.append(
        Case(
            "hyphenated.pdf",
            _lines(
                [
                    [
                        ("The council discussed the secu-", "Helvetica", 10),
                        ("rity situation and the water short-", "Helvetica", 10),
                        ("ages in the north-east of the province.", "Helvetica", 10),
                    ]
                ]
            ),
            "The council discussed the security situation and the water shortages in the "
            "north-east of the province.",
        )
    )
    cff, cff_text = maths_pdf()
    found.append(Case("maths-cff-font.pdf", cff, cff_text))
    arabic = [paragraph(rng, ARABIC, 1, 2) for _ in range(3)]
    found.append(Case("arabic.pdf", _arabic(arabic), "\n\n".join(arabic)))
    return found


def _arabic(paras: list[str]) -> bytes:
    """Arabic set as PDF producers do: shaped letters in visual order."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    lines = [
        (get_display(arabic_reshaper.reshape(ln)), "DejaVu", 11)
        for p in paras
        for ln in [*_wrap(p, 400, "DejaVu", 11), ""]
    ]
    return _lines([[x for x in lines if x[0]]])


def by_name(name: str, seed: int = 7) -> Case:
    return next(c for c in cases(seed) if c.name == name)


Builder = Callable[[], bytes]
