"""What the composed brief says, as a reader of the brief would notice it."""

from __future__ import annotations

import pickle

from projects import ARTICLE_1, big_project, hl, make_project

from briefing.brief import appendix as appendix_mod
from briefing.brief import compose as compose_mod
from briefing.brief import markup
from briefing.brief.compose import compose
from briefing.model import Highlight, Judgment, Source, Theme
from briefing.script import is_rtl


def excerpt_ids(section) -> list[int]:
    return [e.highlight_id for e in section.excerpts]


def by_name(doc, name):
    return next(s for s in doc.walk_sections() if s.name == name)


def test_title_block_marking_and_options():
    doc = compose(make_project(), today="2026-02-01")
    assert doc.title.title == "Iraq after the withdrawal"
    assert doc.title.subtitle == "Security outlook"
    assert doc.title.date == "2026-01-10"
    assert doc.marking == "UNCLASSIFIED" and doc.marking_color == "#007a33"
    assert doc.paper == "A4" and doc.language == "en"
    assert markup.plain_text(doc.bottom_line) == "Iraq's security is fragile after the withdrawal."
    assert not doc.show_toc
    doc = compose(
        make_project(date="", title="", paper="letter", show_toc=True), today="2026-02-01"
    )
    assert doc.title.date == "2026-02-01"
    assert doc.title.title == compose_mod.UNTITLED
    assert doc.paper == "Letter" and doc.show_toc


def test_excerpt_with_two_themes_is_in_full_once_and_a_cross_reference_elsewhere():
    project = make_project()
    for j in project.judgments:
        j.support = tuple(h for h in j.support if h != 100)
    doc = compose(project)
    assert 100 in excerpt_ids(by_name(doc, "Security"))
    assert 100 in excerpt_ids(by_name(doc, "Foreign influence"))
    first = [e for s in doc.walk_sections() for e in s.excerpts if e.highlight_id == 100]
    assert [e.anchor for e in first] == ["ex-100", "ex-100-t20"]  # anchors stay unique
    assert first[0].color == "#1f77b4" and first[1].color == "#2ca02c"
    # in full in its first theme's section; elsewhere its number and that section's name
    assert (first[0].see, first[1].see, first[1].see_anchor) == ("", "Security", "ex-100")
    assert first[0].number == first[1].number > 0


def test_supporting_excerpts_are_printed_under_their_judgment_and_referred_to_elsewhere():
    doc = compose(make_project())
    j2 = doc.judgments[1]
    (ex,) = j2.excerpts
    assert (ex.highlight_id, ex.anchor, ex.see) == (100, "ex-100", "")
    assert ex.number == j2.citations[0].excerpt_number
    in_sections = [e for s in doc.walk_sections() for e in s.excerpts if e.highlight_id == 100]
    assert [e.see for e in in_sections] == ["Key judgment 2", "Key judgment 2"]
    assert {e.see_anchor for e in in_sections} == {"ex-100"}
    # numbers follow the document: the judgments' excerpts first, then the sections'
    numbers = [e.number for j in doc.judgments for e in j.excerpts]
    numbers += [e.number for s in doc.walk_sections() for e in s.excerpts if not e.see]
    assert numbers == list(range(1, len(numbers) + 1))


def test_a_judgment_prints_three_excerpts_and_lists_the_rest_by_number():
    project = make_project()
    project.judgments[0].support = (100, 101, 102, 103, 104)
    doc = compose(project)
    j1 = doc.judgments[0]
    assert [e.highlight_id for e in j1.excerpts] == [100, 101, 102]
    assert [e.number for e in j1.further] == [4, 5]
    assert all(not e.see for e in j1.excerpts)


def test_quotes_carry_balanced_marks_and_say_whether_to_wrap():
    project = make_project()
    h = next(h for h in project.highlights if h.id == 101)
    h.quote = "“Without a federal oil and gas law, every deal is temporary"
    doc = compose(project)
    ex = next(e for s in doc.walk_sections() for e in s.excerpts if e.highlight_id == 101)
    assert ex.quote == "“Without a federal oil and gas law, every deal is temporary”"
    assert not ex.wrap


