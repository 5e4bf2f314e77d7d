"""The sample's export command against a bare Python that only imports reportlab's
layout engine: what a user waits for when exporting a small brief from a shell.

    uv run python benchmarks/bench_export_command.py [--runs 5]

Both run as fresh processes with this interpreter, compiled bytecode (the tree
is compiled first: the environment may set PYTHONDONTWRITEBYTECODE) and, for the
export, a warm font cache (one run first, not counted). The figure is CPU time
(user + system) of the child, median and p95 of the runs, and their ratio;
wall-clock time is printed too. The target (issue 12): the export command within
2.5× the bare import.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cpu_of(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of ``cmd`` in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    compileall.compile_dir(ROOT / "briefing", quiet=1)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        sample, out = Path(tmp) / "Sample.brief", Path(tmp) / "out.pdf"
        py = sys.executable
        subprocess.run([py, "-m", "briefing", "sample", str(sample)], env=env, check=True)
        export = [py, "-m", "briefing", "export", str(sample), str(out)]
        bare = [py, "-c", "import reportlab.platypus"]
        cpu_of(export, env)  # warm the font cache and the bytecode
        cpu_of(bare, env)
        runs: dict[str, list[tuple[float, float]]] = {"export": [], "bare": []}
        for _ in range(args.runs):  # alternate, so both share the machine's noise
            runs["export"].append(cpu_of(export, env))
            runs["bare"].append(cpu_of(bare, env))
    cpu = {k: [c for c, _ in v] for k, v in runs.items()}
    wall = {k: [w for _, w in v] for k, v in runs.items()}
    print(f"\nThe sample's export command, {args.runs} runs, seconds, median / p95\n")
    print("| what | CPU | wall |")
    print("|---|---:|---:|")
    names = {
        "bare": "python -c 'import reportlab.platypus'",
        "export": "briefing export Sample.brief out.pdf",
    }
    for key in ("bare", "export"):
        print(
            f"| {names[key]} | {statistics.median(cpu[key]):.3f} / {pct(cpu[key], 0.95):.3f}"
            f" | {statistics.median(wall[key]):.3f} / {pct(wall[key], 0.95):.3f} |"
        )
    ratio = statistics.median(cpu["export"]) / statistics.median(cpu["bare"])
    print(f"| export / bare, CPU medians | {ratio:.2f}× (target ≤ 2.5×) | |")


if __name__ == "__main__":
    main()
