"""Re-importing a source in the window: read, diff and re-anchor off the GUI thread.

``SourceReimport.reimport(source_id, path)`` reads the file and makes the
re-anchoring plan (``briefing.store.reanchor.plan_reanchor``: one diff of the
old and new text, then a search for the highlights the diff cannot place) in
the window's ``TaskRunner``; the GUI thread, the only writer, then applies the
plan in one short transaction (``Store.apply_reanchor``) and shows the
outcome in the status bar. If the source was edited meanwhile, the plan is
refused and nothing changes. ``finished`` reports the ``ReanchorReport`` (or
None when nothing was written).

The window's entry is Sources > Re-import source… (``file.reimport``), which
asks for the file and calls ``reimport`` for the source being read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtWidgets import QWidget

from .interchange import file_to_import
from .labels import plural
from .source_import import read_source
from .tasks import Batch

if TYPE_CHECKING:
    from briefing.model import Highlight
    from briefing.store.reanchor import ReanchorPlan

    from .workspace import Workspace


def plan_work(item: tuple[Path, str, list[Highlight]]) -> tuple[ReanchorPlan | None, str, str]:
    """(plan, file name, "") or (None, "", why); runs in a worker thread, never
    touches the store."""
    from briefing.store.reanchor import plan_reanchor

    path, old_text, highlights = item
    read = read_source(path)
    if read is None:  # cancelled while the file was read
        return None, "", "cancelled"
    imported, why = read
    if imported is None:
        return None, "", why
    return plan_reanchor(old_text, highlights, imported.text), imported.filename, ""


class SourceReimport(QtCore.QObject):
    """One re-import at a time for the window."""

    finished = QtCore.Signal(object)  # ReanchorReport | None

    def __init__(self, workspace: Workspace, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._workspace = workspace
        self.batch: Batch | None = None
        self._source_id = 0

    def reimport(self, source_id: int, path: Path | str) -> Batch | None:
        """Start re-importing ``path`` as the new text of ``source_id``; returns
        the running batch (None when one is already running)."""
        if self.batch is not None and self.batch.running:
            self._workspace.show_status("A re-import is already running")
            return None
        store = self._workspace.store
        item = (Path(path), store.source_text(source_id), store.highlights(source_id))
        self._source_id = source_id
        self.batch = self._workspace.tasks.map([item], plan_work, self)
        self.batch.finished.connect(self._planned)
        self._workspace.show_status(f"Re-importing {Path(path).name}…")
        return self.batch

    def _planned(self, batch: Batch) -> None:
        result: Any = batch.results[0] if batch.results else None
        if result is None or result[0] is None:
            why = result[2] if result else "cancelled"
            self._workspace.show_status(f"Re-import failed: {why}")
            self.finished.emit(None)
            return
        plan, filename, _ = result
        store = self._workspace.store
        try:
            with store.batch():
                report = store.apply_reanchor(self._source_id, plan)
                if report.text_changed and filename:
                    store.update_source(self._source_id, filename=filename)
        except ValueError as exc:
            self._workspace.show_status(f"Re-import refused: {exc}")
            self.finished.emit(None)
            return
        if not report.text_changed:
            self._workspace.show_status("Re-import: the text is unchanged")
        else:
            # earlier steps hold the old text's positions: they cannot be undone on top of it
            self._workspace.undo_stack.clear()
            self._workspace.show_status(
                f"Re-imported: {plural(len(report.unchanged), 'highlight')} in place, "
                f"{len(report.moved)} moved, {plural(len(report.orphans), 'orphan')} "
                "(a re-import cannot be undone; the undo history was cleared)",
                10000,
            )
        self.finished.emit(report)


def reimport_current(workspace: Workspace, parent: QWidget, reimporter: SourceReimport) -> None:
    """Sources > Re-import: pick the new version of the source being read."""
    source_id = workspace.selection.source_id
    if source_id is None:
        workspace.show_status("Open a source to re-import it")
        return
    path = file_to_import(workspace, parent, "Re-import Source", "Documents (*);;All files (*)")
    if path is not None:
        reimporter.reimport(source_id, path)
