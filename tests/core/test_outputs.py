"""HTML, preview, Markdown and annotation outputs, and the export dispatcher."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from projects import make_project

from briefing.brief import markup
from briefing.brief.compose import compose
from briefing.export import BriefCheckFailed, atomic_path, export_brief
from briefing.render.annotations import render_annotations
from briefing.render.html import render_html
from briefing.render.markdown import md_escape, render_markdown
from briefing.text import fingerprint

EVIL_PARTS = (
    "Plain < and & and AT&T and a<b.",
    "<b>raw bold</b> <script>alert(1)</script>",
    '<img src="/etc/passwd"> <img src="https://example.com/x.png">',
    "![x](/etc/passwd)",
    "[a](file:///etc/passwd) [b](javascript:alert(1)) [c](#nowhere) [d](https://ok.example)",
    "[e](#src-1) ctl:\x00\x1b\x7f\ufffe:end",
    '<div onclick="evil()">div</div> <style>body{background:url(https://x.example/t)}</style>',
    "<iframe src=https://x.example></iframe> @import url(x.css);",
)
EVIL_NOTE = "\n\n".join(EVIL_PARTS)


def evil_project(**brief):
    project = make_project(show_appendix=True, show_toc=True, **brief)
    for h in project.highlights:
        h.note = EVIL_NOTE
    project.themes[0].narrative = EVIL_NOTE
    project.judgments[0].text = EVIL_NOTE
    project.brief.bottom_line = EVIL_NOTE
    project.brief.title = "Title <script>alert(1)</script> & co"
    return project


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def tags_of(html_text: str) -> Tags:
    t = Tags()
    t.feed(html_text)
    t.close()
    return t


def assert_safe_html(html_text: str, anchors, *, preview: bool):
    t = tags_of(html_text)
    names = [n for n, _ in t.tags]
    for bad in ("script", "img", "iframe", "object", "embed", "link", "svg", "base", "form"):
        assert bad not in names, bad
    assert names.count("style") == (0 if preview else 1)
    css = re.findall(r"<style>(.*?)</style>", html_text, re.S)
    css += [a["style"] for _, a in t.tags if "style" in a]
    assert not any("url(" in c or "@import" in c or "expression(" in c for c in css)
    for tag, attrs in t.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert "src" not in attrs
        href = attrs.get("href")
        if href is None:
            continue
        if href.startswith("#"):
            assert href[1:] in anchors, href
        elif preview and href.startswith("excerpt:"):
            assert re.fullmatch(r"excerpt:\d+", href)
        else:
            assert href.startswith(("https://", "http://", "mailto:")), href
    hrefs = [a.get("href") for _, a in t.tags]
    assert "https://ok.example" in hrefs
    assert "#nowhere" not in hrefs
    text = "".join(t.text)
    assert "<script>alert(1)</script>" in text  # shown as text
    assert '<img src="/etc/passwd">' in text
    assert "[image: x]" in text
    assert "AT&T" in text
    assert "\x00" not in html_text and "\x1b" not in html_text and "\ufffe" not in html_text
    assert "ctl::end" in text


def test_html_is_safe_and_self_contained():
    doc = compose(evil_project())
    out = render_html(doc)
    assert_safe_html(out, doc.anchors, preview=False)
    assert out.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in out
    assert "<script" not in out and "<img" not in out


def test_preview_is_safe():
    doc = compose(evil_project())
    out = render_html(doc, for_preview=True)
    assert_safe_html(out, doc.anchors, preview=True)


def test_html_structure():
    doc = compose(make_project(show_appendix=True))
    out = render_html(doc)
    t = tags_of(out)
    ids = {a["id"] for _, a in t.tags if "id" in a}
    assert doc.anchors <= ids  # every anchor the brief defines exists
    assert out.count('class="marking"') == 2  # top and bottom
    assert "UNCLASSIFIED" in out
    assert "Bottom line up front" in out and "Key judgments" in out
    assert 'class="tag likelihood">VERY LIKELY (80–95%)<' in out
    assert 'class="tag confidence">MODERATE CONFIDENCE<' in out
    assert 'href="#src-1"' in out and 'href="#src-2"' in out
    assert "border-left-color:#1f77b4" in out and "border-bottom-color:#1f77b4" in out
    assert re.search(r'<blockquote class="excerpt" dir="rtl"', out)
    assert "<mark " in out and "Themes tagged" in out and "Appendix" in out
    # Security before its child Militias before Foreign influence
    assert out.index("theme-10") < out.index("theme-11") < out.index("theme-20")


def test_preview_maps_excerpt_clicks_to_highlight_ids():
    doc = compose(make_project())
    out = render_html(doc, for_preview=True)
    links = re.findall(r'href="excerpt:(\d+)"', out)
    assert sorted(set(map(int, links))) == [100, 101, 102, 103]
    names = set(re.findall(r'<a name="([^"]+)"></a>', out))
    assert doc.anchors <= names
    assert "<style>" not in out and "display:" not in out  # Qt subset: no flex/CSS layout


def test_no_marking_no_banner():
    out = render_html(compose(make_project(marking="")))
    assert 'class="marking"' not in out


def markdown_to_html_unsafely(text: str) -> str:
    """The worst consumer: Python-Markdown with raw HTML allowed."""
    return markdown.markdown(text, extensions=["tables"])


def test_markdown_is_escaped():
    doc = compose(evil_project())
    md = render_markdown(doc)
    html_text = markdown_to_html_unsafely(md)
    t = tags_of(html_text)
    names = [n for n, _ in t.tags]
    assert "script" not in names and "img" not in names and "iframe" not in names
    assert "style" not in names and "div" not in names
    for _tag, attrs in t.tags:
        assert not any(k.startswith("on") for k in attrs)
        if "href" in attrs:
            href = attrs["href"]
            assert href.startswith(("https://", "http://", "mailto:", "#")), href
            if href.startswith("#"):
                assert href[1:] in doc.anchors
    assert "](javascript" not in md
    assert "](file:" not in md and "](#nowhere" not in md
    assert "[d](https://ok.example)" in md
    text = "".join(t.text)
    assert "<script>alert(1)</script>" in text
    assert "AT&T" in text and "[image: x]" in text
    assert "\x00" not in md and "\x1b" not in md


def test_markdown_structure():
    doc = compose(make_project(show_appendix=True, show_toc=True))
    md = render_markdown(doc)
    assert md.startswith("**UNCLASSIFIED**")
    assert md.rstrip().endswith("**UNCLASSIFIED**")
    assert "# Iraq after the withdrawal" in md
    assert "## Bottom line up front" in md
    assert "1. " in md
    assert "**MODERATE CONFIDENCE** · VERY LIKELY (80–95%) [\\[1\\]](#src-1)" in md
    assert "## Security" in md and "### Militias" in md
    assert "> The United States has concluded its military presence" in md
    assert '<a id="src-1"></a>' in md
    assert "## Sources" in md and "<https://news.example/iraq>" in md
    html_text = markdown_to_html_unsafely(md)
    assert "<h2>Security</h2>" in html_text
    assert "<blockquote>" in html_text


def test_md_escape_round_trip_through_markdown():
    samples = [
        "*not em*",
        "_x_",
        "[a](b)",
        "# not heading",
        "1. not list",
        "- not list",
        "> not quote",
        "`tick`",
        "a | b",
        "<b>tag</b>",
        "&copy;",
        "AT&T",
        "x\\y",
    ]
    for s in samples:
        out = markdown.markdown(md_escape(s))
        t = tags_of(out)
        assert [n for n, _ in t.tags] == ["p"], (s, out)


def test_annotations():
    project = make_project()
    data = render_annotations(project)
    assert data["type"] == "AnnotationCollection"
    assert "comment" not in data  # not a term of the anno.jsonld context
    page = data["first"]
    assert data["id"].startswith("urn:uuid:") and page["id"].startswith("urn:uuid:")
    assert page["id"] != data["id"] and page["partOf"] == data["id"]
    assert render_annotations(make_project())["id"] == data["id"]  # stable across exports
    items = data["first"]["items"]
    assert len(items) == len(project.highlights)
    by_id = {a["id"]: a for a in items}
    a = by_id["urn:briefing:highlight:100"]
    assert a["@context"] == "http://www.w3.org/ns/anno.jsonld" and a["type"] == "Annotation"
    bodies = a["body"]
    assert {
        "type": "TextualBody",
        "value": "Long debate.",
        "format": "text/markdown",
        "purpose": "commenting",
    } in bodies
    assert [b["value"] for b in bodies if b["purpose"] == "tagging"] == [
        "Security",
        "Foreign influence",
    ]
    target = a["target"]
    assert target["source"] == fingerprint(project.sources[1].text)
    assert target["source"].startswith("ni:///sha-256;")
    quote_sel, pos_sel = target["selector"]
    assert quote_sel["type"] == "TextQuoteSelector"
    assert quote_sel["exact"] == "Parliament debated the security agreement"
    src = project.sources[1].text
    assert src[pos_sel["start"] : pos_sel["end"]] == quote_sel["exact"]
    assert by_id["urn:briefing:highlight:101"]["target"]["scope"] == "https://news.example/iraq"
    orphan = by_id["urn:briefing:highlight:105"]
    assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"]
    arabic = by_id["urn:briefing:highlight:103"]["target"]["selector"][1]
    assert src[arabic["start"] : arabic["end"]] == project.highlights[3].quote


def test_atomic_path_success_and_failure(tmp_path: Path):
    target = tmp_path / "brief.html"
    target.write_text("old")

    def fail_halfway() -> None:
        with atomic_path(target) as tmp:
            assert tmp.parent == tmp_path and tmp.suffix == ".html"
            tmp.write_text("half")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_halfway()
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html"]
    with atomic_path(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html"]


def test_atomic_path_new_file_gets_normal_permissions(tmp_path: Path):
    target = tmp_path / "new.md"
    with atomic_path(target) as tmp:
        tmp.write_text("x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("name", ["b.html", "b.htm", "b.md", "b.markdown", "b.jsonld"])
def test_export_formats(tmp_path: Path, name):
    path = tmp_path / name
    warnings = export_brief(make_project(), path)
    assert any("could not be found" in w for w in warnings)
    text = path.read_text(encoding="utf-8")
    if name.endswith(".jsonld"):
        assert json.loads(text)["type"] == "AnnotationCollection"
    else:
        assert "Iraq after the withdrawal" in text
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_export_unknown_extension(tmp_path: Path):
    with pytest.raises(ValueError, match="Cannot export as") as err:
        export_brief(make_project(), tmp_path / "brief.xyz")
    msg = str(err.value)
    assert "\n" not in msg and ".pdf" in msg and ".html" in msg and ".jsonld" in msg
    with pytest.raises(ValueError, match="Cannot export as"):
        export_brief(make_project(), tmp_path / "brief.json")
    assert list(tmp_path.iterdir()) == []


def test_unknown_extension_names_every_format_that_works(tmp_path: Path):
    from briefing.export import FORMATS, export

    with pytest.raises(ValueError, match="Cannot export as") as err:
        export(make_project(), tmp_path / "brief.xyz")
    listed = str(err.value).split("use one of: ")[1].split(", ")
    assert listed == list(FORMATS)
    assert {".json", ".docx", ".csv", ".jsonld", ".pdf"} <= set(listed)
    for ext in listed:  # every format named really writes
        if ext != ".pdf":
            export(make_project(), tmp_path / f"brief{ext}")
    assert len(list(tmp_path.iterdir())) == len(listed) - 1


def test_strict_export_refuses_before_writing(tmp_path: Path):
    path = tmp_path / "brief.html"
    with pytest.raises(BriefCheckFailed) as err:
        export_brief(make_project(marking=""), path, strict=True)
    assert any("marking" in w for w in err.value.warnings)
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_failed_pdf_export_leaves_old_file(tmp_path: Path, monkeypatch):
    import sys
    import types

    fake = types.ModuleType("briefing.render.pdf")

    def write_pdf(doc, path, progress=None):
        Path(path).write_bytes(b"%PDF-half")
        raise RuntimeError("disk full")

    fake.write_pdf = write_pdf
    monkeypatch.setitem(sys.modules, "briefing.render.pdf", fake)
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"%PDF-old")
    with pytest.raises(RuntimeError):
        export_brief(make_project(), target)
    assert target.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_huge_note_through_outputs():
    project = make_project()
    project.highlights[0].note = ("Sentence of a long note. " * 40 + "\n\n") * 3200
    doc = compose(project)
    out = render_html(doc)
    assert "[note truncated:" in out and "characters over the limit]" in out
    assert "[note truncated:" in render_markdown(doc)


# -- Hypothesis: nothing a user types breaks an output ----------------------

_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=200) | st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src="/etc/passwd">',
        "![x](/etc/passwd)",
        "[b](javascript:alert(1))",
        "> " * 30 + "x",
        "|a|b|\n|-|-|\n|1|2|",
        "```\n<img>\n```",
        "&#0;&#xD800;&bogus;",
        "\ud800",
        "*" * 50,
        "[x]: javascript:alert(1)\n\n[y][x]",
        "<https://ok.example>",
        "<javascript:alert(1)>",
        "\u202e\u0627\u0644<img>",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_text,
    marking=_text,
    bluf=_text,
    theme_name=_text,
    narrative=_text,
    description=_text,
    judgment=_text,
    note=_text,
    quote=_text,
    source_title=_text,
    color=_text,
    likelihood=_text,
    confidence=_text,
    paper=_text,
)
def test_random_text_never_breaks_outputs(
    title,
    marking,
    bluf,
    theme_name,
    narrative,
    description,
    judgment,
    note,
    quote,
    source_title,
    color,
    likelihood,
    confidence,
    paper,
):
    project = make_project(show_appendix=True, show_toc=True)
    b = project.brief
    b.title, b.subtitle, b.author, b.organisation, b.date = title, title, title, title, title
    b.marking, b.marking_color, b.bottom_line, b.paper = marking, color, bluf, paper
    for t in project.themes:
        t.name, t.narrative, t.description, t.color = theme_name, narrative, description, color
    for j in project.judgments:
        j.text, j.likelihood, j.confidence = judgment, likelihood, confidence
    for h in project.highlights:
        h.note, h.quote = note, quote
    for s in project.sources:
        s.title = s.author = s.dateline = s.date = s.accessed = source_title
        s.url = source_title
    doc = compose(project)
    for out in (render_html(doc), render_html(doc, for_preview=True)):
        lowered = out.lower()
        assert "<script" not in lowered
        assert "<img" not in lowered
        for _, attrs in tags_of(out).tags:
            href = attrs.get("href")
            assert "src" not in attrs and not any(k.startswith("on") for k in attrs)
            assert href is None or href.startswith(
                ("https://", "http://", "mailto:", "excerpt:", "#")
            ), href
    md = render_markdown(doc)
    converted = markdown_to_html_unsafely(md).lower()
    assert "<script" not in converted and "<img" not in converted
    json.dumps(render_annotations(project))


def test_tlp_marking_is_its_colour_on_black_in_html():
    out = render_html(compose(make_project(marking="TLP:AMBER+STRICT", marking_color="#FFC000")))
    assert "background:#000000;color:#ffc000" in out.replace(" ", "").lower()
    plain = render_html(compose(make_project(marking="UNCLASSIFIED", marking_color="#007A33")))
    assert "background:#007a33" in plain.replace(" ", "").lower()


def test_one_citation_marker_per_source_in_a_judgment():
    p = make_project()
    p.judgments[0].support = (101, 102)  # two excerpts of source 1
    doc = compose(p)
    html_out = render_html(doc)
    judgment = html_out.split("Iran will very likely expand its influence.")[1].split("</li>")[0]
    # the judgment's own markers (its excerpts below cite their source each)
    assert judgment.split('<div class="kj-evidence">')[0].count("[1]") == 1
    md = render_markdown(doc)
    judgment_md = md.split("Iran will very likely")[1].split("\n2. ")[0]
    assert judgment_md.split('<a id="ex-')[0].count("[\\[1\\]]") == 1


def test_assessment_reads_the_same_in_html_preview_and_markdown():
    doc = compose(make_project())
    wording = "MODERATE CONFIDENCE · VERY LIKELY (80–95%)"
    for out in (render_html(doc), render_html(doc, for_preview=True), render_markdown(doc)):
        text = re.sub(r"<[^>]+>|\*\*", "", out).replace("</span> <span", "")
        assert "[VERY LIKELY]" not in text
    preview = re.sub(r"<[^>]+>", "", render_html(doc, for_preview=True))
    assert wording in preview
    assert wording in render_markdown(doc).replace("**", "")


def test_supporting_excerpts_under_judgments_in_html_and_markdown():
    p = make_project()
    p.judgments[0].support = (101, 102, 103, 100, 104)
    doc = compose(p)
    for out, quote_of in (
        (render_html(doc), lambda e: e.quote),
        (render_html(doc, for_preview=True), lambda e: e.quote),
        (render_markdown(doc), lambda e: "> " + e.quote.split("\n")[0]),
    ):
        judgments, sections = out.split("Key judgments", 1)[1].split("Security", 1)
        j1 = doc.judgments[0]
        for e in j1.excerpts:  # printed in full under the judgment
            assert markup.escape(quote_of(e)) in judgments or quote_of(e) in judgments
            assert f"Excerpt {e.number}" in judgments
        assert "Also supported by excerpts 4, 5." in re.sub(r"<[^>]+>|\[|\]\([^)]*\)", "", out)
        # in the sections they are a one-line reference, not the quote again
        assert "see Key judgment 1" in sections
        assert markup.escape(j1.excerpts[0].quote) not in sections
