"""Run every benchmark on a baseline commit and on this tree, and compare.

    uv run python benchmarks/compare.py BASELINE [--reps 3] [--only NAME ...] [--full]

BASELINE is any commit (``beaec3d``, ``main``, ``HEAD~3``): it is checked out
in a temporary ``git worktree add --detach`` and removed afterwards (or give
``--baseline-tree PATH`` to use a tree you already have). Each benchmark runs
from its own tree's copy of the script, with that tree first on PYTHONPATH
(child processes too) and its own TMPDIR (bench_reader caches projects there).
Both trees run with this interpreter, so the dependencies are this tree's.

Per repetition every script runs once on each tree, back to back, the order
alternating (baseline first, then current first, ...) so both share the
machine's noise. The figures of each table row are parsed (markdown pipe
tables, column tables with a header, ``label  value unit`` lines, and numbers
in free text, where figures that never change are taken for parameters and
left out); the medians over the repetitions are compared as
current / baseline. A ratio over 1.1 is flagged "!", or under 1/1.1 for
figures where higher is better (pages/s, repaints); a figure that was 0 and is
not any more is flagged "changed". When a script's output cannot be parsed,
or it failed, both raw outputs are printed instead.

Quick settings (the default; ``--full`` runs each script's own defaults):
bench_anchoring ``--runs 1``, bench_pdf ``--runs 1``, bench_preview
``--runs 10``, bench_reader ``--quick``. Then one repetition takes about
1.5 minutes on an idle 2-core machine (bench_pdf ~20 s per tree, bench_anchoring
~10 s, the others 1-5 s); ``--full`` about 4 minutes. The machine is usually
shared: read ratios near 1 as noise, and rerun with more ``--reps`` before
believing a single flag.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

QUICK_ARGS: dict[str, list[str]] = {
    "bench_anchoring.py": ["--runs", "1"],
    "bench_pdf.py": ["--runs", "1"],
    "bench_preview.py": ["--runs", "10"],
    "bench_reader.py": ["--quick"],
    "bench_note_shapes.py": ["--size", "300000", "--runs", "1", "--only", "quotes", "code"],
    "bench_reimport.py": ["--size", "1000000", "--highlights", "2500", "--runs", "1"],
}
SKIP = {"compare.py", "vocabulary.py"}
THRESHOLD = 1.1
HIGHER_IS_BETTER = re.compile(r"/s\b|per s\b|repaints during", re.IGNORECASE)

# -- parsing ------------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w.]*\w)")
UNIT = re.compile(r" ?(ms|s|MB|MiB|KB|GB|%|×|x)(?![\w])")
GAP = re.compile(r"\S\s{2,}")
PIPE_RULE = re.compile(r"^\|[\s:|-]+\|$")
RULE = re.compile(r"^\s*[-=─]{3,}\s*$")

Figures = dict[tuple[str, str], float]
"""(row, figure) -> value."""


def numbers(text: str) -> Iterator[tuple[float, int, int, str]]:
    """Each number in ``text``: value, start, end, and the unit right after it
    (seconds become milliseconds, so a script that switches units still matches)."""
    for m in NUMBER.finditer(text):
        value = float(m.group(1).replace(",", ""))
        found = UNIT.match(text, m.end())
        unit = found.group(1) if found else ""
        if unit == "s":
            value, unit = value * 1000, "ms"
        yield value, m.start(), m.end(), unit


def cells(line: str) -> list[tuple[str, int, int]]:
    """Cells of a column-table line: runs of text separated by 2+ spaces."""
    return [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)*", line)]


def is_header(line: str) -> bool:
    found = cells(line)
    return len(found) >= 2 and not any(
        next(numbers(c), None) and c[:1].isdigit() for c, *_ in found
    )


def add(out: Figures, row: str, figure: str, value: float) -> None:
    key = (row, figure)
    n = 2
    while key in out:
        key = (f"{row} ({n})", figure)
        n += 1
    out[key] = value


def parse_pipe_table(lines: list[str], out: Figures) -> None:
    header = [c.strip() for c in lines[0].strip().strip("|").split("|")]
    for i, line in enumerate(lines[1:]):
        if PIPE_RULE.match(line.strip()):
            continue
        row = [c.strip() for c in line.strip().strip("|").split("|")]
        label, first = row[0], 1
        if NUMBER.fullmatch(label):  # no label column: every cell is a figure
            label, first = f"row {i}", 0
        for j, cell in enumerate(row[first:], first):
            column = header[j] if j < len(header) else f"column {j}"
            if column.lower() == "target":
                continue
            found = list(numbers(cell))
            for k, (value, *_) in enumerate(found, 1):
                add(out, label, column if len(found) == 1 else f"{column} [{k}]", value)


def parse_row(line: str, header: list[tuple[str, int, int]] | None, out: Figures) -> bool:
    """A column-table row: a label, 2+ spaces, then figures under the header's columns."""
    gap = GAP.search(line)
    if gap is None:
        return False
    label = line[: gap.start() + 1].strip()
    rest_at = gap.end()
    found = [n for n in numbers(line) if n[1] >= rest_at]
    if not label or not found:
        return False
    columns = (header or [])[1:]
    for k, (value, start, end, unit) in enumerate(found, 1):
        name = "value" if len(found) == 1 else f"value [{k}]"
        if columns:
            overlap = [c for c in columns if c[1] < end and start < c[2]]
            name = (
                overlap[0]
                if overlap
                else min(columns, key=lambda c: min(abs(end - c[2]), abs(start - c[1])))
            )[0]
        if name.lower() == "target":
            continue
        if unit and unit not in name.split():
            name = f"{name} ({unit})"
        add(out, label, name, value)
    return True


