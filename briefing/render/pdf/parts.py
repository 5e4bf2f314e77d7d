"""The brief's parts: title block, bottom line, key judgments, sections with
their excerpts, and the source list."""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefing.brief import markup
from briefing.brief.doc import BriefDoc, Excerpt, KeyJudgment, Section, assessment_parts
from briefing.render.pdf import fonts
from briefing.render.pdf.flowables import BarBlock, Heading, OutlineMark
from briefing.render.pdf.rl import (
    Flowable,
    HRFlowable,
    Paragraph,
    ParagraphStyle,
    Table,
    TableStyle,
    colors,
)
from briefing.render.pdf.runs import Run, RunParagraph, usable
from briefing.render.pdf.style import (
    ACCENT,
    LINK,
    LINK_COLOR,
    MUTED,
    RULE,
    SHADE,
    fmt_date,
    hex_color,
)
from briefing.render.pdf.text import (
    Ctx,
    bar_table,
    block_flowables,
    make_paragraph,
    rtl_paragraphs,
    text_runs,
)


def _kicker_date(doc: BriefDoc) -> str:
    return fmt_date(doc.title.date).upper()


def title_block(doc: BriefDoc, ctx: Ctx) -> list[Flowable]:
    st = ctx.styles
    tb = doc.title
    out: list[Flowable] = []
    kicker = "ANALYTIC BRIEF"
    if tb.date:
        kicker += " · " + _kicker_date(doc)
    out.append(Paragraph(fonts.markup(kicker, fonts.SANS_BOLD, ctx.coverage), st.kicker))
    out.append(Paragraph(fonts.markup(tb.title, fonts.SANS_BOLD, ctx.coverage), st.title))
    if tb.subtitle:
        out.append(
            Paragraph(fonts.markup(tb.subtitle, fonts.SERIF_ITALIC, ctx.coverage), st.subtitle)
        )
    bits = []
    if tb.author:
        bits.append(tb.author)
    if tb.organisation:
        bits.append(tb.organisation)
    if tb.date:
        bits.append(fmt_date(tb.date))
    n = len(doc.sources)
    if n:
        bits.append(f"{n} source{'s' if n != 1 else ''}")
    if bits:
        out.append(
            Paragraph(
                " · ".join(fonts.markup(b, fonts.SANS, ctx.coverage) for b in bits), st.byline
            )
        )
    out.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=8, spaceAfter=12))
    return out


def outline_entry(
    level: int, title: str, key: str, in_toc: bool, ctx: Ctx, face: str = fonts.SANS
) -> tuple[int, str, str, str, bool]:
    plain = " ".join(markup.strip_controls(title).split()) or "Untitled"
    return (level, plain, fonts.markup(plain, face, ctx.coverage), key, in_toc)


def bluf(doc: BriefDoc, ctx: Ctx) -> list[Flowable]:
    if not doc.bottom_line:
        return []
    st = ctx.styles
    inner_w = ctx.frame_width - 14 - 12
    mark = OutlineMark(outline_entry(0, "Bottom line up front", "ol-bluf", True, ctx))
    label = Paragraph("BOTTOM LINE UP FRONT", st.label)
    content: list[Flowable] = [label, *block_flowables(doc.bottom_line, ctx, st.bluf, inner_w)]
    t = BarBlock(
        content,
        bar_color=ACCENT,
        bar=3,
        pad=14,
        pad_other=12,
        background=SHADE,
        pad_top=9,
        pad_bottom=6,
    )
    t.spaceAfter = 10
    return [mark, t]


def _citation_marks(numbers: list[tuple[int, str]], ctx: Ctx) -> str:
    """Superscript source numbers, each a link to its entry in the source list."""
    seen: list[tuple[int, str]] = []
    for num, anchor in numbers:
        if (num, anchor) not in seen:
            seen.append((num, anchor))
    parts = []
    for num, anchor in seen:
        href = ctx.href("#" + anchor) if anchor else None
        if href:
            parts.append(f'<a href="{markup.escape(href)}" color="{LINK}">{num}</a>')
        else:
            parts.append(str(num))
    if not parts:
        return ""
    return f'<super><font name="{fonts.SANS}">' + ",".join(parts) + "</font></super>"


