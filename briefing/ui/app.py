"""The application: QApplication setup, the first project to open, error handling, and the
main loop.

``run(project_path)`` opens the given project, else the last one, else the
bundled sample (written once to the user's data folder) — never a dialog in
the way on first run. Uncaught exceptions show an error dialog and go to
stderr instead of killing the window. ``BRIEFING_EXIT_AFTER_PAINT=1`` prints
the milliseconds from process start to the first painted window and quits
(used by ``benchmarks/bench_reader.py``).
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyleFactory

from briefing.resources import resource_path
from briefing.store import ProjectError, Store

from . import prompts, settings

log = logging.getLogger(__name__)
_T0 = time.monotonic()


def process_elapsed_ms() -> float:
    """Milliseconds since this process started (Linux /proc; else since this module loaded)."""
    try:
        with open("/proc/self/stat", "rb") as f:
            start_ticks = int(f.read().rsplit(b")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return (uptime - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000.0
    except (OSError, ValueError, IndexError):
        return (time.monotonic() - _T0) * 1000.0


_QUIET = ("This plugin does not support propagateSizeHints()",)
"""Qt messages that say nothing to a user (the offscreen platform's chatter)."""


def _qt_message(mode, context, message: str) -> None:
    if message not in _QUIET:
        sys.stderr.write(f"{message}\n")


def make_application(argv: list[str] | None = None) -> QApplication:
    qInstallMessageHandler(_qt_message)
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(argv if argv is not None else sys.argv)
    )
    app.setApplicationName("Briefing")
    app.setOrganizationName("Briefing")
    app.setApplicationDisplayName("Briefing")
    app.setDesktopFileName("briefing")
    icon = resource_path("icons", "briefing.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    # Windows' classic style and the bare offscreen default draw poorly; Fusion follows
    # the system colour scheme (light or dark) in Qt 6.
    if app.style().name().lower() in ("windows", ""):
        app.setStyle(QStyleFactory.create("Fusion"))
    return app


def first_store(project_path: Path | None) -> Store:
    """The project to open: the one asked for, else the last one, else the sample.

    A project named on the command line that cannot be opened is an error (no
    silent fallback). A user's project is never deleted: an unreadable copy of
    the sample is renamed aside and a fresh copy written."""
    from .files import open_store

    if project_path:
        return open_store(project_path)
    last = settings.get("app/last_project")
    if last and Path(last).exists():
        try:
            return open_store(Path(last))
        except ProjectError as exc:
            print(f"briefing: {exc}", file=sys.stderr)
    from briefing.sample import ensure_user_sample, user_sample_path

    sample = user_sample_path()
    if sample.exists():
        try:
            return open_store(sample)
        except ProjectError as exc:
            aside = sample.with_name(f"{sample.stem}.unreadable-{int(time.time())}{sample.suffix}")
            sample.rename(aside)
            print(
                f"briefing: {exc}; kept it as {aside.name} and wrote a fresh sample",
                file=sys.stderr,
            )
    return open_store(ensure_user_sample())


class _FirstPaint(QObject):
    """Prints the time to the first painted reader and quits (BRIEFING_EXIT_AFTER_PAINT)."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.app = app
        self.done = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self._finish)
        return False

    def _finish(self) -> None:
        print(f"first paint after {process_elapsed_ms():.0f} ms", flush=True)
        self.app.quit()


def install_excepthook(parent_getter) -> None:
    """Show uncaught exceptions in a dialog (one line) and log the traceback to stderr."""
    state = {"busy": False}

    def hook(exc_type, exc, tb) -> None:
        traceback.print_exception(exc_type, exc, tb, file=sys.stderr)
        if state["busy"] or issubclass(exc_type, KeyboardInterrupt):
            return
        state["busy"] = True
        try:
            line = (str(exc).splitlines() or [exc_type.__name__])[0]
            prompts.error(
                parent_getter(),
                "Something went wrong",
                f"{line}\n\nYour work is saved. Details were written to the log.",
            )
        except Exception:  # noqa: BLE001
            pass
        finally:
            state["busy"] = False

    sys.excepthook = hook


def run(project_path: Path | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="briefing: %(levelname)s %(message)s")
    app = make_application()
    from .main_window import MainWindow
    from .store_health import close_store

    try:
        store = first_store(Path(project_path) if project_path else None)
    except ProjectError as exc:
        prompts.error(None, "Cannot open a project", str(exc).splitlines()[0])
        return 1
    window = MainWindow(store)
    install_excepthook(lambda: window if window.isVisible() else None)
    settings.set("app/last_project", str(store.path))
    settings.add_recent(str(store.path))
    if os.environ.get("BRIEFING_EXIT_AFTER_PAINT") == "1":
        watcher = _FirstPaint(app)
        window.reader.viewport().installEventFilter(watcher)
    window.show()
    code = app.exec()
    if not store.closed or not window.store.closed:
        close_store(window.store, None)
    return code
