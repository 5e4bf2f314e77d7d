"""The Themes panel's highlight counts (each theme with its sub-themes', a highlight
counted once), kept up to date from change events.

An addition looks up the new highlights' themes (one query on their ids) and adds
to those themes and their parents; any other highlight change (a removal, a theme
toggled) asks for one whole recount a moment later, so a key press never waits
for a scan of every tag in the project."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.store import Store
from briefing.store.counts import highlight_theme_links

from .codebook_view import COUNT, KEY
from .labels import plural

RECOUNT_MS = 250


class ThemeCounts(QtCore.QObject):
    """``counts`` (theme id -> rolled-up count); ``changed`` after every update."""

    changed = QtCore.Signal()

    def __init__(self, store: Callable[[], Store], parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._store = store
        self.counts: dict[int, int] = {}
        self._parent: dict[int, int | None] | None = None  # read again with every recount
        self._fresh = False
        self._timer = QtCore.QTimer(self, singleShot=True, interval=RECOUNT_MS)
        self._timer.timeout.connect(self.recount)

    def recount(self) -> dict[int, int]:
        """Every count, read whole now (what ``changed`` listeners then show)."""
        self._timer.stop()
        store = self._store()
        if store.closed:
            return self.counts
        self.counts = store.theme_counts(rolled_up=True)
        self._parent = None  # a recount follows every change of the themes
        self._fresh = True  # events of the commit just read must not add again
        QtCore.QTimer.singleShot(0, self._stale)
        self.changed.emit()
        return self.counts

    def _stale(self) -> None:
        self._fresh = False

    def highlights_added(self, ids: tuple[int, ...]) -> None:
        if self._fresh:
            return
        store = self._store()
        if self._parent is None:
            self._parent = {t.id: t.parent_id for t in store.themes()}
        parent = self._parent
        for theme_ids in highlight_theme_links(store, ids).values():
            counted: set[int] = set()
            for tid in theme_ids:
                t: int | None = tid
                while t is not None and t not in counted:
                    counted.add(t)
                    t = parent.get(t)
            for t in counted:
                self.counts[t] = self.counts.get(t, 0) + 1
        self.changed.emit()

    def schedule(self) -> None:
        """Recount a moment from now (coalesces a burst of changes)."""
        self._timer.start()


class CountCells:
    """The tree's Count cells, and the width of its Key and Count columns: each as wide
    as its title or its values, sized again only when a count gains a digit (sized to
    their contents by Qt, the tree measured every row again at each count change and
    repainted its header, at every key press)."""

    def __init__(self, tree: QtWidgets.QTreeView, model: QtGui.QStandardItemModel):
        self.tree = tree
        self.model = model
        self.items: dict[int, QtGui.QStandardItem] = {}
        """theme id -> its count cell, as the tree's last rebuild made them."""
        self.digits = 1

    def show(self, counts: dict[int, int]) -> None:
        for tid, item in self.items.items():
            text = str(counts.get(tid, 0))
            if len(text) > self.digits:
                self.size_columns(counts)
            if item.text() != text:  # one change for both roles: the view sizes once
                self.model.setItemData(
                    item.index(),
                    {
                        QtCore.Qt.ItemDataRole.DisplayRole: text,
                        QtCore.Qt.ItemDataRole.ToolTipRole: plural(int(text), "highlight"),
                    },
                )

    def size_columns(self, counts: dict[int, int]) -> None:
        head = self.tree.header()
        digit = self.tree.fontMetrics().horizontalAdvance("0")
        self.digits = max((len(str(n)) for n in counts.values()), default=1)
        for column, widest in ((KEY, 1), (COUNT, self.digits)):
            head.resizeSection(column, max(head.sectionSizeHint(column), digit * widest + 16))
