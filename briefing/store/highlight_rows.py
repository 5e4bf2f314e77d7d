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


def highlight_spans_between(
    store: Store, source_id: int, lo: int | None, hi: int | None
) -> list[tuple[int, int, int, bool, tuple[int, ...]]]:
    """What a reader paints of the highlights of ``source_id`` that start in [lo, hi)
    (None: unbounded): (id, start, end, orphan, theme ids in codebook order), by start."""
    where, args = "h.source_id = ?", [source_id]
    if lo is not None:
        where += " AND h.start >= ?"
        args.append(lo)
    if hi is not None:
        where += " AND h.start < ?"
        args.append(hi)
    links: dict[int, list[int]] = {}
    for hid, tid in store._conn.execute(
        "SELECT ht.highlight_id, ht.theme_id FROM highlight_themes ht"
        " JOIN highlights h ON h.id = ht.highlight_id JOIN themes t ON t.id = ht.theme_id"
        f" WHERE {where} ORDER BY t.position, t.id",
        args,
    ):
        links.setdefault(hid, []).append(tid)
    return [
        (hid, start, end, bool(orphan), tuple(links.get(hid, ())))
        for hid, start, end, orphan in store._conn.execute(
            f'SELECT h.id, h.start, h."end", h.orphan FROM highlights h WHERE {where}'
            ' ORDER BY h.start, h."end", h.id',
            args,
        )
    ]
