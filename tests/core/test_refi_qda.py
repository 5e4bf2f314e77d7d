"""REFI-QDA projects (.qdpx): the export validates against the standard's
Project.xsd and keeps every offset right; the import reads other tools' files
and Briefing's own back without loss, in one transaction."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from refi_helpers import make_zip, maxqda_like, qde_of, rich_sample, schema

from briefing.cli import main
from briefing.importers import ImportRefused
from briefing.importers.refi_project import read_qdpx
from briefing.interchange import import_qdpx, read_project_file
from briefing.model import ThemeTree
from briefing.store import Store

NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(project, .qdpx, .qdpx with --crlf) of the rich sample."""
    folder = tmp_path_factory.mktemp("qdpx")
    project = folder / "s.brief"
    rich_sample(project).close()
    assert main(["export", str(project), str(folder / "s.qdpx")]) == 0
    assert main(["export", str(project), str(folder / "c.qdpx"), "--crlf"]) == 0
    return project, folder / "s.qdpx", folder / "c.qdpx"


def _texts(archive: Path) -> dict[str, str]:
    with zipfile.ZipFile(archive) as z:
        return {
            n[len("sources/") : -len(".txt")]: z.read(n).decode("utf-8")
            for n in z.namelist()
            if n.startswith("sources/")
        }


def _snapshot(store: Store) -> dict:
    """What a round trip must keep, by names and spans rather than ids."""
    p = store.load_project()
    themes = {t.id: t for t in p.themes}
    tree = ThemeTree(p.themes)
    sources = {s.id: s for s in p.sources}
    spans = {h.id: (sources[h.source_id].title, h.start, h.end) for h in p.highlights}
    return {
        "sources": sorted(
            (s.title, s.text, s.author, s.date, s.dateline, s.url, s.language, s.note)
            for s in p.sources
        ),
        "themes": sorted(
            (
                t.name,
                t.color,
                t.description,
                t.narrative,
                themes[tree.parent(t.id)].name if tree.parent(t.id) else None,
            )
            for t in p.themes
        ),
        "highlights": sorted(
            (*spans[h.id], tuple(sorted(themes[t].name for t in h.theme_ids)), h.note, h.included)
            for h in p.highlights
        ),
        "judgments": [
            (j.text, j.confidence, j.likelihood, tuple(spans[h] for h in j.support))
            for j in p.judgments
        ],
        "bottom_line": p.brief.bottom_line,
    }


def test_the_export_validates_against_project_xsd(exported):
    _, plain, crlf = exported
    for archive in (plain, crlf):
        doc = etree.fromstring(qde_of(archive))
        xsd = schema("Project.xsd")
        assert xsd.validate(doc), xsd.error_log
    with zipfile.ZipFile(plain) as z:
        names = z.namelist()
    assert names[0] == "project.qde"
    assert all(re.fullmatch(r"sources/[0-9a-f-]{36}\.txt", n) for n in names[1:])


def test_every_selection_gives_back_its_quote_and_codes_keep_their_colours(exported):
    project, plain, _ = exported
    with Store.open(project, readonly=True) as s:
        p = s.load_project()
    quotes = {h.quote for h in p.highlights}
    doc = etree.fromstring(qde_of(plain))
    texts = _texts(plain)
    selections = doc.findall(".//q:PlainTextSelection", NS)
    assert len(selections) == len(p.highlights)
    for sel in selections:
        source = sel.getparent().get("guid")
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        assert texts[source][start:end] == sel.get("name")
        assert sel.get("name") in quotes
    assert "🕊" in "".join(s.get("name") for s in selections)  # code points, not UTF-16
    colours = {c.get("name"): c.get("color") for c in doc.iter("{urn:QDA-XML:project:1.0}Code")}
    assert colours == {t.name: t.color for t in p.themes}
    sub = doc.find(".//q:Code/q:Code", NS)
    assert sub is not None and sub.get("name") == "Talks/mediation"


