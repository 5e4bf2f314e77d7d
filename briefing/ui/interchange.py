"""Themes > Import codebook… and File > Import project… (REFI-QDA).

Both read the file first (an unreadable or unsafe file is refused in one line
and nothing changes), then write it through the store in one transaction
(``briefing.interchange``). An import is not an undoable step: it clears the
undo history, so no earlier step can be undone on top of it, and says so.

The window wires them as ``import_codebook(workspace, parent)`` and
``import_project(workspace, parent)``; ``path`` skips the file picker (tests,
drag and drop).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ..importers import ImportRefused
from ..interchange import import_codebook as store_codebook
from ..interchange import import_qdpx, read_codebook_file, read_project_file
from ..store import ProjectError
from . import prompts
from .labels import plural
from .workspace import Workspace

CODEBOOK_FILTER = "Codebooks (*.qdc *.csv *.json);;REFI-QDA codebook (*.qdc);;All files (*)"
PROJECT_FILTER = "REFI-QDA project (*.qdpx);;All files (*)"
_UNDO_NOTE = "This import cannot be undone; the undo history was cleared."


def _writable(workspace: Workspace) -> bool:
    if workspace.store.readonly:
        workspace.show_status("This project is open read-only; changes are not saved")
        return False
    return True


def import_codebook(
    workspace: Workspace, parent: QWidget, path: Path | None = None
) -> tuple[int, int] | None:
    """Merge a codebook file by theme name; (added, already there), or None."""
    if not _writable(workspace):
        return None
    if path is None:
        path = prompts.open_file(parent, "Import Codebook", CODEBOOK_FILTER)
        if path is None:
            return None
    try:
        nodes = read_codebook_file(path)
        added, known = store_codebook(workspace.store, nodes)
    except (ImportRefused, ProjectError) as exc:
        prompts.error(parent, "Codebook not imported", str(exc))
        return None
    if added:
        workspace.undo_stack.clear()
    workspace.show_status(
        f"Imported {path.name}: {plural(added, 'new theme')}, {known} already there"
        + (f". {_UNDO_NOTE}" if added else ""),
        8000,
    )
    return added, known


def import_project(workspace: Workspace, parent: QWidget, path: Path | None = None):
    """Add a ``.qdpx`` project's sources, codes, codings and notes; the report, or None."""
    if not _writable(workspace):
        return None
    if path is None:
        path = prompts.open_file(parent, "Import Project", PROJECT_FILTER)
        if path is None:
            return None
    try:
        parsed = read_project_file(path)
        report = import_qdpx(workspace.store, parsed)
    except (ImportRefused, ProjectError) as exc:
        prompts.error(parent, "Project not imported", str(exc))
        return None
    workspace.undo_stack.clear()
    summary = (
        f"Imported {path.name}: {plural(len(report.sources_added), 'source')}, "
        f"{plural(report.themes_added, 'new theme')}, "
        f"{plural(report.highlights_added, 'highlight')}, "
        f"{plural(report.judgments_added, 'key judgment')}."
    )
    if report.problems:
        shown = report.problems[:20]
        more = len(report.problems) - len(shown)
        prompts.info(
            parent,
            "Project imported, with problems",
            summary
            + "\n\nNot imported:\n"
            + "\n".join(shown)
            + (f"\n… and {more} more" if more > 0 else "")
            + f"\n\n{_UNDO_NOTE}",
        )
    workspace.show_status(f"{summary} {_UNDO_NOTE}", 8000)
    if report.sources_added:
        workspace.selection.set_source(report.sources_added[0][0])
    return report
