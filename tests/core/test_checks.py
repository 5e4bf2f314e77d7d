"""Tradecraft checks: each rule fires on a bad brief; a good brief is clean."""

from __future__ import annotations

import pytest
from projects import hl, make_project

from briefing.brief.checks import check_brief, likelihood_terms, mixes_confidence
from briefing.model import Confidence, Theme


def clean_project():
    project = make_project()
    project.highlights = [h for h in project.highlights if not h.orphan]
    for h in project.highlights:  # the Arabic two-word excerpt is a fragment
        if len(h.quote.split()) < 4:
            h.included = False
    return project


def codes(project) -> list[str]:
    return [f.code for f in check_brief(project)]


def only(project, code):
    found = [f for f in check_brief(project) if f.code == code]
    assert found, f"{code} did not fire: {codes(project)}"
    return found


def test_good_brief_has_no_findings():
    assert check_brief(clean_project()) == []


def test_enum_confidence_accepted():
    project = clean_project()
    project.judgments[0].confidence = Confidence.HIGH
    assert check_brief(project) == []


def test_marking_missing():
    project = clean_project()
    project.brief.marking = "  "
    (f,) = only(project, "marking-missing")
    assert f.target_kind == "brief"


def test_judgment_without_confidence():
    project = clean_project()
    project.judgments[1].confidence = ""
    (f,) = only(project, "judgment-confidence")
    assert "Key judgment 2" in f.message and f.target_id == 2


def test_empty_judgment():
    project = clean_project()
    project.judgments[0].text = "  "
    project.judgments[0].likelihood = ""
    (f,) = only(project, "judgment-empty")
    assert "Key judgment 1" in f.message


def test_likelihood_rows_mixed():
    project = clean_project()
    project.judgments[0].text = "Iran will very likely expand; a collapse is highly improbable."
    (f,) = only(project, "likelihood-rows")
    assert "Key judgment 1" in f.message and "highly improbable" in f.message


def test_likelihood_text_differs_from_field():
    project = clean_project()
    project.judgments[0].text = "Iran will almost certainly expand its influence."
    (f,) = only(project, "likelihood-mismatch")
    assert "almost certainly" in f.message and "very likely" in f.message


def test_likelihood_same_step_other_row_is_not_a_mismatch():
    project = clean_project()
    project.judgments[0].text = "Iran will highly probably expand."  # step 5 as set
    project.judgments[1].text = "Ratification is improbable this year."  # row 2, same step
    assert "likelihood-mismatch" not in codes(project)


def test_likelihood_in_text_but_field_unset():
    project = clean_project()
    project.judgments[1].likelihood = ""
    (f,) = only(project, "likelihood-unset")
    assert "Key judgment 2" in f.message and "unlikely" in f.message


def test_confidence_and_likelihood_in_one_sentence():
    project = clean_project()
    project.judgments[0].text = "We assess with high confidence that Iran will very likely expand."
    (f,) = only(project, "confidence-with-likelihood")
    assert "Key judgment 1" in f.message
    project = clean_project()
    project.judgments[0].text = "Iran will very likely expand. We have moderate confidence in this."
    assert "confidence-with-likelihood" not in codes(project)


def test_bottom_line_mixing_confidence_and_likelihood():
    project = clean_project()
    project.brief.bottom_line = "With low confidence, the government is likely to fall."
    (f,) = only(project, "confidence-with-likelihood")
    assert "bottom line" in f.message


def test_source_without_date():
    project = clean_project()
    project.sources[1].date = ""
    for h in project.highlights:
        h.included = h.included or h.id == 103
    (f,) = only(project, "source-no-date")
    assert "Parliament record" in f.message and f.target_id == 2
    assert "2 excerpts" in f.message  # 100 (two themes, one judgment) and 103


def test_uncited_source_without_date_is_not_reported():
    project = clean_project()
    project.sources[2].date = ""
    assert check_brief(project) == []


def test_excerpt_without_source():
    project = clean_project()
    project.highlights[0].source_id = 77
    found = only(project, "excerpt-no-source")
    assert "Parliament debated" in found[0].message


def test_empty_theme_with_tagged_highlights():
    project = clean_project()
    project.themes.append(Theme(id=40, name="Economy", color="#123456", position=3))
    s1 = project.sources[0]
    project.highlights.append(hl(300, s1, "institutional reform", (40,), included=False))
    (f,) = only(project, "theme-empty")
    assert "Economy" in f.message and f.target_id == 40


