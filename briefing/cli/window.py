"""Opening the window from the command line, after checking that it can open."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .common import Failure

# -- the window ---------------------------------------------------------------------

_XCB_LIBS = (
    "libxcb-cursor.so.0",
    "libxkbcommon-x11.so.0",
    "libxcb-icccm.so.4",
    "libxcb-keysyms.so.1",
    "libxcb-shape.so.0",
    "libxcb-randr.so.0",
    "libxcb-render-util.so.0",
    "libxcb-image.so.0",
)
_DEBIAN_QT = (
    "libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 "
    "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 "
    "libxcb-render-util0 libxcb-image0"
)


def display_problem() -> str | None:
    """Why the window cannot start here, in one line, or None. Checked before a
    QApplication exists, because Qt aborts the process when it cannot."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if sys.platform.startswith("linux") and platform not in ("offscreen", "minimal", "vnc"):
        wayland = os.environ.get("WAYLAND_DISPLAY") and platform.startswith("wayland")
        if not os.environ.get("DISPLAY") and not wayland and not os.environ.get("WAYLAND_DISPLAY"):
            return (
                "no display is available (DISPLAY is not set); use the command line "
                "('briefing --help') or run under xvfb-run"
            )
        if os.environ.get("DISPLAY") and not wayland:
            import ctypes

            missing = []
            for lib in _XCB_LIBS:
                try:
                    ctypes.CDLL(lib)
                except OSError:
                    missing.append(lib)
            if missing:
                return (
                    f"Qt's system libraries are missing ({', '.join(missing)}); on Debian/"
                    f"Ubuntu: sudo apt-get install {_DEBIAN_QT}; or use the command line "
                    "('briefing --help')"
                )
    try:
        import PySide6.QtWidgets  # noqa: F401  (fails with ImportError when libGL/libEGL are missing)
    except ImportError as exc:
        return (
            f"Qt cannot load ({exc}); on Debian/Ubuntu: sudo apt-get install {_DEBIAN_QT}; "
            "or use the command line ('briefing --help')"
        )
    return None


def _open_window(project: Path | None) -> int:
    problem = display_problem()
    if problem:
        raise Failure(f"cannot open the window: {problem}")
    if project is not None and not project.exists():
        raise Failure(f"{project}: no such project (create one with 'briefing new {project}')")
    from ..ui.app import run

    return run(project)
