"""The PDF brief: a composed ``BriefDoc`` typeset with reportlab Platypus.

This module decides only how the brief looks; what it says comes from
``briefing.compose``. The page follows the research recipe
(``shared/research/pdf-brief.md``, section 4):

* A4 or Letter, 22 mm side and 24 mm top/bottom margins, one column;
* the handling marking as a coloured banner at the top and bottom of every
  page (TLP labels right-justified, 12 pt), a running title and date on
  pages 2+, organisation and "Page X of Y" in the footer;
* title block, bottom line in a shaded box with an accent bar, numbered key
  judgments with a separate confidence tag and superscript citations, one
  section per theme (colour swatch, narrative, excerpts as block quotes with
  a bar in the theme colour, citation line, analyst's note), a bar chart of
  highlights per theme, the numbered source list and the optional appendix;
* a table of contents when asked for or when the brief runs past four pages,
  PDF outline entries per section, internal links, metadata and /Lang.

Safety: every user string reaches Paragraph markup only through
``fonts.markup`` (which escapes with ``markup.escape``) and every link
through ``markup.safe_href``. Right-to-left paragraphs are built from a
single fragment, never parsed as markup (reportlab's bidi works only there).
Only the bundled, embedded fonts are used: every Table, the TOC and list
bullets get an explicit font.

"Page X of Y" and the table of contents use zero-size indexing flowables and
``multiBuild``, never the NumberedCanvas recipe (which sends every outline
entry and link to page 1). The TOC is pre-filled with its entries before the
first pass so that it already has its final height: a brief with a TOC
settles in two passes, like one without.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as _date
from typing import Callable, Iterable

from briefing.render import bidi as _bidi

_bidi.install()  # before reportlab

from reportlab import rl_config  # noqa: E402
from reportlab.graphics.charts.barcharts import HorizontalBarChart  # noqa: E402
from reportlab.graphics.charts.legends import Legend  # noqa: E402
from reportlab.graphics.shapes import Drawing  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT  # noqa: E402
from reportlab.lib.pagesizes import A4, LETTER  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate, Flowable, Frame, KeepTogether, ListFlowable, ListItem, PageTemplate,
    Paragraph, Preformatted, Table, TableStyle,
)
from reportlab.platypus.doctemplate import IndexingFlowable  # noqa: E402
from reportlab.platypus.flowables import HRFlowable  # noqa: E402
from reportlab.platypus.paraparser import ParaParser  # noqa: E402
from reportlab.platypus.tableofcontents import TableOfContents  # noqa: E402

from briefing.compose import (  # noqa: E402
    Appendix, AppendixParagraph, BriefDoc, Excerpt, KeyJudgment, Section,
)
from briefing.render import fonts as F  # noqa: E402
from briefing.render import markup as M  # noqa: E402
from briefing.script import is_rtl  # noqa: E402

__all__ = ["write_pdf", "build_pdf", "ExportCancelled"]

ProgressFn = Callable[[int, int], None]

# --------------------------------------------------------------------------
# Look

INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#5c6670")
FAINT = colors.HexColor("#8a949e")
RULE = colors.HexColor("#c9cfd6")
SHADE = colors.HexColor("#f2f4f7")
ACCENT = colors.HexColor("#1f3a5f")
LINK = "#1f4e8c"
CODE_BG = colors.HexColor("#f5f6f8")

BODY_SIZE, BODY_LEADING = 10.5, 14.5
SIDE_MARGIN = 22 * mm
TOP_MARGIN = BOTTOM_MARGIN = 24 * mm
BANNER_H = 15.0          # points
BANNER_INSET = 6 * mm    # from the paper edge (printers clip the very edge)
TOC_AUTO_PAGES = 4       # a TOC appears by itself when the brief is longer

LIKELIHOOD_RANGES = {
    "almost no chance": "01–05%", "very unlikely": "05–20%", "unlikely": "20–45%",
    "roughly even chance": "45–55%", "likely": "55–80%", "very likely": "80–95%",
    "almost certain": "95–99%",
}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")


def _fmt_date(value: str, short: bool = False) -> str:
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


def _hex(value: str, default: str = "#999999") -> str:
    value = (value or "").strip()
    return value if re.fullmatch(r"#[0-9a-fA-F]{6}", value) else default


def _tint(value: str, amount: float) -> colors.Color:
    """``value`` mixed with white: amount 0 = white, 1 = the colour."""
    c = colors.HexColor(_hex(value))
    return colors.Color(1 - (1 - c.red) * amount, 1 - (1 - c.green) * amount,
                        1 - (1 - c.blue) * amount)


def _tint_hex(value: str, amount: float) -> str:
    c = _tint(value, amount)
    return "#%02x%02x%02x" % (round(c.red * 255), round(c.green * 255), round(c.blue * 255))


def _luminance(c: colors.Color) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * lin(c.red) + 0.7152 * lin(c.green) + 0.0722 * lin(c.blue)


def _text_on(fill: colors.Color) -> colors.Color:
    """Black or white, whichever contrasts more with ``fill`` (WCAG)."""
    lum = _luminance(fill)
    return colors.black if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else colors.white


class _Styles:
    def __init__(self) -> None:
        S, SI = F.SERIF, F.SERIF_ITALIC
        A, AB = F.SANS, F.SANS_BOLD

        def ps(name: str, **kw) -> ParagraphStyle:
            kw.setdefault("fontName", S)
            kw.setdefault("fontSize", BODY_SIZE)
            kw.setdefault("leading", BODY_LEADING)
            kw.setdefault("textColor", INK)
            kw.setdefault("bulletFontName", A)
            return ParagraphStyle(name, **kw)

        self.body = ps("Body", spaceAfter=6, allowWidows=0)
        self.body_tight = ps("BodyTight", spaceAfter=0)
        self.kicker = ps("Kicker", fontName=AB, fontSize=8.5, leading=11, textColor=ACCENT,
                         spaceAfter=8)
        self.title = ps("Title", fontName=AB, fontSize=22, leading=27, spaceAfter=4)
        self.subtitle = ps("Subtitle", fontName=SI, fontSize=13, leading=17, textColor=MUTED,
                           spaceAfter=6)
        self.byline = ps("Byline", fontName=A, fontSize=8.5, leading=12, textColor=MUTED,
                         spaceAfter=2)
        self.label = ps("Label", fontName=AB, fontSize=8, leading=11, textColor=ACCENT,
                        spaceAfter=3)
        self.h1 = ps("H1", fontName=AB, fontSize=15, leading=19, textColor=ACCENT,
                     spaceBefore=18, spaceAfter=6, keepWithNext=1)
        self.h2 = ps("H2", fontName=AB, fontSize=12, leading=15.5, textColor=INK,
                     spaceBefore=14, spaceAfter=5, keepWithNext=1)
        self.h3 = ps("H3", fontName=AB, fontSize=10.5, leading=14, textColor=INK,
                     spaceBefore=10, spaceAfter=4, keepWithNext=1)
        self.standfirst = ps("Standfirst", fontName=SI, fontSize=9.5, leading=13,
                             textColor=MUTED, spaceAfter=6, keepWithNext=1)
        self.note_h1 = ps("NoteH1", fontName=AB, fontSize=10.5, leading=14, spaceBefore=6,
                          spaceAfter=3, keepWithNext=1)
        self.note_h2 = ps("NoteH2", fontName=AB, fontSize=9.5, leading=13, spaceBefore=5,
                          spaceAfter=2, keepWithNext=1)
        self.quote = ps("Quote", fontSize=9.8, leading=13.8, spaceAfter=3)
        self.quote_rtl = ps("QuoteRTL", fontName=F.ARABIC, fontSize=11.5, leading=19,
                            alignment=TA_RIGHT, wordWrap="RTL", spaceAfter=3)
        self.body_rtl = ps("BodyRTL", fontName=F.ARABIC, fontSize=12, leading=20,
                           alignment=TA_RIGHT, wordWrap="RTL", spaceAfter=6)
        self.cite = ps("Cite", fontName=A, fontSize=7.8, leading=10.5, textColor=MUTED,
                       spaceBefore=1)
        self.cite_rtl = ParagraphStyle("CiteRTL", parent=self.cite, alignment=TA_RIGHT)
        self.note = ps("Note", fontSize=9.5, leading=13.2, textColor=INK, spaceAfter=3)
        self.note_rtl = ps("NoteRTL", fontName=F.ARABIC, fontSize=11, leading=18,
                           alignment=TA_RIGHT, wordWrap="RTL", spaceAfter=3)
        self.tag = ps("Tag", fontName=A, fontSize=7.6, leading=10.5, textColor=MUTED,
                      spaceBefore=2, spaceAfter=0)
        self.kj = ps("KJ", spaceAfter=2)
        self.kj_num = ps("KJNum", fontName=AB, fontSize=11, leading=BODY_LEADING,
                         textColor=ACCENT, alignment=TA_LEFT)
        self.bluf = ps("BLUF", fontSize=10.5, leading=14.5, spaceAfter=3)
        self.code = ps("Code", fontName=F.MONO, fontSize=8, leading=10.4, textColor=INK)
        self.cell = ps("Cell", fontName=A, fontSize=8.5, leading=11, spaceAfter=0)
        self.cell_head = ps("CellHead", fontName=AB, fontSize=8.5, leading=11, spaceAfter=0)
        self.source = ps("Source", fontSize=9.2, leading=12.8, leftIndent=20,
                         bulletIndent=0, bulletFontName=AB, bulletFontSize=9,
                         spaceAfter=5)
        self.toc_title = ps("TOCTitle", fontName=AB, fontSize=8, leading=11, textColor=ACCENT,
                            spaceBefore=14, spaceAfter=4)
        self.toc0 = ps("TOC0", fontName=A, fontSize=9.5, leading=13, rightIndent=28,
                       textColor=INK)
        self.toc1 = ps("TOC1", fontName=A, fontSize=8.8, leading=12, leftIndent=14,
                       rightIndent=28, textColor=MUTED)
        self.app_para = ps("AppPara", fontSize=9.4, leading=13.4, spaceAfter=5)
        self.app_rtl = ps("AppRTL", fontName=F.ARABIC, fontSize=11, leading=18.5,
                          alignment=TA_RIGHT, wordWrap="RTL", spaceAfter=5)
        self.gap = ps("Gap", fontName=A, fontSize=9, leading=12, textColor=FAINT,
                      alignment=TA_CENTER, spaceAfter=5)
        self.small = ps("Small", fontName=A, fontSize=8, leading=11, textColor=MUTED,
                        spaceAfter=4)
        self.chart_caption = ps("ChartCaption", fontName=A, fontSize=8, leading=11,
                                textColor=MUTED, spaceBefore=4, spaceAfter=8)


_styles: _Styles | None = None


def _get_styles() -> _Styles:
    global _styles
    if _styles is None:
        F.register_fonts()
        _styles = _Styles()
    return _styles


# --------------------------------------------------------------------------
# Small flowables


class _Anchor(Flowable):
    """A zero-size link destination (for places where markup is not allowed)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.width = self.height = 0

    def wrap(self, aW, aH):
        return 0, 0

    def draw(self):
        self.canv.bookmarkHorizontal(self.name, 0, 0)


