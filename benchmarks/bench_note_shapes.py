"""Hostile note shapes: parse and PDF export time and peak memory of one large note.

    uv run python benchmarks/bench_note_shapes.py [--size CHARS] [--runs N] [--only SHAPE ...]

Each shape is a note of about ``--size`` characters (default 2,000,000, the
note cap) on the one highlight of a small project:

* ``quotes``    -- nested ``> > >`` lines, 1 to 40 levels deep;
* ``cell``      -- a table whose one cell holds 300,000 characters (the whole
                   note, whatever ``--size``);
* ``code``      -- one fenced code block of the whole size;
* ``emphasis``  -- long runs of ``**a `` and ``_b_ *`` markers;
* ``lists``     -- nested list items, 1 to 40 levels deep;
* ``prose``     -- ordinary paragraphs, for comparison (no cap applies: this is
                   the PDF layout's own speed).

For each shape ``python -m briefing export`` writes a PDF in a child process
(``--runs`` times); the table shows the median and p95 wall time and the
child's peak resident memory (``ru_maxrss``), plus the time the markup
parser alone takes in this process.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def shape(name: str, size: int) -> str:
    if name == "quotes":
        lines, n, depth = [], 0, 0
        while n < size:
            depth = depth % 40 + 1
            line = "> " * depth + f"level {depth} of a quote that goes deeper and deeper"
            lines.append(line)
            n += len(line) + 1
        return "\n".join(lines)
    if name == "lists":
        lines, n, depth = [], 0, 0
        while n < size:
            depth = depth % 40 + 1
            line = "  " * (depth - 1) + f"- item at level {depth} of a list"
            lines.append(line)
            n += len(line) + 1
        return "\n".join(lines)
    if name == "cell":
        cell = ("word " * 60_000)[:300_000]
        return f"| head | other |\n|---|---|\n| {cell} | b |\n"
    if name == "prose":
        para = "An ordinary paragraph of the note, with a few words in it. " * 10
        return "\n\n".join([para] * (size // (len(para) + 2)))
    if name == "code":
        line = "x = compute(y, z)  # a line of code in a very long listing\n"
        return "```\n" + line * (size // len(line)) + "```\n"
    if name == "emphasis":
        unit = "**a _b_ *c "
        return unit * (size // len(unit))
    raise ValueError(name)


SHAPES = ("quotes", "cell", "code", "emphasis", "lists", "prose")


def build(path: Path, note: str) -> None:
    from briefing.store import Store

    text = "The minister said the talks would resume next week in the capital."
    with Store.create(path, title="Note shapes") as store:
        sid = store.add_source("A report", text, author="Wire", date="2026-12-01")
        tid = store.add_theme("Talks")
        store.add_highlight(sid, 4, 40, theme_ids=[tid], note=note)


def export_once(project: Path, out: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "export", str(project), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"export failed: {proc.stderr.strip()}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024  # high-water mark over the children so far


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=2_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", nargs="*", choices=SHAPES)
    args = ap.parse_args()
    from briefing.brief.markup import parse

    print(f"note of {args.size:,} characters, {args.runs} runs each\n")
    print(f"{'shape':<10}{'parse s':>9}{'export median s':>17}{'p95 s':>8}{'peak MB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only or SHAPES:
            note = shape(name, args.size)
            t0 = time.perf_counter()
            parse(note + " ")  # not the cached text the export parses
            parse_s = time.perf_counter() - t0
            project = Path(tmp) / f"{name}.brief"
            build(project, note)
            times, peaks = [], []
            for r in range(args.runs):
                # a fresh child per run: the peak of each run is its own
                elapsed, peak = _isolated(project, Path(tmp) / f"{name}{r}.pdf")
                times.append(elapsed)
                peaks.append(peak)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(
                f"{name:<10}{parse_s:>9.2f}{statistics.median(times):>17.2f}{p95:>8.2f}"
                f"{max(peaks):>9.0f}"
            )


def _isolated(project: Path, out: Path) -> tuple[float, float]:
    """One export in a grandchild, so ``ru_maxrss`` is that export's own peak."""
    code = (
        "import sys, resource; sys.path.insert(0, sys.argv[3]);"
        "from bench_note_shapes import export_once;"
        "from pathlib import Path;"
        "t, _ = export_once(Path(sys.argv[1]), Path(sys.argv[2]));"
        "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
    )
    here = str(Path(__file__).resolve().parent)
    proc = subprocess.run(
        [sys.executable, "-c", code, str(project), str(out), here],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    t, peak = proc.stdout.split()
    return float(t), float(peak)


if __name__ == "__main__":
    main()
