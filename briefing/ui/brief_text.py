"""The brief editor's text fields: typing reaches the project in debounced bursts.

- ``LineField``: a one-line field (title, author, marking...) that emits
  ``commit(text)`` ``LINE_DEBOUNCE_MS`` after the last keystroke and when
  editing finishes, only when the text differs from what the project holds.
- ``MarkdownField``: the note editor (``note_editor.NoteEditor``) reused for
  the bottom line, narratives and judgment texts, without its own preview
  (the brief's live preview shows the result). It edits one target at a time
  (``set_target(key, text)``) and calls ``commit(key, text, burst)``.

Both emit ``edited`` on every keystroke, so the preview can show what is
typed before it is committed (``draft()`` gives the field's current text).
``show_stored(text)`` puts the project's value back after an undo, unless
the field holds the same text already.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from .note_editor import NoteEditor
from .typing_keys import claim_typing_key

if TYPE_CHECKING:
    from briefing.store import Store

    from .commands import StoreCommand
    from .workspace import Workspace

LINE_DEBOUNCE_MS = 400


class LineField(QtWidgets.QLineEdit):
    commit = QtCore.Signal(str)
    edited = QtCore.Signal()

    def __init__(self, placeholder: str = "", parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(False)
        self._stored = ""
        self._timer = QtCore.QTimer(self, singleShot=True, interval=LINE_DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self.flush)

    def event(self, e: QtCore.QEvent) -> bool:
        # typing keys (theme keys 1-9 included) are text here, never window shortcuts
        if claim_typing_key(e, self.isReadOnly()):
            return True
        return super().event(e)

    def _typed(self, _text: str) -> None:
        self._timer.start()
        self.edited.emit()

    def pending(self) -> bool:
        return self.text() != self._stored

    def draft(self) -> str:
        return self.text()

    def flush(self) -> None:
        self._timer.stop()
        text = self.text()
        if text != self._stored:
            self._stored = text
            self.commit.emit(text)

    def show_stored(self, text: str) -> None:
        """The project's value (after an undo, another part of the window, a new project)."""
        self._stored = text
        if self._timer.isActive() and self.hasFocus():
            return  # the analyst is typing: the next commit wins
        self.replace(text)

    def replace(self, text: str) -> None:
        """Show ``text`` as the project's value, dropping any pending typing."""
        self._stored = text
        self._timer.stop()
        if self.text() != text:
            cursor = self.cursorPosition()
            blocker = QtCore.QSignalBlocker(self)
            self.setText(text)
            del blocker
            self.setCursorPosition(min(cursor, len(text)))


class MarkdownField(QtWidgets.QWidget):
    """A Markdown text field over ``NoteEditor`` (see module doc)."""

    edited = QtCore.Signal()

    def __init__(
        self,
        commit: Callable[[Any, str, int], None],
        placeholder: str,
        parent: QtWidgets.QWidget | None = None,
        lines: int = 5,
    ):
        super().__init__(parent)
        self.note = NoteEditor(commit, self)
        self.note.preview.hide()
        self.note.label.hide()
        self.editor = self.note.editor
        self.editor.setPlaceholderText(placeholder)
        self.editor.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
        line = QtGui.QFontMetrics(self.editor.font()).lineSpacing()
        self.editor.setMinimumHeight(line * min(lines, 3) + 12)
        self._lines = lines
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.note)
        self.editor.textChanged.connect(self._changed)

    def sizeHint(self) -> QtCore.QSize:
        line = QtGui.QFontMetrics(self.editor.font()).lineSpacing()
        return QtCore.QSize(240, line * self._lines + 14)

    def _changed(self) -> None:
        if self.note.highlight_id is not None:
            self.edited.emit()

    @property
    def key(self) -> Any:
        return self.note.highlight_id

    def set_target(self, key: Any, text: str) -> None:
        """Edit ``key``'s text (None: nothing, the field is disabled); pending typing
        for the previous target is committed first."""
        self.note.set_highlight(key, text, " ")
        self.note.label.hide()

    def show_stored(self, text: str) -> None:
        """The project's text changed: show it, unless the analyst's typing is
        still to be committed (that commit wins, as in ``LineField``)."""
        if self.note.pending() and self.editor.hasFocus():
            return
        self.note.show_stored(text)

    def draft(self) -> str:
        return self.editor.toPlainText()

    def pending(self) -> bool:
        return self.note.pending()

    def flush(self) -> None:
        self.note.flush()


def commit_typing(
    workspace: Workspace,
    store: Store | None,
    make_command: Callable[[Store], StoreCommand],
    write: Callable[[Store], object],
) -> None:
    """Commit text typed for ``store``'s project: as an undoable command
    (``make_command(store)``) while that project is open in the window, or,
    when the window has just switched to another project, straight into the
    project it was typed for (``write(store)``), never into the new one."""
    if store is None or store.closed:
        return
    if store is workspace.store:
        workspace.push(make_command(store))
    elif not store.readonly:
        write(store)
