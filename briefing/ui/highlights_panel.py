"""The Highlights panel: every highlight as a sortable, filterable table, with
the note editor of the current highlight below it.

The table model follows the store's change events row by row (insert, remove,
dataChanged by highlight id); it resets only when another project opens. The
proxy sorts and filters in Python over precomputed sort keys and follows the
model row by row too (see ``HighlightsProxy``): building the panel for 50,000
highlights costs one sort, not a Qt sort calling back into Python for each
comparison.
Orphans (highlights whose quote could not be found after a re-import) are kept
out of the main list and shown with the "Orphans (n)" toggle.
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.events import Action, Change, Kind
from briefing.model import Highlight, SourceInfo, Theme, codebook_order

from . import commands
from .labels import one_line
from .note_editor import NoteEditor
from .roles import COLORS_ROLE, ID_ROLE, SORT_ROLE

if TYPE_CHECKING:
    from .workspace import Workspace

INCLUDED, QUOTE, THEMES, SOURCE, POSITION, NOTE, CREATED = range(7)
HEADERS = ("Brief", "Quote", "Themes", "Source", "Position", "Note", "Created")
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
SOURCE_FIELDS_SHOWN = frozenset({"title", "filename", "position"})
ORPHAN_HELP = (
    "Orphans: these highlights could not be found after the source was "
    "re-imported. Their quotes are kept; delete them or tag the passage again."
)


class ThemesDelegate(QtWidgets.QStyledItemDelegate):
    """Draws a highlight's themes as colour dots followed by their names."""

    def paint(self, painter: QtGui.QPainter, option, index: QtCore.QModelIndex) -> None:
        opt = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        colors = index.data(COLORS_ROLE) or []
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect.adjusted(4, 0, -4, 0)
        size = max(6, min(10, opt.fontMetrics.height() - 6))
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtGui.QPen(QtGui.QColor(0, 0, 0, 90), 1))
        x = rect.left()
        for color in colors[:6]:
            painter.setBrush(QtGui.QColor(color))
            painter.drawEllipse(
                QtCore.QRectF(x + 0.5, rect.center().y() - size / 2 + 0.5, size - 1, size - 1)
            )
            x += size + 2
        if colors:
            x += 3
        selected = bool(opt.state & QtWidgets.QStyle.StateFlag.State_Selected)
        painter.setPen(
            opt.palette.color(
                QtGui.QPalette.ColorRole.HighlightedText
                if selected
                else QtGui.QPalette.ColorRole.Text
            )
        )
        text_rect = QtCore.QRect(x, rect.top(), max(0, rect.right() - x), rect.height())
        painter.drawText(
            text_rect,
            int(QtCore.Qt.AlignmentFlag.AlignVCenter | QtCore.Qt.AlignmentFlag.AlignLeft),
            opt.fontMetrics.elidedText(text, QtCore.Qt.TextElideMode.ElideRight, text_rect.width()),
        )
        painter.restore()


def short_date(iso: str) -> str:
    try:
        moment = _dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


