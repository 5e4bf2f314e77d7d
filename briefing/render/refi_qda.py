"""A project as a REFI-QDA project (``.qdpx``): ``project.qde`` (valid against
the standard's Project.xsd 1.0) and each source's text as ``sources/GUID.txt``.

What goes where:

* sources -> ``TextSource`` (``plainTextPath="internal://GUID.txt"``), their
  author, date, dateline, URL, language, accessed date and file name ->
  ``Variables`` (text) with a ``VariableValue`` per source; a source's note ->
  a ``Note`` and ``NoteRef``;
* themes -> ``Codes`` (nested as in the codebook, with colour and description);
  a theme's narrative -> a ``Note`` the ``Code`` refers to;
* highlights -> ``PlainTextSelection`` (``name`` is the quote) with one
  ``Coding`` per theme; a highlight's note -> a ``Note`` and ``NoteRef``;
  orphan highlights are left out and listed in the warnings;
* the bottom line and key judgments -> project ``Notes`` marked in their
  description (judgments carry ``Confidence`` and ``Likelihood`` variables);
  a judgment's support -> ``Link``s from each selection to the judgment;
* "in the brief" -> the ``Set`` "In the brief", whose description lists the
  selections' GUIDs (a Set cannot name selections) and whose members are the
  sources they come from.

Every GUID is ``model.stable_guid(project.uuid, kind, id)``: the same on every
export. Positions are code points of the exported text; with ``crlf=True`` the
texts are written with CRLF line ends and each CRLF counts as two characters,
as MAXQDA and NVivo expect.
"""

from __future__ import annotations

import bisect
import functools
import io
import re
import zipfile
from collections.abc import Callable
from xml.etree.ElementTree import Element, SubElement, tostring

from ..model import Highlight, Project, Source, ThemeTree, stable_guid

NS = "urn:QDA-XML:project:1.0"
ORIGIN = "Briefing"
BOTTOM_LINE = "Briefing: bottom line"
KEY_JUDGMENT = "Briefing: key judgment"
IN_BRIEF = "In the brief"
SOURCE_VARIABLES = (
    ("author", "Author"),
    ("date", "Date"),
    ("dateline", "Dateline"),
    ("url", "URL"),
    ("language", "Language"),
    ("accessed", "Accessed"),
    ("filename", "Filename"),
)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _q(tag: str) -> str:
    """Tags are written unqualified under the root's ``xmlns`` (ElementTree's
    ``default_namespace`` refuses unqualified attributes)."""
    return tag


