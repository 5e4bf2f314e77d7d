"""The source reader: a read-only text view that paints highlights in theme colours.

The document holds plain text only; highlights live in a ``HighlightIndex``
(Qt positions) and are painted on the viewport for the visible blocks
(``highlight_paint``). Clicking a highlight picks it (``selection.set_highlights``),
dragging its handles adjusts its span, hovering shows its themes and note
(``ReaderInput``); the text sits in a centred column (``ReaderColumn``). Both are
helpers the reader owns and hands its events to.
Positions leave this module as code points (``selected_span``); ``textpos`` is
the only converter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QMenu, QPlainTextEdit, QWidget

from briefing.events import Action, Change, Kind

from . import settings, words
from .fonts import reading_font
from .highlight_index import HighlightIndex, Mark
from .highlight_paint import (
    PaintResult,
    Palette,
    align_right_to_left,
    block_has_rtl,
    handle_rects,
    highlight_rects,
    paint_find_matches,
    paint_handles,
    paint_highlights,
    paint_outline,
    preview_index,
    visible_blocks,
)
from .mark_loader import MarkLoader
from .reader_column import ReaderColumn
from .reader_input import ReaderInput
from .textpos import PositionMap

if TYPE_CHECKING:
    from briefing.model import Highlight
    from briefing.store import Store

    from .workspace import Workspace


class SourceReader(QPlainTextEdit):
    """``show_source(id)``, ``selected_span()``; emits ``column_changed(left, right)``
    when the centred text column moves (the header follows it), ``span_dragged(highlight
    id, "start" | "end", code point)`` when a handle drag ends, ``context_menu_opening(menu,
    mark or None)`` before its context menu shows (tagging fills it)."""

    column_changed = Signal(int, int)
    source_shown = Signal(object)
    span_dragged = Signal(int, str, int)
    context_menu_opening = Signal(QMenu, object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.column = ReaderColumn(self)
        self.input = ReaderInput(self)
        self.setObjectName("reader")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setCenterOnScroll(False)
        option = self.document().defaultTextOption()
        option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.document().setDocumentMargin(12)
        self.viewport().setMouseTracking(True)
        self.setFont(reading_font(settings.get("reader/zoom")))

        self.source_id: int | None = None
        self.text = ""
        self.posmap = PositionMap("")
        self.index = HighlightIndex()
        self._loader = MarkLoader(self._more_marks, self)
        self.find_matches: Callable[[int, int], list[tuple[int, int]]] | None = None
        """Set by the find bar: (start, end) -> [(a, b)] matches, in Qt units."""
        self.colors: dict[int, QColor] = {}
        self._painted = PaintResult()
        self._painted_clip = QRect()
        self._picked: tuple[int, ...] = ()
        self._handles: tuple[QRectF, QRectF] | None = None
        self._flash_id: int | None = None
        self._flash_left = 0
        self._flash_timer = QTimer(self, interval=140)
        self._flash_timer.timeout.connect(self._flash_step)
        self.paint_count = 0

        workspace.bridge.changed.connect(self._on_change)
        workspace.bridge.project_replaced.connect(self._reload_colors)
        workspace.bridge.project_replaced.connect(self._loader.close)
        workspace.selection.highlights_changed.connect(self._on_picked)
        workspace.selection.reveal_requested.connect(self.reveal)
        workspace.span_requested.connect(self._show_span)
        self._reload_colors()

    # -- showing a source -----------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.workspace.store

    def show_source(self, source_id: int | None) -> None:
        if source_id is not None:
            try:
                text = self.store.source_text(source_id)
            except KeyError:
                source_id, text = None, ""
        else:
            text = ""
        self.source_id = source_id
        self.text = text
        self.posmap = PositionMap(text)
        self._set_document_text(text)
        self._load_marks()
        self._picked = tuple(
            h for h in self.workspace.selection.highlight_ids if h in self.index.marks
        )
        self.source_shown.emit(source_id)

    def _set_document_text(self, text: str) -> None:
        """setPlainText, but fast for text with a few emoji.

        PySide converts a Python string holding any character outside the BMP
        character by character (70 ms for 5 MB, against 1 ms without). Slices
        between such characters are BMP-only strings and convert at full speed,
        so the text goes in as those slices, in one edit block."""
        astral = self.posmap.astral
        if not astral or len(astral) > 2000:
            self.setPlainText(text)
            return
        self.setPlainText("")
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        prev, i, n = 0, 0, len(astral)
        while i < n:
            j = i
            while j + 1 < n and astral[j + 1] == astral[j] + 1:
                j += 1
            cursor.insertText(text[prev : astral[i]])
            cursor.insertText(text[astral[i] : astral[j] + 1])
            prev, i = astral[j] + 1, j + 1
        cursor.insertText(text[prev:])
        cursor.endEditBlock()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _mark(self, h: Highlight) -> Mark:
        to_qt = self.posmap.to_qt
        return Mark(h.id, to_qt(h.start), to_qt(h.end), h.theme_ids, h.orphan)

    def _load_marks(self) -> None:
        self._loader.close()
        sid = self.source_id
        spans = [] if sid is None else self._loader.start(self.store, sid, len(self.text))
        self.index.load(self._marks(spans))
        self.viewport().update()

    def _marks(self, spans: list) -> list[Mark]:
        to_qt = self.posmap.to_qt
        return [Mark(hid, to_qt(s), to_qt(e), th, orphan) for hid, s, e, orphan, th in spans]

    def _more_marks(self, spans: list) -> None:  # the loader's next chunk
        self.index.extend(self._marks(spans))
        self.viewport().update()

    def _reload_colors(self) -> None:
        if self.store.closed:
            return
        self.colors = {t.id: QColor(t.color) for t in self.store.themes()}
        self.viewport().update()

    def _on_change(self, change: Change) -> None:
        if change.kind == Kind.THEME:
            self._reload_colors()
        elif change.kind == Kind.HIGHLIGHT:
            self._on_highlight_change(change)
        elif (
            change.kind == Kind.SOURCE
            and self.source_id in change.ids
            and change.action == Action.CHANGED
            and "text" in change.fields
        ):
            self.show_source(self.source_id)

    def _on_highlight_change(self, change: Change) -> None:
        if self.source_id is None:
            return
        if len(change.ids) > 200:
            self._load_marks()
            return
        spans = []
        for hid in change.ids:
            old = self.index.marks.get(hid)
            if old is not None:
                spans.append((old.start, old.end))
            if change.action == Action.REMOVED:
                self.index.remove(hid)
                continue
            try:
                h = self.store.highlight(hid)
            except KeyError:
                self.index.remove(hid)
                continue
            if h.source_id == self.source_id:
                mark = self._mark(h)
                self.index.add(mark)
                spans.append((mark.start, mark.end))
            else:
                self.index.remove(hid)
        for start, end in spans:
            self.update_span(start, end)

    def update_span(self, start: int, end: int) -> None:
        """Repaint the visible lines of [start, end) and of the highlights overlapping it,
        transitively (lanes may change): ``HighlightIndex.closure_within``."""
        if self._painted.last == 0:
            self.viewport().update()
            return
        blocks = visible_blocks(self, 0, self.viewport().height())
        if not blocks:
            return
        first = blocks[0][0].position()
        last = blocks[-1][0].position() + blocks[-1][0].length()
        if end < first or start > last:
            return
        start, end = self.index.closure_within(start, end, first, last)
        height = self.viewport().height()
        top = 0 if start <= first else self._line_rect(start).top()
        bottom = height if end >= last else self._line_rect(end).bottom()
        self.viewport().update(
            0, max(0, top - 6), self.viewport().width(), min(height, bottom + 6) - max(0, top - 6)
        )

    def _line_rect(self, pos: int) -> QRect:
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(pos, self.document().characterCount() - 1))
        return self.cursorRect(cursor)

    # -- positions ------------------------------------------------------------------

    def to_cp(self, qt_pos: int) -> int:
        return self.posmap.from_qt(qt_pos)

    def to_qt(self, cp: int) -> int:
        return self.posmap.to_qt(cp)

    def selected_span(self) -> tuple[int, int, int] | None:
        """(source id, start, end) in code points of the text selection, trimmed of white space."""
        cursor = self.textCursor()
        if self.source_id is None or not cursor.hasSelection():
            return None
        start, end = self.to_cp(cursor.selectionStart()), self.to_cp(cursor.selectionEnd())
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (self.source_id, start, end) if start < end else None

    def select_span(self, start: int, end: int) -> None:
        """Select code points [start, end) and scroll them into view."""
        cursor = self.textCursor()
        cursor.setPosition(self.to_qt(start))
        cursor.setPosition(self.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def clear_text_selection(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def snap_selection(self) -> None:
        span = self.selected_span()
        if span is None:
            return
        _, start, end = span
        s, e = words.snap(self.text, start, end)
        cursor = self.textCursor()
        backwards = cursor.position() < cursor.anchor()
        a, b = (self.to_qt(e), self.to_qt(s)) if backwards else (self.to_qt(s), self.to_qt(e))
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def _show_span(self, source_id: int, start: int, end: int) -> None:
        if self.source_id != source_id:
            self.show_source(source_id)
        self._loader.finish()
        self.select_span(start, end)

    def marks_at(self, pos: QPointF) -> list[Mark]:
        """Highlights painted under a viewport point, innermost first."""
        if self._painted_clip != (vp := self.viewport().rect()):  # the last paint was partial
            self._painted = highlight_rects(self, preview_index(self.index, self.input.drag), vp)[0]
            self._painted_clip = vp
        found = {m.id: m for r, m in self._painted.rects if r.contains(pos)}
        return sorted(found.values(), key=lambda m: (m.end - m.start, m.id))

    # -- picked highlights, reveal, flash ---------------------------------------------

    @property
    def handles(self) -> tuple[QRectF, QRectF] | None:
        """The picked highlight's drag handles as last painted."""
        return self._handles

    @property
    def picked(self) -> tuple[int, ...]:
        """Picked highlights that are in this source."""
        return self._picked

    def _on_picked(self, ids: tuple[int, ...]) -> None:
        before = self._picked
        self._picked = tuple(h for h in ids if h in self.index.marks)
        if len(before) + len(self._picked) > 20:
            self.viewport().update()
            return
        for hid in set(before) | set(self._picked):
            mark = self.index.marks.get(hid)
            if mark is not None:
                self.update_span(mark.start, mark.end)
            else:  # gone: repaint where it was drawn
                for r, m in self._painted.rects:
                    if m.id == hid:
                        self.viewport().update(r.toAlignedRect().adjusted(-6, -6, 6, 6))

    def reveal(self, highlight_id: int) -> None:
        try:
            h = self.store.highlight(highlight_id)
        except KeyError:
            return
        if h.source_id != self.source_id:
            self.workspace.selection.set_source(h.source_id)
            if self.source_id != h.source_id:
                self.show_source(h.source_id)
        self._loader.finish()
        if highlight_id not in self.workspace.selection.highlight_ids:
            self.workspace.selection.set_highlights([highlight_id])
        mark = self.index.marks.get(highlight_id)
        if mark is None:
            return
        cursor = self.textCursor()
        cursor.setPosition(mark.start)
        self.setTextCursor(cursor)
        self.centerCursor()
        self._flash_id, self._flash_left = highlight_id, 6
        self._flash_timer.start()

    def _flash_step(self) -> None:
        self._flash_left -= 1
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self._flash_id = None
        self.viewport().update()

    def neighbour(self, step: int) -> Mark | None:
        """The next (step 1) or previous (-1) highlight from the cursor."""
        self._loader.finish()
        pos = self.textCursor().position()
        marks = [m for m in self.index.ordered() if not m.orphan]
        if step > 0:
            return next((m for m in marks if m.start > pos), None)
        return next((m for m in reversed(marks) if m.start < pos), None)

    # -- painting ---------------------------------------------------------------------------

    def _palette(self) -> Palette:
        pal = self.palette()
        dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
        return Palette(
            self.colors, 120 if dark else 92, pal.color(QPalette.ColorRole.Highlight), dark
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint_count += 1
        clip = QRectF(event.rect())
        vp = self.viewport()
        align_right_to_left(visible_blocks(self, 0, vp.height()))
        painter = QPainter(vp)
        scale = self.font().pointSizeF() / 12.0
        palette = self._palette()
        index = preview_index(self.index, self.input.drag)
        self._painted = paint_highlights(painter, self, index, clip, palette, scale)
        self._painted_clip = event.rect()
        if self.find_matches is not None and self._painted.last:
            spans = self.find_matches(self._painted.first, self._painted.last)
            paint_find_matches(painter, self, clip, spans)
        painter.end()
        super().paintEvent(event)
        painter = QPainter(vp)
        self._paint_picked(painter, palette)
        painter.end()

    def _paint_picked(self, painter: QPainter, palette: Palette) -> None:
        self._handles = None
        show = set(self._picked)
        if self._flash_id is not None and self._flash_left % 2 == 0:
            show.add(self._flash_id)
        if not show:
            return
        color = QColor(palette.text_highlight)
        for mark_id in show:
            rects = [r for r, m in self._painted.rects if m.id == mark_id]
            if not rects:
                continue
            flashing = mark_id == self._flash_id
            paint_outline(painter, rects, color, 2.5 if flashing else 1.5)
            if len(self._picked) == 1 and mark_id in self._picked and not self.store.readonly:
                mark = self.index.marks.get(mark_id)
                if mark is None:
                    continue
                block = self.document().findBlock(mark.start)
                rtl = (
                    block_has_rtl(block) and block.textDirection() == Qt.LayoutDirection.RightToLeft
                )
                self._handles = handle_rects(rects, rtl)
                if self._handles:
                    paint_handles(painter, self._handles, color)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            result = super().viewportEvent(event)
            self.column.relayout_if_needed()
            return result
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            return self.input.tooltip_event(event)
        return super().viewportEvent(event)

    # -- input and layout events, handed to the helpers ------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Receives the viewport's resize events (QAbstractScrollArea)."""
        super().resizeEvent(event)
        self.column.resized(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self.column.changed(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.column.wheel(event):
            super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.input.press(event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self.input.move(event):
            super().mouseMoveEvent(event)
            self.input.hovered(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self.input.end_drag():
            super().mouseReleaseEvent(event)
            self.input.released(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)  # selects a word
        self.input.double_clicked()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.input.context_menu(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.input.key(event):
            super().keyPressEvent(event)
