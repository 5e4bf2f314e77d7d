"""The Brief dock: editor, live preview and tradecraft checks, on the sample project."""

from __future__ import annotations

import pytest
from panel_helpers import close_window, isolate_settings, open_window
from PySide6 import QtCore, QtGui, QtWidgets

from briefing.sample import write_sample
from briefing.store import Store
from briefing.ui import highlight_picker
from briefing.ui.brief_panel import TAB_SECTIONS
from briefing.ui.brief_preview import BriefPreview
from briefing.ui.highlight_picker import HIGHLIGHT_MIME, highlight_ids, highlight_mime

pytestmark = pytest.mark.ui


@pytest.fixture
def store(tmp_path):
    isolate_settings(tmp_path)
    write_sample(tmp_path / "s.brief").close()
    return Store.open(tmp_path / "s.brief")


@pytest.fixture
def win(qtbot, store):
    window = open_window(qtbot, store)
    dock = window.docks["brief"]
    dock.show()
    dock.raise_()
    window.resizeDocks([dock], [900], QtCore.Qt.Orientation.Horizontal)
    window.panels["brief"].tabs.setCurrentIndex(TAB_SECTIONS)  # a tab not chosen waits
    yield window
    close_window(window)


@pytest.fixture
def panel(win, qtbot):
    p = win.panels["brief"]
    qtbot.waitUntil(lambda: "Bottom line up front" in p.preview.toPlainText(), timeout=5000)
    return p


def undo(win):
    win.undo_stack.undo()


def redo(win):
    win.undo_stack.redo()


# -- preview ------------------------------------------------------------------------


def test_bottom_line_typing_updates_preview_then_store(win, panel, qtbot):
    editor = panel.form.bottom_line.editor
    editor.setFocus()
    editor.moveCursor(QtGui.QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " Zebra crossings multiply.")
    qtbot.waitUntil(
        lambda: "Zebra crossings multiply." in panel.preview.toPlainText(), timeout=5000
    )
    store = win.store
    qtbot.waitUntil(
        lambda: store.brief().bottom_line.endswith(" Zebra crossings multiply."), timeout=5000
    )
    # one burst of typing is one undo step
    assert win.undo_stack.undoText() == "Edit bottom line"
    undo(win)
    assert "Zebra" not in store.brief().bottom_line
    assert "Zebra" not in editor.toPlainText()
    qtbot.waitUntil(lambda: "Zebra" not in panel.preview.toPlainText(), timeout=5000)
    redo(win)
    assert store.brief().bottom_line.endswith("Zebra crossings multiply.")


def test_title_field_commits_and_undoes(win, panel, qtbot):
    title = panel.form.fields["title"]
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "New title 123")
    qtbot.waitUntil(lambda: win.store.brief().title == "New title 123", timeout=5000)
    qtbot.waitUntil(lambda: "New title 123" in panel.preview.toPlainText(), timeout=5000)
    undo(win)
    assert win.store.brief().title.startswith("Iraq after the drawdown")
    assert title.text().startswith("Iraq after the drawdown")


def test_preview_keeps_scroll_position(win, panel, qtbot):
    bar = panel.preview.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 200, timeout=5000)
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    win.store.update_brief(subtitle="A different subtitle")  # any change refreshes
    qtbot.waitUntil(lambda: "A different subtitle" in panel.preview.toPlainText(), timeout=5000)
    # the new text is laid out in steps: the position comes back once it is reached
    qtbot.waitUntil(lambda: abs(bar.value() - kept) <= 2, timeout=5000)


def test_clicking_an_excerpt_reveals_its_highlight(win, panel, qtbot):
    preview = panel.preview
    doc = preview.document()
    found = None
    block = doc.begin()
    while block.isValid() and found is None:
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            href = frag.charFormat().anchorHref()
            if href.startswith("excerpt:"):
                found = (frag.position() + 2, int(href.split(":")[1]))
                break
            it += 1
        block = block.next()
    assert found is not None, "no excerpt link in the preview"
    position, hid = found
    cursor = QtGui.QTextCursor(doc)
    cursor.setPosition(position)
    preview.setTextCursor(cursor)
    preview.ensureCursorVisible()
    point = preview.cursorRect(cursor).center()
    assert preview.excerpt_at(point) == hid
    with qtbot.waitSignal(win.selection.reveal_requested, timeout=5000) as sig:
        qtbot.mouseClick(preview.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=point)
    assert sig.args == [hid]
    assert win.selection.highlight_ids == (hid,)
    # activating the link by its URL does the same
    with qtbot.waitSignal(win.selection.reveal_requested, timeout=5000) as sig:
        preview.anchorClicked.emit(QtCore.QUrl(f"excerpt:{hid}"))
    assert sig.args == [hid]


