"""Reading a REFI-QDA project (``.qdpx``): a zip holding ``project.qde`` and
the source texts under ``sources/``.

``read_qdpx(data, name)`` parses the archive (safely: see ``safe_xml``) into a
``QdpxProject`` of plain values; it never sees the store (``briefing.interchange``
writes it into a project in one transaction). Text sources come from
``sources/`` (``plainTextPath="internal://…"``) or inline ``PlainTextContent``;
selections are mapped to the stored text's code points (``refi_positions``),
and one that does not fit is reported in ``problems``, never guessed.

Briefing's own export is read back without loss: highlight notes (a
selection's ``NoteRef``), source notes, narratives (a code's ``NoteRef``), the
bottom line and key judgments (project notes marked in their description, with
``Confidence`` and ``Likelihood`` variables), judgment support (``Link``s from
a selection to a judgment) and "in the brief" (the ``Set`` of that name, whose
description lists the selections' GUIDs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from .codebook_file import CodebookNode, codes_of, distinct_names
from .imported import refuse
from .refi_positions import TWO, best_map
from .safe_xml import SafeZip, local, parse_xml

BOTTOM_LINE = "Briefing: bottom line"
KEY_JUDGMENT = "Briefing: key judgment"
IN_BRIEF = "In the brief"
VARIABLES = {
    "author": "author",
    "date": "date",
    "dateline": "dateline",
    "place": "dateline",
    "url": "url",
    "language": "language",
    "accessed": "accessed",
    "filename": "filename",
}
"""Variable name (lower case) -> the source field it fills."""
NoteFn = Callable[[list[Element]], str]
"""NoteRefs -> the text of the notes they point to."""
_GUID = re.compile(r"\{?[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}?")


@dataclass
class QdpxSelection:
    guid: str
    start: int
    end: int
    code_guids: list[str]
    note: str = ""


@dataclass
class QdpxSource:
    guid: str
    title: str
    text: str
    meta: dict[str, str]
    note: str = ""
    selections: list[QdpxSelection] = field(default_factory=list)
    convention: str = TWO


@dataclass
class QdpxJudgment:
    guid: str
    text: str
    confidence: str = ""
    likelihood: str = ""
    support: list[str] = field(default_factory=list)
    """Selection GUIDs, in the file's order."""


@dataclass
class QdpxProject:
    name: str
    origin: str
    codes: list[CodebookNode]
    sources: list[QdpxSource]
    judgments: list[QdpxJudgment]
    bottom_line: str = ""
    narratives: dict[str, str] = field(default_factory=dict)
    """Code GUID -> the note it refers to."""
    in_brief: set[str] | None = None
    """Selection GUIDs in the brief; None when the file says nothing (all are)."""
    problems: list[str] = field(default_factory=list)


def _child(element: Element, tag: str) -> Element | None:
    return next((c for c in element if local(c.tag) == tag), None)


def _children(element: Element | None, tag: str) -> list[Element]:
    return [c for c in element if local(c.tag) == tag] if element is not None else []


def _text_of(element: Element | None) -> str:
    return (element.text or "") if element is not None else ""


class _Reader:
    def __init__(self, archive: SafeZip, name: str):
        self.archive = archive
        self.name = name
        self.problems: list[str] = []

    def decode(self, data: bytes, member: str) -> str:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise refuse(self.name, f"{member} is not UTF-8 text") from None

    def plain_text(self, element: Element, what: str) -> str | None:
        inline = _child(element, "PlainTextContent")
        if inline is not None:
            return inline.text or ""
        path = element.get("plainTextPath") or ""
        if path.startswith("internal://"):
            member = "sources/" + path[len("internal://") :]
            if self.archive.find(member) is None:
                raise refuse(self.name, f"{what}: {member} is missing from the archive")
            return self.decode(self.archive.read(member), member)
        self.problems.append(f"{what}: its text is outside the archive ({path!r}); not imported")
        return None


def read_qdpx(data: bytes, name: str) -> QdpxProject:
    """Parse a ``.qdpx``; ImportRefused (one line) for anything unreadable."""
    archive = SafeZip(data, name)
    qde = next((n for n in archive.names() if n.lower().endswith(".qde")), None)
    if qde is None:
        raise refuse(name, "has no project.qde; not a REFI-QDA project")
    root = parse_xml(archive.read(qde), name)
    if local(root.tag) != "Project":
        raise refuse(name, f"not a REFI-QDA project (its root is <{local(root.tag)}>)")
    reader = _Reader(archive, name)
    origin = root.get("origin") or ""
    book = _child(root, "CodeBook")
    codes = distinct_names(codes_of(book, name)) if book is not None else []
    variables = {
        v.get("guid", ""): VARIABLES.get((v.get("name") or "").strip().lower(), "")
        for v in _children(_child(root, "Variables"), "Variable")
    }
    notes = {
        n.get("guid", ""): n for n in _children(_child(root, "Notes"), "Note") if n.get("guid")
    }
    note_texts: dict[str, str] = {}

    def note(refs: list[Element]) -> str:
        texts = []
        for ref in refs:
            guid = ref.get("targetGUID", "")
            if guid not in note_texts and guid in notes:
                note_texts[guid] = reader.plain_text(notes[guid], f"note {guid}") or ""
            if note_texts.get(guid, "").strip():
                texts.append(note_texts[guid].strip())
        return "\n\n".join(texts)

    sources = []
    skipped = 0
    listed = _child(root, "Sources")
    for element in list(listed) if listed is not None else []:
        if local(element.tag) != "TextSource":
            skipped += 1
            continue
        source = _source(element, reader, variables, note, origin)
        if source is not None:
            sources.append(source)
    if skipped:
        reader.problems.append(f"{skipped} non-text source(s) (PDF, picture, audio, video) skipped")
    project = QdpxProject(
        name=root.get("name") or "",
        origin=origin,
        codes=codes,
        sources=sources,
        judgments=[],
        problems=reader.problems,
    )
    _briefing_extras(root, project, notes, note)
    _narratives(book, project, note)
    unused = len(set(notes) - set(note_texts))
    if unused:
        reader.problems.append(f"{unused} note(s) not attached to a source, selection or code")
    return project


