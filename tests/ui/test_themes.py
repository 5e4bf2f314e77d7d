"""The Themes panel: codebook tree edits, all undoable, driven through the real window."""

from __future__ import annotations

import pytest
from panel_helpers import snapshot
from PySide6 import QtCore, QtGui, QtWidgets

from briefing.model import codebook_order, theme_keys
from briefing.ui import prompts
from briefing.ui.codebook_view import COUNT, KEY, NAME

pytestmark = pytest.mark.ui


def tree_rows(panel) -> list[tuple[str, str, str, int]]:
    """(name, key, count, depth) of every row, top to bottom."""
    out = []
    model = panel.model

    def walk(parent, depth):
        for r in range(model.rowCount(parent)):
            i = model.index(r, NAME, parent)
            out.append(
                (i.data(), i.siblingAtColumn(KEY).data(), i.siblingAtColumn(COUNT).data(), depth)
            )
            walk(i, depth + 1)

    walk(QtCore.QModelIndex(), 0)
    return out


def test_tree_shows_colour_key_and_count(win, project):
    panel = win.panels["themes"]
    assert tree_rows(panel) == [
        ("Security", "1", "2", 0),
        ("Foreign influence", "2", "2", 0),
        ("Economy", "3", "0", 0),
    ]
    index = panel.index_of(project.themes["Security"])
    icon = index.data(QtCore.Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QtGui.QIcon) and not icon.isNull()
    color = icon.pixmap(12, 12).toImage().pixelColor(6, 6)
    assert color.name().upper() == "#0072B2"


def test_merge_then_undo_redo_restores_exactly(win, project, monkeypatch):
    store, panel = project.store, win.panels["themes"]
    before = snapshot(store)
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    panel.merge_theme(project.themes["Foreign influence"], project.themes["Security"])
    assert "2 highlights" in asked[0]
    assert [t.name for t in store.themes()] == ["Security", "Economy"]
    assert store.theme_counts()[project.themes["Security"]] == 3
    assert [r[0] for r in tree_rows(panel)] == ["Security", "Economy"]
    assert win.undo_stack.undoText() == "Merge Foreign influence into Security"

    win.undo_stack.undo()
    assert snapshot(store) == before
    assert tree_rows(panel)[1] == ("Foreign influence", "2", "2", 0)
    win.undo_stack.redo()
    assert store.theme_counts() == {project.themes["Security"]: 3}
    win.undo_stack.undo()
    assert snapshot(store) == before


def test_delete_tells_count_and_undo_restores(win, project, monkeypatch):
    store, panel = project.store, win.panels["themes"]
    before = snapshot(store)
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    panel.delete_theme(project.themes["Security"])
    assert "2 highlights will lose this theme" in asked[0]
    assert store.theme_by_name("Security") is None
    assert len(store.highlights()) == 3  # highlights stay
    assert [r[:2] for r in tree_rows(panel)] == [("Foreign influence", "2"), ("Economy", "3")]
    win.undo_stack.undo()
    assert snapshot(store) == before
    assert tree_rows(panel)[0] == ("Security", "1", "2", 0)


def test_delete_cancelled_changes_nothing(win, project, monkeypatch):
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: False)
    before = snapshot(project.store)
    win.panels["themes"].delete_theme(project.themes["Economy"])
    assert snapshot(project.store) == before
    assert win.undo_stack.count() == 0


def test_add_rename_recolour_describe_undoable(win, project, monkeypatch):
    store, panel = project.store, win.panels["themes"]
    answers = iter(["Governance", "Governance and law", "What the state does"])
    monkeypatch.setattr(prompts, "ask_text", lambda *a, **k: next(answers))
    tid = panel.add_theme()
    assert store.theme(tid).name == "Governance"
    assert store.theme(tid).color not in {t.color for t in store.themes() if t.id != tid}
    panel.rename_theme(tid)
    panel.describe_theme(tid)
    monkeypatch.setattr(prompts, "pick_color", lambda parent, initial: "#cc79a7")
    panel.recolor_theme(tid)
    t = store.theme(tid)
    assert (t.name, t.description, t.color) == (
        "Governance and law",
        "What the state does",
        "#cc79a7",
    )
    assert "Governance and law" in [r[0] for r in tree_rows(panel)]
    win.undo_stack.undo()
    assert store.theme(tid).color != "#cc79a7"
    win.undo_stack.undo()
    assert store.theme(tid).description == ""
    win.undo_stack.undo()
    assert store.theme(tid).name == "Governance"
    win.undo_stack.undo()
    with pytest.raises(KeyError):
        store.theme(tid)
    assert len(tree_rows(panel)) == 3


def test_palette_swatch_from_menu(win, project):
    panel = win.panels["themes"]
    tid = project.themes["Economy"]
    panel.tree.setCurrentIndex(panel.index_of(tid))
    menu = QtWidgets.QMenu()
    panel._fill_menu(menu)
    colours = next(a.menu() for a in menu.actions() if a.text() == "Colour")
    swatches = [a for a in colours.actions() if a.text() and a.text() != "Other colour…"]
    assert len(swatches) == 8
    next(a for a in swatches if a.text() == "Reddish purple").trigger()
    assert project.store.theme(tid).color == "#CC79A7"
    win.undo_stack.undo()
    assert project.store.theme(tid).color == "#009E73"


