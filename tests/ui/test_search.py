"""The Search panel: search all sources, open a match, tag all matches in one step."""

from __future__ import annotations

import re

import pytest
from panel_helpers import BETA, snapshot
from PySide6 import QtCore

from briefing.ui import prompts, search_panel
from briefing.ui.search_panel import HTML_ROLE, compile_query, find_matches, snippet_html

pytestmark = pytest.mark.ui


def test_shortcut_focuses_the_search_field(win, qtbot):
    panel = win.panels["search"]
    win.action("edit.search").trigger()
    qtbot.waitUntil(panel.query.hasFocus)
    assert win.action("edit.search").shortcut().toString() == "Ctrl+Shift+F"


def test_search_all_sources_with_options(win, project):
    panel = win.panels["search"]
    panel.set_query("influence")
    assert len(panel.matches()) == 3
    assert panel.status.text() == "3 matches in 2 sources"
    panel.set_query("influence", match_case=True)
    assert len(panel.matches()) == 2
    panel.set_query("fox", whole_words=True)
    assert len(panel.matches()) == 2
    panel.set_query("influenc", whole_words=True)
    assert panel.matches() == []
    assert panel.status.text() == "No matches."
    panel.set_query(r"\bfor\w+", regex=True, match_case=True)
    assert {project.store.source_text(m.source_id)[m.start : m.end] for m in panel.matches()} == {
        "foreign"
    }
    panel.set_query("(unclosed", regex=True)
    assert panel.matches() == [] and "Not a valid regular expression" in panel.status.text()
    assert not panel.tag_button.isEnabled()


def test_typing_searches_after_a_pause(win, qtbot):
    panel = win.panels["search"]
    qtbot.keyClicks(panel.query, "ministry")
    qtbot.waitUntil(lambda: len(panel.matches()) == 1, timeout=5000)


def test_snippet_escapes_text_and_bolds_the_match(win, project):
    panel = win.panels["search"]
    panel.set_query("bold")
    markup = panel.model.index(0, 1).data(HTML_ROLE)
    assert "&lt;b&gt;<b>bold</b>&lt;/b&gt;" in markup
    assert panel.model.index(0, 0).data() == "Beta analysis"
    text = "x" * 100 + "needle" + " y" * 100
    html = snippet_html(text, 100, 106)
    assert "<b>needle</b>" in html and html.startswith("…") and html.endswith("…")


