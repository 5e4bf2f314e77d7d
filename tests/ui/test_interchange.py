"""Themes > Import codebook… and File > Import project… (briefing/ui/interchange.py),
called as the window will call them, on a real window's workspace."""

from __future__ import annotations

import pytest
from refi_helpers import maxqda_like, rich_sample
from ui_helpers import isolate_settings, make_project

from briefing.cli import main
from briefing.ui import commands, interchange, prompts

pytestmark = pytest.mark.ui


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)


@pytest.fixture
def shown(monkeypatch):
    """Every prompt the functions show, instead of a modal dialog."""
    seen: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        prompts, "error", lambda p, title, text: seen.append(("error", title, text))
    )
    monkeypatch.setattr(prompts, "info", lambda p, title, text: seen.append(("info", title, text)))
    return seen


def test_import_codebook_merges_by_name_and_the_themes_panel_shows_them(
    win, project, tmp_path, monkeypatch, shown
):
    book = tmp_path / "book.csv"
    book.write_text(
        "tag,description,number of highlights\nSecurity,dup,1\nMilitias,Armed groups,0\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(prompts, "open_file", lambda *a, **k: book)
    assert interchange.import_codebook(win.workspace, win) == (1, 1)
    assert project.store.theme_by_name("Militias").description == "Armed groups"
    assert "1 new theme, 1 already there" in win.statusBar().currentMessage()
    model = win.panels["themes"].tree.model()
    names = [str(model.index(r, 0).data()) for r in range(model.rowCount())]
    assert any("Militias" in n for n in names), names
    assert shown == []
    assert win.action("edit.undo").text() == "Undo Import codebook book.csv"
    win.undo_stack.undo()
    assert project.store.theme_by_name("Militias") is None
    assert project.store.theme_by_name("Security") is not None


def test_an_unsafe_codebook_is_refused_in_one_line_and_nothing_changes(
    win, project, tmp_path, shown
):
    book = tmp_path / "evil.qdc"
    book.write_text(
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="0d0c8f5b-8d34-4f6b-8d6e-6a2f5f0e0c01" name="&e;" isCodable="true"/>'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    before = len(project.store.themes())
    assert interchange.import_codebook(win.workspace, win, book) is None
    assert len(project.store.themes()) == before
    ((kind, _, text),) = shown
    assert kind == "error" and "declares XML entities" in text and "\n" not in text


def test_import_project_adds_a_qdpx_and_opens_its_first_source(win, project, tmp_path, shown):
    sample = tmp_path / "s.brief"
    rich_sample(sample).close()
    archive = tmp_path / "s.qdpx"
    assert main(["export", str(sample), str(archive)]) == 0
    assert win.workspace.push(commands.AddTheme(project.store, "Before"))
    before = project.store.counts()
    report = interchange.import_project(win.workspace, win, archive)
    after = project.store.counts()
    assert after["sources"] == before["sources"] + 2
    assert after["highlights"] == before["highlights"] + report.highlights_added > 0
    assert after["judgments"] == 4
    assert win.selection.source_id == report.sources_added[0][0]
    assert win.workspace.undo_stack.count() == 0  # not undoable: the history is cleared
    assert "cannot be undone" in win.statusBar().currentMessage()
    assert shown == []


def test_import_project_lists_what_did_not_fit(win, project, tmp_path, shown, monkeypatch):
    archive = tmp_path / "m.qdpx"
    archive.write_bytes(maxqda_like(n_sources=2, parents=2, n_codes=8))
    monkeypatch.setattr(prompts, "open_file", lambda *a, **k: archive)
    report = interchange.import_project(win.workspace, win)
    assert len(report.sources_added) == 2 and report.themes_added == 8
    assert shown == []
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    counts = project.store.counts()
    assert interchange.import_project(win.workspace, win, broken) is None
    assert project.store.counts() == counts
    ((kind, _, text),) = shown
    assert kind == "error" and text.startswith("broken.qdpx: not a zip archive")


def test_the_export_dialog_offers_and_writes_the_refi_qda_formats(
    win, project, tmp_path, monkeypatch
):
    from lxml import etree
    from refi_helpers import qde_of, schema

    from briefing.ui import files

    assert "REFI-QDA project (*.qdpx)" in files.EXPORT_FILTER
    assert "REFI-QDA codebook (*.qdc)" in files.EXPORT_FILTER
    monkeypatch.setattr(prompts, "done", lambda *a, **k: None)
    for name in ("w.qdpx", "w.qdc"):
        monkeypatch.setattr(prompts, "save_file", lambda *a, n=name, **k: tmp_path / n)
        assert win.files.export_dialog() == tmp_path / name
    xsd = schema("Project.xsd")
    assert xsd.validate(etree.fromstring(qde_of(tmp_path / "w.qdpx"))), xsd.error_log
    xsd = schema("Codebook.xsd")
    assert xsd.validate(etree.parse(str(tmp_path / "w.qdc"))), xsd.error_log


def test_file_menu_offers_both_imports_and_a_dropped_qdpx_is_a_project(
    win, project, tmp_path, shown, monkeypatch
):
    file_menu = [a.objectName() for a in win._menus["File"].actions()]
    assert "file.import_project" in file_menu and "file.import_codebook" in file_menu
    book = tmp_path / "book.csv"
    book.write_text("tag,description,number of highlights\nMilitias,Armed,0\n", "utf-8")
    monkeypatch.setattr(prompts, "open_file", lambda *a, **k: book)
    win.action("file.import_codebook").trigger()
    assert project.store.theme_by_name("Militias") is not None
    sample = tmp_path / "s.brief"
    rich_sample(sample).close()
    archive = tmp_path / "s.qdpx"
    assert main(["export", str(sample), str(archive)]) == 0
    before = project.store.counts()["sources"]
    win.import_paths([archive])  # what a drop on the window does
    assert project.store.counts()["sources"] == before + 2
    assert shown == []