def test_excerpt_order_follows_analyst_then_source_order():
    project = make_project()
    assert excerpt_ids(by_name(compose(project), "Security")) == [101, 100]
    project.excerpt_order = {10: [100, 101]}
    assert excerpt_ids(by_name(compose(project), "Security")) == [100, 101]
    project.excerpt_order = {}
    # source 1 (position 0) before source 2
    assert excerpt_ids(by_name(compose(project), "Security")) == [101, 100]
    project.sources[0].position, project.sources[1].position = 5, 1
    assert excerpt_ids(by_name(compose(project), "Security")) == [100, 101]


def test_partial_excerpt_order_puts_unlisted_after_listed_in_position_order():
    project = make_project()
    s1 = project.sources[0]
    project.highlights.append(hl(106, s1, "Some view the withdrawal", (20,)))
    project.highlights.append(hl(107, s1, "Local leaders", (20,)))
    project.excerpt_order = {20: [106]}
    assert excerpt_ids(by_name(compose(project), "Foreign influence")) == [106, 107, 102, 100]


def test_excluded_and_orphan_highlights_absent():
    doc = compose(make_project())
    shown = {e.highlight_id for s in doc.walk_sections() for e in s.excerpts}
    assert 104 not in shown  # excluded
    assert 105 not in shown  # orphan
    assert shown == {100, 101, 102, 103}


def test_child_themes_are_subsections_and_empty_themes_left_out():
    doc = compose(make_project())
    assert [s.name for s in doc.sections] == ["Security", "Foreign influence"]
    security = doc.sections[0]
    assert [s.name for s in security.subsections] == ["Militias"]
    assert security.level == 1 and security.subsections[0].level == 2
    assert "Reform" not in [s.name for s in doc.walk_sections()]
    assert doc.keywords == ["Security", "Militias", "Foreign influence"]


def test_theme_with_only_narrative_is_shown():
    project = make_project()
    project.themes[3].narrative = "Reform is stalled."
    doc = compose(project)
    assert [s.name for s in doc.sections][-1] == "Reform"


def test_sources_numbered_in_first_citation_order():
    doc = compose(make_project())
    # judgment 1 cites source 1, judgment 2 cites source 2; source 3 never cited
    assert [(s.number, s.source_id) for s in doc.sources] == [(1, 1), (2, 2)]
    assert [s.anchor for s in doc.sources] == ["src-1", "src-2"]
    project = make_project()
    project.judgments.reverse()
    for i, j in enumerate(project.judgments):
        j.position = i
    doc = compose(project)
    assert [s.source_id for s in doc.sources] == [2, 1]
    assert doc.judgments[0].citations[0].number == 1  # now source 2 is number 1
    security = by_name(doc, "Security")
    assert [(e.highlight_id, e.source_number) for e in security.excerpts] == [(101, 2), (100, 1)]


def test_sources_without_judgments_numbered_by_document_order():
    project = make_project()
    project.judgments = []
    doc = compose(project)
    # Security's first excerpt is 101 (source 1), then 100 (source 2)
    assert [s.source_id for s in doc.sources] == [1, 2]
    project.excerpt_order = {10: [100, 101]}
    assert [s.source_id for s in compose(project).sources] == [2, 1]


def test_judgments_with_citations():
    doc = compose(make_project())
    j1, j2 = doc.judgments
    assert (j1.number, j1.likelihood, j1.confidence) == (1, "very likely", "moderate")
    assert markup.plain_text(j1.text) == "Iran will very likely expand its influence."
    (c,) = j1.citations
    assert (c.number, c.source_anchor, c.excerpt_anchor, c.highlight_id) == (
        1,
        "src-1",
        "ex-102",
        102,
    )
    assert j2.citations[0].excerpt_anchor == "ex-100"