def _source(
    element: Element,
    reader: _Reader,
    variables: dict[str, str],
    note: NoteFn,
    origin: str,
) -> QdpxSource | None:
    guid = element.get("guid", "")
    title = element.get("name") or guid
    raw = reader.plain_text(element, f"source {title!r}")
    if raw is None:
        return None
    raw_selections = _children(element, "PlainTextSelection")
    found = []
    for sel in raw_selections:
        try:
            found.append((int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))))
        except ValueError:
            raise refuse(
                reader.name, f"source {title!r}: a selection has no valid position"
            ) from None
    mapped = best_map(
        raw,
        [(s, e, sel.get("name")) for (s, e), sel in zip(found, raw_selections, strict=True)],
        origin,
    )
    meta: dict[str, str] = {}
    for value in _children(element, "VariableValue"):
        ref = _child(value, "VariableRef")
        fld = variables.get(ref.get("targetGUID", "") if ref is not None else "", "")
        content = next((c for c in value if local(c.tag) != "VariableRef"), None)
        text = (content.text or "").strip() if content is not None else ""
        if fld and text:
            meta[fld] = text[:10] if fld == "date" and "T" in text[10:11] else text
    source = QdpxSource(
        guid=guid,
        title=title,
        text=mapped.text,
        meta=meta,
        note=note(_children(element, "NoteRef")),
        convention=mapped.label,
    )
    for (start, end), sel in zip(found, raw_selections, strict=True):
        span = mapped.span(start, end, sel.get("name"))
        if span is None:
            reader.problems.append(
                f"source {title!r}: selection {start}–{end} does not fit the text "
                f"({mapped.label}); not imported"
            )
            continue
        codings = _children(sel, "Coding")
        code_guids = [
            ref.get("targetGUID", "") for c in codings if (ref := _child(c, "CodeRef")) is not None
        ]
        note_refs = _children(sel, "NoteRef") + [
            r for c in codings for r in _children(c, "NoteRef")
        ]
        source.selections.append(
            QdpxSelection(sel.get("guid", ""), span[0], span[1], code_guids, note(note_refs))
        )
    return source


def _briefing_extras(
    root: Element,
    project: QdpxProject,
    notes: dict[str, Element],
    note: NoteFn,
) -> None:
    """The bottom line, key judgments with support, and "in the brief"."""
    names = {
        v.get("guid", ""): (v.get("name") or "").strip().lower()
        for v in _children(_child(root, "Variables"), "Variable")
    }
    judgments: dict[str, QdpxJudgment] = {}
    for guid, element in notes.items():
        kind = _text_of(_child(element, "Description")).strip()
        if kind == BOTTOM_LINE:
            project.bottom_line = note([_ref(guid)])
        elif kind == KEY_JUDGMENT:
            j = QdpxJudgment(guid=guid, text=note([_ref(guid)]))
            for value in _children(element, "VariableValue"):
                ref = _child(value, "VariableRef")
                var = names.get(ref.get("targetGUID", "") if ref is not None else "", "")
                content = next((c for c in value if local(c.tag) != "VariableRef"), None)
                text = (content.text or "").strip() if content is not None else ""
                if var == "confidence":
                    j.confidence = text
                elif var == "likelihood":
                    j.likelihood = text
            judgments[guid] = j
    for link in _children(_child(root, "Links"), "Link"):
        target = judgments.get(link.get("targetGUID", ""))
        if target is not None and link.get("originGUID"):
            target.support.append(link.get("originGUID", ""))
    project.judgments = list(judgments.values())
    for s in _children(_child(root, "Sets"), "Set"):
        if (s.get("name") or "").strip() == IN_BRIEF:
            project.in_brief = set(_GUID.findall(_text_of(_child(s, "Description"))))


def _ref(guid: str) -> Element:
    return Element("NoteRef", {"targetGUID": guid})


def _narratives(book: Element | None, project: QdpxProject, note: NoteFn) -> None:
    stack = list(_children(_child(book, "Codes"), "Code")) if book is not None else []
    while stack:
        code = stack.pop()
        refs = _children(code, "NoteRef")
        if refs:
            project.narratives[code.get("guid", "")] = note(refs)
        stack.extend(_children(code, "Code"))
