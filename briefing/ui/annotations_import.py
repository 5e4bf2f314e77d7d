"""File > Import Annotations…: W3C Web Annotations or Hypothesis annotations as highlights.

The file is read and every annotation placed (``briefing.anchor_annotations``,
the engine ``briefing import`` uses) before anything is written; then the new
highlights, and the themes their tags name, are added as one undoable step
(``commands.ImportAnnotations``). They start out of the brief. Annotations
that found no place are listed, one line each.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ..anchor_annotations import Placement, place_annotations
from ..importers import ImportRefused
from ..importers.annotations import load_annotations
from . import commands, prompts
from .interchange import file_to_import
from .labels import plural
from .workspace import Workspace

FILTER = "Annotations (*.jsonld *.json);;All files (*)"
SHOWN = 20
"""Unanchored annotations listed in the message (the rest are counted)."""


def import_annotations(
    workspace: Workspace, parent: QWidget, path: Path | None = None
) -> Placement | None:
    """Import an annotations file; what was placed, or None when nothing changed."""
    store = workspace.store
    path = file_to_import(workspace, parent, "Import Annotations", FILTER, path)
    if path is None:
        return None
    try:
        annotations = load_annotations(path)
    except ImportRefused as exc:
        prompts.error(parent, "Annotations not imported", str(exc))
        return None
    project = store.load_project()
    existing = [(h.source_id, h.start, h.end) for h in project.highlights if not h.orphan]
    placed = place_annotations(project.sources, annotations, existing)
    summary = (
        f"{plural(len(placed.spans), 'highlight')} from "
        f"{plural(len(annotations), 'annotation')} in {path.name}; "
        f"{placed.duplicates} already highlighted, {len(placed.unanchored)} not anchored"
    )
    if placed.spans:
        n = len(placed.spans)
        workspace.push(
            commands.ImportAnnotations(store, placed.spans, f"Import {plural(n, 'annotation')}")
        )
    if placed.unanchored or not placed.spans:
        lines = placed.unanchored[:SHOWN]
        more = len(placed.unanchored) - len(lines)
        prompts.info(
            parent,
            "Annotations imported" if placed.spans else "No annotation imported",
            ("Imported " if placed.spans else "Nothing imported: ")
            + summary
            + ("\n\nNot anchored:\n" + "\n".join(lines) if lines else "")
            + (f"\n… and {more} more" if more > 0 else ""),
        )
    workspace.show_status(f"Imported {summary}", 8000)
    return placed if placed.spans else None