class _OutlineMark(Flowable):
    """A zero-size outline/TOC entry for a part that is not a heading
    paragraph at frame level (e.g. the bottom-line box, a Table)."""

    def __init__(self, outline: tuple) -> None:
        super().__init__()
        self._brief_outline = outline
        self.width = self.height = 0
        self.keepWithNext = 1

    def wrap(self, aW, aH):
        return 0, 0

    def draw(self):
        pass


class _Heading(Paragraph):
    """A section heading: outline entry, TOC entry, optional colour swatch."""

    def __init__(self, text: str, style: ParagraphStyle, *, outline: tuple | None = None,
                 swatch: str | None = None, swatch_size: float = 0.0) -> None:
        super().__init__(text, style)
        self._brief_outline = outline  # (level, plain title, toc markup, key, in_toc)
        self._swatch = swatch
        self._swatch_size = swatch_size

    def draw(self):
        if self._swatch:
            s = self._swatch_size
            style = self.style
            y = self.height - style.leading + (style.leading - style.fontSize) / 2 \
                + style.fontSize * 0.12
            self.canv.saveState()
            self.canv.setFillColor(colors.HexColor(self._swatch))
            self.canv.setStrokeColor(colors.HexColor(self._swatch))
            self.canv.rect(0, y + (style.fontSize * 0.72 - s) / 2, s, s, stroke=0, fill=1)
            self.canv.restoreState()
        super().draw()