def test_preview_loads_no_resources(win, panel, qtbot, monkeypatch):
    calls = []
    original = BriefPreview.loadResource

    def recording(self, type_, name):
        result = original(self, type_, name)
        calls.append((type_, name.toString(), result))
        return result

    monkeypatch.setattr(BriefPreview, "loadResource", recording)
    store = win.store
    hid = next(h.id for h in store.highlights() if h.included and h.theme_ids)
    evil = '<img src="/etc/passwd"> and ![x](https://example.com/a.png) end-of-note'
    store.update_highlight(hid, note=evil)
    store.update_brief(bottom_line="Look: ![y](file:///etc/passwd) <img src='/etc/hosts'>")
    qtbot.waitUntil(lambda: "end-of-note" in panel.preview.toPlainText(), timeout=5000)
    text = panel.preview.toPlainText()
    assert '<img src="/etc/passwd">' in text  # raw HTML is shown as text
    assert "[image: x]" in text
    assert all(result is None for _, _, result in calls)
    doc = panel.preview.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            assert not it.fragment().charFormat().isImageFormat()
            it += 1
        block = block.next()
    # the hook is the one Qt calls: even raw HTML set directly loads nothing
    panel.preview.setHtml(
        '<p>x<img src="file:///etc/passwd"><img src="https://example.com/a.png"></p>'
    )
    panel.preview.document().documentLayout().documentSize()
    assert {name for _, name, _ in calls} >= {"file:///etc/passwd", "https://example.com/a.png"}
    assert all(result is None for _, _, result in calls)
    direct = panel.preview.loadResource(
        int(QtGui.QTextDocument.ResourceType.ImageResource), QtCore.QUrl("file:///etc/passwd")
    )
    assert direct is None


# -- brief fields -------------------------------------------------------------------


def test_marking_preset_sets_marking_and_colour_undo_restores(win, panel, qtbot):
    store = win.store
    before = store.brief()
    menu = panel.form.presets.menu()
    action = next(a for a in menu.actions() if a.text() == "TLP:AMBER+STRICT")
    action.trigger()
    b = store.brief()
    assert (b.marking, b.marking_color) == ("TLP:AMBER+STRICT", "#FFC000")
    assert panel.form.fields["marking"].text() == "TLP:AMBER+STRICT"
    assert win.undo_stack.undoText() == "Mark as TLP:AMBER+STRICT"
    undo(win)
    b = store.brief()
    assert (b.marking, b.marking_color) == (before.marking, before.marking_color)
    assert panel.form.fields["marking"].text() == before.marking
    redo(win)
    assert store.brief().marking_color == "#FFC000"
    panel.form.apply_preset("TLP:RED")
    assert store.brief().marking_color == "#FF2B2B"
    qtbot.waitUntil(lambda: "TLP:RED" in panel.preview.toPlainText(), timeout=5000)


def test_options_and_paper(win, panel):
    store = win.store
    panel.form.options["show_appendix"].click()
    assert store.brief().show_appendix is True
    undo(win)
    assert store.brief().show_appendix is False
    assert not panel.form.options["show_appendix"].isChecked()
    panel.form.paper.setCurrentIndex(1)
    panel.form.paper.activated.emit(1)
    assert store.brief().paper == "Letter"


# -- judgments ------------------------------------------------------------------------


def test_reorder_judgments_undo_redo(win, panel, qtbot):
    store = win.store
    ed = panel.judgments
    ids = [j.id for j in store.judgments()]
    ed.move_judgment(ids[0], 2)
    moved = [j.id for j in store.judgments()]
    assert moved == [ids[1], ids[2], ids[0], ids[3]]
    assert ed.judgment_ids() == moved
    undo(win)
    assert [j.id for j in store.judgments()] == ids
    redo(win)
    assert [j.id for j in store.judgments()] == moved
    # a drop in the list: the row under the drop point becomes the position
    lst = ed.list
    last = lst.visualItemRect(lst.item(lst.count() - 1))
    row = lst.drop_row(QtCore.QPoint(last.center().x(), last.bottom() - 1))
    assert row == lst.count()
    assert lst.position_after_drop(moved[0], row) == 3
    lst.moved.emit(moved[0], 3)
    assert [j.id for j in store.judgments()][-1] == moved[0]
    # the arrow buttons
    ed.select_judgment(moved[0])
    ed.up_button.click()
    assert [j.id for j in store.judgments()][2] == moved[0]


