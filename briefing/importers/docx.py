"""Word .docx documents: body text in reading order, then notes and comments.

The body is read from its XML (``docx_body``): paragraphs and tables in order,
tables nested in a cell read inside that cell, text boxes after the paragraph
that anchors them, footnote and endnote markers ("[1]", "[i]") kept where they
are referenced. The notes follow the body under "Notes", and comments under
"Comments" with their authors. Headers and footers are left out. Paragraphs are
separated by one blank line, list items by a line break. ISO/IEC 29500 Strict
documents are read after their namespaces are translated to the transitional
ones python-docx knows.

The title is the core "title" property, else a leading Title or Heading 1
paragraph; that paragraph leaves the body when it is the title. The author
comes from the core properties.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
from lxml import etree

from .budget import check_archive, check_characters, check_paragraphs
from .docx_body import Notes, W, blocks, comment_texts, note_texts, paragraph_style
from .imported import ImportedSource, ImportRefused, refuse
from .metadata import build_source

_TITLE_STYLES = ("title", "heading 1")
_STRICT = (  # ISO/IEC 29500 Strict namespace -> transitional (ECMA-376) namespace
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main",
     b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/customProperties",
     b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/sharedTypes",
     b"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes"),
    (b"http://purl.oclc.org/ooxml/officeDocument/math",
     b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
     b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    (b"http://purl.oclc.org/ooxml/drawingml/main",
     b"http://schemas.openxmlformats.org/drawingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/drawingml/picture",
     b"http://schemas.openxmlformats.org/drawingml/2006/picture"),
)  # fmt: skip


def _transitional(data: bytes) -> bytes:
    """A Strict document rewritten with transitional namespaces; others unchanged."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if not any(
            b"purl.oclc.org/ooxml" in z.read(n) for n in z.namelist() if n.endswith(".rels")
        ):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                content = z.read(info)
                if info.filename.endswith((".xml", ".rels")):
                    for strict, transitional in _STRICT:
                        content = content.replace(strict, transitional)
                w.writestr(info, content)
    return out.getvalue()


def _style_names(document: Any) -> dict[str, str]:
    try:
        return {s.style_id: (s.name or "").lower() for s in document.styles}
    except (KeyError, ValueError, AttributeError):
        return {}


def _related(document: Any, kind: str) -> Any:
    """The parsed XML of the body's related part of type ``kind`` ("footnotes", …)."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/" + kind) and not rel.is_external:
            return etree.fromstring(rel.target_part.blob)
    return None


_PLAIN = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
"""Plain lxml elements walk several times faster than python-docx's element classes;
huge_tree: the part's size is already bounded by ``check_archive``."""


def _plain_body(source: bytes, document: Any) -> Any:
    """The main part's ``w:body`` parsed again as plain lxml elements."""
    with zipfile.ZipFile(io.BytesIO(source)) as z:
        root = etree.fromstring(z.read(str(document.part.partname).lstrip("/")), _PLAIN)
    return root.find(f"{W}body")


def _body(document: Any, name: str, source: bytes) -> tuple[list[tuple[str, str]], list[str]]:
    """(kind, text) per body block, and the closing sections' paragraphs; ImportRefused
    past the paragraph or character limit."""
    names = _style_names(document)
    notes = Notes()
    found: list[tuple[str, str]] = []
    number = 0
    body = blocks(_plain_body(source, document), notes)
    check_paragraphs(len(body), name)
    check_characters(sum(len(raw) for _, raw in body), name)
    for el, raw in body:
        text = raw.strip()
        if not text:
            continue
        if el.tag.endswith("}tbl"):
            found.append(("table", text))
            continue
        sid, numbered = paragraph_style(el)
        style = names.get(sid, sid.lower())
        if style.startswith("list number"):
            number += 1
            found.append(("list", f"{number}. {text}"))
        elif style.startswith(("list bullet", "list paragraph")) or (
            numbered and not style.startswith(("heading", "title"))
        ):
            found.append(("list", f"- {text}"))
        else:
            number = 0
            found.append((style, text))
    closing: list[str] = []
    listed = []
    for kind, markers in (("footnotes", notes.footnotes), ("endnotes", notes.endnotes)):
        root = _related(document, kind) if markers else None
        if root is not None:
            listed += note_texts(root, kind[:-1], markers)
    if listed:
        closing += ["Notes", "\n".join(listed)]
    comments = _related(document, "comments")
    said = comment_texts(comments) if comments is not None else []
    if said:
        closing += ["Comments", "\n".join(said)]
    return found, closing


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
    check_archive(data, name)  # decompressed sizes, before any part is read whole
    try:
        source = _transitional(data)
        document = docx.Document(io.BytesIO(source))
        found, closing = _body(document, name, source)
        props = document.core_properties
        core_title, author, language = props.title or "", props.author or "", props.language or ""
    except MemoryError:
        raise  # the child reports the memory limit
    except ImportRefused:
        raise
    except Exception:  # noqa: BLE001 - zipfile, lxml, python-docx raise many kinds on damage
        raise refuse(name, "is not a readable Word document (damaged, or not .docx)") from None
    title = " ".join(core_title.split())
    if found and found[0][0] in _TITLE_STYLES and (not title or found[0][1] == title):
        title = found.pop(0)[1]  # the heading is the title: it leaves the body
    text = "\n\n".join(part for part in (_join(found), *closing) if part)
    return build_source(
        text,
        filename=name,
        title=title,
        author=author,
        language=language,
        empty_reason="the document has no text",
    )
