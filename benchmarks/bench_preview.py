"""How long the Brief dock's live preview takes to refresh (target: <= 200 ms).

One refresh is what ``BriefPanel.refresh_preview`` does: load the project,
compose, render the Qt-preview HTML, run the tradecraft checks, and
``setHtml`` on the preview (with its layout). Measured on the bundled sample
project, median of 20 runs, each step timed separately.

    uv run python benchmarks/bench_preview.py
    uv run python benchmarks/bench_preview.py --runs 50
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_MS = 200.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from briefing.brief.checks import check_brief
    from briefing.brief.compose import compose
    from briefing.render.html import render_html
    from briefing.sample import write_sample
    from briefing.ui.brief_preview import BriefPreview

    app = QApplication.instance() or QApplication([])
    steps = ("load project", "compose", "render_html", "checks", "setHtml + layout", "total")
    times: dict[str, list[float]] = {s: [] for s in steps}
    with tempfile.TemporaryDirectory() as tmp:
        store = write_sample(Path(tmp) / "sample.brief")
        preview = BriefPreview()
        preview.resize(520, 800)
        preview.show()
        try:
            for i in range(args.runs + 1):  # the first run warms up (imports, fonts)
                t0 = time.perf_counter()
                project = store.load_project()
                t1 = time.perf_counter()
                doc = compose(project)
                t2 = time.perf_counter()
                html = render_html(doc, for_preview=True)
                t3 = time.perf_counter()
                check_brief(project)
                t4 = time.perf_counter()
                preview._html = ""  # force the update
                preview.show_html(html)
                app.processEvents()
                t5 = time.perf_counter()
                if i == 0:
                    continue
                for name, a, b in zip(
                    steps, (t0, t1, t2, t3, t4, t0), (t1, t2, t3, t4, t5, t5), strict=False
                ):
                    times[name].append((b - a) * 1000)
        finally:
            preview.close()
            store.close()
    print(f"Preview refresh on the sample project ({args.runs} runs, ms)")
    print(f"{'step':<18}{'median':>9}{'min':>9}{'max':>9}")
    for name in steps:
        values = times[name]
        print(f"{name:<18}{statistics.median(values):>9.2f}{min(values):>9.2f}{max(values):>9.2f}")
    median = statistics.median(times["total"])
    verdict = "OK" if median <= TARGET_MS else "SLOW"
    print(f"\nmedian total {median:.1f} ms; target <= {TARGET_MS:.0f} ms: {verdict}")
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
