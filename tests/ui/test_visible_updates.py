"""What a key press updates, and only that: the Sources and Themes counts follow
highlight events (no recount of the whole project on each addition), the reader
repaints a new highlight among dense overlapping ones, a project opens its first
source once."""

from __future__ import annotations

import pytest
from panel_helpers import ALPHA, close_window, isolate_settings, open_window
from PySide6 import QtCore

from briefing.ui.codebook_view import COUNT as THEME_COUNT
from briefing.ui.codebook_view import NAME
from briefing.ui.highlight_index import HighlightIndex, Mark
from briefing.ui.reader import SourceReader
from briefing.ui.sources_model import COUNT, TITLE

pytestmark = pytest.mark.ui


def source_rows(win) -> dict[str, str]:
    m = win.panels["sources"].model
    return {m.index(r, TITLE).data(): m.index(r, COUNT).data() for r in range(m.rowCount())}


def theme_rows(win) -> dict[str, str]:
    m = win.panels["themes"].model
    out = {}
    for r in range(m.rowCount()):
        i = m.index(r, NAME)
        out[i.data()] = i.siblingAtColumn(THEME_COUNT).data()
    return out


def test_counts_follow_additions_at_once_and_removals_soon(win, project, qtbot):
    store, themes = project.store, project.themes
    assert source_rows(win) == {"Alpha report": "2", "Beta analysis": "1"}
    assert theme_rows(win) == {"Security": "2", "Foreign influence": "2", "Economy": "0"}
    start = ALPHA.index("officials said")
    hid = store.add_highlight(
        project.sources[0], start, start + 14, theme_ids=[themes["Economy"], themes["Security"]]
    )
    # an addition shows at once, without waiting for any recount
    assert source_rows(win) == {"Alpha report": "3", "Beta analysis": "1"}
    assert theme_rows(win) == {"Security": "3", "Foreign influence": "2", "Economy": "1"}
    store.delete_highlight(hid)  # added in this session: its source is known
    assert source_rows(win) == {"Alpha report": "2", "Beta analysis": "1"}
    # a highlight from before the window opened: counted again a moment later
    store.delete_highlight(project.highlights[2])
    qtbot.waitUntil(lambda: source_rows(win) == {"Alpha report": "2", "Beta analysis": "0"})
    qtbot.waitUntil(
        lambda: theme_rows(win) == {"Security": "2", "Foreign influence": "1", "Economy": "0"}
    )
    win.undo_stack.clear()


def test_undo_of_a_source_removal_counts_its_highlights_once(win, project, monkeypatch):
    from briefing.ui import prompts

    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    panel = win.panels["sources"]
    assert panel.remove_source(project.sources[0])
    assert source_rows(win) == {"Beta analysis": "1"}
    win.undo_stack.undo()
    assert source_rows(win) == {"Alpha report": "2", "Beta analysis": "1"}


def test_a_project_opens_its_first_source_once(qtbot, project, monkeypatch):
    shown: list[int | None] = []
    original = SourceReader.show_source

    def counting(self, source_id):
        shown.append(source_id)
        original(self, source_id)

    monkeypatch.setattr(SourceReader, "show_source", counting)
    window = open_window(qtbot, project.store)
    try:
        assert shown == [project.sources[0]]
        assert window.reader.source_id == project.sources[0]
        assert window.reader.text == ALPHA
    finally:
        close_window(window)


def test_index_extent_is_the_union_of_overlapping_marks():
    index = HighlightIndex()
    index.load([Mark(1, 0, 10, ()), Mark(2, 8, 20, ()), Mark(3, 30, 40, ()), Mark(4, 0, 9000, ())])
    assert index.extent(12, 15) == (0, 9000)  # the long mark (side list) counts too
    index.remove(4)
    assert index.extent(12, 15) == (8, 20)
    assert index.extent(21, 25) == (21, 25)
    assert index.extent(5, 9) == (0, 20)
    # a chunk after the marks held, then one that overlaps them and replaces mark 2
    index.extend([Mark(5, 50, 60, ()), Mark(6, 45, 70, ())])
    index.extend([Mark(7, 5, 12, ()), Mark(2, 9, 25, ()), Mark(8, 0, 9000, ())])
    assert [m.id for m in index.ordered()] == [8, 1, 7, 2, 3, 6, 5]
    assert [m.id for m in index.overlapping(11, 12)] == [8, 7, 2]
    assert index.marks[2].end == 25


