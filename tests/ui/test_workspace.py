"""The Workspace contract on a real MainWindow: what panels reach instead of the window."""

from __future__ import annotations

import pytest
from ui_helpers import isolate_settings, make_project, select, span_of

from briefing.ui import commands
from briefing.ui.main_window import PANELS
from briefing.ui.workspace import Workspace

pytestmark = pytest.mark.ui


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)


def test_the_window_owns_one_workspace_of_its_store_selection_and_undo_stack(win, project):
    ws = win.workspace
    assert isinstance(ws, Workspace)
    assert ws.store is win.store is project.store
    assert ws.bridge is win.bridge and ws.selection is win.selection
    assert ws.undo_stack is win.undo_stack and ws.tasks is win.tasks
    built = {spec.key for spec in PANELS if spec.panel is not None}
    assert built <= set(win.docks)
    for key in built:
        assert type(win.panels[key]) is next(s.panel for s in PANELS if s.key == key)


def test_macro_makes_one_undo_step(win, project):
    ws, store = win.workspace, project.store
    with ws.macro("Add two themes"):
        assert ws.push(commands.AddTheme(store, "Alpha"))
        assert ws.push(commands.AddTheme(store, "Beta"))
    assert win.action("edit.undo").text() == "Undo Add two themes"
    win.undo_stack.undo()
    assert store.theme_by_name("Alpha") is None and store.theme_by_name("Beta") is None


def test_show_status_reaches_the_status_bar(win):
    win.workspace.show_status("Hello from a panel")
    assert win.statusBar().currentMessage() == "Hello from a panel"


def test_show_span_opens_the_source_and_selects_the_text(win, project):
    ar = project.sources["ar"]
    text = project.store.source_text(ar)
    start, end = span_of(text, "UNAMI")
    win.workspace.show_span(ar, start, end)
    assert win.selection.source_id == ar
    assert win.reader.source_id == ar
    assert win.reader.selected_span() == (ar, start, end)


def test_text_span_and_tag_selection_go_through_the_reader_and_tagging(win, project):
    ws, store = win.workspace, project.store
    en = project.sources["en"]
    win.selection.set_source(en)
    assert ws.text_span() is None
    start, end = span_of(win.reader.text, "troops left the base")
    select(win.reader, start, end)
    assert ws.text_span() == (en, start, end)
    assert ws.tag_selection([project.themes["Security"]])
    (h,) = store.highlights(en)
    assert (h.start, h.end, h.theme_ids) == (start, end, (project.themes["Security"],))
    assert win.selection.highlight_ids == (h.id,)


def test_closing_is_announced_before_the_project_closes(win, project):
    seen = []
    win.workspace.closing.connect(lambda: seen.append(project.store.closed))
    win.close()
    assert seen == [False]
    assert project.store.closed