def test_notes_variables_links_and_the_brief_set_are_there(exported):
    project, plain, _ = exported
    with Store.open(project, readonly=True) as s:
        included = sum(h.included for h in s.highlights())
    doc = etree.fromstring(qde_of(plain))
    notes = {n.get("guid"): n for n in doc.findall("q:Notes/q:Note", NS)}
    text = {g: n.findtext("q:PlainTextContent", namespaces=NS) for g, n in notes.items()}
    assert "Tone matters." in text.values()
    assert "Wire copy, **unconfirmed**." in text.values()
    refs = [r.get("targetGUID") for r in doc.findall("q:NoteRef", NS)]
    assert len(refs) == 5  # the bottom line and four key judgments
    assert all(r in notes for r in refs)
    links = doc.findall("q:Links/q:Link", NS)
    assert links and all(link.get("targetGUID") in refs for link in links)
    variables = {v.get("name") for v in doc.findall("q:Variables/q:Variable", NS)}
    assert {"Author", "Date", "Dateline", "URL", "Language", "Confidence"} <= variables
    in_brief = doc.find("q:Sets/q:Set", NS)
    assert in_brief.get("name") == "In the brief"
    described = in_brief.findtext("q:Description", namespaces=NS)
    selections = doc.findall(".//q:PlainTextSelection", NS)
    excluded = [s for s in selections if s.get("name").startswith("A second round")]
    assert len(excluded) == 1 and excluded[0].get("guid") not in described
    assert sum(s.get("guid") in described for s in selections) == included < len(selections)


def test_exporting_twice_gives_the_same_guids_and_bytes(exported, tmp_path):
    project, plain, _ = exported
    again = tmp_path / "again.qdpx"
    assert main(["export", str(project), str(again)]) == 0
    assert again.read_bytes() == plain.read_bytes()
    guids = re.findall(rb'guid="([^"]+)"', qde_of(plain))
    assert len(guids) == len(set(guids)) > 20


def test_crlf_export_counts_each_line_end_as_two(exported):
    _, plain, crlf = exported
    texts = _texts(crlf)
    assert any("\r\n" in t for t in texts.values())
    doc = etree.fromstring(qde_of(crlf))
    moved = 0
    for sel in doc.findall(".//q:PlainTextSelection", NS):
        text = texts[sel.getparent().get("guid")]
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        assert text[start:end] == sel.get("name")
        moved += text[:start].count("\r\n") > 0
    assert moved  # some selections sit after a line end, so the shift is tested
    plain_doc = etree.fromstring(qde_of(plain))
    assert [s.get("guid") for s in plain_doc.iter(f"{{{NS['q']}}}PlainTextSelection")] == [
        s.get("guid") for s in doc.iter(f"{{{NS['q']}}}PlainTextSelection")
    ]


def test_orphans_are_left_out_and_listed(tmp_path, capsys):
    path = tmp_path / "o.brief"
    with Store.create(path) as s:
        sid = s.add_source("A", "The quick brown fox jumps over the lazy dog.")
        s.add_highlight(sid, 4, 9)
        gone = s.add_highlight(sid, 10, 15)
        s.replace_source_text(sid, "The quick red cat jumps over the lazy dog.")
        assert s.highlight(gone).orphan
    out = tmp_path / "o.qdpx"
    assert main(["export", str(path), str(out)]) == 0
    err = capsys.readouterr().err
    assert f"highlight {gone} is an orphan" in err
    assert qde_of(out).count(b"<PlainTextSelection") == 1


def test_the_sample_comes_back_without_loss(exported, tmp_path, capsys):
    project, plain, crlf = exported
    with Store.open(project, readonly=True) as s:
        before = _snapshot(s)
    for archive in (plain, crlf):
        target = tmp_path / f"{archive.stem}.brief"
        assert main(["new", str(target)]) == 0
        assert main(["import", str(target), str(archive)]) == 0
        out = capsys.readouterr()
        assert "imported" in out.out and "warning" not in out.err
        with Store.open(target, readonly=True) as s:
            assert _snapshot(s) == before


def test_a_reimport_recognises_what_the_project_has(exported, tmp_path, capsys):
    project, plain, _ = exported
    copy = tmp_path / "copy.brief"
    copy.write_bytes(project.read_bytes())
    with Store.open(copy, readonly=True) as s:
        before = _snapshot(s)
    assert main(["import", str(copy), str(plain)]) == 0
    out = capsys.readouterr().out
    assert "0 sources (2 already there)" in out and "0 key judgments" in out
    with Store.open(copy, readonly=True) as s:
        assert _snapshot(s) == before


