"""Theme keys 1-9 belong to their theme: merges, deletes and undo never shift the others."""

from __future__ import annotations

import sqlite3

import pytest

from briefing.model import theme_keys
from briefing.projectfile import SCHEMA_VERSION
from briefing.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store.create(tmp_path / "p.briefing")
    yield s
    s.close()


def _names(store: Store) -> dict[str, int | None]:
    return {t.name: t.key for t in store.themes()}


def test_new_themes_get_the_first_free_key_and_a_tenth_gets_none(store):
    ids = [store.add_theme(f"T{i}") for i in range(10)]
    assert [store.theme(t).key for t in ids] == [1, 2, 3, 4, 5, 6, 7, 8, 9, None]
    store.delete_theme(ids[3])
    assert store.theme(store.add_theme("New")).key == 4


def test_merge_and_delete_free_a_key_without_renumbering(store):
    ids = [store.add_theme(n) for n in ("A", "B", "C", "D", "E", "Reform")]
    removed = store.merge_themes(ids[1], ids[0])
    store.delete_theme(ids[2])
    assert _names(store) == {"A": 1, "D": 4, "E": 5, "Reform": 6}
    assert store.theme(store.add_theme("F")).key == 2
    store.delete_theme(store.theme_by_name("F").id)
    store.restore(removed)
    assert _names(store) == {"A": 1, "B": 2, "D": 4, "E": 5, "Reform": 6}


def test_assigning_a_taken_key_swaps_and_can_be_put_back(store):
    a, b, c = (store.add_theme(n) for n in "ABC")
    before = store.set_theme_key(a, 3)
    assert theme_keys(store.themes()) == {a: 3, b: 2, c: 1}
    store.set_theme_keys(before)
    assert theme_keys(store.themes()) == {a: 1, b: 2, c: 3}
    store.set_theme_key(b, None)
    assert store.theme(c).key == 3
    assert store.theme(store.add_theme("D")).key == 2
    with pytest.raises(ValueError, match="1-9"):
        store.set_theme_key(a, 10)
    with pytest.raises(ValueError, match="share"):
        store.set_theme_keys({a: 5, b: 5})


def test_an_old_project_keeps_the_keys_of_its_codebook_order(tmp_path):
    path = tmp_path / "old.briefing"
    with Store.create(path) as s:
        a, b = s.add_theme("A"), s.add_theme("B")
        s.add_theme("A1", parent_id=a)
        s.move_theme(b, None, 0)
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX themes_by_key")
    conn.execute('ALTER TABLE themes DROP COLUMN "key"')
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(path, readonly=True) as s:  # not migrated, same keys
        assert _names(s) == {"B": 1, "A": 2, "A1": 3}
    with Store.open(path) as s:
        assert _names(s) == {"B": 1, "A": 2, "A1": 3}
        s.delete_theme(s.theme_by_name("B").id)
    with Store.open(path) as s:
        assert _names(s) == {"A": 2, "A1": 3}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_parents_count_their_sub_themes_highlights_once(tmp_path, capsys):
    from briefing.cli import main

    path = tmp_path / "p.briefing"
    with Store.create(path) as s:
        sid = s.add_source("S", "one two three four")
        parent = s.add_theme("Security")
        child = s.add_theme("Militias", parent_id=parent)
        s.add_theme("Other")
        s.add_highlight(sid, 0, 3, theme_ids=[child])
        s.add_highlight(sid, 4, 7, theme_ids=[parent, child])
        s.delete_theme(s.theme_by_name("Other").id)
        s.add_theme("Reform")
    assert main(["theme", str(path), "list"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(r[1], r[3].strip(), r[4]) for r in rows] == [
        ("1", "Security", "2"),
        ("2", "Militias", "2"),
        ("3", "Reform", "0"),
    ]
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Security (2 highlights)" in out and "Militias (2 highlights)" in out