def test_judgment_citing_excluded_highlight_cites_its_source_only():
    project = make_project()
    project.judgments[0].support = (104,)  # excluded from theme sections
    doc = compose(project)
    (c,) = doc.judgments[0].citations
    # not in any section: printed in full under the judgment only
    assert c.excerpt_anchor == "ex-104" and c.number == 1
    assert [(e.highlight_id, e.see) for e in doc.judgments[0].excerpts] == [(104, "")]
    assert doc.sources[0].source_id == 2


def test_excerpt_fields_and_rtl():
    doc = compose(make_project())
    militias = by_name(doc, "Militias")
    (e,) = militias.excerpts
    assert e.rtl and e.source_title == "Parliament record" and e.date == "2026-01-05"
    assert e.source_anchor == "src-2"
    foreign = by_name(doc, "Foreign influence")
    e102 = foreign.excerpts[0]
    assert not e102.rtl
    assert markup.plain_text(e102.note) == "Named explicitly."
    assert e102.themes == ["Foreign influence"]


def test_is_rtl():
    assert is_rtl("\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b")
    assert is_rtl("\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd 2026")
    assert not is_rtl("Baghdad, Iraq")
    assert not is_rtl("Baghdad said \u0642\u0627\u0644 yesterday and today")
    assert not is_rtl("123 ...")


def test_chart_only_leaf_themes_in_codebook_order():
    doc = compose(make_project())
    # Security has a child -> not a leaf; Reform has nothing tagged
    assert [(b.name, b.count) for b in doc.chart] == [("Militias", 2), ("Foreign influence", 2)]
    assert doc.chart[0].color == "#ff7f0e"
    assert compose(make_project(show_chart=False)).chart == []


def test_colours_normalised():
    project = make_project(marking_color="red; background:url(x)")
    project.themes[0].color = "#ABC"
    project.themes[1].color = "javascript:alert(1)"
    doc = compose(project)
    assert doc.marking_color == "#000000"
    assert doc.sections[0].color == "#aabbcc"
    assert doc.sections[0].subsections[0].color == compose_mod.DEFAULT_THEME_COLOR


def test_anchors_cover_every_anchor_field():
    doc = compose(make_project(show_appendix=True))
    fields = {j.anchor for j in doc.judgments} | {s.anchor for s in doc.sources}
    fields.update(e.anchor for j in doc.judgments for e in j.excerpts + j.further)
    for s in doc.walk_sections():
        fields.add(s.anchor)
        fields.update(e.anchor for e in s.excerpts)
    fields.update(a.anchor for a in doc.appendix.sources)
    assert fields == doc.anchors


def test_source_url_kept_only_when_web():
    project = make_project()
    project.sources[0].url = "file:///etc/passwd"
    doc = compose(project)
    assert doc.sources[0].url == ""


def test_appendix_full_text_with_highlight_spans():
    doc = compose(make_project(show_appendix=True))
    assert doc.appendix is not None
    src1 = doc.appendix.sources[0]
    assert src1.full_text and src1.note == ""
    assert len(src1.paragraphs) == 4
    para = src1.paragraphs[1]
    (span,) = para.spans
    assert para.text[span.start : span.end] == "the influence of Iran"
    assert span.colors == ("#2ca02c",)
    src2 = doc.appendix.sources[1]
    multi = src2.paragraphs[0].spans[0]
    assert multi.colors == ("#1f77b4", "#2ca02c")  # two themes, two colours
    assert src2.paragraphs[1].rtl
    assert [entry.name for entry in doc.appendix.legend] == [
        "Security",
        "Militias",
        "Foreign influence",
    ]
    assert compose(make_project()).appendix is None


