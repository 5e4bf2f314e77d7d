"""Themes > Import codebook… and File > Import project… (REFI-QDA).

Both read the file first (an unreadable or unsafe file is refused in one line
and nothing changes). A codebook is then added as one undoable step (the
Themes panel's ``add_codebook_themes``). A project is written through the
store in one transaction (``briefing.interchange``); it is not an undoable
step, so it clears the undo history (no earlier step can be undone on top of
it) and says so.

The window wires them as ``import_codebook(workspace, parent)`` and
``import_project(workspace, parent)``; ``path`` skips the file picker (tests,
drag and drop).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ..importers import ImportRefused
from ..interchange import import_qdpx, read_codebook_file, read_project_file
from ..store import ProjectError
from . import prompts
from .codebook_themes import add_codebook_themes
from .labels import plural
from .workspace import Workspace

CODEBOOK_FILTER = "Codebooks (*.qdc *.csv *.json);;REFI-QDA codebook (*.qdc);;All files (*)"
PROJECT_FILTER = "REFI-QDA project (*.qdpx);;All files (*)"
_UNDO_NOTE = "This import cannot be undone; the undo history was cleared."


def file_to_import(
    workspace: Workspace, parent: QWidget, title: str, filters: str, path: Path | None = None
) -> Path | None:
    """The file an import into the open project reads: ``path``, else one the analyst
    picks; None when the project is read-only (said in the status bar) or nothing
    was picked."""
    if workspace.store.readonly:
        workspace.show_status("This project is open read-only; changes are not saved")
        return None
    return path if path is not None else prompts.open_file(parent, title, filters)


def import_codebook(
    workspace: Workspace, parent: QWidget, path: Path | None = None
) -> tuple[int, int] | None:
    """Merge a codebook file by theme name as one undoable step;
    (added, already there), or None."""
    path = file_to_import(workspace, parent, "Import Codebook", CODEBOOK_FILTER, path)
    if path is None:
        return None
    try:
        nodes = read_codebook_file(path)
    except (ImportRefused, ProjectError) as exc:
        prompts.error(parent, "Codebook not imported", str(exc))
        return None
    before = len(workspace.store.themes())
    add_codebook_themes(workspace, nodes, label=f"Import codebook {path.name}")
    added = len(workspace.store.themes()) - before
    known = _count(nodes) - added
    workspace.show_status(
        f"Imported {path.name}: {plural(added, 'new theme')}, {known} already there", 8000
    )
    return added, known


def _count(nodes: list[dict]) -> int:
    return sum(1 + _count(n.get("children", [])) for n in nodes)


def import_project(workspace: Workspace, parent: QWidget, path: Path | None = None):
    """Add a ``.qdpx`` project's sources, codes, codings and notes; the report, or None."""
    path = file_to_import(workspace, parent, "Import Project", PROJECT_FILTER, path)
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
