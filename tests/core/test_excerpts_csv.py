"""The coded excerpts as a spreadsheet (.csv): read back as a spreadsheet would."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from projects import make_project

from briefing.export import export
from briefing.model import Project
from briefing.render.excerpts_csv import COLUMNS, excerpts_csv
from briefing.store import Store


def _rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_one_row_per_highlight_with_the_columns(tmp_path: Path):
    project = make_project()
    path = tmp_path / "excerpts.csv"
    assert export(project, path) == []  # a data export: no tradecraft warnings
    rows = _rows(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        assert tuple(next(csv.reader(fh))) == COLUMNS
    assert sorted(int(r["id"]) for r in rows) == sorted(h.id for h in project.highlights)
    by_id = {int(r["id"]): r for r in rows}
    first = by_id[100]
    assert first["source"] == "Parliament record"
    assert first["source_date"] == "2026-01-05"
    assert first["themes"] == "Security; Foreign influence"
    assert first["quote"] == "Parliament debated the security agreement"
    assert first["note"] == "Long debate."
    text = project.sources[1].text
    assert text[int(first["start"]) : int(first["end"])] == first["quote"]
    assert first["in_brief"] == "yes"
    assert by_id[104]["in_brief"] == "no"
    assert (by_id[105]["start"], by_id[105]["end"]) == ("", "")  # orphan: stale offsets
    arabic = "\u0627\u0644\u0627\u0646\u0633\u062d\u0627\u0628 \u0627\u0643\u062a\u0645\u0644"
    assert by_id[103]["quote"] == arabic
    # source order, then position
    assert [int(r["id"]) for r in rows] == [101, 102, 105, 100, 103, 104]


def _with_notes(project: Project, notes: dict[int, str]) -> Project:
    for h in project.highlights:
        h.note = notes.get(h.id, h.note)
    return project


def test_commas_newlines_quotes_and_arabic_survive(tmp_path: Path):
    note = 'Line one, with a comma\nLine "two"\r\nقال المتحدث, "نعم"'
    project = _with_notes(make_project(), {101: note})
    path = tmp_path / "x.csv"
    export(project, path)
    row = next(r for r in _rows(path) if r["id"] == "101")
    assert row["note"] == note


def test_formula_cells_are_escaped(tmp_path: Path):
    dangerous = {
        100: '=HYPERLINK("http://evil.example","click")',
        101: "+1+1",
        102: "-2+3",
        103: "@SUM(A1:A2)",
        104: "\tcmd",
        105: "\r=1",
    }
    project = _with_notes(make_project(), dangerous)
    project.sources[0].title = "=cmd|' /C calc'!A0"
    path = tmp_path / "x.csv"
    export(project, path)
    rows = {int(r["id"]): r for r in _rows(path)}
    for hid, note in dangerous.items():
        assert rows[hid]["note"] == "'" + note
    assert rows[101]["source"] == "'=cmd|' /C calc'!A0"
    assert rows[100]["source"] == "Parliament record"  # ordinary text is untouched
    for r in rows.values():
        for col in ("source", "source_date", "themes", "quote", "note"):
            assert not r[col].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_empty_project_is_a_header_only(tmp_path: Path):
    project = make_project()
    project.highlights = []
    assert excerpts_csv(project) == "\ufeff" + ",".join(COLUMNS) + "\r\n"


def test_command_line_writes_the_sample_table(tmp_path: Path):
    project = tmp_path / "s.brief"
    out = tmp_path / "s.csv"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "briefing", *args], capture_output=True, text=True, timeout=120
        )

    assert cli("sample", str(project)).returncode == 0
    done = cli("export", str(project), str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no tradecraft warnings for a data table
    with Store.open(project, readonly=True) as store:
        n = len(store.highlights())
    rows = _rows(out)
    assert len(rows) == n == 14
    assert all(r["themes"] for r in rows)
