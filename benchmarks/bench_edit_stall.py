"""How long the window stops answering after one edit, while the brief's preview and checks follow.

Opens the real window (offscreen) on a project of ``--sizes`` highlights
(default 10k and 50k, generated like ``bench_write.py``; or ``--project FILE``,
copied first, never modified), with one key judgment and the evidence chart
switched on, and makes one edit at a time:

- a key pressed in a key judgment's text (the Judgments tab in Read, the
  judgment's card in Write), then its commit;
- a highlight's note saved (the ``EditNote`` command);
- a highlight added (``AddHighlight``).

in three layouts: Read (the Brief dock beside the reader, preview shown),
Write with the preview shown and Write with it hidden (only the checks run).
While the window settles after each edit a 10 ms timer repaints the reader, as
``bench_export_window.py`` does; per edit it records the longest gap between
two repaints (the longest GUI-thread stall), the GUI thread's blocked time
(the sum of what every gap exceeds 10 ms by) and how long until the preview
and checks showed the edit. Each figure is the median / p95 of ``--reps``
edits.

    uv run python benchmarks/bench_edit_stall.py
    uv run python benchmarks/bench_edit_stall.py --sizes 10k --reps 5
    uv run python benchmarks/bench_edit_stall.py --project big.brief
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TICK_MS = 10
SETTLE_MS = 150
"""Kept pumping after the panel is idle again (a late refresh would show up)."""


def size(text: str) -> int:
    text = text.strip().lower()
    return int(float(text[:-1]) * 1000) if text.endswith("k") else int(text)


def stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def prepare(path: Path) -> None:
    """One key judgment with support and the chart on (what the checks and chart work on)."""
    from briefing.store import Store

    with Store.open(path) as store, store.batch():
        store.update_brief(show_chart=True, marking="OFFICIAL")
        if not store.judgments():
            ids = [h.id for h in store.highlights()[:3]]
            store.add_judgment(
                "The ceasefire will likely hold.",
                likelihood="likely",
                confidence="moderate",
                support=ids,
            )


def measure(path: Path, reps: int) -> list[tuple[str, str, list[float], list[float], list[float]]]:
    from PySide6 import QtCore, QtWidgets
    from PySide6.QtTest import QTest

    from briefing.store import Store
    from briefing.ui import commands
    from briefing.ui.brief_panel import TAB_JUDGMENTS
    from briefing.ui.main_window import MainWindow

    app = QtWidgets.QApplication.instance()
    store = Store.open(path)
    win = MainWindow(store)
    win.resize(1600, 1000)
    win.show()
    panel = win.panels["brief"]

    def pump(ms: float) -> None:
        end = time.perf_counter() + ms / 1000
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)

    def idle() -> bool:
        busy = getattr(panel, "busy", None)
        timers = panel.findChildren(QtCore.QTimer)
        return not any(t.isActive() and t.isSingleShot() for t in timers) and not (
            busy is not None and busy()
        )

    dock = win.docks["brief"]
    dock.show()
    dock.raise_()
    win.resizeDocks([dock], [800], QtCore.Qt.Orientation.Horizontal)
    win.selection.set_source(store.sources()[-1].id)
    pump(500)
    jid = store.judgments()[0].id
    hid = store.highlights()[len(store.highlights()) // 2].id
    last = store.sources()[-1]
    theme = store.themes()[0].id
    rows = []
    n = [0]

    def observe(edit) -> tuple[float, float, float]:
        """Run ``edit`` and pump until the panel is idle again: (longest gap, blocked, latency)."""
        gaps: list[float] = []
        before = panel.refresh_count
        tick_last = [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - tick_last[0])
            tick_last[0] = now
            win.reader.viewport().repaint()

        timer = QtCore.QTimer()
        timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        timer.timeout.connect(tick)
        timer.start(TICK_MS)
        t0 = time.perf_counter()
        edit()
        deadline = t0 + 60
        while time.perf_counter() < deadline and (panel.refresh_count == before or not idle()):
            app.processEvents()
            time.sleep(0.001)
        latency = time.perf_counter() - t0
        pump(SETTLE_MS)
        timer.stop()
        longest = max(gaps, default=0.0)
        blocked = sum(max(0.0, g - TICK_MS / 1000) for g in gaps)
        return longest * 1000, blocked * 1000, latency * 1000

    def key_in_judgment(write: bool):
        if write:
            editor = panel.document.judgment_cards[jid].text.editor
        else:
            panel.tabs.setCurrentIndex(TAB_JUDGMENTS)
            panel.judgments.select_judgment(jid)
            editor = panel.judgments.text.editor
        editor.setFocus()
        editor.moveCursor(editor.textCursor().MoveOperation.End)
        return lambda: QTest.keyClick(editor, QtCore.Qt.Key.Key_A)

    def note_save() -> None:
        n[0] += 1
        win.workspace.push(commands.EditNote(store, hid, f"Note, version {n[0]}.", n[0]))

    def add() -> None:
        n[0] += 1
        start = (n[0] * 97) % max(1, last.length - 40)
        win.workspace.push(commands.AddHighlight(store, last.id, start, start + 30, [theme]))

    layouts = (
        ("Read", False, True),
        ("Write, preview", True, True),
        ("Write, no preview", True, False),
    )
    for label, write, preview in layouts:
        win.action("view.write" if write else "view.read").trigger()
        if write:
            panel.preview_toggle.setChecked(preview)
        pump(300)
        while not idle():
            pump(50)
        for what, edit in (
            ("key in a judgment", key_in_judgment(write)),
            ("note saved", note_save),
            ("highlight added", add),
        ):
            longest, blocked, latency = [], [], []
            for _ in range(reps):
                a, b, c = observe(edit)
                longest.append(a)
                blocked.append(b)
                latency.append(c)
            rows.append((label, what, longest, blocked, latency))
    win.close()
    store.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,50k")
    parser.add_argument("--project", type=Path, help="a project to copy instead of generating")
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()

    from bench_write import build
    from PySide6 import QtCore, QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    app.setOrganizationName("BriefingBench")
    with tempfile.TemporaryDirectory() as tmp:
        QtCore.QSettings.setDefaultFormat(QtCore.QSettings.Format.IniFormat)
        QtCore.QSettings.setPath(  # never the user's settings
            QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, tmp
        )
        runs: list[tuple[str, Path]] = []
        if args.project:
            copy = Path(tmp) / "copy.brief"
            shutil.copyfile(args.project, copy)
            runs.append((args.project.name, copy))
        else:
            for text in args.sizes.split(","):
                path = Path(tmp) / f"h{size(text)}.brief"
                build(path, size(text)).close()
                runs.append((f"{size(text):,} highlights", path))
        for name, path in runs:
            prepare(path)
            rows = measure(path, args.reps)
            print(f"\nGUI thread after one edit, {name} ({args.reps} edits each, ms)")
            print(
                f"{'layout':<19}{'edit':<19}{'stall p50':>10}{'stall p95':>10}"
                f"{'blocked p50':>12}{'blocked p95':>12}{'shown p50':>10}{'shown p95':>10}"
            )
            for label, what, longest, blocked, latency in rows:
                figures = (*stats(longest), *stats(blocked), *stats(latency))
                print(
                    f"{label:<19}{what:<19}{figures[0]:>10.0f}{figures[1]:>10.0f}"
                    f"{figures[2]:>12.0f}{figures[3]:>12.0f}{figures[4]:>10.0f}{figures[5]:>10.0f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