class _BarBlock(Flowable):
    """Flowables set inside a box: an optional coloured bar on the left (or
    right), optional background, padding. Lighter than a one-column Table:
    each child is wrapped once per width (Tables wrap their cells again to
    draw them), and it splits between children or inside one across pages.
    """

    def __init__(self, content: list[Flowable], *, bar_color=None, bar: float = 2.5,
                 pad: float = 10, right: bool = False, background=None,
                 pad_top: float = 2, pad_bottom: float = 2, pad_other: float = 0,
                 keep_within: float = 0.0) -> None:
        super().__init__()
        self._content = content
        # > 0: keep the block on one page (like KeepTogether, without its
        # per-wrap frame deepcopy) unless it is taller than this
        self._keep_within = keep_within
        self._bar_color = bar_color
        self._bar = bar if bar_color is not None else 0
        self._pad = pad
        self._right = right
        self._background = background
        self._pad_top = pad_top
        self._pad_bottom = pad_bottom
        self._pad_other = pad_other
        self._wrapped_at: tuple | None = None
        self._sizes: list[tuple[float, float]] = []
        self._cache: dict[int, tuple] = {}

    def _inner_width(self, aW: float) -> float:
        return max(1.0, aW - self._pad - self._pad_other)

    def _gaps(self) -> list[float]:
        gaps = [0.0]
        for prev, nxt in zip(self._content, self._content[1:]):
            gaps.append(max(prev.getSpaceAfter(), nxt.getSpaceBefore()))
        return gaps

    def wrap(self, aW, aH):
        # Child sizes are cached per child, width and canvas (= layout pass),
        # and shared with the parts of a split, so a block that runs over
        # hundreds of pages is not re-wrapped whole for every page.
        key = (aW, id(self.canv))
        if self._wrapped_at != key:
            iw = self._inner_width(aW)
            cache = self._cache
            sizes = []
            for f in self._content:
                hit = cache.get(id(f))
                if hit is not None and hit[0] is f and hit[1] == key:
                    sizes.append(hit[2])
                else:
                    size = f.wrapOn(self.canv, iw, 0x7FFFFFFF)
                    cache[id(f)] = (f, key, size)
                    sizes.append(size)
            self._sizes = sizes
            self._gap = self._gaps()
            self._wrapped_at = key
        self.width = aW
        self.height = (self._pad_top + self._pad_bottom + sum(h for _, h in self._sizes)
                       + sum(self._gap))
        return self.width, self.height

    def _copy(self, content: list[Flowable], top: bool, bottom: bool) -> "_BarBlock":
        b = _BarBlock(content, bar_color=self._bar_color, bar=self._bar, pad=self._pad,
                      right=self._right, background=self._background,
                      pad_top=self._pad_top if top else 0,
                      pad_bottom=self._pad_bottom if bottom else 0,
                      pad_other=self._pad_other)
        b._cache = self._cache
        return b

    def split(self, aW, aH):
        self.wrap(aW, aH)
        if self._keep_within and self.height <= self._keep_within and \
                aH < self._keep_within - 1:
            return []  # not at the top of a page: move the whole block on
        iw = self._inner_width(aW)
        used = self._pad_top
        for i, (f, (_w, h)) in enumerate(zip(self._content, self._sizes)):
            gap = self._gap[i]
            if used + gap + h <= aH:
                used += gap + h
                continue
            room = aH - used - gap
            parts = f.splitOn(self.canv, iw, room) if room > 0 else []
            # a failed split may have dropped the child's layout (Paragraph
            # deletes blPara): wrap it again next time
            self._wrapped_at = None
            self._cache.pop(id(f), None)
            if parts and len(parts) > 1:
                first = self._content[:i] + [parts[0]]
                rest = list(parts[1:]) + self._content[i + 1:]
            elif i > 0:
                first = self._content[:i]
                rest = self._content[i:]
            else:
                return []
            a = self._copy(first, top=self._pad_top > 0, bottom=False)
            b = self._copy(rest, top=False, bottom=self._pad_bottom > 0)
            a.spaceBefore = getattr(self, "spaceBefore", 0)
            b.spaceAfter = getattr(self, "spaceAfter", 0)
            return [a, b]
        return [self]

    def draw(self):
        canv = self.canv
        w, h = self.width, self.height
        if self._background is not None:
            canv.saveState()
            canv.setFillColor(self._background)
            canv.rect(0, 0, w, h, stroke=0, fill=1)
            canv.restoreState()
        if self._bar:
            canv.saveState()
            canv.setFillColor(self._bar_color)
            x = w - self._bar if self._right else 0
            canv.rect(x, 0, self._bar, h, stroke=0, fill=1)
            canv.restoreState()
        x = self._pad_other if self._right else self._pad
        y = h - self._pad_top
        for f, (_fw, fh), gap in zip(self._content, self._sizes, self._gap):
            y -= gap + fh
            f.drawOn(canv, x, y)


class _Gate:
    """Whether the table of contents is shown (decided after the first pass)."""

    def __init__(self, toc: bool, auto: bool) -> None:
        self.toc = toc
        self.auto = auto
        self.decided = not auto


class _GatedParagraph(Paragraph):
    def __init__(self, text, style, gate: _Gate):
        super().__init__(text, style)
        self._gate = gate

    def wrap(self, aW, aH):
        if not self._gate.toc:
            return 0, 0
        return super().wrap(aW, aH)

    def split(self, aW, aH):
        if not self._gate.toc:
            return []
        return super().split(aW, aH)

    def getSpaceBefore(self):
        return super().getSpaceBefore() if self._gate.toc else 0

    def getSpaceAfter(self):
        return super().getSpaceAfter() if self._gate.toc else 0

    def draw(self):
        if self._gate.toc:
            super().draw()


class _TOC(TableOfContents):
    """TableOfContents that can be switched off after pass 1 and that starts
    pre-filled (entries with page 0) so it has its final height at once."""

    def __init__(self, gate: _Gate, prefill: list, **kw) -> None:
        super().__init__(**kw)
        self._gate = gate
        self._entries = list(prefill)

    def isSatisfied(self):
        return (not self._gate.toc) or super().isSatisfied()

    def wrap(self, aW, aH):
        if not self._gate.toc:
            self._table = None
            return 0, 0
        return super().wrap(aW, aH)

    def split(self, aW, aH):
        if not self._gate.toc:
            return []
        return super().split(aW, aH)

    def drawOn(self, canvas, x, y, _sW=0):
        if self._gate.toc and self._table is not None:
            super().drawOn(canvas, x, y, _sW)


class _PageCounter(IndexingFlowable):
    """Zero-size flowable that makes multiBuild repeat until the page total
    is stable; the footer draws ``template.total_pages``. It also decides,
    after the first pass, whether an automatic TOC stays."""

    def __init__(self, template: "_BriefTemplate", gate: _Gate) -> None:
        super().__init__()
        self._template = template
        self._gate = gate
        self._prev: int | None = None
        self._total: int | None = None
        self.width = self.height = 0

    def wrap(self, aW, aH):
        return 0, 0

    def draw(self):
        pass

    def beforeBuild(self):
        self._prev = self._total

    def afterBuild(self):
        self._total = self._template.page
        if not self._gate.decided:
            self._gate.decided = True
            if self._total <= TOC_AUTO_PAGES:
                self._gate.toc = False
                self._total = None  # the page count will change: one more pass
        self._template.total_pages = self._total

    def isSatisfied(self):
        return self._total is not None and self._total == self._prev


class ExportCancelled(Exception):
    """Raised from a progress callback to stop an export (nothing is written)."""


# --------------------------------------------------------------------------
# The document template


class _BriefTemplate(BaseDocTemplate):
    def __init__(self, filename, doc: BriefDoc, ctx: "_Ctx", **kw) -> None:
        self.brief = doc
        self.ctx = ctx
        self.total_pages: int | None = None
        super().__init__(filename, **kw)
        W, H = self.pagesize
        frame = Frame(SIDE_MARGIN, BOTTOM_MARGIN, W - 2 * SIDE_MARGIN,
                      H - TOP_MARGIN - BOTTOM_MARGIN, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])

    def beforeDocument(self):
        self.canv.showOutline()
        self._outline_levels = []

    def afterFlowable(self, flowable):
        entry = getattr(flowable, "_brief_outline", None)
        if not entry:
            return
        level, title, toc_markup, key, in_toc = entry
        top = self.frame._y + flowable.height + 4
        self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top)
        # an outline level may not jump by more than one
        prev = self._outline_levels[-1] if self._outline_levels else -1
        level = min(level, prev + 1)
        self._outline_levels.append(level)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        if in_toc:
            self.notify("TOCEntry", (level, toc_markup, self.page, key))

    # page furniture ---------------------------------------------------------

    def _decorate(self, canv, _doc):
        ctx = self.ctx
        brief = self.brief
        W, H = self.pagesize
        canv.saveState()
        if brief.marking:
            self._banner(canv, H - BANNER_INSET - BANNER_H)
            self._banner(canv, BANNER_INSET)
        page = canv.getPageNumber()
        left, right = SIDE_MARGIN, W - SIDE_MARGIN
        if page > 1:
            y = H - TOP_MARGIN + 9 * mm
            date = _fmt_date(brief.title.date)
            dw = _draw_text(canv, right, y, date, F.SANS, 7.5, MUTED, align="right", ctx=ctx)
            _draw_text(canv, left, y, brief.title.title, F.SANS, 7.5, MUTED,
                       max_width=right - left - dw - 18, ctx=ctx)
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(left, y - 4, right, y - 4)
        y = BOTTOM_MARGIN - 9 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(left, y + 9, right, y + 9)
        total = self.total_pages
        label = f"Page {page} of {total}" if total else f"Page {page}"
        lw = _draw_text(canv, right, y, label, F.SANS, 7.5, MUTED, align="right", ctx=ctx)
        org = brief.title.organisation or brief.title.author
        if org:
            _draw_text(canv, left, y, org, F.SANS, 7.5, MUTED,
                       max_width=right - left - lw - 18, ctx=ctx)
        canv.restoreState()

    def _banner(self, canv, y):
        W, _H = self.pagesize
        brief = self.brief
        fill = colors.HexColor(_hex(brief.marking_color, "#000000"))
        text_color = _text_on(fill)
        if brief.marking_on_black:  # TLP 2.0: the label's colour on black
            fill, text_color = colors.black, fill
        left, right = SIDE_MARGIN, W - SIDE_MARGIN
        canv.setFillColor(fill)
        if _luminance(fill) > 0.85:  # white/very light banners get an outline
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.6)
            canv.rect(left, y, right - left, BANNER_H, stroke=1, fill=1)
        else:
            canv.rect(left, y, right - left, BANNER_H, stroke=0, fill=1)
        text = brief.marking.upper()
        tlp = text.replace(" ", "").startswith("TLP:")
        size = 12 if tlp else 9
        base = y + (BANNER_H - size * 0.7) / 2
        if tlp:  # FIRST TLP 2.0: right-justified, capitals, 12 pt or larger
            _draw_text(canv, right - 6, base, text, F.SANS_BOLD, size, text_color,
                       align="right", max_width=right - left - 12, ctx=self.ctx)
        else:
            _draw_text(canv, (left + right) / 2, base, text, F.SANS_BOLD, size, text_color,
                       align="center", max_width=right - left - 12, ctx=self.ctx)


