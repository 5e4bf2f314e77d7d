"""The Highlights list in SQL: how many highlights a filter keeps, which ones sit at
rows ``offset .. offset + limit`` of an order, and at which row a highlight sorts.

A long list never loads every highlight: it asks for its row count, reads the rows
it paints a page at a time, and places a new highlight by counting the rows that
sort before it. The orders and filters are those of the window's Highlights panel
(``ListView``). Ordering by position walks the indexes ``sources_in_order`` and
``highlights_in_order`` (file format 4) and reads nothing but index pages; a project
opened read-only in an older format lacks them and sorts in SQLite instead.

Every order is a tuple of keys that is unique per highlight (the id comes last), so
``row_key`` (Python, for one row) and the SQL keys agree on every comparison; text is
compared by code point in both (SQLite compares UTF-8 bytes)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple

from briefing.model import ThemeTree, codebook_order

from .project import Store

INCLUDED, QUOTE, THEMES, SOURCE, POSITION, NOTE, CREATED = range(7)
"""The orders, by the Highlights table's column numbers."""

FAR = 1 << 30
"""The theme rank of a highlight without themes: after every tagged one."""

INDEXES = frozenset({"sources_in_order", "highlights_in_order", "highlights_by_created"})

Key = tuple[Any, ...]


class ListRow(NamedTuple):
    """One highlight as the list shows it."""

    id: int
    source_id: int
    start: int
    end: int
    included: bool
    orphan: bool
    created: str
    quote: str
    note: str
    theme_ids: tuple[int, ...]
    """In no particular order (the list shows them in codebook order)."""


@dataclass(frozen=True)
class ListView:
    """What the list shows and in which order."""

    column: int = POSITION
    descending: bool = False
    orphans: bool = False
    """True: only the orphans; False: every highlight that is not one."""
    source_id: int | None = None
    """None: every source."""
    theme_ids: frozenset[int] = frozenset()
    """Non-empty: only highlights with one of these themes."""
    text: str = ""
    """Casefolded; non-empty: only highlights whose quote or note contains it."""


@dataclass
class Ranks:
    """The project's small lookups the orders need (sources and themes, not highlights)."""

    source_position: dict[int, int] = field(default_factory=dict)
    source_label: dict[int, str] = field(default_factory=dict)
    """source id -> its name in lists: title, else file name, else "Source 3"."""
    source_title: dict[int, int] = field(default_factory=dict)
    """source id -> rank of its label, casefolded (equal labels, equal ranks)."""
    theme: dict[int, int] = field(default_factory=dict)
    """theme id -> its place in codebook order."""
    indexed: bool = False
    """Whether the file has the list's indexes (format 4)."""


def load_ranks(store: Store) -> Ranks:
    """Read the sources' and themes' order (a few hundred rows at most)."""
    conn = store._conn
    _register(conn)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    indexed = names >= INDEXES
    hint = " INDEXED BY sources_in_order" if indexed else ""
    positions = dict(conn.execute(f"SELECT id, position FROM sources{hint}"))
    labels = {
        i: t or f or f"Source {i}"
        for i, t, f in conn.execute("SELECT id, title, filename FROM sources")
    }
    folded = {i: label.casefold() for i, label in labels.items()}
    title_rank = {label: n for n, label in enumerate(sorted(set(folded.values())))}
    return Ranks(
        source_position=positions,
        source_label=labels,
        source_title={i: title_rank[label] for i, label in folded.items()},
        theme={t.id: n for n, t in enumerate(codebook_order(store.themes()))},
        indexed=indexed,
    )


def with_subthemes(store: Store, theme_ids: Iterable[int]) -> frozenset[int]:
    """``theme_ids`` and all their sub-themes (a parent filters its children's highlights)."""
    ids = set(theme_ids)
    if not ids:
        return frozenset()
    tree = ThemeTree(store.themes())
    return frozenset(t.id for tid in ids if tid in tree.themes for t in tree.subtree(tid))


# -- keys -------------------------------------------------------------------------------


