"""The PDF brief, read back with pypdf (and poppler/qpdf when installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from pypdf import PdfReader

from briefing.brief.compose import compose
from briefing.export import atomic_path
from briefing.model import Highlight, Source, Theme, context_of
from briefing.render.pdf import ExportCancelled, bidi, fonts, rl, write_pdf
from tests.projects import make_project

HAVE_QPDF = shutil.which("qpdf") is not None
HAVE_PDFTOTEXT = shutil.which("pdftotext") is not None
HAVE_PDFFONTS = shutil.which("pdffonts") is not None

LOREM = (
    "The provincial council met twice in December and agreed a timetable for the "
    "handover of checkpoints, although two blocs walked out of the second session. "
    "Officials said the arrangement would be reviewed in March; critics called it "
    "“a pause, not a plan” — a view shared by several local commanders. "
)


def _export(project, path: Path, **kw) -> list[str]:
    with atomic_path(path) as tmp:
        return write_pdf(compose(project, today="2026-01-10"), tmp, **kw)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _pages_text(path: Path) -> list[str]:
    return [_norm(p.extract_text() or "") for p in PdfReader(path).pages]


def _long_project(**brief):
    """make_project with long narratives, so sections fall on different pages."""
    p = make_project(**brief)
    for _i, t in enumerate(p.themes):
        t.narrative = "\n\n".join(
            [f"Paragraph {k} of theme {t.name}. " + LOREM * 3 for k in range(5)]
        )
    return p


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    out = []

    def walk(items, depth):
        for it in items:
            if isinstance(it, list):
                walk(it, depth + 1)
            else:
                out.append((depth, it.title, reader.get_destination_page_number(it)))

    walk(reader.outline, 0)
    return out


# --------------------------------------------------------------------------
# Structure


def test_outline_points_at_the_pages_of_its_sections(tmp_path):
    path = tmp_path / "b.pdf"
    _export(_long_project(show_toc=True), path)
    reader = PdfReader(path)
    pages = _pages_text(path)
    entries = _outline(reader)
    titles = [t for _, t, _ in entries]
    assert titles[:2] == ["Bottom line up front", "Key judgments"]
    for name in ("Security", "Militias", "Foreign influence", "Evidence by theme", "Sources"):
        assert name in titles
    assert next((d, t) for d, t, _ in entries if t == "Militias") == (
        1,
        "Militias",
    )
    assert len({p for _, _, p in entries}) >= 3, "outline entries all on one page"
    for _depth, title, page in entries:
        assert _norm(title).lower() in pages[page].lower(), f"{title!r} is not on page {page + 1}"
    # internal links land on real pages too (not all on page 1)
    link_pages = set()
    for page in reader.pages:
        for a in page.get("/Annots") or []:
            a = a.get_object()
            dest = a.get("/Dest")
            if dest is not None:
                link_pages.add(reader.get_page_number(dest[0].get_object()))
    assert len(link_pages) >= 2


def test_metadata_and_language(tmp_path):
    path = tmp_path / "b.pdf"
    _export(make_project(), path)
    reader = PdfReader(path)
    meta = reader.metadata
    assert meta.title == "Iraq after the withdrawal"
    assert meta.author == "A. Analyst"
    assert meta.subject == "Security outlook"
    assert meta["/Keywords"] == "Security, Militias, Foreign influence"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True


def test_quotes_and_citations_in_document_order(tmp_path):
    path = tmp_path / "b.pdf"
    project = make_project()
    doc = compose(project, today="2026-01-10")
    write_pdf(doc, path)
    text = " ".join(_pages_text(path))
    pos = 0
    seen = 0
    for sec in doc.walk_sections():
        assert _norm(sec.name) in text
        for ex in sec.excerpts:
            if ex.rtl:
                continue
            if ex.see:  # printed in full elsewhere: one line, no quote
                i = text.find(f"EXCERPT {ex.number} · see {ex.see}", pos)
                assert i >= 0, f"cross-reference to excerpt {ex.number} missing or out of order"
                assert text.find(_norm(ex.quote), pos) == -1 or ex.quote in text[:pos]
                pos = i
                seen += 1
                continue
            i = text.find(_norm(ex.quote), pos)
            assert i >= 0, f"quote {ex.quote!r} missing or out of order"
            cite = f"EXCERPT {ex.number} · SOURCE {ex.source_number} · {ex.source_title}"
            j = text.find(cite, i)
            assert j > i, f"citation for {ex.quote!r} missing"
            pos = j
            seen += 1
    assert seen >= 4
    # the numbered source list follows, in number order
    k = text.find("Sources", pos)
    for s in doc.sources:
        k2 = text.find(f"{s.number}. {s.title}", k)
        assert k2 > 0
        k = k2


def test_page_count_page_x_of_y_and_marking_on_every_page(tmp_path):
    path = tmp_path / "b.pdf"
    _export(_long_project(marking="TLP:AMBER", marking_color="#ffc000"), path)
    pages = _pages_text(path)
    n = len(pages)
    assert 3 <= n <= 12
    for i, text in enumerate(pages, 1):
        assert text.count("TLP:AMBER") == 2, f"banner missing on page {i}"
        assert f"Page {i} of {n}" in text


def test_only_embedded_fonts_with_unique_names(tmp_path):
    path = tmp_path / "b.pdf"
    project = make_project(show_appendix=True)
    project.themes[0].narrative = (
        "A list:\n\n- one\n- two → three\n\n1. first\n2. second\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```"
    )
    _export(project, path)
    reader = PdfReader(path)
    names = set()
    for page in reader.pages:
        fonts_ = page["/Resources"]["/Font"]
        for font in fonts_.values():
            font = font.get_object()
            base = font["/BaseFont"]
            assert "Helvetica" not in base and "Times" not in base and "Courier" not in base
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert desc is not None and "/FontFile2" in desc.get_object(), base
            names.add(base.split("+", 1)[-1])
    assert {
        "NotoSerif-Regular",
        "NotoSerif-Bold",
        "NotoSans-Bold",
        "NotoSans-Regular",
        "DejaVuSansMono",
        "Amiri-Regular",
    } <= names
    if HAVE_PDFFONTS:
        out = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout
        for line in out.splitlines()[2:]:
            assert " yes yes yes " in line, line


@pytest.mark.skipif(not HAVE_QPDF, reason="qpdf not installed")
def test_qpdf_accepts_the_brief(tmp_path):
    path = tmp_path / "b.pdf"
    _export(_long_project(show_appendix=True, show_toc=True), path)
    r = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_table_of_contents_exactly_when_asked(tmp_path):
    short = tmp_path / "short.pdf"
    _export(make_project(), short)
    assert "CONTENTS" not in _pages_text(short)[0]

    asked = tmp_path / "asked.pdf"
    _export(make_project(show_toc=True), asked)
    first = _pages_text(asked)[0]
    assert "CONTENTS" in first and "Foreign influence" in first

    # a long brief gets no contents list unless it is asked for
    unasked = tmp_path / "unasked.pdf"
    p = _long_project()
    for t in p.themes:
        t.narrative = t.narrative * 2
    _export(p, unasked)
    pages = _pages_text(unasked)
    assert len(pages) > 4
    assert not any("CONTENTS" in page for page in pages)

    long = tmp_path / "long.pdf"
    p.brief.show_toc = True
    _export(p, long)
    pages = _pages_text(long)
    assert "CONTENTS" in pages[0]
    # the page numbers in the TOC (after the dot leaders) are the real ones
    reader = PdfReader(long)
    expected = [pg + 1 for _, t, pg in _outline(reader)]
    toc = pages[0][pages[0].find("CONTENTS") :]
    numbers = [int(n) for n in re.findall(r"(?:\. )+(\d+)", toc)]
    assert numbers[: len(expected)] == expected
    assert len(set(expected)) >= 4


def test_progress_and_cancel_leave_no_file(tmp_path):
    path = tmp_path / "b.pdf"
    calls = []
    _export(make_project(), path, progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1]
    assert all(0 <= d <= t for d, t in calls)

    path2 = tmp_path / "c.pdf"
    path2.write_bytes(b"old")

    def cancel(done, total):
        raise ExportCancelled()

    with pytest.raises(ExportCancelled):
        _export(make_project(), path2, progress=cancel)
    assert path2.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.pdf", "c.pdf"]


# --------------------------------------------------------------------------
# Safety


NASTY_NOTE = (
    "if x < y && a<b then AT&T wins &copy; &bogus;\n\n"
    "<b>bold never closed <i>\n\n"
    "<script>alert(1)</script>\n\n"
    "<img src=/etc/passwd>\n\n"
    "![secret](/etc/passwd)\n\n"
    '<font name="NoSuchFont" size="5000">big</font> <onDraw name="boom"/>\n\n'
    "See [the file](file:///etc/passwd), [a script](javascript:app.alert(1)), "
    "[unc](\\\\evil\\share), [nowhere](#nowhere), [a source](#src-1) and "
    "[the site](https://example.org/a?b=1&c=2).\n\n"
    "Plain URL https://example.com/x"
)


def test_user_text_is_shown_not_interpreted(tmp_path):
    path = tmp_path / "b.pdf"
    p = make_project()
    p.highlights[0].note = NASTY_NOTE
    p.themes[0].narrative = "Narrative with <stdin> and a </para> tag."
    p.brief.title = "Title <b>with</b> & <a href='javascript:x'>tags</a>"
    _export(p, path)
    reader = PdfReader(path)
    text = " ".join(_pages_text(path))
    for shown in (
        "if x < y && a<b then AT&T wins © &bogus;",
        "<b>bold never closed <i>",
        "<script>alert(1)</script>",
        "<img src=/etc/passwd>",
        "[image: secret]",
        '<font name="NoSuchFont" size="5000">big</font>',
        "<stdin>",
        "</para>",
        "Title <b>with</b> & <a href='javascript:x'>tags</a>",
        "the file",
        "a script",
        "nowhere",
    ):
        assert _norm(shown) in text, shown
    uris, dests = [], 0
    for page in reader.pages:
        # no image: the only XObjects are the forms of the footer and contents numbers
        for name, xobj in (page["/Resources"].get("/XObject") or {}).items():
            assert xobj.get_object()["/Subtype"] == "/Form", name
            assert name.startswith(("/FormXob.BriefFooter", "/FormXob.BriefTOC")), name
        for a in page.get("/Annots") or []:
            a = a.get_object()
            action = a.get("/A")
            if action is not None:
                action = action.get_object()
                assert action["/S"] == "/URI", action
                uris.append(action["/URI"])
            else:
                dests += 1
    assert "https://example.org/a?b=1&c=2" in uris
    for uri in uris:
        assert uri.startswith(("https://", "http://", "mailto:")), uri
    assert dests >= 1  # the [a source](#src-1) link and the citation markers
    raw = path.read_bytes()
    assert b"/JavaScript" not in raw and b"/Launch" not in raw and b"/GoToR" not in raw


def test_coverage_warning_and_placeholder(tmp_path):
    path = tmp_path / "b.pdf"
    p = make_project()
    p.highlights[1].note = "Melting face 🫠 twice 🫠, arrows → and Hebrew שלום are fine."
    warnings = _export(p, path)
    assert len(warnings) == 1
    assert "1 character has no glyph" in warnings[0] and "🫠" in warnings[0]
    text = " ".join(_pages_text(path))
    assert "\ufffd twice \ufffd" in text
    assert "→" in text


def test_bundled_fonts_register_with_unique_names_and_licences():
    from reportlab.pdfbase.ttfonts import TTFont

    from briefing.resources import resource_path

    folder = resource_path("fonts")
    files = sorted(folder.glob("*.ttf"))
    assert len(files) == 10
    names = set()
    for f in files:
        font = TTFont("probe-" + f.stem, str(f))
        names.add(font.face.name)
    assert len(names) == len(files), "two fonts share a PostScript name"
    for lic in ("OFL-Noto.txt", "OFL-Amiri.txt", "LICENSE-DejaVu.txt", "README.md"):
        assert (folder / lic).stat().st_size > 1000
    assert sum(f.stat().st_size for f in files) < 6_000_000
    # the glyphs the renderer relies on
    fonts.register_fonts()
    assert fonts.has_glyph(fonts.SERIF, "\u2212") and fonts.has_glyph(fonts.SERIF, "\ufffd")
    assert fonts.has_glyph(fonts.ARABIC, "\ufefb")  # lam-alef presentation form
    assert fonts.has_glyph(fonts.FALLBACK, "\u2192")


def test_letter_paper_and_tlp_banner(tmp_path):
    path = tmp_path / "b.pdf"
    _export(make_project(paper="Letter", marking="TLP:GREEN", marking_color="#33ff00"), path)
    reader = PdfReader(path)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    if HAVE_PDFTOTEXT:
        words = _words_with_boxes(path, 1)
        tlp = [(x, w) for x, _y, w in words if w == "TLP:GREEN"]
        assert len(tlp) == 2
        right_margin = 612 - 22 * 72 / 25.4
        for x, _w in tlp:
            assert x > right_margin - 100  # right-justified


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_tlp_banner_is_the_label_colour_on_black(tmp_path):
    from PIL import Image

    path = tmp_path / "b.pdf"
    _export(make_project(marking="TLP:RED", marking_color="#FF2B2B"), path)
    subprocess.run(
        ["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")],
        check=True,
    )
    page = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    band = [page.getpixel((x, y)) for x in range(80, page.width - 80, 7) for y in range(40)]
    assert sum(1 for px in band if px == (0, 0, 0)) > len(band) // 5  # a black banner
    reds = [px for px in band if px[0] > 200 and px[1] < 120 and px[2] < 120]
    assert reds  # the label drawn in TLP red


def test_fonts_split_runs_by_coverage():
    cov = fonts.Coverage()
    runs = fonts.runs("x → y 😀🫠 שלום", fonts.SERIF, cov)
    faces = [f for f, _ in runs]
    assert faces[0] == fonts.SERIF and fonts.FALLBACK in faces
    assert "".join(t for _, t in runs).count("\ufffd") == 1
    assert list(cov.missing) == ["🫠"]
    assert "&lt;b&gt;" in fonts.markup("<b>", fonts.SERIF)
    assert fonts.runs("e\u0301", fonts.SERIF) == [(fonts.SERIF, "e\u0301")]


# --------------------------------------------------------------------------
# Right to left


ARABIC_WORDS = [
    "قال",
    "المتحدث",
    "باسم",
    "الحكومة",
    "إن",
    "الانتخابات",
    "ستجرى",
    "في",
    "موعدها",
    "المحدد",
    "رغم",
    "الخلافات",
]
MARKERS = [chr(ord("A") + i) for i in range(len(ARABIC_WORDS) * 2)]


def _arabic_sentence() -> str:
    words = ARABIC_WORDS * 2
    return " ".join(f"{m} {w}" for m, w in zip(MARKERS, words, strict=False))


def _arabic_project():
    p = make_project()
    sentence = _arabic_sentence()
    text = "مقدمة قصيرة.\n\n" + sentence + ".\n\nخاتمة."
    src = Source(id=9, title="Arabic wire", text=text, date="2026-01-03", language="ar", position=5)
    start = text.index(sentence)
    end = start + len(sentence)
    prefix, quote, suffix = context_of(text, start, end)
    p.sources.append(src)
    p.themes.append(Theme(id=40, name="Elections", color="#9467bd", position=5))
    p.highlights.append(
        Highlight(
            id=200,
            source_id=9,
            start=start,
            end=end,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            theme_ids=(40,),
            note="Marker test",
        )
    )
    return p


def _words_with_boxes(path: Path, page_no: int):
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page_no), "-l", str(page_no), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = []
    for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
        r'yMax="([\d.]+)">([^<]*)</word>',
        out,
    ):
        words.append((float(m.group(1)), float(m.group(2)), m.group(5)))
    return words


def test_arabic_excerpt_reads_right_to_left(tmp_path):
    rl.assert_active()
    path = tmp_path / "ar.pdf"
    _export(_arabic_project(), path)
    pages = _pages_text(path)
    page_no = next(i for i, t in enumerate(pages, 1) if "Elections" in t)
    marker_set = set(MARKERS)
    if HAVE_PDFTOTEXT:
        words = _words_with_boxes(path, page_no)
        found = {w: (x, y) for x, y, w in words if w in marker_set}
    else:  # fall back to content order: pypdf gives each line in visual order
        found = {}
        reader = PdfReader(path)
        lines = []
        reader.pages[page_no - 1].extract_text(
            visitor_text=lambda t, cm, tm, fd, fs: lines.append((tm[5], t))
        )
        for y, t in lines:
            for k, tok in enumerate(t.split()):
                if tok in marker_set:
                    found[tok] = (k, -y)
    assert set(found) == marker_set, sorted(marker_set - set(found))
    # group into lines by y, then check: within a line later markers are further
    # left; and lines run top to bottom in reading order
    rows: dict[float, list[str]] = {}
    for m in MARKERS:
        _x, y = found[m]
        key = next((k for k in rows if abs(k - y) < 3), y)
        rows.setdefault(key, []).append(m)
    assert len(rows) >= 2, "the test sentence should wrap"
    order = []
    for y in sorted(rows):
        line = rows[y]
        xs = [found[m][0] for m in line]
        assert xs == sorted(xs, reverse=True), f"line {line} not right-to-left: {xs}"
        order.extend(line)
    assert order == MARKERS, "lines are not in reading order"


def test_bidi_provider_contract():
    v2l: list[int] = []
    vis = bidi.log2vis("A قال B", "RTL", clean=True, positions_V_to_L=v2l)
    assert vis == "B لاق A"
    assert sorted(v2l) == list(range(7)) and v2l[0] == 6


def test_bidi_takes_characters_this_unicode_does_not_know():
    """A character unassigned in Python's Unicode database (a Tangut component after an
    Arabic semicolon, as a marking once crashed the PDF) is laid out left-to-right."""
    assert bidi.log2vis("\u061b\U00018d09", "RTL", clean=True) == "\U00018d09\u061b"
    assert bidi.log2vis("ab\U00018d09", "LTR", clean=True) == "ab\U00018d09"


# --------------------------------------------------------------------------
# Any text


_text = hs.text(hs.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=_text, note=_text, quote=_text, name=_text, marking=_text, source_title=_text)
def test_any_text_makes_a_valid_pdf(tmp_path, title, note, quote, name, marking, source_title):
    p = make_project(title=title, marking=marking, bottom_line=note, show_appendix=True)
    p.themes[0].name = name
    p.themes[1].narrative = note
    p.sources[0].title = source_title
    if quote.strip():
        src = p.sources[1]
        src.text = src.text + "\n\n" + quote
        start = len(src.text) - len(quote)
        p.highlights.append(
            Highlight(
                id=300,
                source_id=src.id,
                start=start,
                end=len(src.text),
                quote=quote,
                theme_ids=(20,),
                note=note,
            )
        )
    path = tmp_path / "h.pdf"
    _export(p, path)
    reader = PdfReader(path)
    assert len(reader.pages) >= 1
    if HAVE_QPDF:
        r = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr


def test_supporting_excerpts_print_under_their_judgment_before_the_sections(tmp_path):
    path = tmp_path / "b.pdf"
    project = make_project()
    project.judgments[0].support = (101, 102, 103, 100, 104)
    project.highlights[0].quote = "“Without a federal oil and gas law, every deal is temporary"
    doc = compose(project, today="2026-01-10")
    write_pdf(doc, path)
    text = " ".join(_pages_text(path))
    first_section = text.find(_norm(doc.sections[0].name), text.find("Key judgments") + 20)
    j1 = doc.judgments[0]
    for ex in j1.excerpts:
        i = text.find(f"EXCERPT {ex.number} · SOURCE")
        assert 0 < i < first_section, f"excerpt {ex.number} is not under its judgment"
    assert "Also supported by excerpts 4, 5." in text
    assert "MODERATE CONFIDENCE · VERY LIKELY (80–95%)" in text
    # a quote that brought its own opening mark is not given a second one
    assert "““" not in text and "””" not in text
    assert "“Without a federal oil and gas law, every deal is temporary”" in text
