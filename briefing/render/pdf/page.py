"""The PDF brief's document template: outline entries, banners, running
header and footer, and drawing single lines of text on the canvas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing.brief.doc import BriefDoc
from briefing.render.pdf import bidi as _bidi
from briefing.render.pdf import fonts
from briefing.render.pdf.rl import BaseDocTemplate, Frame, PageTemplate, colors, mm, stringWidth
from briefing.render.pdf.style import (
    BANNER_H,
    BANNER_INSET,
    BOTTOM_MARGIN,
    MUTED,
    RULE,
    SIDE_MARGIN,
    TOP_MARGIN,
    fmt_date,
    hex_color,
    luminance,
    text_on,
)
from briefing.script import is_rtl

if TYPE_CHECKING:
    from briefing.render.pdf.text import Ctx


class BriefTemplate(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type information
    def __init__(self, filename: Any, doc: BriefDoc, ctx: Ctx, **kw: Any) -> None:
        self.brief = doc
        self.ctx = ctx
        self.entry_pages: dict[str, int] = {}
        """The page of each outline entry laid out so far (the contents list's numbers)."""
        self.toc: Any = None
        """The contents list, which defines its page-number forms at the end."""
        super().__init__(filename, **kw)
        W, H = self.pagesize
        frame = Frame(
            SIDE_MARGIN,
            BOTTOM_MARGIN,
            W - 2 * SIDE_MARGIN,
            H - TOP_MARGIN - BOTTOM_MARGIN,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])

    def beforeDocument(self) -> None:  # noqa: N802 - reportlab's camelCase hook
        self.canv.showOutline()
        self._outline_levels: list[int] = []

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's camelCase hook
        entry = getattr(flowable, "_brief_outline", None)
        if not entry:
            return
        level, title, _toc_markup, key, in_toc = entry
        top = self.frame._y + flowable.height + 4
        self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top)
        # an outline level may not jump by more than one
        prev = self._outline_levels[-1] if self._outline_levels else -1
        level = min(level, prev + 1)
        self._outline_levels.append(level)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        if in_toc:
            self.entry_pages.setdefault(key, self.page)

    def finish(self) -> None:
        """After the last page, before saving: draw what only the whole
        document knows into the forms the pages refer to (each page's
        footer with "Page X of Y", the contents list's page numbers)."""
        canv = self.canv
        total = self.page
        for page in range(1, total + 1):
            W, _H = self.pagesize
            canv.beginForm(footer_form(page), 0, 0, W, BOTTOM_MARGIN)
            self._footer(canv, page, total)
            canv.endForm()
        if self.toc is not None:
            self.toc.define_forms(canv, self.entry_pages)

    # page furniture ---------------------------------------------------------

    def _decorate(self, canv: Any, _doc: Any) -> None:
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
            date = fmt_date(brief.title.date)
            dw = _draw_text(canv, right, y, date, fonts.SANS, 7.5, MUTED, align="right", ctx=ctx)
            _draw_text(
                canv,
                left,
                y,
                brief.title.title,
                fonts.SANS,
                7.5,
                MUTED,
                max_width=right - left - dw - 18,
                ctx=ctx,
            )
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(left, y - 4, right, y - 4)
        # the footer says "Page X of Y": drawn after the last page (finish)
        canv.doForm(footer_form(page))
        canv.restoreState()

    def _footer(self, canv: Any, page: int, total: int) -> None:
        """The footer line: organisation left, "Page X of Y" right."""
        ctx = self.ctx
        brief = self.brief
        W, _H = self.pagesize
        left, right = SIDE_MARGIN, W - SIDE_MARGIN
        y = BOTTOM_MARGIN - 9 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(left, y + 9, right, y + 9)
        label = f"Page {page} of {total}"
        lw = _draw_text(canv, right, y, label, fonts.SANS, 7.5, MUTED, align="right", ctx=ctx)
        org = brief.title.organisation or brief.title.author
        if org:
            _draw_text(
                canv,
                left,
                y,
                org,
                fonts.SANS,
                7.5,
                MUTED,
                max_width=right - left - lw - 18,
                ctx=ctx,
            )

    def _banner(self, canv: Any, y: float) -> None:
        W, _H = self.pagesize
        brief = self.brief
        fill = colors.HexColor(hex_color(brief.marking_color, "#000000"))
        text_color = text_on(fill)
        if brief.marking_on_black:  # TLP 2.0: the label's colour on black
            fill, text_color = colors.black, fill
        left, right = SIDE_MARGIN, W - SIDE_MARGIN
        canv.setFillColor(fill)
        if luminance(fill) > 0.85:  # white/very light banners get an outline
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
            _draw_text(
                canv,
                right - 6,
                base,
                text,
                fonts.SANS_BOLD,
                size,
                text_color,
                align="right",
                max_width=right - left - 12,
                ctx=self.ctx,
            )
        else:
            _draw_text(
                canv,
                (left + right) / 2,
                base,
                text,
                fonts.SANS_BOLD,
                size,
                text_color,
                align="center",
                max_width=right - left - 12,
                ctx=self.ctx,
            )


def footer_form(page: int) -> str:
    """The name of the form that holds page ``page``'s footer line."""
    return f"BriefFooter{page}"


def visual_text(text: str) -> str:
    """A single-line string in visual order (Arabic joined) for canvas drawing."""
    if _bidi.has_rtl(text):
        return _bidi.log2vis(_bidi.shape_arabic(text), "RTL" if is_rtl(text) else "LTR")
    return text


def _draw_text(
    canv: Any,
    x: float,
    y: float,
    text: str,
    face: str,
    size: float,
    color: Any,
    *,
    align: str = "left",
    max_width: float | None = None,
    ctx: Ctx | None = None,
) -> float:
    """Draw one line in ``face`` with per-character fallback; returns its width."""
    text = " ".join(text.split())
    if not text:
        return 0.0
    text = visual_text(text)
    cov = ctx.coverage if ctx else None
    runs = fonts.runs(text, face, cov)
    width: float = sum(stringWidth(t, f, size) for f, t in runs)
    if max_width is not None and width > max_width > 0:
        ell = "…"
        ew = stringWidth(ell, face, size)
        out: list[tuple[str, str]] = []
        acc = 0.0
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
