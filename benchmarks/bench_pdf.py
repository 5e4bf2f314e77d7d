"""PDF export speed and memory, against reportlab's own floor.

Scenarios (each run in a fresh subprocess, so peak RSS is per scenario):

* ``brief``     -- about 100 pages: 8 themes, 800 excerpts, 40 sources, appendix off;
* ``appendix``  -- the same with the appendix (full source texts, highlights drawn);
* ``bignote``   -- a small brief whose one excerpt carries a 1 MB note.

Then ``benchmarks/pdf_floor.py`` (reportlab alone laying out the same words
of the same composed brief, same fonts) is run the same way, twice: as
issue 12 defines the floor (``multiBuild``, two passes) and with the
export's own one-pass mechanism (footers as forms defined after the last
page). The table shows CPU time per finished page against each floor
(target: export <= 1.5x the floor's time per page, with the same passes:
the one-pass floor).

``--sizes`` prints instead a pages-against-memory table (target: peak memory
flat in page count, <= 250 MB at 1,500 pages):

    uv run python benchmarks/bench_pdf.py            # all, 3 runs each (median)
    uv run python benchmarks/bench_pdf.py --runs 1
    uv run python benchmarks/bench_pdf.py --sizes 800,4000,12500
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vocabulary import WORDS  # noqa: E402  (after the sys.path set-up)

COLORS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")


def _sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(12, 24))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _prose(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(
        " ".join(_sentence(rng) for _ in range(rng.randint(4, 7))) for _ in range(paragraphs)
    )


def make_project(appendix: bool = False, big_note: bool = False, highlights_n: int = 800):
    """The benchmark project: 8 themes, sources of 20 highlights each
    (``highlights_n`` / 20 sources; 800 highlights lay out as about 100 pages)."""
    from briefing.model import Brief, Highlight, Judgment, Project, Source, Theme, context_of

    rng = random.Random(7)
    n_sources, per_source, n_themes = (max(1, highlights_n // 20), 20, 8)
    if big_note:
        n_sources, per_source, n_themes = 2, 2, 2
    themes = [
        Theme(
            id=t + 1,
            name=f"Theme {t + 1}: " + " ".join(rng.choice(WORDS) for _ in range(2)),
            color=COLORS[t % len(COLORS)],
            position=t,
            description="What the analyst files under this theme.",
            narrative=_prose(rng, 3),
        )
        for t in range(n_themes)
    ]
    sources, highlights = [], []
    hid = 1
    for s in range(n_sources):
        paras = [" ".join(_sentence(rng) for _ in range(5)) for _ in range(per_source + 10)]
        text = "\n\n".join(paras)
        src = Source(
            id=s + 1,
            title=f"Report {s + 1} on the {rng.choice(WORDS)} question",
            text=text,
            author="Wire Service",
            date=f"2025-12-{1 + s % 28:02d}",
            dateline="Baghdad",
            url=f"https://news.example/{s + 1}",
            accessed="2026-01-02",
            language="en",
            position=s,
        )
        sources.append(src)
        pos = 0
        for _k, para in enumerate(paras[:per_source]):
            start = text.index(para, pos)
            pos = start + 1
            end = text.rfind(" ", start, start + rng.randint(90, 200))
            prefix, quote, suffix = context_of(text, start, end)
            note = (
                (
                    f"Note {hid}: {_sentence(rng, 10)} See *also* "
                    f"[the wire](https://x.example/{hid})."
                )
                if hid % 2
                else ""
            )
            highlights.append(
                Highlight(
                    id=hid,
                    source_id=src.id,
                    start=start,
                    end=end,
                    quote=quote,
                    prefix=prefix,
                    suffix=suffix,
                    theme_ids=(hid % n_themes + 1,),
                    note=note,
                )
            )
            hid += 1
    if big_note:
        para = " ".join(_sentence(rng) for _ in range(8))
        note = []
        size = 0
        while size < 1_000_000:
            note.append(para)
            size += len(para) + 2
        highlights[0].note = "\n\n".join(note)
    judgments = [
        Judgment(
            id=i + 1,
            text=f"Judgment {i + 1}: the council is likely to " + _sentence(rng, 14).lower(),
            confidence="moderate",
            likelihood="likely",
            position=i,
            support=(i * 7 + 1, i * 7 + 2),
        )
        for i in range(5)
    ]
    brief = Brief(
        title="Benchmark brief",
        subtitle="Synthetic",
        author="Bench",
        organisation="Desk",
        date="2026-01-10",
        marking="UNCLASSIFIED",
        marking_color="#007a33",
        bottom_line=_prose(rng, 1),
        show_appendix=appendix,
        show_chart=True,
    )
    return Project(
        brief=brief, sources=sources, themes=themes, highlights=highlights, judgments=judgments
    )


def run_scenario(name: str, highlights: int = 800) -> dict:
    from briefing.brief.compose import compose
    from briefing.render import pdf

    t0 = time.perf_counter()
    project = make_project(
        appendix=(name == "appendix"), big_note=(name == "bignote"), highlights_n=highlights
    )
    doc = compose(project, today="2026-01-10")
    del project
    t1 = time.perf_counter()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    passes = []
    orig = pdf._Progress.__call__

    def spy(self, pass_no, done):
        passes.append(pass_no)
        return orig(self, pass_no, done)

    pdf._Progress.__call__ = spy
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "b.pdf"
        t2, c2 = time.perf_counter(), time.process_time()
        warnings = pdf.write_pdf(doc, out)
        t3, c3 = time.perf_counter(), time.process_time()
        from pypdf import PdfReader

        pages = len(PdfReader(out).pages)
        size = out.stat().st_size
    return {
        "name": name,
        "pages": pages,
        "passes": max(passes),
        "compose": t1 - t0,
        "export": t3 - t2,
        "cpu": c3 - c2,
        "size": size,
        "warnings": len(warnings),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_before_mb": rss_before,
    }


def _child(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--sizes",
        default="",
        help="comma-separated highlight counts for the pages-vs-memory table "
        "(800 is about 100 pages; 12500 about 1,500); export and floors alternate, "
        "--runs times each (medians)",
    )
    ap.add_argument("--scenario", help=argparse.SUPPRESS)
    ap.add_argument("--highlights", type=int, default=800, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.scenario:
        print(json.dumps(run_scenario(args.scenario, args.highlights)))
        return
    if args.sizes:
        memory_table([int(n) for n in args.sizes.split(",") if n.strip()], args.runs)
        return

    def median_of(argv: list[str]) -> dict:
        results = [_child(argv) for _ in range(args.runs)]
        results.sort(key=lambda r: r["cpu"])
        return results[len(results) // 2]

    rows = []
    for name in ("brief", "appendix", "bignote"):
        rows.append(median_of([str(Path(__file__)), "--scenario", name]))
    floor_script = str(ROOT / "benchmarks" / "pdf_floor.py")
    floor1 = median_of([floor_script, "--json", "--passes", "1"])
    floor = median_of([floor_script, "--json", "--passes", "2"])
    print(
        f"PDF export, median of {args.runs} run(s) by CPU time. Export and floor both time "
        "font registration, story building and every layout pass, to a file; "
        "pages/s is per layout pass, on CPU time (the machine may be shared). "
        "Time per page compares CPU time per finished page against the one-pass floor "
        "(the export's own mechanism; the target) and against multiBuild's two passes "
        "(the floor as issue 12 first defined it)."
    )
    print()
    head = (
        "scenario",
        "pages",
        "passes",
        "compose s",
        "export wall s",
        "export CPU s",
        "pages/s/pass",
        "CPU/page vs 1-pass floor",
        "vs multiBuild floor",
        "peak RSS MB",
        "PDF MB",
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for f, label in ((floor1, "one pass"), (floor, "multiBuild")):
        rate = f["pages"] * f["passes"] / f["cpu"]
        print(
            f"| reportlab floor, {label} (same words as the brief) | {f['pages']} | "
            f"{f['passes']} | – | {f['build']:.2f} | {f['cpu']:.2f} | {rate:.0f} | "
            f"{_per_page(f) / _per_page(floor1):.2f}× | {_per_page(f) / _per_page(floor):.2f}× | "
            f"{f['rss_mb']:.0f} | {f['size'] / 1e6:.2f} |"
        )
    for r in rows:
        rate = r["pages"] * r["passes"] / r["cpu"]
        label = {
            "brief": "brief: 8 themes, 800 excerpts, 40 sources",
            "appendix": "same + appendix",
            "bignote": "1 MB note",
        }[r["name"]]
        print(
            f"| {label} | {r['pages']} | {r['passes']} | {r['compose']:.2f} | "
            f"{r['export']:.2f} | {r['cpu']:.2f} | {rate:.0f} | "
            f"{_per_page(r) / _per_page(floor1):.2f}× | {_per_page(r) / _per_page(floor):.2f}× | "
            f"{r['rss_mb']:.0f} | {r['size'] / 1e6:.2f} |"
        )


def _per_page(r: dict) -> float:
    return r["cpu"] / r["pages"]


def memory_table(sizes: list[int], runs: int = 1) -> None:
    """Pages against peak memory and time per page, export and floor: ``runs`` times
    each, alternating (a shared machine's speed drifts: one run of each differs by up
    to 1.5x), the median CPU time of each and the largest peak memory."""
    print(
        f"Pages against memory: {runs} run(s) per size of the export and of each floor, "
        "alternating, each in a fresh process; CPU time is the median, peak memory the "
        "largest. 'above the tree' is the peak resident size minus the size once the "
        "project was composed (what laying out adds)."
    )
    print()
    head = (
        "highlights",
        "pages",
        "export CPU s",
        "floor pages",
        "1-pass floor CPU s",
        "multiBuild floor CPU s",
        "CPU/page vs 1-pass floor",
        "vs multiBuild floor",
        "export peak RSS MB",
        "above the tree MB",
        "1-pass floor peak RSS MB",
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for n in sizes:
        floor = [str(ROOT / "benchmarks" / "pdf_floor.py"), "--json", "--highlights", str(n)]
        argvs = (
            [str(Path(__file__)), "--scenario", "brief", "--highlights", str(n)],
            [*floor, "--passes", "1"],
            [*floor, "--passes", "2"],
        )
        done: list[list[dict]] = [[], [], []]
        for _ in range(max(1, runs)):
            for i, argv in enumerate(argvs):
                done[i].append(_child(argv))
        r, f1, f2 = (_median_run(results) for results in done)
        print(
            f"| {n} | {r['pages']} | {r['cpu']:.1f} | {f1['pages']} | {f1['cpu']:.1f} | "
            f"{f2['cpu']:.1f} | {_per_page(r) / _per_page(f1):.2f}× | "
            f"{_per_page(r) / _per_page(f2):.2f}× | {r['rss_mb']:.0f} | "
            f"{r['rss_mb'] - r['rss_before_mb']:.0f} | {f1['rss_mb']:.0f} |",
            flush=True,
        )


def _median_run(results: list[dict]) -> dict:
    """The run of median CPU time, with the largest peak memory of them all."""
    ordered = sorted(results, key=lambda r: r["cpu"])
    run = dict(ordered[len(ordered) // 2])
    peak = max(results, key=lambda r: r["rss_mb"])
    run["rss_mb"] = peak["rss_mb"]
    if "rss_before_mb" in peak:
        run["rss_before_mb"] = peak["rss_before_mb"]
    return run


if __name__ == "__main__":
    main()
