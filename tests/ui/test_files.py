"""File dialogs: they start in the last folder used, else Documents; the suggested export
name keeps the title's words; the export's message offers Open and Show in Folder."""

from __future__ import annotations

import pytest
from PySide6 import QtWidgets
from ui_helpers import isolate_settings, make_project

from briefing.ui import files, prompts, settings

pytestmark = pytest.mark.ui


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)


@pytest.fixture
def documents(tmp_path, monkeypatch):
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(files, "documents_folder", lambda: folder)
    return folder


def test_safe_file_name_keeps_the_titles_words():
    title = "Iraq after the drawdown: a security transition"
    assert files.safe_file_name(title, windows=False) == title
    assert (
        files.safe_file_name(title, windows=True)
        == "Iraq after the drawdown- a security transition"
    )
    assert (
        files.safe_file_name("Who/what? «Ünïcode» — ok", windows=False)
        == "Who-what? «Ünïcode» — ok"
    )
    assert files.safe_file_name(" ... ", windows=False) == "brief"
    assert files.safe_file_name("a\tb\nc", windows=False) == "a b c"


def test_export_starts_in_documents_then_the_last_folder(
    win, project, documents, tmp_path, monkeypatch
):
    project.store.update_brief(title="Iraq after the drawdown: a transition")
    asked = []
    monkeypatch.setattr(prompts, "save_file", lambda _p, _t, suggested, _f: asked.append(suggested))
    win.action("file.export").trigger()
    expected = "Iraq after the drawdown: a transition.pdf"
    if files.sys.platform == "win32":
        expected = expected.replace(":", "-")
    assert asked == [str(documents / expected)]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    settings.set("export/last_folder", str(elsewhere))
    win.action("file.export").trigger()
    assert asked[-1] == str(elsewhere / expected)
    assert ".local" not in asked[0] and "settings" not in asked[0]


def test_import_starts_in_documents_then_the_last_folder(
    win, project, documents, tmp_path, monkeypatch
):
    folders = []
    source = tmp_path / "in" / "a.txt"
    source.parent.mkdir()
    source.write_text("Some text", encoding="utf-8")
    picked = [[source], []]
    monkeypatch.setattr(
        prompts, "open_files", lambda _p, _t, _f, folder="": folders.append(folder) or picked.pop(0)
    )
    monkeypatch.setattr(win, "import_paths", lambda paths: None)
    win.action("file.import").trigger()
    win.action("file.import").trigger()
    assert folders == [str(documents), str(source.parent)]


def test_export_message_offers_open_and_show_in_folder(win, project, tmp_path, monkeypatch):
    out = tmp_path / "brief.md"
    monkeypatch.setattr(prompts, "save_file", lambda *a: out)
    offered = []
    monkeypatch.setattr(
        prompts, "done", lambda _p, title, text, options: offered.append((title, options))
    )
    win.action("file.export").trigger()
    assert out.exists()
    assert offered == [("Export Finished", ["Open", "Show in Folder"])]


def test_done_message_has_an_information_icon_and_no_cancel(qtbot, monkeypatch):
    seen = {}

    def fake_exec(box):
        seen["icon"] = box.icon()
        seen["buttons"] = [b.text().replace("&", "") for b in box.buttons()]
        seen["cancel"] = box.button(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.buttons()[0].click()
        return 0

    monkeypatch.setattr(QtWidgets.QMessageBox, "exec", fake_exec)
    assert prompts.done(None, "Export Finished", "Saved", ["Open", "Show in Folder"]) in (
        0,
        1,
        None,
    )
    assert seen["icon"] == QtWidgets.QMessageBox.Icon.Information
    assert seen["cancel"] is None
    assert {"Open", "Show in Folder"} <= set(seen["buttons"])
