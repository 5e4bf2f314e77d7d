"""The properties form of the current source (the Sources panel's lower half)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.store.source_fields import source_fields

if TYPE_CHECKING:
    from briefing.store import Store

    from .workspace import Workspace

PROPERTY_FIELDS = (
    ("title", "Title"),
    ("author", "Author / publisher"),
    ("date", "Date"),
    ("dateline", "Dateline"),
    ("url", "URL"),
    ("language", "Language"),
    ("accessed", "Accessed"),
)


class SourceProperties(QtWidgets.QWidget):
    """Title, author/publisher, date, dateline, URL, language, access date and a
    note of the current source; each field is committed (one undoable step)
    when it is left or Enter is pressed (``commit(source id, field, value)``)."""

    def __init__(
        self,
        workspace: Workspace,
        commit: Callable[[int, str, str], object],
        parent: QtWidgets.QWidget | None = None,
    ):
        super().__init__(parent)
        self._workspace = workspace
        self._edit = commit
        self._source_id: int | None = None
        self._store: Store | None = workspace.store
        self.fields: dict[str, QtWidgets.QLineEdit] = {}
        form = QtWidgets.QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        hints = {
            "date": "yyyy-mm-dd",
            "accessed": "yyyy-mm-dd",
            "language": "e.g. en, ar",
            "dateline": "e.g. Baghdad, Iraq",
            "url": "https://…",
        }
        for name, label in PROPERTY_FIELDS:
            edit = QtWidgets.QLineEdit(self)
            edit.setObjectName(f"source_{name}")
            edit.setPlaceholderText(hints.get(name, ""))
            edit.editingFinished.connect(lambda name=name: self._commit(name))
            self.fields[name] = edit
            form.addRow(label, edit)
        self.note = _SourceNote(self)
        self.note.setObjectName("source_note")
        self.note.setPlaceholderText("A note about this source (reliability, access, …)")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.note.focus_lost.connect(lambda: self._commit("note"))
        form.addRow("Note", self.note)
        self.filename = QtWidgets.QLabel(self)
        self.filename.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.filename.setWordWrap(True)
        form.addRow("", self.filename)
        self.show_source(None)

    @property
    def source_id(self) -> int | None:
        return self._source_id

    def show_source(self, source_id: int | None) -> None:
        if source_id != self._source_id and self._source_id is not None:
            self.commit_all()
        self._source_id = source_id
        store = self._store = self._workspace.store
        try:
            s = source_fields(store, source_id) if source_id is not None else None
        except KeyError:
            s = None
            self._source_id = None
        for name, edit in self.fields.items():
            edit.setText(s[name] if s else "")
            edit.setCursorPosition(0)
            edit.setEnabled(s is not None)
        self.note.setPlainText(s["note"] if s else "")
        self.note.setEnabled(s is not None)
        self.filename.setText(
            (f"Imported from {s['filename']}; " if s and s["filename"] else "")
            + (f"{s['length']:,} characters" if s else "No source selected")
        )

    def refresh(self, fields: tuple[str, ...]) -> None:
        """The project's copy changed (undo, rename): show it in fields not being edited."""
        if self._source_id is None:
            return
        try:
            s = self._workspace.store.source(self._source_id)
        except KeyError:
            return
        for name, edit in self.fields.items():
            if (not fields or name in fields) and edit.text() != getattr(s, name):
                edit.setText(getattr(s, name))
                edit.setCursorPosition(0)
        if (not fields or "note" in fields) and self.note.toPlainText() != s.note:
            self.note.setPlainText(s.note)

    def commit_all(self) -> None:
        store = self._store
        if self._source_id is None or store is None or store.closed:
            return
        try:
            stored = source_fields(store, self._source_id)  # read once, without the text
        except KeyError:
            return
        for name in (*self.fields, "note"):
            self._commit(name, stored)

    def _commit(self, name: str, stored: dict | None = None) -> None:
        store = self._store
        if self._source_id is None or store is None or store.closed:
            return
        value = self.note.toPlainText() if name == "note" else self.fields[name].text().strip()
        try:
            old = (stored or source_fields(store, self._source_id))[name]
        except KeyError:
            return
        if name == "title" and not value:
            self.fields[name].setText(old)
            return
        if value == old:
            return
        if store is self._workspace.store:
            self._edit(self._source_id, name, value)
        elif not store.readonly:  # another project was opened meanwhile: keep the edit
            store.update_source(self._source_id, **{name: value})


class _SourceNote(QtWidgets.QPlainTextEdit):
    focus_lost = QtCore.Signal()

    def focusOutEvent(self, e: QtGui.QFocusEvent) -> None:
        super().focusOutEvent(e)
        self.focus_lost.emit()
