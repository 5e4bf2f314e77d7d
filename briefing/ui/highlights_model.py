"""The Highlights panel's table model: every highlight of the project, one row each
(light rows, ``highlight_rows``: quotes and notes are read when shown).

The model follows the store's change events row by row (insert, remove,
dataChanged by highlight id); it resets only when another project opens.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.events import Action, Change, Kind
from briefing.model import Highlight, SourceInfo, Theme, codebook_order
from briefing.store.highlight_rows import highlight_rows

from .highlight_picker import HIGHLIGHT_MIME, highlight_mime
from .highlight_rows import HighlightRow, TextCache
from .labels import INCLUDE_IN_BRIEF, one_line, source_label
from .roles import COLORS_ROLE, ID_ROLE, ROOT, SORT_ROLE, AnyIndex

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

    def paint(self, painter: QtGui.QPainter, option, index: AnyIndex) -> None:
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
        moment = dt.datetime.fromisoformat(iso)
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
        self._texts = TextCache(self._store)
        self._rows = self._light_rows()
        self._search = {}
        self._reindex()

    def _light_rows(self) -> list[Any]:
        """Every highlight as a ``HighlightRow`` (quote and note read when shown)."""
        if self._store is None:
            return []
        return [HighlightRow(r, self._texts) for r in highlight_rows(self._store)]

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
            for hid in wanted:
                self._texts.forget(hid)
            return [h for h in self._light_rows() if h.id in wanted]
        found = []
        for hid in ids:
            with contextlib.suppress(KeyError):
                found.append(self._store.highlight(hid))
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
            self._texts.load_all()  # a text filter reads every text: in one query
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
        return source_label(s) if s else ""

    def sort_key(self, column: int) -> Callable[[Highlight], tuple]:
        """The key that orders highlights by ``column`` (ascending); keys are unique."""
        far = 1 << 30

        def position(h: Highlight) -> tuple:
            s = self._sources.get(h.source_id)
            return (s.position if s else far, h.source_id, h.start, h.end, h.id)

        if column == INCLUDED:
            return lambda h: (int(h.included), *position(h))
        if column in (QUOTE, NOTE):
            self._texts.load_all()  # sorting by text reads every text: in one query
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

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if orientation == QtCore.Qt.Orientation.Horizontal:
            if role == QtCore.Qt.ItemDataRole.DisplayRole:
                return HEADERS[section] if 0 <= section < len(HEADERS) else None
            if role == QtCore.Qt.ItemDataRole.ToolTipRole and section == INCLUDED:
                return INCLUDE_IN_BRIEF
        return None

    def mimeTypes(self) -> list[str]:
        return [HIGHLIGHT_MIME, "text/plain"]

    def mimeData(self, indexes) -> QtCore.QMimeData:
        """Dragged rows carry their highlight ids (a judgment accepts them as support)."""
        ids = dict.fromkeys(self._rows[i.row()].id for i in indexes if i.isValid())
        return highlight_mime(ids)

    def flags(self, index: AnyIndex) -> QtCore.Qt.ItemFlag:
        return self.column_flags(index.column())

    @staticmethod
    def column_flags(column: int) -> QtCore.Qt.ItemFlag:
        return _CHECKABLE_FLAGS if column == INCLUDED else _FLAGS

    def data(self, index: AnyIndex, role=QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
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
        index: AnyIndex,
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


_FLAGS = (
    QtCore.Qt.ItemFlag.ItemIsEnabled
    | QtCore.Qt.ItemFlag.ItemIsSelectable
    | QtCore.Qt.ItemFlag.ItemIsDragEnabled
)
_CHECKABLE_FLAGS = _FLAGS | QtCore.Qt.ItemFlag.ItemIsUserCheckable
"""Cell flags, built once (combining Qt flag enums costs microseconds per cell)."""


def _plain(key: tuple) -> Any:
    """A sort key as one plain value (an int, or a string that sorts the same way)."""
    if len(key) == 1:
        return key[0]
    return "\x1f".join(f"{k:020d}" if isinstance(k, int) else str(k) for k in key)


def _esc(text: str) -> str:
    return html.escape(one_line(text, 600))
