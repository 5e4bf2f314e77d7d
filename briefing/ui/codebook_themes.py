"""Adding a codebook's themes to the open project as one undoable step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import commands

if TYPE_CHECKING:
    from .workspace import Workspace


def add_codebook_themes(
    workspace: Workspace, themes: list[dict], *, label: str = "Add codebook"
) -> None:
    """Add a codebook's themes (dicts with name, and optionally color,
    description, keywords, parent (a name) or children (a list of such dicts))
    as one undoable step; names already in the project are skipped."""
    store = workspace.store
    with workspace.macro(label):

        def add(entry: dict, parent_id: int | None) -> None:
            name = str(entry.get("name", "")).strip()
            if not name:
                return
            existing = store.theme_by_name(name)
            tid: int | None
            if existing is not None:
                tid = existing.id
            else:
                parent_name = entry.get("parent")
                if parent_name and parent_id is None:
                    parent = store.theme_by_name(str(parent_name))
                    parent_id = parent.id if parent else None
                command = commands.AddTheme(
                    store,
                    name,
                    color=entry.get("color"),
                    description=str(entry.get("description", "")),
                    parent_id=parent_id,
                    keywords=tuple(entry.get("keywords", ()) or ()),
                )
                workspace.push(command)
                tid = command.theme_id
            for child in entry.get("children", ()) or ():
                add(child, tid)

        for entry in themes:
            add(entry, None)
