"""What a panel gets instead of the main window: the typed contract between them.

The window (the composition root) creates one ``Workspace`` and passes it to
every panel and to the reader. Through it a panel reaches the open store and
its Qt bridge, the one ``Selection``, the undo stack (``push``, ``macro``), the
task runner for background work, and a few services the window or the reader
implement: status messages, showing a span in the reader, the reader's text
selection, tagging it, and the theme-key actions for list widgets. Panels never
call each other nor the window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QWidget

from briefing.store import Store

from . import prompts
from .bridge import StoreBridge
from .commands import StoreCommand
from .project_cache import ProjectCache
from .selection import Selection
from .tasks import TaskRunner

TextSpan = tuple[int, int, int]
"""(source id, start, end) in code points."""


def _no_span() -> TextSpan | None:
    return None


def _no_tagging(theme_ids: tuple[int, ...]) -> bool:
    return False


class Workspace(QObject):
    """The store, selection and undo stack of one window, and its services to panels.

    Signals: ``status_requested(text, ms)`` (the window shows it in the status bar),
    ``span_requested(source id, start, end)`` (the reader opens that source and
    selects the code points), ``closing()`` (the window is about to close the
    project: flush pending edits now).
    """

    status_requested = Signal(str, int)
    span_requested = Signal(int, int, int)
    closing = Signal()

    def __init__(
        self,
        bridge: StoreBridge,
        selection: Selection,
        undo_stack: QUndoStack,
        tasks: TaskRunner,
        dialog_parent: QWidget,
    ):
        super().__init__(dialog_parent)
        self.bridge = bridge
        self.selection = selection
        self.undo_stack = undo_stack
        self.tasks = tasks
        """Background work (``tasks.TaskRunner``)."""
        self.dialog_parent = dialog_parent
        """The widget prompts are modal to (the window)."""
        self._text_span: Callable[[], TextSpan | None] = _no_span
        self._tag: Callable[[tuple[int, ...]], bool] = _no_tagging
        self._key_actions: list[QAction] = []
        self.cache = ProjectCache(lambda: self.bridge.store)
        """The open project in memory (highlights, sources, excerpt order), shared by the
        brief's editors, its preview and the evidence panel; it hears each change first."""
        bridge.changed.connect(self.cache.apply)

    # -- wiring (the window) ----------------------------------------------------------

    def provide_tagging(
        self,
        text_span: Callable[[], TextSpan | None],
        tag: Callable[[tuple[int, ...]], bool],
    ) -> None:
        """Who answers ``text_span()`` (the reader) and ``tag_selection()`` (tagging)."""
        self._text_span = text_span
        self._tag = tag

    def provide_key_actions(self, actions: Iterable[QAction]) -> None:
        self._key_actions = list(actions)

    # -- the project --------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.bridge.store

    def push(self, command: StoreCommand) -> bool:
        """Do ``command`` as one undoable step; shows the error and returns False if it fails."""
        if self.store.readonly:
            self.show_status("This project is open read-only; changes are not saved")
            return False
        self.undo_stack.push(command)
        if command.error is not None:
            prompts.error(self.dialog_parent, "Briefing", str(command.error).splitlines()[0])
            return False
        return True

    @contextmanager
    def macro(self, label: str) -> Iterator[None]:
        """The commands pushed inside are one undo step named ``label``."""
        self.undo_stack.beginMacro(label)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    # -- services -------------------------------------------------------------------------

    def show_status(self, text: str, ms: int = 4000) -> None:
        self.status_requested.emit(text, ms)

    def show_span(self, source_id: int, start: int, end: int) -> None:
        """Open ``source_id`` in the reader and select code points [start, end)."""
        self.selection.set_source(source_id)
        self.span_requested.emit(source_id, start, end)

    def text_span(self) -> TextSpan | None:
        """The reader's text selection, trimmed, or None."""
        return self._text_span()

    def tag_selection(self, theme_ids: Iterable[int]) -> bool:
        """Tag the reader's text selection with ``theme_ids`` (a new highlight), or, with
        no text selection, toggle each theme on the picked highlights."""
        return self._tag(tuple(theme_ids))

    def attach_key_actions(self, widget: QWidget) -> None:
        """Let the theme keys act while ``widget`` or one of its children has focus
        (text fields keep their keys)."""
        for action in self._key_actions:
            widget.addAction(action)
