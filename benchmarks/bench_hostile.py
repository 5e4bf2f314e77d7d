"""Import budgets (issue 11): generates the hostile files and times
``briefing import`` on each under ``/usr/bin/time -v`` (wall clock and peak resident
memory of the command and its child process), several runs each. Prints a table
of median and p95 seconds, peak memory, and the outcome (imported, or the
one-line refusal).

    uv run python benchmarks/bench_hostile.py [--runs N] [--only NAME] [--keep DIR]

Also times the sample's plain text (read in-process) and a small HTML page (read
in the child process), to show what the child costs an ordinary file.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus import hostile  # noqa: E402


def _sample_text(folder: Path) -> Path:
    path = folder / "sample.txt"
    shutil.copy(ROOT / "resources" / "iraq-transition-2025-12-29.txt", path)
    return path


CASES = [  # (name, generator, goal)
    ("docx bomb, 1 GB of XML", lambda d: hostile.docx_bomb(d, 1 << 30), "refused ≤ 10 s, ≤ 500 MB"),
    (
        "docx, 200 M characters",
        lambda d: hostile.docx_bomb(d, 200_000_000, "bomb-200m.docx"),
        "refused",
    ),
    ("docx, 60k short paragraphs", lambda d: hostile.docx_paragraphs(d, 60_000), "≤ 5 s"),
    (
        "docx, 3M short paragraphs",
        lambda d: hostile.docx_paragraphs(d, 3_000_000, "p3m.docx"),
        "refused fast",
    ),
    ("Markdown, 100 KB of '**a '", lambda d: hostile.markdown_stars(d, 100_000), "≤ 5 s"),
    ("PDF, 1,000 pages of one paragraph", lambda d: hostile.pdf_prose(d, 1000), "≤ 20 s"),
    ("HTML, 100k paragraphs", lambda d: hostile.html_paragraphs(d, 100_000), "≤ 20 s"),
    ("HTML, 11 MB text run", lambda d: hostile.html_long_run(d, 11_000_000), "imported"),
    ("HTML, 100k nested divs", lambda d: hostile.html_nested_divs(d, 100_000), "imported"),
    ("PDF flate bomb, 1 GB", lambda d: hostile.pdf_flate_bomb(d, 1 << 30), "refused: bomb"),
    ("PDF, dictionaries nested 5,000 deep", lambda d: hostile.pdf_nested(d, 5000), "no noise"),
    ("sample text (in-process)", _sample_text, "no slower"),
    ("small HTML page (child)", lambda d: hostile.html_paragraphs(d, 20, "small.html"), "overhead"),
]


def _run(project: Path, file: Path) -> tuple[float, int, str]:
    """(seconds, peak resident MB, first line of output) of one import."""
    subprocess.run(
        [sys.executable, "-m", "briefing", "new", str(project)], check=True, capture_output=True
    )
    done = subprocess.run(
        [
            "/usr/bin/time",
            "-v",
            sys.executable,
            "-m",
            "briefing",
            "import",
            str(project),
            str(file),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    project.unlink()
    clock = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    assert clock and rss, done.stderr
    hours, minutes, seconds = clock.groups()
    elapsed = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    said = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        if line.strip() and not line.startswith(("\t", "Command exited"))
    ]
    outcome = said[0] if said else ""
    if done.returncode == 0 and "\t" in outcome:  # "id<TAB>title<TAB>date<TAB>size"
        outcome = "imported, " + outcome.split("\t")[-1]
    warnings = sum(line.startswith("warning:") for line in said)
    if warnings:
        outcome += f" ({warnings} warning line{'s' if warnings > 1 else ''})"
    return elapsed, int(rss.group(1)) // 1024, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="cases whose name contains this")
    parser.add_argument("--keep", default="", help="write the files here and keep them")
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("needs /usr/bin/time (apt-get install time)")
    folder = Path(args.keep or tempfile.mkdtemp(prefix="hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"| Case | File | Goal | Median / p95 s | Peak MB | Outcome |\n|{'---|' * 6}")
    try:
        for name, make, goal in CASES:
            if args.only.lower() not in name.lower():
                continue
            path = make(folder)
            size = path.stat().st_size
            runs = [_run(folder / "bench.brief", path) for _ in range(args.runs)]
            times = sorted(r[0] for r in runs)
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            outcome = runs[-1][2].replace("|", "/")
            print(
                f"| {name} | {size / 1024:,.0f} KB | {goal} | "
                f"{statistics.median(times):.2f} / {p95:.2f} | {max(r[1] for r in runs)} | "
                f"{outcome[:110]} |",
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
