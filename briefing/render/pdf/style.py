"""The PDF brief's look: colours, page measures, dates and paragraph styles."""

from __future__ import annotations

import re
from datetime import date as _date
from functools import lru_cache
from typing import Any

from briefing.render.pdf import fonts
from briefing.render.pdf.rl import TA_CENTER, TA_LEFT, TA_RIGHT, ParagraphStyle, colors, mm

INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#5c6670")
FAINT = colors.HexColor("#8a949e")
RULE = colors.HexColor("#c9cfd6")
SHADE = colors.HexColor("#f2f4f7")
ACCENT = colors.HexColor("#1f3a5f")
LINK = "#1f4e8c"
LINK_COLOR = colors.HexColor(LINK)
CODE_BG = colors.HexColor("#f5f6f8")

BODY_SIZE, BODY_LEADING = 10.5, 14.5
SIDE_MARGIN = 22 * mm
TOP_MARGIN = BOTTOM_MARGIN = 24 * mm
BANNER_H = 15.0  # points
BANNER_INSET = 6 * mm  # from the paper edge (printers clip the very edge)

LIKELIHOOD_RANGES = {
    "almost no chance": "01–05%",
    "very unlikely": "05–20%",
    "unlikely": "20–45%",
    "roughly even chance": "45–55%",
    "likely": "55–80%",
    "very likely": "80–95%",
    "almost certain": "95–99%",
}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")


def fmt_date(value: str, short: bool = False) -> str:
    """``2025-12-29`` as "29 December 2025" (or "29 Dec 2025"); other text as is."""
    m = _ISO.match((value or "").strip())
    if not m:
        return (value or "").strip()
    try:
        d = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return value.strip()
    month = _MONTHS[d.month - 1]
    return f"{d.day} {month[:3] if short else month} {d.year}"


def hex_color(value: str, default: str = "#999999") -> str:
    value = (value or "").strip()
    return value if re.fullmatch(r"#[0-9a-fA-F]{6}", value) else default


def tint(value: str, amount: float) -> colors.Color:
    """``value`` mixed with white: amount 0 = white, 1 = the colour."""
    c = colors.HexColor(hex_color(value))
    return colors.Color(
        1 - (1 - c.red) * amount, 1 - (1 - c.green) * amount, 1 - (1 - c.blue) * amount
    )


def tint_hex(value: str, amount: float) -> str:
    c = tint(value, amount)
    return f"#{round(c.red * 255):02x}{round(c.green * 255):02x}{round(c.blue * 255):02x}"


def luminance(c: colors.Color) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.red) + 0.7152 * lin(c.green) + 0.0722 * lin(c.blue)


def text_on(fill: colors.Color) -> colors.Color:
    """Black or white, whichever contrasts more with ``fill`` (WCAG)."""
    lum = luminance(fill)
    return colors.black if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else colors.white


