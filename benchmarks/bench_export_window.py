"""Does the window keep repainting while a PDF brief is exported?

Builds a project with 40 sources and 800 tagged excerpts, opens the main
window, starts File > Export to PDF (a child process) and, while it runs,
repaints the reader every 10 ms, recording the longest gap between two
repaints. Prints a table.

    uv run python benchmarks/bench_export_window.py
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from briefing.store import Store
from briefing.ui import prompts


def build(path: Path) -> None:
    rng = random.Random(3)
    sentence = (
        "Officials said the situation in the northern provinces remains tense, and "
        "several factions have refused to hand over checkpoints. "
    )
    with Store.create(path, title="Benchmark brief") as s:
        themes = [s.add_theme(f"Theme {i}") for i in range(8)]
        for t in themes:
            s.update_theme(t, narrative="A narrative paragraph. " * 20)
        for i in range(40):
            text = "\n\n".join(sentence * 4 for _ in range(30))
            sid = s.add_source(f"Source {i}", text, date="2026-01-01")
            spans = []
            for _ in range(20):
                a = rng.randrange(0, len(text) - 300)
                spans.append((sid, a, a + rng.randint(80, 250)))
            s.add_highlights(spans, theme_ids=[rng.choice(themes)], note="An analyst note.")


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("BriefingBench")
    from briefing.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "big.brief"
        build(project)
        store = Store.open(project)
        window = MainWindow(store)
        window.resize(1400, 900)
        window.show()
        window.selection.set_source(store.sources()[0].id)
        for _ in range(10):
            app.processEvents()
        done = []
        prompts.done = lambda *a, **k: done.append(time.perf_counter()) or None
        prompts.error = lambda *a, **k: done.append(time.perf_counter()) or print("error:", a)
        gaps, last, paints = [], [time.perf_counter()], [0]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now
            window.reader.viewport().repaint()
            paints[0] += 1

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(10)
        t0 = time.perf_counter()
        window.files.export_pdf(Path(tmp) / "out.pdf")
        while not done and time.perf_counter() - t0 < 300:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        export_s = (done[0] if done else time.perf_counter()) - t0
        window.close()
        store.close()
    gaps.sort()
    print(f"{'what':44} {'value':>12}")
    print(f"{'export of a ~100-page brief (child process)':44} {export_s:10.2f} s")
    print(f"{'reader repaints during the export':44} {paints[0]:12d}")
    print(f"{'median gap between repaints (10 ms timer)':44} {gaps[len(gaps) // 2] * 1000:9.1f} ms")
    print(f"{'longest gap between repaints':44} {gaps[-1] * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