def test_add_edit_remove_judgment(win, panel, qtbot):
    store = win.store
    ed = panel.judgments
    jid = ed.add_judgment()
    assert ed.current_id() == jid
    qtbot.keyClicks(ed.text.editor, "Militias will likely fragment.")
    qtbot.waitUntil(
        lambda: store.judgment(jid).text == "Militias will likely fragment.", timeout=5000
    )
    ed.likelihood.setCurrentIndex(ed.likelihood.findData("likely"))
    ed.likelihood.activated.emit(ed.likelihood.currentIndex())
    assert store.judgment(jid).likelihood == "likely"
    ed.remove_judgment(jid)
    assert jid not in [j.id for j in store.judgments()]
    undo(win)
    assert store.judgment(jid).text == "Militias will likely fragment."


def test_attach_support_via_picker(win, panel, monkeypatch):
    store = win.store
    ed = panel.judgments
    jid = store.judgments()[0].id
    before = store.judgment(jid).support
    extra = next(h.id for h in store.highlights() if h.id not in before)
    seen = {}

    def fake_pick(parent, st, title="", already=()):
        seen["already"] = tuple(already)
        return [extra]

    monkeypatch.setattr(highlight_picker, "pick_highlights", fake_pick)
    ed.select_judgment(jid)
    ed.attach_button.click()
    assert seen["already"] == before
    assert store.judgment(jid).support == (*before, extra)
    assert ed.support.ids() == [*before, extra]
    undo(win)
    assert store.judgment(jid).support == before
    redo(win)
    assert store.judgment(jid).support == (*before, extra)
    ed.support.select_id(extra)
    ed.detach_button.click()
    assert store.judgment(jid).support == before