class Styles:
    def __init__(self) -> None:
        S, SI = fonts.SERIF, fonts.SERIF_ITALIC
        A, AB = fonts.SANS, fonts.SANS_BOLD

        def ps(name: str, **kw: Any) -> ParagraphStyle:
            kw.setdefault("fontName", S)
            kw.setdefault("fontSize", BODY_SIZE)
            kw.setdefault("leading", BODY_LEADING)
            kw.setdefault("textColor", INK)
            kw.setdefault("bulletFontName", A)
            return ParagraphStyle(name, **kw)

        self.body = ps("Body", spaceAfter=6, allowWidows=0)
        self.body_tight = ps("BodyTight", spaceAfter=0)
        self.kicker = ps(
            "Kicker", fontName=AB, fontSize=8.5, leading=11, textColor=ACCENT, spaceAfter=8
        )
        self.title = ps("Title", fontName=AB, fontSize=22, leading=27, spaceAfter=4)
        self.subtitle = ps(
            "Subtitle", fontName=SI, fontSize=13, leading=17, textColor=MUTED, spaceAfter=6
        )
        self.byline = ps(
            "Byline", fontName=A, fontSize=8.5, leading=12, textColor=MUTED, spaceAfter=2
        )
        self.label = ps(
            "Label", fontName=AB, fontSize=8, leading=11, textColor=ACCENT, spaceAfter=3
        )
        self.h1 = ps(
            "H1",
            fontName=AB,
            fontSize=15,
            leading=19,
            textColor=ACCENT,
            spaceBefore=18,
            spaceAfter=6,
            keepWithNext=1,
        )
        self.h2 = ps(
            "H2",
            fontName=AB,
            fontSize=12,
            leading=15.5,
            textColor=INK,
            spaceBefore=14,
            spaceAfter=5,
            keepWithNext=1,
        )
        self.h3 = ps(
            "H3",
            fontName=AB,
            fontSize=10.5,
            leading=14,
            textColor=INK,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        )
        self.standfirst = ps(
            "Standfirst",
            fontName=SI,
            fontSize=9.5,
            leading=13,
            textColor=MUTED,
            spaceAfter=6,
            keepWithNext=1,
        )
        self.note_h1 = ps(
            "NoteH1",
            fontName=AB,
            fontSize=10.5,
            leading=14,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        )
        self.note_h2 = ps(
            "NoteH2",
            fontName=AB,
            fontSize=9.5,
            leading=13,
            spaceBefore=5,
            spaceAfter=2,
            keepWithNext=1,
        )
        self.quote = ps("Quote", fontSize=9.8, leading=13.8, spaceAfter=3)
        self.quote_rtl = ps(
            "QuoteRTL",
            fontName=fonts.ARABIC,
            fontSize=11.5,
            leading=19,
            alignment=TA_RIGHT,
            wordWrap="RTL",
            spaceAfter=3,
        )
        self.body_rtl = ps(
            "BodyRTL",
            fontName=fonts.ARABIC,
            fontSize=12,
            leading=20,
            alignment=TA_RIGHT,
            wordWrap="RTL",
            spaceAfter=6,
        )
        self.cite = ps(
            "Cite", fontName=A, fontSize=7.8, leading=10.5, textColor=MUTED, spaceBefore=1
        )
        self.cite_rtl = ParagraphStyle("CiteRTL", parent=self.cite, alignment=TA_RIGHT)
        self.note = ps("Note", fontSize=9.5, leading=13.2, textColor=INK, spaceAfter=3)
        self.note_rtl = ps(
            "NoteRTL",
            fontName=fonts.ARABIC,
            fontSize=11,
            leading=18,
            alignment=TA_RIGHT,
            wordWrap="RTL",
            spaceAfter=3,
        )
        self.tag = ps(
            "Tag",
            fontName=A,
            fontSize=7.6,
            leading=10.5,
            textColor=MUTED,
            spaceBefore=2,
            spaceAfter=0,
        )
        self.kj = ps("KJ", spaceAfter=2)
        self.kj_num = ps(
            "KJNum",
            fontName=AB,
            fontSize=11,
            leading=BODY_LEADING,
            textColor=ACCENT,
            alignment=TA_LEFT,
        )
        self.bluf = ps("BLUF", fontSize=10.5, leading=14.5, spaceAfter=3)
        self.code = ps("Code", fontName=fonts.MONO, fontSize=8, leading=10.4, textColor=INK)
        self.cell = ps("Cell", fontName=A, fontSize=8.5, leading=11, spaceAfter=0)
        self.cell_head = ps("CellHead", fontName=AB, fontSize=8.5, leading=11, spaceAfter=0)
        self.source = ps(
            "Source",
            fontSize=9.2,
            leading=12.8,
            leftIndent=20,
            bulletIndent=0,
            bulletFontName=AB,
            bulletFontSize=9,
            spaceAfter=5,
        )
        self.toc_title = ps(
            "TOCTitle",
            fontName=AB,
            fontSize=8,
            leading=11,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=4,
        )
        self.toc0 = ps("TOC0", fontName=A, fontSize=9.5, leading=13, rightIndent=28, textColor=INK)
        self.toc1 = ps(
            "TOC1",
            fontName=A,
            fontSize=8.8,
            leading=12,
            leftIndent=14,
            rightIndent=28,
            textColor=MUTED,
        )
        self.app_para = ps("AppPara", fontSize=9.4, leading=13.4, spaceAfter=5)
        self.app_rtl = ps(
            "AppRTL",
            fontName=fonts.ARABIC,
            fontSize=11,
            leading=18.5,
            alignment=TA_RIGHT,
            wordWrap="RTL",
            spaceAfter=5,
        )
        self.gap = ps(
            "Gap",
            fontName=A,
            fontSize=9,
            leading=12,
            textColor=FAINT,
            alignment=TA_CENTER,
            spaceAfter=5,
        )
        self.small = ps("Small", fontName=A, fontSize=8, leading=11, textColor=MUTED, spaceAfter=4)
        self.chart_caption = ps(
            "ChartCaption",
            fontName=A,
            fontSize=8,
            leading=11,
            textColor=MUTED,
            spaceBefore=4,
            spaceAfter=8,
        )


@lru_cache(maxsize=1)
def get_styles() -> Styles:
    """The paragraph styles (built once, after the fonts are registered)."""
    fonts.register_fonts()
    return Styles()