def row_key(row: ListRow, view: ListView, ranks: Ranks) -> Key:
    """``row``'s sort key in ``view``'s order (ascending; the list reverses it)."""
    column = view.column
    if column == CREATED:
        return (row.created, row.id)
    if column == QUOTE:
        return (row.quote.casefold(), row.id)
    if column == NOTE:
        return (row.note.casefold(), row.id)
    if column == SOURCE:
        return (ranks.source_title.get(row.source_id, FAR), row.start, row.id)
    position = (
        ranks.source_position.get(row.source_id, FAR),
        row.source_id,
        row.start,
        row.end,
        row.id,
    )
    if column == INCLUDED:
        return (int(row.included), *position)
    if column == THEMES:
        theme = min((ranks.theme.get(t, FAR) for t in row.theme_ids), default=FAR)
        return (theme, *position)
    return position


def accepts(row: ListRow, view: ListView) -> bool:
    """Whether ``row`` passes ``view``'s filters (what the SQL ``WHERE`` says)."""
    if row.orphan != view.orphans:
        return False
    if view.source_id is not None and row.source_id != view.source_id:
        return False
    if view.theme_ids and view.theme_ids.isdisjoint(row.theme_ids):
        return False
    return not view.text or _contains(row.quote, row.note, view.text)


def _contains(quote: str, note: str, text: str) -> bool:
    return text in quote.casefold() or text in note.casefold()


def _register(conn: sqlite3.Connection) -> None:
    conn.create_function("briefing_fold", 1, str.casefold, deterministic=True)
    conn.create_function("briefing_contains", 3, _contains, deterministic=True)


def _case(column: str, ranks: dict[int, int]) -> str:
    """A SQL expression mapping ids in ``column`` to ``ranks`` (ints only: inlined)."""
    if not ranks:
        return str(FAR)
    whens = " ".join(f"WHEN {int(i)} THEN {int(r)}" for i, r in ranks.items())
    return f"CASE {column} {whens} ELSE {FAR} END"


class _Sql(NamedTuple):
    with_: str
    """A WITH clause, or nothing."""
    from_: str
    where: str
    args: list[Any]
    keys: list[str]


def _sql(view: ListView, ranks: Ranks, without: int = 0) -> _Sql:
    keys: list[str]
    with_ = ""
    position = ["s.position", "s.id", "h.start", 'h."end"', "h.id"]
    if view.column == CREATED:
        from_, keys = "FROM highlights h", ["h.created", "h.id"]
    elif view.column == QUOTE:
        from_, keys = "FROM highlights h", ["briefing_fold(h.quote)", "h.id"]
    elif view.column == NOTE:
        from_, keys = "FROM highlights h", ["briefing_fold(h.note)", "h.id"]
    elif view.column == SOURCE:
        from_ = "FROM highlights h"
        keys = [_case("h.source_id", ranks.source_title), "h.start", "h.id"]
    else:
        if ranks.indexed:
            from_ = (
                "FROM sources s INDEXED BY sources_in_order CROSS JOIN highlights h"
                " INDEXED BY highlights_in_order ON h.source_id = s.id"
            )
        else:  # an older file opened read-only: the positions inlined
            values = ", ".join(f"({int(i)}, {int(p)})" for i, p in ranks.source_position.items())
            with_ = f"WITH s(id, position) AS (VALUES {values or f'(0, {FAR})'}) "
            from_ = "FROM highlights h JOIN s ON s.id = h.source_id"
        keys = position
        if view.column == INCLUDED:
            keys = ["h.included", *position]
        elif view.column == THEMES:
            theme = _case("t.theme_id", ranks.theme)
            first_theme = (
                f"COALESCE((SELECT MIN({theme}) FROM highlight_themes t"
                f" WHERE t.highlight_id = h.id), {FAR})"
            )
            keys = [first_theme, *position]
    where: list[str] = ["h.orphan = ?"]
    args: list[Any] = [int(view.orphans)]
    if without:
        where.append("h.id <> ?")
        args.append(without)
    if view.source_id is not None:
        where.append("h.source_id = ?")
        args.append(view.source_id)
    if view.theme_ids:
        marks = ", ".join(str(int(t)) for t in sorted(view.theme_ids))
        where.append(
            f"h.id IN (SELECT highlight_id FROM highlight_themes WHERE theme_id IN ({marks}))"
        )
    if view.text:
        where.append("briefing_contains(h.quote, h.note, ?)")
        args.append(view.text)
    return _Sql(with_, from_, " AND ".join(where), args, keys)


# -- queries -----------------------------------------------------------------------------


