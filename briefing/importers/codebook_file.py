"""Reading a codebook file: REFI-QDA ``.qdc``, a Taguette-style ``.csv`` or
Briefing's ``.json``.

Each gives the same nested shape the starter codebooks use: a list of
``{"name", "color", "description", "keywords", "children"}`` dicts, where
``color`` is ``None`` when the file gives none (the store then picks one from
the palette). What other tools write and the schema does not allow is read
anyway: an empty ``<Sets/>`` (Taguette), ``isCodable="false"`` categories
(kept as parent themes), names with dots or slashes (kept as they are, never
split into a hierarchy), missing descriptions and colours.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from xml.etree.ElementTree import Element

from .imported import refuse
from .safe_xml import local, parse_xml

CodebookNode = dict[str, Any]

_RGB = re.compile(r"^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
CODEBOOK_SUFFIXES = (".qdc", ".csv", ".json")


def color_of(value: str | None) -> str | None:
    """``#RRGGBB`` (upper case) from ``#RGB``, ``#RRGGBB`` or ``RRGGBB``; None otherwise."""
    m = _RGB.match((value or "").strip())
    if not m:
        return None
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.upper()


def read_codebook(data: bytes, name: str) -> list[CodebookNode]:
    """The themes of a codebook file, chosen by the suffix of ``name``."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix == ".qdc":
        nodes = codes_of(_codebook_root(data, name), name)
    elif suffix == ".csv":
        nodes = _read_csv(data, name)
    elif suffix == ".json":
        nodes = _read_json(data, name)
    else:
        raise refuse(name, "not a codebook file; use " + ", ".join(CODEBOOK_SUFFIXES))
    if not nodes:
        raise refuse(name, "the codebook has no codes")
    return distinct_names(nodes)


def distinct_names(nodes: list[CodebookNode]) -> list[CodebookNode]:
    """Theme names are unique in a project (matched without case), so a name
    the codebook uses again under another parent (MAXQDA's "Other" in each
    category) becomes "Parent / Other" rather than merging the two."""
    seen: set[str] = set()

    def walk(group: list[CodebookNode], parent: str) -> None:
        for node in group:
            if node["name"].casefold() in seen and parent:
                node["name"] = f"{parent} / {node['name']}"
            seen.add(node["name"].casefold())
            walk(node.get("children", []), node["name"])

    walk(nodes, "")
    return nodes


def _codebook_root(data: bytes, name: str) -> Element:
    root = parse_xml(data, name)
    if local(root.tag) == "Project":  # a project.qde given as a codebook: take its CodeBook
        book = next((c for c in root if local(c.tag) == "CodeBook"), None)
        if book is None:
            raise refuse(name, "the project has no codebook")
        root = book
    if local(root.tag) != "CodeBook":
        raise refuse(name, f"not a REFI-QDA codebook (its root is <{local(root.tag)}>)")
    return root


def codes_of(book: Element, name: str) -> list[CodebookNode]:
    """The nested codes of a ``CodeBook`` element (codebook or project namespace)."""
    codes = next((c for c in book if local(c.tag) == "Codes"), None)
    if codes is None:
        raise refuse(name, "the codebook has no <Codes>")
    return [_code(c, name) for c in codes if local(c.tag) == "Code"]


def _code(element: Element, name: str) -> CodebookNode:
    code_name = (element.get("name") or "").strip()
    if not code_name:
        raise refuse(name, "a <Code> has no name")
    description = ""
    children = []
    for child in element:
        tag = local(child.tag)
        if tag == "Description":
            description = (child.text or "").strip()
        elif tag == "Code":
            children.append(_code(child, name))
    return {
        "name": code_name,
        "color": color_of(element.get("color")),
        "description": description,
        "keywords": [],
        "children": children,
        "guid": element.get("guid") or "",
        "codable": (element.get("isCodable") or "true").strip().lower() not in ("false", "0"),
    }


def _text(data: bytes, name: str) -> str:
    for encoding in (
        ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",)
    ):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise refuse(name, "not UTF-8 text")


def _read_csv(data: bytes, name: str) -> list[CodebookNode]:
    """Taguette's codebook CSV: ``tag, description, number of highlights``
    (a ``name`` column and a ``color`` column are read too)."""
    rows = list(csv.reader(io.StringIO(_text(data, name))))
    if not rows:
        raise refuse(name, "the file is empty")
    header = [h.strip().lower() for h in rows[0]]
    col = next((header.index(k) for k in ("tag", "name", "code", "theme") if k in header), None)
    if col is None:
        raise refuse(name, "no 'tag' column (Taguette codebooks start: tag,description,…)")
    desc = header.index("description") if "description" in header else None
    color = next((header.index(k) for k in ("color", "colour") if k in header), None)
    nodes: list[CodebookNode] = []
    for row in rows[1:]:
        row = [_unescaped(c) for c in row]
        cell = row[col].strip() if col < len(row) else ""
        if not cell:
            continue
        nodes.append(
            {
                "name": cell,
                "color": color_of(row[color]) if color is not None and color < len(row) else None,
                "description": row[desc].strip() if desc is not None and desc < len(row) else "",
                "keywords": [],
                "children": [],
            }
        )
    return nodes


def _unescaped(cell: str) -> str:
    """A cell written as ``'=…`` so a spreadsheet shows it as text, read back as ``=…``."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def _read_json(data: bytes, name: str) -> list[CodebookNode]:
    try:
        loaded = json.loads(_text(data, name))
    except RecursionError:
        raise refuse(name, "not a codebook file (nested too deeply)") from None
    except ValueError as exc:
        raise refuse(name, f"not a codebook file (not JSON: {exc})") from None
    where = "themes" if isinstance(loaded, dict) else "the top level"
    themes = loaded.get("themes") if isinstance(loaded, dict) else loaded
    if not isinstance(themes, list):
        raise refuse(name, f"not a codebook file ({where} is not a list of themes)")
    try:
        if any(isinstance(t, dict) and "parent_id" in t for t in themes):
            themes = _nest(themes)  # a project's .json export: flat, with parent ids
        return [_json_node(t, f"{where}[{i}]") for i, t in enumerate(themes)]
    except (ValueError, TypeError) as exc:
        raise refuse(name, f"not a codebook file ({exc})") from None


