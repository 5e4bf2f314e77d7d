"""The one selection of a window (source, highlights, themes) that every panel observes."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from briefing.events import Action, Change, Kind


class Selection(QObject):
    """Panels call the setters; each setter emits its signal only when the value changes.

    ``reveal(highlight_id)`` always emits ``reveal_requested``: the reader shows that
    highlight (switching source if needed) and flashes it.
    """

    source_changed = Signal(object)
    highlights_changed = Signal(object)
    reveal_requested = Signal(int)
    themes_changed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._source_id: int | None = None
        self._highlight_ids: tuple[int, ...] = ()
        self._theme_ids: tuple[int, ...] = ()

    @property
    def source_id(self) -> int | None:
        return self._source_id

    @property
    def highlight_ids(self) -> tuple[int, ...]:
        return self._highlight_ids

    @property
    def theme_ids(self) -> tuple[int, ...]:
        return self._theme_ids

    def set_source(self, source_id: int | None) -> None:
        if source_id != self._source_id:
            self._source_id = source_id
            self.source_changed.emit(source_id)

    def set_highlights(self, highlight_ids: Iterable[int]) -> None:
        ids = tuple(dict.fromkeys(highlight_ids))
        if ids != self._highlight_ids:
            self._highlight_ids = ids
            self.highlights_changed.emit(ids)

    def set_themes(self, theme_ids: Iterable[int]) -> None:
        ids = tuple(dict.fromkeys(theme_ids))
        if ids != self._theme_ids:
            self._theme_ids = ids
            self.themes_changed.emit(ids)

    def reveal(self, highlight_id: int) -> None:
        self.reveal_requested.emit(highlight_id)

    def clear(self) -> None:
        self.set_highlights(())
        self.set_themes(())
        self.set_source(None)

    def forget_removed(self, change: Change) -> None:
        """Drop ids the store removed (connected to ``StoreBridge.changed`` by the window)."""
        if change.action != Action.REMOVED:
            return
        gone = set(change.ids)
        if change.kind == Kind.HIGHLIGHT and gone & set(self._highlight_ids):
            self.set_highlights(h for h in self._highlight_ids if h not in gone)
        elif change.kind == Kind.THEME and gone & set(self._theme_ids):
            self.set_themes(t for t in self._theme_ids if t not in gone)
        elif change.kind == Kind.SOURCE and self._source_id in gone:
            self.set_source(None)
