"""What the Highlights table paints: texts cut to their column, every role of a cell
answered at once, scroll bars repainted only when they change."""

from __future__ import annotations

import pytest
from panel_helpers import ALPHA
from PySide6 import QtCore, QtGui, QtWidgets

from briefing.ui.highlights_model import INCLUDED, NOTE, QUOTE, SOURCE, THEMES
from briefing.ui.quiet_scroll_bar import QuietScrollBar, quiet_scroll_bars

pytestmark = pytest.mark.ui

ACCESSIBLE = QtCore.Qt.ItemDataRole.AccessibleTextRole
DISPLAY = QtCore.Qt.ItemDataRole.DisplayRole
CHECK = QtCore.Qt.ItemDataRole.CheckStateRole


def test_a_long_quote_is_cut_to_its_column_and_stays_whole_for_screen_readers(win, project):
    panel = win.panels["highlights"]
    store = project.store
    hid = store.add_highlight(project.sources[0], 0, len(ALPHA))  # the whole report
    head = panel.table.horizontalHeader()
    head.resizeSection(QUOTE, 160)
    model = panel.model
    index = model.index(model.row_of(hid), QUOTE)
    shown, whole = index.data(DISPLAY), index.data(ACCESSIBLE)
    assert whole.startswith("Baghdad, Iraq — The foreign troops left the base")
    assert shown.endswith("…") and whole.startswith(shown[:-1])
    metrics = QtGui.QFontMetrics(panel.table.font())
    assert metrics.horizontalAdvance(shown) <= 160

    head.resizeSection(QUOTE, 2000)  # wider: more of it, then all of it
    shown_wide = index.data(DISPLAY)
    assert len(shown_wide) > len(shown)
    assert shown_wide == whole
    short = model.index(model.row_of(project.highlights[1]), QUOTE)
    assert short.data(DISPLAY) == "Foreign influence remains strong"


def test_a_long_source_title_is_cut_too(win, project):
    panel = win.panels["highlights"]
    title = "A very long source title " * 6
    project.store.update_source(project.sources[1], title=title)
    panel.table.horizontalHeader().resizeSection(SOURCE, 90)
    model = panel.model
    index = model.index(model.row_of(project.highlights[2]), SOURCE)
    assert index.data(DISPLAY).endswith("…")
    assert index.data(ACCESSIBLE).startswith("A very long source title")


def test_every_role_of_a_cell_is_answered_at_once_and_absent_ones_are_cleared(win, project):
    """Qt's delegate asks for every role of a cell in one call, with one span of roles it
    reuses from cell to cell: a role a cell does not have must come back empty, not with
    the cell painted before (check boxes and dots drawn in every column)."""
    table = win.panels["highlights"].table
    model = table.model()
    delegate = table.itemDelegate()
    row = model.row_of(project.highlights[1])
    check = QtWidgets.QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    decoration = QtWidgets.QStyleOptionViewItem.ViewItemFeature.HasDecoration
    cells = {}
    for column in (INCLUDED, THEMES, QUOTE, INCLUDED, QUOTE):
        option = QtWidgets.QStyleOptionViewItem()
        delegate.initStyleOption(option, model.index(row, column))
        cells[column] = (
            option.text,
            bool(option.features & check),
            bool(option.features & decoration),
        )
    assert cells[INCLUDED] == ("", True, False)
    assert cells[THEMES] == ("Security, Foreign influence", False, True)
    assert cells[QUOTE] == ("Foreign influence remains strong", False, False)


class Counting(QuietScrollBar):
    def __init__(self, *args):
        super().__init__(*args)
        self.paints = 0

    def paintEvent(self, event):
        self.paints += 1
        super().paintEvent(event)


def test_a_scroll_bar_repaints_when_its_handle_moves_not_when_its_range_grows(qtbot):
    view = QtWidgets.QListWidget()
    qtbot.addWidget(view)
    quiet_scroll_bars(view)
    bar = Counting(QtCore.Qt.Orientation.Vertical, view)
    view.setVerticalScrollBar(bar)
    view.addItems([f"row {i}" for i in range(5000)])
    view.resize(200, 300)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    before = bar.paints
    view.addItem("one more")  # the range grows by one: the handle stays put
    qtbot.wait(20)
    assert bar.paints == before
    bar.setValue(2500)  # the handle moves
    qtbot.wait(20)
    assert bar.paints > before


def test_quiet_scroll_bars_still_show_and_hide_as_rows_come_and_go(qtbot):
    view = QtWidgets.QListWidget()
    qtbot.addWidget(view)
    quiet_scroll_bars(view)
    view.resize(200, 200)
    view.show()
    qtbot.waitExposed(view)
    assert not view.verticalScrollBar().isVisible()
    view.addItems([f"row {i}" for i in range(200)])
    qtbot.waitUntil(lambda: view.verticalScrollBar().isVisible())
    view.clear()
    qtbot.waitUntil(lambda: not view.verticalScrollBar().isVisible())


def test_a_changed_highlight_is_painted_anew_and_the_others_from_their_pictures(win, project):
    panel = win.panels["highlights"]
    table = panel.table
    model = panel.model
    win.selection.set_highlights([])
    table.clearSelection()
    table.setCurrentIndex(QtCore.QModelIndex())
    table.resize(800, 200)
    table.horizontalHeader().resizeSection(NOTE, 200)
    h1, h2, _ = project.highlights

    def note_cell(hid):
        r = model.row_of(hid)
        return QtCore.QRect(
            table.columnViewportPosition(NOTE),
            table.rowViewportPosition(r),
            table.columnWidth(NOTE),
            table.rowHeight(r),
        )

    def pixels(rect):
        return table.viewport().grab(rect).toImage()

    table.viewport().repaint()  # a cell painted twice the same gets a picture
    table.viewport().repaint()
    assert panel.pictures.pictured() > 0
    before_1, before_2 = pixels(note_cell(h1)), pixels(note_cell(h2))
    project.store.update_highlight(h1, note="A different note, longer than the first")
    after_1, after_2 = pixels(note_cell(h1)), pixels(note_cell(h2))
    assert after_1 != before_1  # the new note, not the old picture
    assert after_2 == before_2
    assert model.index(model.row_of(h1), NOTE).data().startswith("A different note")


class Events(QtCore.QObject):
    """Counts the paint and layout events a widget receives."""

    def __init__(self, widget):
        super().__init__(widget)
        self.paints = self.layouts = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QtCore.QEvent.Type.Paint:
            self.paints += 1
        elif event.type() == QtCore.QEvent.Type.LayoutRequest:
            self.layouts += 1
        return False


def test_picking_a_highlight_repaints_the_list_and_note_not_the_dock_or_header(win, project, qtbot):
    panel = win.panels["highlights"]
    h1, h2, _ = project.highlights
    win.selection.set_highlights([h1])
    qtbot.wait(30)
    dock = Events(win.docks["highlights"])
    header = Events(panel.table.horizontalHeader().viewport())
    rows = Events(panel.table.viewport())
    label = Events(panel.note.label)
    laid_out = Events(panel.note)
    win.selection.set_highlights([h2])
    qtbot.waitUntil(lambda: rows.paints > 0)
    qtbot.wait(30)
    assert panel.note.label.text().startswith("Note on “Foreign influence")
    assert label.paints >= 1
    assert dock.paints == 0 and header.paints == 0
    assert laid_out.layouts == 0 and dock.layouts == 0