def count(store: Store, view: ListView, ranks: Ranks) -> int:
    """How many highlights ``view`` shows."""
    q = _sql(view, ranks)  # counting needs no order, so no join
    sql = f"SELECT COUNT(*) FROM highlights h WHERE {q.where}"
    n: int = store._conn.execute(sql, q.args).fetchone()[0]
    return n


def page(store: Store, view: ListView, ranks: Ranks, offset: int, limit: int) -> list[Key]:
    """Rows ``offset .. offset + limit`` of ``view`` as (id, its sort key), in order."""
    q = _sql(view, ranks)
    order = ", ".join(k + (" DESC" if view.descending else "") for k in q.keys)
    sql = (
        f"{q.with_}SELECT h.id, {', '.join(q.keys)} {q.from_} WHERE {q.where}"
        f" ORDER BY {order} LIMIT ? OFFSET ?"
    )
    return [(r[0], r[1:]) for r in store._conn.execute(sql, [*q.args, limit, offset])]


def ordered_ids(store: Store, view: ListView, ranks: Ranks) -> list[int]:
    """Every id ``view`` shows, in order."""
    q = _sql(view, ranks)
    order = ", ".join(k + (" DESC" if view.descending else "") for k in q.keys)
    sql = f"{q.with_}SELECT h.id {q.from_} WHERE {q.where} ORDER BY {order}"
    return [r[0] for r in store._conn.execute(sql, q.args)]


def rank(store: Store, view: ListView, ranks: Ranks, key: Key, without: int = 0) -> int:
    """How many rows of ``view`` sort before a highlight whose key is ``key``, not
    counting highlight ``without``."""
    q = _sql(view, ranks, without)
    terms = ", ".join(q.keys)
    marks = ", ".join("?" * len(key))
    before = ">" if view.descending else "<"
    sql = f"{q.with_}SELECT COUNT(*) {q.from_} WHERE {q.where} AND ({terms}) {before} ({marks})"
    n: int = store._conn.execute(sql, [*q.args, *key]).fetchone()[0]
    return n


def rows(store: Store, ids: Sequence[int]) -> dict[int, ListRow]:
    """The highlights ``ids`` (those that exist) as list rows, by id."""
    conn = store._conn
    found: dict[int, ListRow] = {}
    for i in range(0, len(ids), 500):
        chunk = [int(x) for x in ids[i : i + 500]]
        marks = ", ".join(map(str, chunk))
        themes: dict[int, list[int]] = {}
        for hid, tid in conn.execute(
            f"SELECT highlight_id, theme_id FROM highlight_themes WHERE highlight_id IN ({marks})"
        ):
            themes.setdefault(hid, []).append(tid)
        for hid, sid, start, end, included, orphan, created, quote, note in conn.execute(
            'SELECT id, source_id, start, "end", included, orphan, created, quote, note'
            f" FROM highlights WHERE id IN ({marks})"
        ):
            found[hid] = ListRow(
                hid,
                sid,
                start,
                end,
                bool(included),
                bool(orphan),
                created,
                quote,
                note,
                tuple(themes.get(hid, ())),
            )
    return found


def largest_id(store: Store) -> int:
    """The largest highlight id: at least the number of highlights, found in O(log n)."""
    n: int | None = store._conn.execute("SELECT MAX(id) FROM highlights").fetchone()[0]
    return n or 0


def orphan_count(store: Store) -> int:
    n: int = store._conn.execute("SELECT COUNT(*) FROM highlights WHERE orphan = 1").fetchone()[0]
    return n


# -- counting from a known row: the list's marks ---------------------------------------------


def marked_orders(ranks: Ranks) -> frozenset[int]:
    """The orders whose stretches ``count_listed`` counts through an index."""
    return frozenset({POSITION, CREATED}) if ranks.indexed else frozenset()


def keys_every(store: Store, view: ListView, ranks: Ranks, step: int) -> list[tuple[int, Key]]:
    """(row, key) of rows 0, ``step``, 2 ``step``... of ``view`` (one pass over an index)."""
    q = _sql(view, ranks)
    order = ", ".join(k + (" DESC" if view.descending else "") for k in q.keys)
    sql = f"{q.with_}SELECT {', '.join(q.keys)} {q.from_} WHERE {q.where} ORDER BY {order}"
    cursor = store._conn.execute(sql, q.args)
    return [(n * step, tuple(r)) for n, r in enumerate(islice(cursor, 0, None, step))]


