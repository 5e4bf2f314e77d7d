"""Themes panel: stable keys reassigned from the menu, rolled-up counts, a moved
theme revealed, no edits offered on a read-only project."""

from __future__ import annotations

import pytest
from PySide6 import QtWidgets
from ui_helpers import make_project as make_other_project

from briefing.ui.codebook_view import COUNT, KEY

pytestmark = pytest.mark.ui


_MENUS: list[QtWidgets.QMenu] = []  # kept alive while a test uses their submenus


def _menu(panel, theme_id) -> QtWidgets.QMenu:
    panel.tree.setCurrentIndex(panel.index_of(theme_id))
    menu = QtWidgets.QMenu()
    panel._fill_menu(menu)
    _MENUS.append(menu)
    return menu


def _submenu(menu, text) -> QtWidgets.QMenu:
    return next(a.menu() for a in menu.actions() if a.text() == text)


def _key_shown(panel, theme_id) -> str:
    return panel.index_of(theme_id).siblingAtColumn(KEY).data()


def test_assigning_a_taken_key_swaps_and_undoes_in_one_step(win, project):
    panel, store = win.panels["themes"], project.store
    sec, eco = project.themes["Security"], project.themes["Economy"]
    keys = _submenu(_menu(panel, eco), "Key")
    one = next(a for a in keys.actions() if a.text().startswith("1"))
    assert "Security" in one.text()
    one.trigger()
    assert (_key_shown(panel, eco), _key_shown(panel, sec)) == ("1", "3")
    assert win.action("tag.1").text() == "Economy"
    assert win.undo_stack.undoText() == "Assign key 1 to Economy"
    win.undo_stack.undo()
    assert (store.theme(eco).key, store.theme(sec).key) == (3, 1)
    assert win.action("tag.1").text() == "Security"
    none = next(a for a in _submenu(_menu(panel, sec), "Key").actions() if a.text() == "No key")
    none.trigger()
    assert _key_shown(panel, sec) == "" and not win.action("tag.1").isEnabled()


def test_merge_keeps_the_other_keys_and_a_new_theme_takes_the_free_one(win, project):
    panel, store = win.panels["themes"], project.store
    sec, fi, eco = (project.themes[n] for n in ("Security", "Foreign influence", "Economy"))
    panel.merge_theme(fi, sec, ask=False)
    assert _key_shown(panel, eco) == "3"
    new = panel.create_theme("Reform")
    assert _key_shown(panel, new) == "2" and win.action("tag.2").text() == "Reform"
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert {t.name: t.key for t in store.themes()}["Foreign influence"] == 2


def test_parent_counts_its_sub_themes_and_the_moved_theme_is_revealed(win, project):
    panel, store = win.panels["themes"], project.store
    sec, fi = project.themes["Security"], project.themes["Foreign influence"]
    panel.tree.collapseAll()
    under = _submenu(_menu(panel, fi), "Move under")
    next(a for a in under.actions() if a.text() == "Security").trigger()
    index = panel.index_of(fi)
    assert index.parent() == panel.index_of(sec)
    assert panel.tree.isExpanded(panel.index_of(sec))
    assert panel.selected_theme_ids() == [fi]
    tagged = {h.id for h in store.highlights() if {sec, fi} & set(h.theme_ids)}
    assert panel.index_of(sec).siblingAtColumn(COUNT).data() == str(len(tagged))
    assert panel.index_of(fi).siblingAtColumn(COUNT).data() == "2"


def test_read_only_project_offers_no_edits(win, tmp_path):
    themes, sources = win.panels["themes"], win.panels["sources"]
    assert themes.add_action.isEnabled() and sources.import_action.isEnabled()
    other = make_other_project(tmp_path, "other.brief")  # held open for writing here
    try:
        assert win.open_project(other.path)
        assert win.store.readonly
        for widget in (themes.add_action, themes.add_sub_action, themes.more_button):
            assert not widget.isEnabled()
        for action in (sources.import_action, sources.paste_action, sources.remove_action):
            assert not action.isEnabled()
    finally:
        other.store.close()
