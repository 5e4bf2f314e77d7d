"""Markup nodes to flowables: inline markup, paragraphs (right-to-left ones
from a single fragment), lists, code, tables and barred blocks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from briefing.brief import markup
from briefing.render.pdf import bidi as _bidi
from briefing.render.pdf import fonts
from briefing.render.pdf.flowables import Anchor, BarBlock
from briefing.render.pdf.rl import (
    Flowable,
    HRFlowable,
    ListFlowable,
    ListItem,
    Paragraph,
    ParagraphStyle,
    ParaParser,
    Preformatted,
    Table,
    TableStyle,
    stringWidth,
)
from briefing.render.pdf.runs import BREAK, Run, RunParagraph, usable
from briefing.render.pdf.style import (
    CODE_BG,
    LINK,
    LINK_COLOR,
    MUTED,
    RULE,
    SHADE,
    Styles,
    get_styles,
)
from briefing.script import is_rtl


@dataclass
class Ctx:
    anchors: frozenset[str]
    coverage: fonts.Coverage = field(default_factory=fonts.Coverage)
    defined: set[str] = field(default_factory=set)
    styles: Styles = field(default_factory=get_styles)
    frame_width: float = 0.0
    frame_height: float = 0.0

    def href(self, href: str) -> str | None:
        return markup.safe_href(href, self.anchors)

    def anchor(self, name: str) -> str:
        """Markup defining destination ``name`` (once)."""
        if not name or name in self.defined:
            return ""
        self.defined.add(name)
        return f'<a name="{markup.escape(name)}"/>'

    def anchor_flowable(self, name: str) -> list[Flowable]:
        if not name or name in self.defined:
            return []
        self.defined.add(name)
        return [Anchor(name)]


def _base_face(style: ParagraphStyle) -> str:
    """The bundled face whose coverage decides fallback for ``style``'s text."""
    name = style.fontName
    fam = fonts.family_of(name)
    return (
        fam
        if fam in (fonts.SERIF, fonts.SANS, fonts.MONO, fonts.ARABIC, fonts.FALLBACK)
        else fonts.SERIF
    )


def _inline(nodes: Iterable[markup.Inline], face: str, ctx: Ctx, *, links: bool = True) -> str:
    out: list[str] = []
    for n in nodes:
        if isinstance(n, markup.Text):
            out.append(fonts.markup(n.text, face, ctx.coverage))
        elif isinstance(n, markup.Strong):
            out.append("<b>" + _inline(n.children, face, ctx, links=links) + "</b>")
        elif isinstance(n, markup.Emphasis):
            out.append("<i>" + _inline(n.children, face, ctx, links=links) + "</i>")
        elif isinstance(n, markup.Strikethrough):
            out.append("<strike>" + _inline(n.children, face, ctx, links=links) + "</strike>")
        elif isinstance(n, markup.Code):
            out.append(
                f'<font name="{fonts.MONO}" size="-1">'
                + fonts.markup(n.text, fonts.MONO, ctx.coverage)
                + "</font>"
            )
        elif isinstance(n, markup.LineBreak):
            out.append("<br/>")
        elif isinstance(n, markup.Link):
            inner = _inline(n.children, face, ctx, links=False)
            href = ctx.href(n.href) if links else None
            if href:
                out.append(f'<a href="{markup.escape(href)}" color="{LINK}">{inner}</a>')
            else:
                out.append(inner)
    return "".join(out)


def _single_frag_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain ``text`` built from one fragment: no markup parsing
    at all (so nothing is interpreted) and reportlab's RTL path stays on."""
    _, frags, _ = ParaParser().parse("x", style)
    frag = frags[0].clone(text=text)
    return Paragraph(text, style, frags=[frag])


def rtl_paragraphs(text: str, style: ParagraphStyle, ctx: Ctx) -> list[Flowable]:
    """Right-to-left plain text: reshaped Arabic, one single-fragment paragraph
    per line (and per 4,000 characters), in the font that covers it."""
    font = fonts.best_rtl_font(text)
    if font != style.fontName:
        style = ParagraphStyle(style.name + "-" + font, parent=style, fontName=font)
    out: list[Flowable] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        for piece in markup.split_long_text(line):
            shaped = fonts.plain(_bidi.shape_arabic(piece.strip()), font, ctx.coverage)
            if shaped.strip():
                out.append(_single_frag_paragraph(shaped, style))
    return out