def _emphasise_term(inlines: tuple[markup.Inline, ...], term: str) -> tuple[markup.Inline, ...]:
    """``inlines`` with the first whole-word occurrence of ``term`` in bold."""
    if not term:
        return inlines
    pat = re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)
    out: list[markup.Inline] = []
    done = False
    for n in inlines:
        if not done and isinstance(n, markup.Text):
            m = pat.search(n.text)
            if m:
                if m.start():
                    out.append(markup.Text(n.text[: m.start()]))
                out.append(markup.Strong((markup.Text(m.group(0)),)))
                if m.end() < len(n.text):
                    out.append(markup.Text(n.text[m.end() :]))
                done = True
                continue
        out.append(n)
    return tuple(out)


def key_judgments(doc: BriefDoc, ctx: Ctx) -> list[Flowable]:
    if not doc.judgments:
        return []
    st = ctx.styles
    out: list[Flowable] = [
        Heading(
            ctx.anchor("key-judgments") + "Key judgments",
            st.h1,
            outline=outline_entry(0, "Key judgments", "ol-kj", True, ctx),
        )
    ]
    num_w = 22
    text_w = ctx.frame_width - num_w
    for kj in doc.judgments:
        out.extend(_judgment(kj, ctx, num_w, text_w))
    return out


def _judgment(kj: KeyJudgment, ctx: Ctx, num_w: float, text_w: float) -> list[Flowable]:
    st = ctx.styles
    blocks = list(kj.text)
    marks = _citation_marks([(c.number, c.source_anchor) for c in kj.citations], ctx)
    content: list[Flowable] = []
    content.extend(ctx.anchor_flowable(kj.anchor))
    for i, b in enumerate(blocks):
        last = i == len(blocks) - 1
        if isinstance(b, markup.Paragraph):
            inl = _emphasise_term(b.inlines, kj.likelihood) if i == 0 else b.inlines
            content.extend(make_paragraph(inl, st.kj, ctx, suffix=marks if last else ""))
        else:
            content.extend(block_flowables([b], ctx, st.kj, text_w))
            if last and marks:
                content.append(Paragraph(marks, st.kj))
    if not blocks:
        content.append(Paragraph("[judgment not written]" + marks, st.kj))
    tag = [markup.escape(p) for p in assessment_parts(kj.likelihood, kj.confidence)]
    if tag and kj.confidence:
        tag[0] = f'<font name="{fonts.SANS_BOLD}" color="#1f3a5f">{tag[0]}</font>'
    if tag:
        content.append(Paragraph("  ·  ".join(tag), st.tag))
    t = Table(
        [[Paragraph(f"{kj.number}.", st.kj_num), content]],
        colWidths=[num_w, text_w],
        hAlign="LEFT",
        splitInRow=1,
    )
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.SANS_BOLD, 11),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    evidence = _judgment_evidence(kj, ctx, text_w)
    if not evidence:
        t.spaceAfter = 9
        return [t]
    t.spaceAfter = 2
    holder = BarBlock(evidence, pad=num_w, pad_top=0, pad_bottom=0)
    holder.spaceAfter = 9
    return [t, holder]


def _judgment_evidence(kj: KeyJudgment, ctx: Ctx, width: float) -> list[Flowable]:
    """The supporting excerpts under a judgment; further ones by number."""
    out: list[Flowable] = []
    for ex in kj.excerpts:
        out.extend(_excerpt(ex, ctx, width=width))
    if kj.further:
        refs = ", ".join(_excerpt_ref(ex, ctx) for ex in kj.further)
        word = "excerpt" if len(kj.further) == 1 else "excerpts"
        out.append(Paragraph(f"Also supported by {word} {refs}.", ctx.styles.cite))
    return out


def _excerpt_ref(ex: Excerpt, ctx: Ctx, label: str = "") -> str:
    """``label`` (default: the excerpt's number) linked to the excerpt's full copy."""
    text = label or str(ex.number)
    href = ctx.href("#" + ex.see_anchor) if ex.see_anchor else None
    if href is None and ex.source_anchor:
        href = ctx.href("#" + ex.source_anchor)
    if href:
        text = f'<a href="{markup.escape(href)}" color="{LINK}">{text}</a>'
    return text


def theme_section(sec: Section, ctx: Ctx, outline_level: int) -> list[Flowable]:
    return [f for chunk in theme_section_parts(sec, ctx, outline_level) for f in chunk]


