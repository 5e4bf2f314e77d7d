"""Codebooks in and out: REFI-QDA .qdc (Codebook.xsd), Taguette's CSV, .json;
what other tools write is read; unsafe XML is refused in one line, quickly."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from lxml import etree
from refi_helpers import rich_sample, schema

from briefing.cli import main
from briefing.model import THEME_PALETTE, ThemeTree
from briefing.store import Store

TAGUETTE_QDC = """<?xml version='1.0' encoding='UTF-8'?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.5.1">
  <Codes>
    <Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c01" name="interview.positive" isCodable="true">
      <Description>Said with approval</Description>
    </Code>
    <Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c02" name="place/Basra" isCodable="true"/>
    <Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c03" name="Actors" isCodable="false"
          color="#0a0">
      <Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c04" name="Militias" isCodable="true"
            color="#AA5500"/>
    </Code>
  </Codes>
  <Sets/>
</CodeBook>
"""

TAGUETTE_CSV = (
    "tag,description,number of highlights\r\n"
    "interview.positive,Said with approval,3\r\n"
    'quotes,"Direct quotes, verbatim",0\r\n'
)

XXE = """<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c01" name="&xxe;" isCodable="true"/>
</Codes></CodeBook>
"""

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    '<Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c01" name="&lol9;" isCodable="true"/>'
    "</Codes></CodeBook>\n"
)


def _themes(path: Path) -> dict[str, tuple[str, str, str | None]]:
    """name -> (colour, description, parent name)."""
    with Store.open(path, readonly=True) as s:
        themes = s.themes()
    tree = ThemeTree(themes)
    names = {t.id: t.name for t in themes}
    return {t.name: (t.color, t.description, names.get(tree.parent(t.id) or -1)) for t in themes}


def test_a_taguette_codebook_starts_a_project(tmp_path, capsys):
    book = tmp_path / "taguette.qdc"
    book.write_text(TAGUETTE_QDC, encoding="utf-8")
    target = tmp_path / "t.brief"
    assert main(["new", str(target), "--codebook", str(book)]) == 0
    assert "with 4 themes" in capsys.readouterr().out
    themes = _themes(target)
    assert themes["interview.positive"][1:] == ("Said with approval", None)
    assert themes["place/Basra"][0] in THEME_PALETTE  # no colour in the file
    assert themes["place/Basra"][1] == ""
    assert themes["Actors"][0] == "#00AA00"  # #RGB expanded
    assert themes["Militias"] == ("#AA5500", "", "Actors")  # a category stays the parent


def test_a_taguette_csv_merges_by_name(tmp_path, capsys):
    target = tmp_path / "t.brief"
    with Store.create(target) as s:
        s.add_theme("interview.positive", color="#111111", description="mine")
    book = tmp_path / "codebook.csv"
    book.write_bytes(b"\xef\xbb\xbf" + TAGUETTE_CSV.encode("utf-8"))
    assert main(["theme", str(target), "import", str(book)]) == 0
    assert "1 new theme, 1 already there" in capsys.readouterr().out
    themes = _themes(target)
    assert themes["interview.positive"][:2] == ("#111111", "mine")  # the project's wins
    assert themes["quotes"][1] == "Direct quotes, verbatim"


def test_the_codebook_exports_validate_and_come_back(tmp_path, capsys):
    project = tmp_path / "s.brief"
    rich_sample(project).close()
    before = _themes(project)
    for ext in (".qdc", ".csv", ".json"):
        out = tmp_path / f"book{ext}"
        assert main(["theme", str(project), "export", str(out)]) == 0
    assert main(["export", str(project), str(tmp_path / "via-export.qdc")]) == 0
    assert (tmp_path / "via-export.qdc").read_bytes() == (tmp_path / "book.qdc").read_bytes()
    xsd = schema("Codebook.xsd")
    doc = etree.parse(str(tmp_path / "book.qdc"))
    assert xsd.validate(doc), xsd.error_log
    rows = (tmp_path / "book.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "tag,description,number of highlights"
    assert len(rows) == len(before) + 1
    assert any(r.startswith("Talks/mediation,,1") for r in rows)
    for ext in (".qdc", ".json"):
        again = tmp_path / f"again{ext}.brief"
        assert main(["new", str(again), "--codebook", str(tmp_path / f"book{ext}")]) == 0
        assert _themes(again) == before
    data = json.loads((tmp_path / "book.json").read_text(encoding="utf-8"))
    assert any(c["name"] == "Talks/mediation" for t in data["themes"] for c in t["children"])


def test_an_empty_codebook_is_not_exported(tmp_path, capsys):
    target = tmp_path / "e.brief"
    Store.create(target).close()
    assert main(["theme", str(target), "export", str(tmp_path / "e.qdc")]) == 1
    assert "no themes" in capsys.readouterr().err
    assert not (tmp_path / "e.qdc").exists()
    assert main(["theme", str(target), "export", str(tmp_path / "e.txt")]) == 1
    assert ".qdc, .csv, .json" in capsys.readouterr().err


@pytest.mark.parametrize("xml", [XXE, LAUGHS], ids=["external-entity", "billion-laughs"])
def test_unsafe_xml_is_refused_in_one_line_quickly(tmp_path, capsys, xml):
    book = tmp_path / "evil.qdc"
    book.write_text(xml, encoding="utf-8")
    target = tmp_path / "t.brief"
    Store.create(target).close()
    before = target.read_bytes()
    started = time.perf_counter()
    assert main(["theme", str(target), "import", str(book)]) == 1
    assert main(["new", str(tmp_path / "n.brief"), "--codebook", str(book)]) == 1
    assert time.perf_counter() - started < 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    assert all("evil.qdc: declares XML entities" in line for line in lines)
    assert "root:" not in "".join(lines)
    assert target.read_bytes() == before
    assert not (tmp_path / "n.brief").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.qdc", "<CodeBook", "not well-formed XML"),
        ("a.qdc", "<Project xmlns='urn:QDA-XML:project:1.0' name='x'/>", "has no codebook"),
        (
            "a.qdc",
            "<CodeBook><Codes><Code guid='x' isCodable='true'/></Codes></CodeBook>",
            "no name",
        ),
        ("a.csv", "word,count\r\nx,1\r\n", "no 'tag' column"),
        ("a.json", '{"themes": 3}', "not a codebook file"),
    ],
)
def test_malformed_codebooks_give_one_line_and_change_nothing(
    tmp_path, capsys, name, content, message
):
    book = tmp_path / name
    book.write_text(content, encoding="utf-8")
    target = tmp_path / "t.brief"
    Store.create(target).close()
    before = target.read_bytes()
    assert main(["theme", str(target), "import", str(book)]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert target.read_bytes() == before


def test_a_projects_json_export_gives_its_codebook_with_the_hierarchy(tmp_path, capsys):
    project = tmp_path / "s.brief"
    rich_sample(project).close()
    data = tmp_path / "project.json"
    assert main(["export", str(project), str(data)]) == 0
    target = tmp_path / "t.brief"
    assert main(["new", str(target), "--codebook", str(data)]) == 0
    assert _themes(target) == _themes(project)


def test_an_external_dtd_is_never_fetched(tmp_path, capsys, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    book = tmp_path / "dtd.qdc"
    book.write_text(
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE CodeBook SYSTEM "http://schema.example.invalid/codebook.dtd">\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="urn:QDA-XML:codebook:1.0 http://schema.example.invalid/c.xsd">'
        '<Codes><Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c01" name="Plain" isCodable="true"/>'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    target = tmp_path / "t.brief"
    assert main(["new", str(target), "--codebook", str(book)]) == 0
    assert list(_themes(target)) == ["Plain"]


def test_a_csv_cell_a_spreadsheet_would_run_is_escaped_and_read_back(tmp_path, capsys):
    project = tmp_path / "f.brief"
    with Store.create(project) as s:
        s.add_theme("=HYPERLINK(1)", description="-minus")
        s.add_theme("@home", description="plain")
    out = tmp_path / "f.csv"
    assert main(["theme", str(project), "export", str(out)]) == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[1:] == ["'=HYPERLINK(1),'-minus,0", "'@home,plain,0"]
    target = tmp_path / "g.brief"
    assert main(["new", str(target), "--codebook", str(out)]) == 0
    assert {n: d for n, (_, d, _) in _themes(target).items()} == {
        "=HYPERLINK(1)": "-minus",
        "@home": "plain",
    }


DUPLICATES_QDC = """<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c0a" name="A" isCodable="true">
  <Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c0b" name="Other" isCodable="true"/></Code>
<Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c0c" name="B" isCodable="true">
  <Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c0d" name="Other" isCodable="true"/></Code>
</Codes></CodeBook>"""


def test_a_name_used_under_two_parents_stays_two_themes(tmp_path, capsys):
    book = tmp_path / "dup.qdc"
    book.write_text(DUPLICATES_QDC, encoding="utf-8")
    target = tmp_path / "t.brief"
    assert main(["new", str(target), "--codebook", str(book)]) == 0
    expected = {
        "A": (None,),
        "Other": ("A",),
        "B": (None,),
        "B / Other": ("B",),
    }
    assert {n: (p,) for n, (_, _, p) in _themes(target).items()} == expected
    assert main(["theme", str(target), "import", str(book)]) == 0  # again: nothing new
    assert "0 new themes, 4 already there" in capsys.readouterr().out
    assert len(_themes(target)) == 4
