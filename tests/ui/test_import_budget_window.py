"""The window's import goes through the budgeted child process (issue 11): a file
that needs a child is parsed there, and Cancel kills it and stores nothing."""

from __future__ import annotations

import time

import pytest

from briefing.ui import prompts
from tests.corpus import hostile

pytestmark = pytest.mark.ui


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append((title, text)))
    return shown


def test_cancel_kills_the_child_reading_a_large_page(win, project, qtbot, tmp_path, errors):
    panel, store = win.panels["sources"], project.store
    page = hostile.html_paragraphs(tmp_path, 100_000)  # several seconds to read
    before = len(store.sources())
    panel.import_paths([page])
    progress = panel.importer.progress
    qtbot.wait(300)
    started = time.monotonic()
    progress.canceled.emit()  # the Cancel button
    qtbot.waitUntil(lambda: panel.importer.last_import is not None, timeout=10000)
    assert time.monotonic() - started < 3  # the child was killed, not waited for
    assert panel.importer.last_import.cancelled
    assert len(store.sources()) == before and errors == []


def test_a_hostile_file_is_refused_in_the_window_with_the_real_reason(
    win, project, qtbot, tmp_path, errors
):
    panel, store = win.panels["sources"], project.store
    before = len(store.sources())
    panel.import_paths([hostile.pdf_flate_bomb(tmp_path, 100_000_000)])
    qtbot.waitUntil(lambda: panel.importer.last_import is not None, timeout=30000)
    assert len(store.sources()) == before
    assert "flate-bomb.pdf: page 1: a compressed stream expands to more than 75 MB" in errors[0][1]
