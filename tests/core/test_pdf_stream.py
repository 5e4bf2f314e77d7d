"""The PDF brief is laid out once, part by part, in bounded memory ("Page X
of Y" and the contents list's numbers are forms defined after the last
page), and the parsed bundled fonts are cached between runs."""

from __future__ import annotations

import ast
import gc
import os
import re
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from pypdf import PdfReader

import briefing.render.pdf as pdf
from briefing.brief.compose import compose
from briefing.model import Highlight, context_of
from briefing.render.pdf import write_pdf
from briefing.render.pdf.flowables import Gate
from briefing.render.pdf.parts import toc_entries
from briefing.render.pdf.rl import KeepTogether
from briefing.render.pdf.text import Ctx
from tests.projects import make_project

ROOT = Path(__file__).resolve().parents[2]


def _many_excerpts(n: int, **brief):
    """make_project with ``n`` more excerpts of one source under theme 20."""
    p = make_project(**brief)
    src = p.sources[0]
    text = src.text
    next_id = max(h.id for h in p.highlights) + 1
    for k in range(n):
        start = (k * 37) % max(1, len(text) - 120)
        end = start + 100
        prefix, quote, suffix = context_of(text, start, end)
        p.highlights.append(
            Highlight(
                id=next_id + k,
                source_id=src.id,
                start=start,
                end=end,
                quote=quote,
                prefix=prefix,
                suffix=suffix,
                theme_ids=(20,),
                note=f"Note {k}: " + "the council reviewed the timetable again. " * 6,
            )
        )
    return p


def _flat(fs):
    for f in fs:
        yield f
        if isinstance(f, KeepTogether):
            yield from _flat(f._content)


@pytest.mark.parametrize("appendix", [False, True])
def test_contents_entries_read_from_the_tree_match_the_headings(appendix):
    doc = compose(make_project(show_toc=True, show_appendix=appendix), today="2026-01-10")
    pdf.fonts.register_fonts()
    ctx = Ctx(anchors=frozenset(doc.anchors))
    ctx.frame_width, ctx.frame_height = 450, 700
    gate = Gate(toc=True)
    toc = pdf._toc(doc, ctx, gate)
    parts = list(pdf._parts(doc, ctx, toc))
    from_headings = [
        f._brief_outline
        for part in parts
        for f in _flat(part)
        if getattr(f, "_brief_outline", None) and f._brief_outline[4]
    ]
    assert [e[3] for e in toc_entries(doc, ctx)] == [e[3] for e in from_headings]
    assert [e[1] for e in from_headings][:2] == ["Bottom line up front", "Key judgments"]
    assert ("Appendix: annotated sources" in [e[1] for e in from_headings]) == appendix
    assert len(parts) == pdf.count_parts(doc)


def test_placed_flowables_are_released_before_the_pass_ends(tmp_path, monkeypatch):
    """What keeps memory flat in page count: a part's flowables are let go
    once laid out, not kept as multiBuild keeps its story; and the story is
    built once (one pass)."""
    doc = compose(_many_excerpts(150), today="2026-01-10")
    real_parts = pdf._parts
    alive_at_end: list[tuple[int, int]] = []

    def watched(*args):
        refs: list[weakref.ref] = []
        for part in real_parts(*args):
            refs.extend(weakref.ref(f) for f in part)
            yield part
        gc.collect()
        alive_at_end.append((sum(r() is not None for r in refs), len(refs)))

    monkeypatch.setattr(pdf, "_parts", watched)
    write_pdf(doc, tmp_path / "b.pdf")
    assert len(alive_at_end) == 1  # one pass: each paragraph parsed, wrapped and drawn once
    for alive, made in alive_at_end:
        assert made > 150
        assert alive < 40, f"{alive} of {made} flowables still alive at the end of a pass"
    reader = PdfReader(tmp_path / "b.pdf")
    n = len(reader.pages)
    assert n > 10
    last = reader.pages[-1].extract_text()
    assert f"Page {n} of {n}" in last
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Note 149: the council" in text and "EXCERPT 150" in text


def test_one_pass_numbers_every_footer_and_contents_entry_with_the_final_pages(tmp_path):
    """ "Page X of Y" and the contents list's page numbers are drawn after the
    last page (form XObjects): each footer has the right total, each contents
    entry the page its heading landed on, and progress counts one pass."""
    doc = compose(_many_excerpts(60, show_toc=True, show_appendix=True), today="2026-01-10")
    totals: list[int] = []
    write_pdf(doc, tmp_path / "b.pdf", progress=lambda d, t: totals.append(t))
    assert len(set(totals)) == 1 and totals[-1] == pdf.count_parts(doc)
    reader = PdfReader(tmp_path / "b.pdf")
    pages = [p.extract_text() for p in reader.pages]
    n = len(pages)
    assert n > 5
    assert all(f"Page {i + 1} of {n}" in t for i, t in enumerate(pages))
    contents = "\n".join(pages[:3])
    contents = contents[contents.index("CONTENTS") :]
    listed = {}
    number = None  # the leader and number come first in the text, then the title
    for line in contents.splitlines()[1:]:
        m = re.fullmatch(r"[\s.]*?(\d+)", line)
        if m:
            number = int(m.group(1))
        elif number is not None:
            listed[line.strip()] = number
            number = None
    outline: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline[item.title] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    assert "Sources" in listed and "Appendix: annotated sources" in listed
    assert listed["Appendix: annotated sources"] > 3
    for title, page in listed.items():
        assert outline[title] == page, title
        assert title.split()[0] in pages[page - 1]


