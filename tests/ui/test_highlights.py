"""The Highlights panel and its note editor, driven through the real window."""

from __future__ import annotations

import pytest
from panel_helpers import ALPHA
from PySide6 import QtCore, QtGui, QtWidgets

from briefing.ui import note_editor
from briefing.ui.highlights_model import (
    CREATED,
    INCLUDED,
    NOTE,
    POSITION,
    QUOTE,
    THEMES,
)
from briefing.ui.note_editor import SafeBrowser, note_html
from briefing.ui.roles import COLORS_ROLE, ID_ROLE

pytestmark = pytest.mark.ui


def ids_shown(panel) -> list[int]:
    return panel.visible_highlight_ids()


def select_row_of(panel, hid: int) -> None:
    for r in range(panel.proxy.rowCount()):
        index = panel.proxy.index(r, QUOTE)
        if index.data(ID_ROLE) == hid:
            panel.table.selectionModel().setCurrentIndex(
                index,
                QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QtCore.QItemSelectionModel.SelectionFlag.Rows,
            )
            return
    raise AssertionError(f"highlight {hid} not shown")


def test_columns_show_the_highlight(win, project):
    panel = win.panels["highlights"]
    h1, h2, h3 = project.highlights
    assert ids_shown(panel) == [h1, h2, h3]  # by position: source order, then offset
    model = panel.model
    row = model.row_of(h2)
    assert model.index(row, QUOTE).data() == "Foreign influence remains strong"
    assert model.index(row, THEMES).data() == "Security, Foreign influence"  # codebook order
    assert model.index(row, THEMES).data(COLORS_ROLE) == ["#0072B2", "#D55E00"]
    assert (
        model.index(row, INCLUDED).data(QtCore.Qt.ItemDataRole.CheckStateRole)
        == QtCore.Qt.CheckState.Checked
    )
    assert model.index(model.row_of(h3), NOTE).data() == "Check *who* says so"
    assert model.index(model.row_of(h3), 3).data() == "Beta analysis"
    assert model.index(row, CREATED).data()[:2] == "20"


def test_filter_by_theme_and_text(win, project):
    panel = win.panels["highlights"]
    win.selection.set_themes([project.themes["Security"]])
    assert panel.proxy.rowCount() == 2
    assert panel.theme_filter.text() == "Themes: Security"
    win.selection.set_themes([project.themes["Economy"]])
    assert panel.proxy.rowCount() == 0
    win.selection.set_themes(())
    assert panel.proxy.rowCount() == 3
    panel.filter.setText("influence")
    assert panel.proxy.rowCount() == 2
    panel.filter.setText("WITHDRAWAL")  # the note of the first highlight, any case
    assert ids_shown(panel) == [project.highlights[0]]
    win.selection.set_themes([project.themes["Foreign influence"]])
    assert panel.proxy.rowCount() == 0
    panel.filter.clear()
    assert panel.proxy.rowCount() == 2


def test_scope_current_source(win, project):
    panel = win.panels["highlights"]
    panel.scope.setCurrentIndex(1)
    win.selection.set_source(project.sources[1])
    assert ids_shown(panel) == [project.highlights[2]]
    win.selection.set_source(project.sources[0])
    assert ids_shown(panel) == project.highlights[:2]
    panel.scope.setCurrentIndex(0)
    assert panel.proxy.rowCount() == 3


def test_sort_by_theme_and_date(win, project):
    panel = win.panels["highlights"]
    h1, h2, h3 = project.highlights
    panel.table.sortByColumn(THEMES, QtCore.Qt.SortOrder.AscendingOrder)
    assert ids_shown(panel) == [h1, h2, h3]  # Security, Security+FI, FI
    panel.table.sortByColumn(CREATED, QtCore.Qt.SortOrder.DescendingOrder)
    assert ids_shown(panel) == [h3, h2, h1]
    panel.table.sortByColumn(POSITION, QtCore.Qt.SortOrder.AscendingOrder)
    assert ids_shown(panel) == [h1, h2, h3]
    panel.sort.setCurrentIndex(2)  # "Newest first" from the sort box
    assert ids_shown(panel) == [h3, h2, h1]
    panel.table.sortByColumn(THEMES, QtCore.Qt.SortOrder.AscendingOrder)
    assert panel.sort.currentText() == "By theme"