def test_new_highlight_among_dense_overlaps_is_painted(tmp_path, qtbot):
    from briefing.store import Store

    isolate_settings(tmp_path)
    text = " ".join(f"word{i}" for i in range(40_000))  # ~280 kB, one paragraph per 50 words
    text = "\n\n".join(text[i : i + 400] for i in range(0, len(text), 400))
    store = Store.create(tmp_path / "dense.brief")
    sid = store.add_source("Dense", text)
    tid = store.add_theme("Theme")
    # a chain of overlapping highlights over the whole source: the transitive range is all of it
    store.add_highlights(
        [(sid, a, min(len(text), a + 120)) for a in range(0, len(text) - 1, 60)], theme_ids=[tid]
    )
    far = store.add_highlight(sid, len(text) - 100, len(text) - 50, theme_ids=[tid])
    total = len(store.highlight_spans(sid))
    window = open_window(qtbot, store)
    try:
        reader = window.reader
        reader.show_source(sid)  # the first screen's highlights at once, the rest in chunks
        assert 0 < len(reader.index) < total
        reader.reveal(far)  # needs them all: loaded now
        assert far in reader.index.marks and len(reader.index) == total
        reader.show_source(sid)
        qtbot.waitUntil(lambda: len(reader.index) == total)  # the chunks come in by themselves
        reader.verticalScrollBar().setValue(0)
        qtbot.waitUntil(lambda: bool(reader._painted.rects))
        # after a partial repaint, a highlight elsewhere on screen is still found under a click
        reader.viewport().repaint()
        height = reader.viewport().height()
        r, mark = next((r, m) for r, m in reader._painted.rects if r.top() > height / 2)
        reader.viewport().repaint(QtCore.QRect(0, 0, reader.viewport().width(), 20))
        assert mark in reader.marks_at(r.center())
        hid = store.add_highlight(sid, 10, 50, theme_ids=[tid])
        qtbot.waitUntil(lambda: any(m.id == hid for _, m in reader._painted.rects))
        reader.viewport().repaint()
        assert any(m.id == hid for _, m in reader._painted.rects)
    finally:
        close_window(window)
        store.close()


def test_one_long_paragraph_paints_only_the_highlights_on_screen(tmp_path, qtbot):
    """A source of one 200 kB paragraph with a highlight on every sentence: the reader
    paints what is on screen (each visible sentence found under a click) and
    computes nothing for the thousands of highlights above and below it."""
    from briefing.store import Store

    isolate_settings(tmp_path)
    sentences = [f"Sentence number {i} says something about the region." for i in range(4000)]
    text = " ".join(sentences)
    store = Store.create(tmp_path / "long.brief")
    sid = store.add_source("Long", text)
    tid = store.add_theme("Theme")
    spans, pos = [], 0
    for s in sentences:
        spans.append((sid, pos, pos + len(s)))
        pos += len(s) + 1
    store.add_highlights(spans, theme_ids=[tid])
    window = open_window(qtbot, store)
    try:
        reader = window.reader
        reader.show_source(sid)
        qtbot.waitUntil(lambda: len(reader.index) == len(spans), timeout=10_000)
        assert reader.document().blockCount() == 1
        bar = reader.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)
        reader.viewport().repaint()
        painted = {m.id for _, m in reader._painted.rects}
        assert 0 < len(painted) < 200  # a screenful of sentences, not all 4,000
        vp = reader.viewport()
        for y in range(10, vp.height() - 10, 20):  # every line on screen is highlighted
            row = [r for r, _ in reader._painted.rects if r.top() <= y <= r.bottom()]
            assert row, f"no highlight painted at y={y}"
            assert reader.marks_at(row[0].center()), f"nothing found under a click at y={y}"
    finally:
        close_window(window)
        store.close()