def _run(code: str, cache: Path | str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BRIEFING_CACHE_DIR=str(cache))
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )


_EXPORT = """
from briefing.brief.compose import compose
from briefing.render.pdf import write_pdf
from tests.projects import make_project
write_pdf(compose(make_project(), today="2026-01-10"), {out!r})
"""

_NO_PARSING = """
from briefing.render.pdf import fontcache
class Refuse(fontcache.TTFont):
    def __init__(self, *a, **k):
        raise AssertionError("a font was parsed although it is cached")
fontcache.TTFont = Refuse
"""


def test_parsed_fonts_are_cached_between_runs(tmp_path):
    cache = tmp_path / "cache"
    first = tmp_path / "first.pdf"
    r = _run(_EXPORT.format(out=str(first)), cache)
    assert r.returncode == 0, r.stderr
    entries = sorted(p.name for p in (cache / "fonts").iterdir())
    assert all(e.endswith(".pickle") for e in entries)
    cached = {e.rsplit("-", 1)[0] for e in entries}
    drawn = _embedded(first)
    assert {pdf.fonts._FILES[n].removesuffix(".ttf") for n in cached} >= drawn
    assert "BriefMono" not in cached  # no code in this brief: never read

    # the second run parses no font file at all, and draws the same brief
    second = tmp_path / "second.pdf"
    r = _run(_NO_PARSING + _EXPORT.format(out=str(second)), cache)
    assert r.returncode == 0, r.stderr
    a, b = PdfReader(first), PdfReader(second)
    assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]
    fonts_b = {
        str(f["/BaseFont"]).split("+")[-1]
        for p in b.pages
        for f in (p["/Resources"].get("/Font") or {}).values()
    }
    assert "NotoSerif-Regular" in fonts_b


_COUNT_LOADS = """
from briefing.render.pdf import fontcache
loaded = []
real = fontcache.load
def counting(name, path):
    loaded.append(name)
    return real(name, path)
fontcache.load = counting
"""


def test_only_the_faces_a_brief_draws_with_are_loaded(tmp_path):
    cache = tmp_path / "cache"
    r = _run(_EXPORT.format(out=str(tmp_path / "a.pdf")), cache)  # fills the cache
    assert r.returncode == 0, r.stderr
    out = tmp_path / "b.pdf"
    r = _run(_COUNT_LOADS + _EXPORT.format(out=str(out)) + "\nprint(sorted(loaded))", cache)
    assert r.returncode == 0, r.stderr
    loaded = ast.literal_eval(r.stdout.strip().splitlines()[-1])
    files = pdf.fonts._FILES
    assert {files[n].removesuffix(".ttf") for n in loaded} == _embedded(out)
    assert "BriefMono" not in loaded and len(loaded) < len(files)
    names = [p.name.rsplit("-", 1)[0] for p in (cache / "fonts").iterdir()]
    assert len(names) == len(set(names))  # one entry per face: no stale ones


def _embedded(path: Path) -> set[str]:
    return {
        str(f["/BaseFont"]).split("+")[-1]
        for p in PdfReader(path).pages
        for f in (p["/Resources"].get("/Font") or {}).values()
    }


def test_a_damaged_or_missing_cache_is_not_an_error(tmp_path):
    cache = tmp_path / "cache"
    r = _run(_EXPORT.format(out=str(tmp_path / "a.pdf")), cache)
    assert r.returncode == 0, r.stderr
    for entry in (cache / "fonts").iterdir():
        entry.write_bytes(b"not a pickle")
    r = _run(_EXPORT.format(out=str(tmp_path / "b.pdf")), cache)
    assert r.returncode == 0, r.stderr
    assert len(PdfReader(tmp_path / "b.pdf").pages) >= 1
    # damaged entries were replaced by good ones: a third run parses nothing
    r = _run(_NO_PARSING + _EXPORT.format(out=str(tmp_path / "c.pdf")), cache)
    assert r.returncode == 0, r.stderr

    # a cache folder that cannot be created: the export still works
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = _run(_EXPORT.format(out=str(tmp_path / "d.pdf")), blocker)
    assert r.returncode == 0, r.stderr

    # the cache switched off writes nothing
    off = tmp_path / "off.pdf"
    r = _run(_EXPORT.format(out=str(off)), "off")
    assert r.returncode == 0, r.stderr
    assert off.exists()