def count_listed(
    store: Store,
    view: ListView,
    ranks: Ranks,
    first: Key | None,
    last: Key,
    without: int = 0,
) -> int:
    """How many rows of ``view`` (but highlight ``without``) are listed from ``first``
    (included; None: the top) up to ``last`` (excluded), for an order of
    ``marked_orders``: a short stretch costs a short walk along an index."""
    q = _sql(view, ranks, without)
    down = view.descending
    if view.column == CREATED:
        return _count_span(store, q, ("h.created", "h.id"), 1, first, last, down)
    # by position: the stretch may run over several sources
    if first is not None and first[1] == last[1]:
        return _count_span(store, q, _IN_SOURCE, 2, first[2:], last[2:], down, last[1])
    top = f"{q.with_}SELECT COUNT(*) {q.from_} WHERE {q.where}"
    args: list[Any] = list(q.args)
    if first is not None:
        top += f" AND (s.position, s.id) {'<' if down else '>'} (?, ?)"
        args += first[:2]
    top += f" AND (s.position, s.id) {'>' if down else '<'} (?, ?)"
    args += last[:2]
    n: int = store._conn.execute(top, args).fetchone()[0]  # the sources in between
    if first is not None:
        n += _count_span(store, q, _IN_SOURCE, 2, first[2:], None, down, first[1])
    return n + _count_span(store, q, _IN_SOURCE, 2, None, last[2:], down, last[1])


_IN_SOURCE = ("h.start", 'h."end"', "h.id")


def _count_span(
    store: Store,
    q: _Sql,
    terms: tuple[str, ...],
    indexed: int,
    first: Key | None,
    last: Key | None,
    down: bool,
    source_id: int | None = None,
) -> int:
    """Rows of ``q`` whose ``terms`` lie from ``first`` (included) up to ``last``
    (excluded) in listed order; the first ``indexed`` terms bound the index walk."""
    where, args = [q.where], list(q.args)
    if source_id is not None:
        where.append("h.source_id = ?")
        args.append(source_id)
    for bound, op in ((first, ">=" if not down else "<="), (last, "<" if not down else ">")):
        if bound is None:
            continue
        lead = ", ".join(terms[:indexed])
        loose = op if op in ("<=", ">=") else op + "="
        where.append(f"({lead}) {loose} ({', '.join('?' * indexed)})")  # the index range
        where.append(f"({', '.join(terms)}) {op} ({', '.join('?' * len(terms))})")
        args += [*bound[:indexed], *bound]
    sql = f"SELECT COUNT(*) FROM highlights h WHERE {' AND '.join(where)}"
    n: int = store._conn.execute(sql, args).fetchone()[0]
    return n


def listed_from(
    store: Store, view: ListView, ranks: Ranks, first: Key, limit: int
) -> list[tuple[int, Key]]:
    """Up to ``limit`` rows of ``view`` as (id, key), listed from key ``first``
    (included), for the order by position, ascending: a walk from a seek in the
    index, where ``page`` walks from the top."""
    assert view.column == POSITION and not view.descending and ranks.indexed
    q = _sql(view, ranks)
    position, source_id = first[0], first[1]
    rest_of_source = (
        'SELECT h.id, h.start, h."end" FROM highlights h INDEXED BY highlights_in_order'
        f" WHERE {q.where} AND h.source_id = ? AND h.start >= ?"
        ' AND (h.start, h."end", h.id) >= (?, ?, ?) ORDER BY h.start, h."end", h.id LIMIT ?'
    )
    args = [*q.args, source_id, first[2], *first[2:], limit]
    out: list[tuple[int, Key]] = [
        (hid, (position, source_id, start, end, hid))
        for hid, start, end in store._conn.execute(rest_of_source, args)
    ]
    if len(out) < limit:  # the sources after it
        order = ", ".join(q.keys)
        later = (
            f"SELECT h.id, {order} {q.from_} WHERE {q.where} AND (s.position, s.id) > (?, ?)"
            f" ORDER BY {order} LIMIT ?"
        )
        rows = store._conn.execute(later, [*q.args, position, source_id, limit - len(out)])
        out += [(r[0], tuple(r[1:])) for r in rows]
    return out