def theme_section_parts(sec: Section, ctx: Ctx, outline_level: int) -> Iterator[list[Flowable]]:
    """A theme's section in pieces (heading and narrative, then one excerpt at
    a time, then its subsections), built only when the layout asks for them."""
    st = ctx.styles
    if sec.level <= 1:
        hs, sw = st.h1, 9.0
    elif sec.level == 2:
        hs, sw = st.h2, 7.5
    else:
        hs, sw = st.h3, 6.5
    indent = sw + 7
    hstyle = ParagraphStyle(hs.name + "-sw", parent=hs, leftIndent=indent)
    face = fonts.SANS_BOLD
    out: list[Flowable] = [
        Heading(
            ctx.anchor(sec.anchor) + fonts.markup(sec.name, face, ctx.coverage),
            hstyle,
            outline=outline_entry(outline_level, sec.name, "ol-" + sec.anchor, sec.level <= 2, ctx),
            swatch=hex_color(sec.color),
            swatch_size=sw,
        )
    ]
    if sec.description:
        out.extend(make_paragraph((markup.Text(sec.description),), st.standfirst, ctx))
    out.extend(block_flowables(sec.narrative, ctx, st.body, ctx.frame_width))
    yield out
    for ex in sec.excerpts:
        yield _excerpt(ex, ctx, sec.name)
    for sub in sec.subsections:
        yield from theme_section_parts(sub, ctx, outline_level + 1)


def toc_entries(doc: BriefDoc, ctx: Ctx) -> list[tuple[int, str, str, str, bool]]:
    """The outline entries the contents list shows, in order, read from the
    composed tree (the same entries the parts' headings carry), so the
    contents list has its final height before any part is built."""
    out = []
    if doc.bottom_line:
        out.append(outline_entry(0, "Bottom line up front", "ol-bluf", True, ctx))
    if doc.judgments:
        out.append(outline_entry(0, "Key judgments", "ol-kj", True, ctx))

    def walk(sec: Section, level: int) -> None:
        out.append(outline_entry(level, sec.name, "ol-" + sec.anchor, sec.level <= 2, ctx))
        for sub in sec.subsections:
            walk(sub, level + 1)

    for sec in doc.sections:
        walk(sec, 0)
    if any(b.count > 0 for b in doc.chart):
        out.append(outline_entry(0, "Evidence by theme", "ol-chart", True, ctx))
    if doc.sources:
        out.append(outline_entry(0, "Sources", "ol-sources", True, ctx))
    if doc.appendix is not None and doc.appendix.sources:
        out.append(outline_entry(0, "Appendix: annotated sources", "ol-appendix", True, ctx))
    return [e for e in out if e[4]]


def _cite_parts(ex: Excerpt, section_name: str) -> list[str]:
    """The citation line after its label ("EXCERPT 3 · SOURCE 2"), each
    part led by " · ": the short title and date, the other themes."""
    # short form ("SOURCE 2 · Title, 29 Dec 2025"); the full entry is in the list
    detail = []
    if ex.source_title:
        title = ex.source_title
        if len(title) > 72:
            title = title[:70].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
        detail.append(title)
    if ex.date:
        detail.append(fmt_date(ex.date, short=True))
    rest = []
    if detail:
        rest.append(", ".join(detail))
    others = [t for t in ex.themes if t and t != section_name]
    if others and len(ex.themes) > 1:
        rest.append("also: " + ", ".join(others))
    return rest


def _cite_line(ex: Excerpt, ctx: Ctx, section_name: str = "") -> str:
    href = ctx.href("#" + ex.source_anchor) if ex.source_anchor else None
    label = f"SOURCE {ex.source_number}"
    if href:
        label = f'<a href="{markup.escape(href)}" color="{LINK}">{label}</a>'
    text = f'<font name="{fonts.SANS_BOLD}">EXCERPT {ex.number} · {label}</font>'
    for bit in _cite_parts(ex, section_name):
        text += " · " + fonts.markup(bit, fonts.SANS, ctx.coverage)
    return text


def _cite(ex: Excerpt, ctx: Ctx, section_name: str) -> Flowable:
    """The citation line under a quote, set from runs when it can be."""
    st = ctx.styles
    if ex.rtl:
        return Paragraph(_cite_line(ex, ctx, section_name), st.cite_rtl)
    style = st.cite
    size, ink = style.fontSize, style.textColor
    href = ctx.href("#" + ex.source_anchor) if ex.source_anchor else None
    runs = [Run(f"EXCERPT {ex.number} · ", fonts.SANS_BOLD, size, ink)]
    runs.append(
        Run(f"SOURCE {ex.source_number}", fonts.SANS_BOLD, size, LINK_COLOR if href else ink, href)
    )
    for bit in _cite_parts(ex, section_name):
        runs.append(Run(" · ", fonts.SANS, size, ink))
        runs.extend(text_runs(bit, fonts.SANS, size, ink, ctx))
    if not usable(runs):
        return Paragraph(_cite_line(ex, ctx, section_name), style)
    return RunParagraph(runs, style, lambda: _cite_line(ex, ctx, section_name))