def _rtl_style_for(style: ParagraphStyle, ctx: Ctx) -> ParagraphStyle:
    st = ctx.styles
    if style is st.note:
        return st.note_rtl
    if style is st.quote:
        return st.quote_rtl
    return ParagraphStyle(
        style.name + "RTL",
        parent=st.body_rtl,
        spaceAfter=style.spaceAfter,
        spaceBefore=style.spaceBefore,
    )


def make_paragraph(
    inlines: Sequence[markup.Inline],
    style: ParagraphStyle,
    ctx: Ctx,
    prefix: str = "",
    suffix: str = "",
    *,
    quick: bool = True,
) -> list[Flowable]:
    """The paragraph of ``inlines`` in ``style``: right-to-left text from one
    fragment; otherwise a :class:`RunParagraph` when ``quick`` and its runs
    allow it, else a reportlab ``Paragraph`` of markup."""
    plain = markup.inline_plain_text(inlines)
    if is_rtl(plain):
        return rtl_paragraphs(plain, _rtl_style_for(style, ctx), ctx)
    face = _base_face(style)
    if quick and not prefix and not suffix:
        runs = inline_runs(inlines, style, ctx)
        if runs is not None and usable(runs):
            return [RunParagraph(runs, style, lambda: _inline(inlines, face, ctx))]
    text = prefix + _inline(inlines, face, ctx) + suffix
    return [Paragraph(text, style)]


def _faces_of(font: str) -> tuple[str, int] | None:
    """(family, 0-3: bold + 2 × italic) of a bundled face."""
    fam = fonts.family_of(font)
    faces = fonts.FAMILIES.get(fam)
    if faces is None or font not in faces:
        return None
    return fam, faces.index(font)


def text_runs(
    text: str, face: str, size: float, color: Any, ctx: Ctx, href: str | None = None
) -> list[Run]:
    """``text`` in ``face`` as runs, with per-character fallback faces."""
    return [Run(t, f, size, color, href) for f, t in fonts.runs(text, face, ctx.coverage)]


def inline_runs(
    nodes: Iterable[markup.Inline], style: ParagraphStyle, ctx: Ctx
) -> list[Run] | None:
    """The runs of ``nodes`` set in ``style`` (as ``_inline``'s markup would
    be), or None where only reportlab's markup will do (struck-out text)."""
    start = _faces_of(style.fontName)
    if start is None:
        return None
    family, variant = start
    out: list[Run] = []

    def walk(
        nodes: Iterable[markup.Inline], fam: str, v: int, size: float, href: str | None
    ) -> bool:
        color = LINK_COLOR if href else style.textColor
        for n in nodes:
            if isinstance(n, markup.Text):
                out.extend(text_runs(n.text, fonts.FAMILIES[fam][v], size, color, ctx, href))
            elif isinstance(n, markup.Strong):
                if not walk(n.children, fam, v | 1, size, href):
                    return False
            elif isinstance(n, markup.Emphasis):
                if not walk(n.children, fam, v | 2, size, href):
                    return False
            elif isinstance(n, markup.Code):
                mono = fonts.FAMILIES[fonts.MONO][v]
                out.extend(text_runs(n.text, mono, size - 1, color, ctx, href))
            elif isinstance(n, markup.LineBreak):
                out.append(BREAK)
            elif isinstance(n, markup.Link):
                link = ctx.href(n.href) if href is None else None
                if not walk(n.children, fam, v, size, link or href):
                    return False
            else:
                return False
        return True

    return out if walk(nodes, family, variant, style.fontSize, None) else None


