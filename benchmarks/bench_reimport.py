"""Re-import speed: ``Store.replace_source_text`` on a large source with many highlights.

    uv run python benchmarks/bench_reimport.py [--size BYTES] [--highlights N] [--runs N]

A source of ``--size`` characters in paragraphs (default 4 MB) with
``--highlights`` highlights (default 10,000) is re-imported as a new version:
a few paragraphs edited (a word changed, some inside highlights), inserted,
deleted and moved; or, with ``--scenario typos``, 1 % of its characters
edited all over it. Each run re-imports into a fresh copy of the project and
times the whole call (diff, search, the one write transaction). Prints the
median and p95 of the runs, the peak memory of the process, and how the
highlights came out (in place / moved / orphans).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def make_paragraphs(size: int, rng: random.Random) -> list[str]:
    vocab = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 10))) for _ in range(5000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    paras: list[str] = []
    length = 0
    while length < size:
        sentences = [
            " ".join(rng.choices(vocab, weights, k=rng.randint(6, 28))).capitalize() + "."
            for _ in range(rng.randint(2, 8))
        ]
        para = " ".join(sentences)
        paras.append(para)
        length += len(para) + 2
    return paras


def new_version(paras: list[str], rng: random.Random) -> str:
    """A later version of the article: ~2% of paragraphs edited, 1% inserted,
    1% deleted, 0.5% moved elsewhere."""
    out = list(paras)
    n = len(out)
    for i in rng.sample(range(n), n // 50):  # a word changed
        words = out[i].split(" ")
        k = rng.randrange(len(words))
        words[k] = words[k][::-1] + "x"
        out[i] = " ".join(words)
    for i in sorted(rng.sample(range(n), n // 100), reverse=True):
        del out[i]
    for _ in range(n // 200):
        para = out.pop(rng.randrange(len(out)))
        out.insert(rng.randrange(len(out)), para)
    for _ in range(n // 100):
        out.insert(rng.randrange(len(out)), "Update: " + " ".join(rng.choices(LETTERS, k=40)))
    return "\n\n".join(out)


def typos(text: str, rng: random.Random) -> str:
    """1 % of the characters replaced, inserted or deleted, spread evenly (an
    OCR'd source re-imported after correction): most highlights change inside."""
    out: list[str] = []
    prev = 0
    for pos in sorted(rng.sample(range(len(text)), len(text) // 100)):
        if text[pos] == "\n":
            continue
        out.append(text[prev:pos])
        kind = rng.choice(("sub", "ins", "del"))
        if kind != "del":
            out.append(rng.choice(LETTERS))
        prev = pos if kind == "ins" else pos + 1
    out.append(text[prev:])
    return "".join(out)


def build(path: Path, text: str, n: int, rng: random.Random) -> None:
    from briefing.store import Store

    starts = [i + 1 for i, c in enumerate(text) if c == " "]
    spans = []
    for _ in range(n):
        start = rng.choice(starts)
        end = min(len(text), start + rng.randint(30, 400))
        while end < len(text) and text[end] != " ":
            end += 1
        spans.append((1, start, end))
    with Store.create(path, title="bench") as store:
        sid = store.add_source("Large source", text)
        assert sid == 1
        store.add_highlights(spans)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=4_000_000)
    ap.add_argument("--highlights", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--scenario",
        choices=("paragraphs", "typos"),
        default="paragraphs",
        help="paragraphs: a new version (default); typos: 1 %% of characters edited",
    )
    args = ap.parse_args()
    from briefing.store import Store

    rng = random.Random(args.seed)
    paras = make_paragraphs(args.size, rng)
    text = "\n\n".join(paras)
    new = new_version(paras, rng) if args.scenario == "paragraphs" else typos(text, rng)
    tmp = Path(tempfile.mkdtemp(prefix="bench-reimport-"))
    try:
        base = tmp / "base.brief"
        build(base, text, args.highlights, rng)
        times = []
        report = None
        for r in range(args.runs):
            copy = tmp / f"run{r}.brief"
            shutil.copyfile(base, copy)
            with Store.open(copy) as store:
                t0 = time.perf_counter()
                report = store.replace_source_text(1, new)
                times.append(time.perf_counter() - t0)
        assert report is not None
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{args.scenario}: {len(text):,} characters, {args.highlights:,} highlights, "
            f"{args.runs} runs "
            f"(new version: {len(new):,} characters)"
        )
        print(f"reimport median     {statistics.median(times):.2f} s")
        print(f"reimport p95        {p95:.2f} s")
        print(f"peak memory         {peak:.0f} MB")
        print(
            f"in place {len(report.unchanged)}, moved {len(report.moved)}, "
            f"orphans {len(report.orphans)}"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
