"""Article pages: the generated corpus (tests/corpus/html_pages.py) is read close to
its ground truth, and the two ways text used to be lost stay fixed."""

from __future__ import annotations

import pytest
from corpus.html_pages import KINDS, make_page
from corpus.scoring import shingle_f1

from briefing.importers.html import import_html


@pytest.mark.parametrize("kind", KINDS)
def test_article_pages_match_their_ground_truth(kind: str) -> None:
    for seed in range(3):
        page = make_page(kind, 1000 + seed)
        source = import_html(page.html.encode("utf-8"), page.name)
        assert shingle_f1(source.text, page.truth) > 0.95, (page.name, source.text[:300])
        assert "cookies" not in source.text and "All rights reserved" not in source.text
        assert "reader0" not in source.text  # comments are left out
        assert source.title == page.title and not source.warnings


def test_a_single_paragraph_with_raw_newlines_is_not_taken_for_a_page_dump() -> None:
    text = (
        "Officials said the talks would resume after observers reported fresh clashes\n"
        "      near the border crossing. Militias still control trade routes and customs\n"
        "      revenue, they said, and the council met again on Tuesday."
    )
    page = (
        "<html><body><nav><ul><li><a>Home</a></li><li><a>World news</a></li></ul></nav>"
        f"<div class='t'><h1>Talks resume</h1></div><article><div>{text}</div></article>"
        "<footer>Copyright 2026 the Observer</footer></body></html>"
    )
    source = import_html(page.encode(), "talks.html")
    assert source.text == " ".join(text.split()) and not source.warnings


def test_text_between_headings_outside_paragraphs_is_kept() -> None:
    s1 = "Officials said the talks would resume after observers reported clashes."
    s2 = "Militias still control trade routes and customs revenue, they said."
    page = (
        "<html><body><nav><a>Home</a><a>World</a></nav><article><h1>Head</h1><div>"
        f"<h2>Section one</h2><span>{s1}</span> Tail text of the span. {s2}"
        f"<h2>Section two</h2><em>Lead</em> after the lead. {s1}</div></article>"
        "<footer>Copyright 2026</footer></body></html>"
    )
    text = import_html(page.encode(), "loose.html").text
    for part in ("Section one", "Tail text of the span.", s2, "Section two", "after the lead."):
        assert part in text
    assert text.index("Section one") < text.index(s2) < text.index("Section two")


def test_whole_page_fallback_says_so_in_one_line() -> None:
    page = "<html><head><title>Menu</title></head><body><div><a>Home</a> <a>About</a></div>"
    source = import_html(page.encode(), "menu.html")
    assert source.text == "Home About"
    [warning] = source.warnings
    assert warning.startswith("menu.html: ") and "\n" not in warning
