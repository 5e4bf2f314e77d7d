"""The source reader on a real MainWindow: tagging in one keystroke, picking, adjusting, deleting,
undo/redo, repainting in theme colours, the find bar, right-to-left text."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from ui_helpers import (
    ARABIC,
    ENGLISH,
    click_highlight,
    isolate_settings,
    make_project,
    painted_rects,
    select,
    span_of,
)

from briefing.ui import commands, settings
from briefing.ui.textpos import to_qt

pytestmark = pytest.mark.ui
Qt = QtCore.Qt


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)


def show(win, project, key):
    win.selection.set_source(project.sources[key])
    assert win.reader.source_id == project.sources[key]
    win.reader.setFocus()
    return win.reader


def tag_with_key(qtbot, reader, start, end, key=Qt.Key.Key_1):
    select(reader, start, end)
    qtbot.keyClick(reader, key)


def undo_text(win) -> str:
    return win.action("edit.undo").text()


def test_theme_key_tags_text_after_emoji(qtbot, win, project):
    reader = show(win, project, "en")
    start, end = span_of(ENGLISH, "Foreign influence grows")
    tag_with_key(qtbot, reader, start, end, Qt.Key.Key_2)
    [h] = project.store.highlights(project.sources["en"])
    assert (h.start, h.end, h.quote) == (start, end, "Foreign influence grows")
    assert h.theme_ids == (project.themes["Foreign influence"],)
    assert undo_text(win) == "Undo Tag as Foreign influence"
    assert win.selection.highlight_ids == (h.id,)  # the new highlight is picked
    assert not reader.textCursor().hasSelection()
    win.undo_stack.undo()
    assert project.store.highlights() == []
    win.undo_stack.redo()
    [again] = project.store.highlights()
    assert (again.id, again.quote, again.theme_ids) == (h.id, h.quote, h.theme_ids)


def test_theme_key_tags_arabic_paragraph(qtbot, win, project):
    reader = show(win, project, "ar")
    start, end = span_of(ARABIC, "الانسحاب الأمريكي")
    tag_with_key(qtbot, reader, start, end, Qt.Key.Key_3)
    [h] = project.store.highlights(project.sources["ar"])
    assert h.quote == "الانسحاب الأمريكي"
    assert h.theme_ids == (project.themes["Reform"],)
    mixed = span_of(ARABIC, "UNAMI ستنتهي")
    tag_with_key(qtbot, reader, *mixed, Qt.Key.Key_1)
    assert project.store.highlight(win.selection.highlight_ids[0]).quote == "UNAMI ستنتهي"


def test_selection_with_emoji_inside(qtbot, win, project):
    reader = show(win, project, "en")
    start, end = span_of(ENGLISH, "😀 then the troops")
    tag_with_key(qtbot, reader, start, end)
    [h] = project.store.highlights()
    assert h.quote == "😀 then the troops"
    # the reader paints it from Qt positions that account for the emoji's two units
    mark = reader.index.marks[h.id]
    assert (mark.start, mark.end) == (to_qt(ENGLISH, start), to_qt(ENGLISH, end))


def test_toggle_untag_and_undo_on_picked_highlight(qtbot, win, project):
    store, t = project.store, project.themes
    reader = show(win, project, "en")
    hid = store.add_highlight(
        project.sources["en"], *span_of(ENGLISH, "the troops left"), theme_ids=[t["Security"]]
    )
    click_highlight(qtbot, reader, hid)
    assert win.selection.highlight_ids == (hid,)
    qtbot.keyClick(reader, Qt.Key.Key_2)
    assert store.highlight(hid).theme_ids == (t["Security"], t["Foreign influence"])
    assert undo_text(win) == "Undo Tag as Foreign influence"
    qtbot.keyClick(reader, Qt.Key.Key_1)
    assert store.highlight(hid).theme_ids == (t["Foreign influence"],)
    assert undo_text(win) == "Undo Remove tag Security"
    qtbot.keyClick(reader, Qt.Key.Key_2)  # the last theme off: untagged, not deleted
    assert store.highlight(hid).theme_ids == ()
    assert len(store.highlights()) == 1
    win.undo_stack.undo()
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert store.highlight(hid).theme_ids == (t["Security"],)
    win.undo_stack.redo()
    assert store.highlight(hid).theme_ids == (t["Security"], t["Foreign influence"])


def test_shift_right_and_ctrl_shift_left_adjust_span(qtbot, win, project):
    store = project.store
    reader = show(win, project, "en")
    hid = store.add_highlight(
        project.sources["en"],
        *span_of(ENGLISH, "troops left"),
        theme_ids=[project.themes["Security"]],
    )
    click_highlight(qtbot, reader, hid)
    qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert store.highlight(hid).quote == "troops left the"
    qtbot.keyClick(
        reader,
        Qt.Key.Key_Left,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert store.highlight(hid).quote == "the troops left the"
    qtbot.keyClick(reader, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert store.highlight(hid).quote == "the troops left"
    assert undo_text(win) == "Undo Adjust highlight"
    win.undo_stack.undo()  # adjustments of one highlight merge into one step
    assert store.highlight(hid).quote == "troops left"
    win.undo_stack.redo()
    assert store.highlight(hid).quote == "the troops left"


def test_shift_right_by_character_when_snapping_is_off(qtbot, win, project):
    win.action("highlight.snap_words").setChecked(False)
    assert settings.get("reader/snap_words") is False
    store = project.store
    reader = show(win, project, "en")
    hid = store.add_highlight(project.sources["en"], *span_of(ENGLISH, "troops"))
    click_highlight(qtbot, reader, hid)
    qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert store.highlight(hid).quote == "troops "


def test_shift_right_extends_a_text_selection_when_nothing_is_picked(qtbot, win, project):
    reader = show(win, project, "en")
    select(reader, *span_of(ENGLISH, "troops"))
    qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert reader.textCursor().selectedText() == "troops "
    assert project.store.highlights() == []


def test_delete_key_and_undo(qtbot, win, project):
    store = project.store
    reader = show(win, project, "en")
    hid = store.add_highlight(
        project.sources["en"],
        *span_of(ENGLISH, "reform"),
        theme_ids=[project.themes["Reform"]],
        note="keep",
    )
    click_highlight(qtbot, reader, hid)
    qtbot.keyClick(reader, Qt.Key.Key_Delete)
    assert store.highlights() == []
    assert win.selection.highlight_ids == ()
    assert undo_text(win) == "Undo Delete highlight"
    win.undo_stack.undo()
    h = store.highlight(hid)
    assert (h.quote, h.note, h.theme_ids) == ("reform", "keep", (project.themes["Reform"],))
    win.undo_stack.redo()
    assert store.highlights() == []


def test_highlight_without_theme(qtbot, win, project):
    reader = show(win, project, "en")
    select(reader, *span_of(ENGLISH, "institutions"))
    qtbot.keyClick(reader, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    [h] = project.store.highlights()
    assert (h.quote, h.theme_ids) == ("institutions", ())
    assert undo_text(win) == "Undo Highlight without theme"
    assert painted_rects(reader, h.id)


def test_theme_key_does_nothing_while_typing_in_a_text_field(qtbot, win, project):
    reader = show(win, project, "en")
    select(reader, *span_of(ENGLISH, "troops"))
    qtbot.keyClick(reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    field = win.pane.find_bar.field
    assert field.hasFocus()
    qtbot.keyClicks(field, "1")
    assert project.store.highlights() == []
    assert field.text() == "1"


def hue_at(widget, point) -> int:
    image = widget.grab().toImage()
    dpr = image.devicePixelRatio()
    return image.pixelColor(int(point.x() * dpr), int(point.y() * dpr)).hslHue()


def test_recolouring_a_theme_repaints(qtbot, win, project):
    store = project.store
    reader = show(win, project, "en")
    hid = store.add_highlight(
        project.sources["en"],
        *span_of(ENGLISH, "Foreign influence grows"),
        theme_ids=[project.themes["Security"]],
    )
    rect = painted_rects(reader, hid)[0]
    point = QtCore.QPoint(int(rect.left() + 3), int(rect.top() + 2))  # fill, above the glyphs
    blue = hue_at(reader.viewport(), point)
    assert abs(blue - QtGui.QColor("#0072B2").hslHue()) < 12
    win.push(commands.EditTheme(store, project.themes["Security"], "color", "#D50000"))
    qtbot.waitUntil(
        lambda: (
            hue_at(reader.viewport(), point) in range(12) or hue_at(reader.viewport(), point) > 348
        )
    )
    assert win.undo_stack.undoText() == "Recolour theme Security"
    win.undo_stack.undo()
    qtbot.waitUntil(lambda: abs(hue_at(reader.viewport(), point) - blue) < 6)


def test_overlapping_highlights_get_separate_lanes(qtbot, win, project):
    store, t = project.store, project.themes
    reader = show(win, project, "en")
    sid = project.sources["en"]
    a = store.add_highlight(
        sid, *span_of(ENGLISH, "Foreign influence grows"), theme_ids=[t["Security"]]
    )
    b = store.add_highlight(
        sid, *span_of(ENGLISH, "influence grows in the region"), theme_ids=[t["Foreign influence"]]
    )
    from briefing.ui.highlight_paint import assign_lanes

    marks = reader.index.overlapping(0, 10_000)
    lanes = assign_lanes(marks)
    assert lanes[a] != lanes[b]
    assert painted_rects(reader, a) and painted_rects(reader, b)


def test_find_bar_escape_keeps_match_for_a_theme_key(qtbot, win, project):
    reader = show(win, project, "en")
    qtbot.keyClick(reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = win.pane.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "the")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    first = reader.selected_span()
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    second = reader.selected_span()
    assert first is not None and second is not None and second[1] > first[1]
    assert ENGLISH[second[1] : second[2]].lower() == "the"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert reader.selected_span() == first
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert reader.hasFocus()
    assert reader.selected_span() == first
    qtbot.keyClick(reader, Qt.Key.Key_1)
    [h] = project.store.highlights()
    assert (h.start, h.end) == first[1:]
    assert h.theme_ids == (project.themes["Security"],)


def test_find_options_and_invalid_regex(qtbot, win, project):
    reader = show(win, project, "en")
    bar = win.pane.find_bar
    win.action("edit.find").trigger()
    bar.regex.setChecked(True)
    qtbot.keyClicks(bar.field, "(unclosed")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.field.property("invalid") is True
    assert "Invalid regular expression" in bar.status.text()
    bar.field.setText(r"infl\w+")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.field.property("invalid") is False
    assert reader.textCursor().selectedText() == "influence"
    bar.regex.setChecked(False)
    bar.match_case.setChecked(True)
    bar.field.setText("foreign")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "No matches"
    bar.match_case.setChecked(False)
    bar.whole_words.setChecked(True)
    bar.field.setText("form")  # inside "reform" only: no whole word
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.status.text() == "No matches"


def test_right_to_left_paragraph_is_right_aligned(qtbot, win, project):
    reader = show(win, project, "ar")
    reader.viewport().repaint()
    width = reader.viewport().width()
    arabic = reader.document().firstBlock()
    assert reader.cursorRect(QtGui.QTextCursor(arabic)).x() > width - 40  # starts at the right
    mixed = arabic.next().next()  # "The mission ends; قال…"
    assert reader.cursorRect(QtGui.QTextCursor(mixed)).x() < 40  # a Latin paragraph: left
    # a click on the right end of the Arabic line lands at its first character
    rect = reader.cursorRect(QtGui.QTextCursor(arabic))
    hit = reader.cursorForPosition(QtCore.QPoint(rect.x() - 2, rect.center().y()))
    assert hit.position() <= 1


def test_mixed_bidi_highlight_is_drawn_per_visual_run(qtbot, win, project):
    store = project.store
    reader = show(win, project, "ar")
    quote = "بعثة UNAMI ستنتهي"
    hid = store.add_highlight(
        project.sources["ar"], *span_of(ARABIC, quote), theme_ids=[project.themes["Security"]]
    )
    rects = painted_rects(reader, hid)
    assert rects
    start, end = span_of(ARABIC, quote)
    # every character of the quote is covered, and the characters around it are not
    block = reader.document().firstBlock()
    layout = block.layout()

    def char_center(i):
        line = layout.lineForTextPosition(i)
        a, b = line.cursorToX(i)[0], line.cursorToX(i + 1)[0]
        if ARABIC[i] == " ":
            return None
        top = reader.blockBoundingGeometry(block).translated(reader.contentOffset()).top()
        return QtCore.QPointF(min(a, b) + abs(b - a) / 2, top + line.y() + line.height() / 2)

    for i in range(start, end):
        p = char_center(i)
        if p is not None and ARABIC[i].isalpha():
            assert any(r.contains(p) for r in rects), ARABIC[i]
    for i in (start - 2, end + 1):
        p = char_center(i)
        assert p is None or not any(r.contains(p) for r in rects), ARABIC[i]


def test_hover_tooltip_shows_themes_and_note(qtbot, win, project):
    store = project.store
    reader = show(win, project, "en")
    hid = store.add_highlight(
        project.sources["en"],
        *span_of(ENGLISH, "reform"),
        theme_ids=[project.themes["Reform"]],
        note="Watch **this** closely",
    )
    rect = painted_rects(reader, hid)[0]
    marks = reader.marks_at(rect.center())
    tip = reader.input.tooltip(marks)
    assert "Reform" in tip and "Watch **this** closely" in tip


def test_zoom_keys_change_the_font_and_are_remembered(qtbot, win, project):
    reader = show(win, project, "en")
    size = reader.font().pointSizeF()
    qtbot.keyClick(reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert reader.font().pointSizeF() == size + 1
    assert settings.get("reader/zoom") == 1
    qtbot.keyClick(reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert reader.font().pointSizeF() == size - 1


def test_dragging_the_end_handle_adjusts_the_span(qtbot, win, project):
    store = project.store
    reader = show(win, project, "en")
    hid = store.add_highlight(
        project.sources["en"], *span_of(ENGLISH, "troops"), theme_ids=[project.themes["Security"]]
    )
    click_highlight(qtbot, reader, hid)
    reader.viewport().repaint()
    assert reader.handles is not None
    end_handle = reader.handles[1].center().toPoint()
    target_rect = reader.cursorRect(reader.document().find("base"))
    target = QtCore.QPoint(target_rect.right() - 1, end_handle.y())
    vp = reader.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=end_handle)
    move = QtGui.QMouseEvent(
        QtCore.QEvent.Type.MouseMove,
        QtCore.QPointF(target),
        QtCore.QPointF(vp.mapToGlobal(target)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QtWidgets.QApplication.sendEvent(vp, move)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=target)
    assert store.highlight(hid).quote == "troops left the base"


def test_reveal_switches_source_and_picks(qtbot, win, project):
    store = project.store
    show(win, project, "en")
    hid = store.add_highlight(project.sources["ar"], *span_of(ARABIC, "الفصائل المسلحة"))
    win.selection.reveal(hid)
    assert win.selection.source_id == project.sources["ar"]
    assert win.reader.source_id == project.sources["ar"]
    assert win.selection.highlight_ids == (hid,)


def test_tag_as_picker_can_create_a_theme_in_one_undo_step(qtbot, win, project, monkeypatch):
    from briefing.ui import prompts

    reader = show(win, project, "en")
    select(reader, *span_of(ENGLISH, "fragile transition"))
    monkeypatch.setattr(prompts, "pick_theme", lambda parent, store, title="": (None, "Fragility"))
    win.action("highlight.tag_as").trigger()
    [h] = project.store.highlights()
    theme = project.store.theme_by_name("Fragility")
    assert theme is not None and h.theme_ids == (theme.id,)
    assert undo_text(win) == "Undo Tag as Fragility"
    win.undo_stack.undo()
    assert project.store.highlights() == [] and project.store.theme_by_name("Fragility") is None
    win.undo_stack.redo()
    assert project.store.highlight(h.id).theme_ids == (theme.id,)


def test_theme_picker_filters_and_offers_a_new_theme(qtbot, project):
    from briefing.ui.theme_picker import ThemePicker

    picker = ThemePicker(None, project.store)
    qtbot.addWidget(picker)
    picker.filter.setText("infl")
    assert picker.list.count() == 2  # "Foreign influence" and "Create theme “infl”"
    assert picker.result_value() == (project.themes["Foreign influence"], None)
    picker.filter.setText("security")
    assert picker.list.count() == 1  # an exact name: nothing to create
    picker.filter.setText("Militias")
    assert picker.result_value() == (None, "Militias")


def test_context_menu_offers_tagging_and_the_highlights_themes(qtbot, win, project):
    reader = show(win, project, "en")
    hid = project.store.add_highlight(
        project.sources["en"], *span_of(ENGLISH, "reform"), theme_ids=[project.themes["Reform"]]
    )
    menu = QtWidgets.QMenu()
    win.tagging.fill_context_menu(menu, reader.index.marks[hid])
    texts = [a.text() for a in menu.actions()]
    assert (
        "&Tag as…" in texts and "&Highlight Without Theme" in texts and "&Delete Highlight" in texts
    )
    themes_menu = next(a.menu() for a in menu.actions() if a.menu())
    checked = {a.text(): a.isChecked() for a in themes_menu.actions()}
    assert checked == {"Security": False, "Foreign influence": False, "Reform": True}
    next(a for a in themes_menu.actions() if a.text() == "Security").trigger()
    assert project.store.highlight(hid).theme_ids == (
        project.themes["Security"],
        project.themes["Reform"],
    )
    menu.deleteLater()


def test_legend_lists_themes_with_keys_and_tags(qtbot, win, project):
    reader = show(win, project, "en")
    legend = win.pane.legend
    legend.rebuild()
    entries = [a for a in legend.actions() if a.isEnabled() and not a.isSeparator()]
    assert [a.text().split("  (")[0] for a in entries[:3]] == [
        "Security",
        "Foreign influence",
        "Reform",
    ]
    assert entries[0].shortcut().toString() == "1"
    select(reader, *span_of(ENGLISH, "institutions"))
    entries[2].trigger()
    [h] = project.store.highlights()
    assert (h.quote, h.theme_ids) == ("institutions", (project.themes["Reform"],))


def test_escape_unpicks_and_next_highlight_navigates(qtbot, win, project):
    store = project.store
    reader = show(win, project, "en")
    sid = project.sources["en"]
    a = store.add_highlight(sid, *span_of(ENGLISH, "troops"))
    b = store.add_highlight(sid, *span_of(ENGLISH, "reform"))
    cursor = reader.textCursor()
    cursor.setPosition(0)
    reader.setTextCursor(cursor)
    win.action("highlight.next").trigger()
    assert win.selection.highlight_ids == (a,)
    win.action("highlight.next").trigger()
    assert win.selection.highlight_ids == (b,)
    win.action("highlight.previous").trigger()
    assert win.selection.highlight_ids == (a,)
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_Escape)
    assert win.selection.highlight_ids == ()


def test_theme_keys_act_in_the_highlights_list(qtbot, win, project):
    panel = win.panels.get("highlights")
    if panel is None:
        pytest.skip("no highlights panel yet")
    store = project.store
    hid = store.add_highlight(
        project.sources["en"], *span_of(ENGLISH, "troops"), theme_ids=[project.themes["Security"]]
    )
    win.selection.set_highlights([hid])
    views = [v for v in panel.findChildren(QtWidgets.QAbstractItemView) if v.isVisible()]
    target = getattr(panel, "table", None) or views[0]
    target.setFocus()
    qtbot.waitUntil(target.hasFocus)
    win.selection.set_highlights([hid])
    qtbot.keyClick(target, Qt.Key.Key_3)
    assert store.highlight(hid).theme_ids == (project.themes["Security"], project.themes["Reform"])


def test_changes_outside_the_view_do_not_repaint(qtbot, win, project):
    store = project.store
    reader = show(win, project, "en")
    long_text = "\n\n".join(f"Paragraph {i} about the transition." for i in range(400))
    sid = store.add_source("Long", long_text)
    win.selection.set_source(sid)
    for _ in range(5):  # the header and the column settle
        qtbot.wait(40)
    reader.viewport().repaint()
    win.bridge.detach()  # only the reader hears of it (panels may resize docks)
    from briefing.events import Change

    before = reader.paint_count
    start = long_text.index("Paragraph 390")
    far = store.add_highlight(sid, start, start + 9, theme_ids=[project.themes["Security"]])
    reader._on_highlight_change(Change("highlight", "added", (far,)))
    QtWidgets.QApplication.processEvents()
    assert reader.paint_count == before and far in reader.index.marks
    near = store.add_highlight(sid, 0, 9, theme_ids=[project.themes["Security"]])
    reader._on_highlight_change(Change("highlight", "added", (near,)))
    QtWidgets.QApplication.processEvents()
    assert reader.paint_count > before


def test_theme_picker_keys_line_up_whatever_the_names(qtbot, project):
    from briefing.ui.theme_picker import KEY_ROLE, KeyDelegate, ThemePicker

    project.store.update_theme(
        project.themes["Security"], name="Security transition and the long drawdown"
    )
    picker = ThemePicker(None, project.store)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    items = [picker.list.item(r) for r in range(picker.list.count())]
    assert all("\t" not in i.text() for i in items)
    assert [i.data(KEY_ROLE) for i in items][:2] == [1, 2]
    assert isinstance(picker.list.itemDelegate(), KeyDelegate)
    image = picker.list.viewport().grab().toImage()
    assert not image.isNull()  # the delegate paints without error
