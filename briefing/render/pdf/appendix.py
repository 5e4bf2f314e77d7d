"""The optional appendix: the cited sources with the quoted passages
highlighted in their theme colours, and the colour legend."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from briefing.brief.doc import Appendix, AppendixParagraph
from briefing.render.pdf import fonts
from briefing.render.pdf.flowables import Heading, Swatch
from briefing.render.pdf.parts import outline_entry
from briefing.render.pdf.rl import (
    Flowable,
    Paragraph,
    ParagraphStyle,
    Table,
    TableStyle,
    colors,
)
from briefing.render.pdf.runs import Run, RunParagraph, usable
from briefing.render.pdf.style import hex_color, tint, tint_hex
from briefing.render.pdf.text import Ctx, rtl_paragraphs, text_runs


def appendix_part(app: Appendix, ctx: Ctx) -> list[Flowable]:
    return [f for chunk in appendix_parts(app, ctx) for f in chunk]


def appendix_parts(app: Appendix, ctx: Ctx) -> Iterator[list[Flowable]]:
    """The appendix in pieces: its heading and legend, then one source at a time."""
    st = ctx.styles
    out: list[Flowable] = [
        Heading(
            "Appendix: annotated sources",
            st.h1,
            outline=outline_entry(0, "Appendix: annotated sources", "ol-appendix", True, ctx),
        )
    ]
    out.append(
        Paragraph(
            "The cited sources with the passages quoted in this brief highlighted "
            "in their theme colours.",
            st.small,
        )
    )
    if app.legend:
        out.append(_legend(app, ctx))
    yield out
    for src in app.sources:
        out = []
        title = f"Source {src.number} · {src.title}"
        out.append(
            Heading(
                ctx.anchor(src.anchor) + fonts.markup(title, fonts.SANS_BOLD, ctx.coverage),
                st.h2,
                outline=outline_entry(1, title, "ol-" + src.anchor, False, ctx),
            )
        )
        if src.note:
            out.append(
                Paragraph(fonts.markup(src.note, fonts.SERIF_ITALIC, ctx.coverage), st.small)
            )
        for p in src.paragraphs:
            if p.gap_before:
                out.append(Paragraph("[…]", st.gap))
            out.extend(_appendix_paragraph(p, ctx))
        yield out


def _legend(app: Appendix, ctx: Ctx) -> Flowable:
    st = ctx.styles
    per_row = 3
    sw = 14
    col_w = ctx.frame_width / per_row - sw
    rows = []
    entries = [
        (e.color, Paragraph(fonts.markup(e.name, fonts.SANS, ctx.coverage), st.cell))
        for e in app.legend
    ]
    for r in range(0, len(entries), per_row):
        row: list[Flowable] = []
        for color, para in entries[r : r + per_row]:
            row.extend([Swatch(color), para])
        while len(row) < 2 * per_row:
            row.append("")
        rows.append(row)
    t = Table(
        rows,
        colWidths=[sw, col_w] * per_row,
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.SANS, 8.5),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
    )
    t.spaceAfter = 8
    return t


def _appendix_paragraph(p: AppendixParagraph, ctx: Ctx) -> list[Flowable]:
    st = ctx.styles
    text = p.text
    if p.rtl:
        out = rtl_paragraphs(text, st.app_rtl, ctx)
        # No inline markup in right-to-left paragraphs: the highlighted
        # passages follow, each on its own tinted paragraph.
        for span in p.spans:
            piece = text[span.start : span.end]
            if not piece.strip():
                continue
            color = span.colors[0] if span.colors else "#999999"
            style = ParagraphStyle(
                "AppRTLHl",
                parent=st.app_rtl,
                backColor=tint(color, 0.35),
                borderPadding=(1, 3, 2, 3),
                spaceBefore=2,
                rightIndent=3,
                leftIndent=3,
            )
            out.extend(rtl_paragraphs(piece, style, ctx))
        return out
    style = st.app_para
    if p.continues:
        style = ParagraphStyle("AppParaCont", parent=style, spaceBefore=0)
    runs = _runs(p, style, ctx)
    if runs is not None:
        return [RunParagraph(runs, style, lambda: _markup(p, ctx))]
    return [Paragraph(_markup(p, ctx), style)]


def _runs(p: AppendixParagraph, style: ParagraphStyle, ctx: Ctx) -> list[Run] | None:
    """The paragraph as runs, its quoted passages on their theme's tint (and
    underlined in a second theme's colour); None where reportlab must set it."""
    text = p.text
    size, ink = style.fontSize, style.textColor
    out: list[Run] = []
    pos = 0
    for span in p.spans:
        a, b = max(pos, span.start), min(len(text), span.end)
        if a > pos:
            out.extend(text_runs(text[pos:a], fonts.SERIF, size, ink, ctx))
        if b > a:
            color = span.colors[0] if span.colors else "#999999"
            back = _tint_color(color)
            under = _color(span.colors[1]) if len(span.colors) > 1 else None
            for r in text_runs(text[a:b], fonts.SERIF, size, ink, ctx):
                out.append(Run(r.text, r.face, r.size, r.color, back=back, under=under))
        pos = max(pos, b)
    if pos < len(text):
        out.extend(text_runs(text[pos:], fonts.SERIF, size, ink, ctx))
    return out if usable(out) else None


@lru_cache(maxsize=256)
def _tint_color(value: str) -> Any:
    return colors.HexColor(tint_hex(value, 0.42))


@lru_cache(maxsize=256)
def _color(value: str) -> Any:
    return colors.HexColor(hex_color(value))


def _markup(p: AppendixParagraph, ctx: Ctx) -> str:
    text = p.text
    parts = []
    pos = 0
    for span in p.spans:
        a, b = max(pos, span.start), min(len(text), span.end)
        if a > pos:
            parts.append(fonts.markup(text[pos:a], fonts.SERIF, ctx.coverage))
        if b > a:
            color = span.colors[0] if span.colors else "#999999"
            inner = fonts.markup(text[a:b], fonts.SERIF, ctx.coverage)
            if len(span.colors) > 1:
                inner = (
                    f'<u color="{hex_color(span.colors[1])}" width="1.2" offset="-1.5">{inner}</u>'
                )
            parts.append(f'<span backColor="{tint_hex(color, 0.42)}">{inner}</span>')
        pos = max(pos, b)
    if pos < len(text):
        parts.append(fonts.markup(text[pos:], fonts.SERIF, ctx.coverage))
    return "".join(parts)
