"""The brief's checks and preview are computed off the GUI thread, only when seen, and
only the newest result is shown."""

from __future__ import annotations

import threading

import pytest
from panel_helpers import close_window, isolate_settings, open_window
from PySide6 import QtCore, QtWidgets

from briefing.sample import write_sample
from briefing.store import Store
from briefing.ui import brief_panel, brief_preview, brief_refresh
from briefing.ui.tasks import Latest

pytestmark = pytest.mark.ui


@pytest.fixture
def win(qtbot, tmp_path):
    isolate_settings(tmp_path)
    write_sample(tmp_path / "s.brief").close()
    window = open_window(qtbot, Store.open(tmp_path / "s.brief"))
    dock = window.docks["brief"]
    dock.show()
    dock.raise_()
    window.resizeDocks([dock], [900], QtCore.Qt.Orientation.Horizontal)
    panel = window.panels["brief"]
    qtbot.waitUntil(lambda: "Bottom line up front" in panel.preview.toPlainText(), timeout=5000)
    qtbot.waitUntil(lambda: not panel.busy(), timeout=5000)
    yield window
    close_window(window)


def text(window) -> str:
    return window.panels["brief"].preview.toPlainText()


# -- tasks.Latest --------------------------------------------------------------------


def reporting_latest() -> tuple[QtCore.QThreadPool, Latest, list[str]]:
    """A ``Latest`` on its own pool, and the results it reports, in order."""
    pool = QtCore.QThreadPool()
    latest = Latest(pool)
    results: list[str] = []
    latest.finished.connect(results.append)
    return pool, latest, results


def test_only_the_newest_request_is_reported(qtbot):
    pool, latest, results = reporting_latest()
    release = threading.Event()

    def slow() -> str:
        release.wait(5)
        return "first"

    latest.submit(slow)
    qtbot.waitUntil(lambda: latest.started == 1, timeout=5000)  # once the window is idle
    latest.submit(lambda: "second")  # waits, then is replaced by the third
    latest.submit(lambda: "third")
    assert latest.busy()
    release.set()
    qtbot.waitUntil(lambda: not latest.busy(), timeout=5000)
    QtWidgets.QApplication.processEvents()
    assert results == ["third"]  # "first" finished stale; "second" never ran
    assert latest.started == 2
    pool.waitForDone(5000)


def test_a_request_superseded_before_it_starts_never_runs(qtbot):
    pool, latest, results = reporting_latest()
    ran: list[str] = []
    latest.submit(lambda: ran.append("first") or "first")
    latest.submit(lambda: ran.append("second") or "second")  # before the first started
    qtbot.waitUntil(lambda: not latest.busy(), timeout=5000)
    pool.waitForDone(5000)
    QtWidgets.QApplication.processEvents()
    assert results == ["second"] and ran == ["second"] and latest.started == 1


def test_dropped_work_is_never_reported(qtbot):
    pool, latest, results = reporting_latest()
    release = threading.Event()
    latest.submit(lambda: release.wait(5) and "old project")
    latest.drop()
    release.set()
    qtbot.waitUntil(lambda: not latest.busy(), timeout=5000)
    pool.waitForDone(5000)
    QtWidgets.QApplication.processEvents()
    assert results == []
    latest.submit(lambda: "new project")
    qtbot.waitUntil(lambda: results == ["new project"], timeout=5000)
    pool.waitForDone(5000)


# -- the Brief panel -----------------------------------------------------------------


def test_an_edit_is_composed_and_checked_off_the_gui_thread(win, qtbot, monkeypatch):
    threads: list[str] = []
    real_compose, real_check = brief_preview.compose, brief_refresh.check_brief

    def compose(project):
        threads.append(threading.current_thread().name)
        return real_compose(project)

    def check_brief(project):
        threads.append(threading.current_thread().name)
        return real_check(project)

    monkeypatch.setattr(brief_preview, "compose", compose)
    monkeypatch.setattr(brief_refresh, "check_brief", check_brief)
    win.store.update_brief(title="Composed by a worker")
    qtbot.waitUntil(lambda: "Composed by a worker" in text(win), timeout=5000)
    assert len(threads) >= 2  # the checks and the preview's compose ran
    assert threading.main_thread().name not in threads


def test_a_hidden_preview_is_not_composed_but_the_checks_run(win, qtbot, monkeypatch):
    panel = win.panels["brief"]
    win.action("view.write").trigger()
    panel.preview_toggle.setChecked(False)
    qtbot.waitUntil(lambda: not panel.busy(), timeout=5000)
    composed: list[object] = []
    real = brief_refresh.preview_html
    monkeypatch.setattr(brief_refresh, "preview_html", lambda p: composed.append(p) or real(p))
    codes = lambda: [f.code for f in panel.checks.findings()]  # noqa: E731
    assert "marking-missing" not in codes()
    before = panel.refresh_count
    win.store.update_brief(marking="", title="Typed while the preview is hidden")
    qtbot.waitUntil(lambda: "marking-missing" in codes(), timeout=5000)
    assert panel.refresh_count > before
    assert composed == []
    assert "Typed while the preview is hidden" not in text(win)
    # shown again: composed then, with the latest text
    panel.preview_toggle.setChecked(True)
    qtbot.waitUntil(lambda: "Typed while the preview is hidden" in text(win), timeout=5000)
    assert len(composed) == 1


def test_a_stale_result_is_never_shown(win, qtbot, monkeypatch):
    panel = win.panels["brief"]
    shown: list[str] = []
    real_show = panel.preview.show_html
    monkeypatch.setattr(panel.preview, "show_html", lambda h: shown.append(h) or real_show(h))
    entered, release = threading.Event(), threading.Event()
    real_derive = brief_panel.derive

    def derive(project, with_preview):
        if project.brief.title == "Slow old title":
            entered.set()
            release.wait(10)
        return real_derive(project, with_preview)

    monkeypatch.setattr(brief_panel, "derive", derive)
    win.store.update_brief(title="Slow old title")
    qtbot.waitUntil(entered.is_set, timeout=5000)
    win.store.update_brief(title="Newer title")
    qtbot.waitUntil(lambda: not panel._timer.isActive(), timeout=5000)  # the request waits
    release.set()
    qtbot.waitUntil(lambda: "Newer title" in text(win) and not panel.busy(), timeout=5000)
    assert not any("Slow old title" in h for h in shown)
    assert "Slow old title" not in text(win)


def test_a_burst_of_edits_shows_the_last_one(win, qtbot):
    panel = win.panels["brief"]
    before = panel.refresh_count
    for i in range(12):
        win.store.update_brief(title=f"Burst number {i}")
        qtbot.wait(40)  # quicker than the refresh pause: one refresh at the end
    qtbot.waitUntil(lambda: "Burst number 11" in text(win) and not panel.busy(), timeout=5000)
    assert "Burst number 10" not in text(win)
    assert panel.refresh_count - before <= 6  # coalesced: far fewer refreshes than edits


def test_the_preview_keeps_its_links_after_a_worker_refresh(win, qtbot):
    panel = win.panels["brief"]
    hid = next(h.id for h in win.store.highlights() if h.theme_ids and h.included)
    win.store.update_brief(title="Links still work")
    qtbot.waitUntil(lambda: "Links still work" in text(win), timeout=5000)
    with qtbot.waitSignal(win.selection.reveal_requested, timeout=5000) as sig:
        panel.preview.anchorClicked.emit(QtCore.QUrl(f"excerpt:{hid}"))
    assert sig.args == [hid]
