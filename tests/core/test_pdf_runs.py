"""Paragraphs set from runs (citation lines, notes) break their lines exactly
as reportlab's Paragraph does for the same markup, keep their links, and hand
what they cannot set to reportlab."""

from __future__ import annotations

import random

import pytest
from pypdf import PdfReader

from briefing.brief import markup
from briefing.brief.compose import compose
from briefing.render.pdf import fonts, write_pdf
from briefing.render.pdf.rl import Paragraph
from briefing.render.pdf.runs import RunParagraph
from briefing.render.pdf.text import Ctx, block_flowables
from tests.projects import make_project

WORDS = [
    "council",
    "timetable",
    "review",
    "the",
    "of",
    "Baghdad’s",
    "forces",
    "—",
    "logistics",
    "“quoted”",
    "naïve",
    "coordination",
    "2025",
    "a",
    "an",
    "Ωmega",
    "→",
    "arrows",
    "✓",
    "checked",
    "planning,",
    "reform;",
    "institutions",
]


def _ctx() -> Ctx:
    fonts.register_fonts()
    ctx = Ctx(anchors=frozenset({"src-1"}))
    ctx.frame_width, ctx.frame_height = 450, 700
    return ctx


def _note(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(5, 60)):
        w = rng.choice(WORDS)
        r = rng.random()
        if r < 0.1:
            w = f"**{w} {rng.choice(WORDS)}**"
        elif r < 0.2:
            w = f"*{w}*"
        elif r < 0.25:
            w = f"[{w} {rng.choice(WORDS)}](https://example.org/{rng.randint(1, 9)})"
        elif r < 0.28:
            w = f"`{w}`"
        elif r < 0.3:
            w = f"[{w}](#src-1)"
        elif r < 0.32:
            w += "  \n"  # a hard line break
        out.append(w)
    return " ".join(out)


def _lines_of_paragraph(p: Paragraph) -> list[str]:
    bl = p.blPara
    if bl.kind == 0:
        return [" ".join(words) for _extra, words in bl.lines]
    out = []
    for line in bl.lines:
        text = "".join(getattr(w, "text", "") for w in line.words)
        out.append(" ".join(text.split()))
    return out


def _lines_of_runs(p: RunParagraph) -> list[str]:
    return [
        " ".join("".join(t for _r, t, _pw in pieces) for pieces, _w in words)
        for words, _spaces, _used in p._lines or []
    ]


@pytest.mark.parametrize("seed", range(40))
def test_lines_break_where_reportlab_breaks_them(seed):
    rng = random.Random(seed)
    ctx = _ctx()
    st = ctx.styles
    style = rng.choice([st.note, st.body, st.cite, st.bluf])
    width = rng.choice([120.0, 233.5, 380.0, 450.0])
    (flow,) = block_flowables(markup.parse(_note(rng)), ctx, style, width)
    assert isinstance(flow, RunParagraph)
    _w, h = flow.wrap(width, 10_000)
    para = Paragraph(flow._markup(), style)
    _pw, ph = para.wrap(width, 10_000)
    assert _lines_of_runs(flow) == _lines_of_paragraph(para)
    assert h == ph


def test_a_word_wider_than_the_line_is_left_to_reportlab():
    ctx = _ctx()
    long_word = "x" * 200
    (flow,) = block_flowables(markup.parse(f"see *{long_word}* here"), ctx, ctx.styles.note, 200)
    assert isinstance(flow, RunParagraph)
    flow.wrap(200, 1000)
    assert flow._para is not None  # reportlab splits the long word


def test_notes_and_citations_keep_their_text_and_links(tmp_path):
    p = make_project()
    long_note = " ".join(["The council reviewed the timetable *again* today."] * 120)
    p.highlights[0].note = (
        "See **the wire** and [the report](https://example.org/r?a=1&b=2), "
        "`code`, a break  \nhere, and [the source](#src-1).\n\n" + long_note
    )
    path = tmp_path / "b.pdf"
    write_pdf(compose(p, today="2026-01-10"), path)
    reader = PdfReader(path)
    text = " ".join(" ".join((pg.extract_text() or "").split()) for pg in reader.pages)
    assert "See the wire and the report, code, a break" in text
    assert "here, and the source." in text
    assert text.count("The council reviewed the timetable again today.") == 120
    uris = [
        a.get_object()["/A"]["/URI"]
        for pg in reader.pages
        for a in pg.get("/Annots") or []
        if "/A" in a.get_object()
    ]
    assert "https://example.org/r?a=1&b=2" in uris
    assert "EXCERPT 1 · SOURCE 1" in text


@pytest.mark.parametrize("text", ["a soft\u00adhyphen", "thin\u2009space", "no-break\u00a0space"])
def test_text_reportlab_breaks_its_own_way_stays_a_reportlab_paragraph(text):
    ctx = _ctx()
    (flow,) = block_flowables(markup.parse(f"*see* {text}"), ctx, ctx.styles.note, 200)
    assert isinstance(flow, Paragraph)


def test_appendix_passages_are_highlighted_where_reportlab_would_highlight_them():
    from reportlab.pdfgen.canvas import Canvas

    from briefing.brief.doc import AppendixParagraph, HighlightSpan
    from briefing.render.pdf.appendix import _appendix_paragraph, _markup

    ctx = _ctx()
    text = " ".join(["The council reviewed the timetable again."] * 6)
    start = text.index("reviewed", 30)
    span = HighlightSpan(start, start + 150, ("#E69F00", "#56B4E9"))
    p = AppendixParagraph(0, text, [span])
    (flow,) = _appendix_paragraph(p, ctx)
    assert isinstance(flow, RunParagraph)
    width = 300.0
    flow.wrap(width, 1000)
    para = Paragraph(_markup(p, ctx), ctx.styles.app_para)
    para.wrap(width, 1000)
    assert _lines_of_runs(flow) == _lines_of_paragraph(para)
    canv = Canvas("/dev/null")
    flow.drawOn(canv, 0, 0)
    code = "\n".join(canv._code)
    highlighted_lines = sum(
        1
        for words, _s, _u in flow._lines or []
        if any(r.back is not None for pieces, _w in words for r, _t, _pw in pieces)
    )
    assert highlighted_lines >= 2  # the passage runs over a line break
    assert code.count(" re f") == highlighted_lines  # one tinted box per line
    assert code.count(" l S") == highlighted_lines  # underlined in the second theme's colour