class HighlightsModel(QtCore.QAbstractTableModel):
    """All highlights of the project, one row each, kept in step with the store.

    Rows are in the order the highlights arrived (new ones at the end); the proxy
    (``HighlightsProxy``) sorts and filters them."""

    include_toggled = QtCore.Signal(int, bool)
    """(highlight id, wanted value): the user clicked the "include in brief" box;
    the panel turns it into an undoable command (the model never writes)."""

    def __init__(self, store, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._rows: list[Highlight] = []
        self._row_of: dict[int, int] = {}
        self._themes: dict[int, Theme] = {}
        self._theme_rank: dict[int, int] = {}
        self._sources: dict[int, SourceInfo] = {}
        self._orphans = 0
        self._search: dict[int, str] = {}
        """highlight id -> casefolded quote and note, for the text filter (filled on use)."""
        self._load()

    # -- loading ------------------------------------------------------------

    def set_store(self, store) -> None:
        self.beginResetModel()
        self._store = store
        self._load()
        self.endResetModel()

    def _load(self) -> None:
        self._load_themes()
        self._load_sources()
        self._rows = list(self._store.highlights()) if self._store is not None else []
        self._search = {}
        self._reindex()

    def _load_themes(self) -> None:
        themes = self._store.themes() if self._store is not None else []
        self._themes = {t.id: t for t in themes}
        self._theme_rank = {t.id: i for i, t in enumerate(codebook_order(themes))}

    def _load_sources(self) -> None:
        self._sources = {s.id: s for s in self._store.sources()} if self._store is not None else {}

    def _reindex(self) -> None:
        self._row_of = {h.id: i for i, h in enumerate(self._rows)}
        self._orphans = sum(1 for h in self._rows if h.orphan)

    # -- change events ------------------------------------------------------

    def apply(self, change: Change) -> None:
        """Bring the rows up to date with one store change."""
        fields = set(change.fields)
        if change.kind == Kind.HIGHLIGHT:
            if change.action == Action.ADDED:
                self._added(change.ids)
            elif change.action == Action.REMOVED:
                self._removed(change.ids)
            else:
                self._changed(change.ids)
        elif change.kind == Kind.THEME:
            if change.action == Action.CHANGED and fields and not fields & THEME_FIELDS_SHOWN:
                return  # a narrative, a description...: nothing shown here
            self._load_themes()
            self._column_changed(THEMES)
        elif change.kind == Kind.SOURCE:
            if change.action == Action.CHANGED and fields and not fields & SOURCE_FIELDS_SHOWN:
                return  # the text (its highlights change on their own), author, date...
            self._load_sources()
            self._column_changed(SOURCE, POSITION)
        elif change.kind == Kind.PROJECT and change.action != Action.CHANGED:
            self.set_store(self._store)

    def _fetch(self, ids: tuple[int, ...]) -> list[Highlight]:
        wanted = set(ids)
        if len(wanted) > 50:
            return [h for h in self._store.highlights() if h.id in wanted]
        found = []
        for hid in ids:
            try:
                found.append(self._store.highlight(hid))
            except KeyError:
                pass
        return found

    def _added(self, ids: tuple[int, ...]) -> None:
        new = [h for h in self._fetch(ids) if h.id not in self._row_of]
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QtCore.QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        for i, h in enumerate(new, first):
            self._row_of[h.id] = i
            self._orphans += h.orphan
        self.endInsertRows()

    def _removed(self, ids: tuple[int, ...]) -> None:
        rows = sorted((self._row_of[i] for i in set(ids) if i in self._row_of), reverse=True)
        if not rows:
            return
        # remove contiguous runs, last first, so earlier row numbers stay valid
        runs: list[list[int]] = []
        for r in rows:
            if runs and runs[-1][0] == r + 1:
                runs[-1][0] = r
            else:
                runs.append([r, r])
        for first, last in runs:
            self.beginRemoveRows(QtCore.QModelIndex(), first, last)
            for h in self._rows[first : last + 1]:
                self._search.pop(h.id, None)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        self._reindex()

    def _changed(self, ids: tuple[int, ...]) -> None:
        fresh = {h.id: h for h in self._fetch(ids)}
        for hid in ids:
            row = self._row_of.get(hid)
            if row is None:
                continue
            if hid not in fresh:
                continue
            self._orphans += fresh[hid].orphan - self._rows[row].orphan
            self._rows[row] = fresh[hid]
            self._search.pop(hid, None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def _column_changed(self, first: int, last: int | None = None) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, first),
                self.index(len(self._rows) - 1, first if last is None else last),
            )

    # -- queries ----------------------------------------------------------------

    def rows(self) -> list[Highlight]:
        """Every highlight, in row order (do not modify)."""
        return self._rows

    def highlight_at(self, row: int) -> Highlight:
        return self._rows[row]

    def row_of(self, highlight_id: int) -> int | None:
        return self._row_of.get(highlight_id)

    def highlight(self, highlight_id: int) -> Highlight | None:
        row = self._row_of.get(highlight_id)
        return None if row is None else self._rows[row]

    def orphan_count(self) -> int:
        return self._orphans

    def search_text(self, h: Highlight) -> str:
        """``h``'s quote and note, casefolded (what the text filter looks in)."""
        text = self._search.get(h.id)
        if text is None:
            text = self._search[h.id] = h.quote.casefold() + "\0" + h.note.casefold()
        return text

    def theme_names(self, h: Highlight) -> list[str]:
        return [self._themes[t].name for t in self._ordered_themes(h)]

    def _ordered_themes(self, h: Highlight) -> list[int]:
        return sorted(
            (t for t in h.theme_ids if t in self._themes),
            key=lambda t: self._theme_rank.get(t, 1 << 30),
        )

    def source_title(self, source_id: int) -> str:
        s = self._sources.get(source_id)
        return (s.title or s.filename or f"Source {s.id}") if s else ""

    def sort_key(self, column: int) -> Callable[[Highlight], tuple]:
        """The key that orders highlights by ``column`` (ascending); keys are unique."""
        far = 1 << 30

        def position(h: Highlight) -> tuple:
            s = self._sources.get(h.source_id)
            return (s.position if s else far, h.source_id, h.start, h.end, h.id)

        if column == INCLUDED:
            return lambda h: (int(h.included), *position(h))
        if column == QUOTE:
            return lambda h: (h.quote.casefold(), h.id)
        if column == THEMES:
            return lambda h: (
                min((self._theme_rank.get(t, far) for t in h.theme_ids), default=far),
                *position(h),
            )
        if column == SOURCE:
            return lambda h: (self.source_title(h.source_id).casefold(), h.start, h.id)
        if column == NOTE:
            return lambda h: (h.note.casefold(), h.id)
        if column == CREATED:
            return lambda h: (h.created, h.id)
        return position

    # -- Qt model API -------------------------------------------------------------

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if orientation == QtCore.Qt.Orientation.Horizontal:
            if role == QtCore.Qt.ItemDataRole.DisplayRole:
                return HEADERS[section] if 0 <= section < len(HEADERS) else None
            if role == QtCore.Qt.ItemDataRole.ToolTipRole and section == INCLUDED:
                return "Include in brief"
        return None

    def mimeTypes(self) -> list[str]:
        from briefing.ui.highlight_picker import HIGHLIGHT_MIME

        return [HIGHLIGHT_MIME, "text/plain"]

    def mimeData(self, indexes) -> QtCore.QMimeData:
        """Dragged rows carry their highlight ids (a judgment accepts them as support)."""
        from briefing.ui.highlight_picker import highlight_mime

        ids = dict.fromkeys(self._rows[i.row()].id for i in indexes if i.isValid())
        return highlight_mime(ids)

    def flags(self, index: QtCore.QModelIndex) -> QtCore.Qt.ItemFlag:
        return self.column_flags(index.column())

    @staticmethod
    def column_flags(column: int) -> QtCore.Qt.ItemFlag:
        f = (
            QtCore.Qt.ItemFlag.ItemIsEnabled
            | QtCore.Qt.ItemFlag.ItemIsSelectable
            | QtCore.Qt.ItemFlag.ItemIsDragEnabled
        )
        if column == INCLUDED:
            f |= QtCore.Qt.ItemFlag.ItemIsUserCheckable
        return f

    def data(self, index: QtCore.QModelIndex, role=QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.data_of(self._rows[index.row()], index.column(), role)

    def data_of(self, h: Highlight, col: int, role) -> Any:
        """What ``data`` gives for highlight ``h``'s cell in column ``col``."""
        R = QtCore.Qt.ItemDataRole
        if role == ID_ROLE:
            return h.id
        if role == R.DisplayRole:
            if col == QUOTE:
                return one_line(h.quote)
            if col == THEMES:
                return ", ".join(self.theme_names(h))
            if col == SOURCE:
                return self.source_title(h.source_id)
            if col == POSITION:
                return f"{h.start:,}" + (" (orphan)" if h.orphan else "")
            if col == NOTE:
                first = next((ln for ln in h.note.splitlines() if ln.strip()), "")
                return one_line(first, 80)
            if col == CREATED:
                return short_date(h.created)
            return None
        if role == R.CheckStateRole and col == INCLUDED:
            return QtCore.Qt.CheckState.Checked if h.included else QtCore.Qt.CheckState.Unchecked
        if role == COLORS_ROLE and col == THEMES:
            return [self._themes[t].color for t in self._ordered_themes(h)]
        if role == R.ToolTipRole:
            if col == QUOTE:
                return f"<p>{_esc(h.quote)}</p>"
            if col == NOTE and h.note:
                return f"<p>{_esc(h.note)}</p>"
            if col == INCLUDED:
                return "Included in the brief" if h.included else "Left out of the brief"
            if col == POSITION and h.orphan:
                return ORPHAN_HELP
            return None
        if role == SORT_ROLE:
            return _plain(self.sort_key(col)(h))
        if role == R.ForegroundRole and h.orphan:
            return QtGui.QBrush(QtGui.QColor("#B00020"))
        return None

    def setData(
        self,
        index: QtCore.QModelIndex,
        value: Any,
        role=QtCore.Qt.ItemDataRole.EditRole,
    ) -> bool:
        if (
            index.isValid()
            and index.column() == INCLUDED
            and role == QtCore.Qt.ItemDataRole.CheckStateRole
        ):
            h = self._rows[index.row()]
            wanted = (
                QtCore.Qt.CheckState(value) == QtCore.Qt.CheckState.Checked
                if not isinstance(value, bool)
                else value
            )
            if wanted != h.included:
                self.include_toggled.emit(h.id, wanted)
            return False  # the store's change event updates the row
        return False


def _plain(key: tuple) -> Any:
    """A sort key as one plain value (an int, or a string that sorts the same way)."""
    if len(key) == 1:
        return key[0]
    return "\x1f".join(f"{k:020d}" if isinstance(k, int) else str(k) for k in key)


def _esc(text: str) -> str:
    return html.escape(one_line(text, 600))


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

    def setSourceModel(self, model: HighlightsModel) -> None:
        old = self.sourceModel()
        if old is not None:
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
        return self.sourceModel()

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
        if self._text and self._text not in self._model.search_text(h):
            return False
        return True

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
        shown = [(k, hid) for k, hid in self._all if accepts(highlight(hid))]
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
        for hid, index in zip(old_ids, old):
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
            shown = [(k, hid) for k, hid in zip(self._keys, self._ids) if hid not in gone]
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
                row = self.row_of(h.id)
                self.dataChanged.emit(self.index(row, left), self.index(row, right))
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

    def index(
        self, row: int, column: int, parent: QtCore.QModelIndex = QtCore.QModelIndex()
    ) -> QtCore.QModelIndex:
        if parent.isValid() or not (0 <= row < len(self._ids) and 0 <= column < len(HEADERS)):
            return QtCore.QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: QtCore.QModelIndex | None = None):  # type: ignore[override]
        if index is None:  # QObject.parent()
            return QtCore.QObject.parent(self)
        return QtCore.QModelIndex()

    def sibling(self, row: int, column: int, index: QtCore.QModelIndex) -> QtCore.QModelIndex:
        return self.index(row, column)

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def hasChildren(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> bool:
        return not parent.isValid() and bool(self._ids)

    def mapToSource(self, index: QtCore.QModelIndex) -> QtCore.QModelIndex:
        model = self._model
        if model is None or not index.isValid() or not 0 <= index.row() < len(self._ids):
            return QtCore.QModelIndex()
        row = model.row_of(self._ids[index.row()])
        return QtCore.QModelIndex() if row is None else model.index(row, index.column())

    def mapFromSource(self, index: QtCore.QModelIndex) -> QtCore.QModelIndex:
        model = self._model
        if model is None or not index.isValid():
            return QtCore.QModelIndex()
        row = self.row_of(model.highlight_at(index.row()).id)
        return QtCore.QModelIndex() if row is None else self.createIndex(row, index.column())

    def data(self, index: QtCore.QModelIndex, role=QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        model = self._model
        h = model.highlight(self._ids[index.row()])
        return None if h is None else model.data_of(h, index.column(), role)

    def headerData(self, section: int, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if orientation == QtCore.Qt.Orientation.Horizontal and self._model is not None:
            return self._model.headerData(section, orientation, role)
        return None

    def flags(self, index: QtCore.QModelIndex) -> QtCore.Qt.ItemFlag:
        if not index.isValid():
            return QtCore.Qt.ItemFlag.NoItemFlags
        return HighlightsModel.column_flags(index.column())

    def setData(
        self,
        index: QtCore.QModelIndex,
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


class HighlightsPanel(QtWidgets.QWidget):
    """The dock's widget: scope, filters, the table and the note editor."""

    def __init__(self, workspace: Workspace):
        super().__init__()
        self.setObjectName("highlightsPanel")
        self._workspace = workspace
        self._syncing = False
        store = workspace.store
        self._note_store = store

        self.model = HighlightsModel(store, self)
        self.proxy = HighlightsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.model.include_toggled.connect(self._toggle_included)

        self.scope = QtWidgets.QComboBox(self)
        self.scope.setObjectName("highlightsScope")
        self.scope.addItems(["All sources", "Current source"])
        self.scope.setToolTip("Show the highlights of every source or of the open source only")
        self.filter = QtWidgets.QLineEdit(self)
        self.filter.setObjectName("highlightsFilter")
        self.filter.setPlaceholderText("Filter quotes and notes")
        self.filter.setClearButtonEnabled(True)
        self.orphans = QtWidgets.QToolButton(self)
        self.orphans.setObjectName("highlightsOrphans")
        self.orphans.setCheckable(True)
        self.orphans.setToolTip(ORPHAN_HELP)
        self.theme_filter = QtWidgets.QLabel(self)
        self.theme_filter.setObjectName("highlightsThemeFilter")
        self.theme_filter.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.clear_themes = QtWidgets.QToolButton(self)
        self.clear_themes.setText("Show all themes")
        self.clear_themes.setAutoRaise(True)
        self.sort = QtWidgets.QComboBox(self)
        self.sort.setObjectName("highlightsSort")
        self.sort.setToolTip("Order of the list (or click a column header)")
        for label, column, order in SORTS:
            self.sort.addItem(label, (column, order))
        self.orphan_help = QtWidgets.QLabel(ORPHAN_HELP, self)
        self.orphan_help.setWordWrap(True)
        self.orphan_help.setVisible(False)

        self.table = QtWidgets.QTableView(self)
        self.table.setObjectName("highlightsTable")
        self.table.setModel(self.proxy)
        # the proxy is already in this order: enabling sorting re-sorts nothing
        self.table.horizontalHeader().setSortIndicator(POSITION, QtCore.Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(POSITION, QtCore.Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setDragEnabled(True)  # drag highlights onto a key judgment as support
        self.table.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DragOnly)
        self.table.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.table.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)  # the note fills what is left
        head.setMinimumSectionSize(36)
        for col, width in (
            (INCLUDED, 42),
            (QUOTE, 230),
            (THEMES, 125),
            (SOURCE, 110),
            (POSITION, 70),
            (NOTE, 140),
            (CREATED, 120),
        ):
            head.resizeSection(col, width)
        for col in HIDDEN_COLUMNS:
            self.table.setColumnHidden(col, True)
        head.moveSection(head.visualIndex(NOTE), len(HEADERS) - 1)  # stretch the note
        head.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        head.customContextMenuRequested.connect(self._columns_menu)
        head.sortIndicatorChanged.connect(self._sorted_by_header)
        self.table.setItemDelegateForColumn(THEMES, ThemesDelegate(self.table))

        self.note = NoteEditor(self._commit_note, self)
        self.note.setObjectName("highlightNote")

        top = QtWidgets.QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.scope)
        top.addWidget(self.filter, 1)
        top.addWidget(self.sort)
        top.addWidget(self.orphans)
        themes_row = QtWidgets.QHBoxLayout()
        themes_row.setContentsMargins(0, 0, 0, 0)
        themes_row.addWidget(self.theme_filter, 1)
        themes_row.addWidget(self.clear_themes)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.note)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addLayout(top)
        lay.addLayout(themes_row)
        lay.addWidget(self.orphan_help)
        lay.addWidget(split, 1)

        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.filter.textChanged.connect(self.proxy.set_text_filter)
        self.orphans.toggled.connect(self._orphans_toggled)
        self.sort.currentIndexChanged.connect(self._sort_chosen)
        self.clear_themes.clicked.connect(lambda: self._workspace.selection.set_themes(()))
        self.table.selectionModel().selectionChanged.connect(self._rows_selected)
        self.table.doubleClicked.connect(self._reveal)
        self.table.customContextMenuRequested.connect(self._menu)

        bridge = workspace.bridge
        bridge.changed.connect(self._store_changed)
        bridge.project_replaced.connect(self._project_replaced)
        sel = workspace.selection
        sel.source_changed.connect(self._source_changed)
        sel.themes_changed.connect(self._themes_changed)
        sel.highlights_changed.connect(self._highlights_selected)
        self._themes_changed(sel.theme_ids)
        self._update_orphans()
        workspace.closing.connect(self.note.flush)  # before the window closes the project
        workspace.attach_key_actions(self)

    # -- public ---------------------------------------------------------------

    def visible_highlight_ids(self) -> list[int]:
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in range(self.proxy.rowCount())]

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    # -- reacting to the project and the selection ----------------------------------

    def _store_changed(self, change: Change) -> None:
        if change.kind == Kind.HIGHLIGHT and change.action == Action.REMOVED:
            if self.note.highlight_id in change.ids:
                self.note.forget()
        self.model.apply(change)
        if change.kind == Kind.HIGHLIGHT:
            self._update_orphans()
            current = self.note.highlight_id
            if change.action == Action.CHANGED and current in change.ids:
                h = self.model.highlight(current)
                if h is not None:
                    self.note.show_stored(h.note)
        if change.kind == Kind.THEME:
            self._themes_changed(self._workspace.selection.theme_ids)

    def _project_replaced(self) -> None:
        self.note.set_highlight(None, "")  # commits pending typing to the old project
        self._note_store = self._workspace.store
        self.model.set_store(self._workspace.store)
        self._update_orphans()
        self._themes_changed(self._workspace.selection.theme_ids)

    def _source_changed(self, source_id) -> None:
        if self.scope.currentIndex() == 1:
            self.proxy.set_scope(source_id if source_id is not None else -1)

    def _scope_changed(self, index: int) -> None:
        if index == 0:
            self.proxy.set_scope(None)
        else:
            sid = self._workspace.selection.source_id
            self.proxy.set_scope(sid if sid is not None else -1)

    def _themes_changed(self, theme_ids) -> None:
        ids = set(theme_ids or ())
        store = self._workspace.store
        themes = store.themes() if ids else []
        # a parent theme filters its sub-themes' highlights too
        children: dict[int | None, list[int]] = {}
        for t in themes:
            children.setdefault(t.parent_id, []).append(t.id)
        wanted, stack = set(), list(ids)
        while stack:
            tid = stack.pop()
            if tid not in wanted:
                wanted.add(tid)
                stack.extend(children.get(tid, ()))
        self.proxy.set_theme_filter(wanted)
        names = [t.name for t in themes if t.id in ids]
        self.theme_filter.setText("Themes: " + ", ".join(names) if names else "")
        self.theme_filter.setVisible(bool(names))
        self.clear_themes.setVisible(bool(names))

    def _sort_chosen(self, i: int) -> None:
        column, order = self.sort.itemData(i)
        self.table.sortByColumn(column, order)

    def _sorted_by_header(self, column: int, order) -> None:
        for i in range(self.sort.count()):
            if self.sort.itemData(i) == (column, order):
                self.sort.blockSignals(True)
                self.sort.setCurrentIndex(i)
                self.sort.blockSignals(False)
                return

    def _columns_menu(self, pos: QtCore.QPoint) -> None:
        menu = QtWidgets.QMenu(self)
        for col, name in enumerate(HEADERS):
            if col == QUOTE:
                continue
            act = menu.addAction(name)
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(col))
            act.toggled.connect(lambda on, col=col: self.table.setColumnHidden(col, not on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _orphans_toggled(self, on: bool) -> None:
        self.proxy.set_orphans(on)
        self.orphan_help.setVisible(on)

    def _update_orphans(self) -> None:
        n = self.model.orphan_count()
        self.orphans.setText(f"Orphans ({n})")
        self.orphans.setEnabled(n > 0 or self.orphans.isChecked())

    # -- table selection --------------------------------------------------------

    def _selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [r.data(ID_ROLE) for r in sorted(rows, key=lambda i: i.row())]

    def _rows_selected(self, *_: Any) -> None:
        if self._syncing:
            return
        ids = self._selected_ids()
        self._show_note(ids)
        self._syncing = True
        try:
            self._workspace.selection.set_highlights(tuple(ids))
        finally:
            self._syncing = False

    def _show_note(self, ids: list[int]) -> None:
        if len(ids) == 1:
            h = self.model.highlight(ids[0])
            if h is not None:
                label = f"Note on “{one_line(h.quote, 60)}”"
                self.note.set_highlight(h.id, h.note, label)
                self._note_store = self._workspace.store
                return
        self.note.set_highlight(None, "")

    def _highlights_selected(self, ids) -> None:
        if self._syncing:
            return
        ids = tuple(ids or ())
        if tuple(self._selected_ids()) == ids:
            return
        self._syncing = True
        try:
            sm = self.table.selectionModel()
            sm.clearSelection()
            first = None
            for hid in ids:
                row = self.model.row_of(hid)
                if row is None:
                    continue
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if not index.isValid():
                    continue
                sm.select(
                    index,
                    QtCore.QItemSelectionModel.SelectionFlag.Select
                    | QtCore.QItemSelectionModel.SelectionFlag.Rows,
                )
                first = first or index
            if first is not None:
                self.table.scrollTo(first)
        finally:
            self._syncing = False
        self._show_note(list(ids))

    def _reveal(self, index: QtCore.QModelIndex) -> None:
        if index.column() == INCLUDED:
            return
        hid = index.data(ID_ROLE)
        if hid is not None:
            self._workspace.selection.reveal(hid)

    # -- edits (all through undoable commands) ------------------------------------

    def _toggle_included(self, highlight_id: int, included: bool) -> None:
        store = self._workspace.store
        self._workspace.push(commands.EditHighlight(store, highlight_id, "included", included))

    def _commit_note(self, highlight_id: int, text: str, burst: int) -> None:
        store = self._note_store
        if store is None or store.closed:
            return
        if store is not self._workspace.store:  # another project was opened meanwhile
            if not store.readonly:
                store.update_highlight(highlight_id, note=text)
            return
        self._workspace.push(commands.EditNote(store, highlight_id, text, burst))

    def _menu(self, pos: QtCore.QPoint) -> None:
        ids = self._selected_ids()
        if not ids:
            return
        menu = QtWidgets.QMenu(self)
        reveal = menu.addAction("Show in source")
        reveal.setEnabled(len(ids) == 1)
        menu.addSeparator()
        include = menu.addAction("Include in brief")
        exclude = menu.addAction("Leave out of brief")
        menu.addSeparator()
        delete = menu.addAction(
            "Delete highlight" if len(ids) == 1 else f"Delete {len(ids)} highlights"
        )
        chosen = menu.exec(self.table.viewport().mapToGlobal(pos))
        store = self._workspace.store
        if chosen is reveal:
            self._workspace.selection.reveal(ids[0])
        elif chosen in (include, exclude):
            wanted = chosen is include
            todo = [h for h in ids if (hl := self.model.highlight(h)) and hl.included != wanted]
            if len(todo) == 1:
                self._toggle_included(todo[0], wanted)
            elif todo:
                label = ("Include" if wanted else "Leave out") + f" {len(todo)} highlights"
                with self._workspace.macro(label):
                    for hid in todo:
                        self._workspace.push(commands.EditHighlight(store, hid, "included", wanted))
        elif chosen is delete:
            self.delete_selected()

    def delete_selected(self) -> None:
        ids = self._selected_ids()
        if ids:
            self._workspace.push(commands.DeleteHighlights(self._workspace.store, ids))
