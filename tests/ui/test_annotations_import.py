"""File > Import Annotations…: a W3C export of one project becomes highlights in another,
as one undoable step; what found no place is listed."""

from __future__ import annotations

import json

import pytest
from ui_helpers import ENGLISH, isolate_settings, make_project, span_of

from briefing.cli import main
from briefing.store import Store
from briefing.ui import prompts
from briefing.ui.annotations_import import import_annotations

pytestmark = pytest.mark.ui


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)


def test_import_annotations_from_another_project_is_one_undo_step(
    win, project, tmp_path, monkeypatch
):
    # another project with the same English text, two highlights tagged "Militias"
    other = tmp_path / "other.brief"
    with Store.create(other) as s:
        sid = s.add_source("Same report", ENGLISH)
        militias = s.add_theme("Militias")
        for quote in ("the troops left the base", "reform and institutions"):
            s.add_highlight(sid, *span_of(ENGLISH, quote), theme_ids=[militias], note="seen")
    exported = tmp_path / "other.jsonld"
    assert main(["export", str(other), str(exported)]) == 0
    doc = json.loads(exported.read_text("utf-8"))
    page = doc["first"]
    page["items"].append(
        {
            **page["items"][0],
            "id": "urn:x:lost",
            "target": {
                "source": "https://nowhere.example/",
                "selector": [{"type": "TextQuoteSelector", "exact": "not in any source"}],
            },
        }
    )
    exported.write_text(json.dumps(doc), "utf-8")
    shown = []
    monkeypatch.setattr(prompts, "info", lambda p, title, text: shown.append(text))
    monkeypatch.setattr(prompts, "open_file", lambda *a, **k: exported)
    store = project.store
    before = store.counts()
    win.action("file.import_annotations").trigger()
    assert store.counts()["highlights"] == before["highlights"] + 2
    militias = store.theme_by_name("Militias")
    assert militias is not None
    new = [h for h in store.highlights() if militias.id in h.theme_ids]
    assert sorted(h.quote for h in new) == ["reform and institutions", "the troops left the base"]
    assert all(h.note == "seen" and not h.included for h in new)
    (message,) = shown
    assert "1 not anchored" in message and "Not anchored:" in message
    assert win.undo_stack.count() == 1
    win.undo_stack.undo()
    assert store.counts() == before and store.theme_by_name("Militias") is None
    win.undo_stack.redo()
    assert store.counts()["highlights"] == before["highlights"] + 2
    # a second import adds nothing: both spans are already highlighted
    shown.clear()
    assert import_annotations(win.workspace, win, exported) is None
    assert store.counts()["highlights"] == before["highlights"] + 2
    assert "2 already highlighted" in shown[0]
