"""Project file speed: one edit's commit (median, p95) and opening a project
with 100 sources and 50,000 highlights. Prints a table.

    uv run python benchmarks/bench_store.py
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vocabulary import CORE_WORDS

from briefing.store import Store

WORDS = CORE_WORDS


def prose(n_chars: int, rng: random.Random) -> str:
    out, size = [], 0
    while size < n_chars:
        para = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 200))) + "."
        out.append(para)
        size += len(para) + 2
    return "\n\n".join(out)


def build(path: Path, sources: int, highlights: int) -> None:
    rng = random.Random(1)
    with Store.create(path) as s:
        themes = [s.add_theme(f"Theme {i}") for i in range(8)]
        sids = [s.add_source(f"Source {i}", prose(50_000, rng)) for i in range(sources)]
        per = highlights // sources
        for sid in sids:
            spans = []
            for _ in range(per):
                a = rng.randrange(0, 49_000)
                spans.append((sid, a, a + rng.randint(20, 400)))
            s.add_highlights(spans, theme_ids=[rng.choice(themes)], note="a note")


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.brief"
        t0 = time.perf_counter()
        build(path, 100, 50_000)
        rows.append(("build 100 sources / 50k highlights (setup)", time.perf_counter() - t0, ""))
        opens, loads = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            s = Store.open(path)
            s.sources(), s.themes(), s.theme_counts()
            opens.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            s.highlights()
            loads.append(time.perf_counter() - t0)
            s.close()
        rows.append(("open + sources + themes (median of 5)", statistics.median(opens), "<= 0.5 s"))
        rows.append(("  + all 50k highlights (median of 5)", statistics.median(loads), ""))
        s = Store.open(path)
        hids = [h.id for h in s.highlights(1)]
        commits = []
        for i in range(400):
            t0 = time.perf_counter()
            s.update_highlight(hids[i % len(hids)], note=f"edit {i}")
            commits.append(time.perf_counter() - t0)
        adds = []
        for i in range(200):
            t0 = time.perf_counter()
            s.add_highlight(1, i, i + 10)
            adds.append(time.perf_counter() - t0)
        s.close()
    commits.sort()
    adds.sort()
    p95 = lambda xs: xs[int(len(xs) * 0.95)]  # noqa: E731
    rows.append(("edit a note: commit median", statistics.median(commits), "<= 5 ms"))
    rows.append(("edit a note: commit p95", p95(commits), "<= 16 ms"))
    rows.append(("add a highlight: commit median", statistics.median(adds), ""))
    rows.append(("add a highlight: commit p95", p95(adds), ""))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'what':48} {'time':>10}  target")
    for name, secs, target in rows:
        shown = f"{secs * 1000:8.2f} ms" if secs < 1 else f"{secs:8.2f} s "
        print(f"{name:48} {shown:>10}  {target}")
    print(f"{'peak memory':48} {peak:8.0f} MB")


if __name__ == "__main__":
    main()
