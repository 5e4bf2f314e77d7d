"""The codebook alone, for other tools: REFI-QDA ``.qdc`` (Codebook.xsd 1.0),
a Taguette-style ``.csv`` (tag, description, number of highlights) and
Briefing's codebook ``.json`` (the starter codebooks' shape, nested).

A theme becomes a ``Code`` with its stable GUID (``model.stable_guid``), name,
``isCodable="true"``, colour and description, its sub-themes nested inside.
The CSV is flat (Taguette has no hierarchy); its count is a theme's own
highlights; a name or description a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``) is written with a leading apostrophe. Every
writer refuses an empty codebook (the schema needs a code).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from ..model import Project, ThemeTree, stable_guid
from .refi_qda import ORIGIN, xml_text

NS = "urn:QDA-XML:codebook:1.0"
FORMULA_STARTS = ("=", "+", "-", "@")


class EmptyCodebook(ValueError):
    """The project has no themes to write."""


def _tree(project: Project) -> ThemeTree:
    if not project.themes:
        raise EmptyCodebook("the project has no themes; there is no codebook to export")
    return ThemeTree(project.themes)


def codebook_qdc(project: Project) -> bytes:
    tree = _tree(project)
    root = Element("CodeBook", {"xmlns": NS, "origin": ORIGIN})
    codes = SubElement(root, "Codes")

    def add(parent: Element, theme_id: int | None) -> None:
        for t in tree.children(theme_id):
            code = SubElement(
                parent,
                "Code",
                {
                    "guid": stable_guid(project.uuid, "theme", t.id),
                    "name": xml_text(t.name),
                    "isCodable": "true",
                    "color": t.color,
                },
            )
            if t.description:
                SubElement(code, "Description").text = xml_text(t.description)
            add(code, t.id)

    add(codes, None)
    data: bytes = tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def codebook_csv(project: Project) -> str:
    """UTF-8 text (the writer adds no BOM: Taguette reads plain UTF-8)."""
    tree = _tree(project)
    counts: dict[int, int] = {}
    for h in project.highlights:
        for tid in h.theme_ids:
            counts[tid] = counts.get(tid, 0) + 1
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["tag", "description", "number of highlights"])
    for t in tree.order():
        writer.writerow([_cell(t.name), _cell(t.description), counts.get(t.id, 0)])
    return out.getvalue()


def _cell(text: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe
    (the codebook reader takes it off again)."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def codebook_json(project: Project) -> str:
    tree = _tree(project)

    def nodes(theme_id: int | None) -> list[dict[str, Any]]:
        return [
            {
                "name": t.name,
                "color": t.color,
                "description": t.description,
                "keywords": list(t.keywords),
                "children": nodes(t.id),
            }
            for t in tree.children(theme_id)
        ]

    data = {"name": project.brief.title or "Codebook", "themes": nodes(None)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
