"""Highlight counts per source, for lists that keep their counts up to date from
change events instead of re-counting every source (``Store.sources()``)."""

from __future__ import annotations

from collections.abc import Iterable

from .project import Store

_CHUNK = 500  # SQLite's bound-parameter limit is far above; keeps statements short


def highlight_sources(store: Store, highlight_ids: Iterable[int]) -> dict[int, int]:
    """highlight id -> source id, for those of ``highlight_ids`` that exist."""
    ids = list(dict.fromkeys(highlight_ids))
    found: dict[int, int] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row in store._rows(
            f"SELECT id, source_id FROM highlights WHERE id IN ({marks})", chunk
        ):
            found[row["id"]] = row["source_id"]
    return found


def highlight_counts(store: Store) -> dict[int, int]:
    """source id -> number of highlights, for sources that have any (one grouped query)."""
    return {
        row["source_id"]: row["n"]
        for row in store._rows("SELECT source_id, COUNT(*) AS n FROM highlights GROUP BY source_id")
    }


def highlight_theme_links(store: Store, highlight_ids: Iterable[int]) -> dict[int, list[int]]:
    """highlight id -> its theme ids, for those of ``highlight_ids`` that exist."""
    ids = list(dict.fromkeys(highlight_ids))
    found: dict[int, list[int]] = {hid: [] for hid in highlight_sources(store, ids)}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row in store._rows(
            f"SELECT highlight_id, theme_id FROM highlight_themes WHERE highlight_id IN ({marks})",
            chunk,
        ):
            found.setdefault(row["highlight_id"], []).append(row["theme_id"])
    return found


def included_counts(store: Store) -> dict[int, int]:
    """theme id -> how many of its excerpts go in the brief (included, not orphaned)."""
    return dict(
        store._conn.execute(
            "SELECT ht.theme_id, COUNT(*) FROM highlight_themes ht"
            " JOIN highlights h ON h.id = ht.highlight_id"
            " WHERE h.included AND NOT h.orphan GROUP BY ht.theme_id"
        ).fetchall()
    )