def block_flowables(
    blocks: Iterable[markup.Block],
    ctx: Ctx,
    style: ParagraphStyle,
    width: float,
    depth: int = 0,
    *,
    quick: bool = True,
) -> list[Flowable]:
    """``quick``: plain paragraphs may be :class:`RunParagraph` s (not in list
    items, whose bullets reportlab aligns with a ``Paragraph``'s first line)."""
    st = ctx.styles
    out: list[Flowable] = []
    for b in blocks:
        if isinstance(b, markup.Paragraph):
            out.extend(make_paragraph(b.inlines, style, ctx, quick=quick))
        elif isinstance(b, markup.Heading):
            hs = st.note_h1 if b.level <= 2 else st.note_h2
            out.extend(make_paragraph(b.inlines, hs, ctx, quick=quick))
        elif isinstance(b, markup.ListBlock):
            out.append(_list(b, ctx, style, width, depth))
        elif isinstance(b, markup.Quote):
            inner = block_flowables(b.blocks, ctx, style, width - 12, depth + 1, quick=quick)
            if inner:
                out.append(bar_table(inner, RULE, width, bar=1.5, pad=9))
        elif isinstance(b, markup.CodeBlock):
            out.append(_code(b.text, ctx, width))
        elif isinstance(b, markup.Table):
            t = _table(b, ctx, width)
            if t is not None:
                out.append(t)
        elif isinstance(b, markup.Rule):
            out.append(
                HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=6)
            )
    return out


def _list(
    b: markup.ListBlock, ctx: Ctx, style: ParagraphStyle, width: float, depth: int
) -> Flowable:
    items = []
    indent = 14 if not b.ordered else 18
    for item in b.items:
        content = block_flowables(item, ctx, _tight(style), width - indent, depth + 1, quick=False)
        if not content:
            content = [Paragraph("", style)]
        items.append(ListItem(content))
    kw = {
        "bulletFontName": fonts.SANS,
        "bulletFontSize": style.fontSize * 0.85,
        "bulletColor": MUTED,
        "leftIndent": indent,
        "spaceAfter": 4,
        "bulletDedent": "auto",
    }
    if b.ordered:
        return ListFlowable(
            items, bulletType="1", start=str(max(0, b.start)), bulletFormat="%s.", **kw
        )
    return ListFlowable(items, bulletType="bullet", start="•", **kw)


_tight_cache: dict[str, ParagraphStyle] = {}


def _tight(style: ParagraphStyle) -> ParagraphStyle:
    s = _tight_cache.get(style.name)
    if s is None:
        s = _tight_cache[style.name] = ParagraphStyle(
            style.name + "Tight", parent=style, spaceAfter=2
        )
    return s


def _code(text: str, ctx: Ctx, width: float) -> Flowable:
    st = ctx.styles
    char_w = stringWidth("M", fonts.MONO, st.code.fontSize)
    max_len = max(20, int((width - 12) / char_w))
    safe = fonts.plain(text.expandtabs(4), fonts.MONO, ctx.coverage)
    pre = Preformatted(safe, st.code, maxLineLength=max_len, newLineChars="↪ ")
    t = Table([[pre]], colWidths=[width], splitInRow=1, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.MONO, st.code.fontSize),
                ("BACKGROUND", (0, 0), (-1, -1), CODE_BG),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    t.spaceAfter = 6
    return t


def _table(b: markup.Table, ctx: Ctx, width: float) -> Flowable | None:
    st = ctx.styles
    ncols = min(len(b.header), markup.MAX_TABLE_COLUMNS)
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
        ("FONT", (0, 0), (-1, -1), fonts.SANS, 8.5),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if has_header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    t = Table(
        rows,
        colWidths=[width / ncols] * ncols,
        repeatRows=1 if has_header else 0,
        splitInRow=1,
        hAlign="LEFT",
        style=TableStyle(style),
    )
    t.spaceBefore = 2
    t.spaceAfter = 8
    return t


def _cell(inlines: Sequence[markup.Inline], style: ParagraphStyle, ctx: Ctx) -> list[Flowable]:
    if not inlines:
        return [Paragraph("", style)]
    return make_paragraph(inlines, style, ctx, quick=False)


def bar_table(
    content: list[Flowable],
    color: Any,
    width: float,
    *,
    bar: float = 2.5,
    pad: float = 10,
    background: Any = None,
    right: bool = False,
) -> Flowable:
    """Flowables with a coloured bar on their left (right for right-to-left
    text); splits between (and, if need be, inside) them across pages."""
    return BarBlock(content, bar_color=color, bar=bar, pad=pad, right=right, background=background)
