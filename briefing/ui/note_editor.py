"""The Markdown note editor of a highlight: a plain text field with a safely
rendered preview, committing to the project in short debounced bursts.

- While the field has focus, Ctrl+Z / Ctrl+Shift+Z are the field's own undo
  and redo, and plain keys (the theme keys 1-9 included) type text instead of
  triggering window shortcuts.
- The field's text reaches the project ``DEBOUNCE_MS`` after the last
  keystroke and on focus-out, through the ``commit(highlight_id, text, burst)``
  callback the owner gives. ``burst`` is a number that changes when a burst of
  typing ends (focus-out, another highlight): commits of one burst may merge
  into one undo entry, commits of different bursts must not.
- The preview never loads anything: raw HTML is shown as text, images become
  "[image: alt]", and the browser's resource loader returns nothing.
- The Markdown is rendered only into a preview that is shown, and only when
  there is text: building the window (no highlight chosen, preview not shown
  yet) renders nothing; a hidden preview is rendered when it is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.brief import markup
from briefing.render.html_markup import blocks_html

from .highlight_picker import HIGHLIGHT_MIME
from .line_label import LineLabel
from .typing_keys import claim_typing_key

DEBOUNCE_MS = 500
"""How long after the last keystroke a note is committed."""

PREVIEW_MS = 150
"""How long after the last keystroke the preview is redrawn."""


# -- safe rendering ------------------------------------------------------------


def note_html(text: str) -> str:
    """The note's Markdown as HTML for the preview: every piece of user text
    escaped, no images, links only http(s)/mailto (see ``briefing.brief.markup``);
    rendered like the brief's HTML (``briefing.render.html_markup``)."""
    return blocks_html(markup.parse(text), heading_base=2)  # a note's "#" is small in a panel


class SafeBrowser(QtWidgets.QTextBrowser):
    """A read-only rich-text view that never loads a resource or follows a link
    by itself; http(s) and mailto links open in the system browser on click."""

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_link)

    def loadResource(self, type_: int, name: QtCore.QUrl | str) -> None:
        return None  # nothing local, nothing remote, never

    @staticmethod
    def _open_link(url: QtCore.QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QtGui.QDesktopServices.openUrl(url)


# -- the editor --------------------------------------------------------------------


class NoteTextEdit(QtWidgets.QPlainTextEdit):
    """A plain text field that keeps its keys: typing and its own undo/redo win
    over window shortcuts (theme keys 1-9, the global Ctrl+Z) while it has focus."""

    focus_lost = QtCore.Signal()

    _OWN_KEYS = (QtGui.QKeySequence.StandardKey.Undo, QtGui.QKeySequence.StandardKey.Redo)

    def event(self, e: QtCore.QEvent) -> bool:
        if claim_typing_key(e, self.isReadOnly(), self._OWN_KEYS):
            return True
        return super().event(e)

    def focusOutEvent(self, e: QtGui.QFocusEvent) -> None:
        super().focusOutEvent(e)
        self.focus_lost.emit()

    # dragged highlights are not text: the field lets its card (a parent) take them
    def dragEnterEvent(self, e: QtGui.QDragEnterEvent) -> None:
        if e.mimeData().hasFormat(HIGHLIGHT_MIME):
            e.ignore()
        else:
            super().dragEnterEvent(e)

    def dragMoveEvent(self, e: QtGui.QDragMoveEvent) -> None:
        if e.mimeData().hasFormat(HIGHLIGHT_MIME):
            e.ignore()
        else:
            super().dragMoveEvent(e)


class NoteEditor(QtWidgets.QWidget):
    """Edits one highlight's note at a time (``set_highlight``)."""

    def __init__(
        self, commit: Callable[[int, str, int], None], parent: QtWidgets.QWidget | None = None
    ):
        super().__init__(parent)
        self._commit = commit
        self._hid: int | None = None
        self._committed = ""
        self._burst = 0

        self.editor = NoteTextEdit(self)
        self.editor.setObjectName("noteText")
        self.editor.setPlaceholderText(
            "Note on this highlight (Markdown: *italic*, **bold**, - lists, [links](https://…))"
        )
        self.editor.setTabChangesFocus(True)
        self.preview = SafeBrowser(self)
        self.preview.setObjectName("notePreview")
        self.preview.setPlaceholderText("Preview")
        self.label = LineLabel("Note", self)  # a new label re-lays nothing out

        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal, self)
        split.addWidget(self.editor)
        split.addWidget(self.preview)
        split.setChildrenCollapsible(False)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.label)
        lay.addWidget(split)

        self._debounce = QtCore.QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        self._preview_timer = QtCore.QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self._preview_timer.timeout.connect(self._render_preview)
        self.editor.textChanged.connect(self._typed)
        self.editor.focus_lost.connect(self._focus_lost)
        self._preview_stale = False
        self.preview.installEventFilter(self)
        self.set_highlight(None, "")

    # -- API ----------------------------------------------------------------

    @property
    def highlight_id(self) -> int | None:
        return self._hid

    def set_highlight(self, highlight_id: int | None, text: str, label: str = "") -> None:
        """Show another highlight's note (committing any pending typing first)."""
        if highlight_id == self._hid and highlight_id is not None:
            self.show_stored(text)
            return
        self.flush()
        self._burst += 1
        self._hid = highlight_id
        self._committed = text
        self._set_text(text)
        self.editor.setEnabled(highlight_id is not None)
        self.label.setText(
            label
            or (
                "Note"
                if highlight_id is not None
                else "Note (select one highlight to write its note)"
            )
        )

    def show_stored(self, text: str) -> None:
        """The project's note changed (undo, another window part): show it,
        unless it is what the field already holds."""
        if text == self.editor.toPlainText():
            self._committed = text
            return
        self._debounce.stop()
        self._burst += 1
        self._committed = text
        self._set_text(text)

    def forget(self) -> None:
        """The highlight is gone: show nothing, dropping uncommitted typing
        (undoing the deletion brings the committed note back)."""
        self._debounce.stop()
        self._hid = None
        self.set_highlight(None, "")

    def pending(self) -> bool:
        return self._debounce.isActive()

    def flush(self) -> None:
        """Commit the field's text now if it differs from what the project has."""
        self._debounce.stop()
        if self._hid is None:
            return
        text = self.editor.toPlainText()
        if text != self._committed:
            self._committed = text
            self._commit(self._hid, text, self._burst)

    # -- internals ------------------------------------------------------------

    def _set_text(self, text: str) -> None:
        doc = self.editor.document()
        if text == self.editor.toPlainText() and not (
            doc.isUndoAvailable() or doc.isRedoAvailable()
        ):
            return  # the same text and no typing to forget: nothing to repaint
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)  # also clears the field's own undo history
        self.editor.moveCursor(QtGui.QTextCursor.MoveOperation.End)
        self.editor.blockSignals(False)
        self._render_preview()

    def _typed(self) -> None:
        if self._hid is None:
            return
        self._debounce.start()
        self._preview_timer.start()

    def _focus_lost(self) -> None:
        self.flush()
        self._burst += 1

    def _render_preview(self) -> None:
        self._preview_timer.stop()
        if not self.preview.isVisible():  # not shown (yet): rendered when it is
            self._preview_stale = True
            return
        self._preview_stale = False
        text = self.editor.toPlainText()
        self.preview.setHtml(note_html(text) if text.strip() else "")

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if (
            watched is self.preview
            and event.type() == QtCore.QEvent.Type.Show
            and self._preview_stale
        ):
            self._render_preview()
        return False
