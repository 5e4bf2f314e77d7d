"""Painting highlights in the reader: rectangles per line and visual run, blended fills,
underline lanes.

Only the blocks in the paint rectangle are visited and only the highlights that
overlap them are drawn (``HighlightIndex.overlapping``). A line of pure
left-to-right text gets one rectangle per line from ``QTextLine.cursorToX``; a
block with right-to-left characters gets one rectangle per glyph run
(``QTextLine.glyphRuns``), so mixed Arabic and Latin spans are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QTextBlock, QTextLayout, QTextLine
from PySide6.QtWidgets import QPlainTextEdit

from .highlight_index import HighlightIndex, Mark

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202b\u202e\u2067]")
UNTAGGED = QColor(128, 128, 128)
MAX_LANES = 3
"""Underline lanes stack inside the line's descent, so at most three fit."""


@dataclass
class PaintResult:
    """What was painted last: rectangles per highlight, for hit tests and handles."""

    rects: list[tuple[QRectF, Mark]] = field(default_factory=list)
    first: int = 0
    last: int = 0


def block_has_rtl(block: QTextBlock) -> bool:
    state = block.userState()
    if state < 0:
        state = 1 if _RTL.search(block.text()) else 0
        block.setUserState(state)
    return state == 1


def align_right_to_left(blocks: list[tuple[QTextBlock, QPointF]]) -> None:
    """Right-align paragraphs whose text runs right to left.

    QPlainTextEdit lays every block out with the document's one text option, so
    an Arabic paragraph would sit on the left. Alignment is applied when a line
    is drawn or hit-tested (line breaking is unaffected), so it is set on each
    visible right-to-left block's layout after Qt has laid it out."""
    for block, _ in blocks:
        if block_has_rtl(block) and block.textDirection() == Qt.LayoutDirection.RightToLeft:
            layout = block.layout()
            option = layout.textOption()
            if not option.alignment() & Qt.AlignmentFlag.AlignRight:
                option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
                option.setTextDirection(Qt.LayoutDirection.RightToLeft)
                layout.setTextOption(option)


def visible_blocks(
    editor: QPlainTextEdit, top_px: float, bottom_px: float
) -> list[tuple[QTextBlock, QPointF]]:
    """(block, its top-left in viewport coordinates) for blocks that intersect
    [top_px, bottom_px]."""
    block = editor.firstVisibleBlock()
    offset = editor.contentOffset()
    geom = editor.blockBoundingGeometry(block).translated(offset)
    top = geom.top()
    out = []
    while block.isValid() and top <= bottom_px:
        height = editor.blockBoundingRect(block).height()
        if block.isVisible() and top + height >= top_px:
            out.append((block, QPointF(geom.left(), top)))
        top += height
        block = block.next()
    return out


def lines_in(block: QTextBlock, origin: QPointF, top: float, bottom: float) -> tuple[int, int]:
    """Block-relative positions [from, to) of the block's lines that reach into
    [top, bottom] (viewport coordinates; lines found by bisection)."""
    layout: QTextLayout = block.layout()
    count = layout.lineCount() if layout is not None else 0
    if count == 0:
        return 0, block.length()
    oy = origin.y()
    lo, hi = 0, count  # the first line whose bottom reaches top
    while lo < hi:
        mid = (lo + hi) // 2
        line = layout.lineAt(mid)
        if oy + line.y() + line.height() < top:
            lo = mid + 1
        else:
            hi = mid
    first, hi = lo, count  # then the first line that starts below bottom
    while lo < hi:
        mid = (lo + hi) // 2
        if oy + layout.lineAt(mid).y() > bottom:
            hi = mid
        else:
            lo = mid + 1
    if lo <= first:
        return 0, 0
    last = layout.lineAt(lo - 1)
    return layout.lineAt(first).textStart(), last.textStart() + last.textLength()


