"""The "Evidence by theme" bar chart (graphics strings have no per-character
font fallback, so every label is set in one face that covers it)."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from briefing.compose import BriefDoc
from briefing.render import fonts as F
from briefing.render.pdf.flowables import _Heading
from briefing.render.pdf.page import _visual
from briefing.render.pdf.parts import _outline
from briefing.render.pdf.style import INK, MUTED, RULE, _hex
from briefing.render.pdf.text import _Ctx


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
    lg.colorNamePairs = [
        (colors.HexColor(_hex(b.color)), _chart_label(t, legend_face, ctx, 44, fixed=True)[0])
        for b, t in zip(bars, legend_texts)
    ]
    d.add(lg)
    st_ = st
    out: list[Flowable] = [
        _Heading(
            "Evidence by theme",
            st_.h1,
            outline=_outline(0, "Evidence by theme", "ol-chart", True, ctx),
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
    text = _visual(text)
    for face in (preferred, F.FALLBACK, F.ARABIC):
        if F.covered(face).issuperset(text):
            return face
    return preferred


def _chart_label(
    text: str, face: str, ctx: _Ctx, limit: int = 32, fixed: bool = False
) -> tuple[str, str]:
    """A one-face string for a chart (graphics strings have no fallback)."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    if not fixed:
        face = _face_for(text, face)
    return F.plain(_visual(text), face, ctx.coverage), face


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 6:
            return step
    return max(1, top // 5)