def parse_free_text(line: str, out: Figures) -> None:
    found = list(numbers(line))
    if not found:
        return
    label = NUMBER.sub("#", line.strip())
    label = label if len(label) <= 60 else label[:59] + "…"
    for k, (value, _, _, unit) in enumerate(found, 1):
        add(out, label, f"#{k}" + (f" ({unit})" if unit else ""), value)


def parse(output: str) -> tuple[Figures, Figures]:
    """Table figures and free-text figures of one script's output."""
    table: Figures = {}
    free: Figures = {}
    blocks: list[list[str]] = [[]]
    for line in output.splitlines():
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    for block in blocks:
        pipe = [i for i, line in enumerate(block) if line.lstrip().startswith("|")]
        if pipe:
            for line in block[: pipe[0]]:
                parse_free_text(line, free)
            parse_pipe_table([block[i] for i in pipe], table)
            continue
        header: list[tuple[str, int, int]] | None = None
        for line in block:
            if RULE.match(line):
                continue
            if header is None and is_header(line):
                header = cells(line)
            elif not (header is not None and parse_row(line, header, table)):
                parse_free_text(line, free)
    return table, free


# -- running ------------------------------------------------------------------------


@dataclass
class Tree:
    name: str
    root: Path
    tmp: Path
    outputs: dict[str, list[str]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)


