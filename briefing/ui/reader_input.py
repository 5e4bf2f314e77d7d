"""The reader's mouse and keyboard: picking highlights, dragging their handles, tooltips, the
context menu.

``ReaderInput`` is a helper the ``SourceReader`` owns and hands its input
events to. Picking goes through the workspace's ``Selection``; a finished
handle drag and the context menu are announced with the reader's signals
(``span_dragged``, ``context_menu_opening``) that tagging connects to, never
handled here directly.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QToolTip

from . import settings
from .highlight_index import Mark

if TYPE_CHECKING:
    from .reader import SourceReader
    from .selection import Selection


class ReaderInput:
    def __init__(self, reader: SourceReader):
        self._reader = reader
        self.drag: tuple[int, str, int] | None = None
        """(mark id, "start" | "end", Qt position) while a handle is dragged."""
        self._press_pos: QPoint | None = None

    @property
    def _selection(self) -> Selection:
        return self._reader.workspace.selection

    def tooltip_event(self, event: QHelpEvent) -> bool:
        reader = self._reader
        marks = reader.marks_at(QPointF(event.pos()))
        if marks:
            QToolTip.showText(event.globalPos(), self.tooltip(marks), reader.viewport())
        else:
            QToolTip.hideText()
            event.ignore()
        return True

    # -- mouse ---------------------------------------------------------------------------

    def press(self, event: QMouseEvent) -> bool:
        """True when the press grabbed a handle (the reader skips its own handling)."""
        reader = self._reader
        pos = event.position()
        handles, picked = reader.handles, reader.picked
        if event.button() == Qt.MouseButton.LeftButton and handles and picked:
            for which, handle in zip(("start", "end"), handles, strict=True):
                if handle.adjusted(-3, 0, 3, 0).contains(pos):
                    mark = reader.index.marks[picked[0]]
                    self.drag = (mark.id, which, mark.start if which == "start" else mark.end)
                    return True
        self._press_pos = event.position().toPoint()
        return False

    def move(self, event: QMouseEvent) -> bool:
        """True when a handle is being dragged (the reader skips its own handling)."""
        reader = self._reader
        if self.drag is not None:
            pos = reader.cursorForPosition(event.position().toPoint()).position()
            self.drag = (self.drag[0], self.drag[1], pos)
            reader.viewport().update()
            return True
        return False

    def hovered(self, event: QMouseEvent) -> None:
        """After the reader's own mouseMoveEvent: the cursor shape over the handles."""
        reader = self._reader
        handles = reader.handles
        if handles and any(h.adjusted(-3, 0, 3, 0).contains(event.position()) for h in handles):
            reader.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
        else:
            reader.viewport().setCursor(Qt.CursorShape.IBeamCursor)

    def end_drag(self) -> bool:
        """Finish a handle drag (``span_dragged``); True when there was one."""
        if self.drag is None:
            return False
        reader = self._reader
        mark_id, which, pos = self.drag
        self.drag = None
        reader.viewport().update()
        reader.span_dragged.emit(mark_id, which, reader.to_cp(pos))
        return True

    def released(self, event: QMouseEvent) -> None:
        """After the reader's own mouseReleaseEvent: pick what was clicked."""
        if event.button() != Qt.MouseButton.LeftButton:
            return
        reader = self._reader
        moved = (
            self._press_pos is not None
            and (event.position().toPoint() - self._press_pos).manhattanLength() > 3
        )
        if reader.textCursor().hasSelection() and moved:
            if settings.get("reader/snap_words"):
                reader.snap_selection()
            self._selection.set_highlights(())
        elif not moved:
            marks = reader.marks_at(event.position())
            ids = [marks[0].id] if marks else []
            if ids and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                current = list(self._selection.highlight_ids)
                ids = [h for h in current if h != ids[0]] if ids[0] in current else current + ids
            self._selection.set_highlights(ids)

    def double_clicked(self) -> None:
        """After the reader selected a word."""
        self._selection.set_highlights(())

    def tooltip(self, marks: list[Mark]) -> str:
        store, colors = self._reader.store, self._reader.colors
        parts = []
        for m in marks[:3]:
            try:
                h = store.highlight(m.id)
            except KeyError:
                continue
            names = []
            for t in m.theme_ids:
                color = colors.get(t)
                try:
                    name = html.escape(store.theme(t).name)
                except KeyError:
                    continue
                swatch = f'<span style="color:{color.name()}">■</span> ' if color else ""
                names.append(swatch + name)
            line = ", ".join(names) or "<i>Untagged</i>"
            note = " ".join(h.note.split())
            if note:
                line += (
                    "<br><span>"
                    + html.escape(note[:140] + ("…" if len(note) > 140 else ""))
                    + "</span>"
                )
            if not h.included:
                line += "<br><i>Left out of the brief</i>"
            parts.append(line)
        return "<hr>".join(parts)

    def context_menu(self, event: QContextMenuEvent) -> None:
        reader = self._reader
        vp_pos = QPointF(reader.viewport().mapFrom(reader, event.pos()))
        marks = reader.marks_at(vp_pos)
        if marks and not reader.textCursor().hasSelection():
            self._selection.set_highlights([marks[0].id])
        menu = reader.createStandardContextMenu(event.pos())
        reader.context_menu_opening.emit(menu, marks[0] if marks else None)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def key(self, event: QKeyEvent) -> bool:
        """Escape drops the picked highlights; True when the key was used."""
        if event.matches(QKeySequence.StandardKey.Cancel) and self._reader.picked:
            self._selection.set_highlights(())
            return True
        return False
