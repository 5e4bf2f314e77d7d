"""The sample's export command against a bare reportlab import (issue 12).

Target: ``briefing export Sample.brief out.pdf``, after a first run (the
parsed-font cache warm) and with compiled bytecode, takes at most 2.5x the
CPU time of ``python -c "import reportlab.platypus"``. Each command runs in
a fresh process, alternately, ``--runs`` times; CPU time (user + system) of
each child; the ratio is of the medians.

    uv run python benchmarks/bench_export_command.py            # 5 runs each
    uv run python benchmarks/bench_export_command.py --imports  # and what the export imports
                                                                # beyond reportlab.platypus

The environment may set PYTHONDONTWRITEBYTECODE; the script compiles
Briefing's modules first (``compileall``), as an installed package has them.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = [sys.executable, "-c", "import reportlab.platypus"]


def _briefing(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "briefing"
    if script.exists():
        return [sys.executable, str(script), *args]
    return [sys.executable, "-m", "briefing", *args]


def _cpu(cmd: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, env=env, capture_output=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _imports(cmd: list[str], env: dict[str, str]) -> dict[str, int]:
    """Module -> self import time (µs) from ``-X importtime``."""
    done = subprocess.run(
        [cmd[0], "-X", "importtime", *cmd[1:]], env=env, capture_output=True, text=True, cwd=ROOT
    )
    out = {}
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, self_us, _cum, name = (p.strip() for p in line.replace(":", "|", 1).split("|"))
            if self_us.isdigit():
                out[name] = int(self_us)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--imports", action="store_true")
    args = ap.parse_args()
    compileall.compile_dir(str(ROOT / "briefing"), quiet=1)
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        sample = str(Path(tmp) / "Sample.brief")
        out = str(Path(tmp) / "out.pdf")
        subprocess.run(_briefing("sample", sample), check=True, env=env, capture_output=True)
        export = _briefing("export", sample, out)
        _cpu(export, env)  # the first run fills the font cache
        _cpu(BARE, env)
        times: dict[str, list[float]] = {"export": [], "bare": []}
        for _ in range(args.runs):
            times["export"].append(_cpu(export, env))
            times["bare"].append(_cpu(BARE, env))
        if args.imports:
            mine, bare = _imports(export, env), _imports(BARE, env)
            extra = sorted(((us, m) for m, us in mine.items() if m not in bare), reverse=True)
            print(f"Imported by the export beyond reportlab.platypus: {len(extra)} modules, ")
            print(f"{sum(us for us, _ in extra) / 1000:.0f} ms self time under -X importtime:")
            for us, m in extra[:25]:
                print(f"  {us / 1000:6.1f} ms  {m}")
            print()
    e, b = statistics.median(times["export"]), statistics.median(times["bare"])
    print(f"CPU time, median (max) of {args.runs} runs each, alternately:")
    print()
    print("| Command | CPU s median | max |")
    print("|---|---|---|")
    print(f"| `briefing export Sample.brief out.pdf` | {e:.3f} | {max(times['export']):.3f} |")
    print(f'| `python -c "import reportlab.platypus"` | {b:.3f} | {max(times["bare"]):.3f} |')
    print()
    print(f"Ratio of medians: {e / b:.2f}x (target <= 2.5x)")


if __name__ == "__main__":
    main()
