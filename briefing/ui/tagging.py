"""Tagging in one keystroke: theme keys, "Tag as…", untagged highlights, deleting and adjusting
spans.

Rules (also in Help > Keyboard Shortcuts):

* a non-empty text selection in the reader plus a theme key (1-9, codebook
  order) always creates a new highlight, which is then picked;
* with no text selection, a theme key toggles that theme on the picked
  highlights (the last theme off leaves a highlight untagged, not deleted);
* Delete removes the picked highlights;
* Shift+Left/Right move the picked highlight's end, Ctrl+Shift+Left/Right its
  start, by a word (by a character when word snapping is off); dragging the
  handles does the same with the mouse.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMenu

from briefing.events import Change, Kind
from briefing.model import codebook_order, theme_keys

from . import icons, prompts, settings, words
from .commands import AddHighlight, AddTheme, AdjustSpan, DeleteHighlights, ToggleTheme

if TYPE_CHECKING:
    from briefing.model import Highlight
    from briefing.store import Store

    from .highlight_index import Mark
    from .main_window import MainWindow
    from .reader import SourceReader

SPAN_ACTIONS = (
    "highlight.end_later",
    "highlight.end_earlier",
    "highlight.start_earlier",
    "highlight.start_later",
)


class Tagging:
    def __init__(self, window: MainWindow):
        self.window = window
        self.workspace = window.workspace
        self._keys: dict[int, int] | None = None
        """key -> theme id, read when a key is first pressed after the themes changed."""

    def connect(self) -> None:
        """Called once the reader and actions exist."""
        w = self.window
        w.selection.highlights_changed.connect(self.update_enabled)
        w.reader.selectionChanged.connect(self.update_enabled)
        w.reader.source_shown.connect(self.update_enabled)
        w.reader.span_dragged.connect(self.drag_span)
        w.reader.context_menu_opening.connect(self.fill_context_menu)
        w.bridge.project_replaced.connect(self.update_enabled)
        w.bridge.project_replaced.connect(self._forget_keys)
        w.bridge.changed.connect(self._store_changed)
        self.update_enabled()

    def _forget_keys(self) -> None:
        self._keys = None

    def _store_changed(self, change: Change) -> None:
        if change.kind in (Kind.THEME, Kind.PROJECT):
            self._keys = None

    @property
    def reader(self) -> SourceReader:
        return self.window.reader

    @property
    def store(self) -> Store:
        return self.workspace.store

    def _reader_has_focus(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self.reader or self.reader.isAncestorOf(focus))

    def update_enabled(self, *_: object) -> None:
        w = self.window
        editable = not self.store.readonly
        picked = bool(w.selection.highlight_ids)
        own = len(self.reader.picked) == 1 and not self.reader.textCursor().hasSelection()
        w.action("highlight.delete").setEnabled(editable and picked)
        for action_id in SPAN_ACTIONS:
            w.action(action_id).setEnabled(editable and own)

    # -- creating and toggling --------------------------------------------------------

    def theme_for_key(self, key: int) -> int | None:
        if self._keys is None:
            self._keys = {k: tid for tid, k in theme_keys(self.store.themes()).items()}
        return self._keys.get(key)

    def tag_key(self, key: int) -> None:
        tid = self.theme_for_key(key)
        if tid is None:
            self.workspace.show_status(f"No theme has key {key}")
            return
        if self._reader_has_focus():
            self.tag_selection((tid,))
        else:
            self.toggle_on_picked([tid])

    def tag_selection(self, theme_ids: tuple[int, ...]) -> bool:
        span = self.reader.selected_span()
        if span is not None:
            return self.create(span, theme_ids)
        return self.toggle_on_picked(theme_ids)

    def create(self, span: tuple[int, int, int], theme_ids: Iterable[int]) -> bool:
        command = AddHighlight(self.store, *span, theme_ids=tuple(theme_ids))
        if not self.workspace.push(command):
            return False
        self.reader.clear_text_selection()
        if command.highlight_id is not None:
            self.workspace.selection.set_highlights([command.highlight_id])
        return True

    def toggle_on_picked(self, theme_ids: Iterable[int]) -> bool:
        picked = self.workspace.selection.highlight_ids
        if not picked:
            self.workspace.show_status(
                "Select some text, or click a highlight, then press a theme key"
            )
            return False
        theme_ids = list(theme_ids)
        with self.workspace.macro("Change themes") if len(theme_ids) > 1 else nullcontext():
            for tid in theme_ids:
                if not self.workspace.push(ToggleTheme(self.store, picked, tid)):
                    return False
        return True

    def highlight_untagged(self) -> None:
        span = self.reader.selected_span()
        if span is None:
            self.workspace.show_status("Select some text in the reader first")
            return
        self.create(span, ())

    def tag_as_dialog(self) -> None:
        span = self.reader.selected_span()
        if span is None and not self.workspace.selection.highlight_ids:
            self.workspace.show_status("Select some text, or click a highlight, first")
            return
        theme_id, new_name = prompts.pick_theme(self.window, self.store)
        if theme_id is not None:
            self.tag_selection((theme_id,))
        elif new_name:
            add = AddTheme(self.store, new_name)
            with self.workspace.macro(f"Tag as {new_name}"):
                if self.workspace.push(add) and add.theme_id is not None:
                    self.tag_selection((add.theme_id,))

    def delete_highlights(self) -> None:
        ids = self.workspace.selection.highlight_ids
        if ids:
            self.workspace.push(DeleteHighlights(self.store, ids))

    # -- adjusting a span ------------------------------------------------------------

    def _picked_one(self) -> Highlight | None:
        picked = self.reader.picked
        if len(picked) != 1:
            self.workspace.show_status("Click one highlight first")
            return None
        return self.store.highlight(picked[0])

    def _adjust(self, which: str, step: int) -> None:
        h = self._picked_one()
        if h is None:
            return
        text = self.reader.text
        by_word = settings.get("reader/snap_words")
        start, end = h.start, h.end
        if which == "end":
            if by_word:
                end = (
                    words.next_word_end(text, end)
                    if step > 0
                    else words.previous_word_end(text, end)
                )
            else:
                end = min(len(text), end + 1) if step > 0 else end - 1
        else:
            if by_word:
                start = (
                    words.previous_word_start(text, start)
                    if step < 0
                    else words.next_word_start(text, start)
                )
            else:
                start = max(0, start - 1) if step < 0 else start + 1
        if start >= end or (start, end) == (h.start, h.end):
            self.workspace.show_status("The highlight cannot shrink further")
            return
        self.workspace.push(AdjustSpan(self.store, h.id, start, end))

    def adjust_end_right(self) -> None:
        self._adjust("end", 1)

    def adjust_end_left(self) -> None:
        self._adjust("end", -1)

    def adjust_start_left(self) -> None:
        self._adjust("start", -1)

    def adjust_start_right(self) -> None:
        self._adjust("start", 1)

    def drag_span(self, highlight_id: int, which: str, cp: int) -> None:
        h = self.store.highlight(highlight_id)
        start, end = (cp, h.end) if which == "start" else (h.start, cp)
        if start > end:
            start, end = end, start
        if settings.get("reader/snap_words"):
            start, end = words.snap(self.reader.text, start, end)
        if start < end and (start, end) != (h.start, h.end):
            self.workspace.push(AdjustSpan(self.store, highlight_id, start, end))

    # -- navigation and settings -------------------------------------------------------

    def next_highlight(self, step: int = 1) -> None:
        mark = self.reader.neighbour(step)
        if mark is None:
            self.workspace.show_status("No more highlights in this source")
            return
        self.workspace.selection.set_highlights([mark.id])
        self.reader.reveal(mark.id)

    def previous_highlight(self) -> None:
        self.next_highlight(-1)

    def set_snap_words(self, on: bool) -> None:
        settings.set("reader/snap_words", bool(on))

    # -- the reader's context menu -----------------------------------------------------

    def fill_context_menu(self, menu: QMenu, mark: Mark | None) -> None:
        w = self.window
        first = menu.actions()[0] if menu.actions() else menu.addSeparator()
        items = [w.action("highlight.tag_as"), w.action("highlight.untagged")]
        for act in items:
            menu.insertAction(first, act)
        if mark is not None and not self.store.readonly:
            themes_menu = QMenu("T&hemes of This Highlight", menu)
            keys = theme_keys(self.store.themes())
            for t in codebook_order(self.store.themes()):
                act = themes_menu.addAction(icons.swatch(t.color), t.name.replace("&", "&&"))
                act.setCheckable(True)
                act.setChecked(t.id in mark.theme_ids)
                if t.id in keys:
                    act.setShortcut(str(keys[t.id]))
                act.triggered.connect(
                    lambda _=False, tid=t.id, hid=mark.id: self.workspace.push(
                        ToggleTheme(self.store, [hid], tid)
                    )
                )
            menu.insertMenu(first, themes_menu)
            menu.insertAction(first, w.action("highlight.delete"))
        menu.insertSeparator(first)
