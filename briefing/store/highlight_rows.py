"""Highlights as light rows for long lists: what sorts and filters them (ids,
positions, flags, themes) without their quotes, notes and context, and those
texts fetched apart, for the rows a list shows or searches."""

from __future__ import annotations

from collections.abc import Iterable

from .project import Store

Row = tuple[int, int, int, int, bool, bool, str, tuple[int, ...]]
"""(id, source id, start, end, included, orphan, created, theme ids in codebook order)."""

_CHUNK = 500


def highlight_rows(store: Store) -> list[Row]:
    """Every highlight as a light row, by source and position."""
    links: dict[int, list[int]] = {}
    for hid, tid in store._conn.execute(
        "SELECT ht.highlight_id, ht.theme_id FROM highlight_themes ht JOIN themes t"
        " ON t.id = ht.theme_id ORDER BY t.position, t.id"
    ):
        links.setdefault(hid, []).append(tid)
    return [
        (hid, sid, start, end, bool(included), bool(orphan), created, tuple(links.get(hid, ())))
        for hid, sid, start, end, included, orphan, created in store._conn.execute(
            'SELECT id, source_id, start, "end", included, orphan, created FROM highlights'
            ' ORDER BY source_id, start, "end", id'
        )
    ]


def highlight_texts(store: Store, ids: Iterable[int] | None = None) -> dict[int, tuple[str, str]]:
    """highlight id -> (quote, note), for ``ids`` (None: every highlight)."""
    if ids is None:
        return {
            hid: (quote, note)
            for hid, quote, note in store._conn.execute("SELECT id, quote, note FROM highlights")
        }
    wanted = list(dict.fromkeys(ids))
    found: dict[int, tuple[str, str]] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        for hid, quote, note in store._conn.execute(
            f"SELECT id, quote, note FROM highlights WHERE id IN ({marks})", chunk
        ):
            found[hid] = (quote, note)
    return found