def span_rects(
    block: QTextBlock,
    origin: QPointF,
    start: int,
    end: int,
    top: float = float("-inf"),
    bottom: float = float("inf"),
) -> list[QRectF]:
    """Rectangles covering block-relative Qt positions [start, end) in viewport coordinates,
    on the lines that reach into [top, bottom] (a paint's clip)."""
    layout: QTextLayout = block.layout()
    if layout is None or layout.lineCount() == 0 or start >= end:
        return []
    rtl = block_has_rtl(block)
    rects = []
    line: QTextLine = layout.lineForTextPosition(start)
    index = line.lineNumber() if line.isValid() else 0
    count = layout.lineCount()
    ox, oy = origin.x(), origin.y()
    while index < count:
        line = layout.lineAt(index)
        ls = line.textStart()
        le = ls + line.textLength()
        if ls >= end:
            break
        a, b = max(start, ls), min(end, le)
        y, h = oy + line.y(), line.height()
        if y > bottom:
            break
        if a < b and y + h >= top:
            if rtl:
                for run in line.glyphRuns(a, b - a):
                    r = run.boundingRect()
                    if r.width() > 0:
                        rects.append(QRectF(ox + r.left(), y, r.width(), h))
            else:
                x1 = cast(tuple[float, int], line.cursorToX(a))[0]
                x2 = cast(tuple[float, int], line.cursorToX(b))[0]
                rects.append(QRectF(ox + min(x1, x2), y, abs(x2 - x1), h))
        index += 1
    if rtl and len(rects) > 1:
        rects = _merge_touching(rects)
    return rects


def _merge_touching(rects: list[QRectF]) -> list[QRectF]:
    """Join glyph runs of one line that touch (same direction split by font or script)."""
    rects.sort(key=lambda r: (r.top(), r.left()))
    out = [rects[0]]
    for r in rects[1:]:
        last = out[-1]
        if abs(r.top() - last.top()) < 0.5 and r.left() <= last.right() + 0.75:
            out[-1] = last.united(r)
        else:
            out.append(r)
    return out


def assign_lanes(marks: list[Mark]) -> dict[int, int]:
    """Greedy interval partitioning: overlapping highlights get different lanes."""
    lane_ends: list[int] = []
    lanes: dict[int, int] = {}
    for m in marks:  # sorted by start
        for i, end in enumerate(lane_ends):
            if end <= m.start:
                lane_ends[i] = m.end
                lanes[m.id] = i
                break
        else:
            lanes[m.id] = min(len(lane_ends), MAX_LANES - 1)
            if len(lane_ends) < MAX_LANES:
                lane_ends.append(m.end)
            else:
                lane_ends[-1] = max(lane_ends[-1], m.end)
    return lanes


@dataclass
class Palette:
    colors: dict[int, QColor]
    fill_alpha: int
    text_highlight: QColor
    dark: bool


def highlight_rects(
    editor: QPlainTextEdit, index: HighlightIndex, clip: QRectF | QRect
) -> tuple[PaintResult, list[Mark]]:
    """Where the highlights of the blocks in ``clip`` are, on the lines in ``clip``:
    the rectangles (``PaintResult``) and the marks, by start."""
    result = PaintResult()
    blocks = visible_blocks(editor, clip.top(), clip.bottom())
    if not blocks:
        return result, []
    first, last = blocks[0][0], blocks[-1][0]
    result.first = first.position()
    result.last = last.position() + last.length()
    marks = [m for m in index.overlapping(result.first, result.last) if not m.orphan]
    top, bottom = clip.top(), clip.bottom()
    for block, origin in blocks:
        bpos = block.position()
        bend = bpos + block.length() - 1
        # only the marks on the block's lines in the clip: a long paragraph may hold
        # thousands of highlights, most of them off screen
        shown_from, shown_to = lines_in(block, origin, top, bottom)
        lo, hi = bpos + shown_from, min(bend, bpos + shown_to)
        for m in marks:  # by start
            if m.start >= hi:
                break
            if m.end <= lo:
                continue
            a, b = max(m.start, bpos) - bpos, min(m.end, bend) - bpos
            for r in span_rects(block, origin, a, b, top, bottom):
                result.rects.append((r, m))
    return result, marks


