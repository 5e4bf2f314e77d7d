"""Autocode: every match expanded to its scope, merged, never duplicated."""

from __future__ import annotations

import pytest

from briefing.autocode import autocode, find_spans, sentence_spans
from briefing.store import Store

TEXT = (
    "The mission closed. UNAMI left Baghdad! Did unami return? No.\n\n"
    "A second paragraph mentions UNAMI twice: UNAMI again.\n\n"
    "The UNAMIs are not a word match."
)


def quotes(spans, text=TEXT):
    return [text[a:b] for _, a, b in spans]


def test_sentence_scope_is_the_default_and_ignores_case():
    spans = find_spans({1: TEXT}, "unami")
    assert quotes(spans) == [
        "UNAMI left Baghdad!",
        "Did unami return?",
        "A second paragraph mentions UNAMI twice: UNAMI again.",
        "The UNAMIs are not a word match.",
    ]
    assert all(sid == 1 for sid, _, _ in spans)


def test_match_scope_case_sensitive_whole_words():
    spans = find_spans({1: TEXT}, "UNAMI", scope="match", case=True, whole_words=True)
    assert quotes(spans) == ["UNAMI"] * 3
    assert TEXT.count("UNAMI") == 4  # "UNAMIs" is not a whole word; "unami" differs in case
    assert all(TEXT[b] in " :!" for _, _, b in spans)


def test_paragraph_scope_merges_matches_in_one_paragraph():
    spans = find_spans({1: TEXT}, "UNAMI", scope="paragraph", case=True)
    assert quotes(spans) == [
        "The mission closed. UNAMI left Baghdad! Did unami return? No.",
        "A second paragraph mentions UNAMI twice: UNAMI again.",
        "The UNAMIs are not a word match.",
    ]


def test_regex_and_bad_regex():
    spans = find_spans({1: TEXT}, r"mission|Baghdad", regex=True)
    assert quotes(spans) == ["The mission closed.", "UNAMI left Baghdad!"]
    with pytest.raises(ValueError, match="regular expression"):
        find_spans({1: TEXT}, "(unclosed", regex=True)
    with pytest.raises(ValueError, match="scope"):
        find_spans({1: TEXT}, "x", scope="page")


def test_covered_spans_are_skipped():
    first = find_spans({1: TEXT}, "Baghdad")
    covered = {1: [(a, b) for _, a, b in first]}
    assert find_spans({1: TEXT}, "Baghdad", covered=covered) == []


def test_arabic_sentences_and_single_line_paragraphs():
    text = "هل انتهت البعثة؟ نعم انتهت۔ والعراق وحده\nسطر ثان"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "هل انتهت البعثة؟",
        "نعم انتهت۔",
        "والعراق وحده",
        "سطر ثان",
    ]


def test_positions_are_code_points():
    text = "Emoji 😀 first. Then the mission ends."
    ((_, a, b),) = find_spans({7: text}, "mission")
    assert text[a:b] == "Then the mission ends."


@pytest.fixture
def store(tmp_path):
    s = Store.create(tmp_path / "p.brief")
    yield s
    s.close()


def test_autocode_adds_highlights_out_of_the_brief_once(store):
    sid = store.add_source("Report", TEXT)
    tid = store.add_theme("UN")
    ids = autocode(store, tid, "Baghdad")
    (h,) = [store.highlight(i) for i in ids]
    assert h.quote == "UNAMI left Baghdad!" and not h.included and h.theme_ids == (tid,)
    assert h.source_id == sid
    assert autocode(store, tid, "Baghdad") == []
    other = store.add_theme("Other")
    assert len(autocode(store, other, "Baghdad")) == 1


def test_autocode_unknown_theme_writes_nothing(store):
    store.add_source("Report", TEXT)
    with pytest.raises(KeyError):
        autocode(store, 99, "Baghdad")
    assert store.highlights() == []
