import os
import tempfile

import pytest

# Parsed PDF fonts are cached between runs (render/pdf/fontcache.py): the tests
# and the processes they start keep theirs in the temporary folder, not in the
# user's cache folder.
os.environ.setdefault(
    "BRIEFING_CACHE_DIR", os.path.join(tempfile.gettempdir(), "briefing-tests-cache")
)

# A desktop-sized offscreen screen (Qt's default is 800x800 and the window clamps
# itself to it). Also when QT_QPA_PLATFORM is already plain "offscreen", as .ci/run sets it.
_SCREEN = "offscreen:configfile=" + os.path.join(os.path.dirname(__file__), "offscreen_screen.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = _SCREEN

import briefing.render.pdf.rl  # noqa: E402, F401  (installs the bidi shim before anything imports reportlab)


@pytest.fixture
def win(qtbot, project):
    """The real main window on the test module's ``project`` fixture; closed afterwards."""
    from ui_helpers import close_window, open_window

    window = open_window(qtbot, project.store)
    yield window
    close_window(window)
