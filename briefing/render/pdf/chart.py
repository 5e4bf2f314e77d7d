"""The "Evidence by theme" bar chart (graphics strings have no per-character
font fallback, so every label is set in one face that covers it)."""

from __future__ import annotations

from briefing.brief.doc import BriefDoc
from briefing.render.pdf import fonts
from briefing.render.pdf.flowables import Heading
from briefing.render.pdf.page import visual_text
from briefing.render.pdf.parts import outline_entry
from briefing.render.pdf.rl import (
    Drawing,
    Flowable,
    HorizontalBarChart,
    KeepTogether,
    Legend,
    Paragraph,
    colors,
)
from briefing.render.pdf.style import INK, MUTED, RULE, hex_color
from briefing.render.pdf.text import Ctx
from briefing.text import shorten


def chart_part(doc: BriefDoc, ctx: Ctx) -> list[Flowable]:
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
        bc.bars[(0, i)].fillColor = colors.HexColor(hex_color(b.color))
    face = fonts.SANS
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
    lg.colorNamePairs = [
        (colors.HexColor(hex_color(b.color)), _chart_label(t, legend_face, ctx, 44, fixed=True)[0])
        for b, t in zip(bars, legend_texts, strict=False)
    ]
    d.add(lg)
    st_ = st
    out: list[Flowable] = [
        Heading(
            "Evidence by theme",
            st_.h1,
            outline=outline_entry(0, "Evidence by theme", "ol-chart", True, ctx),
        ),
        Paragraph(
            "Highlights tagged with each theme (a highlight can carry several themes).",
            st_.chart_caption,
        ),
        d,
    ]
    return [KeepTogether(out)]


def _face_for(text: str, preferred: str) -> str:
    """``preferred`` if it draws all of ``text``, else a bundled face that does."""
    text = visual_text(text)
    for face in (preferred, fonts.FALLBACK, fonts.ARABIC):
        if fonts.covered(face).issuperset(text):
            return face
    return preferred


def _chart_label(
    text: str, face: str, ctx: Ctx, limit: int = 32, fixed: bool = False
) -> tuple[str, str]:
    """A one-face string for a chart (graphics strings have no fallback)."""
    text = shorten(text, limit, rstrip=True)
    if not fixed:
        face = _face_for(text, face)
    return fonts.plain(visual_text(text), face, ctx.coverage), face


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 6:
            return step
    return max(1, top // 5)
