"""The Highlights panel's proxy: the model sorted and filtered in Python (see
``HighlightsProxy``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore

from briefing.model import Highlight

from .highlights_model import HEADERS, INCLUDED, POSITION, THEMES, HighlightsModel
from .roles import ROOT, AnyIndex


class HighlightsProxy(QtCore.QAbstractProxyModel):
    """The highlights model sorted by a column and filtered by scope (one source),
    themes, text and orphan state.

    Sorting and filtering are done in Python over precomputed keys (a sort of 50,000
    highlights takes tens of milliseconds; Qt's ``QSortFilterProxyModel`` would call
    back into Python for every comparison). The proxy follows the model's changes
    row by row: an added highlight is inserted where it sorts, a removed one removed,
    a changed one updated, moved, shown or hidden. A new sort order or filter
    re-lays the rows out, keeping the selection of the rows still shown."""

    BIG = 200
    """A model change touching more rows than this re-lays everything out."""

    def __init__(self, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._source_id: int | None = None
        self._theme_ids: frozenset[int] = frozenset()
        self._text = ""
        self._orphans = False
        self._column = POSITION
        self._descending = False
        self._key: Callable[[Highlight], tuple] = lambda h: (h.id,)
        self._all: list[tuple] = []
        """(sort key, highlight id) of every highlight, in display order."""
        self._ids: list[int] = []
        """Highlight ids of the rows shown, in display order."""
        self._keys: list[tuple] = []
        """Their sort keys (same order)."""
        self._key_of: dict[int, tuple] = {}
        """highlight id -> its sort key, for every highlight of the model."""

    # -- the source -----------------------------------------------------------------

    def setSourceModel(self, model: QtCore.QAbstractItemModel) -> None:
        assert isinstance(model, HighlightsModel)
        old = self.sourceModel()
        if isinstance(old, HighlightsModel):
            for signal, slot in self._connections(old):
                signal.disconnect(slot)
        self.beginResetModel()
        super().setSourceModel(model)
        for signal, slot in self._connections(model):
            signal.connect(slot)
        self._rebuild()
        self.endResetModel()

    def _connections(self, model: HighlightsModel):
        return (
            (model.rowsInserted, self._source_inserted),
            (model.rowsAboutToBeRemoved, self._source_removing),
            (model.dataChanged, self._source_changed),
            (model.modelAboutToBeReset, self.beginResetModel),
            (model.modelReset, self._source_reset),
            (model.layoutChanged, self._relayout),
        )

    @property
    def _model(self) -> HighlightsModel:
        model = self.sourceModel()
        assert isinstance(model, HighlightsModel)
        return model

    # -- filters and order ------------------------------------------------------------

    def _refilter(self) -> None:
        self._relayout(resort=False)

    def set_scope(self, source_id: int | None) -> None:
        """None: all sources; else only that source's highlights."""
        if source_id != self._source_id:
            self._source_id = source_id
            self._refilter()

    def set_theme_filter(self, theme_ids) -> None:
        ids = frozenset(theme_ids or ())
        if ids != self._theme_ids:
            self._theme_ids = ids
            self._refilter()

    def set_text_filter(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._text:
            self._text = text
            self._refilter()

    def set_orphans(self, only_orphans: bool) -> None:
        if only_orphans != self._orphans:
            self._orphans = only_orphans
            self._refilter()

    def accepts(self, h: Highlight) -> bool:
        """Whether ``h`` passes the filters."""
        if h.orphan != self._orphans:
            return False
        if self._source_id is not None and h.source_id != self._source_id:
            return False
        if self._theme_ids and self._theme_ids.isdisjoint(h.theme_ids):
            return False
        return not (self._text and self._text not in self._model.search_text(h))

    def sort(self, column: int, order=QtCore.Qt.SortOrder.AscendingOrder) -> None:
        descending = order == QtCore.Qt.SortOrder.DescendingOrder
        if (column, descending) != (self._column, self._descending):
            self._column, self._descending = column, descending
            self._relayout()

    def sortColumn(self) -> int:
        return self._column

    def sortOrder(self) -> QtCore.Qt.SortOrder:
        return (
            QtCore.Qt.SortOrder.DescendingOrder
            if self._descending
            else QtCore.Qt.SortOrder.AscendingOrder
        )

    # -- the rows ---------------------------------------------------------------------

    def _rebuild(self, resort: bool = True) -> None:
        """Work the order out again (``resort``) and the rows shown."""
        model = self._model
        if model is None:
            self._all, self._ids, self._keys, self._key_of = [], [], [], {}
            return
        if resort:
            self._key = key = model.sort_key(self._column)
            self._all = sorted(((key(h), h.id) for h in model.rows()), reverse=self._descending)
            self._key_of = {hid: k for k, hid in self._all}
        accepts, highlight = self.accepts, model.highlight
        shown = [
            (k, hid) for k, hid in self._all if (h := highlight(hid)) is not None and accepts(h)
        ]
        self._ids = [hid for _, hid in shown]
        self._keys = [k for k, _ in shown]

    def _relayout(
        self, *_: Any, resort: bool = True, change: Callable[[], None] | None = None
    ) -> None:
        """Re-lay every row out (after ``change``, else by working the order and the rows
        shown out again), keeping the persistent indexes (selection) of the rows still
        shown."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self._ids[i.row()] if 0 <= i.row() < len(self._ids) else None for i in old]
        if change is not None:
            change()
        else:
            self._rebuild(resort)
        new = []
        for hid, index in zip(old_ids, old, strict=False):
            row = self.row_of(hid) if hid is not None else None
            new.append(self.index(row, index.column()) if row is not None else QtCore.QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _source_reset(self) -> None:
        self._rebuild()
        self.endResetModel()

    def _bisect(self, key: tuple, everything: bool = False) -> int:
        """Where ``key`` goes among the rows shown (``everything``: among all highlights),
        in display order (ascending or descending)."""
        seq = self._all if everything else self._keys
        lo, hi, descending = 0, len(seq), self._descending
        while lo < hi:
            mid = (lo + hi) // 2
            k = seq[mid][0] if everything else seq[mid]
            if (k > key) if descending else (k < key):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def row_of(self, highlight_id: int) -> int | None:
        """The row showing a highlight (None: not shown)."""
        key = self._key_of.get(highlight_id)
        if key is None:
            return None
        row = self._bisect(key)
        return row if row < len(self._ids) and self._ids[row] == highlight_id else None

    def _add(self, h: Highlight) -> None:
        key = self._key(h)
        self._key_of[h.id] = key
        self._all.insert(self._bisect(key, True), (key, h.id))
        if self.accepts(h):
            row = self._bisect(key)
            self.beginInsertRows(QtCore.QModelIndex(), row, row)
            self._ids.insert(row, h.id)
            self._keys.insert(row, key)
            self.endInsertRows()

    def _drop(self, hid: int) -> None:
        key = self._key_of.get(hid)
        if key is None:
            return
        row = self.row_of(hid)
        if row is not None:
            self.beginRemoveRows(QtCore.QModelIndex(), row, row)
            del self._ids[row]
            del self._keys[row]
            self.endRemoveRows()
        i = self._bisect(key, True)
        if i < len(self._all) and self._all[i][1] == hid:
            del self._all[i]
        del self._key_of[hid]

    def _source_inserted(self, parent: QtCore.QModelIndex, first: int, last: int) -> None:
        if last - first >= self.BIG:
            self._relayout()
            return
        model = self._model
        for r in range(first, last + 1):
            self._add(model.highlight_at(r))

    def _source_removing(self, parent: QtCore.QModelIndex, first: int, last: int) -> None:
        model = self._model
        if last - first < self.BIG:
            for r in range(last, first - 1, -1):
                self._drop(model.highlight_at(r).id)
            return
        gone = {model.highlight_at(r).id for r in range(first, last + 1)}

        def forget() -> None:
            self._all = [(k, hid) for k, hid in self._all if hid not in gone]
            for hid in gone:
                self._key_of.pop(hid, None)
            shown = [
                (k, hid) for k, hid in zip(self._keys, self._ids, strict=False) if hid not in gone
            ]
            self._ids = [hid for _, hid in shown]
            self._keys = [k for k, _ in shown]

        self._relayout(change=forget)

    def _source_changed(
        self, top_left: QtCore.QModelIndex, bottom_right: QtCore.QModelIndex, roles: Any = ()
    ) -> None:
        first, last = top_left.row(), bottom_right.row()
        left, right = top_left.column(), bottom_right.column()
        if last - first >= self.BIG:
            columns = set(range(left, right + 1))
            if self._column in columns or (
                self._column in (INCLUDED, THEMES) and POSITION in columns
            ):
                self._relayout()
            elif self._ids:
                self.dataChanged.emit(self.index(0, left), self.index(len(self._ids) - 1, right))
            return
        model = self._model
        for r in range(first, last + 1):
            h = model.highlight_at(r)
            old_key = self._key_of.get(h.id)
            new_key = self._key(h)
            row = self.row_of(h.id)
            shown = self.accepts(h)
            if old_key == new_key and row is not None and shown:
                self.dataChanged.emit(self.index(row, left), self.index(row, right))
                continue
            if old_key != new_key and row is not None and shown:
                self._move(h.id, row, new_key)
                moved = self.row_of(h.id)
                assert moved is not None
                self.dataChanged.emit(self.index(moved, left), self.index(moved, right))
                continue
            self._drop(h.id)  # shown or hidden now, or moved while hidden
            self._add(h)

    def _move(self, hid: int, row: int, key: tuple) -> None:
        """Move shown row ``row`` (highlight ``hid``) to where ``key`` sorts."""
        i = self._bisect(self._key_of[hid], True)
        if i < len(self._all) and self._all[i][1] == hid:
            del self._all[i]
        self._all.insert(self._bisect(key, True), (key, hid))
        self._key_of[hid] = key
        del self._ids[row]
        del self._keys[row]
        new_row = self._bisect(key)
        self._ids.insert(row, hid)  # put back until the move is announced
        self._keys.insert(row, key)
        if new_row == row:
            return
        dest = new_row if new_row < row else new_row + 1
        self.beginMoveRows(QtCore.QModelIndex(), row, row, QtCore.QModelIndex(), dest)
        del self._ids[row]
        del self._keys[row]
        self._ids.insert(new_row, hid)
        self._keys.insert(new_row, key)
        self.endMoveRows()

    # -- Qt proxy API -----------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = ROOT) -> QtCore.QModelIndex:
        if parent.isValid() or not (0 <= row < len(self._ids) and 0 <= column < len(HEADERS)):
            return QtCore.QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: QtCore.QModelIndex | None = None):  # type: ignore[override]
        if index is None:  # QObject.parent()
            return QtCore.QObject.parent(self)
        return QtCore.QModelIndex()

    def sibling(self, row: int, column: int, index: AnyIndex) -> QtCore.QModelIndex:
        return self.index(row, column)

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def hasChildren(self, parent: AnyIndex = ROOT) -> bool:
        return not parent.isValid() and bool(self._ids)

    def mapToSource(self, index: AnyIndex) -> QtCore.QModelIndex:
        model = self._model
        if model is None or not index.isValid() or not 0 <= index.row() < len(self._ids):
            return QtCore.QModelIndex()
        row = model.row_of(self._ids[index.row()])
        return QtCore.QModelIndex() if row is None else model.index(row, index.column())

    def mapFromSource(self, index: AnyIndex) -> QtCore.QModelIndex:
        model = self._model
        if model is None or not index.isValid():
            return QtCore.QModelIndex()
        row = self.row_of(model.highlight_at(index.row()).id)
        return QtCore.QModelIndex() if row is None else self.createIndex(row, index.column())

    def data(self, index: AnyIndex, role=QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        model = self._model
        h = model.highlight(self._ids[index.row()])
        return None if h is None else model.data_of(h, index.column(), role)

    def headerData(self, section: int, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if orientation == QtCore.Qt.Orientation.Horizontal and self._model is not None:
            return self._model.headerData(section, orientation, role)
        return None

    def flags(self, index: AnyIndex) -> QtCore.Qt.ItemFlag:
        if not index.isValid():
            return QtCore.Qt.ItemFlag.NoItemFlags
        return HighlightsModel.column_flags(index.column())

    def setData(
        self,
        index: AnyIndex,
        value: Any,
        role=QtCore.Qt.ItemDataRole.EditRole,
    ) -> bool:
        source = self.mapToSource(index)
        return source.isValid() and self._model.setData(source, value, role)

    def mimeTypes(self) -> list[str]:
        return self._model.mimeTypes() if self._model is not None else []

    def mimeData(self, indexes) -> QtCore.QMimeData:
        return self._model.mimeData([self.mapToSource(i) for i in indexes])

    def supportedDragActions(self) -> QtCore.Qt.DropAction:
        return self._model.supportedDragActions()
