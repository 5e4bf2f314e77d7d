"""The project's highlights as W3C Web Annotations (JSON-LD).

``render_annotations(project)`` returns an ``AnnotationCollection`` whose
first ``AnnotationPage`` holds one ``Annotation`` per highlight (every
highlight, included in the brief or not, in source order then position):

* ``id`` ``urn:briefing:highlight:{id}``, ``motivation`` "highlighting";
* ``body``: the note as a ``TextualBody`` (``format`` "text/markdown",
  ``purpose`` "commenting") when there is one, plus one ``TextualBody`` with
  ``purpose`` "tagging" per theme name;
* ``target``: ``source`` is the source text's fingerprint
  (``briefing.text.fingerprint``: an RFC 6920 ``ni:///sha-256;...`` URI of
  the stored text), so the same text is recognised in any project and a
  local source id never leaks out; when the source has a web address it is
  given as ``scope`` (the page the text came from); ``selector``: a
  ``TextQuoteSelector`` (exact, prefix, suffix) and a
  ``TextPositionSelector`` (start, end).

The collection and its page have ``id``s (``urn:uuid:``, derived from the
project's UUID, ``project_uuid``), as the model requires; the page names the
collection in ``partOf``.

Positions count Unicode code points (Python ``str`` indices) into the
source's stored text (NFC, ``\\n`` line ends), not UTF-16 units or bytes --
which is what the Web Annotation model itself prescribes for a
TextPositionSelector; the README says so (the file no longer carries a
``comment`` key, a term the anno.jsonld context does not define, so JSON-LD
processors dropped it). An orphan highlight (its quote was not found again
after a re-import) has no TextPositionSelector, since its offsets are stale.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from ..brief.markup import safe_href
from ..model import Project, codebook_order
from ..text import fingerprint

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"

_PROJECT_NAMESPACE = uuid.UUID("6f1c3f0e-2d55-5b0e-9a8e-6b7269656669")
"""UUID5 namespace of the stand-in project UUIDs below."""


def project_uuid(project: Project) -> uuid.UUID:
    """The project's UUID (kept in the project file, ``Project.uuid``), from which the
    collection's ids derive; a project loaded without one (an old file opened
    read-only) falls back to a stand-in derived from its first source's text."""
    if project.uuid:
        try:
            return uuid.UUID(project.uuid)
        except ValueError:
            pass
    first = min(project.sources, key=lambda s: s.id, default=None)
    seed = fingerprint(first.text) if first is not None else "title:" + project.brief.title
    return uuid.uuid5(_PROJECT_NAMESPACE, seed)


def collection_ids(project: Project) -> tuple[str, str]:
    """(collection id, page id) as ``urn:uuid:`` URIs."""
    base = project_uuid(project)
    return (
        f"urn:uuid:{uuid.uuid5(base, 'annotations')}",
        f"urn:uuid:{uuid.uuid5(base, 'annotations/page/0')}",
    )


def render_annotations(project: Project) -> dict[str, Any]:
    """The highlights as a W3C AnnotationCollection (a JSON-ready dict)."""
    sources = {s.id: s for s in project.sources}
    prints = {s.id: fingerprint(s.text) for s in project.sources}
    rank = {s.id: (s.position, s.id) for s in project.sources}
    names = {t.id: t.name for t in codebook_order(project.themes)}
    items = []
    for h in sorted(
        project.highlights,
        key=lambda h: (rank.get(h.source_id, (1 << 62, h.source_id)), h.start, h.id),
    ):
        body: list[dict[str, Any]] = []
        if h.note.strip():
            body.append(
                {
                    "type": "TextualBody",
                    "value": h.note,
                    "format": "text/markdown",
                    "purpose": "commenting",
                }
            )
        for tid in dict.fromkeys(h.theme_ids):
            if tid in names:
                body.append({"type": "TextualBody", "value": names[tid], "purpose": "tagging"})
        selector: list[dict[str, Any]] = [
            {"type": "TextQuoteSelector", "exact": h.quote, "prefix": h.prefix, "suffix": h.suffix}
        ]
        if not h.orphan:
            selector.append({"type": "TextPositionSelector", "start": h.start, "end": h.end})
        target: dict[str, Any] = {
            "source": prints.get(h.source_id, f"urn:briefing:source:{h.source_id}"),
            "selector": selector,
        }
        src = sources.get(h.source_id)
        if (
            src is not None
            and src.url
            and safe_href(src.url.strip())
            and not src.url.strip().lower().startswith("mailto:")
        ):
            target["scope"] = src.url.strip()
        anno: dict[str, Any] = {
            "@context": ANNO_CONTEXT,
            "id": f"urn:briefing:highlight:{h.id}",
            "type": "Annotation",
            "motivation": "highlighting",
        }
        if h.created:
            anno["created"] = h.created
        if body:
            anno["body"] = body if len(body) > 1 else body[0]
        anno["target"] = target
        items.append(anno)
    collection_id, page_id = collection_ids(project)
    return {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": project.brief.title or "Briefing highlights",
        "total": len(items),
        "first": {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        },
    }


def annotations_json(project: Project) -> str:
    """``render_annotations`` as JSON-LD text."""
    return json.dumps(render_annotations(project), ensure_ascii=False, indent=2) + "\n"
