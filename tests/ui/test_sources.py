"""The Sources panel: list, properties, removal, pasting and importing in workers.

Import policy (documented in ``briefing/ui/sources_panel.py``): the files that
can be read are imported together as ONE undoable step; each file that cannot
be read is left out and named, with its one-line reason, in one error message.
"""

from __future__ import annotations

import pytest
from panel_helpers import snapshot
from PySide6 import QtCore, QtGui, QtWidgets

from briefing.ui import prompts
from briefing.ui.roles import ID_ROLE
from briefing.ui.sources_model import COUNT, TITLE

pytestmark = pytest.mark.ui

ARTICLE = (
    "date 2025-12-29 Baghdad, Iraq — The last coalition troops left the base on "
    "Monday, officials said.\n\nThe government called it a new chapter."
)


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append((title, text)))
    return shown


def rows(panel) -> list[tuple[str, str]]:
    m = panel.model
    return [(m.index(r, TITLE).data(), m.index(r, COUNT).data()) for r in range(m.rowCount())]


def test_list_shows_counts_and_opens_sources(win, project):
    panel = win.panels["sources"]
    assert rows(panel) == [("Alpha report", "2"), ("Beta analysis", "1")]
    panel.list.setCurrentIndex(panel.model.index(1, 0))
    assert win.selection.source_id == project.sources[1]
    assert win.reader.source_id == project.sources[1]
    win.selection.set_source(project.sources[0])
    assert panel.list.currentIndex().data(ID_ROLE) == project.sources[0]
    assert panel.properties.fields["title"].text() == "Alpha report"


def test_rename_is_undoable(win, project, monkeypatch):
    panel, store = win.panels["sources"], project.store
    monkeypatch.setattr(prompts, "ask_text", lambda *a, **k: "Alpha (wire)")
    panel.rename_source(project.sources[0])
    assert store.source(project.sources[0]).title == "Alpha (wire)"
    assert rows(panel)[0][0] == "Alpha (wire)"
    win.undo_stack.undo()
    assert rows(panel)[0][0] == "Alpha report"


def test_properties_edit_undoable(win, project, qtbot):
    panel, store = win.panels["sources"], project.store
    sid = project.sources[1]
    win.selection.set_source(sid)
    props = panel.properties
    edit = props.fields["author"]
    edit.setFocus()
    qtbot.keyClicks(edit, "Reuters")
    qtbot.keyClick(edit, QtCore.Qt.Key.Key_Return)
    assert store.source(sid).author == "Reuters"
    props.fields["url"].setText("https://example.org/beta")
    props.fields["url"].editingFinished.emit()
    props.fields["language"].setText("en")
    props.fields["language"].editingFinished.emit()
    props.note.setPlainText("Reliable outlet; paywalled.")
    props.commit_all()
    s = store.source(sid)
    assert (s.author, s.url, s.language, s.note) == (
        "Reuters",
        "https://example.org/beta",
        "en",
        "Reliable outlet; paywalled.",
    )
    win.undo_stack.undo()
    assert store.source(sid).note == ""
    win.undo_stack.undo()
    assert store.source(sid).language == ""
    assert props.fields["language"].text() == ""  # the form follows undo
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert store.source(sid).author == "" and props.fields["author"].text() == ""


def test_empty_title_is_refused(win, project):
    panel = win.panels["sources"]
    win.selection.set_source(project.sources[0])
    field = panel.properties.fields["title"]
    field.setText("   ")
    field.editingFinished.emit()
    assert project.store.source(project.sources[0]).title == "Alpha report"
    assert field.text() == "Alpha report"


def test_remove_says_counts_and_undo_restores(win, project, monkeypatch):
    panel, store = win.panels["sources"], project.store
    before = snapshot(store)
    asked = []
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    assert panel.remove_source(project.sources[0])
    assert "2 highlights and 1 judgment link go with it" in asked[0]
    assert rows(panel) == [("Beta analysis", "1")]
    assert len(store.highlights()) == 1
    assert store.judgments()[0].support == (project.highlights[2],)
    assert win.panels["highlights"].proxy.rowCount() == 1
    win.undo_stack.undo()
    assert snapshot(store) == before
    assert rows(panel) == [("Alpha report", "2"), ("Beta analysis", "1")]
    assert win.panels["highlights"].proxy.rowCount() == 3


