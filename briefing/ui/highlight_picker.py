"""Choosing highlights for the brief: a filterable picker dialog, and the drag data.

``pick_highlights(parent, store, ...)`` is the modal picker (tests replace it
by monkeypatching this module's function): a list of highlights with their
quote, source and themes, filtered as you type, each with a check box;
returns the checked highlight ids in list order, or None when cancelled.

Drag and drop: a drag of highlights carries ``HIGHLIGHT_MIME``
("application/x-briefing-highlight-ids", the ids as ASCII "1,2,3") and, for
other programs, ``text/plain`` lines "highlight:ID". ``highlight_ids(mime)``
reads either. The Highlights panel does not start drags yet; any list that
puts this data on a drag can feed the judgment editor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.model import codebook_order

from .labels import one_line
from .roles import ID_ROLE

HIGHLIGHT_MIME = "application/x-briefing-highlight-ids"
QUOTE, SOURCE, THEMES = range(3)
_TEXT_ID = re.compile(r"^\s*highlight:(\d+)\s*$", re.MULTILINE)


def highlight_mime(ids: Iterable[int]) -> QtCore.QMimeData:
    ids = [int(i) for i in ids]
    mime = QtCore.QMimeData()
    mime.setData(HIGHLIGHT_MIME, QtCore.QByteArray(",".join(map(str, ids)).encode("ascii")))
    mime.setText("\n".join(f"highlight:{i}" for i in ids))
    return mime


def highlight_ids(mime: QtCore.QMimeData) -> list[int]:
    """Highlight ids a drag carries (``HIGHLIGHT_MIME`` or "highlight:ID" text lines)."""
    if mime.hasFormat(HIGHLIGHT_MIME):
        raw = bytes(mime.data(HIGHLIGHT_MIME).data()).decode("ascii", "replace")
        return [int(x) for x in re.findall(r"\d+", raw)]
    if mime.hasText():
        return [int(x) for x in _TEXT_ID.findall(mime.text())]
    return []


class HighlightPicker(QtWidgets.QDialog):
    def __init__(
        self, parent: QtWidgets.QWidget | None, store, title: str, already: Iterable[int] = ()
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("highlightPicker")
        self.resize(720, 460)
        already = set(already)
        themes = {t.id: t for t in codebook_order(store.themes())}
        rank = {tid: i for i, tid in enumerate(themes)}
        sources = {s.id: s.title for s in store.sources()}

        self.model = QtGui.QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Quote", "Source", "Themes"])
        for h in store.highlights():
            quote = QtGui.QStandardItem(one_line(h.quote))
            quote.setData(h.id, ID_ROLE)
            quote.setToolTip(h.quote + (f"\n\nNote: {h.note}" if h.note else ""))
            quote.setCheckable(True)
            if h.id in already:
                quote.setCheckState(QtCore.Qt.CheckState.Checked)
                quote.setEnabled(False)
                quote.setToolTip("Already supports this judgment")
            names = [
                themes[t].name
                for t in sorted(h.theme_ids, key=lambda t: rank.get(t, 1 << 30))
                if t in themes
            ]
            row = [
                quote,
                QtGui.QStandardItem(sources.get(h.source_id, "")),
                QtGui.QStandardItem(", ".join(names)),
            ]
            if h.orphan:
                for item in row:
                    item.setForeground(QtGui.QBrush(QtGui.QColor("#888888")))
                row[0].setToolTip("Not found in its source after re-import: left out of the brief")
            for item in row:
                item.setEditable(False)
            self.model.appendRow(row)

        self.proxy = QtCore.QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)

        self.filter = QtWidgets.QLineEdit(self)
        self.filter.setObjectName("highlightPickerFilter")
        self.filter.setPlaceholderText("Filter by quote, source or theme")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QtWidgets.QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QUOTE, QtWidgets.QHeaderView.ResizeMode.Stretch)
        head.resizeSection(SOURCE, 160)
        head.resizeSection(THEMES, 160)
        self.table.doubleClicked.connect(self._toggle)

        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText("Attach")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        lay = QtWidgets.QVBoxLayout(self)
        lay.addWidget(self.filter)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.filter.setFocus()

    def _toggle(self, index: QtCore.QModelIndex) -> None:
        item = self.model.item(self.proxy.mapToSource(index).row(), QUOTE)
        if item.isEnabled():
            item.setCheckState(
                QtCore.Qt.CheckState.Unchecked
                if item.checkState() == QtCore.Qt.CheckState.Checked
                else QtCore.Qt.CheckState.Checked
            )

    def chosen(self) -> list[int]:
        out = []
        for r in range(self.model.rowCount()):
            item = self.model.item(r, QUOTE)
            if item.isEnabled() and item.checkState() == QtCore.Qt.CheckState.Checked:
                out.append(item.data(ID_ROLE))
        return out


def pick_highlights(
    parent: QtWidgets.QWidget | None,
    store,
    title: str = "Attach supporting excerpts",
    already: Iterable[int] = (),
) -> list[int] | None:
    """The picker (module doc): the newly checked highlight ids, or None."""
    dialog = HighlightPicker(parent, store, title, already)
    try:
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
    finally:
        dialog.deleteLater()
