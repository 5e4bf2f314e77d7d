"""Re-anchoring speed: a 1 MB source with 1,000 highlights, three kinds of re-import.

    uv run python benchmarks/bench_anchoring.py [--size BYTES] [--highlights N] [--runs N]

Prints, per scenario, the median of the runs and how the highlights were
found (the first three rows are the ones asked for; the others exercise the
normalized and chunk-search paths and the all-orphans case). "right" means
the anchor overlaps at least half of where the passage really went (tracked
through the edits); "elsewhere" counts anchors that landed somewhere else -
the number that must stay at zero; "split" counts highlights a shuffle cut in
two, which have no one right place.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from bisect import bisect_right
from collections import Counter

from briefing.anchoring import Selector, reanchor
from briefing.model import context_of

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def make_text(size: int, rng: random.Random) -> str:
    """Sentences of words drawn from a vocabulary with a Zipf-like spread."""
    vocab = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 10))) for _ in range(5000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    parts: list[str] = []
    length = 0
    while length < size:
        words = rng.choices(vocab, weights, k=rng.randint(6, 28))
        sentence = (
            " ".join(words).capitalize()
            + rng.choice(".....?!")
            + rng.choice("  \n") * (1 if rng.random() < 0.9 else 2)
        )
        parts.append(sentence)
        length += len(sentence)
    return "".join(parts)[:size]


def make_selectors(text: str, n: int, rng: random.Random) -> dict[int, Selector]:
    starts = [i + 1 for i, c in enumerate(text) if c == " "]
    selectors: dict[int, Selector] = {}
    for key in range(n):
        start = rng.choice(starts)
        end = start + rng.randint(30, 400)
        while end < len(text) and text[end] != " ":
            end += 1
        end = min(end, len(text))
        prefix, quote, suffix = context_of(text, start, end)
        selectors[key] = Selector(start, end, quote, prefix, suffix)
    return selectors


class Edits:
    """Edits applied to a text, and where an old offset went."""

    def __init__(self, text: str, edits: list[tuple[int, str, str]]):
        # (offset, kind, letter); kinds: "sub", "ins" (before offset), "del"
        edits = sorted(edits)
        pieces, prev = [], 0
        self.at: list[int] = []
        self.shift: list[int] = []
        total = 0
        for pos, kind, letter in edits:
            if pos < prev:
                continue
            pieces.append(text[prev:pos])
            if kind == "sub":
                pieces.append(letter)
                prev = pos + 1
            elif kind == "ins":
                pieces.append(letter)
                prev = pos
                total += 1
            else:
                prev = pos + 1
                total -= 1
            self.at.append(pos + (kind != "ins"))
            self.shift.append(total)
        pieces.append(text[prev:])
        self.text = "".join(pieces)

    def moved(self, pos: int) -> int:
        k = bisect_right(self.at, pos) - 1
        return pos + (self.shift[k] if k >= 0 else 0)


def scenarios(text: str, rng: random.Random):
    yield "unchanged text", text, lambda p: p
    inserted = "Editor's note: this article was updated on re-import.\n\n"
    yield "insertion at the start", inserted + text, lambda p: p + len(inserted)
    edits = [
        (rng.randrange(len(text)), rng.choice(("sub", "ins", "del")), rng.choice(LETTERS))
        for _ in range(len(text) // 100)
    ]
    e = Edits(text, edits)
    yield "1% of characters edited", e.text, e.moved
    # Beyond the three asked for: the paths the above barely take.
    rewrapped = re.sub(r"(\S+ \S+ \S+ \S+ \S+ \S+ \S+) ", lambda m: m.group(1) + "\n", text)
    yield "lines re-wrapped", rewrapped, lambda p: p
    cuts = sorted(rng.sample(range(1, len(e.text)), 49))
    bounds = list(zip([0, *cuts], [*cuts, len(e.text)], strict=True))
    order = bounds[:]
    rng.shuffle(order)
    new_at = {}
    pos = 0
    for a, b in order:
        new_at[a] = pos
        pos += b - a
    starts = [a for a, _ in bounds]

    def shuffled(p: int) -> int:
        q = e.moved(p)
        a = starts[bisect_right(starts, q - 1) - 1]  # an end offset stays with its part
        return new_at[a] + q - a

    yield "1% edited, 50 parts shuffled", "".join(e.text[a:b] for a, b in order), shuffled
    yield "unrelated text", make_text(len(text), random.Random(rng.random())), lambda p: -(10**9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--highlights", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    text = make_text(args.size, rng)
    selectors = make_selectors(text, args.highlights, rng)
    print(f"{len(text):,} characters, {len(selectors):,} highlights, median of {args.runs} runs\n")
    header = (
        f"{'scenario':<30}{'median s':>10}{'position':>10}{'quote':>8}{'normal.':>9}"
        f"{'fuzzy':>8}{'orphan':>8}{'right':>8}{'elsewhere':>11}{'split':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, new_text, moved in scenarios(text, rng):
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            anchored, orphans = reanchor(new_text, selectors)
            times.append(time.perf_counter() - t0)
        methods = Counter(a.method for a in anchored.values())
        right = elsewhere = split = 0
        for key, a in anchored.items():
            sel = selectors[key]
            true_start, true_end = moved(sel.start), moved(sel.end)
            if abs((true_end - true_start) - (sel.end - sel.start)) > 50:
                split += 1  # cut in two by a shuffle: no one right place
                continue
            overlap = min(a.end, true_end) - max(a.start, true_start)
            if overlap * 2 >= max(1, true_end - true_start):
                right += 1
            else:
                elsewhere += 1
        print(
            f"{name:<30}{statistics.median(times):>10.3f}{methods['position']:>10}"
            f"{methods['quote']:>8}{methods['normalized']:>9}{methods['fuzzy']:>8}"
            f"{len(orphans):>8}{right:>8}{elsewhere:>11}{split:>7}"
        )


if __name__ == "__main__":
    main()
