"""The project file and the store API, without Qt."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefing.events import Action, Kind
from briefing.model import Brief, codebook_order, theme_keys
from briefing.projectfile import APPLICATION_ID, SCHEMA_VERSION
from briefing.store import Change, ProjectError, ProjectLocked, ProjectReadOnly, Store

TEXT = "Baghdad — The US left. Iran 😀 stays; the factions compete. قال المتحدث إن الوضع هادئ."


@pytest.fixture
def store(tmp_path):
    s = Store.create(tmp_path / "p.brief", title="Test")
    yield s
    s.close()


def _events(store):
    seen: list[Change] = []
    store.subscribe(seen.append)
    return seen


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_of_every_concept(tmp_path):
    path = tmp_path / "p.brief"
    with Store.create(path, title="Brief") as s:
        sid = s.add_source(
            "Article",
            TEXT + "\r\n",
            author="Wire",
            date="2025-12-29",
            dateline="Baghdad",
            url="https://x.example",
            language="en",
            accessed="2025-12-30",
            filename="a.txt",
            note="*checked*",
        )
        parent = s.add_theme("Security", color="#0072B2", description="d", keywords=["a", "b"])
        child = s.add_theme("Militias", parent_id=parent)
        start = TEXT.index("Iran")
        hid = s.add_highlight(
            sid,
            start,
            start + len("Iran 😀 stays"),
            theme_ids=[child, parent],
            note="**why** <b>",
            included=False,
        )
        jid = s.add_judgment(
            "It will likely hold.", confidence="moderate", likelihood="likely", support=[hid]
        )
        s.update_brief(subtitle="Sub", marking="UNCLASSIFIED", show_toc=True, paper="Letter")
        s.update_theme(parent, narrative="Narrative")
    with Store.open(path, readonly=True) as s:
        src = s.source(sid)
        assert src.text == TEXT + "\n"  # \r\n normalised to \n
        assert (src.author, src.date, src.dateline, src.note) == (
            "Wire",
            "2025-12-29",
            "Baghdad",
            "*checked*",
        )
        h = s.highlight(hid)
        assert h.quote == "Iran 😀 stays" and h.start == start and not h.included
        assert h.prefix.endswith("left. ") and h.suffix.startswith("; the")
        assert set(h.theme_ids) == {parent, child}
        assert s.theme(parent).keywords == ("a", "b") and s.theme(child).parent_id == parent
        assert s.theme(parent).narrative == "Narrative"
        j = s.judgment(jid)
        assert (j.text, j.confidence, j.likelihood, j.support) == (
            "It will likely hold.",
            "moderate",
            "likely",
            (hid,),
        )
        b = s.brief()
        assert b == Brief(
            title="Brief",
            subtitle="Sub",
            marking="UNCLASSIFIED",
            show_toc=True,
            paper="Letter",
            show_chart=False,
        )
        assert s.sources()[0].highlight_count == 1
        assert s.theme_counts() == {parent: 1, child: 1}
        project = s.load_project()
        assert project.excerpt_order == {parent: [hid], child: [hid]}


def test_change_events_say_what_changed(store):
    seen = _events(store)
    sid = store.add_source("A", TEXT)
    tid = store.add_theme("T")
    hid = store.add_highlight(sid, 0, 7, theme_ids=[tid])
    store.update_highlight(hid, note="n")
    store.update_brief(title="New")
    assert seen[0] == Change(Kind.SOURCE, Action.ADDED, (sid,))
    assert seen[1].kind == Kind.THEME and seen[1].action == Action.ADDED
    assert seen[2] == Change(Kind.HIGHLIGHT, Action.ADDED, (hid,))
    assert seen[3] == Change(Kind.HIGHLIGHT, Action.CHANGED, (hid,), ("note",))
    assert seen[4] == Change(Kind.BRIEF, Action.CHANGED, (), ("title",))


def test_failed_edit_changes_nothing_and_emits_nothing(store):
    sid = store.add_source("A", TEXT)
    seen = _events(store)
    with pytest.raises(ValueError, match="outside the source"):
        store.add_highlights([(sid, 0, 5), (sid, 5, 10_000)])  # second span is out of range
    assert store.highlights() == [] and seen == []


def test_theme_keys_stay_with_their_themes_when_reordered(store):
    a = store.add_theme("A")
    b = store.add_theme("B")
    a1 = store.add_theme("A1", parent_id=a)
    store.move_theme(b, None, 0)
    keys = theme_keys(store.themes())
    assert keys == {a: 1, b: 2, a1: 3}


def test_delete_source_restores_highlights_links_and_support(store):
    sid = store.add_source("A", TEXT)
    tid = store.add_theme("T")
    h1 = store.add_highlight(sid, 0, 7, theme_ids=[tid], note="one")
    h2 = store.add_highlight(sid, 10, 16, theme_ids=[tid])
    jid = store.add_judgment("J", support=[h2, h1])
    before = store.load_project()
    removed = store.delete_source(sid)
    assert store.highlights() == [] and store.judgment(jid).support == ()
    assert removed.count("highlights") == 2 and removed.count("judgment_support") == 2
    store.restore(removed)
    after = store.load_project()
    assert after.sources == before.sources
    assert after.highlights == before.highlights
    assert after.judgments == before.judgments
    assert after.excerpt_order == before.excerpt_order


def test_delete_theme_restores_links_order_and_children(store):
    sid = store.add_source("A", TEXT)
    t = store.add_theme("T", keywords=["k"])
    child = store.add_theme("Child", parent_id=t)
    other = store.add_theme("Other")
    h1 = store.add_highlight(sid, 0, 7, theme_ids=[t, other])
    h2 = store.add_highlight(sid, 10, 16, theme_ids=[t])
    store.set_excerpt_order(t, [h2, h1])
    store.update_theme(t, narrative="n")
    before = store.load_project()
    seen = _events(store)
    removed = store.delete_theme(t)
    assert store.theme(child).parent_id is None
    assert store.highlight(h1).theme_ids == (other,) and store.highlight(h2).theme_ids == ()
    assert Change("theme", "removed", (t,)) in seen
    store.restore(removed)
    after = store.load_project()
    assert after.themes == before.themes
    assert after.highlights == before.highlights
    assert after.excerpt_order == before.excerpt_order


def test_merge_themes_and_undo_it_exactly(store):
    sid = store.add_source("A", TEXT)
    a = store.add_theme("A", keywords=["x"])
    b = store.add_theme("B", keywords=["y"])
    sub = store.add_theme("Sub", parent_id=a)
    h1 = store.add_highlight(sid, 0, 7, theme_ids=[a])
    h2 = store.add_highlight(sid, 10, 16, theme_ids=[a, b])
    h3 = store.add_highlight(sid, 20, 25, theme_ids=[b])
    store.update_theme(a, narrative="from a")
    before = store.load_project()
    removed = store.merge_themes(a, b)
    assert [t.name for t in codebook_order(store.themes())] == ["B", "Sub"]
    assert store.highlight(h1).theme_ids == (b,) and store.highlight(h2).theme_ids == (b,)
    assert store.excerpt_order()[b] == [h2, h3, h1]
    assert store.theme(sub).parent_id == b
    assert store.theme(b).keywords == ("y", "x") and store.theme(b).narrative == "from a"
    store.restore(removed)
    after = store.load_project()
    assert after.themes == before.themes
    assert after.highlights == before.highlights
    assert after.excerpt_order == before.excerpt_order


def test_delete_highlight_and_judgment_restore(store):
    sid = store.add_source("A", TEXT)
    t = store.add_theme("T")
    h = store.add_highlight(sid, 0, 7, theme_ids=[t])
    j = store.add_judgment("J", support=[h])
    before = store.load_project()
    store.restore(store.delete_highlight(h))
    store.restore(store.delete_judgment(j))
    assert store.load_project() == before


def test_toggle_themes_leaves_untagged_not_deleted(store):
    sid = store.add_source("A", TEXT)
    t = store.add_theme("T")
    h = store.add_highlight(sid, 0, 7, theme_ids=[t])
    store.set_highlight_themes(h, [])
    assert store.highlight(h).theme_ids == ()


def test_span_adjust_recomputes_quote_and_context(store):
    sid = store.add_source("A", TEXT)
    h = store.add_highlight(sid, 0, 7)
    store.set_highlight_span(h, 10, 16)
    assert store.highlight(h).quote == TEXT[10:16]
    with pytest.raises(ValueError, match="outside the source"):
        store.set_highlight_span(h, 5, 5)


def test_nesting_a_theme_under_its_own_child_is_refused(store):
    a = store.add_theme("A")
    b = store.add_theme("B", parent_id=a)
    with pytest.raises(ValueError, match="cannot be nested"):
        store.move_theme(a, b, 0)


def test_reimport_reanchors_and_reports_orphans(store):
    text = "First paragraph about Iran.\n\nSecond about factions and militias.\n\nThird ends."
    sid = store.add_source("A", text)
    kept = store.add_highlight(sid, text.index("factions"), text.index("factions") + 8)
    lost = store.add_highlight(sid, text.index("Third ends"), text.index("Third ends") + 10)
    new = "A new opening line.\n\n" + text.replace("Third ends.", "Something else entirely.")
    report = store.replace_source_text(sid, new)
    assert report.moved == [kept] and report.orphans == [lost]
    h = store.highlight(kept)
    assert new[h.start : h.end] == "factions" and not h.orphan
    assert store.highlight(lost).orphan and store.highlight(lost).quote == "Third ends"
    unchanged = store.replace_source_text(sid, new)
    assert not unchanged.text_changed


def test_created_file_is_a_project_with_no_side_files_after_close(tmp_path):
    path = tmp_path / "p.brief"
    s = Store.create(path)
    s.add_source("A", TEXT)
    s.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.brief"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"plain text, not a database\n" * 10, "not a Briefing project"),
        (b"", "not a Briefing project"),
    ],
)
def test_non_projects_are_refused_untouched(tmp_path, content, reason):
    path = tmp_path / "x.brief"
    path.write_bytes(content)
    digest = _digest(path)
    with pytest.raises(ProjectError, match=reason):
        Store.open(path)
    assert _digest(path) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.brief"]


def test_other_sqlite_file_and_newer_version_are_refused_untouched(tmp_path):
    other = tmp_path / "other.brief"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.brief"
    Store.create(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    for path, reason in ((other, "not a Briefing project"), (newer, "newer version")):
        digest = _digest(path)
        with pytest.raises(ProjectError, match=reason) as exc:
            Store.open(path)
        assert "\n" not in str(exc.value)
        assert _digest(path) == digest


def test_damaged_project_is_refused_untouched(tmp_path):
    path = tmp_path / "d.brief"
    with Store.create(path) as s:
        for i in range(200):
            s.add_source(f"S{i}", TEXT * 20)
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, len(data) - 4096, 4096 * 7):
        data[offset : offset + 200] = os.urandom(200)
    path.write_bytes(bytes(data))
    digest = _digest(path)
    with pytest.raises(ProjectError, match=r"damaged|not a Briefing"):
        Store.open(path)
    assert _digest(path) == digest


def test_readonly_store_refuses_edits(tmp_path):
    path = tmp_path / "p.brief"
    Store.create(path).close()
    with Store.open(path, readonly=True) as s, pytest.raises(ProjectReadOnly):
        s.add_theme("T")


def test_save_as_copies_and_continues_in_the_copy(tmp_path):
    path, copy = tmp_path / "a.brief", tmp_path / "b.brief"
    s = Store.create(path, title="A")
    s.add_source("Src", TEXT)
    s.save_as(copy)
    assert s.path == copy
    s.add_theme("Only in the copy")
    s.close()
    with Store.open(path, readonly=True) as a, Store.open(copy, readonly=True) as b:
        assert a.themes() == [] and [t.name for t in b.themes()] == ["Only in the copy"]
        assert b.source(1).text == TEXT and b.brief().title == "A"
    assert not list(tmp_path.glob("*-wal")) and not list(tmp_path.glob(".*saving"))


_CHILD = textwrap.dedent("""
    import sys, time
    from briefing.store import Store
    s = Store.open(sys.argv[1])
    sid = s.source(1).id
    tid = s.add_theme("T")
    print("ready", flush=True)
    for i in range(100000):
        s.add_highlight(sid, i % 50, i % 50 + 3, theme_ids=[tid], note=f"edit {i}")
        print(f"done {i}", flush=True)
