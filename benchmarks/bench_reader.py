"""Benchmark the source reader and the app's cold start; prints a table.

    uv run python benchmarks/bench_reader.py [--runs 5] [--quick]

Each configuration runs in a fresh process (so peak memory is its own), offscreen:

* a 5 MB paragraph-shaped source (paragraphs of 150-1,500 characters, a few emoji)
  with 10,000 highlights (random 20-400 character spans, about 0.4 layers deep, so
  some overlap) and with 50,000 (about 2 layers);
* open: switching the window to the source until its first highlighted screen
  is painted (the whole window reacts: reader and panels; the Brief panel too
  with --with-brief, which updates only what a change touches);
* add one: a highlight near the start, middle and end, through the window
  (undo command, store commit, change events to every panel, reader repaint);
  also "reader only" (store commit + reader update + repaint, no panels);
* page-scroll frame: one page step plus its paint, 20 steps from the middle;
* jump to end: top to bottom in one step plus its paint;
* peak memory: ru_maxrss of the process;
* cold start: ``python -m briefing`` with BRIEFING_EXIT_AFTER_PAINT=1, process
  start to the first painted window (the sample project), wall clock.

Figures are medians over the runs (p95 where marked).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "open": 150.0,
    "add_p50": 8.0,
    "add_p95": 16.0,
    "scroll": 16.0,
    "cold": 800.0,
    "memory_50k": 250.0,
}
WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "government",
    "security",
    "forces",
    "withdrawal",
    "mission",
    "influence",
    "officials",
    "reform",
    "institutions",
    "militias",
    "parliament",
    "minister",
    "agreement",
    "border",
    "transition",
    "coalition",
    "analysts",
    "Baghdad",
    "Iraq",
    "Iran",
    "region",
    "stability",
    "ceasefire",
    "negotiations",
    "report",
    "sources",
    "according",
    "said",
    "would",
    "could",
]


def make_text(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        n = rng.randint(150, 1500)
        words: list[str] = []
        length = 0
        while length < n:
            w = rng.choice(WORDS)
            if rng.random() < 0.0005:
                w += " 😀"
            words.append(w)
            length += len(w) + 1
        para = " ".join(words).capitalize() + "."
        parts.append(para)
        total += len(para) + 2
    return "\n\n".join(parts)[:size]


def make_project(path: Path, n: int, size: int = 5_000_000) -> None:
    from briefing.store import Store

    store = Store.create(path)
    try:
        small = store.add_source("Small", "A short source to switch away from.")
        text = make_text(size)
        sid = store.add_source("Five megabytes", text)
        themes = [store.add_theme(f"Theme {i + 1}") for i in range(6)]
        rng = random.Random(n)
        spans: dict[int, list] = {t: [] for t in themes}
        for _ in range(n):
            start = rng.randrange(0, len(text) - 401)
            spans[rng.choice(themes)].append((sid, start, start + rng.randint(20, 400)))
        for t, s in spans.items():
            store.add_highlights(s, theme_ids=[t])
        assert small
    finally:
        store.close()


# -- the measuring child ----------------------------------------------------------------


def child(project: Path, runs: int, with_brief: bool = False) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtCore, QtWidgets

    tmp = Path(tempfile.mkdtemp())
    QtCore.QCoreApplication.setOrganizationName("BriefingBench")
    QtCore.QCoreApplication.setApplicationName("BriefingBench")
    QtCore.QSettings.setDefaultFormat(QtCore.QSettings.Format.IniFormat)
    QtCore.QSettings.setPath(
        QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, str(tmp)
    )
    app = QtWidgets.QApplication([])
    from briefing.events import Change
    from briefing.store import Store
    from briefing.ui import main_window
    from briefing.ui.commands import AddHighlight
    from briefing.ui.main_window import MainWindow

    if not with_brief:
        # The Brief panel rebuilds its preview and its sections editor from the whole
        # project on every change (seconds at 50k highlights): left out unless --with-brief.
        import dataclasses

        def placeholder(_workspace: object) -> QtWidgets.QWidget:
            return QtWidgets.QLabel("Brief: left out of this benchmark")

        main_window.PANELS = tuple(
            dataclasses.replace(spec, panel=placeholder) if spec.key == "brief" else spec
            for spec in main_window.PANELS
        )
    store = Store.open(project)
    t0 = time.perf_counter()
    window = MainWindow(store)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    build_ms = (time.perf_counter() - t0) * 1000
    reader = window.reader
    small, big = [s.id for s in store.sources()]
    out: dict[str, list[float]] = {"open": [], "add": [], "add_reader": [], "scroll": [], "end": []}
    vp = reader.viewport()

    def ms(t0: float) -> float:
        return (time.perf_counter() - t0) * 1000

    for _ in range(runs):
        window.selection.set_source(small)
        app.processEvents()
        painted = reader.paint_count
        t0 = time.perf_counter()
        window.selection.set_source(big)
        vp.repaint()
        app.processEvents()
        out["open"].append(ms(t0))
        assert reader.paint_count > painted and reader._painted.rects, "nothing highlighted"
    text = reader.text
    theme = store.themes()[0].id
    bar = reader.verticalScrollBar()

    def visible_span(where: float) -> tuple[int, int, int]:
        bar.setValue(int(bar.maximum() * where))
        app.processEvents()
        pos = reader.to_cp(reader.cursorForPosition(QtCore.QPoint(20, 40)).position())
        return big, pos, min(len(text), pos + 60)

    for _ in range(runs):
        for where in (0.0, 0.5, 0.98):  # through the window: command, store, every panel, repaint
            span = visible_span(where)
            painted = reader.paint_count
            t0 = time.perf_counter()
            window.push(AddHighlight(store, *span, theme_ids=[theme]))
            app.processEvents()  # runs the repaints the change scheduled
            out["add"].append(ms(t0))
            assert reader.paint_count > painted, where
        window.bridge.detach()  # reader only: the store commit, then the reader's own update
        for where in (0.0, 0.5, 0.98):
            span = visible_span(where)
            t0 = time.perf_counter()
            hid = store.add_highlight(big, span[1] + 5, span[2], theme_ids=[theme])
            reader._on_highlight_change(Change("highlight", "added", (hid,)))
            app.processEvents()
            out["add_reader"].append(ms(t0))
            store.delete_highlight(hid)
            reader._on_highlight_change(Change("highlight", "removed", (hid,)))
        window.bridge._unsubscribe = store.subscribe(window.bridge._forward)
    for _ in range(runs):
        bar.setValue(bar.maximum() // 2)
        app.processEvents()
        for _ in range(20):
            t0 = time.perf_counter()
            bar.triggerAction(QtWidgets.QAbstractSlider.SliderAction.SliderPageStepAdd)
            vp.repaint()
            out["scroll"].append(ms(t0))
        bar.setValue(0)
        app.processEvents()
        t0 = time.perf_counter()
        bar.setValue(bar.maximum())
        vp.repaint()
        out["end"].append(ms(t0))
    window.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {**out, "peak_mb": peak, "window_ms": build_ms}


def cold_start(runs: int) -> tuple[list[float], list[float]]:
    home = Path(tempfile.mkdtemp())
    env = dict(
        os.environ,
        BRIEFING_EXIT_AFTER_PAINT="1",
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from compiled bytecode
    cmd = [sys.executable, "-m", "briefing"]
    for _ in range(2):  # writes the sample and the bytecode caches
        subprocess.run(cmd, env=env, capture_output=True, timeout=120, cwd=ROOT)
    wall, inner = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
        wall.append((time.perf_counter() - t0) * 1000)
        if done.returncode != 0 or "first paint after" not in done.stdout:
            raise SystemExit(f"cold start failed: {done.stderr[-400:]}")
        inner.append(float(done.stdout.split("first paint after")[1].split()[0]))
    return wall, inner


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("PROJECT", "RUNS"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--with-brief",
        action="store_true",
        help="include the Brief panel in the window (slow with many highlights)",
    )
    parser.add_argument("--quick", action="store_true", help="10k only, 3 runs")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), int(args.child[1]), args.with_brief)))
        return 0
    runs = 3 if args.quick else args.runs
    cache = Path(tempfile.gettempdir()) / "briefing-bench"
    cache.mkdir(exist_ok=True)
    rows = []
    for n in (10_000,) if args.quick else (10_000, 50_000):
        project = cache / f"reader-5mb-{n}.brief"
        if not project.exists():
            print(f"building the 5 MB project with {n:,} highlights…", file=sys.stderr)
            make_project(project, n)
        extra = ["--with-brief"] if args.with_brief else []
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(project), str(runs), *extra],
            capture_output=True,
            text=True,
            timeout=1800,
            cwd=ROOT,
        )
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        rows.append((n, json.loads(done.stdout.strip().splitlines()[-1])))
    wall, inner = cold_start(runs)

    print(f"\nReader benchmark (offscreen, median of {runs} runs; ms unless noted)\n")
    print(
        "| measurement | target | "
        + " | ".join(f"5 MB, {n // 1000}k highlights" for n, _ in rows)
        + " |"
    )
    print("|---|---:|" + "---:|" * len(rows))

    def line(name: str, target: str, fn) -> None:
        print(f"| {name} | {target} | " + " | ".join(fn(r) for _, r in rows) + " |")

    line(
        "open → first highlighted screen",
        "≤ 150 (10k)",
        lambda r: f"{statistics.median(r['open']):.1f}",
    )
    line("add one highlight, p50 (window)", "≤ 8", lambda r: f"{p(r['add'], 0.5):.1f}")
    line("add one highlight, p95 (window)", "≤ 16", lambda r: f"{p(r['add'], 0.95):.1f}")
    line(
        "add one highlight, p50 / p95 (reader only)",
        "",
        lambda r: f"{p(r['add_reader'], 0.5):.1f} / {p(r['add_reader'], 0.95):.1f}",
    )
    line(
        "page-scroll frame, p50 / p95",
        "≤ 16 (50k)",
        lambda r: f"{p(r['scroll'], 0.5):.1f} / {p(r['scroll'], 0.95):.1f}",
    )
    line("jump top → bottom + paint", "", lambda r: f"{statistics.median(r['end']):.1f}")
    line(
        "window build + first paint (panels, Brief only with --with-brief)",
        "",
        lambda r: f"{r['window_ms']:.0f}",
    )
    line("peak memory (MB, ru_maxrss)", "≤ 250 (50k)", lambda r: f"{r['peak_mb']:.0f}")
    print(
        f"\nCold start, process start → first painted main window with the sample: "
        f"{statistics.median(wall):.0f} ms wall (median of {runs}; target ≤ 800), "
        f"{statistics.median(inner):.0f} ms by the app's own clock"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
