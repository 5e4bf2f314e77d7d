"""Loads what the reader paints for one source: highlight ids, spans, themes and orphan flags.

``Store.highlights()`` builds complete ``Highlight`` objects (quote, context,
note): about 115 ms for 10,000 highlights. The reader needs only spans and
themes, so this module reads those columns over the project file's read-only
connection (``projectfile.connect_reader``), about 25 ms for 10,000.
This is a workaround for a missing store query (a ``Store.highlight_spans``
would replace it); it only reads, and only committed data.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from briefing.projectfile import connect_reader
from briefing.store import Store

Span = tuple[int, int, int, bool, tuple[int, ...]]
"""(highlight id, start, end, orphan, theme ids in codebook position order), code points."""


class MarkLoader:
    def __init__(self) -> None:
        self._path: Path | None = None
        self._conn: sqlite3.Connection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn, self._path = None, None

    def _connection(self, store: Store) -> sqlite3.Connection:
        if self._conn is None or self._path != store.path:
            self.close()
            self._conn = connect_reader(store.path)
            self._path = store.path
        return self._conn

    def spans(self, store: Store, source_id: int) -> list[Span]:
        try:
            conn = self._connection(store)
            rows = conn.execute('SELECT id, start, "end", orphan FROM highlights'
                                ' WHERE source_id = ?', (source_id,)).fetchall()
            links: dict[int, list[int]] = {}
            for hid, tid in conn.execute(
                    "SELECT ht.highlight_id, ht.theme_id FROM highlight_themes ht"
                    " JOIN highlights h ON h.id = ht.highlight_id WHERE h.source_id = ?",
                    (source_id,)):
                links.setdefault(hid, []).append(tid)
            order = {tid: i for i, (tid,) in enumerate(conn.execute(
                "SELECT id FROM themes ORDER BY position, id"))}  # as Store.highlights orders them
            for tids in links.values():
                if len(tids) > 1:
                    tids.sort(key=lambda t: order.get(t, 1 << 30))
        except sqlite3.Error:  # fall back to the store's own query
            self.close()
            return [(h.id, h.start, h.end, h.orphan, h.theme_ids)
                    for h in store.highlights(source_id)]
        return [(hid, start, end, bool(orphan), tuple(links.get(hid, ())))
                for hid, start, end, orphan in rows]
