"""A PDF set in an embedded CFF (Type1C) font with its own encoding and no Unicode
map, as TeX sets maths: text extraction must read the font program's encoding
(pypdf does so with fontTools) to get "∈" rather than "2"."""

from __future__ import annotations

import io

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen


def cff_font(codes: dict[int, str]) -> bytes:
    """A CFF font whose encoding maps ``codes`` to glyph names (box-shaped glyphs)."""
    glyphs = [".notdef", *dict.fromkeys(codes.values())]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(glyphs)
    strings = {}
    for g in glyphs:
        pen = T2CharStringPen(500, None)
        pen.moveTo((50, 0))
        pen.lineTo((450, 0))
        pen.lineTo((450, 600))
        pen.closePath()
        strings[g] = pen.getCharString()
    fb.setupCFF("MathX", {"FullName": "MathX"}, strings, {})
    cff = fb.font["CFF "].cff
    top = cff.topDictIndex[0]
    enc = [".notdef"] * 256
    for code, g in codes.items():
        enc[code] = g
    top.Encoding = enc
    out = io.BytesIO()
    cff.compile(out, fb.font)
    return out.getvalue()


def pdf_with_cff(text_codes: list[int], codes: dict[int, str]) -> bytes:
    """A one-page PDF showing ``text_codes`` in that font, written object by object."""
    font = cff_font(codes)
    content = b"BT /F1 14 Tf 72 700 Td <" + bytes(text_codes).hex().encode() + b"> Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        ),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /MathX /FirstChar 0 /LastChar 255 /Widths ["
        + b" 500" * 256
        + b"] /FontDescriptor 6 0 R >>",
        (
            b"<< /Type /FontDescriptor /FontName /MathX /Flags 4 /FontBBox [0 0 500 600]"
            b" /ItalicAngle 0 /Ascent 600 /Descent 0 /CapHeight 600 /StemV 80 /FontFile3 7 0 R >>"
        ),
        b"<< /Subtype /Type1C /Length %d >>\nstream\n" % len(font) + font + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


_CODES = {
    0x28: "parenleft",
    0x29: "parenright",
    0x55: "U",
    0x69: "i",
    0x4A: "J",
    0x32: "element",
    0x0E: "delta",
    0x20: "space",
    0x3E: "greater",
    0x30: "zero",
}


def maths_pdf() -> tuple[bytes, str]:
    """(the PDF, its text): "(Ui)i∈J δ > 0", with ∈ at code 0x32 (an ASCII "2")."""
    text = [0x28, 0x55, 0x69, 0x29, 0x69, 0x32, 0x4A, 0x20, 0x0E, 0x20, 0x3E, 0x20, 0x30]
    return pdf_with_cff(text, _CODES), "(Ui)i∈J δ > 0"