def test_a_maxqda_24_export_imports(tmp_path, capsys, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used (xsi:schemaLocation fetched?)")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    archive = tmp_path / "study.qdpx"
    archive.write_bytes(maxqda_like())
    with zipfile.ZipFile(archive) as z:
        raw = {n: z.read(n).decode("utf-8-sig") for n in z.namelist() if n.startswith("sources/")}
    assert len(raw) == 10 and all(30_000 <= len(t.encode()) <= 45_000 for t in raw.values())
    target = tmp_path / "m.brief"
    assert main(["new", str(target)]) == 0
    started = time.perf_counter()
    assert main(["import", str(target), str(archive)]) == 0
    elapsed = time.perf_counter() - started
    assert "10 sources, 307 new themes" in capsys.readouterr().out
    with Store.open(target, readonly=True) as s:
        sources = s.sources()
        themes = s.themes()
        assert len(sources) == 10
        assert sorted(src.length for src in sources) == sorted(
            len(t.replace("\r\n", "\n")) for t in raw.values()
        )
        assert "\r" not in s.source_text(sources[0].id)
        assert s.source_text(sources[0].id).startswith("Interview 0, paragraph with Umlaute äöü")
        assert sources[3].author == "Person 3"
        tree = ThemeTree(themes)
        top = tree.children(None)
        assert len(themes) == 307 and len(top) == 11
        assert sorted(len(tree.children(t.id)) for t in top) == [26] * 1 + [27] * 10
        assert all(not tree.children(c.id) for t in top for c in tree.children(t.id))
        assert s.theme_by_name("Sub 2.5 / detail").color == "#A00540"
    assert elapsed < 20  # generous: a shared machine; seconds, not minutes


def _one_source(text: str, selections: str, origin: str = "") -> bytes:
    guid = "11111111-2222-3333-4444-555555555555"
    code = "aaaaaaaa-2222-3333-4444-555555555555"
    qde = (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="{origin}">'
        f'<CodeBook><Codes><Code guid="{code}" name="Tag" isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{guid}" name="Doc" plainTextPath="internal://{guid}.txt">'
        f"{selections}</TextSource></Sources></Project>"
    )
    return make_zip({"project.qde": qde, f"sources/{guid}.txt": text})


def _sel(start: int, end: int, name: str | None = None) -> str:
    named = f' name="{name}"' if name is not None else ""
    return (
        f'<PlainTextSelection guid="bbbbbbbb-2222-3333-4444-{start:06d}{end:06d}"{named} '
        f'startPosition="{start}" endPosition="{end}"><Coding guid="cccccccc-2222-3333-4444-'
        f'{start:06d}{end:06d}"><CodeRef targetGUID="aaaaaaaa-2222-3333-4444-555555555555"/>'
        "</Coding></PlainTextSelection>"
    )


TEXT = "First line.\r\nSecond line here.\r\nThird line."


def test_atlas_ti_counts_a_crlf_once():
    lf = TEXT.replace("\r\n", "\n")
    start = lf.index("Third")
    parsed = read_qdpx(_one_source(TEXT, _sel(start, start + 5), "ATLAS.ti 23"), "a.qdpx")
    sel = parsed.sources[0].selections[0]
    assert parsed.sources[0].text[sel.start : sel.end] == "Third"
    assert not parsed.problems


def test_maxqda_counts_a_crlf_as_two_and_names_decide_without_origin():
    start = TEXT.index("Third")
    for origin in ("MAXQDA 24", ""):
        parsed = read_qdpx(_one_source(TEXT, _sel(start, start + 5, "Third"), origin), "m.qdpx")
        sel = parsed.sources[0].selections[0]
        assert parsed.sources[0].text[sel.start : sel.end] == "Third"
    # named selections fit only counting CRLF once: the names win over the origin
    lf = TEXT.replace("\r\n", "\n")
    one = lf.index("Third")
    parsed = read_qdpx(_one_source(TEXT, _sel(one, one + 5, "Third"), "NVivo"), "n.qdpx")
    assert parsed.sources[0].convention.endswith("one")


def test_a_coding_that_does_not_fit_is_reported_not_guessed(tmp_path, capsys):
    data = _one_source(TEXT, _sel(0, 5, "First") + _sel(13, 19, "Wrong!") + _sel(40, 99))
    archive = tmp_path / "bad.qdpx"
    archive.write_bytes(data)
    target = tmp_path / "t.brief"
    Store.create(target).close()
    assert main(["import", str(target), str(archive)]) == 0
    captured = capsys.readouterr()
    assert "1 highlight" in captured.out
    assert captured.err.count("does not fit the text") == 2
    with Store.open(target, readonly=True) as s:
        (h,) = s.highlights()
        assert h.quote == "First" and [s.theme(t).name for t in h.theme_ids] == ["Tag"]


def test_inline_plain_text_content_is_read():
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
        '<TextSource guid="11111111-2222-3333-4444-555555555555" name="Inline">'
        "<PlainTextContent>Inline text here.</PlainTextContent></TextSource></Sources></Project>"
    )
    parsed = read_qdpx(make_zip({"project.qde": qde}), "i.qdpx")
    assert parsed.sources[0].text == "Inline text here."