def test_paste_source_from_clipboard(win, project, errors):
    panel, store = win.panels["sources"], project.store
    QtGui.QGuiApplication.clipboard().setText(ARTICLE)
    sid = panel.paste_source()
    s = store.source(sid)
    assert s.date == "2025-12-29" and s.dateline == "Baghdad, Iraq"
    assert "coalition troops" in s.text and s.title
    assert win.selection.source_id == sid
    assert len(rows(panel)) == 3 and errors == []
    win.undo_stack.undo()
    assert len(store.sources()) == 2
    QtGui.QGuiApplication.clipboard().setText("   ")
    assert panel.paste_source() is None
    assert errors and errors[0][0] == "Nothing to paste"


def test_import_good_and_bad_files_in_one_step(win, project, qtbot, tmp_path, errors):
    panel, store = win.panels["sources"], project.store
    good1 = tmp_path / "one.txt"
    good1.write_text(ARTICLE, encoding="utf-8")
    good2 = tmp_path / "two.md"
    good2.write_text(
        "# Second report\n\nMilitias *reposition* near the border.\n", encoding="utf-8"
    )
    bad = tmp_path / "photo.txt"
    bad.write_bytes(bytes(range(256)) * 40)
    before = snapshot(store)
    batch = panel.import_paths([good1, bad, good2])
    assert batch is not None
    qtbot.waitUntil(lambda: panel.importer.last_import is not None, timeout=20000)
    outcome = panel.importer.last_import
    assert len(outcome.added) == 2 and len(outcome.refused) == 1
    assert len(store.sources()) == 4
    assert {store.source(s).filename for s in outcome.added} == {"one.txt", "two.md"}
    assert errors and "photo.txt" in errors[0][1] and "one.txt" not in errors[0][1]
    assert win.undo_stack.undoText() == "Import 2 sources"
    assert not [
        w
        for w in QtWidgets.QApplication.topLevelWidgets()
        if isinstance(w, QtWidgets.QProgressDialog) and w.isVisible()
    ]
    assert win.selection.source_id == outcome.added[0]
    win.undo_stack.undo()
    assert snapshot(store) == before
    win.undo_stack.redo()
    assert [s.id for s in store.sources()][2:] == outcome.added


def test_import_nothing_readable_changes_nothing(win, project, qtbot, tmp_path, errors):
    panel, store = win.panels["sources"], project.store
    bad = tmp_path / "blob.bin"
    bad.write_bytes(b"\x00\x01\x02\xff" * 500)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    depth = win.undo_stack.count()
    panel.import_paths([bad, empty])
    qtbot.waitUntil(lambda: panel.importer.last_import is not None, timeout=20000)
    assert len(store.sources()) == 2 and win.undo_stack.count() == depth
    text = errors[0][1]
    assert "blob.bin" in text and "empty.txt" in text
    assert len([ln for ln in text.splitlines() if ln.startswith(("blob", "empty"))]) == 2


def test_an_import_warning_reaches_the_status_bar(win, project, qtbot, tmp_path, errors):
    """A page where no article was found is stored, and the window says what happened."""
    page = tmp_path / "menu.html"
    page.write_text("<html><body><div><a>Home</a> <a>About</a></div></body></html>")
    panel = win.panels["sources"]
    panel.import_paths([page])
    qtbot.waitUntil(lambda: panel.importer.last_import is not None, timeout=20000)
    assert len(panel.importer.last_import.added) == 1 and errors == []
    message = win.statusBar().currentMessage()
    assert message.startswith("Imported with a warning: menu.html: the article extractor found")


def test_same_text_twice_is_not_imported_again(win, project, qtbot, tmp_path, errors):
    panel = win.panels["sources"]
    path = tmp_path / "again.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    panel.import_paths([path])
    qtbot.waitUntil(lambda: panel.importer.last_import is not None, timeout=20000)
    assert len(panel.importer.last_import.added) == 1 and errors == []
    panel.importer.last_import = None
    panel.import_paths([path])
    qtbot.waitUntil(lambda: panel.importer.last_import is not None, timeout=20000)
    assert panel.importer.last_import.added == [] and "already in the project" in errors[0][1]