def _cross_reference(ex: Excerpt, ctx: Ctx) -> list[Flowable]:
    """One line: the excerpt's number and where it is printed in full."""
    st = ctx.styles
    see = fonts.markup(ex.see, fonts.SANS, ctx.coverage)
    text = (
        ctx.anchor(ex.anchor)
        + _excerpt_ref(ex, ctx, f'<font name="{fonts.SANS_BOLD}">EXCERPT {ex.number}</font>')
        + f" · see {see}"
    )
    block = bar_table([Paragraph(text, st.cite)], colors.HexColor(hex_color(ex.color)), 0)
    block.spaceBefore = 2
    block.spaceAfter = 8
    return [block]


def _excerpt(ex: Excerpt, ctx: Ctx, section_name: str = "", width: float = 0) -> list[Flowable]:
    if ex.see:
        return _cross_reference(ex, ctx)
    st = ctx.styles
    width = width or ctx.frame_width
    quote_paras: list[Flowable] = []
    if ex.rtl:
        quote_paras = rtl_paragraphs(ex.quote, st.quote_rtl, ctx)
    else:
        lines = list(ex.quote.split("\n"))
        pieces = []
        for ln in lines:
            ln = " ".join(ln.split())
            if ln:
                pieces.extend(markup.split_long_text(ln))
        for i, piece in enumerate(pieces):
            text = fonts.markup(piece.strip(), fonts.SERIF, ctx.coverage)
            if i == 0 and ex.wrap:
                text = "“" + text
            if i == len(pieces) - 1 and ex.wrap:
                text += "”"
            quote_paras.append(Paragraph(text, st.quote))
    if not quote_paras:
        quote_paras = [Paragraph("[empty quote]", st.quote)]
    cite = _cite(ex, ctx, section_name)
    block = bar_table(
        [*quote_paras, cite], colors.HexColor(hex_color(ex.color)), width, right=ex.rtl
    )
    block.spaceBefore = 4
    block.spaceAfter = 5
    parts: list[Flowable] = [*ctx.anchor_flowable(ex.anchor), block]
    if ex.note:
        note = block_flowables(ex.note, ctx, st.note, width - 12)
        if note:
            label = RunParagraph(
                [Run("ANALYST NOTE", fonts.SANS_BOLD, 7, MUTED)], st.tag, lambda: _NOTE_LABEL
            )
            holder = BarBlock([label, *note], pad=12, pad_top=0, pad_bottom=0)
            holder.spaceAfter = 6
            parts.append(holder)
    # Kept on one page unless taller than a page (then it simply flows).
    keep = BarBlock(parts, pad=0, pad_top=0, pad_bottom=0, keep_within=ctx.frame_height)
    keep.spaceAfter = 10
    return [keep]


_NOTE_LABEL = f'<font name="{fonts.SANS_BOLD}" size="7" color="#5c6670">ANALYST NOTE</font>'


def source_list(doc: BriefDoc, ctx: Ctx) -> list[Flowable]:
    if not doc.sources:
        return []
    st = ctx.styles
    out: list[Flowable] = [
        Heading("Sources", st.h1, outline=outline_entry(0, "Sources", "ol-sources", True, ctx))
    ]
    for s in doc.sources:
        bits = [f"<b>{fonts.markup(s.title, fonts.SERIF, ctx.coverage)}</b>"]
        meta = [x for x in (s.author, s.dateline) if x]
        if s.date:
            meta.append(fmt_date(s.date))
        if meta:
            bits.append(fonts.markup(", ".join(meta), fonts.SERIF, ctx.coverage))
        text = ctx.anchor(s.anchor) + ". ".join(bits) + "."
        if s.url:
            href = markup.safe_href(s.url)
            url_m = fonts.markup(s.url, fonts.SERIF, ctx.coverage)
            if href:
                url_m = f'<a href="{markup.escape(href)}" color="{LINK}">{url_m}</a>'
            text += " " + url_m
        if s.accessed:
            text += " " + fonts.markup(
                f"Accessed {fmt_date(s.accessed)}.", fonts.SERIF, ctx.coverage
            )
        if s.language and s.language.lower() not in ("en", "en-us", "en-gb"):
            text += " " + fonts.markup(f"[{s.language}]", fonts.SERIF, ctx.coverage)
        out.append(Paragraph(text, st.source, bulletText=f"{s.number}."))
    return out
