"""A big preview is read a slice per turn of the event loop and shows what one setHtml would."""

from __future__ import annotations

import re

import pytest
from panel_helpers import isolate_settings
from PySide6 import QtCore, QtGui

from briefing.sample import write_sample
from briefing.ui.brief_preview import BriefPreview, preview_html
from briefing.ui.preview_slices import slices

pytestmark = pytest.mark.ui

STARTS_AN_EXCERPT = re.compile(r'\s*(<a name="[^"]*"></a>\s*)?<table\b')


def synthetic(n: int, tail: str = "") -> str:
    rows = "".join(
        f'<a name="ex-{i}"></a><table width="100%"><tr><td bgcolor="#e69f00">&nbsp;</td>'
        f'<td><p><a href="excerpt:{i}">Quote number {i} '
        + "word " * 30
        + "</a></p></td></tr></table>\n"
        for i in range(n)
    )
    return (
        "<html><body><h1>Title</h1><p>Opening paragraph.</p><h2>Theme</h2>\n"
        f"{rows}<h2>Sources</h2><ol><li>One</li><li>Two</li></ol>{tail}</body></html>"
    )


@pytest.fixture
def view(qtbot):
    v = BriefPreview()
    qtbot.addWidget(v)
    v.resize(500, 400)
    v.show()
    qtbot.waitExposed(v)
    return v


def reference_text(html: str) -> str:
    doc = QtGui.QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def test_the_brief_is_cut_only_between_two_excerpts(tmp_path):
    isolate_settings(tmp_path)
    store = write_sample(tmp_path / "s.brief")
    theme = store.themes()[0].id
    source = store.sources()[0]
    spans = [(source.id, i * 7, i * 7 + 6) for i in range(min(300, source.length // 7))]
    store.add_highlights(spans, theme_ids=[theme])
    html = preview_html(store.load_project())
    store.close()
    pieces = slices(html, 5000)
    assert len(pieces) > 5
    assert "".join(pieces) == html
    for piece in pieces[:-1]:
        assert piece.endswith("</table>")
    for piece in pieces[1:]:
        assert STARTS_AN_EXCERPT.match(piece)
    assert slices("<h1>No table</h1>" * 5000) == ["<h1>No table</h1>" * 5000]


def test_a_big_preview_reads_in_slices_and_shows_the_same_document(view, qtbot):
    html = synthetic(600)
    assert len(slices(html)) > 3
    assert view.show_html(html)
    assert view.loading()  # read on later turns of the event loop
    qtbot.waitUntil(lambda: not view.loading(), timeout=10000)
    assert view.toPlainText() == reference_text(html)
    heading = view.document().findBlock(0)
    assert heading.blockFormat().headingLevel() == 1
    last = view.document().lastBlock().previous()
    assert last.text() == "One" and last.textList() is not None  # the list after the excerpts
    assert not view.show_html(html)  # already shown


def test_a_newer_text_replaces_one_being_read(view, qtbot):
    view.show_html(synthetic(600))
    qtbot.waitUntil(lambda: not view.loading(), timeout=10000)
    older, newer = synthetic(500, "<p>older</p>"), synthetic(520, "<p>newer</p>")
    view.show_html(older)
    assert view.loading()
    view.show_html(newer)
    qtbot.waitUntil(lambda: not view.loading(), timeout=10000)
    qtbot.wait(50)
    assert view.toPlainText() == reference_text(newer)


def test_the_scroll_position_and_links_survive_a_sliced_refresh(view, qtbot):
    view.show_html(synthetic(600))
    qtbot.waitUntil(lambda: not view.loading(), timeout=10000)
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 5000, timeout=10000)
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    view.show_html(synthetic(600, "<p>changed</p>"))
    qtbot.waitUntil(lambda: not view.loading() and "changed" in view.toPlainText(), timeout=10000)
    qtbot.waitUntil(lambda: abs(bar.value() - kept) <= 2, timeout=10000)
    with qtbot.waitSignal(view.excerpt_clicked, timeout=5000) as sig:
        view.anchorClicked.emit(QtCore.QUrl("excerpt:321"))
    assert sig.args == [321]
    cursor = view.document().find("Quote number 321")
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    assert view.excerpt_at(view.cursorRect(cursor).center()) == 321


@pytest.mark.parametrize("excerpts", [0, 300])  # read at once, read in slices
def test_the_preview_loads_no_resources(view, qtbot, excerpts):
    html = synthetic(excerpts, '<p>end <img src="file:///etc/passwd"></p>')
    view.show_html(html)
    qtbot.waitUntil(lambda: not view.loading(), timeout=10000)
    view.document().documentLayout().documentSize()
    assert view.document().resource(
        int(QtGui.QTextDocument.ResourceType.ImageResource), QtCore.QUrl("file:///etc/passwd")
    ) in (None, b"", QtCore.QByteArray())


def test_replaced_documents_are_freed(view, qtbot):
    for i in range(4):
        view.show_html(synthetic(300, f"<p>version {i}</p>"))
        qtbot.waitUntil(lambda: not view.loading(), timeout=10000)
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    assert "version 3" in view.toPlainText()
    assert len(view.findChildren(QtGui.QTextDocument)) == 1