def _visual(text: str) -> str:
    """A single-line string in visual order (Arabic joined) for canvas drawing."""
    if _bidi.has_rtl(text):
        return _bidi.log2vis(_bidi.shape_arabic(text), "RTL" if is_rtl(text) else "LTR")
    return text


def _draw_text(canv, x: float, y: float, text: str, face: str, size: float, color,
               *, align: str = "left", max_width: float | None = None,
               ctx: "_Ctx | None" = None) -> float:
    """Draw one line in ``face`` with per-character fallback; returns its width."""
    text = " ".join(text.split())
    if not text:
        return 0.0
    text = _visual(text)
    cov = ctx.coverage if ctx else None
    runs = F.runs(text, face, cov)
    width = sum(stringWidth(t, f, size) for f, t in runs)
    if max_width is not None and width > max_width > 0:
        ell = "…"
        ew = stringWidth(ell, face, size)
        out, acc = [], 0.0
        for f, t in runs:
            w = stringWidth(t, f, size)
            if acc + w + ew <= max_width:
                out.append((f, t))
                acc += w
                continue
            while t and acc + stringWidth(t, f, size) + ew > max_width:
                t = t[:-1]
            if t:
                out.append((f, t))
                acc += stringWidth(t, f, size)
            break
        out.append((face, ell))
        runs = out
        width = acc + ew
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    canv.setFillColor(color)
    for f, t in runs:
        canv.setFont(f, size)
        canv.drawString(x, y, t)
        x += stringWidth(t, f, size)
    return width


# --------------------------------------------------------------------------
# Markup nodes -> flowables


@dataclass
class _Ctx:
    anchors: frozenset[str]
    coverage: F.Coverage = field(default_factory=F.Coverage)
    defined: set[str] = field(default_factory=set)
    styles: _Styles = field(default_factory=_get_styles)
    frame_width: float = 0.0
    frame_height: float = 0.0

    def href(self, href: str) -> str | None:
        return M.safe_href(href, self.anchors)

    def anchor(self, name: str) -> str:
        """Markup defining destination ``name`` (once)."""
        if not name or name in self.defined:
            return ""
        self.defined.add(name)
        return f'<a name="{M.escape(name)}"/>'

    def anchor_flowable(self, name: str) -> list[Flowable]:
        if not name or name in self.defined:
            return []
        self.defined.add(name)
        return [_Anchor(name)]


def _base_face(style: ParagraphStyle) -> str:
    """The bundled face whose coverage decides fallback for ``style``'s text."""
    name = style.fontName
    fam = F.family_of(name)
    return fam if fam in (F.SERIF, F.SANS, F.MONO, F.ARABIC, F.FALLBACK) else F.SERIF


def _inline(nodes: Iterable, face: str, ctx: _Ctx, *, links: bool = True) -> str:
    out: list[str] = []
    for n in nodes:
        if isinstance(n, M.Text):
            out.append(F.markup(n.text, face, ctx.coverage))
        elif isinstance(n, M.Strong):
            out.append("<b>" + _inline(n.children, face, ctx, links=links) + "</b>")
        elif isinstance(n, M.Emphasis):
            out.append("<i>" + _inline(n.children, face, ctx, links=links) + "</i>")
        elif isinstance(n, M.Strikethrough):
            out.append("<strike>" + _inline(n.children, face, ctx, links=links) + "</strike>")
        elif isinstance(n, M.Code):
            out.append(f'<font name="{F.MONO}" size="-1">'
                       + F.markup(n.text, F.MONO, ctx.coverage) + "</font>")
        elif isinstance(n, M.LineBreak):
            out.append("<br/>")
        elif isinstance(n, M.Link):
            inner = _inline(n.children, face, ctx, links=False)
            href = ctx.href(n.href) if links else None
            if href:
                out.append(f'<a href="{M.escape(href)}" color="{LINK}">{inner}</a>')
            else:
                out.append(inner)
    return "".join(out)


def _single_frag_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain ``text`` built from one fragment: no markup parsing
    at all (so nothing is interpreted) and reportlab's RTL path stays on."""
    _, frags, _ = ParaParser().parse("x", style)
    frag = frags[0].clone(text=text)
    return Paragraph(text, style, frags=[frag])


def _rtl_paragraphs(text: str, style: ParagraphStyle, ctx: _Ctx) -> list[Flowable]:
    """Right-to-left plain text: reshaped Arabic, one single-fragment paragraph
    per line (and per 4,000 characters), in the font that covers it."""
    font = F.best_rtl_font(text)
    if font != style.fontName:
        style = ParagraphStyle(style.name + "-" + font, parent=style, fontName=font)
    out: list[Flowable] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        for piece in M.split_long_text(line):
            shaped = F.plain(_bidi.shape_arabic(piece.strip()), font, ctx.coverage)
            if shaped.strip():
                out.append(_single_frag_paragraph(shaped, style))
    return out


def _rtl_style_for(style: ParagraphStyle, ctx: _Ctx) -> ParagraphStyle:
    st = ctx.styles
    if style is st.note:
        return st.note_rtl
    if style is st.quote:
        return st.quote_rtl
    return ParagraphStyle(style.name + "RTL", parent=st.body_rtl,
                          spaceAfter=style.spaceAfter, spaceBefore=style.spaceBefore)


def _paragraph(inlines, style: ParagraphStyle, ctx: _Ctx, prefix: str = "",
               suffix: str = "") -> list[Flowable]:
    plain = M.inline_plain_text(inlines)
    if is_rtl(plain):
        return _rtl_paragraphs(plain, _rtl_style_for(style, ctx), ctx)
    text = prefix + _inline(inlines, _base_face(style), ctx) + suffix
    return [Paragraph(text, style)]


