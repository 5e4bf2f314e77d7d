"""Ctrl+F in the reader: find next/previous with match case, whole words and regular expressions.

Escape closes the bar and leaves the current match selected in the reader, so
a theme key tags it at once. An invalid regular expression turns the field red
and says why; it never raises.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from . import icons, settings

if TYPE_CHECKING:
    from .reader import SourceReader

MAX_MATCHES = 100_000


class FindField(QLineEdit):
    def keyPressEvent(self, event: QKeyEvent) -> None:
        bar: FindBar = self.parent()  # type: ignore[assignment]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            bar.find_text(backward=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return
        if event.key() == Qt.Key.Key_Escape:
            bar.close_bar()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    def __init__(self, reader: SourceReader, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("find_bar")
        self.reader = reader
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.field = FindField(self)
        self.field.setObjectName("find_field")
        self.field.setPlaceholderText("Find in source")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(220)
        self.previous_button = self._button("go-up", "Previous match (Shift+Enter)", True)
        self.next_button = self._button("go-down", "Next match (Enter)", False)
        self.match_case = QCheckBox("Match &case")
        self.whole_words = QCheckBox("&Whole words")
        self.regex = QCheckBox("Re&gex")
        self.regex.setToolTip("Regular expression (Python syntax)")
        self.status = QLabel()
        self.status.setObjectName("find_status")
        self.status.setMinimumWidth(
            self.status.fontMetrics().horizontalAdvance("00000 of 00000 (wrapped)")
        )
        close = QToolButton(self)
        close.setIcon(icons.icon("window-close"))
        close.setToolTip("Close (Escape)")
        close.setAutoRaise(True)
        close.clicked.connect(self.close_bar)
        for w in (
            self.field,
            self.previous_button,
            self.next_button,
            self.match_case,
            self.whole_words,
            self.regex,
            self.status,
        ):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addWidget(close)
        self.match_case.setChecked(settings.get("find/match_case"))
        self.whole_words.setChecked(settings.get("find/whole_words"))
        self.regex.setChecked(settings.get("find/regex"))
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self._incremental)
        self.field.textChanged.connect(lambda _: self._timer.start())
        for box in (self.match_case, self.whole_words, self.regex):
            box.toggled.connect(lambda _: self._incremental())
        self._pattern: re.Pattern | None = None
        self._key: tuple | None = None
        self._matches: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._origin = 0
        self._normal_palette = self.field.palette()

    def _button(self, icon: str, tip: str, backward: bool) -> QToolButton:
        b = QToolButton(self)
        b.setIcon(icons.icon(icon))
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.clicked.connect(lambda: self.find_text(backward=backward))
        return b

    # -- opening and closing -------------------------------------------------------

    def open(self) -> None:
        span = self.reader.selected_span()
        if span is not None:
            _, s, e = span
            picked = self.reader.text[s:e]
            if len(picked) < 80 and "\n" not in picked:
                self.field.setText(picked)
        self.show()
        self._origin = self._cursor_cp()
        self.field.setFocus()
        self.field.selectAll()
        self._compile()
        self.reader.find_matches = self.visible_matches
        self.reader.viewport().update()

    def close_bar(self) -> None:
        self.save_options()
        self.hide()
        self.reader.find_matches = None
        self.reader.viewport().update()
        self.reader.setFocus()

    def save_options(self) -> None:
        settings.set("find/match_case", self.match_case.isChecked())
        settings.set("find/whole_words", self.whole_words.isChecked())
        settings.set("find/regex", self.regex.isChecked())

    def source_changed(self) -> None:
        self._key = None
        self._origin = 0
        if self.isVisible():
            self._compile()

    # -- searching ----------------------------------------------------------------

    def _cursor_cp(self) -> int:
        return self.reader.to_cp(self.reader.textCursor().selectionStart())

    def _set_error(self, message: str | None) -> None:
        if message:
            pal = QPalette(self._normal_palette)
            dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
            pal.setColor(QPalette.ColorRole.Base, QColor("#5c1f1f" if dark else "#ffd7d7"))
            self.field.setPalette(pal)
            self.status.setText(message)
            self.field.setProperty("invalid", True)
        else:
            self.field.setPalette(self._normal_palette)
            self.field.setProperty("invalid", False)

    def _compile(self) -> bool:
        query = self.field.text()
        key = (
            query,
            self.match_case.isChecked(),
            self.whole_words.isChecked(),
            self.regex.isChecked(),
            self.reader.source_id,
            len(self.reader.text),
        )
        if key == self._key:
            return self._pattern is not None
        self._key = key
        self._pattern, self._matches, self._starts = None, [], []
        if not query:
            self._set_error(None)
            self.status.setText("")
            return False
        body = query if self.regex.isChecked() else re.escape(query)
        if self.whole_words.isChecked():
            body = rf"(?<!\w)(?:{body})(?!\w)"
        flags = re.MULTILINE | (0 if self.match_case.isChecked() else re.IGNORECASE)
        try:
            self._pattern = re.compile(body, flags)
        except (re.error, OverflowError, RecursionError) as exc:
            self._set_error(f"Invalid regular expression: {exc}")
            return False
        self._set_error(None)
        for m in self._pattern.finditer(self.reader.text):
            if m.end() > m.start():
                self._matches.append((m.start(), m.end()))
                if len(self._matches) >= MAX_MATCHES:
                    break
        self._starts = [s for s, _ in self._matches]
        self.reader.viewport().update()
        return True

    def _incremental(self) -> None:
        if self._compile():
            self._select(bisect_left(self._starts, self._origin), wrapped=False)
        elif self._pattern is None and not self.field.property("invalid"):
            self.reader.clear_text_selection()

    def find_text(self, backward: bool = False) -> bool:
        """Select the next (or previous) match; True when there is one."""
        if not self.isVisible():
            self.open()
        if not self._compile():
            return False
        cursor = self.reader.textCursor()
        start = self.reader.to_cp(cursor.selectionStart())
        end = self.reader.to_cp(cursor.selectionEnd())
        if backward:
            i = bisect_left(self._starts, start) - 1
            wrapped = i < 0
        else:
            i = bisect_left(self._starts, end if cursor.hasSelection() else start)
            if cursor.hasSelection() and i < len(self._starts) and self._matches[i] == (start, end):
                i += 1
            wrapped = i >= len(self._starts)
        self._select(i % max(1, len(self._matches)), wrapped)
        return bool(self._matches)

    def _select(self, i: int, wrapped: bool) -> None:
        if not self._matches:
            self.status.setText("No matches")
            return
        i %= len(self._matches)
        s, e = self._matches[i]
        self.reader.select_span(s, e)
        self._origin = s
        more = "+" if len(self._matches) >= MAX_MATCHES else ""
        self.status.setText(
            f"{i + 1} of {len(self._matches)}{more}" + (" (wrapped)" if wrapped else "")
        )

    def visible_matches(self, qt_start: int, qt_end: int) -> list[tuple[int, int]]:
        """Matches within Qt positions [qt_start, qt_end), in Qt positions (for painting)."""
        if not self._matches or not self.isVisible():
            return []
        a, b = self.reader.to_cp(qt_start), self.reader.to_cp(qt_end)
        lo = max(0, bisect_left(self._starts, a) - 1)
        hi = bisect_right(self._starts, b)
        to_qt = self.reader.to_qt
        return [(to_qt(s), to_qt(e)) for s, e in self._matches[lo:hi] if e > a]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Cancel):
            self.close_bar()
            return
        super().keyPressEvent(event)
