"""The Write workspace as an analyst uses it: the brief as one document, quote cards under
judgments, sections with their excerpts, the Evidence panel, checks that go to their field."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from ui_helpers import ENGLISH, isolate_settings, make_project, span_of

from briefing.brief.checks import Finding
from briefing.ui import quote_list, settings
from briefing.ui.highlight_picker import highlight_ids, highlight_mime
from briefing.ui.roles import ID_ROLE

pytestmark = pytest.mark.ui
Qt = QtCore.Qt


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    p = make_project(tmp_path)
    store, en, th = p.store, p.sources["en"], p.themes
    for quote, theme in (
        ("the troops left the base", "Security"),
        ("Foreign influence grows in the region", "Foreign influence"),
        ("reform and institutions", "Reform"),
    ):
        start, end = span_of(ENGLISH, quote)
        store.add_highlight(en, start, end, theme_ids=[th[theme]])
    return p


def settle(qtbot, ms: int = 200) -> None:
    qtbot.wait(ms)
    QtWidgets.QApplication.processEvents()


@pytest.fixture
def doc(win, qtbot):
    win.action("view.write").trigger()
    settle(qtbot)
    document = win.panels["brief"].document
    assert document is not None and document.isVisible()
    return document


def undo(win) -> None:
    win.undo_stack.undo()
    QtWidgets.QApplication.processEvents()


def drop(widget: QtWidgets.QAbstractItemView, ids: list[int]) -> None:
    """Drop highlights ``ids`` (as the Evidence panel drags them) on ``widget``."""
    mime = highlight_mime(ids)  # kept alive: the event does not own it
    event = QtGui.QDropEvent(
        QtCore.QPointF(widget.viewport().rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)


def test_write_shows_the_brief_top_to_bottom(win, doc, project):
    store = win.store
    assert not win.panels["brief"].tabs.isVisible()  # the document, not the tabs
    assert doc.form.fields["title"].isVisible() and doc.form.bottom_line.isVisible()
    # title block above the bottom line, judgments below it, then sections, then sources
    y = {
        name: w.mapTo(doc.body, QtCore.QPoint(0, 0)).y()
        for name, w in (
            ("title", doc.form.fields["title"]),
            ("bottom", doc.form.bottom_line),
            ("judgments", doc.add_button),
            ("sources", doc.sources),
        )
    }
    assert y["title"] < y["bottom"] < y["judgments"] < y["sources"]
    themes = {t.name: t.id for t in store.themes()}
    assert doc.section_ids() == [themes["Security"], themes["Foreign influence"], themes["Reform"]]
    assert "English report" in doc.sources.text()
    win.action("view.read").trigger()
    assert win.panels["brief"].tabs.isVisibleTo(win.panels["brief"])


def test_add_a_judgment_type_it_and_drop_support(win, doc, qtbot):
    store = win.store
    jid = doc.add_judgment()
    assert jid is not None and doc.judgment_ids() == [jid]
    card = doc.judgment_cards[jid]
    assert QtWidgets.QApplication.focusWidget() is card.text.editor
    qtbot.keyClicks(card.text.editor, "Troops will likely leave")
    doc.flush()
    assert store.judgment(jid).text == "Troops will likely leave"
    before = win.undo_stack.count()
    hids = [h.id for h in store.highlights()][:2]
    drop(card.support, hids)
    qtbot.waitUntil(lambda: store.judgment(jid).support == tuple(hids), timeout=3000)
    assert win.undo_stack.count() == before + 1  # one drop, one undo step
    settle(qtbot)
    assert card.support.ids() == hids
    assert "English report · 2025-12-29" in card.support.item(0).text()
    # likelihood and confidence from the card
    card.confidence.setCurrentIndex(card.confidence.findData("high"))
    card.confidence.activated.emit(card.confidence.currentIndex())
    assert store.judgment(jid).confidence == "high"
    # Delete on a quote card removes it from the judgment
    card.support.setCurrentRow(0)
    card.support.setFocus()
    qtbot.keyClick(card.support, Qt.Key.Key_Delete)
    assert store.judgment(jid).support == (hids[1],)
    undo(win)
    assert store.judgment(jid).support == tuple(hids)


def test_untick_reorder_and_tag_in_a_section(win, doc, qtbot):
    store = win.store
    themes = {t.name: t.id for t in store.themes()}
    security = doc.section_cards[themes["Security"]]
    (hid,) = security.excerpts.ids()
    item = security.excerpts.item(0)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert not store.highlight(hid).included
    settle(qtbot)
    assert "0 of 1 in the brief" in security.counts.text()
    undo(win)
    assert store.highlight(hid).included
    # a highlight dropped on the Security section is tagged with Security (one undo step)
    reform_hl = next(h.id for h in store.highlights() if themes["Reform"] in h.theme_ids)
    drop(security.excerpts, [reform_hl])
    qtbot.waitUntil(
        lambda: themes["Security"] in store.highlight(reform_hl).theme_ids, timeout=3000
    )
    settle(qtbot)
    assert security.excerpts.ids() == [hid, reform_hl]
    # drag to reorder: the store's excerpt order follows
    security.excerpts.moved.emit(reform_hl, 0)
    assert store.excerpt_order()[themes["Security"]] == [reform_hl, hid]
    undo(win)
    undo(win)
    assert themes["Security"] not in store.highlight(reform_hl).theme_ids


def test_typing_a_narrative_is_saved_and_previewed(win, doc, qtbot):
    store = win.store
    theme = next(t for t in store.themes() if t.name == "Reform")
    card = doc.section_cards[theme.id]
    card.narrative.editor.setFocus()
    qtbot.keyClicks(card.narrative.editor, "Reform is slow")
    panel = win.panels["brief"]
    panel.refresh_preview()
    assert "Reform is slow" in panel.preview.toPlainText()  # the draft, before it is saved
    doc.flush()
    assert store.theme(theme.id).narrative == "Reform is slow"


def test_a_long_section_loads_a_page_at_a_time(win, qtbot, project):
    store = win.store
    tid = project.themes["Security"]
    text = "word " * 2000
    sid = store.add_source("Long", text)
    store.add_highlights([(sid, i * 10, i * 10 + 9) for i in range(100)], theme_ids=[tid])
    win.action("view.write").trigger()
    settle(qtbot, 400)
    doc = win.panels["brief"].document
    excerpts = doc.section_cards[tid].excerpts
    assert len(excerpts.ids()) == quote_list.PAGE
    more = excerpts.item(excerpts.count() - 1)
    assert more.text().startswith(f"Show {quote_list.PAGE} more (of {101 - quote_list.PAGE})")
    excerpts.itemClicked.emit(more)
    settle(qtbot)
    assert len(excerpts.ids()) == 2 * quote_list.PAGE
    assert "of 101 in the brief" in doc.section_cards[tid].counts.text()


def test_checks_go_to_their_field_in_the_document(win, doc, qtbot):
    panel = win.panels["brief"]
    store = win.store
    jid = doc.add_judgment("Text")
    panel.follow(Finding("judgment-no-support", "x", "judgment", jid))
    assert QtWidgets.QApplication.focusWidget() is doc.judgment_cards[jid].text.editor
    panel.follow(Finding("source-after-brief", "x", "source", store.sources()[0].id))
    assert QtWidgets.QApplication.focusWidget() is doc.form.fields["date"]
    reform = next(t for t in store.themes() if t.name == "Reform")
    panel.follow(Finding("theme-empty", "x", "theme", reform.id))
    assert QtWidgets.QApplication.focusWidget() is doc.section_cards[reform.id].narrative.editor


def test_preview_toggle_hides_the_preview_and_is_remembered(win, doc, qtbot):
    panel = win.panels["brief"]
    assert panel.preview_toggle.isVisible() and panel.preview.isVisible()
    panel.preview_toggle.click()
    assert not panel.preview.isVisible()
    assert settings.get("write/preview") is False
    win.action("view.read").trigger()
    assert panel.preview.isVisibleTo(panel)  # Read's dock always previews
    win.action("view.write").trigger()
    assert not panel.preview.isVisibleTo(panel)


def test_evidence_panel_filters_and_drags_highlights(win, doc, qtbot, project):
    store = win.store
    assert win.docks["evidence"].isVisible()
    ev = win.panels["evidence"]
    ev.refresh()
    assert len(ev.shown_ids()) == 3
    ev.set_filter(text="FOREIGN region")
    (foreign,) = ev.shown_ids()
    assert "Foreign influence grows" in store.highlight(foreign).quote
    ev.set_filter(theme_id=project.themes["Reform"])
    assert [store.highlight(h).quote for h in ev.shown_ids()] == ["reform and institutions"]
    ev.set_filter(source_id=project.sources["ar"])
    assert ev.shown_ids() == []
    ev.set_filter()
    rows = [ev.model.index(r) for r in range(2)]
    assert highlight_ids(ev.model.mimeData(rows)) == ev.shown_ids()[:2]
    assert "English report" in ev.model.index(0).data()
    # a new highlight appears in the list
    start, end = span_of(ENGLISH, "A second paragraph")
    new = store.add_highlight(project.sources["en"], start, end)
    qtbot.waitUntil(lambda: len(ev.shown_ids()) == 4, timeout=3000)
    assert "untagged" in ev.model.index(ev.shown_ids().index(new)).data()


def test_evidence_keeps_the_analysts_selection_when_highlights_come_and_go(
    win, doc, qtbot, project
):
    store = win.store
    ev = win.panels["evidence"]
    ev.refresh()
    picked = ev.shown_ids()[1]
    view = ev.list
    view.selectionModel().select(
        ev.model.index(1), QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    start, end = span_of(ENGLISH, "A second paragraph")
    new = store.add_highlight(project.sources["en"], start, end)
    qtbot.waitUntil(lambda: new in ev.shown_ids(), timeout=3000)
    selected = [i.data(ID_ROLE) for i in view.selectionModel().selectedIndexes()]
    assert selected == [picked]  # the list was not reset under the analyst
    other = next(h for h in ev.shown_ids() if h not in (picked, new))
    store.delete_highlight(other)
    qtbot.waitUntil(lambda: other not in ev.shown_ids(), timeout=3000)
    assert [i.data(ID_ROLE) for i in view.selectionModel().selectedIndexes()] == [picked]
    assert ev.shown_ids() == [h.id for h in win.workspace.cache.highlights()]


def test_highlights_dropped_on_a_judgments_text_attach_not_insert_text(win, doc, qtbot):
    """A drop a little off the quote list lands on the card: the highlight is attached and
    the judgment's text does not get "highlight:12" typed into it."""
    store = win.store
    jid = doc.add_judgment("Troops will leave")
    card = doc.judgment_cards[jid]
    hid = store.highlights()[0].id
    mime = highlight_mime([hid])
    editor = card.text.editor
    enter = QtGui.QDragEnterEvent(
        QtCore.QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    editor.dragEnterEvent(enter)
    assert not enter.isAccepted()  # the text field passes highlights on to its card
    event = QtGui.QDropEvent(
        QtCore.QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    card.dropEvent(event)
    qtbot.waitUntil(lambda: store.judgment(jid).support == (hid,), timeout=3000)
    assert editor.toPlainText() == "Troops will leave"


def test_typing_a_narrative_does_not_refilter_the_evidence(win, doc, qtbot, monkeypatch):
    ev = win.panels["evidence"]
    ev.refresh()
    calls = []
    monkeypatch.setattr(ev, "refresh", lambda: calls.append(1))
    theme = win.store.themes()[0]
    win.store.update_theme(theme.id, narrative="Typed")  # what a narrative commit sends
    settle(qtbot, 300)
    assert calls == []
    hid = win.store.highlights()[0].id
    win.store.update_highlight(hid, included=False)  # shown greyed: the list follows
    qtbot.waitUntil(lambda: calls != [], timeout=3000)