def paint_highlights(
    painter: QPainter,
    editor: QPlainTextEdit,
    index: HighlightIndex,
    clip: QRectF,
    palette: Palette,
    scale: float = 1.0,
) -> PaintResult:
    """Fill and underline every highlight in the visible blocks; returns what was painted."""
    result, marks = highlight_rects(editor, index, clip)
    if not marks:
        return result
    lanes = assign_lanes(marks)
    bar = max(2.0, round(2 * scale))
    painter.setPen(Qt.PenStyle.NoPen)
    untagged_pen = QPen(UNTAGGED, max(1.0, scale), Qt.PenStyle.DashLine)
    # fills first (blended), then the underline lanes on top of all fills, under the text
    colors_of: dict[int, list[QColor]] = {}
    fills: dict[int, QColor] = {}
    for m in {m.id: m for _, m in result.rects}.values():  # those with something on screen
        colors = colors_of[m.id] = [palette.colors[t] for t in m.theme_ids if t in palette.colors]
        fill = fills[m.id] = QColor(colors[0] if colors else UNTAGGED)
        fill.setAlpha(palette.fill_alpha if colors else (28 if not palette.dark else 45))
    for r, m in result.rects:
        painter.fillRect(r, fills[m.id])
    for r, m in result.rects:
        colors = colors_of[m.id]
        lane = lanes.get(m.id, 0)
        if colors:
            _lane_bar(painter, r, lane, bar, colors)
        else:
            y = r.bottom() - lane * bar - bar / 2
            painter.setPen(untagged_pen)
            painter.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            painter.setPen(Qt.PenStyle.NoPen)
    return result


def _lane_bar(painter: QPainter, r: QRectF, lane: int, bar: float, colors: list[QColor]) -> None:
    y = r.bottom() - (lane + 1) * bar
    if len(colors) == 1:
        painter.fillRect(QRectF(r.left(), y, r.width(), bar), colors[0])
        return
    seg = 8.0  # several themes: the bar alternates their colours
    x, i = r.left(), 0
    while x < r.right():
        w = min(seg, r.right() - x)
        painter.fillRect(QRectF(x, y, w, bar), colors[i % len(colors)])
        x += seg
        i += 1


def paint_outline(
    painter: QPainter, rects: list[QRectF], color: QColor, width: float, dashed: bool = False
) -> None:
    pen = QPen(color, width, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for r in rects:
        painter.drawRoundedRect(r.adjusted(-1, 0, 1, 0), 2, 2)


def handle_rects(rects: list[QRectF], rtl_start: bool = False) -> tuple[QRectF, QRectF] | None:
    """Drag handles at the start (first rectangle) and end (last rectangle) of a span."""
    if not rects:
        return None
    first, last = rects[0], rects[-1]
    w = 7.0
    start = QRectF(
        (first.right() if rtl_start else first.left()) - w / 2,
        first.top() - 4,
        w,
        first.height() + 4,
    )
    end = QRectF(
        (last.left() if rtl_start else last.right()) - w / 2, last.top(), w, last.height() + 4
    )
    return start, end


def paint_handles(painter: QPainter, handles: tuple[QRectF, QRectF], color: QColor) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 2))
    for i, h in enumerate(handles):
        x = h.center().x()
        painter.drawLine(QPointF(x, h.top() + 3), QPointF(x, h.bottom() - 3))
        painter.setBrush(color)
        knob = QPointF(x, h.top() + 3) if i == 0 else QPointF(x, h.bottom() - 3)
        painter.drawEllipse(knob, 3, 3)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def preview_index(index: HighlightIndex, drag: tuple[int, str, int] | None) -> HighlightIndex:
    """``index`` with the dragged highlight's end moved to the drag's Qt position (``drag`` is
    (mark id, "start" | "end", position); None: ``index`` itself)."""
    if drag is None:
        return index
    mark_id, which, pos = drag
    mark = index.marks.get(mark_id)
    if mark is None:
        return index
    preview = HighlightIndex()
    preview.load(list(index.marks.values()))
    m = Mark(mark.id, mark.start, mark.end, mark.theme_ids)
    if which == "start":
        m.start = min(pos, mark.end - 1)
    else:
        m.end = max(pos, mark.start + 1)
    preview.add(m)
    return preview


def paint_find_matches(
    painter: QPainter, edit: QPlainTextEdit, clip: QRectF, spans: list[tuple[int, int]]
) -> None:
    """Tint the find bar's matches (Qt positions) in the visible blocks of ``edit``."""
    if not spans:
        return
    color = QColor(edit.palette().color(QPalette.ColorRole.Highlight))
    color.setAlpha(60)
    for block, origin in visible_blocks(edit, clip.top(), clip.bottom()):
        bpos, bend = block.position(), block.position() + block.length() - 1
        for a, b in spans:
            if b > bpos and a < bend:
                for r in span_rects(block, origin, max(a, bpos) - bpos, min(b, bend) - bpos):
                    painter.fillRect(r, color)