def test_a_failure_half_way_leaves_the_project_unchanged(exported, tmp_path, monkeypatch):
    _, plain, _ = exported
    target = tmp_path / "t.brief"
    Store.create(target).close()
    parsed = read_project_file(plain)
    with Store.open(target) as s:
        events = []
        s.subscribe(events.append)

        def boom(*args, **kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(s, "add_judgment", boom)
        with pytest.raises(RuntimeError):
            import_qdpx(s, parsed)
        assert s.counts() == {"sources": 0, "themes": 0, "highlights": 0, "judgments": 0}
        assert events == []


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"nothing.txt": "x"}, "has no project.qde"),
        ({"project.qde": "<Project"}, "not well-formed XML"),
        ({"project.qde": "<CodeBook/>"}, "not a REFI-QDA project"),
        ({"project.qde": "<Project name='x'/>", "../../evil.txt": "x"}, "outside the archive"),
        (
            {
                "project.qde": '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
                '<TextSource guid="11111111-2222-3333-4444-555555555555" '
                'plainTextPath="internal://missing.txt"/></Sources></Project>'
            },
            "sources/missing.txt is missing",
        ),
    ],
)
def test_broken_archives_are_refused_in_one_line_and_change_nothing(
    tmp_path, capsys, members, message
):
    archive = tmp_path / "bad.qdpx"
    archive.write_bytes(make_zip(members))
    target = tmp_path / "t.brief"
    Store.create(target).close()
    before = target.read_bytes()
    assert main(["import", str(target), str(archive)]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err and err.startswith("briefing: bad.qdpx: ")
    assert target.read_bytes() == before


def test_a_zip_bomb_is_refused_quickly(tmp_path):
    bomb = make_zip(
        {
            "project.qde": '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
            '<TextSource guid="11111111-2222-3333-4444-555555555555" '
            'plainTextPath="internal://a.txt"/></Sources></Project>',
            "sources/a.txt": b"\0" * 30_000_000,
        }
    )
    assert len(bomb) < 100_000
    archive = tmp_path / "bomb.qdpx"
    archive.write_bytes(bomb)
    started = time.perf_counter()
    with pytest.raises(ImportRefused, match="zip bomb"):
        read_project_file(archive)
    assert time.perf_counter() - started < 5


def test_crlf_is_for_qdpx_only(exported, tmp_path, capsys):
    project, _, _ = exported
    assert main(["export", str(project), str(tmp_path / "x.html"), "--crlf"]) == 2
    assert "--crlf applies to a .qdpx export only" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_notes_other_tools_leave_unattached_are_reported():
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
        '<TextSource guid="11111111-2222-3333-4444-555555555555" name="Inline">'
        "<PlainTextContent>Text.</PlainTextContent></TextSource></Sources>"
        '<Notes><Note guid="21111111-2222-3333-4444-555555555555" name="Memo">'
        "<PlainTextContent>A free memo</PlainTextContent></Note></Notes></Project>"
    )
    parsed = read_qdpx(make_zip({"project.qde": qde}), "i.qdpx")
    assert parsed.problems == ["1 note(s) not attached to a source, selection or code"]


def test_two_sources_with_the_same_text_in_one_file_stay_two(tmp_path, capsys):
    a, b = "11111111-2222-3333-4444-555555555551", "11111111-2222-3333-4444-555555555552"
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
        + "".join(
            f'<TextSource guid="{g}" name="Copy {g[-1]}" plainTextPath="internal://{g}.txt"/>'
            for g in (a, b)
        )
        + "</Sources></Project>"
    )
    archive = tmp_path / "two.qdpx"
    archive.write_bytes(
        make_zip({"project.qde": qde, f"sources/{a}.txt": "Same.", f"sources/{b}.txt": "Same."})
    )
    target = tmp_path / "t.brief"
    Store.create(target).close()
    assert main(["import", str(target), str(archive)]) == 0
    assert main(["import", str(target), str(archive)]) == 0  # a second time: both known
    out = capsys.readouterr().out
    assert "2 sources," in out and "0 sources (2 already there)" in out
    with Store.open(target, readonly=True) as s:
        assert [x.title for x in s.sources()] == ["Copy 1", "Copy 2"]