""")


def _child(path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_sigkill_mid_edit_loses_nothing_reported_done(tmp_path):
    path = tmp_path / "p.brief"
    with Store.create(path) as s:
        s.add_source("A", TEXT)
    proc = _child(path)
    done = -1
    for line in proc.stdout:
        if line.startswith("done"):
            done = int(line.split()[1])
            if done >= 300:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert done >= 300
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    notes = {r[0] for r in conn.execute("SELECT note FROM highlights")}
    conn.close()
    assert all(f"edit {i}" in notes for i in range(done + 1))
    with Store.open(path) as s:  # and it opens for writing again
        assert len(s.highlights()) >= done + 1


def test_second_writer_is_refused_but_readers_work(tmp_path):
    path = tmp_path / "p.brief"
    with Store.create(path) as s:
        s.add_source("A", TEXT)
    proc = _child(path)
    assert proc.stdout.readline().strip() == "ready"
    try:
        with pytest.raises(ProjectLocked, match="open for writing"):
            Store.open(path)
        with Store.open(path, readonly=True) as r:
            assert r.source(1).title == "A"
    finally:
        proc.kill()
        proc.wait()


def test_highlight_spans_match_the_full_highlights(store):
    sid = store.add_source("A", TEXT)
    a, b = store.add_theme("A"), store.add_theme("B")
    store.add_highlight(sid, 10, 16, theme_ids=[b, a])
    store.add_highlight(sid, 0, 7)
    full = [(h.id, h.start, h.end, h.orphan, h.theme_ids) for h in store.highlights(sid)]
    assert store.highlight_spans(sid) == full


# -- batching of change events -------------------------------------------------------


def test_batch_delivers_merged_changes_after_the_block(store):
    sid = store.add_source("A", TEXT)
    t1, t2 = store.add_theme("T1"), store.add_theme("T2")
    h1, h2 = store.add_highlights([(sid, 0, 5), (sid, 10, 15)])
    seen = _events(store)
    with store.batch():
        store.set_highlight_themes(h1, [t1])
        store.set_highlight_themes(h2, [t1, t2])
        store.set_highlight_themes(h1, [t2])  # h1 again: one id, first-seen order
        store.update_highlight(h2, note="n")
        assert seen == []  # held back until the block ends
    assert seen == [
        Change(Kind.HIGHLIGHT, Action.CHANGED, (h1, h2), ("theme_ids",)),
        Change(Kind.HIGHLIGHT, Action.CHANGED, (h2,), ("note",)),
    ]
    assert store.highlight(h1).theme_ids == (t2,)


def test_nested_batches_deliver_once_when_the_outermost_exits(store):
    seen = _events(store)
    with store.batch():
        a = store.add_source("A", TEXT)
        with store.batch():
            b = store.add_source("B", TEXT)
        assert seen == []
        c = store.add_source("C", TEXT)
    assert seen == [Change(Kind.SOURCE, Action.ADDED, (a, b, c))]
    store.update_source(a, title="A2")  # after the batch: delivered at once again
    assert seen[-1] == Change(Kind.SOURCE, Action.CHANGED, (a,), ("title",))


def test_batch_keeps_different_changes_apart_in_first_seen_order(store):
    sid = store.add_source("A", TEXT)
    tid = store.add_theme("T")
    hid = store.add_highlight(sid, 0, 5, theme_ids=[tid])
    seen = _events(store)
    with store.batch():
        removed = store.delete_highlight(hid)
        store.restore(removed)
        store.update_brief(title="X")
    assert [(c.kind, c.action) for c in seen] == [
        (Kind.HIGHLIGHT, Action.REMOVED),
        (Kind.HIGHLIGHT, Action.ADDED),
        (Kind.BRIEF, Action.CHANGED),
    ]
    assert store.highlight(hid).theme_ids == (tid,)


def test_batch_that_raises_still_delivers_what_was_committed(store):
    """A batch is not a transaction: each call commits, so a failure later in
    the block must not hide the changes already made; the failed call's own
    transaction rolls back and announces nothing."""
    sid = store.add_source("A", TEXT)
    seen = _events(store)
    added: list[int] = []

    def add_then_fail() -> None:
        with store.batch():
            added.append(store.add_highlight(sid, 0, 5))
            store.add_highlights([(sid, 0, 5), (sid, 5, 10_000)])  # rolled back

    with pytest.raises(ValueError, match="outside the source"):
        add_then_fail()
    [hid] = added
    assert seen == [Change(Kind.HIGHLIGHT, Action.ADDED, (hid,))]
    assert [h.id for h in store.highlights()] == [hid]
    store.update_highlight(hid, note="after")  # the store is out of the batch
    assert seen[-1].fields == ("note",)


def test_a_failing_listener_does_not_stop_a_batch(store):
    seen = _events(store)

    def broken(change):
        raise RuntimeError("listener bug")

    store.subscribe(broken)
    with store.batch():
        sid = store.add_source("A", TEXT)
    assert seen == [Change(Kind.SOURCE, Action.ADDED, (sid,))]


def test_new_projects_start_without_the_chart_and_old_ones_keep_theirs(tmp_path):
    with Store.create(tmp_path / "new.brief", title="T") as s:
        assert s.brief().show_chart is False and s.brief().title == "T"
    # a project file that never stored the setting keeps the chart it always had
    with Store.create(tmp_path / "old.brief") as s:
        s._conn.execute("DELETE FROM brief WHERE name = 'show_chart'")  # as written before
    with Store.open(tmp_path / "old.brief") as s:
        assert s.brief().show_chart is True


def test_rolled_up_counts_count_each_highlight_once_per_theme_above_it(store):
    sid = store.add_source("A", TEXT)
    top = store.add_theme("Top")
    mid = store.add_theme("Mid", parent_id=top)
    low = store.add_theme("Low", parent_id=mid)
    other = store.add_theme("Other")
    store.add_highlight(sid, 0, 5, theme_ids=[low])
    store.add_highlight(sid, 5, 9, theme_ids=[mid, top])  # parent and child: once in Top
    store.add_highlight(sid, 9, 12, theme_ids=[other])
    assert store.theme_counts() == {low: 1, mid: 1, top: 1, other: 1}
    assert store.theme_counts(rolled_up=True) == {low: 1, mid: 2, top: 2, other: 1}


def test_rolled_up_counts_without_sub_themes_are_the_plain_counts(store):
    sid = store.add_source("A", TEXT)
    a, b = store.add_theme("A"), store.add_theme("B")
    store.add_highlight(sid, 0, 5, theme_ids=[a, b])
    store.add_highlight(sid, 5, 9, theme_ids=[a])
    assert store.theme_counts(rolled_up=True) == {a: 2, b: 1}
