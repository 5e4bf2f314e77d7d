"""The Evidence panel of the Write workspace: every highlight, to drag into the brief.

Filter by text (quote or note), by theme (with its sub-themes) and by source;
drag one or more highlights onto a key judgment (they become its support) or
onto a theme's section (they are tagged with it). Double-click shows a
highlight in its source. A mark tells which highlights the brief already uses.

The list is a model over highlight ids: a row's text is made only when Qt
paints it, so tens of thousands of highlights cost one pass of the filter,
done ``FILTER_MS`` after the last keystroke or change, and only while the panel
is on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.events import Action, Change, Kind
from briefing.model import Highlight, ThemeTree

from .brief_form import color_icon
from .brief_preview import on_screen
from .highlight_picker import HIGHLIGHT_MIME, highlight_mime
from .labels import one_line, plural, source_label
from .roles import ID_ROLE, ROOT, AnyIndex

if TYPE_CHECKING:
    from .project_cache import ProjectCache
    from .workspace import Workspace

FILTER_MS = 150
FEW = 50
"""At most this many rows in or out of the list are inserted/removed one by one (else a reset)."""
_SHOWN_FIELDS: dict[Kind, frozenset[str]] = {
    Kind.THEME: frozenset({"name", "color", "parent_id", "position"}),
    Kind.SOURCE: frozenset({"title", "filename", "text", "position"}),
    Kind.JUDGMENT: frozenset({"support"}),
    Kind.HIGHLIGHT: frozenset({"note", "included", "theme_ids", "start", "end", "quote", "orphan"}),
}
"""Per kind, the changed fields that alter a row, the combos or the ✓ marks."""
ALL = -1
UNTAGGED = -2


class EvidenceModel(QtCore.QAbstractListModel):
    """Rows are highlight ids; the text of a row is made when it is shown."""

    def __init__(self, cache: ProjectCache, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.cache = cache
        self.ids: list[int] = []
        self.titles: dict[int, str] = {}
        self.colors: dict[int, str] = {}
        self.names: dict[int, str] = {}
        self.used: set[int] = set()
        self._icons: dict[str, QtGui.QIcon] = {}

    def set_rows(self, ids: list[int]) -> None:
        """Show ``ids``: rows inserted or removed one by one when only a few differ
        (a reset makes the view walk every row again), else a reset."""
        old = self.ids
        if not old or abs(len(ids) - len(old)) > FEW or not self._patch(old, ids):
            self.beginResetModel()
            self.ids = ids
            self.endResetModel()
        elif ids:
            self.dataChanged.emit(self.index(0), self.index(len(ids) - 1))  # ✓ may have moved

    def _patch(self, old: list[int], new: list[int]) -> bool:
        """Turn ``old`` into ``new`` by removals then insertions, when one list is the
        other with at most ``FEW`` rows taken out or put in (same order otherwise)."""
        new_set, old_set = set(new), set(old)
        kept = [h for h in old if h in new_set]
        if len(old) - len(kept) > FEW or len(new) - len(kept) > FEW:
            return False
        if kept != [h for h in new if h in old_set]:
            return False  # the order changed: a reset
        for row in reversed([i for i, h in enumerate(old) if h not in new_set]):
            self.beginRemoveRows(ROOT, row, row)
            del self.ids[row]
            self.endRemoveRows()
        for row, h in enumerate(new):
            if h not in old_set:
                self.beginInsertRows(ROOT, row, row)
                self.ids.insert(row, h)
                self.endInsertRows()
        return True

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self.ids):
            return None
        hid = self.ids[index.row()]
        if role == ID_ROLE:
            return hid
        h = self.cache.highlight(hid)
        if h is None:
            return None
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            themes = ", ".join(self.names.get(t, "") for t in h.theme_ids) or "untagged"
            mark = "✓ " if hid in self.used else ""
            return (
                f"{mark}“{one_line(h.quote, 200)}”\n"
                f"     — {self.titles.get(h.source_id, '')} · {themes}"
            )
        if role == QtCore.Qt.ItemDataRole.ToolTipRole:
            used = "\n\nAlready in the brief (a judgment's support)." if hid in self.used else ""
            return h.quote + (f"\n\nNote: {h.note}" if h.note else "") + used
        if role == QtCore.Qt.ItemDataRole.DecorationRole and h.theme_ids:
            color = self.colors.get(h.theme_ids[0], "#999999")
            if color not in self._icons:
                self._icons[color] = color_icon(color, 12)
            return self._icons[color]
        if role == QtCore.Qt.ItemDataRole.ForegroundRole and (h.orphan or not h.included):
            return QtGui.QBrush(QtGui.QColor("#888888"))
        return None

    def flags(self, index: AnyIndex) -> QtCore.Qt.ItemFlag:
        f = super().flags(index)
        return f | QtCore.Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else f

    def mimeTypes(self) -> list[str]:
        return [HIGHLIGHT_MIME, "text/plain"]

    def mimeData(self, indexes: Any) -> QtCore.QMimeData:
        rows = sorted({i.row() for i in indexes})
        return highlight_mime(self.ids[r] for r in rows)

    def supportedDragActions(self) -> QtCore.Qt.DropAction:
        return QtCore.Qt.DropAction.CopyAction | QtCore.Qt.DropAction.LinkAction


class EvidencePanel(QtWidgets.QWidget):
    def __init__(self, workspace: Workspace):
        super().__init__()
        self.setObjectName("panel.evidence")
        self._workspace = workspace
        self._cache = workspace.cache
        self._stale = True
        self.search = QtWidgets.QLineEdit(self)
        self.search.setObjectName("evidenceSearch")
        self.search.setPlaceholderText("Filter by quote or note")
        self.search.setClearButtonEnabled(True)
        self.theme = QtWidgets.QComboBox(self)
        self.theme.setObjectName("evidenceTheme")
        self.theme.setToolTip("Only highlights with this theme (or one under it)")
        self.source = QtWidgets.QComboBox(self)
        self.source.setObjectName("evidenceSource")
        self.source.setToolTip("Only highlights from this source")
        for combo in (self.theme, self.source):  # long names must not widen the dock
            combo.setSizeAdjustPolicy(
                QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.count = QtWidgets.QLabel(self)
        self.count.setEnabled(False)
        self.model = EvidenceModel(self._cache, self)
        # a one-column table, not a QListView: a list view walks every row of the model
        # (a Python call each) on every insertion or reset, 50k rows = 100k calls
        self.list = QtWidgets.QTableView(self)
        self.list.setObjectName("evidenceList")
        self.list.setModel(self.model)
        self.list.horizontalHeader().hide()
        self.list.horizontalHeader().setStretchLastSection(True)
        rows = self.list.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.list.setShowGrid(False)
        self.list.setWordWrap(False)
        self.list.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DragOnly)
        self.list.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self.list.setToolTip(
            "Drag highlights onto a key judgment to support it, or onto a section to tag them"
        )
        combos = QtWidgets.QHBoxLayout()
        combos.setContentsMargins(0, 0, 0, 0)
        combos.addWidget(self.theme, 1)
        combos.addWidget(self.source, 1)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addWidget(self.search)
        lay.addLayout(combos)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.count)

        self._timer = QtCore.QTimer(self, singleShot=True, interval=FILTER_MS)
        self._timer.timeout.connect(self.refresh_if_shown)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.theme.activated.connect(lambda _i: self.refresh())
        self.source.activated.connect(lambda _i: self.refresh())
        self.list.doubleClicked.connect(self._reveal)
        workspace.bridge.changed.connect(self._changed)
        workspace.bridge.project_replaced.connect(self._replaced)
        self._fill_combos()

    # -- API ------------------------------------------------------------------------

    def shown_ids(self) -> list[int]:
        return list(self.model.ids)

    def set_filter(self, text: str = "", theme_id: int = ALL, source_id: int = ALL) -> None:
        self.search.setText(text)
        self.theme.setCurrentIndex(max(0, self.theme.findData(theme_id)))
        self.source.setCurrentIndex(max(0, self.source.findData(source_id)))
        self.refresh()

    def refresh(self) -> None:
        """Filter now."""
        self._timer.stop()
        store = self._workspace.store
        if store.closed:
            return
        self._stale = False
        words = self.search.text().casefold().split()
        tid, sid = self.theme.currentData(), self.source.currentData()
        wanted: set[int] | None = None
        if tid not in (None, ALL, UNTAGGED):
            wanted = {t.id for t in ThemeTree(store.themes()).subtree(tid)}

        def keep(h: Highlight) -> bool:
            if sid not in (None, ALL) and h.source_id != sid:
                return False
            if tid == UNTAGGED and h.theme_ids:
                return False
            if wanted is not None and wanted.isdisjoint(h.theme_ids):
                return False
            if words:
                text = f"{h.quote}\n{h.note}".casefold()
                return all(w in text for w in words)
            return True

        rows = self._cache.highlights()
        ids = [h.id for h in rows if keep(h)]
        self.model.used = {hid for j in store.judgments() for hid in j.support}
        self.model.set_rows(ids)
        self.count.setText(f"{len(ids):,} of {plural(len(rows), 'highlight')}")

    def refresh_if_shown(self) -> None:
        if on_screen(self):
            self.refresh()
        else:
            self._stale = True

    # -- internals ----------------------------------------------------------------------

    def _fill_combos(self) -> None:
        store = self._workspace.store
        if store.closed:
            return
        tree = ThemeTree(store.themes())
        self.model.names = {t.id: t.name for t in tree.order()}
        self.model.colors = {t.id: t.color for t in tree.order()}
        self.model.titles = {s.id: source_label(s) for s in store.sources()}
        for combo, items, first in (
            (
                self.theme,
                [("  " * tree.depth(t.id) + t.name, t.id, t.color) for t in tree.order()],
                "All themes",
            ),
            (self.source, [(source_label(s), s.id, "") for s in store.sources()], "All sources"),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, ALL)
            if combo is self.theme:
                combo.addItem("Untagged", UNTAGGED)
            for text, value, color in items:
                if color:
                    combo.addItem(color_icon(color, 12), text, value)
                else:
                    combo.addItem(text, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def _changed(self, change: Change) -> None:
        kind, fields = change.kind, set(change.fields)
        if (
            change.action == Action.CHANGED
            and fields
            and not fields & _SHOWN_FIELDS.get(kind, set())
        ):
            return  # a narrative, a judgment's text, a source's note: nothing shown here
        if kind in (Kind.THEME, Kind.SOURCE, Kind.PROJECT):
            self._fill_combos()
        if kind in (Kind.HIGHLIGHT, Kind.THEME, Kind.SOURCE, Kind.JUDGMENT, Kind.PROJECT):
            self._stale = True
            self._timer.start()

    def _replaced(self) -> None:
        self._fill_combos()
        self._stale = True
        self._timer.start()

    def _reveal(self, index: QtCore.QModelIndex) -> None:
        hid = index.data(ID_ROLE)
        if hid is not None:
            self._workspace.selection.set_highlights([hid])
            self._workspace.selection.reveal(hid)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._timer.start()