def _blocks(blocks: Iterable, ctx: _Ctx, style: ParagraphStyle, width: float,
            depth: int = 0) -> list[Flowable]:
    st = ctx.styles
    out: list[Flowable] = []
    for b in blocks:
        if isinstance(b, M.Paragraph):
            out.extend(_paragraph(b.inlines, style, ctx))
        elif isinstance(b, M.Heading):
            hs = st.note_h1 if b.level <= 2 else st.note_h2
            out.extend(_paragraph(b.inlines, hs, ctx))
        elif isinstance(b, M.ListBlock):
            out.append(_list(b, ctx, style, width, depth))
        elif isinstance(b, M.Quote):
            inner = _blocks(b.blocks, ctx, style, width - 12, depth + 1)
            if inner:
                out.append(_bar_table(inner, RULE, width, bar=1.5, pad=9))
        elif isinstance(b, M.CodeBlock):
            out.append(_code(b.text, ctx, width))
        elif isinstance(b, M.Table):
            t = _table(b, ctx, width)
            if t is not None:
                out.append(t)
        elif isinstance(b, M.Rule):
            out.append(HRFlowable(width="100%", thickness=0.5, color=RULE,
                                  spaceBefore=4, spaceAfter=6))
    return out


def _list(b: "M.ListBlock", ctx: _Ctx, style: ParagraphStyle, width: float,
          depth: int) -> Flowable:
    items = []
    indent = 14 if not b.ordered else 18
    for item in b.items:
        content = _blocks(item, ctx, _tight(style), width - indent, depth + 1)
        if not content:
            content = [Paragraph("", style)]
        items.append(ListItem(content))
    kw = dict(bulletFontName=F.SANS, bulletFontSize=style.fontSize * 0.85,
              bulletColor=MUTED, leftIndent=indent, spaceAfter=4, bulletDedent="auto")
    if b.ordered:
        return ListFlowable(items, bulletType="1", start=str(max(0, b.start)),
                            bulletFormat="%s.", **kw)
    return ListFlowable(items, bulletType="bullet", start="•", **kw)


_tight_cache: dict[str, ParagraphStyle] = {}


def _tight(style: ParagraphStyle) -> ParagraphStyle:
    s = _tight_cache.get(style.name)
    if s is None:
        s = _tight_cache[style.name] = ParagraphStyle(style.name + "Tight", parent=style,
                                                      spaceAfter=2)
    return s


def _code(text: str, ctx: _Ctx, width: float) -> Flowable:
    st = ctx.styles
    char_w = stringWidth("M", F.MONO, st.code.fontSize)
    max_len = max(20, int((width - 12) / char_w))
    safe = F.plain(text.expandtabs(4), F.MONO, ctx.coverage)
    pre = Preformatted(safe, st.code, maxLineLength=max_len, newLineChars="↪ ")
    t = Table([[pre]], colWidths=[width], splitInRow=1, hAlign="LEFT")
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), F.MONO, st.code.fontSize),
        ("BACKGROUND", (0, 0), (-1, -1), CODE_BG),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    t.spaceAfter = 6
    return t


def _table(b: "M.Table", ctx: _Ctx, width: float) -> Flowable | None:
    st = ctx.styles
    ncols = min(len(b.header), M.MAX_TABLE_COLUMNS)
    if ncols == 0:
        return None
    has_header = any(b.header)
    rows = []
    if has_header:
        rows.append([_cell(c, st.cell_head, ctx) for c in b.header[:ncols]])
    for r in b.rows:
        rows.append([_cell(c, st.cell, ctx) for c in r[:ncols]])
    if not rows:
        return None
    style = [
        ("FONT", (0, 0), (-1, -1), F.SANS, 8.5),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if has_header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    t = Table(rows, colWidths=[width / ncols] * ncols, repeatRows=1 if has_header else 0,
              splitInRow=1, hAlign="LEFT", style=TableStyle(style))
    t.spaceBefore = 2
    t.spaceAfter = 8
    return t


def _cell(inlines, style: ParagraphStyle, ctx: _Ctx) -> list[Flowable]:
    if not inlines:
        return [Paragraph("", style)]
    return _paragraph(inlines, style, ctx)


def _bar_table(content: list[Flowable], color, width: float, *, bar: float = 2.5,
               pad: float = 10, background=None, right: bool = False) -> Flowable:
    """Flowables with a coloured bar on their left (right for right-to-left
    text); splits between (and, if need be, inside) them across pages."""
    return _BarBlock(content, bar_color=color, bar=bar, pad=pad, right=right,
                     background=background)


# --------------------------------------------------------------------------
# The brief's parts


def _kicker_date(doc: BriefDoc) -> str:
    return _fmt_date(doc.title.date).upper()


def _title_block(doc: BriefDoc, ctx: _Ctx) -> list[Flowable]:
    st = ctx.styles
    tb = doc.title
    out: list[Flowable] = []
    kicker = "ANALYTIC BRIEF"
    if tb.date:
        kicker += " · " + _kicker_date(doc)
    out.append(Paragraph(F.markup(kicker, F.SANS_BOLD, ctx.coverage), st.kicker))
    out.append(Paragraph(F.markup(tb.title, F.SANS_BOLD, ctx.coverage), st.title))
    if tb.subtitle:
        out.append(Paragraph(F.markup(tb.subtitle, F.SERIF_ITALIC, ctx.coverage), st.subtitle))
    bits = []
    if tb.author:
        bits.append(tb.author)
    if tb.organisation:
        bits.append(tb.organisation)
    if tb.date:
        bits.append(_fmt_date(tb.date))
    n = len(doc.sources)
    if n:
        bits.append(f"{n} source{'s' if n != 1 else ''}")
    if bits:
        out.append(Paragraph(" · ".join(F.markup(b, F.SANS, ctx.coverage) for b in bits),
                             st.byline))
    out.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=8,
                          spaceAfter=12))
    return out


def _outline(level: int, title: str, key: str, in_toc: bool, ctx: _Ctx,
             face: str = F.SANS) -> tuple:
    plain = " ".join(M.strip_controls(title).split()) or "Untitled"
    return (level, plain, F.markup(plain, face, ctx.coverage), key, in_toc)


def _bluf(doc: BriefDoc, ctx: _Ctx) -> list[Flowable]:
    if not doc.bottom_line:
        return []
    st = ctx.styles
    inner_w = ctx.frame_width - 14 - 12
    mark = _OutlineMark(_outline(0, "Bottom line up front", "ol-bluf", True, ctx))
    label = Paragraph("BOTTOM LINE UP FRONT", st.label)
    content: list[Flowable] = [label] + _blocks(doc.bottom_line, ctx, st.bluf, inner_w)
    t = _BarBlock(content, bar_color=ACCENT, bar=3, pad=14, pad_other=12, background=SHADE,
                  pad_top=9, pad_bottom=6)
    t.spaceAfter = 10
    return [mark, t]


def _citation_marks(numbers: list[tuple[int, str]], ctx: _Ctx) -> str:
    """Superscript source numbers, each a link to its entry in the source list."""
    seen: list[tuple[int, str]] = []
    for num, anchor in numbers:
        if (num, anchor) not in seen:
            seen.append((num, anchor))
    parts = []
    for num, anchor in seen:
        href = ctx.href("#" + anchor) if anchor else None
        if href:
            parts.append(f'<a href="{M.escape(href)}" color="{LINK}">{num}</a>')
        else:
            parts.append(str(num))
    if not parts:
        return ""
    return f'<super><font name="{F.SANS}">' + ",".join(parts) + "</font></super>"