def test_double_click_opens_source_at_match(win, project, qtbot):
    panel = win.panels["search"]
    panel.set_query("ministry")
    index = panel.model.index(0, 1)
    rect = panel.results.visualRect(index)
    qtbot.mouseClick(panel.results.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.results.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    start = BETA.index("ministry")
    assert win.selection.source_id == project.sources[1]
    assert win.reader.selected_span() == (project.sources[1], start, start + len("ministry"))


def test_match_after_emoji_selects_right_span(win, project):
    panel = win.panels["search"]
    panel.set_query("and")
    m = panel.matches()[-1]
    panel._open(panel.model.index(len(panel.matches()) - 1, 0))
    assert win.reader.selected_span() == (m.source_id, m.start, m.end)
    assert BETA[m.start : m.end] == "and"


def test_tag_all_in_current_source_one_undo_step(win, project, monkeypatch):
    panel, store = win.panels["search"], project.store
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    win.selection.set_source(project.sources[0])
    panel.set_query("the", whole_words=True, current_source_only=True)
    n = len(panel.matches())
    assert n == 4 and {m.source_id for m in panel.matches()} == {project.sources[0]}
    before = snapshot(store)
    economy = project.themes["Economy"]
    assert panel.tag_all(economy, scope="match") == 4
    assert asked[0].startswith("Tag 4 matches in 1 source as Economy? They start out of the brief")
    assert store.theme_counts()[economy] == 4
    assert win.undo_stack.undoText() == "Tag 4 matches as Economy"
    assert not any(h.included for h in store.highlights() if economy in h.theme_ids)
    assert win.panels["highlights"].proxy.rowCount() == 7
    win.undo_stack.undo()
    assert snapshot(store) == before
    win.undo_stack.redo()
    assert store.theme_counts()[economy] == 4
    # tagging again skips the matches that already carry the theme
    monkeypatch.setattr(prompts, "info", lambda *a, **k: asked.append(a[2]))
    assert panel.tag_all(economy, scope="match") == 0
    assert "already tagged" in asked[-1]


def test_tag_all_across_sources_one_undo_step(win, project, monkeypatch):
    panel, store = win.panels["search"], project.store
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    panel.set_query("fox")
    before = snapshot(store)
    depth = win.undo_stack.count()
    fi = project.themes["Foreign influence"]
    assert panel.tag_all(fi, scope="match") == 2
    assert asked[0].startswith("Tag 2 matches in 2 sources as Foreign influence?")
    assert win.undo_stack.count() == depth + 1
    win.undo_stack.undo()
    assert snapshot(store) == before


def test_tag_all_takes_whole_sentences_by_default_out_of_the_brief(win, project, monkeypatch):
    """The UNAMI case: three one-word hits in two sentences give two sentence highlights,
    not three one-word ones, none of them printed until the analyst includes it."""
    panel, store = win.panels["search"], project.store
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    monkeypatch.setattr(prompts, "info", lambda *a, **k: asked.append(a[2]))
    assert panel.tag_scope.currentData() == "sentence"
    panel.set_query("influence")  # twice in one Beta sentence... and once in Alpha
    economy = project.themes["Economy"]
    before = win.undo_stack.count()
    assert panel.tag_all(economy) == 3
    assert asked[0].startswith("Tag 3 sentences in 2 sources as Economy?")
    assert win.undo_stack.count() == before + 1
    quotes = sorted(h.quote for h in store.highlights() if economy in h.theme_ids)
    assert quotes == [
        "Analysts warn that foreign influence grows.",
        "Foreign influence remains strong, officials said.",
        "Influence operations target the ministry.",
    ]
    assert not any(h.included for h in store.highlights() if economy in h.theme_ids)
    assert panel.tag_all(economy) == 0  # a second run adds nothing
    assert "already tagged" in asked[-1]
    panel.tag_scope.setCurrentIndex(panel.tag_scope.findData("paragraph"))
    panel.tag_scope.activated.emit(panel.tag_scope.currentIndex())
    from briefing.ui import settings

    assert settings.get("search/tag_scope") == "paragraph"


def test_tag_all_from_menu_cancelled(win, project, monkeypatch):
    panel, store = win.panels["search"], project.store
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: False)
    panel.set_query("fox")
    panel._fill_tag_menu()
    names = [a.text() for a in panel.tag_menu.actions()]
    assert names == ["Security", "Foreign influence", "Economy"]
    before = snapshot(store)
    panel.tag_menu.actions()[2].trigger()
    assert snapshot(store) == before and win.undo_stack.count() == 0


def test_results_capped(win, project, monkeypatch):
    panel = win.panels["search"]
    monkeypatch.setattr(search_panel, "MAX_RESULTS", 2)
    panel.set_query("e")
    assert len(panel.matches()) == 2 and panel.truncated
    assert panel.status.text().startswith("Showing the first 2 matches")


def test_five_megabytes_search_caps_results(tmp_path):
    from briefing.store import Store

    store = Store.create(tmp_path / "big.brief")
    para = "The minister said the transition would be orderly. " * 20 + "\n\n"
    sid = store.add_source("Big", para * (5_000_000 // len(para)))
    matches, cut = find_matches(store, compile_query("transition"), [sid])
    store.close()
    assert cut and len(matches) == search_panel.MAX_RESULTS
    pattern = compile_query("orderly", whole_words=True)
    assert isinstance(pattern, re.Pattern)


def test_a_match_past_the_column_edge_is_shifted_into_view(qapp):
    from PySide6 import QtGui

    from briefing.ui.search_panel import match_shift

    text = "word " * 30 + "needle" + " tail" * 3
    start = text.index("needle")
    markup = snippet_html(text, start, start + 6, context=200)
    doc = QtGui.QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(markup)
    width = 120.0
    shift = match_shift(doc, markup, width)
    assert shift > 0
    line = doc.firstBlock().layout().lineAt(0)
    plain = doc.toPlainText()
    x0 = line.cursorToX(plain.index("needle"))[0] - shift
    x1 = line.cursorToX(plain.index("needle") + 6)[0] - shift
    assert x0 >= 0
    assert x1 <= width
    short = snippet_html("a needle", 2, 8)
    doc.setHtml(short)
    assert match_shift(doc, short, width) == 0
