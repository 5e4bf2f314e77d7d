"""Highlights as light rows for the reader: what it paints of a stretch of a
source (ids, positions, orphan flag, themes), without quotes, notes and context."""

from __future__ import annotations

from .project import Store


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
