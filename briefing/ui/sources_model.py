"""The Sources panel's list model: sources in list order with their highlight counts."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6 import QtCore

from briefing.model import SourceInfo
from briefing.store import Store
from briefing.store.counts import highlight_counts, highlight_sources

from .labels import plural, source_label
from .roles import ID_ROLE, ROOT, AnyIndex

TITLE, COUNT = range(2)


_R = QtCore.Qt.ItemDataRole
_DISPLAY = _R.DisplayRole.value
_ALIGN = _R.TextAlignmentRole.value
_OTHER_ROLES = frozenset({_R.ToolTipRole.value, ID_ROLE})
_RIGHT = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter


class SourcesModel(QtCore.QAbstractTableModel):
    """Sources in list order with their highlight counts, kept in step with the store.

    Counts follow highlight events: an addition looks up the new highlights' sources
    (one query on their ids) and adds to those counts; a removal subtracts when the
    highlights' sources are known (added in this session), else one grouped count
    runs a moment later, off the key path."""

    def __init__(self, store: Store | None, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._rows: list[SourceInfo] = store.sources() if store is not None else []
        self._source_of: dict[int, int] = {}
        """highlight id -> source id of highlights added while the project is open."""
        self._recount = QtCore.QTimer(self, singleShot=True, interval=150)
        self._recount.timeout.connect(self.recount)
        self._fresh = False
        """The counts were just read whole (``refresh``): highlight events of the same
        commit, delivered right after, are already in them."""

    def set_store(self, store: Store) -> None:
        self.beginResetModel()
        self._store = store
        self._rows = store.sources()
        self._source_of = {}
        self.endResetModel()

    # -- counts from highlight events ---------------------------------------------

    def highlights_added(self, ids: tuple[int, ...]) -> None:
        if self._store is None:
            return
        found = highlight_sources(self._store, ids)
        self._source_of.update(found)
        if self._fresh:
            return
        delta: dict[int, int] = {}
        for sid in found.values():
            delta[sid] = delta.get(sid, 0) + 1
        self._add_counts(delta)

    def highlights_removed(self, ids: tuple[int, ...]) -> None:
        if self._fresh:
            for hid in ids:
                self._source_of.pop(hid, None)
            return
        if any(hid not in self._source_of for hid in ids):
            for hid in ids:
                self._source_of.pop(hid, None)
            self._recount.start()
            return
        delta: dict[int, int] = {}
        for hid in ids:
            sid = self._source_of.pop(hid)
            delta[sid] = delta.get(sid, 0) - 1
        self._add_counts(delta)

    def recount(self) -> None:
        """Every count from one grouped query (after removals of unknown highlights)."""
        if self._store is None or self._store.closed:
            return
        counts = highlight_counts(self._store)
        self._add_counts({s.id: counts.get(s.id, 0) - s.highlight_count for s in self._rows})

    def _add_counts(self, delta: dict[int, int]) -> None:
        for i, s in enumerate(self._rows):
            d = delta.get(s.id, 0)
            if d:
                self._rows[i] = dataclasses.replace(s, highlight_count=s.highlight_count + d)
                self.dataChanged.emit(self.index(i, 0), self.index(i, 1))

    # -- rows ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Bring the rows up to date: rows removed and inserted one by one,
        changed rows redrawn (a reset only when the order itself changed)."""
        new = self._store.sources() if self._store is not None else []
        self._fresh = True
        QtCore.QTimer.singleShot(0, self._stale)
        new_ids = [s.id for s in new]
        gone = {s.id for s in self._rows} - set(new_ids)
        for sid in gone:
            row = next(i for i, s in enumerate(self._rows) if s.id == sid)
            self.beginRemoveRows(QtCore.QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
        have = {s.id for s in self._rows}
        for i, s in enumerate(new):
            if s.id not in have:
                row = min(i, len(self._rows))
                self.beginInsertRows(QtCore.QModelIndex(), row, row)
                self._rows.insert(row, s)
                self.endInsertRows()
        if [s.id for s in self._rows] != new_ids:
            self.beginResetModel()
            self._rows = new
            self.endResetModel()
            return
        for i, s in enumerate(new):
            if s != self._rows[i]:
                self._rows[i] = s
                self.dataChanged.emit(self.index(i, 0), self.index(i, 1))

    def _stale(self) -> None:
        self._fresh = False

    def source_at(self, row: int) -> SourceInfo:
        return self._rows[row]

    def row_of(self, source_id: int | None) -> int | None:
        for i, s in enumerate(self._rows):
            if s.id == source_id:
                return i
        return None

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if (
            orientation == QtCore.Qt.Orientation.Horizontal
            and role == QtCore.Qt.ItemDataRole.DisplayRole
        ):
            return ("Source", "Highlights")[section]
        return None

    def multiData(self, index: AnyIndex, roleDataSpan) -> None:
        """The roles a view asks for when it paints or sizes a cell, in one call (Qt
        reuses the span from cell to cell: every role is set, empty when absent)."""
        s = self._rows[index.row()] if index.isValid() else None
        column = index.column()
        for asked in roleDataSpan:
            role = asked.role()
            if s is None:
                asked.setData(None)
            elif role == _DISPLAY:
                asked.setData(source_label(s) if column == TITLE else str(s.highlight_count))
            elif role == _ALIGN:
                asked.setData(_RIGHT if column == COUNT else None)
            elif role in _OTHER_ROLES:
                asked.setData(self.data(index, role))
            else:
                asked.setData(None)

    def data(self, index: AnyIndex, role=QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        R = QtCore.Qt.ItemDataRole
        if role == ID_ROLE:
            return s.id
        if role == R.DisplayRole:
            return source_label(s) if index.column() == TITLE else str(s.highlight_count)
        if role == R.ToolTipRole:
            lines = [source_label(s)]
            meta = ", ".join(x for x in (s.author, s.dateline, s.date) if x)
            if meta:
                lines.append(meta)
            if s.url:
                lines.append(s.url)
            lines.append(f"{s.length:,} characters, {plural(s.highlight_count, 'highlight')}")
            if s.filename:
                lines.append(f"Imported from {s.filename}")
            return "\n".join(lines)
        if role == R.TextAlignmentRole and index.column() == COUNT:
            return QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        return None