def test_appendix_over_cap_shows_highlighted_paragraphs_with_context(monkeypatch):
    paras = [f"Paragraph number {i} talks about things." for i in range(50)]
    text = "\n\n".join(paras)
    src = Source(id=9, title="Long report", text=text, date="2026-01-01")
    h = hl(900, src, "Paragraph number 20", (1,))
    h2 = hl(901, src, "Paragraph number 22", (1,))
    from briefing.model import Brief, Project

    project = Project(
        brief=Brief(title="T", marking="U", show_appendix=True),
        sources=[src],
        themes=[Theme(id=1, name="T1", color="#112233")],
        highlights=[h, h2],
        judgments=[],
    )
    monkeypatch.setattr(appendix_mod, "APPENDIX_FULL_TEXT_CAP", 100)
    doc = compose(project)
    (a,) = doc.appendix.sources
    assert not a.full_text
    assert "limit" in a.note
    shown = [p.text.split()[2] for p in a.paragraphs]
    assert shown == ["19", "20", "21", "22", "23"]
    assert a.paragraphs[0].gap_before and not a.paragraphs[1].gap_before
    assert a.paragraphs[1].spans and not a.paragraphs[0].spans
    assert all(text[p.start : p.start + len(p.text)] == p.text for p in a.paragraphs)


def test_appendix_long_paragraph_split_into_pieces():
    text = "A fairly ordinary sentence about events. " * 500
    src = Source(id=9, title="One block", text=text, date="2026-01-01")
    h = hl(900, src, "ordinary sentence", (1,), occurrence=300)
    from briefing.model import Brief, Project

    project = Project(
        brief=Brief(marking="U", show_appendix=True),
        sources=[src],
        themes=[Theme(id=1, name="T1")],
        highlights=[h],
        judgments=[],
    )
    (a,) = compose(project).appendix.sources
    assert len(a.paragraphs) > 1
    assert not a.paragraphs[0].continues and all(p.continues for p in a.paragraphs[1:])
    assert "".join(p.text for p in a.paragraphs) == text.strip()
    marked = [(p, s) for p in a.paragraphs for s in p.spans]
    assert len(marked) == 1
    p, s = marked[0]
    assert p.text[s.start : s.end] == "ordinary sentence"
    assert p.start + s.start == h.start


def test_warnings_come_from_checks():
    project = make_project(marking="")
    doc = compose(project)
    assert any("marking" in w for w in doc.warnings)
    assert any("could not be found" in w for w in doc.warnings)  # the orphan


def test_language_from_sources():
    project = make_project()
    for s in project.sources:
        s.language = "ar"
    assert compose(project).language == "ar"
    for s in project.sources:
        s.language = ""
    assert compose(project).language == "en"


def test_doc_is_picklable():
    doc = compose(make_project(show_appendix=True))
    assert pickle.loads(pickle.dumps(doc)) == doc


def test_control_characters_stripped_from_plain_fields():
    project = make_project(title="Brief\x00\x1b title")
    project.highlights[1].quote = "The United\x07 States"
    doc = compose(project)
    assert doc.title.title == "Brief title"
    assert by_name(doc, "Security").excerpts[0].quote == "The United States"


def test_compose_handles_a_large_project():
    """Speed is measured in benchmarks/bench_pdf.py, not asserted here."""
    project = big_project(n_sources=40, per_source=20)  # 800 excerpts
    project.brief.show_appendix = False
    doc = compose(project)
    assert sum(len(s.excerpts) for s in doc.walk_sections()) >= 800
    assert len(doc.sources) == 40


def test_unknown_theme_ids_and_missing_sources_are_harmless():
    project = make_project()
    project.highlights.append(
        Highlight(id=200, source_id=99, start=0, end=3, quote="abc", theme_ids=(10,))
    )
    project.highlights.append(
        Highlight(id=201, source_id=1, start=0, end=4, quote=ARTICLE_1[:4], theme_ids=(999,))
    )
    project.judgments.append(
        Judgment(id=9, text="x", confidence="high", position=9, support=(200, 12345))
    )
    doc = compose(project)
    shown = {e.highlight_id for s in doc.walk_sections() for e in s.excerpts}
    assert 200 not in shown and 201 not in shown
    assert doc.judgments[-1].citations == []


def test_theme_parent_cycle_does_not_hide_themes():
    project = make_project()
    project.themes[0].parent_id = 11  # Security <-> Militias
    doc = compose(project)
    names = [s.name for s in doc.walk_sections()]
    assert "Security" in names and "Militias" in names