def _emphasise_term(inlines: tuple, term: str) -> tuple:
    """``inlines`` with the first whole-word occurrence of ``term`` in bold."""
    if not term:
        return inlines
    pat = re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)
    out = []
    done = False
    for n in inlines:
        if not done and isinstance(n, M.Text):
            m = pat.search(n.text)
            if m:
                if m.start():
                    out.append(M.Text(n.text[:m.start()]))
                out.append(M.Strong((M.Text(m.group(0)),)))
                if m.end() < len(n.text):
                    out.append(M.Text(n.text[m.end():]))
                done = True
                continue
        out.append(n)
    return tuple(out)


def _judgments(doc: BriefDoc, ctx: _Ctx) -> list[Flowable]:
    if not doc.judgments:
        return []
    st = ctx.styles
    out: list[Flowable] = [_Heading(ctx.anchor("key-judgments") + "Key judgments", st.h1,
                                    outline=_outline(0, "Key judgments", "ol-kj", True, ctx))]
    num_w = 22
    text_w = ctx.frame_width - num_w
    for kj in doc.judgments:
        out.append(_judgment(kj, ctx, num_w, text_w))
    return out


def _judgment(kj: KeyJudgment, ctx: _Ctx, num_w: float, text_w: float) -> Flowable:
    st = ctx.styles
    blocks = list(kj.text)
    marks = _citation_marks([(c.number, c.source_anchor) for c in kj.citations], ctx)
    content: list[Flowable] = []
    content.extend(ctx.anchor_flowable(kj.anchor))
    for i, b in enumerate(blocks):
        last = i == len(blocks) - 1
        if isinstance(b, M.Paragraph):
            inl = _emphasise_term(b.inlines, kj.likelihood) if i == 0 else b.inlines
            content.extend(_paragraph(inl, st.kj, ctx, suffix=marks if last else ""))
        else:
            content.extend(_blocks([b], ctx, st.kj, text_w))
            if last and marks:
                content.append(Paragraph(marks, st.kj))
    if not blocks:
        content.append(Paragraph("[judgment not written]" + marks, st.kj))
    tag = []
    if kj.confidence:
        tag.append(f'<font name="{F.SANS_BOLD}" color="#1f3a5f">'
                   f"{kj.confidence.upper()} CONFIDENCE</font>")
    if kj.likelihood:
        rng = LIKELIHOOD_RANGES.get(kj.likelihood, "")
        tag.append(f"{M.escape(kj.likelihood.upper())}" + (f" ({rng})" if rng else ""))
    if tag:
        content.append(Paragraph("  ·  ".join(tag), st.tag))
    t = Table([[Paragraph(f"{kj.number}.", st.kj_num), content]],
              colWidths=[num_w, text_w], hAlign="LEFT", splitInRow=1)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), F.SANS_BOLD, 11),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    t.spaceAfter = 9
    return t


def _section(sec: Section, ctx: _Ctx, outline_level: int) -> list[Flowable]:
    st = ctx.styles
    if sec.level <= 1:
        hs, sw = st.h1, 9.0
    elif sec.level == 2:
        hs, sw = st.h2, 7.5
    else:
        hs, sw = st.h3, 6.5
    indent = sw + 7
    hstyle = ParagraphStyle(hs.name + "-sw", parent=hs, leftIndent=indent)
    face = F.SANS_BOLD
    out: list[Flowable] = [_Heading(
        ctx.anchor(sec.anchor) + F.markup(sec.name, face, ctx.coverage), hstyle,
        outline=_outline(outline_level, sec.name, "ol-" + sec.anchor, sec.level <= 2, ctx),
        swatch=_hex(sec.color), swatch_size=sw)]
    if sec.description:
        out.extend(_paragraph((M.Text(sec.description),), st.standfirst, ctx))
    out.extend(_blocks(sec.narrative, ctx, st.body, ctx.frame_width))
    for ex in sec.excerpts:
        out.extend(_excerpt(ex, ctx, sec.name))
    for sub in sec.subsections:
        out.extend(_section(sub, ctx, outline_level + 1))
    return out


def _cite_line(ex: Excerpt, ctx: _Ctx, section_name: str = "") -> str:
    href = ctx.href("#" + ex.source_anchor) if ex.source_anchor else None
    label = f"SOURCE {ex.source_number}"
    if href:
        label = f'<a href="{M.escape(href)}" color="{LINK}">{label}</a>'
    label = f'<font name="{F.SANS_BOLD}">{label}</font>'
    # short form ("SOURCE 2 · Title, 29 Dec 2025"); the full entry is in the list
    detail = []
    if ex.source_title:
        title = ex.source_title
        if len(title) > 72:
            title = title[:70].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
        detail.append(title)
    if ex.date:
        detail.append(_fmt_date(ex.date, short=True))
    text = label
    if detail:
        text += " · " + F.markup(", ".join(detail), F.SANS, ctx.coverage)
    others = [t for t in ex.themes if t and t != section_name]
    if others and len(ex.themes) > 1:
        text += " · " + F.markup("also: " + ", ".join(others), F.SANS, ctx.coverage)
    return text


def _excerpt(ex: Excerpt, ctx: _Ctx, section_name: str = "") -> list[Flowable]:
    st = ctx.styles
    width = ctx.frame_width
    quote_paras: list[Flowable] = []
    if ex.rtl:
        quote_paras = _rtl_paragraphs(ex.quote, st.quote_rtl, ctx)
    else:
        lines = [ln for ln in ex.quote.split("\n")]
        pieces = []
        for ln in lines:
            ln = " ".join(ln.split())
            if ln:
                pieces.extend(M.split_long_text(ln))
        for i, piece in enumerate(pieces):
            text = F.markup(piece.strip(), F.SERIF, ctx.coverage)
            if i == 0:
                text = "“" + text
            if i == len(pieces) - 1:
                text += "”"
            quote_paras.append(Paragraph(text, st.quote))
    if not quote_paras:
        quote_paras = [Paragraph("[empty quote]", st.quote)]
    cite = Paragraph(_cite_line(ex, ctx, section_name), st.cite_rtl if ex.rtl else st.cite)
    block = _bar_table(quote_paras + [cite], colors.HexColor(_hex(ex.color)), width,
                       right=ex.rtl)
    block.spaceBefore = 4
    block.spaceAfter = 5
    parts: list[Flowable] = ctx.anchor_flowable(ex.anchor) + [block]
    if ex.note:
        note = _blocks(ex.note, ctx, st.note, width - 12)
        if note:
            label = f'<font name="{F.SANS_BOLD}" size="7" color="#5c6670">ANALYST NOTE</font>'
            holder = _BarBlock([Paragraph(label, st.tag)] + note, pad=12, pad_top=0,
                               pad_bottom=0)
            holder.spaceAfter = 6
            parts.append(holder)
    # Kept on one page unless taller than a page (then it simply flows).
    keep = _BarBlock(parts, pad=0, pad_top=0, pad_bottom=0, keep_within=ctx.frame_height)
    keep.spaceAfter = 10
    return [keep]


