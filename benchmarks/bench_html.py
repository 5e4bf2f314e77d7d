"""Article extraction on generated news pages (tests/corpus/html_pages.py): 4-gram
shingle F1 against each page's ground-truth article text, for Briefing's HTML
importer and for trafilatura alone with comments off (the baseline). The corpus
is our own, generated: it targets the layouts that cost Briefing points on real
pages (a hard-wrapped single paragraph, text between headings outside <p>, lists,
<br>-separated text, Arabic), so it is no substitute for a public benchmark.

    uv run python benchmarks/bench_html.py [--pages N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import trafilatura
from corpus.html_pages import pages
from corpus.scoring import shingle_f1

from briefing.importers.html import import_html
from briefing.importers.imported import ImportRefused


def briefing_text(page_html: str, name: str) -> str:
    try:
        return import_html(page_html.encode("utf-8"), name).text
    except ImportRefused:
        return ""


def trafilatura_text(page_html: str) -> str:
    return trafilatura.extract(page_html, include_comments=False, include_tables=True) or ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=6, help="pages of each kind")
    corpus = pages(parser.parse_args().pages)
    scores: dict[str, list[float]] = defaultdict(list)
    by_kind: dict[tuple[str, str], list[float]] = defaultdict(list)
    for page in corpus:
        for who, text in (
            ("briefing", briefing_text(page.html, page.name)),
            ("trafilatura", trafilatura_text(page.html)),
        ):
            score = shingle_f1(text, page.truth)
            scores[who].append(score)
            by_kind[who, page.kind].append(score)
    print(f"{len(corpus)} generated pages; 4-gram shingle F1 (mean), pages under 0.5")
    print(f"{'':<14}" + "".join(f"{who:>14}" for who in scores))
    kinds = dict.fromkeys(p.kind for p in corpus)
    for kind in kinds:
        cells = "".join(f"{statistics.mean(by_kind[w, kind]):>14.3f}" for w in scores)
        print(f"{kind:<14}{cells}")
    print(f"{'all':<14}" + "".join(f"{statistics.mean(s):>14.3f}" for s in scores.values()))
    print(f"{'under 0.5':<14}" + "".join(f"{sum(x < 0.5 for x in s):>14}" for s in scores.values()))


if __name__ == "__main__":
    main()
