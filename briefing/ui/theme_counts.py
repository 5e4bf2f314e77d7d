"""The Themes panel's highlight counts (each theme with its sub-themes', a highlight
counted once), kept up to date from change events.

An addition looks up the new highlights' themes (one query on their ids) and adds
to those themes and their parents; any other highlight change (a removal, a theme
toggled) asks for one whole recount a moment later, so a key press never waits
for a scan of every tag in the project."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore

from briefing.store import Store
from briefing.store.counts import highlight_theme_links

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
