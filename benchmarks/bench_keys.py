"""What a user feels, through the real input path: QTest key and mouse events on the
real main window (offscreen), timed until the reader and the panels have painted.

    uv run python benchmarks/bench_keys.py --sizes 1k,10k,50k [--runs 5] [--only add,open]
    uv run python benchmarks/bench_keys.py --sizes 200k --runs 3

Projects: 100 sources, the first one 5 MB (paragraphs of 150-1,500 characters, a few
emoji), the other 99 about 20 kB; half the highlights on the 5 MB source (random
20-400 character spans, so they overlap), the rest spread over the others, tagged
with nine themes (keys 1-9). They are built once through ``Store.add_highlights``
and cached in the temp folder. Each size runs in a fresh process (peak memory is
its own). Measurements, each a median and p95 over the runs:

* window open: ``MainWindow(store)`` and show, until the reader has painted its first
  highlighted screen (the 5 MB source, first in the list, opens with the project);
* open source: a mouse click on the 5 MB source in the Sources list (from a small
  one), until its first highlighted screen is painted; and until the reader has
  loaded all its highlights (in chunks, in the background; the key and scroll runs
  start once it has, as a user reads the first screen meanwhile);
* switch source: a click on a small source (from the 5 MB one), until painted;
* add a highlight: a mouse drag selects about 60 characters on screen, then "1" is
  pressed (shortcut, tag, store commit, change events, pick the new highlight),
  timed from the key press until every pending paint has run (reader and panels),
  three places of the 5 MB source in turn (its start, middle and end, so the
  Highlights list jumps each time); the first press of the process is also shown
  on its own (it is in the median and p95 too);
* pick a highlight: a click on a highlight in the reader, until painted;
* scroll frame: PageDown in the reader (from the middle of the 5 MB source), until painted;
* type a note: one key press in the note editor of the picked highlight, until painted,
  and the save that follows (the editor's debounce flushed: store write, panels);
* peak memory: ru_maxrss of the process at the end.

Figures are taken on a shared machine: compare ratios within one run
(``benchmarks/compare.py BASE --only bench_keys.py``), not absolute values across days.
The older ``bench_reader.py`` pushes commands without the input path: a lower bound.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_reader import make_text  # noqa: E402

SIZES = {"1k": 1_000, "10k": 10_000, "50k": 50_000, "200k": 200_000}
MEASURES = ("window", "open", "switch", "add", "pick", "scroll", "note")
TARGETS = {
    ("add", 10_000): "≤ 8 / 16",
    ("add", 50_000): "≤ 12 / 24",
    ("add", 200_000): "p95 ≤ 50",
    ("open", 10_000): "≤ 150",
    ("open", 50_000): "≤ 300",
    ("open", 200_000): "≤ 1000",
    ("scroll", 50_000): "p95 ≤ 16",
    ("scroll", 200_000): "p95 ≤ 16",
    ("window", 50_000): "≤ 500",
    ("peak", 200_000): "≤ 400",
}


def make_project(path: Path, n: int) -> None:
    from briefing.store import Store

    tmp = path.with_suffix(".part")
    tmp.unlink(missing_ok=True)
    store = Store.create(tmp)
    try:
        big_text = make_text(5_000_000)
        sources = [store.add_source("Five megabytes", big_text)]
        texts = [big_text]
        for i in range(99):
            text = make_text(20_000, seed=100 + i)
            sources.append(store.add_source(f"Source {i + 2:03d}", text))
            texts.append(text)
        themes = [store.add_theme(f"Theme {i + 1}") for i in range(9)]
        rng = random.Random(n)
        batches: dict[int, list[tuple[int, int, int]]] = {t: [] for t in themes}
        for k in range(n):
            which = 0 if k % 2 == 0 else rng.randrange(1, 100)
            text = texts[which]
            start = rng.randrange(0, len(text) - 401)
            batches[rng.choice(themes)].append(
                (sources[which], start, start + rng.randint(20, 400))
            )
        for t, spans in batches.items():
            for i in range(0, len(spans), 5000):
                store.add_highlights(spans[i : i + 5000], theme_ids=[t])
    finally:
        store.close()
    tmp.rename(path)


# -- the measuring child ----------------------------------------------------------------


def child(project: Path, runs: int, only: set[str]) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtCore, QtWidgets
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    tmp = Path(tempfile.mkdtemp())
    shutil.copyfile(project, tmp / project.name)  # the runs add highlights: to a copy
    project = tmp / project.name
    from briefing.store import Store

    Store.open(project).close()  # an older file's one-time upgrade, before any timing
    QtCore.QCoreApplication.setOrganizationName("BriefingBench")
    QtCore.QCoreApplication.setApplicationName("BriefingBenchKeys")
    QtCore.QSettings.setDefaultFormat(QtCore.QSettings.Format.IniFormat)
    QtCore.QSettings.setPath(
        QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, str(tmp)
    )
    app = QtWidgets.QApplication([])
    from briefing.ui.main_window import MainWindow
    from briefing.ui.roles import ID_ROLE

    out: dict[str, list[float]] = {m: [] for m in MEASURES}
    out["note_save"] = []
    out["open_all"] = []
    out["add_first"] = []

    def ms(t0: float) -> float:
        return (time.perf_counter() - t0) * 1000

    def settle() -> None:
        """Run every posted event and paint (twice: a paint may post more)."""
        app.processEvents()
        app.processEvents()

    def open_window() -> tuple[Store, MainWindow]:
        store = Store.open(project)
        window = MainWindow(store)
        window.resize(1400, 900)
        window.show()
        return store, window

    if "window" in only:
        for _ in range(runs):
            t0 = time.perf_counter()
            store, window = open_window()
            settle()
            while not window.reader.paint_count and ms(t0) < 60_000:
                app.processEvents()
            out["window"].append(ms(t0))
            window.close()
            window.deleteLater()
            store.close()
            settle()

    store, window = open_window()
    window.activateWindow()
    QTest.qWaitForWindowExposed(window)
    settle()
    reader = window.reader
    vp = reader.viewport()
    sources = store.sources()
    big, small = sources[0].id, sources[1].id
    sources_list = window.findChild(QtWidgets.QAbstractItemView, "sourcesList")
    assert sources_list is not None

    def click_source(source_id: int) -> None:
        model = sources_list.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(ID_ROLE) == source_id:
                rect = sources_list.visualRect(index)
                QTest.mouseClick(
                    sources_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
                )
                return
        raise AssertionError(f"source {source_id} not listed")

    def loading() -> bool:
        """Whether the reader is still loading highlights in the background."""
        return bool(getattr(reader._loader, "loading", False))

    def shown(source_id: int, t0: float) -> float:
        settle()
        while reader.source_id != source_id and ms(t0) < 60_000:
            app.processEvents()
        return ms(t0)

    for _ in range(runs if only & {"open", "switch"} else 0):
        click_source(small)
        shown(small, time.perf_counter())
        painted = reader.paint_count
        t0 = time.perf_counter()
        click_source(big)
        out["open"].append(shown(big, t0))
        assert reader.paint_count > painted, "the reader did not paint"
        while loading() and ms(t0) < 60_000:
            app.processEvents()
        out["open_all"].append(ms(t0))
        t0 = time.perf_counter()
        click_source(small)
        out["switch"].append(shown(small, t0))
    if reader.source_id != big:
        click_source(big)
        shown(big, time.perf_counter())

    bar = reader.verticalScrollBar()
    reader.setFocus()
    settle()
    while loading():  # the user reads the first screen while the rest loads
        app.processEvents()

    def select_on_screen(where: float) -> None:
        bar.setValue(int(bar.maximum() * where))
        settle()
        y = vp.height() // 3
        b = QPoint(vp.width() // 2 + 150, y)
        start = reader.cursorRect(reader.cursorForPosition(QPoint(vp.width() // 2 - 150, y)))
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, pos=start.center())
        QTest.mouseMove(vp, b)
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)
        settle()

    def press(key: Qt.Key, measure: str) -> None:
        """Press ``key`` in the reader; time it until every pending paint has run."""
        painted = reader.paint_count
        t0 = time.perf_counter()
        QTest.keyClick(reader, key)
        settle()
        out[measure].append(ms(t0))
        assert reader.paint_count > painted, f"the reader did not repaint after {measure}"

    new_ids: list[int] = []
    if "add" in only or "pick" in only or "note" in only:
        for _ in range(runs):
            for where in (0.0, 0.5, 0.97):
                select_on_screen(where)
                if not reader.textCursor().hasSelection():
                    continue
                press(Qt.Key.Key_1, "add")
                new_ids.extend(window.selection.highlight_ids)
        assert new_ids, "no highlight was added"
        out["add_first"] = out["add"][:1]

    if "pick" in only:
        for i in range(runs):
            bar.setValue(int(bar.maximum() * (0.2 + 0.6 * i / max(1, runs))))
            settle()
            rects = [r for r, m in reader._painted.rects if not m.orphan]
            if not rects:
                continue
            target = rects[len(rects) // 2].center().toPoint()
            t0 = time.perf_counter()
            QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=target)
            settle()
            out["pick"].append(ms(t0))

    if "scroll" in only:
        for _ in range(runs):
            bar.setValue(bar.maximum() // 2)
            reader.setTextCursor(reader.cursorForPosition(QPoint(20, 20)))
            settle()
            for _ in range(20):
                press(Qt.Key.Key_PageDown, "scroll")

    if "note" in only and new_ids:
        from briefing.ui.note_editor import NoteEditor

        window.selection.set_highlights([new_ids[-1]])
        settle()
        editor = next(
            (e for e in window.findChildren(NoteEditor) if e.highlight_id == new_ids[-1]), None
        )
        if editor is not None and editor.isVisible():
            edit = editor.findChild(QtWidgets.QPlainTextEdit)
            assert edit is not None
            edit.setFocus()
            for _ in range(runs):
                for ch in "note ":
                    t0 = time.perf_counter()
                    QTest.keyClicks(edit, ch)
                    settle()
                    out["note"].append(ms(t0))
                t0 = time.perf_counter()
                editor.flush()
                settle()
                out["note_save"].append(ms(t0))
    window.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {**out, "peak_mb": peak}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def cell(values: list[float]) -> str:
    if not values:
        return "–"
    return f"{statistics.median(values):.1f} / {pct(values, 0.95):.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,50k", help="from 1k,10k,50k,200k")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default=",".join(MEASURES), help="from " + ",".join(MEASURES))
    parser.add_argument("--child", nargs=2, metavar=("PROJECT", "RUNS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    only = set(args.only.split(","))
    if args.child:
        print(json.dumps(child(Path(args.child[0]), int(args.child[1]), only)))
        return 0
    sizes = [SIZES[s.strip()] for s in args.sizes.split(",")]
    cache = Path(tempfile.gettempdir()) / "briefing-bench"
    cache.mkdir(exist_ok=True)
    rows = []
    for n in sizes:
        project = cache / f"keys-100src-{n}.brief"
        if not project.exists():
            print(f"building the project with {n:,} highlights…", file=sys.stderr)
            t0 = time.perf_counter()
            make_project(project, n)
            print(f"  built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        print(f"measuring {n:,} highlights…", file=sys.stderr)
        # window opens in one process, everything else in another (whose peak memory
        # is then that of one window through all the interactions)
        result: dict = {}
        for part in ("window", ",".join(sorted(only - {"window"}))):
            if not part or (part == "window" and "window" not in only):
                continue
            command = [sys.executable, __file__, "--child", str(project), str(args.runs)]
            done = subprocess.run(
                [*command, "--only", part],
                capture_output=True,
                text=True,
                timeout=7200,
                cwd=ROOT,
            )
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            if part == "window":
                result["window"] = figures["window"]
                result.setdefault("peak_mb", figures["peak_mb"])
            else:
                result.update({k: v for k, v in figures.items() if k != "window"})
        rows.append((n, result))

    print(
        f"\nThrough the real input path (QTest events, offscreen), {args.runs} runs; "
        "ms, median / p95 (target in brackets)\n"
    )
    print("| measurement | " + " | ".join(f"{n // 1000}k highlights" for n, _ in rows) + " |")
    print("|---|" + "---:|" * len(rows))
    names = {
        "window": "window open → first highlighted screen",
        "open": "open the 5 MB source (click) → highlighted screen",
        "open_all": "… and all its highlights loaded (background chunks)",
        "switch": "switch to a small source (click)",
        "add": 'select + press "1" → painted',
        "add_first": "… the first of them (code and caches still cold)",
        "pick": "pick a highlight (click) → painted",
        "scroll": "scroll frame (PageDown → painted)",
        "note": "type a note, per key → painted",
        "note_save": "note saved (debounce flushed) → painted",
    }
    for key, name in names.items():
        if key not in only and not (
            (key == "note_save" and "note" in only)
            or (key == "open_all" and "open" in only)
            or (key == "add_first" and "add" in only)
        ):
            continue
        cells = []
        for n, r in rows:
            target = TARGETS.get((key, n))
            cells.append(cell(r.get(key, [])) + (f" ({target})" if target else ""))
        print(f"| {name} | " + " | ".join(cells) + " |")
    cells = []
    for n, r in rows:
        target = TARGETS.get(("peak", n))
        cells.append(f"{r['peak_mb']:.0f}" + (f" ({target})" if target else ""))
    print("| peak memory, MB (ru_maxrss) | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
