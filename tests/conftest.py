import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import briefing.render.pdf.rl  # noqa: F401  (installs the bidi shim before anything imports reportlab)


@pytest.fixture
def win(qtbot, project):
    """The real main window on the test module's ``project`` fixture; closed afterwards."""
    from ui_helpers import close_window, open_window

    window = open_window(qtbot, project.store)
    yield window
    close_window(window)
