"""The window fits the screen: the first size and a restored geometry are clamped to the
available screen area."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets
from ui_helpers import close_window, isolate_settings, make_project, open_window

from briefing.store import Store
from briefing.ui import window_fit

pytestmark = pytest.mark.ui


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)


def small_screen(monkeypatch, width=1280, height=720):
    area = QtCore.QRect(0, 0, width, height)
    monkeypatch.setattr(window_fit, "available", lambda _widget: area)
    return area


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1366, 768)])
def test_first_window_fits_a_small_screen(qtbot, project, monkeypatch, width, height):
    area = small_screen(monkeypatch, width, height)
    window = open_window(qtbot, project.store)
    try:
        assert area.contains(window.frameGeometry())
        assert window.height() <= height
        assert window.statusBar().isVisible()
        for mode in ("write", "read"):
            window.action(f"view.{mode}").trigger()
            QtWidgets.QApplication.processEvents()
            assert area.contains(window.frameGeometry())
    finally:
        close_window(window)


def test_a_geometry_saved_on_a_larger_screen_is_clamped(qtbot, project, monkeypatch):
    window = open_window(qtbot, project.store)
    window.resize(1600, 1000)
    QtWidgets.QApplication.processEvents()
    window.close()
    area = small_screen(monkeypatch, 1366, 768)
    again = open_window(qtbot, Store.open(project.path))
    try:
        assert again.width() <= 1366 and again.height() <= 768
        assert area.contains(again.frameGeometry())
    finally:
        close_window(again)


def test_clamp_moves_a_window_back_on_screen(qtbot):
    widget = QtWidgets.QWidget()
    qtbot.addWidget(widget)
    widget.setGeometry(900, 600, 800, 400)
    window_fit.clamp_to_screen(widget, QtCore.QRect(0, 0, 1280, 720))
    assert QtCore.QRect(0, 0, 1280, 720).contains(widget.frameGeometry())
    assert widget.size() == QtCore.QSize(800, 400)
