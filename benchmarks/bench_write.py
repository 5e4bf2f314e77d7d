"""The Write workspace with many highlights: what the analyst waits for.

Builds a project of ``--highlights`` highlights (default 50,000) over 20
sources and 12 themes with four key judgments, opens the real window
(offscreen) and times, through the window:

- switching to Write the first time (the document and the Evidence panel are
  built and filled) and again afterwards;
- one key press in a judgment card's text (the keystroke, then the document
  and preview updates it causes once the typing is committed);
- unticking an excerpt in a section (the command, the document's update);
- typing a filter word in the Evidence panel (the filter pass and the list).

Each figure is the median and p95 of ``--reps`` runs; peak memory is the
process's resident maximum at the end.

    uv run python benchmarks/bench_write.py
    uv run python benchmarks/bench_write.py --highlights 5000 --reps 5
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from vocabulary import WORDS  # noqa: E402


def build(path: Path, n_highlights: int):
    from briefing.store import Store

    store = Store.create(path)
    themes = [store.add_theme(f"Theme {i + 1}") for i in range(12)]
    words = WORDS * 4
    per_source = n_highlights // 20 + 1
    spans = []
    for s in range(20):
        sentences = [
            " ".join(words[(s + i + k) % len(words)] for k in range(12)).capitalize() + "."
            for i in range(per_source)
        ]
        text = " ".join(sentences)
        sid = store.add_source(f"Source {s + 1}", text, date="2025-12-01")
        pos = 0
        for sentence in sentences:
            spans.append((sid, pos, pos + len(sentence) - 1))
            pos += len(sentence) + 1
    spans = spans[:n_highlights]
    with store.batch():
        for t, tid in enumerate(themes):
            store.add_highlights(spans[t :: len(themes)], theme_ids=[tid])
    ids = [h.id for h in store.highlights()[:12]]
    for j in range(4):
        store.add_judgment(
            f"Judgment {j + 1} will likely hold.",
            confidence="moderate",
            likelihood="likely",
            support=ids[j * 3 : j * 3 + 3],
        )
    return store


def stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--highlights", type=int, default=50_000)
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()

    from PySide6 import QtCore, QtWidgets
    from PySide6.QtTest import QTest

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    app.setOrganizationName("BriefingBench")
    rows: list[tuple[str, list[float]]] = []

    def settle(ms: int = 0) -> None:
        deadline = time.perf_counter() + ms / 1000
        while True:
            app.processEvents()
            if time.perf_counter() >= deadline:
                break

    with tempfile.TemporaryDirectory() as tmp:
        QtCore.QSettings.setDefaultFormat(QtCore.QSettings.Format.IniFormat)
        QtCore.QSettings.setPath(  # never the user's settings
            QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, tmp
        )
        t0 = time.perf_counter()
        store = build(Path(tmp) / "big.brief", args.highlights)
        print(f"built {args.highlights:,} highlights in {time.perf_counter() - t0:.1f} s")
        from briefing.ui.main_window import MainWindow

        win = MainWindow(store)
        win.resize(1600, 1000)
        win.show()
        settle(300)
        first: list[float] = []
        again: list[float] = []
        t = time.perf_counter()
        win.action("view.write").trigger()
        settle()
        first.append((time.perf_counter() - t) * 1000)
        doc = win.panels["brief"].document
        evidence = win.panels["evidence"]
        for _ in range(args.reps):
            win.action("view.read").trigger()
            settle(50)
            t = time.perf_counter()
            win.action("view.write").trigger()
            doc.catch_up(force=True)
            evidence.refresh()
            settle()
            again.append((time.perf_counter() - t) * 1000)
        rows += [("switch to Write, first time", first), ("switch to Write again", again)]

        card = next(iter(doc.judgment_cards.values()))
        editor = card.text.editor
        editor.setFocus()
        keys: list[float] = []
        commits: list[float] = []
        for _ in range(args.reps):
            t = time.perf_counter()
            QTest.keyClick(editor, QtCore.Qt.Key.Key_A)
            keys.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            doc.flush()
            doc.catch_up(force=True)
            win.panels["brief"].refresh_preview()
            commits.append((time.perf_counter() - t) * 1000)
        rows += [("key press in a judgment", keys), ("its commit + document + checks", commits)]

        section = doc.section_cards[doc.section_ids()[0]]
        ticks: list[float] = []
        for _ in range(args.reps):
            item = section.excerpts.item(0)
            t = time.perf_counter()
            item.setCheckState(
                QtCore.Qt.CheckState.Unchecked
                if item.checkState() == QtCore.Qt.CheckState.Checked
                else QtCore.Qt.CheckState.Checked
            )
            doc.catch_up(force=True)
            ticks.append((time.perf_counter() - t) * 1000)
        rows.append(("untick an excerpt (+ document)", ticks))

        filters: list[float] = []
        for word in ("alpha", "beta", "gamma", "delta", "omega", "sigma", "theta")[: args.reps]:
            t = time.perf_counter()
            evidence.set_filter(text=word)
            settle()
            filters.append((time.perf_counter() - t) * 1000)
        rows.append(("Evidence: filter by a word", filters))
        win.close()
        store.close()

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nWrite workspace, {args.highlights:,} highlights ({args.reps} runs, ms)")
    print(f"{'what':<34}{'median':>9}{'p95':>9}")
    for name, values in rows:
        med, p95 = stats(values)
        print(f"{name:<34}{med:>9.1f}{p95:>9.1f}")
    print(f"peak resident memory: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
