"""The "Evidence by theme" bar chart, drawn on the canvas: one horizontal bar
per theme with its count, a value axis with a light grid, and a legend in
three columns. (Drawn directly rather than with reportlab's chart widgets,
which cost an export about 20 ms of imports and rendering for eight bars.
Each label is set in one face that covers it.)"""

from __future__ import annotations

from typing import Any

from briefing.brief.doc import BriefDoc
from briefing.render.pdf import fonts
from briefing.render.pdf.flowables import Heading
from briefing.render.pdf.page import visual_text
from briefing.render.pdf.parts import outline_entry
from briefing.render.pdf.rl import Flowable, KeepTogether, Paragraph, colors
from briefing.render.pdf.style import INK, MUTED, RULE, hex_color
from briefing.render.pdf.text import Ctx
from briefing.text import shorten

GRID = colors.HexColor("#e6e9ed")


def chart_part(doc: BriefDoc, ctx: Ctx) -> list[Flowable]:
    bars = [b for b in doc.chart if b.count > 0]
    if not bars:
        return []
    st = ctx.styles
    width = ctx.frame_width
    n = len(bars)
    label_w = 150
    plot_h = n * BAR * 1.45
    legend_rows = (n + 2) // 3
    legend_h = legend_rows * 13 + 8
    height = plot_h + 28 + legend_h
    top = max(b.count for b in bars)
    step = _nice_step(top)
    face = fonts.SANS
    labels = [_chart_label(b.name, face, ctx) for b in bars]
    legend_texts = [f"{b.name} ({b.count})" for b in bars]
    legend_face = _face_for(" ".join(legend_texts), face)
    legend = [_chart_label(t, legend_face, ctx, 44, fixed=True)[0] for t in legend_texts]
    d = BarChart(
        width,
        height,
        bars=[(b.count, colors.HexColor(hex_color(b.color))) for b in bars],
        labels=labels,
        legend=(legend, legend_face, legend_rows),
        plot=(label_w, legend_h + 18, width - label_w - 30, plot_h),
        value_max=step * ((top + step - 1) // step),
        step=step,
    )
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


BAR = 13.0
"""A bar's thickness; bars are BAR × 1.45 apart."""


class BarChart(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """Horizontal bars, the first at the top, with their counts; a value axis
    (ticks every ``step``) under them; a legend of swatches under it."""

    def __init__(
        self,
        width: float,
        height: float,
        *,
        bars: list[tuple[int, Any]],
        labels: list[tuple[str, str]],
        legend: tuple[list[str], str, int],
        plot: tuple[float, float, float, float],
        value_max: int,
        step: int,
    ) -> None:
        super().__init__()
        self.width, self.height = width, height
        self._bars = bars
        self._labels = labels
        self._legend = legend
        self._plot = plot
        self._max = max(1, value_max)
        self._step = max(1, step)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        x0, y0, w, h = self._plot
        n = len(self._bars)
        band = h / n
        canv.saveState()
        # grid and value axis
        canv.setLineWidth(0.5)
        canv.setStrokeColor(GRID)
        for v in range(0, self._max + 1, self._step):
            x = x0 + w * v / self._max
            canv.line(x, y0, x, y0 + h)
        canv.setLineWidth(1)
        canv.setStrokeColor(RULE)
        canv.line(x0, y0, x0 + w, y0)
        canv.line(x0, y0, x0, y0 + h)
        canv.setFillColor(MUTED)
        canv.setFont(fonts.SANS, 7)
        for v in range(0, self._max + 1, self._step):
            x = x0 + w * v / self._max
            canv.line(x, y0, x, y0 - 5)
            canv.drawCentredString(x, y0 - 5 - 7, str(v))
        # bars, their counts and labels, the first at the top
        for i, ((count, color), (label, face)) in enumerate(
            zip(self._bars, self._labels, strict=False)
        ):
            mid = y0 + h - band * (i + 0.5)
            length = w * count / self._max
            canv.setFillColor(color)
            canv.rect(x0, mid - BAR / 2, length, BAR, stroke=0, fill=1)
            canv.setFillColor(MUTED)
            canv.setFont(fonts.SANS, 7.5)
            canv.drawString(x0 + length + 3, mid - 7.5 * 0.31, str(count))
            canv.setFillColor(INK)
            canv.setFont(face, 8)
            canv.drawRightString(x0 - 6, mid - 8 * 0.31, label)
        # legend: columns of swatches and names, filled top to bottom
        texts, face, rows = self._legend
        top = y0 - 18 - 4
        canv.setFont(face, 7.5)
        for k, (text, (_count, color)) in enumerate(zip(texts, self._bars, strict=False)):
            col, row = divmod(k, max(1, rows))
            x = col * self.width / 3
            y = top - row * 13
            canv.setFillColor(color)
            canv.rect(x, y - 8, 8, 8, stroke=0, fill=1)
            canv.setFillColor(INK)
            canv.drawString(x + 8 + 5, y - 8, text)
        canv.restoreState()