MAX_DEPTH = 100
"""Levels of themes a codebook may nest (deeper is refused, not a RecursionError)."""


def _nest(flat: list[Any]) -> list[Any]:
    """Flat themes with ``id`` and ``parent_id`` as nested nodes, in file order."""
    nodes = {t.get("id"): {**t, "children": []} for t in flat if isinstance(t, dict)}
    roots: list[Any] = []
    for key, node in nodes.items():
        seen, up = {key}, node.get("parent_id")
        while up in nodes and up not in seen:  # a parent chain that loops: top level
            seen.add(up)
            up = nodes[up].get("parent_id")
        parent = nodes.get(node.get("parent_id")) if up not in seen else None
        (parent["children"] if parent is not None else roots).append(node)
    return roots


def _json_node(node: Any, where: str, depth: int = 0) -> CodebookNode:
    if depth >= MAX_DEPTH:
        raise ValueError(f"{where}: themes nested more than {MAX_DEPTH} levels deep")
    if not isinstance(node, dict):
        raise ValueError(f"{where} is not a theme (an object with a name)")
    if not isinstance(node.get("name"), str | int | float) or not str(node["name"]).strip():
        raise ValueError(f"{where}.name: every theme needs a name")
    children = node.get("children") or []
    keywords = node.get("keywords") or []
    if not isinstance(children, list):
        raise ValueError(f"{where}.children is not a list of themes")
    if not isinstance(keywords, list):
        raise ValueError(f"{where}.keywords is not a list")
    color = node.get("color")
    return {
        "name": str(node["name"]).strip(),
        "color": color_of(color) if isinstance(color, str) else None,
        "description": str(node.get("description") or ""),
        "keywords": [str(k) for k in keywords],
        "children": [
            _json_node(c, f"{where}.children[{i}]", depth + 1) for i, c in enumerate(children)
        ],
    }
