"""Re-anchoring highlights after a source's text is replaced."""

from __future__ import annotations

from hypothesis import event, given, settings
from hypothesis import strategies as st

from briefing.anchoring import (
    FUZZY_LENGTH_TOLERANCE,
    FUZZY_MIN_SIMILARITY,
    Anchor,
    Selector,
    anchor,
    reanchor,
)
from briefing.model import context_of

ARTICLE = (
    "Baghdad, Iraq \u2014 The United States has concluded its military presence in Iraq.\n"
    "The coalition was established in 2014 during the fight against ISIS. "
    "It played a crucial role in stabilizing Iraq and training local forces. "
    "However, as of late 2025 the remaining advisers have left the country.\n\n"
    "Officials in Baghdad said the transition had been planned for years. "
    "A spokesman said the \u201cgreen zone\u201d would reopen to traffic in the spring.\n"
    "Analysts warned that militias could fill the gap left by the departing troops.\n"
)

QUOTE = "It played a crucial role in stabilizing Iraq and training local forces."


def selector(text: str, quote: str, nth: int = 0) -> Selector:
    """A selector for the ``nth`` occurrence of ``quote``, as a highlight stores it."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(quote, at + 1)
    prefix, q, suffix = context_of(text, at, at + len(quote))
    return Selector(at, at + len(quote), q, prefix, suffix)


def folded(s: str) -> str:
    return " ".join(s.split())


# -- unit ---------------------------------------------------------------------------


def test_unchanged_text_anchors_by_position():
    sel = selector(ARTICLE, QUOTE)
    assert anchor(ARTICLE, sel) == Anchor(sel.start, sel.end, "position", 1.0)


def test_insertion_before_shifts_offsets_exactly():
    sel = selector(ARTICLE, QUOTE)
    inserted = "Editor's note: updated on 30 December.\n\n"
    a = anchor(inserted + ARTICLE, sel)
    assert a == Anchor(sel.start + len(inserted), sel.end + len(inserted), "quote", 1.0)


def test_insertion_after_keeps_offsets():
    sel = selector(ARTICLE, QUOTE)
    new = ARTICLE.replace("Analysts warned", "Several analysts, speaking anonymously, warned")
    assert anchor(new, sel) == Anchor(sel.start, sel.end, "position", 1.0)


def test_insertion_of_emoji_and_arabic_counts_code_points():
    text = (
        "\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b:"
        " the talks resume \U0001f44d\U0001f3fd soon."
    )
    sel = selector(text, "the talks resume \U0001f44d\U0001f3fd")
    inserted = "\U0001f1ee\U0001f1f6 e\u0301 \u0651"
    a = anchor(inserted + text, sel)
    assert (a.start, a.end) == (sel.start + len(inserted), sel.end + len(inserted))
    assert len(inserted) == 7


def test_repeated_quote_disambiguated_by_context():
    text = (
        "The army said the ceasefire held overnight in Mosul. Nothing else was said. "
        "In Basra, the police said the ceasefire held overnight despite protests."
    )
    quote = "the ceasefire held overnight"
    second = selector(text, quote, nth=1)
    a = anchor("BREAKING: " + text, second)
    assert (a.start, a.end, a.method) == (second.start + 10, second.end + 10, "quote")
    first = selector(text, quote, nth=0)
    a = anchor("BREAKING: " + text, first)
    assert (a.start, a.end) == (first.start + 10, first.end + 10)


def test_old_offsets_holding_the_other_occurrence_lose_to_context():
    quote = "the ceasefire held"
    old = "x" * 40 + "In Mosul the army said " + quote + " all night long. " + "y" * 40
    sel = selector(old, quote)
    # The new text has another occurrence exactly at the old offsets, with
    # other context; the highlighted one, with its context, comes later.
    other = "z" * (sel.start - 16) + "a rumour that " + "  " + quote + " spread. "
    assert other.index(quote) == sel.start
    new = other + "In Mosul the army said " + quote + " all night long."
    a = anchor(new, sel)
    assert a.method == "quote"
    assert a.start == new.rindex(quote)
    assert new[a.start : a.end] == quote


def test_line_endings_and_rewrapping_anchor_normalized_with_exact_span():
    sel = selector(ARTICLE, QUOTE)
    new = (
        ARTICLE.replace("\n", "\r\n")
        .replace("It played a crucial role in", "It played a crucial\r\nrole  in")
        .replace("and training local", "and\u00a0training local")
    )
    a = anchor(new, sel)
    assert a.method == "normalized" and a.score == 1.0
    span = new[a.start : a.end]
    assert span.startswith("It played") and span.endswith("local forces.")
    assert folded(span) == QUOTE


def test_curly_quotes_and_dashes_anchor_normalized():
    quote = "A spokesman said the \u201cgreen zone\u201d would reopen"
    sel = selector(ARTICLE, quote)
    new = ARTICLE.replace("\u201cgreen zone\u201d", '"green zone"').replace("\u2014", "-")
    a = anchor(new, sel)
    assert a.method == "normalized"
    assert new[a.start : a.end] == 'A spokesman said the "green zone" would reopen'


def test_one_word_edit_inside_the_quote_anchors_fuzzy():
    sel = selector(ARTICLE, QUOTE)
    edited = QUOTE.replace("crucial", "vital")
    new = ("A new first line.\n" + ARTICLE).replace(QUOTE, edited)
    a = anchor(new, sel)
    assert a.method == "fuzzy"
    assert FUZZY_MIN_SIMILARITY <= a.score < 1.0
    assert new[a.start : a.end] == edited


def test_typo_fix_and_added_comma_anchor_fuzzy():
    quote = "Officials in Baghdad said the transition had been planned for years."
    old = ARTICLE.replace("planned", "plannned")
    sel = selector(old, quote.replace("planned", "plannned"))
    new = ARTICLE.replace("Officials in Baghdad said", "Officials in Baghdad, said")
    a = anchor(new, sel)
    assert a.method == "fuzzy"
    assert new[a.start : a.end] == quote.replace("Baghdad said", "Baghdad, said")


def test_edit_and_rewrap_together_anchor_fuzzy_with_exact_span():
    sel = selector(ARTICLE, QUOTE)
    edited = "It played a vital role in stabilizing\nIraq and training local forces."
    new = ARTICLE.replace(QUOTE, edited)
    a = anchor(new, sel)
    assert a.method == "fuzzy"
    assert new[a.start : a.end] == edited


def test_deleted_passage_is_an_orphan():
    sel = selector(ARTICLE, QUOTE)
    assert anchor(ARTICLE.replace(QUOTE, ""), sel) is None


def test_totally_different_text_is_an_orphan():
    sel = selector(ARTICLE, QUOTE)
    recipe = (
        "Mix the flour and the water, knead for ten minutes and let it rest. "
        "It played no part in the result, said the baker, who trained for years.\n"
    ) * 50
    assert anchor(recipe, sel) is None
    anchored, orphans = reanchor(recipe, {1: sel, 2: selector(ARTICLE, "Officials in Baghdad")})
    assert anchored == {} and orphans == [1, 2]


def test_quote_edited_in_place_is_not_moved_to_a_copy_without_context():
    quote = "the talks would resume next week in Baghdad"
    old = (
        "The minister said "
        + quote
        + ". Officials agreed. "
        + "Filler sentence here. " * 12
        + "Earlier, a wire report claimed that "
        + quote
        + ", citing no one."
    )
    sel = selector(old, quote)
    new = old.replace("said " + quote, "said " + quote.replace("week", "month"))
    a = anchor(new, sel)
    assert a.method == "fuzzy"
    assert new[a.start : a.end] == "the talks would resume next month in Baghdad"


def test_short_quote_never_fuzzy():
    sel = selector(ARTICLE, "in Baghdad")
    assert anchor(ARTICLE.replace("in Baghdad", "in Bagdad"), sel) is None


def test_empty_quote_never_anchors():
    assert anchor(ARTICLE, Selector(5, 5, "")) is None
    assert reanchor(ARTICLE, {"k": Selector(5, 5, "")}) == ({}, ["k"])


def test_stale_offsets_out_of_range_still_found():
    sel = selector(ARTICLE, QUOTE)
    stale = Selector(10_000, 10_071, sel.quote, sel.prefix, sel.suffix)
    a = anchor(ARTICLE, stale)
    assert (a.start, a.end, a.method) == (sel.start, sel.end, "quote")
    assert anchor(ARTICLE, Selector(-50, -3, sel.quote)).start == sel.start


def test_reanchor_reports_in_input_order():
    sels = {
        "late": selector(ARTICLE, "Analysts warned that militias"),
        "gone": selector(ARTICLE, QUOTE),
        "early": selector(ARTICLE, "The United States has concluded"),
        "empty": Selector(0, 0, ""),
    }
    new = "Update.\n" + ARTICLE.replace(QUOTE, "")
    anchored, orphans = reanchor(new, sels)
    assert list(anchored) == ["late", "early"]
    assert orphans == ["gone", "empty"]
    for key, a in anchored.items():
        assert new[a.start : a.end] == sels[key].quote


def test_reanchor_follows_the_shift_of_neighbours_between_identical_passages():
    # A repeated boilerplate line with identical context around both copies:
    # the insertion before them shifts both; each stays with its own copy.
    line = "Transcript resumes. The speaker repeated the question. Transcript resumes.\n"
    text = "Intro.\n" + line * 6
    quote = "The speaker repeated the question."
    sels = {n: selector(text, quote, nth=n) for n in range(6)}
    new = "A longer introduction was added here.\n" + text
    anchored, orphans = reanchor(new, sels)
    shift = len(new) - len(text)
    assert orphans == []
    assert {k: a.start for k, a in anchored.items()} == {
        k: s.start + shift for k, s in sels.items()
    }


def test_constants_are_as_documented():
    assert FUZZY_MIN_SIMILARITY == 0.85
    assert FUZZY_LENGTH_TOLERANCE == 0.25


# -- properties ---------------------------------------------------------------------

PIECES = [
    "a",
    "b",
    "e",
    "t",
    "The ",
    "said ",
    " ",
    "  ",
    "\n",
    ".",
    ",",
    "\U0001f600",
    "\U0001f44d\U0001f3fd",
    "\U0001f1ee\U0001f1f6",
    "e\u0301",
    "\u0651",
    "\u0642",
    "\u0627",
    "\u0644",
    "\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b",  # qala al-mutahaddith
    "\u00e9",
    "\u2019",
    "\u2014",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def support(text: str, at: int, sel: Selector) -> int:
    """Stored context characters found around an occurrence of the quote at ``at``."""
    before, after = text[:at], text[at + len(sel.quote) :]
    n = 0
    while n < min(len(before), len(sel.prefix)) and before[-1 - n] == sel.prefix[-1 - n]:
        n += 1
    m = 0
    while m < min(len(after), len(sel.suffix)) and after[m] == sel.suffix[m]:
        m += 1
    return n + m


def occurrences(text: str, quote: str) -> list[int]:
    return [i for i in range(len(text) - len(quote) + 1) if text.startswith(quote, i)]


@st.composite
def spans(draw, text_strategy=texts, nonempty=False):
    text = draw(text_strategy.filter(bool) if nonempty else text_strategy)
    start = draw(st.integers(0, len(text) - 1 if nonempty else len(text)))
    end = draw(st.integers(start + 1 if nonempty else start, len(text)))
    prefix, quote, suffix = context_of(text, start, end)
    return text, Selector(start, end, quote, prefix, suffix)


def check_sane(text: str, a: Anchor | None, sel: Selector) -> None:
    if a is None:
        return
    assert 0 <= a.start <= a.end <= len(text)
    assert a.method in ("position", "quote", "normalized", "fuzzy")
    if a.method in ("position", "quote"):
        assert text[a.start : a.end] == sel.quote and a.score == 1.0
    else:
        assert 0 < a.score <= 1.0


@settings(max_examples=200, deadline=None)
@given(spans())
def test_same_text_gives_the_same_span(case):
    text, sel = case
    a = anchor(text, sel)
    if not sel.quote:
        assert a is None
    else:
        assert a == Anchor(sel.start, sel.end, "position", 1.0)


@settings(max_examples=200, deadline=None)
@given(spans(nonempty=True), texts, st.data())
def test_insertion_shifts_or_keeps_the_span(case, inserted, data):
    text, sel = case
    after = data.draw(st.booleans(), label="after")
    at = data.draw(
        st.integers(sel.end, len(text)) if after else st.integers(0, sel.start), label="at"
    )
    new = text[:at] + inserted + text[at:]
    shift = 0 if after else len(inserted)
    true = sel.start + shift
    a = anchor(new, sel)
    check_sane(new, a, sel)
    assert a is not None and a.method in ("position", "quote")
    assert new[a.start : a.end] == sel.quote
    rivals = [
        o
        for o in occurrences(new, sel.quote)
        if o != true and support(new, o, sel) >= support(new, true, sel)
    ]
    event("unambiguous" if not rivals else "ambiguous")
    if not rivals:
        # The highlight's own occurrence is the best supported by its context:
        # exactly there, shifted by the insertion's length in code points.
        assert (a.start, a.end) == (true, sel.end + shift)
    else:
        # The insertion made the text ambiguous; the pick is at least as well
        # supported as the original place.
        assert support(new, a.start, sel) >= support(new, true, sel)


@settings(max_examples=200, deadline=None)
@given(spans(), texts, texts)
def test_anchor_after_arbitrary_edit_is_sane(case, left, right):
    text, sel = case
    # Replace the text around the span with other text, and sometimes cut the quote.
    new = left + text[sel.start : sel.end][::2] + right
    check_sane(new, anchor(new, sel), sel)
    check_sane(text[::-1], anchor(text[::-1], sel), sel)


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(-50, 100), st.integers(-50, 100), texts, texts, texts)
def test_arbitrary_selector_never_gives_a_span_outside_the_text(
    text, start, end, quote, prefix, suffix
):
    sel = Selector(start, end, quote, prefix, suffix)
    a = anchor(text, sel)
    check_sane(text, a, sel)
    if not quote:
        assert a is None


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        spans(st.just(ARTICLE + "\u0642\u0627\u0644 \U0001f44d\U0001f3fd e\u0301.")),
        min_size=1,
        max_size=6,
    ),
    texts,
    st.integers(0, len(ARTICLE)),
)
def test_reanchor_matches_exact_quotes_after_an_insertion(cases, inserted, at):
    text = cases[0][0]
    sels = {i: sel for i, (_, sel) in enumerate(cases)}
    new = text[:at] + inserted + text[at:]
    anchored, orphans = reanchor(new, sels)
    assert list(anchored) == [k for k in sels if k in anchored]
    assert orphans == [k for k in sels if k not in anchored]
    for key, a in anchored.items():
        check_sane(new, a, sels[key])
        if not sels[key].start < at < sels[key].end:  # the insertion left the quote whole
            assert new[a.start : a.end] == sels[key].quote
    for key in orphans:
        assert not sels[key].quote or sels[key].start < at < sels[key].end