def test_updates_row_by_row_without_reset(win, project, qtbot):
    panel, store = win.panels["highlights"], project.store
    resets, inserted, removed, changed = [], [], [], []
    model = panel.model
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda *a: inserted.append(a[1:]))
    model.rowsRemoved.connect(lambda *a: removed.append(a[1:]))
    model.dataChanged.connect(lambda a, b, *r: changed.append((a.row(), b.row())))
    from briefing.ui import commands

    start = ALPHA.index("lazy dog")
    cmd = commands.AddHighlight(
        store, project.sources[0], start, start + 8, [project.themes["Economy"]]
    )
    win.push(cmd)
    # inserted where it sorts by position: after the two of its source, before Beta's
    assert inserted == [(2, 2)] and panel.proxy.rowCount() == 4
    assert ids_shown(panel)[2] == cmd.highlight_id
    win.push(commands.EditHighlight(store, cmd.highlight_id, "included", False))
    assert changed[-1] == (2, 2)
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert removed == [(2, 2)] and panel.proxy.rowCount() == 3
    win.push(commands.EditTheme(store, project.themes["Security"], "name", "Safety"))
    assert "Safety" in model.index(0, THEMES).data()
    win.push(commands.EditSource(store, project.sources[1], "title", "Gamma notes"))
    assert model.index(2, 3).data() == "Gamma notes"  # the source column
    win.push(commands.EditTheme(store, project.themes["Security"], "color", "#111111"))
    assert model.index(0, THEMES).data(COLORS_ROLE)[0] == "#111111"
    assert resets == []


def test_include_checkbox_toggles_and_undoes(win, project, qtbot):
    panel, store = win.panels["highlights"], project.store
    hid = project.highlights[1]
    index = panel.model.index(panel.model.row_of(hid), INCLUDED)
    rect = panel.table.visualRect(index)
    style = panel.table.style()
    opt = QtWidgets.QStyleOptionViewItem()
    opt.rect = rect
    opt.features |= QtWidgets.QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    check = style.subElementRect(
        QtWidgets.QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, panel.table
    )
    qtbot.mouseClick(
        panel.table.viewport(),
        QtCore.Qt.MouseButton.LeftButton,
        pos=check.center() if check.isValid() else rect.center(),
    )
    if store.highlight(hid).included:  # the style put the box elsewhere: use the model
        panel.proxy.setData(
            index, QtCore.Qt.CheckState.Unchecked.value, QtCore.Qt.ItemDataRole.CheckStateRole
        )
    assert store.highlight(hid).included is False
    assert index.data(QtCore.Qt.ItemDataRole.CheckStateRole) == QtCore.Qt.CheckState.Unchecked
    assert win.undo_stack.undoText() == "Leave out of brief"
    win.undo_stack.undo()
    assert store.highlight(hid).included is True
    assert index.data(QtCore.Qt.ItemDataRole.CheckStateRole) == QtCore.Qt.CheckState.Checked


