"""What the Highlights table shows of one highlight: each cell's values by role,
worked out once per cell when it is first painted, so that Qt's questions while
painting (text, check box, colour, decoration, id...) are one dictionary look-up.

A highlight's themes are drawn as a row of colour dots (a pixmap, made once per
combination of colours) before their names: Qt's own item delegate paints it and
elides the names, with no Python in the paint.

The long texts (quote, source, note) are cut to their column's width when the cell
is made (``TextFit``): Qt lays out every character of a cell's text on each paint
before it elides it, so a 160-character quote in a column showing 40 cost four
times what is seen. The whole text stays the cell's accessible text."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6 import QtCore, QtGui

from briefing.store.highlight_list import ListRow

from .labels import one_line
from .roles import COLORS_ROLE, ID_ROLE

INCLUDED, QUOTE, THEMES, SOURCE, POSITION, NOTE, CREATED = range(7)
HEADERS = ("Brief", "Quote", "Themes", "Source", "Position", "Note", "Created")
ORPHAN_HELP = (
    "Orphans: these highlights could not be found after the source was "
    "re-imported. Their quotes are kept; delete them or tag the passage again."
)

_R = QtCore.Qt.ItemDataRole
DISPLAY = _R.DisplayRole.value
DECORATION = _R.DecorationRole.value
CHECK = _R.CheckStateRole.value
FOREGROUND = _R.ForegroundRole.value
TOOLTIP = _R.ToolTipRole.value
ACCESSIBLE = _R.AccessibleTextRole.value
_CHECKED = QtCore.Qt.CheckState.Checked
_UNCHECKED = QtCore.Qt.CheckState.Unchecked
_ORPHAN: dict[str, QtGui.QBrush] = {}
"""The orphans' text colour, made once (after the application exists)."""

Cells = list[dict[int, Any] | None]
"""One dict per column (role -> value), None until the column is painted."""


def short_date(iso: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


class ThemeDots:
    """Colour dots as pixmaps, one per combination of colours, for the row height."""

    def __init__(self, height: int):
        self.size = max(6, min(10, height - 6))
        self._height = height
        self._made: dict[tuple[str, ...], QtGui.QPixmap] = {}

    def pixmap(self, colors: tuple[str, ...]) -> QtGui.QPixmap | None:
        colors = colors[:6]
        if not colors:
            return None
        made = self._made.get(colors)
        if made is None:
            made = self._made[colors] = self._draw(colors)
        return made

    def _draw(self, colors: tuple[str, ...]) -> QtGui.QPixmap:
        app = QtGui.QGuiApplication.instance()
        ratio = app.devicePixelRatio() if isinstance(app, QtGui.QGuiApplication) else 1.0
        size = self.size
        width = len(colors) * (size + 2) - 2 + 1
        pixmap = QtGui.QPixmap(int(width * ratio), int(size * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(pixmap)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtGui.QPen(QtGui.QColor(0, 0, 0, 90), 1))
        x = 0
        for color in colors:
            painter.setBrush(QtGui.QColor(color))
            painter.drawEllipse(QtCore.QRectF(x + 0.5, 0.5, size - 1, size - 1))
            x += size + 2
        painter.end()
        return pixmap


class TextFit:
    """Cuts a column's text to the width it is shown in, as the view would elide it."""

    COLUMNS = (QUOTE, SOURCE, NOTE)

    def __init__(self) -> None:
        self._widths: dict[int, int] = {}
        self._metrics: QtGui.QFontMetrics | None = None
        self._font: QtGui.QFont | None = None

    def set(self, widths: dict[int, int], font: QtGui.QFont) -> bool:
        """The text widths (pixels) of the columns and the view's font; whether they
        changed (the cells made before are then stale)."""
        widths = {c: w for c, w in widths.items() if c in self.COLUMNS and w > 0}
        if widths == self._widths and font == self._font:
            return False
        self._widths, self._font = widths, QtGui.QFont(font)
        self._metrics = QtGui.QFontMetrics(font)
        return True

    def __call__(self, column: int, text: str) -> str:
        width = self._widths.get(column)
        if width is None or self._metrics is None or not text:
            return text
        return self._metrics.elidedText(text, QtCore.Qt.TextElideMode.ElideRight, width)


def cell(
    row: ListRow,
    column: int,
    themes: list[tuple[str, str]],
    source: str,
    dots: ThemeDots,
    fit: TextFit | None = None,
) -> dict[int, Any]:
    """The cell of ``row`` in ``column`` (role -> value); ``themes`` are its
    (name, colour) in codebook order, ``source`` its source's label; ``fit`` cuts
    long texts to their column's width."""
    values: dict[int, Any] = {ID_ROLE: row.id}
    if column == INCLUDED:
        values[CHECK] = _CHECKED if row.included else _UNCHECKED
    elif column == QUOTE:
        values[DISPLAY] = one_line(row.quote)
    elif column == THEMES:
        values[DISPLAY] = ", ".join(name for name, _ in themes)
        values[DECORATION] = dots.pixmap(tuple(color for _, color in themes))
        values[COLORS_ROLE] = [color for _, color in themes]
    elif column == SOURCE:
        values[DISPLAY] = source
    elif column == POSITION:
        values[DISPLAY] = f"{row.start:,}" + (" (orphan)" if row.orphan else "")
    elif column == NOTE:
        first = next((ln for ln in row.note.splitlines() if ln.strip()), "")
        values[DISPLAY] = one_line(first, 80)
    elif column == CREATED:
        values[DISPLAY] = short_date(row.created)
    if fit is not None and column in TextFit.COLUMNS:
        text = values[DISPLAY]
        shown = fit(column, text)
        if shown != text:
            values[DISPLAY], values[ACCESSIBLE] = shown, text
    if row.orphan:
        brush = _ORPHAN.get("brush")
        if brush is None:
            brush = _ORPHAN["brush"] = QtGui.QBrush(QtGui.QColor("#B00020"))
        values[FOREGROUND] = brush
    return values


def tooltip(row: ListRow, column: int) -> str | None:
    """A cell's tooltip (asked for when the mouse rests on it, not when painting)."""
    if column == QUOTE:
        return f"<p>{_esc(row.quote)}</p>"
    if column == NOTE and row.note:
        return f"<p>{_esc(row.note)}</p>"
    if column == INCLUDED:
        return "Included in the brief" if row.included else "Left out of the brief"
    if column == POSITION and row.orphan:
        return ORPHAN_HELP
    return None


def _esc(text: str) -> str:
    return html.escape(one_line(text, 600))
