"""The window's durability: ready to write at open, a failed sync shown until it clears,
and a failed final checkpoint said in one line instead of lost."""

from __future__ import annotations

import pytest
from ui_helpers import isolate_settings, make_project

from briefing.store import ProjectError
from briefing.ui import prompts, store_health

pytestmark = pytest.mark.ui


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)


def test_a_sync_that_failed_is_shown_until_it_clears(win, project, monkeypatch):
    label = win.durability.label
    win.durability.check()
    assert not label.isVisibleTo(win)
    failing = type(project.store)
    monkeypatch.setattr(failing, "flush_error", property(lambda self: "p.brief: the disk is full"))
    win.durability.check()
    assert label.isVisibleTo(win) and "the disk is full" in label.text()
    monkeypatch.setattr(failing, "flush_error", property(lambda self: None))
    win.durability.check()
    assert not label.isVisibleTo(win)


def test_a_failed_final_checkpoint_is_said_not_raised(project, monkeypatch):
    said = []
    monkeypatch.setattr(prompts, "error", lambda p, title, text: said.append(text))
    store = project.store

    def fail() -> None:
        raise ProjectError("t.brief: the disk is full; the change was not saved")

    monkeypatch.setattr(store, "close", fail)
    store_health.close_store(store, None)
    (text,) = said
    assert "the disk is full" in text and "t.brief-wal" in text and "\n" not in text
    monkeypatch.undo()
    store.close()


def test_a_writable_project_opens_ready_to_write(project, tmp_path):
    from briefing.ui.files import open_store

    project.store.close()
    store = open_store(project.path)
    try:  # WAL from the start, so the first edit never waits for another process's read
        header = (tmp_path / "t.brief").read_bytes()[18:20]
        assert header == b"\x02\x02"  # SQLite's file format bytes: 2, 2 = WAL
    finally:
        store.close()
    assert not (tmp_path / "t.brief-wal").exists()
