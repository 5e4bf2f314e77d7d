"""The Word brief (.docx): what a reader of the file finds in Word or LibreOffice.

Read back with python-docx (styles, headers, properties, links, right to
left) and, when LibreOffice is installed, converted to PDF as a user's office
suite would open it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from projects import make_project

from briefing.brief.compose import compose
from briefing.export import export
from briefing.render.word import render_docx
from briefing.render.word_xml import bookmark_name

W_ANCHOR = qn("w:anchor")


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _styled(d, style: str) -> list[str]:
    return [p.text for p in d.paragraphs if p.style.name == style]


def _bookmarks(d) -> set[str]:
    return {b.get(qn("w:name")) for b in d.element.body.iter(qn("w:bookmarkStart"))}


@pytest.fixture(scope="module")
def project():
    return make_project(show_toc=True, show_chart=True, show_appendix=True)


@pytest.fixture(scope="module")
def brief(project):
    return compose(project)


@pytest.fixture(scope="module")
def d(brief):
    return _open(render_docx(brief))


def test_title_headings_and_properties(d, brief):
    assert _styled(d, "Title") == ["Iraq after the withdrawal"]
    assert _styled(d, "Subtitle") == ["Security outlook"]
    level1 = _styled(d, "Heading 1")
    assert level1[:2] == ["Bottom line up front", "Key judgments"]
    sections = list(brief.walk_sections())
    assert [s.name for s in sections if s.level == 1] == level1[2 : 2 + len(brief.sections)]
    assert [s.name for s in sections if s.level == 2] == _styled(d, "Heading 2")[
        : sum(s.level == 2 for s in sections)
    ]
    assert {"Sources", "Themes tagged", "Appendix: annotated sources"} <= set(level1)
    cp = d.core_properties
    assert cp.title == "Iraq after the withdrawal"
    assert cp.author == "A. Analyst"
    assert cp.subject == "Security outlook"
    assert set(brief.keywords) and all(k in cp.keywords for k in brief.keywords)
    assert cp.category == "UNCLASSIFIED"


def test_marking_in_every_header_and_footer_in_its_colour(d):
    for section in d.sections:
        for part in (section.header, section.footer):
            p = part.paragraphs[0]
            assert p.text == "UNCLASSIFIED"
            shd = p._p.pPr.find(qn("w:shd"))
            assert shd.get(qn("w:fill")) == "007A33"
            assert str(p.runs[0].font.color.rgb) == "FFFFFF"  # white reads on dark green


def test_tlp_marking_is_its_colour_on_black(project):
    project = make_project(marking="TLP:AMBER", marking_color="#ffc000")
    header = _open(render_docx(compose(project))).sections[0].header.paragraphs[0]
    assert header.text == "TLP:AMBER"
    assert header._p.pPr.find(qn("w:shd")).get(qn("w:fill")) == "000000"
    assert str(header.runs[0].font.color.rgb) == "FFC000"


def test_judgments_are_one_numbered_list_and_sources_another_restarting(d, brief):
    numbered = [p for p in d.paragraphs if p.style.name == "List Number"]
    texts = [p.text for p in numbered]
    assert texts[: len(brief.judgments)] == [
        "Iran will very likely expand its influence.",
        "Parliament is unlikely to ratify the agreement this year.",
    ]
    assert texts[len(brief.judgments) :][0].startswith("US ends Iraq mission")
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    judgment_list, source_list = ids[0], ids[-1]
    assert ids == [judgment_list] * len(brief.judgments) + [source_list] * len(brief.sources)
    assert judgment_list != source_list
    numbering = d.part.numbering_part.element
    for num_id in (judgment_list, source_list):
        num = next(n for n in numbering.findall(qn("w:num")) if n.numId == num_id)
        assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"
    body = "\n".join(p.text for p in d.paragraphs)
    assert "MODERATE CONFIDENCE · VERY LIKELY (80–95%)" in body
    assert "LOW CONFIDENCE · UNLIKELY (20–45%)" in body


def test_every_included_excerpt_is_a_quote_with_its_citation(d, brief):
    quotes = "\n".join(_styled(d, "Quote"))
    full = [e for s in brief.walk_sections() for e in s.excerpts if not e.see]
    full += [e for j in brief.judgments for e in j.excerpts if not e.see]
    assert full
    for e in full:
        assert (f"“{e.quote}”" if e.wrap else e.quote) in quotes
    cites = _styled(d, "Excerpt Citation")
    for e in full:
        assert any(c.startswith(f"— Excerpt {e.number} · {e.source_title}") for c in cites)
    notes = _styled(d, "Analyst Note")
    assert "Analyst note: Named explicitly." in notes
    assert "Militias announced" not in quotes  # excluded from the brief


def test_links_point_at_bookmarks_that_exist_and_urls_are_kept(d):
    marks = _bookmarks(d)
    anchors = [h.get(W_ANCHOR) for h in d.element.body.iter(qn("w:hyperlink"))]
    internal = [a for a in anchors if a]
    assert internal and set(internal) <= marks
    assert bookmark_name("src-1") in internal and bookmark_name("kj-1") in marks
    rels = {r.target_ref for r in d.part.rels.values() if r.is_external}
    assert "https://news.example/iraq" in rels


def test_arabic_is_right_to_left_in_an_arabic_font(d):
    word = "\u0627\u0644\u0627\u0646\u0633\u062d\u0627\u0628"
    arabic = [p for p in d.paragraphs if word in p.text]
    assert arabic
    for p in arabic:
        assert p._p.pPr.find(qn("w:bidi")) is not None
        for r in p.runs:
            if r.text.strip():
                assert r._r.rPr.find(qn("w:rtl")) is not None
                assert r._r.rPr.rFonts.get(qn("w:cs")) == "Amiri"
    quote = next(p for p in arabic if p.style.name == "Quote")
    assert quote._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:right')}") is not None  # bar where it starts
    english = next(p for p in d.paragraphs if p.text == "Key judgments")
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None


def test_bottom_line_sits_in_a_shaded_box(d):
    table = d.tables[0]
    cell = table.cell(0, 0)
    assert cell.text == "Iraq's security is fragile after the withdrawal."
    assert any(r.bold and r.text == "fragile" for r in cell.paragraphs[0].runs)
    assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) not in (None, "auto", "FFFFFF")


def test_toc_field_and_chart_only_when_the_brief_asks(d, project):
    instr = [t.text for t in d.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instr)
    assert d.settings.element.find(qn("w:updateFields")) is not None
    assert "Themes tagged" in _styled(d, "Heading 1")
    plain = _open(render_docx(compose(make_project(show_toc=False, show_chart=False))))
    assert not list(plain.element.body.iter(qn("w:instrText")))
    assert "Themes tagged" not in _styled(plain, "Heading 1")
    assert "Appendix: annotated sources" not in _styled(plain, "Heading 1")


def test_letter_paper_and_hostile_text(tmp_path: Path):
    hostile = make_project(
        paper="Letter",
        title="Bad \x07 title <w:p/> & more",
        bottom_line="[click](javascript:alert(1)) and [ok](https://example.org/a?b=1&c=2)",
    )
    d = _open(render_docx(compose(hostile)))
    assert abs(d.sections[0].page_width.inches - 8.5) < 0.01
    assert _styled(d, "Title") == ["Bad title <w:p/> & more"]
    rels = {r.target_ref for r in d.part.rels.values() if r.is_external}
    assert "https://example.org/a?b=1&c=2" in rels
    assert not any("javascript" in r for r in rels)


def test_export_writes_a_docx_through_the_format_table(tmp_path: Path):
    path = tmp_path / "brief.docx"
    warnings = export(make_project(), path)
    assert isinstance(warnings, list)
    assert _styled(_open(path.read_bytes()), "Title") == ["Iraq after the withdrawal"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it_with_headings_marking_and_quotes(tmp_path: Path, brief):
    path = tmp_path / "brief.docx"
    path.write_bytes(render_docx(brief))
    done = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True,
        text=True,
        timeout=240,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "brief.pdf"
    assert pdf.exists(), done.stderr
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    flat = " ".join(text.split())
    for needle in ("Iraq after the withdrawal", "Key judgments", "Security", "Sources"):
        assert needle in flat
    assert flat.count("UNCLASSIFIED") >= 2 * len(reader.pages)
    assert "Parliament debated the security agreement" in flat
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "Key judgments" in titles  # headings became the PDF's outline
