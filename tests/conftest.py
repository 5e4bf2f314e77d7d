import os

import pytest

# a desktop-sized offscreen screen (Qt's default is 800x800; the window clamps itself to it)
os.environ.setdefault(
    "QT_QPA_PLATFORM",
    "offscreen:configfile=" + os.path.join(os.path.dirname(__file__), "offscreen_screen.json"),
)

import briefing.render.pdf.rl  # noqa: F401  (installs the bidi shim before anything imports reportlab)


@pytest.fixture
def win(qtbot, project):
    """The real main window on the test module's ``project`` fixture; closed afterwards."""
    from ui_helpers import close_window, open_window

    window = open_window(qtbot, project.store)
    yield window
    close_window(window)