def test_drop_highlights_on_a_judgment(win, panel, qtbot):
    store = win.store
    ed = panel.judgments
    target = store.judgments()[1]
    new = [h.id for h in store.highlights() if h.id not in target.support][:2]
    mime = highlight_mime(new)
    assert mime.hasFormat(HIGHLIGHT_MIME)
    assert highlight_ids(mime) == new
    plain = QtCore.QMimeData()
    plain.setText("\n".join(f"highlight:{h}" for h in new))
    assert highlight_ids(plain) == new
    rect = ed.list.visualItemRect(ed.list.item(1))
    event = QtGui.QDropEvent(
        QtCore.QPointF(rect.center()),
        QtCore.Qt.DropAction.CopyAction,
        mime,
        QtCore.Qt.MouseButton.LeftButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    ed.list.dropEvent(event)
    qtbot.waitUntil(
        lambda: store.judgment(target.id).support == target.support + tuple(new), timeout=5000
    )
    assert ed.current_id() == target.id
    undo(win)
    assert store.judgment(target.id).support == target.support


# -- sections ----------------------------------------------------------------------


def test_sections_in_codebook_order_with_children(win, panel):
    from briefing.model import codebook_order

    store = win.store
    assert panel.sections.theme_ids() == [t.id for t in codebook_order(store.themes())]


def test_include_exclude_excerpt_undo_redo(win, panel, qtbot):
    store = win.store
    sec = panel.sections
    theme = next(t for t in store.themes() if store.excerpt_order().get(t.id))
    sec.select_theme(theme.id)
    assert sec.excerpt_ids() == store.excerpt_order()[theme.id]
    item = sec.excerpts.item(0)
    hid = sec.excerpt_ids()[0]
    assert store.highlight(hid).included
    item.setCheckState(QtCore.Qt.CheckState.Unchecked)
    assert store.highlight(hid).included is False
    undo(win)
    assert store.highlight(hid).included is True
    qtbot.waitUntil(
        lambda: sec.excerpts.item(0).checkState() == QtCore.Qt.CheckState.Checked, timeout=5000
    )
    redo(win)
    assert store.highlight(hid).included is False


def test_reorder_excerpts_undo_redo(win, panel, qtbot):
    store = win.store
    sec = panel.sections
    theme = next(t for t in store.themes() if len(store.excerpt_order().get(t.id, [])) >= 3)
    sec.select_theme(theme.id)
    order = store.excerpt_order()[theme.id]
    sec.excerpts.moved.emit(order[0], 2)  # what a drop below the third excerpt emits
    expected = [order[1], order[2], order[0], *order[3:]]
    assert store.excerpt_order()[theme.id] == expected
    qtbot.waitUntil(lambda: sec.excerpt_ids() == expected, timeout=5000)
    undo(win)
    assert store.excerpt_order()[theme.id] == order
    redo(win)
    assert store.excerpt_order()[theme.id] == expected


def test_narrative_edit_reaches_store(win, panel, qtbot):
    store = win.store
    sec = panel.sections
    theme = store.themes()[0]
    panel.tabs.setCurrentIndex(2)
    sec.select_theme(theme.id)
    editor = sec.narrative.editor
    editor.setFocus()
    editor.moveCursor(QtGui.QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " Quokka evidence.")
    qtbot.waitUntil(lambda: "Quokka evidence." in panel.preview.toPlainText(), timeout=5000)
    qtbot.waitUntil(
        lambda: store.theme(theme.id).narrative.endswith(" Quokka evidence."), timeout=5000
    )
    undo(win)
    assert "Quokka" not in store.theme(theme.id).narrative
    redo(win)
    assert store.theme(theme.id).narrative.endswith("Quokka evidence.")


def test_pending_typing_is_committed_when_the_window_closes(tmp_path, qtbot):
    isolate_settings(tmp_path)
    write_sample(tmp_path / "s.brief").close()
    window = open_window(qtbot, Store.open(tmp_path / "s.brief"))
    panel = window.panels["brief"]
    window.docks["brief"].raise_()
    panel.form.bottom_line.editor.setFocus()
    panel.form.bottom_line.editor.moveCursor(QtGui.QTextCursor.MoveOperation.End)
    qtbot.keyClicks(panel.form.bottom_line.editor, " Last words")
    assert panel.form.bottom_line.pending()
    close_window(window)
    with Store.open(tmp_path / "s.brief", readonly=True) as again:
        assert again.brief().bottom_line.endswith(" Last words")


# -- tradecraft checks ------------------------------------------------------------------


def codes(panel) -> list[tuple[str, int | None]]:
    return [(f.code, f.target_id) for f in panel.checks.findings()]


def test_warning_for_missing_confidence_appears_and_goes(win, panel, qtbot):
    store = win.store
    jid = store.judgments()[0].id
    assert ("judgment-confidence", jid) not in codes(panel)
    panel.judgments.set_confidence(jid, "")
    qtbot.waitUntil(lambda: ("judgment-confidence", jid) in codes(panel), timeout=5000)
    assert panel.checks.list.isVisible()
    # following the warning shows the judgment
    panel.tabs.setCurrentIndex(0)
    item = panel.checks.list.item(codes(panel).index(("judgment-confidence", jid)))
    panel.checks.list.itemActivated.emit(item)
    assert panel.tabs.currentIndex() == 1
    assert panel.judgments.current_id() == jid
    panel.judgments.confidence.setCurrentIndex(panel.judgments.confidence.findData("high"))
    panel.judgments.confidence.activated.emit(panel.judgments.confidence.currentIndex())
    assert store.judgment(jid).confidence == "high"
    qtbot.waitUntil(lambda: ("judgment-confidence", jid) not in codes(panel), timeout=5000)


def test_dismissed_warnings_stay_dismissed_for_the_session(win, panel, qtbot):
    store = win.store
    store.update_brief(marking="")
    qtbot.waitUntil(lambda: ("marking-missing", None) in codes(panel), timeout=5000)
    checks = panel.checks
    checks.list.setCurrentRow(codes(panel).index(("marking-missing", None)))
    checks.dismiss_button.click()
    assert ("marking-missing", None) not in codes(panel)
    assert checks.restore_button.text() == "Show dismissed (1)"
    store.update_brief(title="Still missing a marking")
    qtbot.waitUntil(lambda: "Still missing a marking" in panel.preview.toPlainText(), timeout=5000)
    assert ("marking-missing", None) not in codes(panel)
    checks.restore_button.click()
    assert ("marking-missing", None) in codes(panel)


def test_no_leftover_windows(tmp_path, qtbot):
    isolate_settings(tmp_path)
    write_sample(tmp_path / "s.brief").close()
    window = open_window(qtbot, Store.open(tmp_path / "s.brief"))
    window.docks["brief"].raise_()
    close_window(window)
    qtbot.wait(10)
    assert not [
        w
        for w in QtWidgets.QApplication.topLevelWidgets()
        if w.isVisible() and not isinstance(w, QtWidgets.QMenu)
    ]


def test_typing_goes_to_its_own_project_when_another_opens(win, panel, qtbot, tmp_path):
    old_path = win.store.path
    title = panel.form.fields["title"]
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Typed for the sample")
    sec = panel.sections
    sec.select_theme(win.store.themes()[0].id)
    sec.narrative.editor.moveCursor(QtGui.QTextCursor.MoveOperation.End)
    qtbot.keyClicks(sec.narrative.editor, " Narrative typing")
    assert title.pending() and sec.narrative.pending()
    other = Store.create(tmp_path / "other.brief", title="Other project")
    win.set_store(other)
    assert win.store is other
    assert title.text() == "Other project"
    assert other.brief().title == "Other project"
    qtbot.wait(700)  # past every debounce
    assert other.brief().title == "Other project"
    assert panel.sections.theme_ids() == []
    qtbot.waitUntil(lambda: "Other project" in panel.preview.toPlainText(), timeout=5000)
    with Store.open(old_path, readonly=True) as old:
        assert old.brief().title == "Typed for the sample"
        assert old.themes()[0].narrative.endswith(" Narrative typing")


# -- only what is on screen is kept up to date ----------------------------------------


def test_hidden_brief_panel_does_not_rerender_but_catches_up_when_shown(tmp_path, qtbot):
    from briefing.ui import brief_panel
    from briefing.ui.brief_preview import on_screen

    isolate_settings(tmp_path)
    write_sample(tmp_path / "s.brief").close()
    window = open_window(qtbot, Store.open(tmp_path / "s.brief"))
    try:
        store = window.store
        dock = window.docks["brief"]
        window.docks["search"].raise_()  # the Brief dock sits behind the Search tab
        panel = window.panels["brief"]
        qtbot.wait(brief_panel.PREVIEW_MS + 100)
        assert dock.isVisible() and panel.isVisible()  # what Qt says of a tabbed-away dock
        assert not on_screen(panel) and not panel.is_on_screen()
        before = panel.refresh_count
        sections = panel.sections
        store.update_brief(title="Changed while hidden")
        hid = next(h.id for h in store.highlights() if h.theme_ids and h.included)
        store.update_highlight(hid, included=False)
        qtbot.wait(brief_panel.PREVIEW_MS * 3)
        assert panel.refresh_count == before  # nothing composed while hidden
        assert "Changed while hidden" not in panel.preview.toPlainText()
        assert sections.pending()
        # raised: the preview, the checks and the sections (their tab chosen) catch up
        dock.raise_()
        panel.tabs.setCurrentIndex(TAB_SECTIONS)
        qtbot.waitUntil(lambda: "Changed while hidden" in panel.preview.toPlainText(), timeout=5000)
        assert panel.refresh_count == before + 1
        assert not sections.pending()
        tid = store.highlight(hid).theme_ids[0]
        sections.select_theme(tid)
        row = sections.excerpt_ids().index(hid)
        assert sections.excerpts.item(row).checkState() == QtCore.Qt.CheckState.Unchecked
        # while shown, a change refreshes once after the pause
        store.update_brief(title="Changed while shown")
        qtbot.waitUntil(lambda: "Changed while shown" in panel.preview.toPlainText(), timeout=5000)
        assert panel.refresh_count == before + 2
        # the panel's project (kept in memory) is the store's
        project, loaded = panel.cache.project(), store.load_project()
        assert project.highlights == loaded.highlights
        assert project.excerpt_order == loaded.excerpt_order
        assert project.sources == loaded.sources
    finally:
        close_window(window)


def test_a_tab_not_chosen_waits_and_catches_up_when_chosen(tmp_path, qtbot):
    isolate_settings(tmp_path)
    write_sample(tmp_path / "s.brief").close()
    window = open_window(qtbot, Store.open(tmp_path / "s.brief"))
    try:
        store, dock, panel = window.store, window.docks["brief"], window.panels["brief"]
        dock.raise_()
        sections, judgments = panel.sections, panel.judgments
        panel.tabs.setCurrentIndex(TAB_SECTIONS)
        qtbot.waitUntil(lambda: not sections.pending(), timeout=5000)
        panel.tabs.setCurrentIndex(0)  # the "Brief" tab: Sections and Judgments not chosen
        hid = next(h.id for h in store.highlights() if h.theme_ids and h.included)
        store.update_highlight(hid, included=False)
        qtbot.wait(300)
        assert sections.pending() and not sections.isVisible()  # nothing redrawn off screen
        tab = next(i for i in range(panel.tabs.count()) if panel.tabs.tabText(i) == "Sections")
        panel.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda: not sections.pending(), timeout=5000)
        tid = store.highlight(hid).theme_ids[0]
        sections.select_theme(tid)
        row = sections.excerpt_ids().index(hid)
        assert sections.excerpts.item(row).checkState() == QtCore.Qt.CheckState.Unchecked
        jid = store.add_judgment("Tabs wait their turn.")
        store.set_judgment_support(jid, [hid])
        panel.tabs.setCurrentIndex(0)
        store.update_highlight(hid, note="Cited, changed while the tab is not chosen")
        qtbot.wait(300)
        assert judgments._dirty  # the cited excerpt is redrawn when the tab is chosen
        tab = next(i for i in range(panel.tabs.count()) if panel.tabs.tabText(i) == "Judgments")
        panel.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda: not judgments._dirty, timeout=5000)
    finally:
        close_window(window)


