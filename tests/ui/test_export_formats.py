"""File > Export offers every format the command line writes, and writes each one."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from ui_helpers import isolate_settings, make_project

from briefing.export import FORMATS
from briefing.ui import files, prompts

pytestmark = pytest.mark.ui


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)


def test_the_dialog_offers_every_format_with_all_its_extensions(win, project, monkeypatch):
    offered = []
    monkeypatch.setattr(prompts, "save_file", lambda _p, _t, _s, filters: offered.append(filters))
    win.action("file.export").trigger()
    choices = offered[0].split(";;")
    assert len(choices) == len({f.label for f in FORMATS.values()})
    listed = " ".join(choices)
    for ext, fmt in FORMATS.items():
        assert f"*{ext}" in listed and fmt.label in listed
    assert "Word document (*.docx)" in choices
    assert "Coded excerpts (CSV) (*.csv)" in choices
    assert "Project data (*.json)" in choices
    assert "Web page (*.html *.htm)" in choices


@pytest.mark.parametrize("name", ["excerpts.csv", "brief.htm", "brief.markdown"])
def test_every_extension_is_kept_and_written(win, project, tmp_path, monkeypatch, name):
    store = project.store
    sid = store.sources()[0].id
    store.add_highlight(sid, 0, 12, note="=1+1")
    store.add_highlight(sid, 20, 30, included=False)
    out = tmp_path / "out" / name
    out.parent.mkdir()
    monkeypatch.setattr(prompts, "save_file", lambda *a: out)
    monkeypatch.setattr(prompts, "done", lambda *a: None)
    win.action("file.export").trigger()
    assert [p.name for p in out.parent.iterdir()] == [name]  # not "brief.htm.pdf"
    if name.endswith(".csv"):
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        assert [r["in_brief"] for r in rows] == ["yes", "no"]
        assert rows[0]["note"] == "'=1+1"


@pytest.mark.slow
def test_word_export_runs_in_a_child_process(qtbot, win, project, tmp_path, monkeypatch):
    out = tmp_path / "brief.docx"
    monkeypatch.setattr(prompts, "save_file", lambda *a: out)
    offered = []
    monkeypatch.setattr(prompts, "done", lambda parent, title, text, options: offered.append(1))
    errors = []
    monkeypatch.setattr(prompts, "error", lambda *a: errors.append(a))
    started = []
    real = win.workspace.tasks.process
    monkeypatch.setattr(
        win.workspace.tasks, "process", lambda args, w: started.append(args) or real(args, w)
    )
    win.action("file.export").trigger()
    qtbot.waitUntil(lambda: bool(offered or errors), timeout=90_000)
    assert not errors, errors
    assert started and started[0][-1] == str(out)
    with zipfile.ZipFile(out) as z:
        assert "word/document.xml" in z.namelist()
    assert files.IN_CHILD_PROCESS[".docx"].startswith("Writing the Word brief")
