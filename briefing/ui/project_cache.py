"""The open project kept in memory for the brief's editors, preview and evidence.

One ``ProjectCache`` per window (``Workspace.cache``), connected to the store's
changes before any panel, so a panel that reads it on a change sees that
change. Loading is lazy; a change only notes what to fetch again.
"""

from __future__ import annotations

import bisect
from typing import Any

from briefing.events import Action, Change, Kind
from briefing.model import Highlight, Project, Source
from briefing.store.counts import highlight_theme_links


def _key(h: Highlight) -> tuple[int, int, int, int]:
    return (h.source_id, h.start, h.end, h.id)


class ProjectCache:
    """The open project's highlights, sources and excerpt order, loaded on first use and
    kept up to date by ``apply(change)`` (cheap: it only notes what to fetch again)."""

    REFETCH_LIMIT = 200
    """Above this many highlights to fetch again, everything is reloaded at once."""

    def __init__(self, store_of: Any):
        self._store_of = store_of  # () -> the window's current store
        self._store = None
        self.reset()

    def reset(self) -> None:
        """Forget everything (loaded again on next use)."""
        self._highlights: dict[int, Highlight] | None = None
        self._sorted: list[Highlight] = []
        self._refetch: set[int] = set()
        self._order: dict[int, list[int]] | None = None
        self._order_added: set[int] = set()  # their themes' orders are read again
        self._order_removed: set[int] = set()  # taken out of every order
        self._sources: list[Source] | None = None

    @property
    def loaded(self) -> bool:
        return self._highlights is not None

    def _current(self):
        store = self._store_of()
        if store is not self._store:
            self._store = store
            self.reset()
        return store

    def apply(self, change: Change) -> None:
        """Note what ``change`` made stale."""
        if self._store_of() is not self._store:
            self.reset()
            return
        kind, action, fields = change.kind, change.action, set(change.fields)
        if kind == Kind.HIGHLIGHT:
            if self._highlights is not None:
                self._refetch.update(change.ids)
            if self._order is None or (
                action == Action.CHANGED and fields and "theme_ids" not in fields
            ):
                pass  # nothing loaded, or a note, a flag...: the orders stand
            elif action == Action.ADDED and len(change.ids) <= self.REFETCH_LIMIT:
                self._order_added.update(change.ids)
            elif action == Action.REMOVED:
                self._order_removed.update(change.ids)
            else:
                self._order = None
        elif kind == Kind.EXCERPT_ORDER:
            self._order = None
        elif kind == Kind.THEME:
            if action == Action.CHANGED and fields and not fields & {"position", "parent_id"}:
                return  # name, colour, narrative...: not kept here
            self._order = None
            self._highlights = None  # added, removed, merged, moved: links and their order
        elif kind == Kind.SOURCE:
            self._sources = None
            if action != Action.CHANGED or not fields or "text" in fields:
                self._highlights = None
        elif kind == Kind.PROJECT:
            self.reset()

    def highlights(self) -> list[Highlight]:
        """Every highlight, in the store's order (source, start, end, id); do not modify."""
        store = self._current()
        if self._highlights is None or len(self._refetch) > self.REFETCH_LIMIT:
            self._sorted = store.highlights()
            self._highlights = {h.id: h for h in self._sorted}
            self._refetch.clear()
            return self._sorted
        rows = self._sorted
        for hid in self._refetch:
            old = self._highlights.pop(hid, None)
            try:
                new = store.highlight(hid)
            except KeyError:
                new = None
            if old is not None:
                i = bisect.bisect_left(rows, _key(old), key=_key)
                if i < len(rows) and rows[i].id == hid:
                    del rows[i]
            if new is not None:
                self._highlights[hid] = new
                bisect.insort(rows, new, key=_key)
        self._refetch.clear()
        return rows

    def highlight(self, highlight_id: int) -> Highlight | None:
        if self._highlights is None or self._refetch or self._store_of() is not self._store:
            self.highlights()  # brought up to date first; else a dictionary lookup
        assert self._highlights is not None
        return self._highlights.get(highlight_id)

    def excerpt_order(self) -> dict[int, list[int]]:
        store = self._current()
        if self._order is None:
            self._order = store.excerpt_order()
            self._order_added.clear()
            self._order_removed.clear()
        if self._order_removed:
            gone, self._order_removed = self._order_removed, set()
            for tid, ids in list(self._order.items()):
                if not gone.isdisjoint(ids):
                    kept = [h for h in ids if h not in gone]
                    if kept:
                        self._order[tid] = kept
                    else:
                        del self._order[tid]
        if self._order_added:  # new highlights: only their themes' orders are read again
            added, self._order_added = self._order_added, set()
            themes = {t for ts in highlight_theme_links(store, added).values() for t in ts}
            fresh = store.excerpt_order(themes)
            for tid in themes:
                if tid in fresh:
                    self._order[tid] = fresh[tid]
                else:
                    self._order.pop(tid, None)
        return self._order

    def sources(self) -> list[Source]:
        store = self._current()
        if self._sources is None:
            self._sources = [store.source(s.id) for s in store.sources()]
        return self._sources

    def project(self) -> Project:
        """The whole project as ``Store.load_project`` gives it; the brief, themes and
        judgments are read afresh (the editors put their drafts into them)."""
        store = self._current()
        return Project(
            brief=store.brief(),
            sources=list(self.sources()),
            themes=store.themes(),
            highlights=list(self.highlights()),
            judgments=store.judgments(),
            excerpt_order={t: list(ids) for t, ids in self.excerpt_order().items()},
        )
