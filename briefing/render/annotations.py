"""The project's highlights as W3C Web Annotations (JSON-LD).

``render_annotations(project)`` returns an ``AnnotationCollection`` whose
first ``AnnotationPage`` holds one ``Annotation`` per highlight (every
highlight, included in the brief or not, in source order then position):

* ``id`` ``urn:briefing:highlight:{id}``, ``motivation`` "highlighting";
* ``body``: the note as a ``TextualBody`` (``format`` "text/markdown",
  ``purpose`` "commenting") when there is one, plus one ``TextualBody`` with
  ``purpose`` "tagging" per theme name;
* ``target``: ``source`` ``urn:briefing:source:{id}``; when the source has a
  web address it is given as ``scope`` (the page the text came from);
  ``selector``: a ``TextQuoteSelector`` (exact, prefix, suffix) and a
  ``TextPositionSelector`` (start, end).

Positions count Unicode code points (Python ``str`` indices) into the
source's stored text (NFC, ``\\n`` line ends), not UTF-16 units or bytes; the
collection's ``comment`` says so. An orphan highlight (its quote was not
found again after a re-import) has no TextPositionSelector, since its
offsets are stale.
"""

from __future__ import annotations

import json
from typing import Any

from ..brief.markup import safe_href
from ..model import Project, codebook_order

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"

POSITION_NOTE = (
    "TextPositionSelector start/end count Unicode code points into the source "
    "text as stored by Briefing (NFC, \\n line ends); not UTF-16 code units, "
    "not bytes."
)


def render_annotations(project: Project) -> dict[str, Any]:
    """The highlights as a W3C AnnotationCollection (a JSON-ready dict)."""
    sources = {s.id: s for s in project.sources}
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
            "source": f"urn:briefing:source:{h.source_id}",
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
    return {
        "@context": ANNO_CONTEXT,
        "type": "AnnotationCollection",
        "label": project.brief.title or "Briefing highlights",
        "comment": POSITION_NOTE,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def annotations_json(project: Project) -> str:
    """``render_annotations`` as JSON-LD text."""
    return json.dumps(render_annotations(project), ensure_ascii=False, indent=2) + "\n"