def _sub(parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element:
    element = SubElement(parent, _q(tag), {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


class _Positions:
    """Code points of the stored text -> code points of the exported text."""

    def __init__(self, text: str, crlf: bool):
        self._newlines = [i for i, c in enumerate(text) if c == "\n"] if crlf else []

    def __call__(self, p: int) -> int:
        return p + bisect.bisect_left(self._newlines, p) if self._newlines else p


def qdpx_bytes(project: Project, *, crlf: bool = False) -> tuple[bytes, list[str]]:
    """The ``.qdpx`` archive and the warnings (orphan highlights left out)."""

    @functools.cache
    def guid(kind: str, key: object) -> str:
        return stable_guid(project.uuid, kind, key)

    warnings = [
        f"highlight {h.id} is an orphan (its source changed); left out of the .qdpx"
        for h in project.highlights
        if h.orphan
    ]
    highlights = [h for h in project.highlights if not h.orphan]
    root = Element(_q("Project"), {"name": xml_text(project.brief.title or "Briefing project")})
    root.set("xmlns", NS)
    root.set("origin", ORIGIN)
    user = guid("user", "author")
    root.set("creatingUserGUID", user)
    _sub(_sub(root, "Users"), "User", guid=user, name=project.brief.author or "Briefing")
    notes: list[Element] = []

    def add_note(key: str, name: str, text: str, kind: str = "") -> str:
        note_guid = guid("note", key)
        note = Element(_q("Note"), {"guid": note_guid, "name": xml_text(name)})
        if kind:
            _sub(note, "Description", kind)
        _sub(note, "PlainTextContent", text)
        notes.append(note)
        return note_guid

    _codebook(root, project, guid, add_note)
    used = [
        (f, label) for f, label in SOURCE_VARIABLES if any(getattr(s, f) for s in project.sources)
    ]
    variables = {f: guid("variable", f) for f, _ in used}
    judgment_vars = {f: guid("variable", f) for f in ("confidence", "likelihood")}
    if used or project.judgments:
        element = _sub(root, "Variables")
        for f, label in used:
            _sub(element, "Variable", guid=variables[f], name=label, typeOfVariable="Text")
        if project.judgments:
            for f, var in judgment_vars.items():
                _sub(element, "Variable", guid=var, name=f.capitalize(), typeOfVariable="Text")
    members: dict[str, bytes] = {}
    by_source: dict[int, list[Highlight]] = {}
    for h in highlights:
        by_source.setdefault(h.source_id, []).append(h)
    if project.sources:
        element = _sub(root, "Sources")
        for source in project.sources:
            sguid = guid("source", source.id)
            text = source.text.replace("\n", "\r\n") if crlf else source.text
            members[f"sources/{sguid}.txt"] = text.encode("utf-8")
            _source(element, source, by_source.get(source.id, []), guid, add_note, variables, crlf)
    project_notes = []
    if project.brief.bottom_line.strip():
        project_notes.append(
            add_note("bottom-line", "Bottom line", project.brief.bottom_line, BOTTOM_LINE)
        )
    links = []
    exported = {h.id for h in highlights}
    for n, j in enumerate(project.judgments, 1):
        jguid = add_note(f"judgment/{j.id}", f"Key judgment {n}", j.text, KEY_JUDGMENT)
        for f, var in judgment_vars.items():
            value = _sub(notes[-1], "VariableValue")
            _sub(value, "VariableRef", targetGUID=var)
            _sub(value, "TextValue", getattr(j, f))
        project_notes.append(jguid)
        links += [
            (guid("link", f"{j.id}/{h}"), guid("highlight", h), jguid)
            for h in j.support
            if h in exported
        ]
    if notes:
        element = _sub(root, "Notes")
        element.extend(notes)
    if links:
        element = _sub(root, "Links")
        for lguid, origin, target in links:
            _sub(
                element,
                "Link",
                guid=lguid,
                name="supports",
                direction="OneWay",
                originGUID=origin,
                targetGUID=target,
            )
    if highlights:
        _in_brief(root, highlights, guid)
    if project.brief.subtitle:
        _sub(root, "Description", project.brief.subtitle)
    for note_guid in project_notes:
        _sub(root, "NoteRef", targetGUID=note_guid)
    qde = tostring(root, encoding="utf-8", xml_declaration=True)
    return _zip({"project.qde": qde, **members}), warnings


def _codebook(
    root: Element,
    project: Project,
    guid: Callable[[str, object], str],
    add_note: Callable[..., str],
) -> None:
    tree = ThemeTree(project.themes)
    if not project.themes:
        return
    codes = _sub(_sub(root, "CodeBook"), "Codes")

    def add(parent: Element, theme_id: int | None) -> None:
        for t in tree.children(theme_id):
            code = _sub(
                parent,
                "Code",
                guid=guid("theme", t.id),
                name=t.name,
                isCodable="true",
                color=t.color,
            )
            if t.description:
                _sub(code, "Description", t.description)
            if t.narrative.strip():
                note = add_note(f"narrative/{t.id}", f"Narrative: {t.name}", t.narrative)
                _sub(code, "NoteRef", targetGUID=note)
            add(code, t.id)

    add(codes, None)


def _source(
    parent: Element,
    source: Source,
    highlights: list[Highlight],
    guid: Callable[[str, object], str],
    add_note: Callable[..., str],
    variables: dict[str, str],
    crlf: bool,
) -> None:
    sguid = guid("source", source.id)
    element = _sub(
        parent,
        "TextSource",
        guid=sguid,
        name=source.title or f"Source {source.id}",
        plainTextPath=f"internal://{sguid}.txt",
        creatingUser=guid("user", "author"),
    )
    pos = _Positions(source.text, crlf)
    for h in sorted(highlights, key=lambda h: (h.start, h.end, h.id)):
        quote = source.text[h.start : h.end]
        attrs = {
            "guid": guid("highlight", h.id),
            "name": quote.replace("\n", "\r\n") if crlf else quote,
            "startPosition": str(pos(h.start)),
            "endPosition": str(pos(h.end)),
            "creatingUser": guid("user", "author"),
        }
        if h.created:
            attrs["creationDateTime"] = h.created
        sel = _sub(element, "PlainTextSelection", **attrs)
        for tid in h.theme_ids:
            coding = _sub(sel, "Coding", guid=guid("coding", f"{h.id}/{tid}"))
            _sub(coding, "CodeRef", targetGUID=guid("theme", tid))
        if h.note.strip():
            note = add_note(f"highlight/{h.id}", f"Note on highlight {h.id}", h.note)
            _sub(sel, "NoteRef", targetGUID=note)
    if source.note.strip():
        note = add_note(f"source/{source.id}", f"Note on {source.title}", source.note)
        _sub(element, "NoteRef", targetGUID=note)
    for f, var in variables.items():
        value = getattr(source, f)
        if value:
            vv = _sub(element, "VariableValue")
            _sub(vv, "VariableRef", targetGUID=var)
            _sub(vv, "TextValue", value)


def _in_brief(
    root: Element, highlights: list[Highlight], guid: Callable[[str, object], str]
) -> None:
    included = [h for h in highlights if h.included]
    element = _sub(_sub(root, "Sets"), "Set", guid=guid("set", "in-brief"), name=IN_BRIEF)
    _sub(
        element,
        "Description",
        "Highlights in the brief (PlainTextSelection GUIDs):\n"
        + "\n".join(guid("highlight", h.id) for h in included),
    )
    for sid in dict.fromkeys(h.source_id for h in included):
        _sub(element, "MemberSource", targetGUID=guid("source", sid))


def _zip(members: dict[str, bytes]) -> bytes:
    """A zip with fixed member times, so the same project gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()