def test_reorder_by_drag_and_drop_is_undoable(win, project, qtbot):
    # Qt routes a synthetic drop through the item view only when a real QDrag is
    # running, so the drop event is handed to the view's handler directly.
    store, panel = project.store, win.panels["themes"]
    tree = panel.tree
    economy = panel.index_of(project.themes["Economy"])
    security = panel.index_of(project.themes["Security"])
    tree.setCurrentIndex(economy)
    tree.selectionModel().select(
        economy,
        QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QtCore.QItemSelectionModel.SelectionFlag.Rows,
    )
    mime = panel.model.mimeData([economy])
    rect = tree.visualRect(security)
    point = QtCore.QPointF(rect.center().x(), rect.top() + 1)  # just above "Security"
    actions = QtCore.Qt.DropAction.MoveAction
    buttons, mods = QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier
    tree.dropEvent(QtGui.QDropEvent(point, actions, mime, buttons, mods))
    qtbot.waitUntil(lambda: win.undo_stack.count() == 1)
    order = [t.name for t in codebook_order(store.themes())]
    assert order == ["Economy", "Security", "Foreign influence"]
    assert [r[:2] for r in tree_rows(panel)] == [  # keys stay with their themes
        ("Economy", "3"),
        ("Security", "1"),
        ("Foreign influence", "2"),
    ]
    assert panel.selected_theme_ids() == [project.themes["Economy"]]  # the moved theme
    win.undo_stack.undo()
    assert [t.name for t in codebook_order(store.themes())] == [
        "Security",
        "Foreign influence",
        "Economy",
    ]


def test_drop_onto_theme_nests_it(win, project, qtbot):
    store, panel = project.store, win.panels["themes"]
    tree = panel.tree
    economy = panel.index_of(project.themes["Economy"])
    security = panel.index_of(project.themes["Security"])
    tree.selectionModel().select(
        economy,
        QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QtCore.QItemSelectionModel.SelectionFlag.Rows,
    )
    mime = panel.model.mimeData([economy])
    point = QtCore.QPointF(tree.visualRect(security).center())
    args = (
        QtCore.Qt.DropAction.MoveAction,
        mime,
        QtCore.Qt.MouseButton.LeftButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    tree.dropEvent(QtGui.QDropEvent(point, *args))
    qtbot.waitUntil(lambda: win.undo_stack.count() == 1)
    assert store.theme(project.themes["Economy"]).parent_id == project.themes["Security"]
    assert [(r[0], r[3]) for r in tree_rows(panel)] == [
        ("Security", 0),
        ("Economy", 1),
        ("Foreign influence", 0),
    ]
    win.undo_stack.undo()
    assert store.theme(project.themes["Economy"]).parent_id is None


def test_move_under_menu_keeps_every_themes_key(win, project):
    store, panel = project.store, win.panels["themes"]
    fi, sec = project.themes["Foreign influence"], project.themes["Security"]
    panel.tree.setCurrentIndex(panel.index_of(fi))
    menu = QtWidgets.QMenu()
    panel._fill_menu(menu)
    under = next(a.menu() for a in menu.actions() if a.text() == "Move under")
    next(a for a in under.actions() if a.text() == "Economy").trigger()
    assert store.theme(fi).parent_id == project.themes["Economy"]
    keys = theme_keys(store.themes())
    assert keys == {sec: 1, fi: 2, project.themes["Economy"]: 3}
    assert [(r[0], r[1], r[3]) for r in tree_rows(panel)] == [
        ("Security", "1", 0),
        ("Economy", "3", 0),
        ("Foreign influence", "2", 1),
    ]
    assert win.action("tag.2").text() == "Foreign influence"
    win.undo_stack.undo()
    assert store.theme(fi).parent_id is None
    assert [r[0] for r in tree_rows(panel)] == ["Security", "Foreign influence", "Economy"]


def test_selecting_themes_filters_highlights(win, project):
    panel = win.panels["themes"]
    highlights = win.panels["highlights"]
    assert highlights.proxy.rowCount() == 3
    panel.tree.selectionModel().select(
        panel.index_of(project.themes["Foreign influence"]),
        QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QtCore.QItemSelectionModel.SelectionFlag.Rows,
    )
    assert win.selection.theme_ids == (project.themes["Foreign influence"],)
    assert highlights.proxy.rowCount() == 2
    win.selection.set_themes(())
    assert panel.selected_theme_ids() == []
    assert highlights.proxy.rowCount() == 3


def test_clicking_a_theme_tags_the_reader_selection(win, project, qtbot):
    store, panel = project.store, win.panels["themes"]
    win.selection.set_source(project.sources[0])
    text = store.source_text(project.sources[0])
    start = text.index("lazy dog")
    win.reader.select_span(start, start + len("lazy dog"))
    before = len(store.highlights())
    rect = panel.tree.visualRect(panel.index_of(project.themes["Economy"]))
    qtbot.mouseClick(panel.tree.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(store.highlights()) == before + 1
    new = [h for h in store.highlights() if h.quote == "lazy dog"]
    assert new and new[0].theme_ids == (project.themes["Economy"],)
    assert panel.tree.model().index(2, COUNT).data() == "1"
    win.undo_stack.undo()
    assert len(store.highlights()) == before


def test_starter_codebook_added_in_one_step(win, project):
    pytest.importorskip("briefing.codebook")
    store, panel = project.store, win.panels["themes"]
    n = len(store.themes())
    panel.add_codebook("pmesii")
    assert len(store.themes()) > n
    assert win.undo_stack.count() == 1
    win.undo_stack.undo()
    assert len(store.themes()) == n
    assert len(tree_rows(panel)) == n


def test_the_count_column_widens_when_a_count_gains_digits(win, project):
    panel = win.panels["themes"]
    head = panel.tree.header()
    security = project.themes["Security"]
    narrow = head.sectionSize(COUNT)
    counts = {**panel.counts.counts, security: 1234567}
    panel.count_cells.show(counts)
    assert panel.count_cells.items[security].text() == "1234567"
    assert head.sectionSize(COUNT) > narrow
    digits = panel.tree.fontMetrics().horizontalAdvance("1234567")
    assert head.sectionSize(COUNT) >= digits  # the whole number fits