def environment(tree: Tree) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree.root), env.get("PYTHONPATH")]))
    env["TMPDIR"] = str(tree.tmp)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def check_imports(tree: Tree) -> None:
    """Fail early unless ``import briefing`` finds the tree's own copy."""
    found = subprocess.run(
        [sys.executable, "-c", "import briefing; print(briefing.__file__)"],
        cwd=tree.root,
        env=environment(tree),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to(tree.root.resolve()):
        raise SystemExit(f"{tree.name}: briefing is imported from {found}, not {tree.root}")


def run(tree: Tree, script: str, args: list[str], timeout: float, nice: int) -> None:
    path = tree.root / "benchmarks" / script
    if not path.is_file():
        tree.failures[script] = "no such script in this tree"
        return
    env = environment(tree)
    cmd = [sys.executable, str(path), *args]
    if nice:
        cmd = ["nice", "-n", str(nice), *cmd]
    try:
        done = subprocess.run(
            cmd,
            cwd=tree.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        tree.failures[script] = f"timed out after {timeout:.0f} s"
        return
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        tree.failures[script] = f"exit status {done.returncode}\n{tail}"
        return
    tree.outputs.setdefault(script, []).append(done.stdout)


def git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


# -- reporting ----------------------------------------------------------------------


def medians(outputs: list[str]) -> tuple[dict[tuple[str, str], float], Figures, bool]:
    """Median of each table figure, free-text figures (all runs) and whether any parsed."""
    table: dict[tuple[str, str], list[float]] = {}
    free: dict[tuple[str, str], list[float]] = {}
    for out in outputs:
        t, f = parse(out)
        for key, value in t.items():
            table.setdefault(key, []).append(value)
        for key, value in f.items():
            free.setdefault(key, []).append(value)
    return (
        {k: statistics.median(v) for k, v in table.items()},
        {k: statistics.median(v) for k, v in free.items()},
        bool(table),
    )


def flag(row: str, figure: str, base: float, cur: float) -> tuple[str, str]:
    if base == 0:
        return ("–", "" if cur == 0 else "changed")
    ratio = cur / base
    higher = bool(HIGHER_IS_BETTER.search(f"{row} {figure}"))
    bad = ratio < 1 / THRESHOLD if higher else ratio > THRESHOLD
    return f"{ratio:.2f}", ("! (higher is better)" if higher else "!") if bad else ""


def fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value == int(value) and abs(value) >= 100 else f"{value:.4g}"


def report(scripts: list[str], base: Tree, cur: Tree, reps: int) -> int:
    rows: list[tuple[str, ...]] = []
    raw: list[str] = []
    flagged = 0
    for script in scripts:
        name = script.removesuffix(".py")
        for tree in (base, cur):
            if script in tree.failures:
                raw.append(f"=== {name} on {tree.name}: FAILED ({tree.failures[script]})")
        b_out, c_out = base.outputs.get(script, []), cur.outputs.get(script, [])
        if not b_out or not c_out:
            for tree, outs in ((base, b_out), (cur, c_out)):
                if outs:
                    raw.append(f"=== {name} on {tree.name} (no counterpart), raw:\n{outs[-1]}")
            continue
        b_tab, b_free, b_ok = medians(b_out)
        c_tab, c_free, c_ok = medians(c_out)
        if not (b_ok and c_ok):
            raw.append(f"=== {name}: table not parsed; baseline raw:\n{b_out[-1]}")
            raw.append(f"=== {name}: current raw:\n{c_out[-1]}")
        # free-text figures that never changed in any run are parameters, not measurements
        b_all = [parse(o)[1] for o in b_out]
        c_all = [parse(o)[1] for o in c_out]
        varying = {
            k for k in set(b_free) | set(c_free) if len({run.get(k) for run in b_all + c_all}) > 1
        }
        b_tab.update({k: v for k, v in b_free.items() if k in varying})
        c_tab.update({k: v for k, v in c_free.items() if k in varying})
        keys = list(dict.fromkeys([*b_tab, *c_tab]))
        for row, figure in keys:
            b, c = b_tab.get((row, figure)), c_tab.get((row, figure))
            ratio, mark = flag(row, figure, b, c) if b is not None and c is not None else ("", "")
            flagged += bool(mark)
            label = row if len(row) <= 48 else row[:47] + "…"
            rows.append((name, label, figure, fmt(b), fmt(c), ratio, mark))
    head = ("benchmark", "row", "figure", "baseline", "current", "ratio", "flag")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    right = {3, 4, 5}

    def line(r: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()

    print(f"\nmedians of {reps} repetition(s); ratio = current / baseline\n")
    print(line(head))
    print("-" * len(line(head)))
    for r in rows:
        print(line(r))
    print(f"\n{flagged} figure(s) flagged (threshold {THRESHOLD}).")
    for text in raw:
        print("\n" + text)
    return 0


def save_outputs(folder: Path, trees: tuple[Tree, Tree]) -> None:
    """Each run's raw table as FOLDER/{baseline,current}-SCRIPT-REP.txt (for the README)."""
    folder.mkdir(parents=True, exist_ok=True)
    for tree in trees:
        side = tree.name.split()[0]
        for script, outputs in tree.outputs.items():
            for rep, text in enumerate(outputs, 1):
                (folder / f"{side}-{Path(script).stem}-{rep}.txt").write_text(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("baseline", help="commit to compare against (e.g. beaec3d)")
    ap.add_argument("--baseline-tree", type=Path, help="use this checkout, no worktree")
    ap.add_argument("--reps", type=int, default=3, help="repetitions per tree (default 3)")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="only these scripts")
    ap.add_argument("--full", action="store_true", help="the scripts' default settings")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per script run")
    ap.add_argument("--nice", type=int, default=0, help="run the scripts under nice -n N")
    ap.add_argument("--save", type=Path, help="also write every raw output into this folder")
    args = ap.parse_args(argv)

    scripts = sorted(p.name for p in HERE.glob("*.py") if p.name not in SKIP)
    if args.only:
        wanted = {n if n.endswith(".py") else f"{n}.py" for n in args.only}
        scripts = [s for s in scripts if s in wanted]
    work = Path(tempfile.mkdtemp(prefix="briefing-compare-"))
    worktree: Path | None = None
    try:
        if args.baseline_tree:
            base_root = args.baseline_tree.resolve()
        else:
            commit = git("rev-parse", "--verify", f"{args.baseline}^{{commit}}")
            worktree = work / "baseline"
            git("worktree", "add", "--detach", str(worktree), commit)
            base_root = worktree
        label = git("rev-parse", "--short", "HEAD")
        dirty = " + uncommitted changes" if git("status", "--porcelain", "--", ".") else ""
        base = Tree(f"baseline {args.baseline}", base_root, work / "tmp-baseline")
        cur = Tree(f"current {label}{dirty}", ROOT, work / "tmp-current")
        for tree in (base, cur):
            tree.tmp.mkdir()
            check_imports(tree)
        print(f"baseline: {base.root} ({args.baseline}); current: {ROOT} ({label}{dirty})")
        print(f"scripts: {', '.join(scripts)}; {args.reps} repetition(s)", flush=True)
        for rep in range(args.reps):
            order = (base, cur) if rep % 2 == 0 else (cur, base)
            for script in scripts:
                extra = [] if args.full else QUICK_ARGS.get(script, [])
                for tree in order:
                    print(f"  rep {rep + 1}: {script} on {tree.name}", file=sys.stderr, flush=True)
                    run(tree, script, extra, args.timeout, args.nice)
        if args.save:
            save_outputs(args.save, (base, cur))
        return report(scripts, base, cur, args.reps)
    finally:
        if worktree is not None:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                check=False,
            )
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
