"""Read and Write: Ctrl+1 / Ctrl+2 switch the centre of the window; Write puts the cursor in
an empty bottom line; typing there is saved; each workspace keeps its dock layout."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets
from ui_helpers import close_window, isolate_settings, make_project, open_window

from briefing.store import Store

pytestmark = pytest.mark.ui
Qt = QtCore.Qt


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)


def press(qtbot, window, key):
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    QtWidgets.QApplication.processEvents()


def test_ctrl_2_opens_write_with_the_cursor_in_an_empty_bottom_line(qtbot, win, project):
    assert win.action("view.write").shortcut().toString() == "Ctrl+2"
    assert win.action("view.read").shortcut().toString() == "Ctrl+1"
    assert win.workspaces.stack.currentWidget() is win.pane
    win.activateWindow()
    press(qtbot, win, Qt.Key.Key_2)
    panel = win.panels["brief"]
    assert win.workspaces.mode == "write"
    assert win.workspaces.stack.currentWidget() is win.workspaces.write_page
    assert panel.isVisible() and not win.docks["brief"].isVisible()
    editor = panel.document.form.bottom_line.editor
    assert QtWidgets.QApplication.focusWidget() is editor
    qtbot.keyClicks(editor, "Withdrawal complete")
    panel.flush()
    assert project.store.brief().bottom_line == "Withdrawal complete"
    assert win.undo_stack.count() == 1  # one burst of typing, one undo step
    press(qtbot, win, Qt.Key.Key_1)
    assert win.workspaces.mode == "read"
    assert win.workspaces.stack.currentWidget() is win.pane
    assert win.docks["brief"].widget() is panel


def test_each_workspace_keeps_its_dock_layout(qtbot, project):
    window = open_window(qtbot, project.store)
    window.action("view.write").trigger()
    assert not window.docks["search"].isVisible()
    window.docks["sources"].hide()
    window.action("view.read").trigger()
    assert window.docks["sources"].isVisible() and window.docks["search"].isVisible()
    window.action("view.write").trigger()
    assert not window.docks["sources"].isVisible()
    window.close()
    again = open_window(qtbot, Store.open(project.path))
    try:
        assert again.docks["sources"].isVisible()
        again.action("view.write").trigger()
        assert not again.docks["sources"].isVisible()
    finally:
        close_window(again)


def test_write_with_a_bottom_line_keeps_it(qtbot, win, project):
    project.store.update_brief(bottom_line="Already written")
    win.action("view.write").trigger()
    assert win.panels["brief"].document.form.bottom_line.editor.toPlainText() == "Already written"
    win.action("view.read").trigger()
    win.action("view.write").trigger()
    assert win.workspaces.mode == "write"


def test_write_at_1280x720_shows_six_lines_of_bottom_line(qtbot, project, monkeypatch):
    from briefing.ui import window_fit

    area = QtCore.QRect(0, 0, 1280, 720)
    monkeypatch.setattr(window_fit, "available", lambda _widget: area)
    window = open_window(qtbot, project.store)
    try:
        assert area.contains(window.frameGeometry())
        window.action("view.write").trigger()
        QtWidgets.QApplication.processEvents()
        editor = window.panels["brief"].document.form.bottom_line.editor
        lines = editor.viewport().height() / editor.fontMetrics().lineSpacing()
        assert lines >= 6
        assert not window.action("view.panel.brief").isEnabled()
        window.action("view.read").trigger()
        assert window.action("view.panel.brief").isEnabled()
    finally:
        close_window(window)