def _chart(doc: BriefDoc, ctx: _Ctx) -> list[Flowable]:
    bars = [b for b in doc.chart if b.count > 0]
    if not bars:
        return []
    st = ctx.styles
    width = ctx.frame_width
    n = len(bars)
    bar_h = 13
    label_w = 150
    plot_h = n * bar_h * 1.45
    legend_rows = (n + 2) // 3
    legend_h = legend_rows * 13 + 8
    height = plot_h + 28 + legend_h
    d = Drawing(width, height)
    bc = HorizontalBarChart()
    bc.x = label_w
    bc.y = legend_h + 18
    bc.width = width - label_w - 30
    bc.height = plot_h
    # HorizontalBarChart draws the first category at the bottom
    rev = list(reversed(bars))
    bc.data = [[b.count for b in rev]]
    bc.barWidth = bar_h
    bc.groupSpacing = bar_h * 0.45
    bc.bars.strokeColor = None
    for i, b in enumerate(rev):
        bc.bars[(0, i)].fillColor = colors.HexColor(_hex(b.color))
    face = F.SANS
    names = []
    bc.categoryAxis.labels.fontName = face
    for i, b in enumerate(rev):
        label, label_face = _chart_label(b.name, face, ctx)
        names.append(label)
        if label_face != face:
            bc.categoryAxis.labels[i].fontName = label_face
    bc.categoryAxis.categoryNames = names
    bc.categoryAxis.labels.fontSize = 8
    bc.categoryAxis.labels.fillColor = INK
    bc.categoryAxis.labels.boxAnchor = "e"
    bc.categoryAxis.labels.dx = -6
    bc.categoryAxis.strokeColor = RULE
    bc.categoryAxis.tickLeft = 0
    top = max(b.count for b in bars)
    step = _nice_step(top)
    bc.valueAxis.valueMin = 0
    bc.valueAxis.valueMax = step * ((top + step - 1) // step)
    bc.valueAxis.valueStep = step
    bc.valueAxis.labels.fontName = face
    bc.valueAxis.labels.fontSize = 7
    bc.valueAxis.labels.fillColor = MUTED
    bc.valueAxis.strokeColor = RULE
    bc.valueAxis.visibleGrid = 1
    bc.valueAxis.gridStrokeColor = colors.HexColor("#e6e9ed")
    bc.valueAxis.gridStrokeWidth = 0.5
    bc.barLabelFormat = "%d"
    bc.barLabels.fontName = face
    bc.barLabels.fontSize = 7.5
    bc.barLabels.fillColor = MUTED
    bc.barLabels.boxAnchor = "w"
    bc.barLabels.dx = 3
    d.add(bc)
    lg = Legend()
    legend_texts = [f"{b.name} ({b.count})" for b in bars]
    legend_face = _face_for(" ".join(legend_texts), face)
    lg.fontName = legend_face
    lg.fontSize = 7.5
    lg.fillColor = INK
    lg.x = 0
    lg.y = legend_h - 4
    lg.alignment = "right"
    lg.boxAnchor = "nw"
    lg.columnMaximum = legend_rows
    lg.deltax = width / 3
    lg.dxTextSpace = 5
    lg.dx = 8
    lg.dy = 8
    lg.deltay = 13
    lg.strokeWidth = 0
    lg.strokeColor = None
    lg.colorNamePairs = [(colors.HexColor(_hex(b.color)),
                          _chart_label(t, legend_face, ctx, 44, fixed=True)[0])
                         for b, t in zip(bars, legend_texts)]
    d.add(lg)
    st_ = st
    out: list[Flowable] = [
        _Heading("Evidence by theme", st_.h1,
                 outline=_outline(0, "Evidence by theme", "ol-chart", True, ctx)),
        Paragraph("Highlights tagged with each theme (a highlight can carry several themes).",
                  st_.chart_caption),
        d,
    ]
    return [KeepTogether(out)]


def _face_for(text: str, preferred: str) -> str:
    """``preferred`` if it draws all of ``text``, else a bundled face that does."""
    text = _visual(text)
    for face in (preferred, F.FALLBACK, F.ARABIC):
        if F.covered(face).issuperset(text):
            return face
    return preferred


def _chart_label(text: str, face: str, ctx: _Ctx, limit: int = 32,
                 fixed: bool = False) -> tuple[str, str]:
    """A one-face string for a chart (graphics strings have no fallback)."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    if not fixed:
        face = _face_for(text, face)
    return F.plain(_visual(text), face, ctx.coverage), face


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 6:
            return step
    return max(1, top // 5)


def _sources(doc: BriefDoc, ctx: _Ctx) -> list[Flowable]:
    if not doc.sources:
        return []
    st = ctx.styles
    out: list[Flowable] = [_Heading("Sources", st.h1,
                                    outline=_outline(0, "Sources", "ol-sources", True, ctx))]
    for s in doc.sources:
        bits = [f'<b>{F.markup(s.title, F.SERIF, ctx.coverage)}</b>']
        meta = [x for x in (s.author, s.dateline) if x]
        if s.date:
            meta.append(_fmt_date(s.date))
        if meta:
            bits.append(F.markup(", ".join(meta), F.SERIF, ctx.coverage))
        text = ctx.anchor(s.anchor) + ". ".join(bits) + "."
        if s.url:
            href = M.safe_href(s.url)
            url_m = F.markup(s.url, F.SERIF, ctx.coverage)
            if href:
                url_m = f'<a href="{M.escape(href)}" color="{LINK}">{url_m}</a>'
            text += " " + url_m
        if s.accessed:
            text += " " + F.markup(f"Accessed {_fmt_date(s.accessed)}.", F.SERIF, ctx.coverage)
        if s.language and s.language.lower() not in ("en", "en-us", "en-gb"):
            text += " " + F.markup(f"[{s.language}]", F.SERIF, ctx.coverage)
        out.append(Paragraph(text, st.source, bulletText=f"{s.number}."))
    return out


def _appendix(app: Appendix, ctx: _Ctx) -> list[Flowable]:
    st = ctx.styles
    out: list[Flowable] = [_Heading("Appendix: annotated sources", st.h1,
                                    outline=_outline(0, "Appendix: annotated sources",
                                                     "ol-appendix", True, ctx))]
    out.append(Paragraph("The cited sources with the passages quoted in this brief highlighted "
                         "in their theme colours.", st.small))
    if app.legend:
        out.append(_legend(app, ctx))
    for src in app.sources:
        title = f"Source {src.number} · {src.title}"
        out.append(_Heading(ctx.anchor(src.anchor) + F.markup(title, F.SANS_BOLD, ctx.coverage),
                            st.h2, outline=_outline(1, title, "ol-" + src.anchor, False, ctx)))
        if src.note:
            out.append(Paragraph(F.markup(src.note, F.SERIF_ITALIC, ctx.coverage), st.small))
        for p in src.paragraphs:
            if p.gap_before:
                out.append(Paragraph("[…]", st.gap))
            out.extend(_appendix_paragraph(p, ctx))
    return out


class _Swatch(Flowable):
    """A small colour square (legend key), tinted like the highlights."""

    def __init__(self, color: str, size: float = 9) -> None:
        super().__init__()
        self.color = color
        self.size = size
        self.width = self.height = size

    def wrap(self, aW, aH):
        return self.size, self.size

    def draw(self):
        self.canv.saveState()
        self.canv.setFillColor(_tint(self.color, 0.45))
        self.canv.setStrokeColor(colors.HexColor(_hex(self.color)))
        self.canv.setLineWidth(0.6)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=1)
        self.canv.restoreState()


def _legend(app: Appendix, ctx: _Ctx) -> Flowable:
    st = ctx.styles
    per_row = 3
    sw = 14
    col_w = ctx.frame_width / per_row - sw
    rows = []
    entries = [(e.color, Paragraph(F.markup(e.name, F.SANS, ctx.coverage), st.cell))
               for e in app.legend]
    for r in range(0, len(entries), per_row):
        row: list = []
        for color, para in entries[r:r + per_row]:
            row.extend([_Swatch(color), para])
        while len(row) < 2 * per_row:
            row.append("")
        rows.append(row)
    t = Table(rows, colWidths=[sw, col_w] * per_row, hAlign="LEFT", style=TableStyle([
        ("FONT", (0, 0), (-1, -1), F.SANS, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    t.spaceAfter = 8
    return t


def _appendix_paragraph(p: AppendixParagraph, ctx: _Ctx) -> list[Flowable]:
    st = ctx.styles
    text = p.text
    if p.rtl:
        out = _rtl_paragraphs(text, st.app_rtl, ctx)
        # No inline markup in right-to-left paragraphs: the highlighted
        # passages follow, each on its own tinted paragraph.
        for span in p.spans:
            piece = text[span.start:span.end]
            if not piece.strip():
                continue
            color = span.colors[0] if span.colors else "#999999"
            style = ParagraphStyle("AppRTLHl", parent=st.app_rtl, backColor=_tint(color, 0.35),
                                   borderPadding=(1, 3, 2, 3), spaceBefore=2,
                                   rightIndent=3, leftIndent=3)
            out.extend(_rtl_paragraphs(piece, style, ctx))
        return out
    parts = []
    pos = 0
    for span in p.spans:
        a, b = max(pos, span.start), min(len(text), span.end)
        if a > pos:
            parts.append(F.markup(text[pos:a], F.SERIF, ctx.coverage))
        if b > a:
            color = span.colors[0] if span.colors else "#999999"
            inner = F.markup(text[a:b], F.SERIF, ctx.coverage)
            if len(span.colors) > 1:
                inner = f'<u color="{_hex(span.colors[1])}" width="1.2" offset="-1.5">{inner}</u>'
            parts.append(f'<span backColor="{_tint_hex(color, 0.42)}">{inner}</span>')
        pos = max(pos, b)
    if pos < len(text):
        parts.append(F.markup(text[pos:], F.SERIF, ctx.coverage))
    style = st.app_para
    if p.continues:
        style = ParagraphStyle("AppParaCont", parent=style, spaceBefore=0)
    return [Paragraph("".join(parts), style)]


# --------------------------------------------------------------------------
# Story and build


def _story(doc: BriefDoc, ctx: _Ctx, template: _BriefTemplate) -> list[Flowable]:
    st = ctx.styles
    story: list[Flowable] = []
    gate = _Gate(toc=True, auto=not doc.show_toc)
    counter = _PageCounter(template, gate)
    story.append(counter)
    story.extend(_title_block(doc, ctx))
    story.extend(_bluf(doc, ctx))
    story.extend(_judgments(doc, ctx))

    body: list[Flowable] = []
    for sec in doc.sections:
        body.extend(_section(sec, ctx, 0))
    body.extend(_chart(doc, ctx))
    body.extend(_sources(doc, ctx))
    if doc.appendix is not None and doc.appendix.sources:
        body.extend(_appendix(doc.appendix, ctx))

    # The TOC, pre-filled with the entries the headings will notify.
    entries = []
    for f in story + body:
        for g in _flat(f):
            e = getattr(g, "_brief_outline", None)
            if e and e[4]:
                entries.append(e)
    prefill, levels = [], []
    for level, _title, toc_markup, key, _in in entries:
        prev = levels[-1] if levels else -1
        level = min(level, prev + 1)
        levels.append(level)
        prefill.append((level, toc_markup, 0, key))
    toc = _TOC(gate, prefill, levelStyles=[st.toc0, st.toc1], dotsMinLevel=0,
               rightColumnWidth=28,
               tableStyle=TableStyle([
                   ("FONT", (0, 0), (-1, -1), F.SANS, 9),
                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                   ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
               ]))
    story.append(_GatedParagraph("CONTENTS", st.toc_title, gate))
    story.append(toc)
    story.extend(body)

    # Every anchor the document promises gets a destination, even if a part
    # of the tree was not drawn (a link to it must never crash the build).
    for name in sorted(doc.anchors - ctx.defined):
        story.extend(ctx.anchor_flowable(name))
    return story


def _flat(f: Flowable):
    yield f
    if isinstance(f, KeepTogether):
        for g in f._content:
            yield from _flat(g)


class _Progress:
    def __init__(self, fn: ProgressFn | None) -> None:
        self.fn = fn
        self.size = 1
        self.pass_no = 1
        self.expected = 2
        self.last = -1

    def __call__(self, typ: str, value: int) -> None:
        if typ == "PASS":
            self.pass_no = value
            self.expected = max(self.expected, value)
        elif typ == "SIZE_EST":
            self.size = max(1, value)
        elif typ == "PROGRESS" and self.fn is not None:
            total = self.size * self.expected
            done = min(total - 1, (self.pass_no - 1) * self.size + value)
            if done != self.last:
                self.last = done
                self.fn(done, total)

    def finish(self) -> None:
        if self.fn is not None:
            total = self.size * self.expected
            self.fn(total, total)


def build_pdf(doc: BriefDoc, out, *, progress: ProgressFn | None = None) -> list[str]:
    """Typeset ``doc`` into ``out`` (a path or a binary file object).

    Returns renderer warnings (font coverage). Raises whatever ``progress``
    raises (use :class:`ExportCancelled` to cancel).
    """
    F.register_fonts()
    _bidi.assert_active()
    rl_config.useA85 = 0
    ctx = _Ctx(anchors=frozenset(doc.anchors))
    pagesize = LETTER if (doc.paper or "").lower() == "letter" else A4
    tb = doc.title
    template = _BriefTemplate(
        out, doc, ctx, pagesize=pagesize,
        leftMargin=SIDE_MARGIN, rightMargin=SIDE_MARGIN,
        topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN,
        title=M.strip_controls(tb.title), author=M.strip_controls(tb.author or tb.organisation),
        subject=M.strip_controls(tb.subtitle or "Analytic brief"),
        keywords=[M.strip_controls(k) for k in doc.keywords],
        creator="Briefing", lang=_lang(doc.language), displayDocTitle=1,
        initialFontName=F.SANS, initialFontSize=BODY_SIZE,
    )
    ctx.frame_width = template.width
    ctx.frame_height = template.height
    story = _story(doc, ctx, template)
    prog = _Progress(progress)
    template.setProgressCallBack(prog)
    # The graphics renderer starts every Drawing with this font (Helvetica
    # by default, which would leak a non-embedded font into the PDF).
    saved = rl_config.defaultGraphicsFontName
    rl_config.defaultGraphicsFontName = F.SANS
    try:
        template.multiBuild(story, maxPasses=6)
    finally:
        rl_config.defaultGraphicsFontName = saved
    prog.finish()
    warnings = []
    w = ctx.coverage.warning()
    if w:
        warnings.append(w)
    return warnings


def _lang(value: str) -> str:
    value = (value or "").strip()
    return value if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value) else "en"


def write_pdf(doc: BriefDoc, path, *, progress: ProgressFn | None = None) -> list[str]:
    """Write the brief ``doc`` as a PDF at ``path`` (atomically: the file is
    replaced only when the whole document was built).

    ``progress(done, total)`` is called while laying out; raising from it
    (e.g. :class:`ExportCancelled`) cancels and leaves ``path`` untouched.
    Returns warnings for the user, e.g. characters no bundled font has.
    """
    from briefing.render.output import atomic_path

    with atomic_path(path) as tmp:
        return build_pdf(doc, str(tmp), progress=progress)