def test_a_qdpx_is_imported_on_its_own(exported, tmp_path, capsys):
    _, plain, _ = exported
    target = tmp_path / "t.brief"
    Store.create(target).close()
    other = tmp_path / "a.txt"
    other.write_text("Some text.", encoding="utf-8")
    assert main(["import", str(target), str(plain), str(other)]) == 2
    assert main(["import", str(target), str(plain), "--author", "X"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "on its own" in err[0] and "do not apply to a .qdpx" in err[1]
    with Store.open(target, readonly=True) as s:
        assert s.counts()["sources"] == 0


EMOJI_TEXT = "Hope 🕊 returns.\r\nThe talks 😀 resume today.\r\nEnd."


def test_nvivo_counts_an_emoji_as_two_utf16_units():
    lf = EMOJI_TEXT.replace("\r\n", "\n")
    quote = "resume today"
    cp = EMOJI_TEXT.index(quote)  # CRLF as two, code points
    utf16 = len(EMOJI_TEXT[:cp].encode("utf-16-le")) // 2
    assert utf16 == cp + 2
    for origin, name in (("NVivo 14", None), ("", quote), ("MAXQDA 24", quote)):
        data = _one_source(EMOJI_TEXT, _sel(utf16, utf16 + len(quote), name), origin)
        source = read_qdpx(data, "n.qdpx").sources[0]
        (sel,) = source.selections
        assert source.text[sel.start : sel.end] == quote, origin
        assert source.text == lf
    # MAXQDA's own counting (code points) without a name: taken as it is
    source = read_qdpx(_one_source(EMOJI_TEXT, _sel(cp, cp + len(quote)), "MAXQDA"), "m").sources[0]
    (sel,) = source.selections
    assert source.text[sel.start : sel.end] == quote


def test_names_that_are_labels_not_quotes_do_not_refuse_selections():
    start = TEXT.index("Second")
    sels = _sel(start, start + 6, f"({start},0),({start + 6},0)") + _sel(0, 5, "(0,0),(5,0)")
    parsed = read_qdpx(_one_source(TEXT, sels, "MAXQDA 24"), "m.qdpx")
    assert not parsed.problems
    text = parsed.sources[0].text
    assert [text[s.start : s.end] for s in parsed.sources[0].selections] == ["Second", "First"]


def test_codings_of_two_codes_with_one_name_keep_their_own_theme(tmp_path, capsys):
    g = "11111111-2222-3333-4444-55555555555{}".format
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="MAXQDA 24"><CodeBook><Codes>'
        f'<Code guid="{g(1)}" name="A" isCodable="true">'
        f'<Code guid="{g(2)}" name="Other" isCodable="true"/></Code>'
        f'<Code guid="{g(3)}" name="B" isCodable="true">'
        f'<Code guid="{g(4)}" name="Other" isCodable="true"/></Code>'
        f'</Codes></CodeBook><Sources><TextSource guid="{g(5)}" name="Doc" '
        f'plainTextPath="internal://{g(5)}.txt">'
        f'<PlainTextSelection guid="{g(6)}" startPosition="0" endPosition="5">'
        f'<Coding guid="{g(7)}"><CodeRef targetGUID="{g(2)}"/></Coding></PlainTextSelection>'
        f'<PlainTextSelection guid="{g(8)}" startPosition="6" endPosition="11">'
        f'<Coding guid="{g(9)}"><CodeRef targetGUID="{g(4)}"/></Coding></PlainTextSelection>'
        "</TextSource></Sources></Project>"
    )
    archive = tmp_path / "dup.qdpx"
    archive.write_bytes(make_zip({"project.qde": qde, f"sources/{g(5)}.txt": "First Second"}))
    target = tmp_path / "t.brief"
    Store.create(target).close()
    assert main(["import", str(target), str(archive)]) == 0
    with Store.open(target, readonly=True) as s:
        tags = {h.quote: [s.theme(t).name for t in h.theme_ids] for h in s.highlights()}
    assert tags == {"First": ["Other"], "Secon": ["B / Other"]}
