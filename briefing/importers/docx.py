"""Word .docx documents via python-docx: body paragraphs and tables in order.

Paragraphs are separated by one blank line, list items by a line break.
The title is the core "title" property, else a leading Title or Heading 1
paragraph; that paragraph leaves the body when it is the title. The author
comes from the core properties.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from .imported import ImportedSource, refuse
from .metadata import build_source

_TITLE_STYLES = ("title", "heading 1")


def _style(paragraph: Paragraph) -> str:
    try:
        return (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return ""


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _blocks(document: Any) -> list[tuple[str, str]]:
    """(kind, text) per body block: kind is the lower-case style name, "list" or "table"."""
    blocks: list[tuple[str, str]] = []
    numbers = 0
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks.append(("table", "\n".join(_table_rows(item))))
            continue
        text = item.text.strip()
        style = _style(item)
        if not text:
            continue
        if style.startswith("list number"):
            numbers += 1
            blocks.append(("list", f"{numbers}. {text}"))
        elif style.startswith(("list bullet", "list paragraph")):
            blocks.append(("list", f"- {text}"))
        else:
            numbers = 0
            blocks.append((style, text))
    return blocks


def _join(blocks: list[tuple[str, str]]) -> str:
    out: list[str] = []
    for i, (kind, text) in enumerate(blocks):
        if i and not (kind == "list" and blocks[i - 1][0] == "list"):
            out.append("\n\n")
        elif i:
            out.append("\n")
        out.append(text)
    return "".join(out)


def import_docx(data: bytes, name: str) -> ImportedSource:
    """A .docx file: text, title and author; ImportRefused when it is damaged or not Word."""
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [b for b in _blocks(document) if b[1]]
        props = document.core_properties
        core_title, author, language = props.title or "", props.author or "", props.language or ""
    except Exception:  # noqa: BLE001 - zipfile, lxml, python-docx raise many kinds on damage
        raise refuse(name, "is not a readable Word document (damaged, or not .docx)") from None
    title = " ".join(core_title.split())
    if blocks and blocks[0][0] in _TITLE_STYLES and (not title or blocks[0][1] == title):
        title = blocks.pop(0)[1]  # the heading is the title: it leaves the body
    return build_source(
        _join(blocks),
        filename=name,
        title=title,
        author=author,
        language=language,
        empty_reason="the document has no text",
    )
