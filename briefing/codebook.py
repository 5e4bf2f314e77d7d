"""Codebooks: starter sets of themes shipped in ``resources/codebooks`` or
taken from another project, applied to a project through the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import codebook_order
from .resources import resource_path
from .store import ProjectError, Store


def starter_codebooks() -> dict[str, str]:
    """Starter codebook id (file stem) -> its display name."""
    out = {}
    for path in sorted(resource_path("codebooks").glob("*.json")):
        out[path.stem] = json.loads(path.read_text(encoding="utf-8")).get("name", path.stem)
    return out


def load_codebook(name_or_path: str | Path) -> list[dict[str, Any]]:
    """Themes as nested dicts (name, color, description, keywords, children) from
    a starter codebook id, a codebook file (``.json``, REFI-QDA ``.qdc``,
    Taguette ``.csv``) or another ``.brief`` project."""
    name = str(name_or_path)
    starter = resource_path("codebooks", f"{name}.json")
    if "/" not in name and "\\" not in name and starter.is_file():
        themes: list[dict[str, Any]] = json.loads(starter.read_text(encoding="utf-8"))["themes"]
        return themes
    path = Path(name_or_path)
    if not path.is_file():
        known = ", ".join(starter_codebooks())
        raise ProjectError(
            f"{name}: no such codebook (starter codebooks: {known}; "
            "or give a .qdc, .csv or .json codebook or a .brief project)"
        )
    if path.suffix.lower() in (".json", ".qdc", ".csv"):
        from .importers import ImportRefused
        from .importers.codebook_file import read_codebook
        from .importers.imported import read_bytes

        try:
            return read_codebook(read_bytes(path), path.name)
        except ImportRefused as exc:
            raise ProjectError(str(exc)) from None
    with Store.open(path, readonly=True) as other:
        return themes_as_codebook(other)


def themes_as_codebook(store: Store) -> list[dict[str, Any]]:
    themes = codebook_order(store.themes())
    nodes: dict[int, dict[str, Any]] = {
        t.id: {
            "name": t.name,
            "color": t.color,
            "description": t.description,
            "keywords": list(t.keywords),
            "children": [],
        }
        for t in themes
    }
    roots: list[dict[str, Any]] = []
    for t in themes:
        (nodes[t.parent_id]["children"] if t.parent_id in nodes else roots).append(nodes[t.id])
    return roots


def apply_codebook(
    store: Store,
    themes: list[dict[str, Any]],
    parent_id: int | None = None,
    *,
    placed: dict[int, int] | None = None,
) -> list[int]:
    """Add the codebook's themes, skipping names the project already has (its
    own colour, description and place win). ``placed`` (if given) receives
    id(node) -> theme id for every node."""
    added: list[int] = []
    for node in themes:
        existing = store.theme_by_name(node["name"])
        if existing is not None:
            tid = existing.id
        else:
            tid = store.add_theme(
                node["name"],
                color=node.get("color"),
                description=node.get("description", ""),
                parent_id=parent_id,
                keywords=node.get("keywords", ()),
            )
            added.append(tid)
        if placed is not None:
            placed[id(node)] = tid
        added += apply_codebook(store, node.get("children", []), tid, placed=placed)
    return added
