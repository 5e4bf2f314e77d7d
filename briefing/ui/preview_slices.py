"""A big preview's HTML read into a new document a slice per turn of the event loop.

Qt's HTML parser holds Python's GIL, so it cannot run beside the window in a
worker thread: ``QTextDocument.setHtml`` of a 600-excerpt preview (about
370,000 characters) holds the GUI thread for 100-300 ms in one piece.
``SliceLoader`` cuts the HTML between two excerpts (``slices``), inserts one
slice of about ``SLICE_CHARS`` characters per turn of the event loop into a new
document (the window paints and takes keys in between), and hands the finished
document over (``done``); the view then swaps it in and lays it out in steps.

A cut is made only where the next top-level element is an excerpt's table
(optionally after its ``<a name>`` anchor): inserted there, each slice gives the
same blocks as the whole text parsed at once, whereas a slice starting with a
heading or a paragraph would be merged into the block before it.
"""

from __future__ import annotations

import re

from PySide6 import QtCore, QtGui, QtWidgets

SLICE_CHARS = 20_000
"""About 10 ms of Qt's HTML parser on the 2-core machine the benchmarks run on."""

_BLOCK = re.compile(
    r"<(/?)(ol|ul|li|table|div|nav|header|blockquote|dl|pre|h[1-6]|p)\b[^>]*?(/?)>", re.IGNORECASE
)
_NEXT_TABLE = re.compile(r'\s*(?:<a name="[^"<>]*"></a>\s*)?<table\b', re.IGNORECASE)


class ClosedDocument(QtGui.QTextDocument):
    """A document that loads a resource only from its view's ``loadResource`` (the
    preview's gives nothing). A plain ``QTextDocument`` asks its parent and, given
    nothing, reads ``file:`` URLs itself."""

    def loadResource(self, type_: int, name: QtCore.QUrl | str) -> object:
        view = self.parent()
        if isinstance(view, QtWidgets.QTextEdit):
            return view.loadResource(type_, QtCore.QUrl(name))
        return None


def slices(html: str, size: int = SLICE_CHARS) -> list[str]:
    """``html`` cut into pieces of at least ``size`` characters, each ending with a
    top-level table that another top-level table follows (see the module doc); one
    piece when there is no such place."""
    pieces: list[str] = []
    depth = start = 0
    for m in _BLOCK.finditer(html):
        if m.group(3):  # <p/>: opens nothing
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        if (
            depth == 0
            and m.group(1)
            and m.group(2).lower() == "table"
            and m.end() - start >= size
            and _NEXT_TABLE.match(html, m.end())
        ):
            pieces.append(html[start : m.end()])
            start = m.end()
    pieces.append(html[start:])
    return pieces


class SliceLoader(QtCore.QObject):
    """Reads pieces of HTML into a new document for ``view``, one per turn of the event
    loop; emits ``done(document)`` (a child of ``view``) unless ``cancel()`` or a newer
    ``load`` came first."""

    done = QtCore.Signal(object)

    def __init__(self, view: QtWidgets.QTextEdit):
        super().__init__(view)
        self._view = view
        self._pieces: list[str] = []
        self._doc: QtGui.QTextDocument | None = None
        self._cursor: QtGui.QTextCursor | None = None
        self._timer = QtCore.QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._step)

    def loading(self) -> bool:
        return self._doc is not None

    def load(self, pieces: list[str]) -> None:
        self.cancel()
        current = self._view.document()
        doc = ClosedDocument(self._view)
        doc.setDocumentMargin(current.documentMargin())
        doc.setDefaultFont(current.defaultFont())
        doc.setDefaultStyleSheet(current.defaultStyleSheet())
        doc.setUndoRedoEnabled(False)
        self._doc, self._cursor, self._pieces = doc, QtGui.QTextCursor(doc), list(pieces)
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()
        if self._doc is not None:
            self._doc.deleteLater()
        self._doc, self._cursor, self._pieces = None, None, []

    def _step(self) -> None:
        if self._doc is None or self._cursor is None:
            return
        self._cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
        self._cursor.insertHtml(self._pieces.pop(0))
        if self._pieces:
            self._timer.start()
            return
        doc, self._doc, self._cursor = self._doc, None, None
        self.done.emit(doc)