def test_unused_codebook_theme_is_not_reported():
    project = clean_project()
    project.themes.append(Theme(id=41, name="Unused", position=9))
    assert check_brief(project) == []


def test_theme_with_narrative_only_is_fine():
    project = clean_project()
    project.themes.append(Theme(id=40, name="Economy", position=3, narrative="Text."))
    project.highlights.append(
        hl(300, project.sources[0], "institutional reform", (40,), included=False)
    )
    assert check_brief(project) == []


def test_orphans_reported():
    (f,) = only(make_project(), "orphans-excluded")
    assert "US ends Iraq mission" in f.message and "1 highlight" in f.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It is very likely.", [(0, 5)]),
        ("It is likely, not unlikely.", [(0, 4), (0, 2)]),
        ("Almost certainly true.", [(0, 6)]),
        ("A roughly even chance.", [(0, 3)]),
        ("In remote areas, no change.", []),
        ("A remote chance of peace.", [(1, 0)]),
        ("The likelihood is unclear.", []),
        ("It is highly improbable but probable.", [(1, 1), (1, 4)]),
    ],
)
def test_likelihood_terms(text, expected):
    assert [(row, step) for _, row, step in likelihood_terms(text)] == expected


def test_mixes_confidence():
    assert mixes_confidence("We judge with high confidence that X is likely.")
    assert mixes_confidence("X is almost certain (moderate-confidence).")
    assert not mixes_confidence("X is likely. High confidence.")
    assert not mixes_confidence("We have high confidence in the reporting.")


# -- the whole scale, emphasis, clause joins, dates, fragments, support ----------


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("There is a remote chance of talks.", 0),
        ("Talks are highly improbable.", 1),
        ("Talks are improbable.", 2),
        ("Talks will improbably resume.", 2),
        ("Roughly even odds of talks.", 3),
        ("Talks are probable.", 4),
        ("Talks will probably resume.", 4),
        ("Talks are highly probable.", 5),
        ("Talks will almost certainly resume.", 6),
        ("Talks are nearly certain.", 6),
    ],
)
def test_whole_scale_with_inflections(text, step):
    (term,) = likelihood_terms(text)
    assert term[2] == step


def test_probably_under_very_likely_is_a_mismatch_naming_the_word():
    project = clean_project()
    j = project.judgments[0]
    j.text = "Tehran will **probably** let the deal lapse."
    j.likelihood = "very likely"
    (f,) = only(project, "likelihood-mismatch")
    assert "\u201cprobably\u201d" in f.message and f.target_id == j.id


def test_emphasis_does_not_hide_a_term():
    project = clean_project()
    j = project.judgments[0]
    j.text = "Talks are *un*likely to resume."
    j.likelihood = "likely"
    (f,) = only(project, "likelihood-mismatch")
    assert "unlikely" in f.message


@pytest.mark.parametrize("join", ["; we", ": we", " \u2014 we", " - we"])
def test_confidence_and_likelihood_joined_by_punctuation(join):
    project = clean_project()
    j = project.judgments[0]
    j.text = f"The deal will likely lapse{join} have high confidence in this."
    j.likelihood = "likely"
    (f,) = only(project, "confidence-with-likelihood")
    assert f.target_id == j.id


def test_brief_dated_before_a_cited_source():
    project = clean_project()
    project.brief.date = "2025-12-30"
    cited = {hid for j in project.judgments for hid in j.support}
    src_id = next(h.source_id for h in project.highlights if h.id in cited or h.included)
    src = next(s for s in project.sources if s.id == src_id)
    src.date = "2026-01-05"
    found = only(project, "source-after-brief")
    f = next(f for f in found if f.target_id == src.id)
    assert "2026-01-05" in f.message and src.title[:20] in f.message
    assert f.target_kind == "source"


def test_brief_dated_after_its_sources_is_fine():
    project = clean_project()
    project.brief.date = "2099-01-01"
    assert "source-after-brief" not in codes(project)


def test_fragment_excerpt_quoted():
    project = clean_project()
    h = next(h for h in project.highlights if len(h.quote.split()) < 4)
    h.included = True
    (f,) = only(project, "excerpt-fragment")
    assert h.quote.strip() in f.message and f.target_kind == "highlight"
    assert f.target_id == h.id


def test_judgment_without_support():
    project = clean_project()
    j = project.judgments[1]
    j.support = ()
    (f,) = only(project, "judgment-no-support")
    assert "Key judgment 2" in f.message and f.target_id == j.id
