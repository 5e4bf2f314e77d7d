"""Undo commands against a real store (no window): undo/redo round trips,
merging of typing bursts, batched events and the shared shortener."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from briefing.events import Action, Change, Kind
from briefing.store import Store
from briefing.text import shorten
from briefing.ui import commands

pytestmark = pytest.mark.ui

TEXT = "The factions compete for influence while the ministry stays quiet. " * 3


@pytest.fixture
def store(tmp_path):
    s = Store.create(tmp_path / "p.brief", title="Test")
    yield s
    s.close()


@pytest.fixture
def stack(qapp):
    return QUndoStack()


def _events(store):
    seen: list[Change] = []
    store.subscribe(seen.append)
    return seen


def test_create_undo_redo_keeps_ids_and_labels(store, stack):
    sid = store.add_source("A", TEXT)
    tid = store.add_theme("Security")
    add = commands.AddHighlight(store, sid, 4, 12, [tid])
    stack.push(add)
    hid = add.highlight_id
    assert add.text() == "Tag as Security" and add.ids == [hid]
    stack.undo()
    assert store.highlights() == []
    stack.redo()
    assert store.highlight(hid).theme_ids == (tid,)
    assert add.highlight_id == hid  # redo restores, it does not add anew


def test_remove_undo_restores(store, stack):
    sid = store.add_source("A long source title that goes on and on and on", TEXT)
    delete = commands.DeleteSource(store, sid)
    assert delete.text() == "Delete source A long source title that goes on and on…"
    stack.push(delete)
    assert store.sources() == []
    stack.undo()
    assert [s.id for s in store.sources()] == [sid]


def test_failed_first_redo_records_the_error_and_is_dropped(store, stack):
    sid = store.add_source("A", TEXT)
    bad = commands.AddHighlight(store, sid, 5, 10_000)
    stack.push(bad)
    assert isinstance(bad.error, ValueError)
    assert stack.count() == 0 and store.highlights() == []


def test_typing_in_one_burst_merges_and_undoes_to_the_first_value(store, stack):
    sid = store.add_source("A", TEXT)
    hid = store.add_highlight(sid, 0, 5, note="start")
    for text in ("a", "ab", "abc"):
        stack.push(commands.EditNote(store, hid, text, burst=1))
    stack.push(commands.EditNote(store, hid, "abcd", burst=2))
    assert stack.count() == 2 and store.highlight(hid).note == "abcd"
    stack.undo()
    assert store.highlight(hid).note == "abc"
    stack.undo()
    assert store.highlight(hid).note == "start"


def test_commands_of_different_classes_never_merge(store, stack):
    tid = store.add_theme("T")
    stack.push(commands.EditTheme(store, tid, "narrative", "a"))
    stack.push(commands.EditNarrative(store, tid, "ab", burst=1))
    stack.push(commands.EditTheme(store, tid, "color", "#000000"))
    stack.push(commands.EditTheme(store, tid, "color", "#111111"))  # no merge key: two steps
    assert stack.count() == 4


def test_typing_merges_only_within_merge_seconds(store, stack, monkeypatch):
    from briefing.ui import undo

    tid = store.add_theme("T")
    first = commands.EditTheme(store, tid, "name", "U")
    stack.push(first)
    later = commands.EditTheme(store, tid, "name", "V")
    later._stamp = first._stamp + undo.MERGE_SECONDS + 1
    stack.push(later)
    assert stack.count() == 2


def test_multi_step_commands_announce_once(store, stack):
    sid = store.add_source("A", TEXT)
    t1, t2 = store.add_theme("T1"), store.add_theme("T2")
    ids = store.add_highlights([(sid, 0, 5), (sid, 6, 9), (sid, 10, 14)], theme_ids=[t1])
    seen = _events(store)
    toggle = commands.ToggleTheme(store, ids, t2)
    stack.push(toggle)
    assert toggle.adding and toggle.text() == "Tag as T2"
    assert seen == [Change(Kind.HIGHLIGHT, Action.CHANGED, tuple(ids), ("theme_ids",))]
    seen.clear()
    stack.undo()
    assert seen == [Change(Kind.HIGHLIGHT, Action.CHANGED, tuple(ids), ("theme_ids",))]

    seen.clear()
    add = commands.AddSources(store, [{"title": "B", "text": "b"}, {"title": "C", "text": "c"}])
    stack.push(add)
    assert add.text() == "Import 2 sources" and len(add.source_ids) == 2
    assert seen == [Change(Kind.SOURCE, Action.ADDED, tuple(add.source_ids))]
    seen.clear()
    stack.undo()
    assert [c.action for c in seen] == [Action.REMOVED]
    seen.clear()
    stack.redo()
    assert seen == [Change(Kind.SOURCE, Action.ADDED, tuple(add.source_ids))]


def test_add_sources_is_all_or_nothing(store, stack):
    add = commands.AddSources(store, [{"title": "B", "text": "b"}, {"title": "C"}])
    stack.push(add)
    assert add.error is not None and add.source_ids == []
    assert store.sources() == []


def test_toggle_theme_off_then_undo_puts_excerpts_back_in_order(store, stack):
    sid = store.add_source("A", TEXT)
    tid = store.add_theme("T")
    a, b, c = store.add_highlights([(sid, 0, 5), (sid, 6, 9), (sid, 10, 14)], theme_ids=[tid])
    store.set_excerpt_order(tid, [c, a, b])
    stack.push(commands.ToggleTheme(store, [a], tid))
    assert store.excerpt_order()[tid] == [c, b]
    stack.undo()
    assert store.excerpt_order()[tid] == [c, a, b]


def test_move_theme_undo_returns_to_the_old_place(store, stack):
    a, b = store.add_theme("A"), store.add_theme("B")
    child = store.add_theme("C", parent_id=a)
    stack.push(commands.MoveTheme(store, child, None, 0))
    assert store.theme(child).parent_id is None
    stack.undo()
    assert store.theme(child).parent_id == a
    assert [t.id for t in store.themes() if t.parent_id is None] == [a, b]


def test_shorten():
    assert shorten("  a\n b  ") == "a b"
    assert shorten("abcd efgh", 6) == "abcd …"
    assert shorten("abcd efgh", 6, rstrip=True) == "abcd…"
    assert shorten("x" * 40) == "x" * 40
