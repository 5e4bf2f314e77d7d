"""How close an extracted text is to the ground truth: 4-gram shingle F1 (the
measure of article-extraction benchmarks), word recall and word-pair recall
(reading order)."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))}


def shingle_f1(found: str, truth: str) -> float:
    a, b = shingles(found), shingles(truth)
    common = len(a & b)
    if not common:
        return 0.0
    precision, recall = common / len(a), common / len(b)
    return 2 * precision * recall / (precision + recall)


def word_recall(found: str, truth: str) -> float:
    """Share of the truth's words (with repeats) found."""
    want, got = Counter(words(truth)), Counter(words(found))
    return sum((want & got).values()) / max(1, sum(want.values()))


def pair_recall(found: str, truth: str) -> float:
    """Share of the truth's consecutive word pairs found consecutive: reading order."""
    t, f = words(truth), words(found)
    want, got = Counter(pairwise(t)), Counter(pairwise(f))
    return sum((want & got).values()) / max(1, sum(want.values()))
