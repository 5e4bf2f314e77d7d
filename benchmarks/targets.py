"""Every performance target a user feels, in one command: runs the scripts that
measure them, one after another, and prints their tables.

    uv run python benchmarks/targets.py            # about 8 minutes on an idle 2-core machine
    uv run python benchmarks/targets.py --big      # and 200k highlights, the 1,450-page PDF

* ``bench_keys.py``: the window through QTest key and mouse events (open, switch
  source, add a highlight, pick, scroll, type a note, peak memory) at 10k and 50k
  highlights (and 200k with ``--big``);
* ``bench_export_command.py``: the sample's export command against a bare import
  of reportlab's layout engine;
* ``bench_pdf.py``: the PDF export's CPU time per page against the bare-reportlab
  floor (``pdf_floor.py``), and its peak memory;
* ``bench_export_window.py``: the window's repaints while a PDF exports;
* ``bench_preview.py``: the brief preview;
* ``bench_edit_stall.py``: how long the window stops answering after one edit
  while the preview and the checks follow (Read and Write).

Nothing here asserts: read the tables (medians and p95) against the targets in
the README, and compare ratios, not single figures, on a shared machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big", action="store_true", help="also 200k highlights and ~1,450 pages")
    args = ap.parse_args()
    sizes = "10k,50k,200k" if args.big else "10k,50k"
    pdf_sizes = "800,4000,12500" if args.big else "800,4000"
    scripts = [
        ["bench_keys.py", "--sizes", sizes, "--runs", "10"],
        ["bench_export_command.py", "--runs", "5"],
        ["bench_pdf.py", "--sizes", pdf_sizes, "--runs", "3"],
        ["bench_export_window.py"],
        ["bench_preview.py"],
        ["bench_edit_stall.py", "--sizes", "10k,50k", "--reps", "5"],
    ]
    failed = 0
    for script, *rest in scripts:
        print(f"\n## {script} {' '.join(rest)}  ({time.strftime('%Y-%m-%d %H:%M')})", flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *rest])
        if done.returncode:
            print(f"{script} failed (exit {done.returncode})", flush=True)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