def test_sections_counts_follow_highlight_changes_incrementally(win, panel, qtbot):
    store = win.store
    sec = panel.sections
    theme = next(t for t in store.themes() if store.excerpt_order().get(t.id))
    sec.select_theme(theme.id)

    def count_text() -> str:
        ids = store.excerpt_order().get(theme.id, [])
        n_in = sum(1 for h in ids if store.highlight(h).included and not store.highlight(h).orphan)
        return f"{n_in} of {len(ids)}"

    item = sec._items[theme.id]
    assert item.text(1) == count_text()
    hid = store.excerpt_order()[theme.id][0]
    store.update_highlight(hid, included=False)
    qtbot.waitUntil(lambda: item.text(1) == count_text(), timeout=5000)
    source = store.highlight(hid).source_id
    new = store.add_highlight(source, 0, 5, theme_ids=[theme.id])
    qtbot.waitUntil(lambda: sec.excerpt_ids() == store.excerpt_order()[theme.id], timeout=5000)
    assert sec._items[theme.id] is item  # updated in place, not rebuilt
    assert item.text(1) == count_text()
    store.delete_highlight(new)
    qtbot.waitUntil(lambda: new not in sec.excerpt_ids(), timeout=5000)
    assert item.text(1) == count_text()


def test_big_brief_preview_is_shortened(store):
    from briefing.brief.compose import compose
    from briefing.ui.brief_preview import preview_html

    project = store.load_project()
    full = compose(project)
    cap = 2
    sizes = {s.theme_id: len(s.excerpts) for s in full.walk_sections()}
    assert max(sizes.values()) > cap
    html = preview_html(project, cap=cap)
    assert f"each theme shows its first {cap} excerpts" in html
    hidden = sum(n - cap for n in sizes.values() if n > cap)
    assert f"{hidden} more are in the exported brief" in html
    for s in full.walk_sections():
        shown = [e.highlight_id for e in s.excerpts[:cap]]
        for hid in shown:  # in full here or under a judgment
            assert f'href="excerpt:{hid}"' in html
        under_judgments = {e.highlight_id for j in full.judgments for e in j.excerpts}
        for e in s.excerpts[cap:]:
            if e.highlight_id not in under_judgments and all(
                e.highlight_id not in [x.highlight_id for x in t.excerpts[:cap]]
                for t in full.walk_sections()
            ):
                assert f'href="excerpt:{e.highlight_id}"' not in html
        if len(s.excerpts) > cap:
            n = len(s.excerpts) - cap
            assert f"… {n} more excerpt{'s' if n != 1 else ''} in the exported brief" in html
    # small briefs are previewed whole, as before
    from briefing.render.html import render_html

    assert preview_html(project) == render_html(compose(project), for_preview=True)
