"""The Highlights panel's table model: the highlights of the project that pass the
panel's filters, in its order, read from SQL a page at a time.

The model holds its row count and a window of consecutive rows (the pages the view
painted, ``held_rows``); ``store/highlight_list.py`` counts, pages and
places rows in SQL. It follows the store's change events row by row: a new highlight
is inserted at the row that counts the rows sorting before it (found in the window
when it falls inside, else by one COUNT), a removed one is removed, a changed one is
updated or moved. A new order or filter resets it (the panel selects the picked
highlights again); so does a change it cannot place (a source moved, thousands of
highlights at once)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6 import QtCore, QtGui

from briefing.events import Action, Change, Kind
from briefing.store import highlight_list as hl
from briefing.store.highlight_list import ListRow, ListView

from . import held_rows
from .held_rows import HeldRows
from .highlight_cells import (
    CREATED,
    HEADERS,
    INCLUDED,
    NOTE,
    ORPHAN_HELP,
    POSITION,
    QUOTE,
    SOURCE,
    THEMES,
    TOOLTIP,
    Cells,
    TextFit,
    ThemeDots,
    cell,
    tooltip,
)
from .highlight_picker import HIGHLIGHT_MIME, highlight_mime
from .labels import INCLUDE_IN_BRIEF
from .roles import ROOT, AnyIndex

__all__ = ["CREATED", "HEADERS", "INCLUDED", "NOTE", "ORPHAN_HELP", "POSITION"]
__all__ += ["QUOTE", "SOURCE", "THEMES", "HighlightsModel"]

QUOTE_CHARS = 160
HIDDEN_COLUMNS = (POSITION, CREATED)
"""Shown from the header's context menu; the sort box orders by them too."""
SORTS = (
    ("By position", POSITION, QtCore.Qt.SortOrder.AscendingOrder),
    ("By theme", THEMES, QtCore.Qt.SortOrder.AscendingOrder),
    ("Newest first", CREATED, QtCore.Qt.SortOrder.DescendingOrder),
    ("Oldest first", CREATED, QtCore.Qt.SortOrder.AscendingOrder),
)
THEME_FIELDS_SHOWN = frozenset({"name", "color", "parent_id", "position"})
THEME_FIELDS_ORDER = frozenset({"parent_id", "position"})
SOURCE_FIELDS_SHOWN = frozenset({"title", "filename", "position"})
BIG = 200
"""A change of more highlights than this resets the model."""
_ORDER_FIELDS = {
    POSITION: {"start", "end", "source_id"},
    INCLUDED: {"start", "end", "source_id", "included"},
    THEMES: {"start", "end", "source_id", "theme_ids"},
    SOURCE: {"start", "source_id"},
    QUOTE: {"quote"},
    NOTE: {"note"},
    CREATED: set(),
}
"""The fields of a highlight each order sorts by."""

_FLAGS = (
    QtCore.Qt.ItemFlag.ItemIsEnabled
    | QtCore.Qt.ItemFlag.ItemIsSelectable
    | QtCore.Qt.ItemFlag.ItemIsDragEnabled
)
_COLUMN_FLAGS = (_FLAGS | QtCore.Qt.ItemFlag.ItemIsUserCheckable,) + (_FLAGS,) * (len(HEADERS) - 1)
"""Cell flags by column, built once (combining Qt flags costs microseconds per cell)."""


