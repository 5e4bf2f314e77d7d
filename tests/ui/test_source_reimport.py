"""Re-importing a source in the window: planned off the GUI thread, applied in one step."""

from __future__ import annotations

import threading

import pytest
from ui_helpers import close_window, isolate_settings, make_project, open_window, span_of

from briefing.ui import source_reimport
from briefing.ui.source_reimport import SourceReimport


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)


def test_a_reimport_is_planned_off_the_gui_thread_and_reported(
    qtbot, project, tmp_path, monkeypatch
):
    store = project.store
    sid = project.sources["en"]
    text = store.source_text(sid)
    quote = text.split(".")[1].strip()[:30]
    hid = store.add_highlight(sid, *span_of(text, quote))
    new_file = tmp_path / "v2.txt"
    new_file.write_text("An editor's note added on top.\n\n" + text, encoding="utf-8")
    threads = []
    plan_work = source_reimport.plan_work

    def spy(item):
        threads.append(threading.current_thread() is threading.main_thread())
        return plan_work(item)

    monkeypatch.setattr(source_reimport, "plan_work", spy)
    win = open_window(qtbot, store)
    try:
        job = SourceReimport(win.workspace, win)
        with qtbot.waitSignal(job.finished, timeout=20000) as done:
            job.reimport(sid, new_file)
        assert threads == [False]
        report = done.args[0]
        assert report.moved == [hid]
        assert store.highlight(hid).quote == quote
        assert store.source_text(sid).startswith("An editor's note added on top.")
        assert "1 moved, 0 orphans" in win.statusBar().currentMessage()
    finally:
        close_window(win)


def test_a_reimport_of_an_unreadable_file_changes_nothing(qtbot, project, tmp_path):
    store = project.store
    sid = project.sources["en"]
    before = store.source_text(sid)
    win = open_window(qtbot, store)
    try:
        job = SourceReimport(win.workspace, win)
        with qtbot.waitSignal(job.finished, timeout=20000) as done:
            job.reimport(sid, tmp_path / "missing.txt")
        assert done.args[0] is None
        assert store.source_text(sid) == before
        assert win.statusBar().currentMessage().startswith("Re-import failed: ")
    finally:
        close_window(win)


def test_the_file_menu_reimports_the_source_being_read(qtbot, project, tmp_path, monkeypatch):
    from briefing.ui import prompts

    store = project.store
    sid = project.sources["en"]
    text = store.source_text(sid)
    hid = store.add_highlight(sid, *span_of(text, "the troops left the base"))
    new_file = tmp_path / "v2.txt"
    new_file.write_text("Editor's note.\n\n" + text, encoding="utf-8")
    monkeypatch.setattr(prompts, "open_file", lambda *a, **k: new_file)
    win = open_window(qtbot, store)
    try:
        win.selection.set_source(sid)
        assert "file.reimport" in [a.objectName() for a in win._menus["File"].actions()]
        win.action("file.reimport").trigger()
        qtbot.waitUntil(lambda: store.source_text(sid).startswith("Editor's note."), timeout=20000)
        h = store.highlight(hid)
        assert store.source_text(sid)[h.start : h.end] == "the troops left the base"
        assert win.undo_stack.count() == 0
        assert "cannot be undone" in win.statusBar().currentMessage()
    finally:
        close_window(win)
