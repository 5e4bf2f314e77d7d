"""The Highlights list in SQL (``store/highlight_list.py``): for every order and
filter, its counts, pages, ranks and walks agree with sorting and filtering every
highlight in plain Python; an older file opened read-only (without the list's
indexes) lists the same; opening an older file for writing adds them."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from briefing.model import ThemeTree, codebook_order
from briefing.store import Store
from briefing.store import highlight_list as hl

WORDS = ["Straße", "fox", "Ölfeld", "influence", "dog", "ΣΟΦΙΑ", "troops", "base"]


def build(path: Path) -> Store:
    rng = random.Random(3)
    store = Store.create(path)
    texts = [" ".join(rng.choice(WORDS) for _ in range(400)) for _ in range(4)]
    sources = [store.add_source(f"Source {c}", t) for c, t in zip("DBCA", texts, strict=True)]
    store.move_source(sources[3], 0)  # list order is not id order
    top = store.add_theme("Security")
    child = store.add_theme("Militias", parent_id=top)
    other = store.add_theme("Economy")
    themes = [top, child, other]
    for _ in range(260):
        i = rng.randrange(4)
        start = rng.randrange(len(texts[i]) - 30)
        store.add_highlight(
            sources[i],
            start,
            start + rng.randint(3, 30),
            theme_ids=rng.sample(themes, rng.randint(0, 2)),
            note=rng.choice(["", "STRASSE nearby", "a Fox", "check"]),
            included=rng.random() < 0.7,
        )
    # a re-import that leaves some highlights orphaned
    store.replace_source_text(sources[2], texts[2][: len(texts[2]) // 2])
    return store


def expected(store: Store, view: hl.ListView) -> list[int]:
    themes = store.themes()
    rank = {t.id: n for n, t in enumerate(codebook_order(themes))}
    sources = {s.id: s for s in store.sources()}
    far = 1 << 30

    def position(h):
        return (sources[h.source_id].position, h.source_id, h.start, h.end, h.id)

    keys = {
        hl.INCLUDED: lambda h: (int(h.included), *position(h)),
        hl.QUOTE: lambda h: (h.quote.casefold(), h.id),
        hl.THEMES: lambda h: (min((rank[t] for t in h.theme_ids), default=far), *position(h)),
        hl.SOURCE: lambda h: (sources[h.source_id].title.casefold(), h.start, h.id),
        hl.POSITION: position,
        hl.NOTE: lambda h: (h.note.casefold(), h.id),
        hl.CREATED: lambda h: (h.created, h.id),
    }
    shown = [
        h
        for h in store.highlights()
        if h.orphan == view.orphans
        and (view.source_id is None or h.source_id == view.source_id)
        and (not view.theme_ids or view.theme_ids & set(h.theme_ids))
        and (not view.text or view.text in h.quote.casefold() or view.text in h.note.casefold())
    ]
    return [h.id for h in sorted(shown, key=keys[view.column], reverse=view.descending)]


def views(store: Store) -> list[hl.ListView]:
    security = store.theme_by_name("Security")
    assert security is not None
    with_children = hl.with_subthemes(store, [security.id])
    assert len(with_children) == 2  # Security and Militias
    source = store.sources()[1].id
    out = []
    for column in range(7):
        for descending in (False, True):
            out.append(hl.ListView(column=column, descending=descending))
    for column in (hl.POSITION, hl.CREATED, hl.THEMES):
        out += [
            hl.ListView(column=column, source_id=source),
            hl.ListView(column=column, theme_ids=with_children),
            hl.ListView(column=column, text="strasse"),  # casefolded: matches "Straße"
            hl.ListView(column=column, orphans=True),
            hl.ListView(column=column, source_id=source, text="fox", descending=True),
        ]
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("list") / "p.brief"
    store = build(path)
    yield store
    store.close()


def test_every_order_and_filter_agrees_with_python(project):
    store = project
    ranks = hl.load_ranks(store)
    assert ranks.indexed
    assert sum(h.orphan for h in store.highlights()) > 0
    for view in views(store):
        want = expected(store, view)
        assert want, view  # every view shows something
        assert hl.ordered_ids(store, view, ranks) == want, view
        assert hl.count(store, view, ranks) == len(want), view
        for offset in (0, 7, len(want) - 3):
            page = hl.page(store, view, ranks, offset, 5)
            assert [hid for hid, _ in page] == want[offset : offset + 5], view
        rows = hl.rows(store, want)
        for r, hid in enumerate(want):
            key = hl.row_key(rows[hid], view, ranks)
            assert hl.accepts(rows[hid], view), view
            if r % 9 == 0:
                assert hl.rank(store, view, ranks, key) == r, (view, r)
                assert hl.rank(store, view, ranks, key, without=want[0]) == max(0, r - 1)


def test_walks_from_marks_agree_with_counting_from_the_top(project):
    store = project
    ranks = hl.load_ranks(store)
    for view in views(store):
        if view.column not in hl.marked_orders(ranks):
            continue
        want = expected(store, view)
        marks = hl.keys_every(store, view, ranks, 10)
        rows = hl.rows(store, want)
        assert marks == [
            (r, hl.row_key(rows[want[r]], view, ranks)) for r in range(0, len(want), 10)
        ]
        for r in range(0, len(want), 4):
            key = hl.row_key(rows[want[r]], view, ranks)
            for mark_row, mark in marks:
                if mark_row <= r:
                    n = hl.count_listed(store, view, ranks, mark, key)
                    assert mark_row + n == r, (view, r, mark_row)
            assert hl.count_listed(store, view, ranks, None, key) == r
            if view.column == hl.POSITION and not view.descending:
                got = hl.listed_from(store, view, ranks, key, 12)
                assert [hid for hid, _ in got] == want[r : r + 12], (view, r)
                assert [k for _, k in got] == [
                    hl.row_key(rows[h], view, ranks) for h in want[r : r + 12]
                ]


def test_an_older_file_lists_the_same_read_only_and_gains_the_indexes_when_written(tmp_path):
    old = tmp_path / "old.brief"
    build(old).close()
    conn = sqlite3.connect(old)
    for name in sorted(hl.INDEXES):
        conn.execute(f"DROP INDEX {name}")
    conn.execute("PRAGMA user_version = 3")  # file format 3 had none of them
    conn.commit()
    conn.close()
    with Store.open(old, readonly=True) as reader:
        ranks = hl.load_ranks(reader)
        assert not ranks.indexed
        assert hl.marked_orders(ranks) == frozenset()
        for view in views(reader):
            want = expected(reader, view)
            assert hl.ordered_ids(reader, view, ranks) == want, view
            assert hl.count(reader, view, ranks) == len(want), view
            rows = hl.rows(reader, want[:3])
            for r, hid in enumerate(want[:3]):
                assert hl.rank(reader, view, ranks, hl.row_key(rows[hid], view, ranks)) == r
    with Store.open(old) as writer:
        assert hl.load_ranks(writer).indexed
    conn = sqlite3.connect(old)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert names >= hl.INDEXES
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    conn.close()


def test_theme_filter_takes_sub_themes(project):
    store = project
    tree = ThemeTree(store.themes())
    security = store.theme_by_name("Security")
    assert security is not None
    ids = hl.with_subthemes(store, [security.id])
    assert ids == {t.id for t in tree.subtree(security.id)}
    assert hl.with_subthemes(store, []) == frozenset()