def test_drop_files_on_panel_and_window(win, project, qtbot, tmp_path, errors):
    panel, store = win.panels["sources"], project.store
    path = tmp_path / "dropped.txt"
    path.write_text("Dropped text about the ministry.", encoding="utf-8")
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(path))])
    point = QtCore.QPointF(panel.rect().center())
    args = (
        QtCore.Qt.DropAction.CopyAction,
        mime,
        QtCore.Qt.MouseButton.LeftButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    enter = QtGui.QDragEnterEvent(point.toPoint(), *args)
    QtWidgets.QApplication.sendEvent(panel, enter)
    assert enter.isAccepted()
    QtWidgets.QApplication.sendEvent(panel, QtGui.QDropEvent(point, *args))
    qtbot.waitUntil(lambda: panel.importer.last_import is not None, timeout=20000)
    assert store.source(panel.importer.last_import.added[0]).filename == "dropped.txt"
    # the window forwards drops to the panel
    panel.importer.last_import = None
    other = tmp_path / "window.txt"
    other.write_text("Dropped on the window.", encoding="utf-8")
    win.import_paths([other])
    qtbot.waitUntil(lambda: panel.importer.last_import is not None, timeout=20000)
    assert len(store.sources()) == 4 and errors == []


def test_import_runs_off_the_gui_thread_and_can_be_cancelled(
    win, project, qtbot, tmp_path, monkeypatch, errors
):
    import threading

    import briefing.importers as importers

    panel, store = win.panels["sources"], project.store
    gate = threading.Event()
    threads = []
    real = importers.import_file

    def slow(path):
        threads.append(threading.current_thread())
        gate.wait(10)
        return real(path)

    monkeypatch.setattr(importers, "import_file", slow)
    path = tmp_path / "slow.txt"
    path.write_text("Slow text.", encoding="utf-8")
    batch = panel.import_paths([path])
    qtbot.waitUntil(lambda: bool(threads))
    assert threads[0] is not threading.main_thread()
    assert batch.running
    batch.cancel()  # what the progress dialog's Cancel does
    gate.set()
    qtbot.waitUntil(lambda: panel.importer.last_import is not None, timeout=20000)
    assert panel.importer.last_import.cancelled and panel.importer.last_import.added == []
    assert len(store.sources()) == 2 and errors == []


def test_progress_dialog_does_not_block(win, project, qtbot, tmp_path, monkeypatch):
    import threading

    import briefing.importers as importers

    panel = win.panels["sources"]
    gate = threading.Event()
    real = importers.import_file
    monkeypatch.setattr(importers, "import_file", lambda p: (gate.wait(10), real(p))[1])
    path = tmp_path / "a.txt"
    path.write_text("Some text.", encoding="utf-8")
    panel.import_paths([path])
    progress = panel.importer.progress
    assert progress is not None
    assert progress.windowModality() == QtCore.Qt.WindowModality.NonModal
    progress.canceled.emit()  # the Cancel button
    gate.set()
    qtbot.waitUntil(lambda: panel.importer.last_import is not None, timeout=20000)
    assert panel.importer.last_import.cancelled


def test_pasted_headline_is_the_title_not_repeated_in_the_body(win, project, errors):
    panel, store = win.panels["sources"], project.store
    QtGui.QGuiApplication.clipboard().setText(
        "Militias keep their weapons\n\nArmed groups said on Tuesday they would not disarm. "
        "Officials in Baghdad confirmed it."
    )
    s = store.source(panel.paste_source())
    assert s.title == "Militias keep their weapons"
    assert store.source_text(s.id).startswith("Armed groups said on Tuesday")
    assert errors == []


def test_paste_from_a_clipboard_holding_only_html(win, project, errors):
    panel, store = win.panels["sources"], project.store
    mime = QtCore.QMimeData()
    mime.setHtml(
        "<h1>Militias keep weapons</h1><p>Armed groups said on Tuesday they would not "
        "disarm after the withdrawal, officials in Baghdad said. <script>x()</script></p>"
    )
    clipboard = QtGui.QGuiApplication.clipboard()
    clipboard.setMimeData(mime)  # the clipboard owns it: cleared below while Qt still runs
    try:
        sid = panel.paste_source()
    finally:
        clipboard.clear()
    assert errors == [], errors
    text = store.source_text(sid)
    assert "Armed groups said on Tuesday" in text and "<" not in text and "x()" not in text
    assert store.source(sid).title == "Militias keep weapons"


def test_the_list_paints_each_cell_with_its_own_roles(win, project):
    """The model answers a painted cell's roles in one call; Qt reuses that span from
    cell to cell, so the count's right alignment must not leak into the title."""
    view = win.panels["sources"].list
    model = view.model()
    delegate = view.itemDelegate()
    cells = []
    for column in (COUNT, TITLE, COUNT):
        option = QtWidgets.QStyleOptionViewItem()
        delegate.initStyleOption(option, model.index(0, column))
        right = bool(option.displayAlignment & QtCore.Qt.AlignmentFlag.AlignRight)
        cells.append((option.text, right))
    assert cells == [("2", True), ("Alpha report", False), ("2", True)]
