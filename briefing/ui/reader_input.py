"""The reader's mouse and keyboard: picking highlights, dragging their handles, tooltips, the context menu.

A mixin of ``SourceReader``. Tagging itself goes through the window's
``tagging`` (actions and undoable commands), never from here directly.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QMenu, QToolTip

from . import settings
from .highlight_index import Mark


class ReaderInput:
    def tooltip_event(self, event: QHelpEvent) -> bool:
        marks = self.marks_at(QPointF(event.pos()))
        if marks:
            QToolTip.showText(event.globalPos(), self._tooltip(marks), self.viewport())
        else:
            QToolTip.hideText()
            event.ignore()
        return True

    # -- mouse ---------------------------------------------------------------------------

    def marks_at(self, pos: QPointF) -> list[Mark]:
        """Highlights painted under a viewport point, innermost first."""
        found = {m.id: m for r, m in self._painted.rects if r.contains(pos)}
        return sorted(found.values(), key=lambda m: (m.end - m.start, m.id))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if event.button() == Qt.MouseButton.LeftButton and self._handles and self._picked:
            for which, handle in zip(("start", "end"), self._handles):
                if handle.adjusted(-3, 0, 3, 0).contains(pos):
                    mark = self.index.marks[self._picked[0]]
                    self._drag = (mark.id, which, mark.start if which == "start" else mark.end)
                    return
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            pos = self.cursorForPosition(event.position().toPoint()).position()
            self._drag = (self._drag[0], self._drag[1], pos)
            self.viewport().update()
            return
        super().mouseMoveEvent(event)
        if self._handles and any(
            h.adjusted(-3, 0, 3, 0).contains(event.position()) for h in self._handles
        ):
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
        else:
            self.viewport().setCursor(Qt.CursorShape.IBeamCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            mark_id, which, pos = self._drag
            self._drag = None
            self.viewport().update()
            self.window_.tagging.drag_span(mark_id, which, self.to_cp(pos))
            return
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        moved = (
            self._press_pos is not None
            and (event.position().toPoint() - self._press_pos).manhattanLength() > 3
        )
        if self.textCursor().hasSelection() and moved:
            if settings.get("reader/snap_words"):
                self.snap_selection()
            self.window_.selection.set_highlights(())
        elif not moved:
            marks = self.marks_at(event.position())
            ids = [marks[0].id] if marks else []
            if ids and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                current = list(self.window_.selection.highlight_ids)
                ids = [h for h in current if h != ids[0]] if ids[0] in current else current + ids
            self.window_.selection.set_highlights(ids)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)  # selects a word
        self.window_.selection.set_highlights(())

    def _tooltip(self, marks: list[Mark]) -> str:
        parts = []
        for m in marks[:3]:
            try:
                h = self.store.highlight(m.id)
            except KeyError:
                continue
            names = []
            for t in m.theme_ids:
                color = self._colors.get(t)
                try:
                    name = html.escape(self.store.theme(t).name)
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

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        vp_pos = QPointF(self.viewport().mapFrom(self, event.pos()))
        marks = self.marks_at(vp_pos)
        if marks and not self.textCursor().hasSelection():
            self.window_.selection.set_highlights([marks[0].id])
        menu: QMenu = self.createStandardContextMenu(event.pos())
        self.window_.tagging.fill_context_menu(menu, marks[0] if marks else None)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Cancel) and self._picked:
            self.window_.selection.set_highlights(())
            return
        super().keyPressEvent(event)