def test_selecting_rows_sets_selection_and_double_click_reveals(win, project, qtbot):
    panel = win.panels["highlights"]
    h1, h2, _ = project.highlights
    select_row_of(panel, h2)
    assert win.selection.highlight_ids == (h2,)
    assert panel.note.highlight_id == h2
    revealed = []
    win.selection.reveal_requested.connect(revealed.append)
    index = panel.proxy.index(0, QUOTE)
    rect = panel.table.visualRect(index)
    qtbot.mouseClick(panel.table.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    assert revealed == [h1]
    # picking a highlight elsewhere (the reader) selects its row here
    win.selection.set_highlights([project.highlights[2]])
    assert panel._selected_ids() == [project.highlights[2]]
    assert panel.note.highlight_id == project.highlights[2]


def test_note_typing_debounced_one_undo_entry_per_burst(win, project, qtbot):
    panel, store = win.panels["highlights"], project.store
    hid = project.highlights[1]
    select_row_of(panel, hid)
    editor = panel.note.editor
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    counts_before = store.theme_counts()
    depth = win.undo_stack.count()
    qtbot.keyClicks(editor, "Seen in 2 sources")
    assert store.highlight(hid).note == ""  # not yet: debounced
    qtbot.waitUntil(
        lambda: store.highlight(hid).note == "Seen in 2 sources",
        timeout=note_editor.DEBOUNCE_MS * 4,
    )
    qtbot.keyClicks(editor, "; 1 more")  # "1" is typed, not the theme key 1
    qtbot.waitUntil(
        lambda: store.highlight(hid).note == "Seen in 2 sources; 1 more",
        timeout=note_editor.DEBOUNCE_MS * 4,
    )
    assert store.theme_counts() == counts_before
    assert win.undo_stack.count() == depth + 1  # one burst, one entry
    assert win.undo_stack.undoText() == "Edit note"
    # the field's own undo while it has focus
    qtbot.keyClick(editor, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() != "Seen in 2 sources; 1 more"
    assert win.undo_stack.count() == depth + 1
    editor.clearFocus()  # focus-out commits at once and ends the burst
    assert store.highlight(hid).note == editor.toPlainText()
    # the preview shows the rendered note
    qtbot.waitUntil(lambda: "Seen in" in panel.note.preview.toPlainText())
    # the global undo takes the whole burst back and the field follows
    while win.undo_stack.index() > depth:
        win.undo_stack.undo()
    assert store.highlight(hid).note == ""
    assert editor.toPlainText() == ""
    model_note = panel.model.index(panel.model.row_of(hid), NOTE).data()
    assert model_note == ""


def test_theme_key_tags_when_not_typing(win, project, qtbot):
    """The same key "1" does tag when the table (not the note) has focus."""
    panel, store = win.panels["highlights"], project.store
    hid = project.highlights[2]  # Foreign influence only
    select_row_of(panel, hid)
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    qtbot.keyClick(panel.table, QtCore.Qt.Key.Key_1)
    assert project.themes["Security"] in store.highlight(hid).theme_ids
    win.undo_stack.undo()
    assert store.highlight(hid).theme_ids == (project.themes["Foreign influence"],)


def test_separate_bursts_are_separate_entries(win, project, qtbot):
    panel, store = win.panels["highlights"], project.store
    hid = project.highlights[0]
    select_row_of(panel, hid)
    editor = panel.note.editor
    editor.setFocus()
    depth = win.undo_stack.count()
    qtbot.keyClicks(editor, " one")
    editor.clearFocus()
    editor.setFocus()
    qtbot.keyClicks(editor, " two")
    panel.note.flush()
    assert store.highlight(hid).note == "Withdrawal one two"
    assert win.undo_stack.count() == depth + 2
    win.undo_stack.undo()
    assert store.highlight(hid).note == "Withdrawal one"
    assert editor.toPlainText() == "Withdrawal one"


def test_switching_highlight_commits_pending_note(win, project, qtbot):
    panel, store = win.panels["highlights"], project.store
    h1, h2, _ = project.highlights
    select_row_of(panel, h1)
    panel.note.editor.setFocus()
    qtbot.keyClicks(panel.note.editor, "!")
    select_row_of(panel, h2)
    assert store.highlight(h1).note == "Withdrawal!"
    assert panel.note.editor.toPlainText() == ""


def test_preview_is_safe(qtbot, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG")
    text = (
        f"**Bold** <img src='{secret.as_uri()}'> <script>alert(1)</script>\n\n"
        f"![pic]({secret.as_uri()}) [ok](https://example.org) [bad](javascript:alert(1))"
    )
    markup = note_html(text)
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "<img" not in markup and "[image: pic]" in markup
    assert 'href="https://example.org"' in markup and "javascript" not in markup
    browser = SafeBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(markup + f'<img src="{secret.as_uri()}">')
    assert (
        browser.loadResource(
            QtGui.QTextDocument.ResourceType.ImageResource.value, QtCore.QUrl(secret.as_uri())
        )
        is None
    )
    assert not browser.openLinks() and not browser.openExternalLinks()


def test_orphans_listed_separately(win, project):
    panel, store = win.panels["highlights"], project.store
    assert panel.orphans.text() == "Orphans (0)"
    store.replace_source_text(project.sources[1], "A completely different text now.")
    assert panel.orphans.text() == "Orphans (1)"
    assert project.highlights[2] not in ids_shown(panel)
    panel.orphans.setChecked(True)
    assert ids_shown(panel) == [project.highlights[2]]
    assert panel.orphan_help.isVisibleTo(panel)
    assert "could not be found after the source was re-imported" in panel.orphan_help.text()
    panel.orphans.setChecked(False)
    assert panel.proxy.rowCount() == 2


def test_delete_from_context_menu_is_undoable(win, project):
    panel, store = win.panels["highlights"], project.store
    select_row_of(panel, project.highlights[0])
    panel.delete_selected()
    assert len(store.highlights()) == 2 and panel.proxy.rowCount() == 2
    win.undo_stack.undo()
    assert panel.proxy.rowCount() == 3
    assert store.highlight(project.highlights[0]).note == "Withdrawal"


def test_deleting_the_highlight_being_typed_in(win, project, qtbot):
    panel, store = win.panels["highlights"], project.store
    hid = project.highlights[0]
    select_row_of(panel, hid)
    panel.note.editor.setFocus()
    qtbot.keyClicks(panel.note.editor, " draft")
    from briefing.ui import commands

    win.push(commands.DeleteHighlights(store, [hid]))
    assert panel.note.highlight_id is None and not panel.note.pending()
    win.undo_stack.undo()
    assert store.highlight(hid).note == "Withdrawal"


def test_dragged_rows_carry_highlight_ids_for_judgments(win, project):
    from briefing.ui.highlight_picker import HIGHLIGHT_MIME, highlight_ids

    panel = win.panels["highlights"] if hasattr(win, "panels") else None
    panel = panel or win.docks["highlights"].widget()
    hid = ids_shown(panel)[0]
    select_row_of(panel, hid)
    rows = panel.table.selectionModel().selectedIndexes()
    mime = panel.proxy.mimeData(rows)
    assert mime.hasFormat(HIGHLIGHT_MIME) and highlight_ids(mime) == [hid]
    assert panel.table.dragEnabled()


def expected_order(store, panel) -> list[int]:
    """What the table should list, worked out from every highlight in plain Python:
    the panel's filters (all sources, its text and theme filters, no orphans) and
    its order (the sort column and direction)."""
    from briefing.model import ThemeTree, codebook_order
    from briefing.ui.highlights_model import SOURCE

    themes = store.themes()
    rank = {t.id: n for n, t in enumerate(codebook_order(themes))}
    tree = ThemeTree(themes)
    picked = panel._workspace.selection.theme_ids
    wanted = {t.id for tid in picked if tid in tree.themes for t in tree.subtree(tid)}
    sources = {s.id: s for s in store.sources()}
    text = panel.filter.text().strip().casefold()
    far = 1 << 30

    def position(h):
        return (sources[h.source_id].position, h.source_id, h.start, h.end, h.id)

    keys = {
        INCLUDED: lambda h: (int(h.included), *position(h)),
        QUOTE: lambda h: (h.quote.casefold(), h.id),
        THEMES: lambda h: (min((rank[t] for t in h.theme_ids), default=far), *position(h)),
        SOURCE: lambda h: (sources[h.source_id].title.casefold(), h.start, h.id),
        POSITION: position,
        NOTE: lambda h: (h.note.casefold(), h.id),
        CREATED: lambda h: (h.created, h.id),
    }
    shown = [
        h
        for h in store.highlights()
        if not h.orphan
        and (not wanted or wanted & set(h.theme_ids))
        and (not text or text in h.quote.casefold() or text in h.note.casefold())
    ]
    descending = panel.model.sortOrder() == QtCore.Qt.SortOrder.DescendingOrder
    key = keys[panel.model.sortColumn()]
    return [h.id for h in sorted(shown, key=key, reverse=descending)]


def test_rows_follow_edits_and_keep_the_selection(win, project, qtbot, monkeypatch):
    """The table reads its rows in pages and follows the store row by row: after any
    edit, order or filter, every row it shows (read through Qt's model API, in pages
    of 3 with at most 7 rows held) is what sorting and filtering everything again gives."""
    import random

    from briefing.ui import commands, held_rows
    from briefing.ui.highlights_model import SOURCE

    monkeypatch.setattr(held_rows, "PAGE", 3)
    monkeypatch.setattr(held_rows, "WINDOW", 7)
    monkeypatch.setattr(held_rows, "MARK_EVERY", 2)
    panel, store = win.panels["highlights"], project.store
    model = panel.model
    model._marks_timer.setInterval(0)  # the marks are noted at idle: between the steps
    rng = random.Random(7)
    themes = list(project.themes.values())
    texts = {
        project.sources[0]: store.source_text(project.sources[0]),
        project.sources[1]: store.source_text(project.sources[1]),
    }

    def expected() -> list[int]:
        return expected_order(store, panel)

    for step in range(120):
        op = rng.random()
        hs = store.highlights()
        if op < 0.25:
            sid = rng.choice(project.sources)
            start = rng.randrange(len(texts[sid]) - 10)
            win.push(
                commands.AddHighlight(
                    store,
                    sid,
                    start,
                    start + rng.randint(2, 9),
                    rng.sample(themes, rng.randint(0, 2)),
                )
            )
        elif op < 0.35 and len(hs) > 2:
            win.push(commands.DeleteHighlights(store, [rng.choice(hs).id]))
        elif op < 0.5 and hs:
            h = rng.choice(hs)
            win.push(commands.EditNote(store, h.id, rng.choice(["", "b", "a fox", "z"]), step))
        elif op < 0.6 and hs:
            h = rng.choice(hs)
            win.push(commands.EditHighlight(store, h.id, "included", not h.included))
        elif op < 0.7:
            panel.table.sortByColumn(
                rng.choice([INCLUDED, QUOTE, THEMES, SOURCE, POSITION, NOTE, CREATED]),
                rng.choice(list(QtCore.Qt.SortOrder)),
            )
        elif op < 0.78:
            panel.filter.setText(rng.choice(["", "", "fox", "influence", "b"]))
        elif op < 0.84:
            win.selection.set_themes(rng.sample(themes, rng.randint(0, 1)))
        elif op < 0.9 and win.undo_stack.canUndo():
            win.undo_stack.undo()
        else:
            store.move_theme(rng.choice(themes), None, rng.randint(0, 2))
        if rng.random() < 0.7:
            QtWidgets.QApplication.processEvents()  # idle: the marks are noted
        want = expected()
        assert ids_shown(panel) == want, step
        assert model.rowCount() == len(want), step
        assert [model.index(r, QUOTE).data(ID_ROLE) for r in range(len(want))] == want, step
        rows = list(range(len(want)))
        rng.shuffle(rows)
        for r in rows:
            assert model.row_of(want[r]) == r, (step, r)
        for r in rows[: rng.randint(0, len(rows))]:  # scroll about: the held rows move
            assert model.index(r, QUOTE).data(ID_ROLE) == want[r], (step, r)

    # a new order or filter keeps the selected row selected
    panel.filter.clear()
    win.selection.set_themes(())
    hid = ids_shown(panel)[-1]
    select_row_of(panel, hid)
    panel.table.sortByColumn(CREATED, QtCore.Qt.SortOrder.DescendingOrder)
    assert panel._selected_ids() == [hid]
    panel.filter.setText(model.highlight(hid).quote[:4])
    assert panel._selected_ids() == [hid]
    assert win.selection.highlight_ids == (hid,)


def test_note_label_follows_a_filter_that_hides_the_highlight(win, project):
    panel, store = win.panels["highlights"], project.store
    h1 = project.highlights[0]
    select_row_of(panel, h1)
    quote = store.highlight(h1).quote
    assert quote[:10] in panel.note.label.text()
    panel.filter.setText("no highlight says this")
    QtWidgets.QApplication.processEvents()
    assert quote[:10] not in panel.note.label.text()
    assert panel.note.highlight_id is None


@pytest.mark.parametrize(
    ("column", "order"),
    [
        (POSITION, QtCore.Qt.SortOrder.AscendingOrder),
        (THEMES, QtCore.Qt.SortOrder.AscendingOrder),
        (CREATED, QtCore.Qt.SortOrder.DescendingOrder),
        (NOTE, QtCore.Qt.SortOrder.AscendingOrder),
        (INCLUDED, QtCore.Qt.SortOrder.DescendingOrder),
    ],
)
def test_edits_insert_remove_and_move_single_rows(win, project, monkeypatch, column, order):
    """Adding, deleting, retagging, re-spanning and undoing move single rows (never a
    reset of the table), in pages of 2 with at most 3 rows held and a mark every 2
    rows, in every order."""
    import random

    from briefing.ui import commands, held_rows

    monkeypatch.setattr(held_rows, "PAGE", 2)
    monkeypatch.setattr(held_rows, "WINDOW", 3)
    monkeypatch.setattr(held_rows, "MARK_EVERY", 2)
    panel, store = win.panels["highlights"], project.store
    model = panel.model
    model._marks_timer.setInterval(0)  # the marks are noted at idle: between the steps
    panel.table.sortByColumn(column, order)
    [model.index(r, QUOTE).data() for r in range(model.rowCount())]  # the view paints
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    rng = random.Random(column)
    themes = list(project.themes.values())
    texts = {sid: store.source_text(sid) for sid in project.sources}
    for step in range(150):
        op = rng.random()
        hs = store.highlights()
        if op < 0.3 or len(hs) < 3:
            sid = rng.choice(project.sources)
            start = rng.randrange(len(texts[sid]) - 10)
            tags = rng.sample(themes, rng.randint(0, 2))
            win.push(commands.AddHighlight(store, sid, start, start + rng.randint(2, 9), tags))
        elif op < 0.4:
            win.push(commands.DeleteHighlights(store, [rng.choice(hs).id]))
        elif op < 0.5:
            h = rng.choice(hs)
            win.push(commands.EditNote(store, h.id, rng.choice(["", "b", "a fox", "z"]), step))
        elif op < 0.6:
            h = rng.choice(hs)
            win.push(commands.EditHighlight(store, h.id, "included", not h.included))
        elif op < 0.7:
            store.set_highlight_themes(rng.choice(hs).id, rng.sample(themes, rng.randint(0, 2)))
        elif op < 0.8:
            h = rng.choice(hs)
            start = rng.randrange(len(texts[h.source_id]) - 10)
            store.set_highlight_span(h.id, start, start + rng.randint(2, 9))
        elif win.undo_stack.canUndo():
            win.undo_stack.undo()
        if rng.random() < 0.7:
            QtWidgets.QApplication.processEvents()  # idle: the marks are noted
        want = expected_order(store, panel)
        assert model.rowCount() == len(want), step
        shuffled = list(range(len(want)))
        rng.shuffle(shuffled)
        assert [model.index(r, QUOTE).data(ID_ROLE) for r in range(len(want))] == want, step
        for r in shuffled[: rng.randint(1, len(want))]:  # scroll about
            assert model.index(r, QUOTE).data(ID_ROLE) == want[r], (step, r)
            assert model.row_of(want[rng.randrange(len(want))]) is not None
    assert resets == []


def test_a_long_list_filters_by_text_once_typing_pauses(win, project, qtbot, monkeypatch):
    from briefing.ui import highlights_panel

    monkeypatch.setattr(highlights_panel, "FILTER_AT_ONCE", 0)  # every list is long
    panel = win.panels["highlights"]
    qtbot.keyClicks(panel.filter, "withdrawal")
    assert panel.proxy.rowCount() == 3  # not at each key
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1, timeout=3000)
    assert ids_shown(panel) == [project.highlights[0]]


def test_selecting_several_rows_picks_them_in_row_order(win, project, qtbot):
    panel, store = win.panels["highlights"], project.store
    panel.table.sortByColumn(CREATED, QtCore.Qt.SortOrder.DescendingOrder)
    shown = ids_shown(panel)
    table = panel.table
    table.setFocus()
    for r in (2, 0):  # ctrl-click the last row, then the first
        rect = table.visualRect(panel.model.index(r, QUOTE))
        qtbot.mouseClick(
            table.viewport(),
            QtCore.Qt.MouseButton.LeftButton,
            QtCore.Qt.KeyboardModifier.ControlModifier,
            rect.center(),
        )
    assert win.selection.highlight_ids == (shown[0], shown[2])
    assert panel.note.highlight_id is None  # a note is edited one highlight at a time
    panel.delete_selected()
    assert [h.id for h in store.highlights()] == [shown[1]]
    assert ids_shown(panel) == [shown[1]]
    win.undo_stack.undo()
    assert ids_shown(panel) == shown