class HighlightsModel(QtCore.QAbstractTableModel):
    """The highlights the panel shows, in its order (see the module)."""

    include_toggled = QtCore.Signal(int, bool)
    """(highlight id, wanted value): the user clicked the "include in brief" box;
    the panel turns it into an undoable command (the model never writes)."""

    def __init__(self, store, parent: QtCore.QObject | None = None, row_height: int = 20):
        super().__init__(parent)
        self._store = store
        self._view = ListView()
        self._ranks = hl.Ranks()
        self._dots = ThemeDots(row_height)
        self._fit = TextFit()
        self.rows_shown: Callable[[], int] = lambda: held_rows.PAGE // 2
        """How many rows the view shows at once (the panel says)."""
        self._marks_timer = QtCore.QTimer(self)
        self._marks_timer.setSingleShot(True)
        self._marks_timer.setInterval(400)
        self._marks_timer.timeout.connect(self._note_marks)
        self._load()

    # -- loading ------------------------------------------------------------------

    def set_store(self, store) -> None:
        self._store = store
        self._reset()

    def _load(self) -> None:
        store = self._store
        usable = store is not None and not store.closed
        self._ranks = hl.load_ranks(store) if usable else hl.Ranks()
        self._themes = {t.id: (t.name, t.color) for t in store.themes()} if usable else {}
        count = hl.count(store, self._view, self._ranks) if usable else 0
        self._orphans = hl.orphan_count(store) if usable else 0
        self._held = HeldRows(store, self._view, self._ranks, count)
        self._held.want_marks = self._want_marks
        self._cells: dict[int, Cells] = {}
        if count > held_rows.MARK_EVERY:  # ready before the first key press, after the paint
            self._marks_timer.start()

    def _want_marks(self) -> None:
        if not self._marks_timer.isActive():
            self._marks_timer.start()

    def _note_marks(self) -> None:
        if self._usable() and self._held.marks is None:
            self._held.note_marks()

    def _reset(self) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()

    def _usable(self) -> bool:
        return self._store is not None and not self._store.closed

    # -- the view: order and filters -------------------------------------------------

    @property
    def view(self) -> ListView:
        return self._view

    def set_view(self, **changes: Any) -> None:
        """Change the order or the filters (``ListView`` fields); resets if they differ."""
        view = ListView(**{**self._view.__dict__, **changes})
        if view != self._view:
            self._view = view
            self._reset()

    def sort(self, column: int, order=QtCore.Qt.SortOrder.AscendingOrder) -> None:
        self.set_view(column=column, descending=order == QtCore.Qt.SortOrder.DescendingOrder)

    def sortColumn(self) -> int:
        return self._view.column

    def sortOrder(self) -> QtCore.Qt.SortOrder:
        if self._view.descending:
            return QtCore.Qt.SortOrder.DescendingOrder
        return QtCore.Qt.SortOrder.AscendingOrder

    # -- change events ----------------------------------------------------------------

    def apply(self, change: Change) -> None:
        """Bring the rows up to date with one store change."""
        if not self._usable():
            return
        held = self._held
        held.settled = False
        try:
            self._apply(change)
        finally:
            held.settled = True

    def _apply(self, change: Change) -> None:
        fields = set(change.fields)
        if change.kind == Kind.HIGHLIGHT:
            self._orphans = hl.orphan_count(self._store)
            if len(change.ids) > BIG:
                self._reset()
            elif change.action == Action.ADDED:
                self._added(change.ids)
            elif change.action == Action.REMOVED:
                self._removed(change.ids)
            else:
                self._changed(change.ids, fields)
        elif change.kind == Kind.THEME:
            if change.action == Action.CHANGED and fields and not fields & THEME_FIELDS_SHOWN:
                return  # a narrative, a description...: nothing shown here
            reorders = not fields or bool(fields & THEME_FIELDS_ORDER)
            if change.action == Action.REMOVED or (self._view.column == THEMES and reorders):
                self._reset()
                return
            self._ranks = self._held.ranks = hl.load_ranks(self._store)
            self._themes = {t.id: (t.name, t.color) for t in self._store.themes()}
            self._column_changed(THEMES)
        elif change.kind == Kind.SOURCE:
            if change.action == Action.CHANGED and fields and not fields & SOURCE_FIELDS_SHOWN:
                return  # the text (its highlights change on their own), author, date...
            moved = change.action in (Action.REORDERED, Action.REMOVED)
            if moved or (self._view.column == SOURCE and change.action == Action.CHANGED):
                self._reset()
                return
            self._ranks = self._held.ranks = hl.load_ranks(self._store)
            self._column_changed(SOURCE, POSITION)
        elif change.kind == Kind.PROJECT and change.action != Action.CHANGED:
            self._reset()

    def _added(self, ids: Iterable[int]) -> None:
        found = hl.rows(self._store, list(ids))
        shown = []
        for row in found.values():
            if hl.accepts(row, self._view):
                shown.append((self._held.key(row), row))
            else:
                self._held.seen[row.id] = None
        shown.sort(key=lambda kr: kr[0], reverse=self._view.descending)
        for key, row in shown:
            if row.id in self._held.seen and self._held.seen[row.id] is not None:
                continue  # already listed (read with a page since)
            r = self._held.place(key)
            self.beginInsertRows(ROOT, r, r)
            self._held.count += 1
            self._held.shift_marks(key, 1, row.id)
            self._held.insert(r, row, key, read=self.rows_shown() if len(shown) == 1 else 0)
            self._held.seen[row.id] = key
            self.endInsertRows()

    def _removed(self, ids: Iterable[int]) -> None:
        gone: list[tuple[tuple, int]] = []
        unknown = False
        for hid in ids:
            if hid not in self._held.seen:
                unknown = True
                continue
            key = self._held.seen.pop(hid)
            self._cells.pop(hid, None)
            if key is not None:
                gone.append((key, hid))
        gone.sort(key=lambda kh: kh[0], reverse=self._view.descending)
        for key, hid in gone:
            self._held.shift_marks(key, -1, hid)
        rows = []
        for n, (key, hid) in enumerate(gone):
            i = self._held.index_of(hid)
            if i is not None:
                rows.append(self._held.first + i)
            else:  # the rows before it now, plus the removed ones before it
                rows.append(self._held.place(key) + n)
        for r in sorted(rows, reverse=True):
            self.beginRemoveRows(ROOT, r, r)
            self._held.count -= 1
            self._held.remove(r)
            self.endRemoveRows()
        if unknown and hl.count(self._store, self._view, self._ranks) != self._held.count:
            self._reset()

    def _changed(self, ids: tuple[int, ...], fields: set[str]) -> None:
        found = hl.rows(self._store, list(ids))
        order_fields = _ORDER_FIELDS[self._view.column] | {"orphan", "start", "end"}
        # (a new span also clears the orphan flag, without saying so)
        if self._view.theme_ids:
            order_fields |= {"theme_ids"}
        if self._view.text:
            order_fields |= {"quote", "note"}
        may_move = not fields or bool(fields & order_fields)
        for hid in ids:
            row = found.get(hid)
            if row is None:
                continue
            self._cells.pop(hid, None)
            new = self._held.key(row) if hl.accepts(row, self._view) else None
            if hid not in self._held.seen:  # a row never read: was it shown, and where?
                if not may_move:
                    continue
                if (not fields or fields & _ORDER_FIELDS[self._view.column]) or len(ids) > 1:
                    self._reset()  # its old place is unknown
                    return
                # its key is as before: only whether it is shown may have changed
                now = hl.count(self._store, self._view, self._ranks)
                if now == self._held.count:
                    self._held.seen[hid] = new  # shown (or hidden) before as now
                else:  # one fewer: it was shown; one more: it was hidden
                    self._held.seen[hid] = self._held.key(row) if now < self._held.count else None
            old = self._held.seen[hid]
            self._held.seen[hid] = new
            if old is None and new is None:
                continue
            i = self._held.index_of(hid)
            if old is not None and new is not None and old == new:
                if i is not None:
                    self._held.rows[i] = row
                    r = self._held.first + i
                    self.dataChanged.emit(self.index(r, 0), self.index(r, len(HEADERS) - 1))
                continue
            old_row = None
            if old is not None:
                self._held.shift_marks(old, -1, hid)
                old_row = self._held.first + i if i is not None else self._held.place(old, hid)
            if old_row is not None and new is not None:
                self._move(old_row, row, new)
            elif old_row is not None:
                self.beginRemoveRows(ROOT, old_row, old_row)
                self._held.count -= 1
                self._held.remove(old_row)
                self.endRemoveRows()
            elif new is not None:
                r = self._held.place(new)
                self.beginInsertRows(ROOT, r, r)
                self._held.count += 1
                self._held.insert(r, row, new)
                self.endInsertRows()
            if new is not None:
                self._held.shift_marks(new, 1, hid)

    def _move(self, old_row: int, row: ListRow, key: tuple) -> None:
        """Move a shown row from ``old_row`` to where ``key`` sorts now."""
        self._held.remove(old_row)
        new_row = self._held.place(key)
        if new_row == old_row:
            self._held.insert(new_row, row, key)
            self.dataChanged.emit(self.index(new_row, 0), self.index(new_row, len(HEADERS) - 1))
            return
        self._held.insert(old_row, row, key)  # put back until the move is announced
        dest = new_row if new_row < old_row else new_row + 1
        self.beginMoveRows(ROOT, old_row, old_row, ROOT, dest)
        self._held.remove(old_row)
        self._held.insert(new_row, row, key)
        self.endMoveRows()

    def _column_changed(self, first: int, last: int | None = None) -> None:
        self._cells.clear()
        if self._held.rows:
            top, bottom = self._held.first, self._held.first + len(self._held.rows) - 1
            self.dataChanged.emit(
                self.index(top, first), self.index(bottom, first if last is None else last)
            )

    # -- queries ---------------------------------------------------------------------------

    def highlight(self, highlight_id: int) -> ListRow | None:
        """A highlight as the list shows it (held or read), None if there is none."""
        i = self._held.index_of(highlight_id)
        if i is not None:
            return self._held.rows[i]
        if not self._usable():
            return None
        return hl.rows(self._store, [highlight_id]).get(highlight_id)

    def highlight_at(self, r: int) -> ListRow | None:
        return self._held.row(r)

    def row_of(self, highlight_id: int) -> int | None:
        """The row showing a highlight (None: not shown)."""
        i = self._held.index_of(highlight_id)
        if i is not None:
            return self._held.first + i
        row = self.highlight(highlight_id)
        if row is None or not hl.accepts(row, self._view):
            return None
        return self._held.place(self._held.key(row))

    def visible_ids(self) -> list[int]:
        """Every highlight shown, in row order (one query)."""
        if not self._usable():
            return []
        return hl.ordered_ids(self._store, self._view, self._ranks)

    def ids_between(self, first: int, last: int) -> list[int]:
        """The highlights of rows ``first`` to ``last`` (included), in row order."""
        held = self._held
        if held.first <= first and last < held.first + len(held.rows):
            return [row.id for row in held.rows[first - held.first : last - held.first + 1]]
        if not self._usable():
            return []
        return [
            hid for hid, _ in hl.page(self._store, self._view, self._ranks, first, last - first + 1)
        ]

    def size(self) -> int:
        """About how many highlights the project has (at least as many as it has)."""
        return hl.largest_id(self._store) if self._usable() else 0

    def orphan_count(self) -> int:
        return self._orphans

    # -- Qt model API -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else self._held.count

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if orientation == QtCore.Qt.Orientation.Horizontal:
            if role == QtCore.Qt.ItemDataRole.DisplayRole:
                return HEADERS[section] if 0 <= section < len(HEADERS) else None
            if role == QtCore.Qt.ItemDataRole.ToolTipRole and section == INCLUDED:
                return INCLUDE_IN_BRIEF
        return None

    def flags(self, index: AnyIndex) -> QtCore.Qt.ItemFlag:
        return _COLUMN_FLAGS[index.column()]

    @staticmethod
    def column_flags(column: int) -> QtCore.Qt.ItemFlag:
        return _COLUMN_FLAGS[column]

    def data(self, index: AnyIndex, role=QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        found = self._cell(index)
        if found is None:
            return None
        row, values = found
        value = values.get(role)
        if value is None and role == TOOLTIP:
            return tooltip(row, index.column())
        return value

    def multiData(self, index: AnyIndex, roleDataSpan) -> None:
        """Every role the view asks for when it paints a cell, in one call (not one
        call per role: a Python call costs more than the look-up)."""
        found = self._cell(index)
        values = found[1] if found is not None else {}
        for asked in roleDataSpan:  # (Qt reuses the span from cell to cell: set each role)
            asked.setData(values.get(asked.role()))

    def cell_values(self, index: AnyIndex) -> dict[int, Any] | None:
        """A cell's values by role (the dict the model keeps while the cell is unchanged:
        its delegate keeps its picture there)."""
        found = self._cell(index)
        return found[1] if found is not None else None

    def _cell(self, index: AnyIndex) -> tuple[ListRow, dict[int, Any]] | None:
        """The row of ``index`` and its cell's values by role (made when first asked)."""
        r = index.row() - self._held.first
        row = self._held.rows[r] if 0 <= r < len(self._held.rows) else self._held.row(index.row())
        if row is None:
            return None
        cells = self._cells.get(row.id)
        if cells is None:
            if len(self._cells) > 4 * held_rows.WINDOW:
                self._cells.clear()
            cells = self._cells[row.id] = [None] * len(HEADERS)
        column = index.column()
        values = cells[column]
        if values is None:
            values = cells[column] = self._make_cell(row, column)
        return row, values

    def fit_text(self, widths: dict[int, int], font: QtGui.QFont) -> None:
        """The widths (pixels) the long texts are shown in, and the view's font: the
        quote, source and note are cut to them once, not laid out whole at each paint."""
        if self._fit.set(widths, font):
            self._column_changed(QUOTE, NOTE)

    def _make_cell(self, row: ListRow, column: int) -> dict:
        themes = []
        if column == THEMES:
            rank = self._ranks.theme
            ordered = sorted(
                (t for t in row.theme_ids if t in self._themes), key=lambda t: rank.get(t, hl.FAR)
            )
            themes = [self._themes[t] for t in ordered]
        source = self._ranks.source_label.get(row.source_id, "") if column == SOURCE else ""
        return cell(row, column, themes, source, self._dots, self._fit)

    def setData(self, index: AnyIndex, value: Any, role=QtCore.Qt.ItemDataRole.EditRole) -> bool:
        check = role == QtCore.Qt.ItemDataRole.CheckStateRole
        if index.isValid() and index.column() == INCLUDED and check:
            row = self._held.row(index.row())
            if row is None:
                return False
            checked = QtCore.Qt.CheckState.Checked
            wanted = value if isinstance(value, bool) else QtCore.Qt.CheckState(value) == checked
            if wanted != row.included:
                self.include_toggled.emit(row.id, wanted)
        return False  # the store's change event updates the row

    def mimeTypes(self) -> list[str]:
        return [HIGHLIGHT_MIME, "text/plain"]

    def mimeData(self, indexes) -> QtCore.QMimeData:
        """Dragged rows carry their highlight ids (a judgment accepts them as support)."""
        rows = (self._held.row(i.row()) for i in indexes if i.isValid())
        return highlight_mime(dict.fromkeys(row.id for row in rows if row is not None))
