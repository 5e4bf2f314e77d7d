"""The main window: docks, title and status, files (new, open, save as, export, read-only),
undo labels, keyboard shortcuts, drops, the error hook, screenshots, and no leaked windows."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from ui_helpers import (
    ENGLISH,
    close_window,
    isolate_settings,
    make_project,
    open_window,
    select,
    span_of,
)

from briefing.store import Store
from briefing.ui import app as app_module
from briefing.ui import prompts, settings
from briefing.ui.actions import ACTIONS, key_sequences
from briefing.ui.main_window import UNDO_ACTIONS

pytestmark = pytest.mark.ui
Qt = QtCore.Qt


@pytest.fixture
def project(tmp_path):
    isolate_settings(tmp_path)
    return make_project(tmp_path)


def test_window_title_docks_and_status(win, project, qtbot):
    assert win.windowTitle() == "t.brief — Briefing"
    assert set(win.docks) == {
        *("sources", "themes", "highlights", "search", "brief", "history", "evidence")
    }
    assert not win.docks["evidence"].isVisible()  # shown in Write
    assert all(d.objectName() == f"dock.{k}" for k, d in win.docks.items())
    assert win.workspaces.stack.currentWidget() is win.pane
    assert win.reader.source_id == project.sources["en"]
    assert "2 sources · 3 themes · 0 highlights" in win._counts.text()
    project.store.add_highlight(project.sources["en"], 0, 5)
    qtbot.waitUntil(lambda: "1 highlight ·" in win._counts.text())
    assert win.pane.header.title.text() == "English report"
    assert "Baghdad, Iraq" in win.pane.header.meta.text()


def test_every_action_has_a_shortcut_or_accelerator(win):
    for spec in ACTIONS:
        act = win.action(spec.id)
        assert act.shortcuts() or "&" in spec.text, spec.id
    assert win.action("edit.undo").shortcut() == QtGui.QKeySequence(
        QtGui.QKeySequence.StandardKey.Undo
    )
    assert QtGui.QKeySequence("Ctrl+Shift+Z") in win.action("edit.redo").shortcuts()
    assert win.action("file.quit").shortcut().toString() == "Ctrl+Q"
    for key in win.docks:
        assert win.action(f"view.panel.{key}").shortcut().toString()


def test_every_action_in_a_menu_or_with_a_shortcut_has_a_handler(win):
    handlers, toggles = win.handlers(), win.toggles()
    for spec in ACTIONS:
        if not (spec.menu or key_sequences(spec)) or spec.id in UNDO_ACTIONS:
            continue
        if spec.checkable:
            assert callable(toggles[spec.id]), spec.id
        else:
            assert callable(handlers[spec.id]), spec.id
    assert set(handlers) | set(toggles) <= {spec.id for spec in ACTIONS}


def test_theme_key_actions_follow_the_codebook(win, project):
    assert win.action("tag.1").text() == "Security"
    assert win.action("tag.3").text() == "Reform"
    assert not win.action("tag.4").isEnabled()
    project.store.update_theme(project.themes["Security"], name="Safety & order")
    assert win.action("tag.1").text() == "Safety && order"


def test_keyboard_shortcuts_dialog_lists_the_actions(qtbot, win):
    win.action("help.shortcuts").trigger()
    dialog = win.findChild(QtWidgets.QDialog, "shortcuts_dialog")
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    rows = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert table.rowCount() >= len(ACTIONS)
    assert rows["Find in Source…"].startswith("Ctrl+F")
    assert rows["Highlight Without Theme"] == "Ctrl+H"
    assert rows["Tag with “Security”"] == "1"
    assert rows["Move End Right"] == "Shift+Right"
    assert rows["Write"] == "Ctrl+2" and rows["Read"] == "Ctrl+1"
    assert not any("F14" in keys or "Undo" in keys for keys in rows.values())
    dialog.close()


def test_shortcuts_dialog_leaves_out_special_keyboard_aliases():
    from briefing.ui.shortcuts_dialog import shown_keys

    undo = [
        QtGui.QKeySequence("Ctrl+Z"),
        QtGui.QKeySequence(Qt.Key.Key_F14),
        QtGui.QKeySequence(Qt.Key.Key_Undo),
        QtGui.QKeySequence("Ctrl+Z"),
    ]
    assert shown_keys(undo) == "Ctrl+Z"
    assert shown_keys([QtGui.QKeySequence("Ctrl+PgDown"), QtGui.QKeySequence("F6")]) == (
        "Ctrl+PgDown, F6"
    )


def test_undo_label_and_history(qtbot, win, project):
    reader = win.reader
    reader.setFocus()
    select(reader, *span_of(ENGLISH, "troops"))
    qtbot.keyClick(reader, Qt.Key.Key_1)
    edit_menu = win._menus["Edit"]
    labels = [a.text() for a in edit_menu.actions()]
    assert "Undo Tag as Security" in labels
    assert win.undo_stack.count() == 1
    history = win.docks["history"].widget()
    assert isinstance(history, QtWidgets.QUndoView)
    assert history.stack() is not win.undo_stack  # behind the Search tab: it does not follow
    win.docks["history"].raise_()
    qtbot.waitUntil(lambda: history.stack() is win.undo_stack)
    assert history.model().rowCount() == 2  # "Opened project", then the edit
    win.docks["search"].raise_()
    qtbot.waitUntil(lambda: history.stack() is not win.undo_stack)


def test_readonly_store_refuses_edits_in_push(win, project, monkeypatch):
    errors = []
    monkeypatch.setattr(prompts, "error", lambda *a: errors.append(a))
    from briefing.ui.commands import AddHighlight

    bad = AddHighlight(project.store, project.sources["en"], 5, 2)  # an invalid span
    assert win.push(bad) is False
    assert (errors and "outside" in errors[0][2]) or "span" in errors[0][2]
    assert win.undo_stack.count() == 0


def test_save_as_continues_in_the_copy(qtbot, win, project, tmp_path, monkeypatch):
    copy = tmp_path / "copy.brief"
    monkeypatch.setattr(prompts, "save_file", lambda *a: copy.with_suffix(""))
    win.action("file.save_as").trigger()
    assert win.store.path == copy and copy.exists()
    assert win.windowTitle() == "copy.brief — Briefing"
    reader = win.reader
    reader.setFocus()
    select(reader, *span_of(ENGLISH, "troops"))
    qtbot.keyClick(reader, Qt.Key.Key_1)
    assert len(win.store.highlights()) == 1
    with Store.open(project.path, readonly=True) as original:
        assert original.highlights() == []
    assert settings.get("recent/files")[0] == str(copy)


def test_locked_project_opens_read_only_with_a_banner(qtbot, win, tmp_path):
    other = make_project(tmp_path, "other.brief")  # held open for writing here
    try:
        assert win.open_project(other.path)
        assert win.store.readonly
        assert win.pane.banner.isVisible()
        assert "Read-only" in win.pane.banner.label.text()
        assert "(read-only)" in win.windowTitle()
        assert not win.action("tag.1").isEnabled()
        assert not win.action("highlight.untagged").isEnabled()
        reader = win.reader
        reader.setFocus()
        select(reader, *span_of(ENGLISH, "troops"))
        qtbot.keyClick(reader, Qt.Key.Key_1)
        assert other.store.highlights() == []
    finally:
        other.store.close()


def test_open_refuses_a_file_that_is_not_a_project(win, tmp_path, monkeypatch):
    junk = tmp_path / "junk.brief"
    junk.write_text("not a project")
    errors = []
    monkeypatch.setattr(prompts, "error", lambda *a: errors.append(a))
    monkeypatch.setattr(prompts, "open_file", lambda *a: junk)
    win.action("file.open").trigger()
    assert errors and "\n" not in errors[0][2]
    assert win.store.path.name == "t.brief" and not win.store.closed


def test_new_project_with_a_starter_codebook(win, project, tmp_path, monkeypatch):
    from briefing.codebook import starter_codebooks

    starters = starter_codebooks()
    monkeypatch.setattr(prompts, "save_file", lambda *a: tmp_path / "fresh")
    monkeypatch.setattr(prompts, "choose", lambda parent, title, text, options: 0)
    old = win.store
    win.action("file.new").trigger()
    assert win.store.path == tmp_path / "fresh.brief"
    assert old.closed
    first = json.loads(
        next(
            iter(sorted((Path(__file__).parents[2] / "resources" / "codebooks").glob("*.json")))
        ).read_text()
    )
    assert [t.name for t in win.store.themes()][:2] == [t["name"] for t in first["themes"]][:2]
    assert next(iter(starters.values())) == first["name"]
    assert win.reader.source_id is None and win.undo_stack.count() == 0


def test_new_project_with_another_projects_codebook(win, project, tmp_path, monkeypatch):
    monkeypatch.setattr(prompts, "save_file", lambda *a: tmp_path / "second.brief")
    monkeypatch.setattr(prompts, "choose", lambda parent, title, text, options: len(options) - 2)
    monkeypatch.setattr(prompts, "open_file", lambda *a: project.path)
    win.action("file.new").trigger()
    assert [t.name for t in win.store.themes()] == ["Security", "Foreign influence", "Reform"]


def test_export_json_is_written_atomically(win, project, tmp_path, monkeypatch):
    out = tmp_path / "out" / "project.json"
    out.parent.mkdir()
    monkeypatch.setattr(prompts, "save_file", lambda *a: out)
    monkeypatch.setattr(prompts, "done", lambda *a: None)
    win.action("file.export").trigger()
    data = json.loads(out.read_text())
    assert data["format"] == "briefing-project"
    assert [p.name for p in out.parent.iterdir()] == ["project.json"]


@pytest.mark.slow
def test_export_pdf_runs_in_a_child_process(qtbot, win, project, tmp_path, monkeypatch):
    out = tmp_path / "brief.pdf"
    monkeypatch.setattr(prompts, "save_file", lambda *a: out)
    offered = []
    monkeypatch.setattr(
        prompts, "done", lambda parent, title, text, options: offered.append(options)
    )
    errors = []
    monkeypatch.setattr(prompts, "error", lambda *a: errors.append(a))
    win.action("file.export").trigger()
    qtbot.waitUntil(lambda: bool(offered or errors), timeout=90_000)
    assert not errors, errors
    assert out.read_bytes()[:5] == b"%PDF-"
    assert offered == [["Open", "Show in Folder"]]


def test_recent_menu_and_reopen(win, project, tmp_path):
    second = make_project(tmp_path, "second.brief")
    second.store.close()
    assert win.open_project(second.path)
    menu = QtWidgets.QMenu()
    win.files.fill_recent_menu(menu)
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "&1 second.brief"
    menu.deleteLater()


def test_find_and_search_shortcuts(qtbot, win):
    win.reader.setFocus()
    qtbot.keyClick(
        win.reader,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not win.docks["search"].visibleRegion().isEmpty()
    focus = QtWidgets.QApplication.focusWidget()
    assert focus is not None and win.docks["search"].isAncestorOf(focus)


def test_layout_and_geometry_are_remembered(qtbot, project):
    window = open_window(qtbot, project.store)
    window.docks["search"].hide()
    window.resize(760, 560)
    QtWidgets.QApplication.processEvents()
    size = window.size()
    window.close()
    assert settings.get("window/geometry") and settings.get("window/state")
    again = open_window(qtbot, Store.open(project.path))
    try:
        assert not again.docks["search"].isVisible()
        assert again.size() == size
        again.action("view.reset_layout").trigger()
        assert again.docks["search"].isVisible()
    finally:
        close_window(again)


def test_dropping_files_imports_them(qtbot, win, tmp_path, monkeypatch):
    got = []
    panel = win.panels["sources"]
    monkeypatch.setattr(panel, "import_paths", lambda paths: got.append(list(paths)))
    doc = tmp_path / "dropped.txt"
    doc.write_text("Dropped text.")
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(doc))])
    pos = QtCore.QPointF(win.width() / 2, win.height() / 2)
    enter = QtGui.QDragEnterEvent(
        pos.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    win.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QtGui.QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    win.dropEvent(drop)
    assert got == [[doc]]


def test_import_through_the_window_is_one_undo_step(qtbot, win, project, tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text("A short imported note about reform.\n")
    win.import_paths([doc])
    qtbot.waitUntil(lambda: len(project.store.sources()) == 3, timeout=20000)
    win.undo_stack.undo()
    assert len(project.store.sources()) == 2


def test_excepthook_shows_a_dialog_and_logs(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(text))
    old = sys.excepthook
    try:
        app_module.install_excepthook(lambda: None)
        try:
            raise RuntimeError("disk on fire\nsecond line")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    assert shown and shown[0].startswith("disk on fire\n\n")
    assert "Traceback" in capsys.readouterr().err


def test_first_store_opens_the_sample_without_a_dialog(tmp_path, monkeypatch, qapp):
    isolate_settings(tmp_path)
    import briefing.sample as sample_module

    monkeypatch.setattr(sample_module, "user_sample_path", lambda: tmp_path / "Sample.brief")
    monkeypatch.setattr(prompts, "error", lambda *a: pytest.fail("a dialog on first run"))
    store = app_module.first_store(None)
    try:
        assert store.path == tmp_path / "Sample.brief"
        assert store.sources() and store.highlights()
    finally:
        store.close()


def test_an_unreadable_sample_copy_is_kept_aside_not_deleted(tmp_path, monkeypatch, qapp):
    isolate_settings(tmp_path)
    import briefing.sample as sample_module

    monkeypatch.setattr(sample_module, "user_sample_path", lambda: tmp_path / "Sample.brief")
    (tmp_path / "Sample.brief").write_bytes(b"not a project, but someone's bytes")
    store = app_module.first_store(None)
    try:
        assert store.sources()
        kept = list(tmp_path.glob("Sample.unreadable-*.brief"))
        assert len(kept) == 1 and kept[0].read_bytes() == b"not a project, but someone's bytes"
    finally:
        store.close()


def test_a_named_project_that_cannot_open_is_an_error(tmp_path, qapp):
    bad = tmp_path / "bad.brief"
    bad.write_text("nope")
    with pytest.raises(app_module.ProjectError):
        app_module.first_store(bad)
    assert bad.read_text() == "nope"


def test_cold_start_prints_first_paint(tmp_path):
    import os
    import subprocess

    env = dict(
        os.environ,
        BRIEFING_EXIT_AFTER_PAINT="1",
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        HOME=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "-m", "briefing"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "first paint after" in done.stdout


def test_no_top_level_widgets_leak(qtbot, project):
    window = open_window(qtbot, project.store)
    window.action("help.shortcuts").trigger()
    close_window(window)
    QtWidgets.QApplication.processEvents()
    leftovers = [w for w in QtWidgets.QApplication.topLevelWidgets() if w.isVisible()]
    assert leftovers == []


def _dark_palette() -> QtGui.QPalette:
    p = QtGui.QPalette()
    R = QtGui.QPalette.ColorRole
    for role, c in [
        (R.Window, "#2b2d30"),
        (R.WindowText, "#e6e6e6"),
        (R.Base, "#1e1f22"),
        (R.AlternateBase, "#2b2d30"),
        (R.Text, "#e6e6e6"),
        (R.Button, "#2f3136"),
        (R.ButtonText, "#e6e6e6"),
        (R.Highlight, "#3d7bd9"),
        (R.HighlightedText, "#ffffff"),
        (R.ToolTipBase, "#2b2d30"),
        (R.ToolTipText, "#e6e6e6"),
        (R.PlaceholderText, "#8a8a8a"),
        (R.Mid, "#505257"),
        (R.Link, "#7aa7ff"),
        (R.Light, "#3a3c40"),
        (R.Dark, "#151618"),
        (R.Midlight, "#35373b"),
        (R.Shadow, "#000000"),
    ]:
        p.setColor(role, QtGui.QColor(c))
    return p


@pytest.mark.slow
def test_screenshots(qtbot, tmp_path, qapp):
    """Screenshots to look at: /tmp/shot-*.png (sample light and dark, dense overlaps, Arabic)."""
    isolate_settings(tmp_path)
    from ui_helpers import ARABIC

    from briefing.sample import write_sample

    store = write_sample(tmp_path / "Sample.brief")
    window = open_window(qtbot, store)
    old_palette = qapp.palette()
    try:
        window.resize(1400, 900)
        qapp.processEvents()
        window.grab().save("/tmp/shot-light.png")
        qapp.setPalette(_dark_palette())
        qapp.processEvents()
        window.grab().save("/tmp/shot-dark.png")
        qapp.setPalette(old_palette)
        # a dense passage: nested and staggered overlaps, one untagged, one picked
        sid = store.sources()[0].id
        text = store.source_text(sid)
        themes = [t.id for t in store.themes()]
        base = text.index("The departure of US")
        spans = [
            (0, 120, [themes[0]]),
            (20, 60, [themes[1]]),
            (40, 160, [themes[2]]),
            (50, 90, []),
            (100, 200, [themes[3], themes[4]]),
            (130, 150, [themes[5]]),
        ]
        ids = [store.add_highlight(sid, base + a, base + b, theme_ids=t) for a, b, t in spans]
        window.selection.set_highlights([ids[2]])
        window.reader.reveal(ids[2])
        qtbot.wait(1000)  # let the reveal flash finish
        window.pane.grab().save("/tmp/shot-dense.png")
        window.reader.viewport().grab().save("/tmp/shot-dense-reader.png")
        # an Arabic source with Latin words, with highlights across the direction changes
        aid = store.add_source(
            "تقرير: انسحاب القوات",
            ARABIC,
            language="ar",
            author="وكالة",
            date="2025-12-30",
            dateline="بغداد",
        )
        window.selection.set_source(aid)
        for quote, theme in (
            ("بعثة UNAMI ستنتهي", themes[0]),
            ("الانسحاب الأمريكي", themes[1]),
            ("The mission ends; قال", themes[2]),
        ):
            start = ARABIC.index(quote)
            store.add_highlight(aid, start, start + len(quote), theme_ids=[theme])
        window.resize(1100, 700)
        qapp.processEvents()
        window.pane.grab().save("/tmp/shot-arabic.png")
        window.action("edit.find").trigger()
        qtbot.keyClicks(window.pane.find_bar.field, "UNAMI")
        qtbot.keyClick(window.pane.find_bar.field, Qt.Key.Key_Return)
        window.grab().save("/tmp/shot-find.png")
    finally:
        qapp.setPalette(old_palette)
        close_window(window)
    for name in ("light", "dark", "dense", "arabic", "find"):
        assert Path(f"/tmp/shot-{name}.png").stat().st_size > 10_000
