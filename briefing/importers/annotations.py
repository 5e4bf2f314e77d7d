"""Reading W3C Web Annotations and Hypothesis annotations (``.jsonld`` / ``.json``).

``read_annotations(data, name)`` parses untrusted JSON into a list of
``WebAnnotation``: where each annotation points (web addresses, text
fingerprints), its text selectors and what it says (tags and a note). It
never touches a project: ``briefing.anchor_annotations`` finds each one in
the project's sources and the store writes them.

Accepted shapes:

* an ``AnnotationCollection`` with its pages embedded (``first``, then each
  page's ``next``), an ``AnnotationPage``, a single ``Annotation`` or a JSON
  list of annotations -- Briefing's own ``.jsonld`` export among them;
* the Hypothesis API: a search result (``{"rows": [...]}``), one annotation or
  a list of them (``uri``, ``target[].source``, ``target[].selector[]``,
  ``tags``, ``text``).

From each target: the ``TextQuoteSelector`` (exact, prefix, suffix) and the
``TextPositionSelector`` (start, end); ``source`` and ``scope`` are kept when
they are web addresses (http, https) or text fingerprints
(``ni:///sha-256;...``, ``briefing.text.fingerprint``). Anything else --
``urn:briefing:source:7``, a local id that means another source in another
project -- is ignored. Bodies: a ``TextualBody`` with purpose ``tagging`` (or
under motivation ``tagging``) is a tag, any other textual body (and
``bodyValue``, Hypothesis ``text``) joins the note; Hypothesis ``tags`` are
tags. Unknown keys are ignored; a file that is not JSON, or JSON of none of
these shapes, is refused in one line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .imported import ImportRefused, read_bytes, refuse

MAX_ANNOTATIONS = 100_000
"""More annotations than this in one file are refused."""

MAX_PAGES = 10_000
"""Embedded pages followed through ``next``."""


@dataclass(frozen=True)
class WebAnnotation:
    """One annotation as read from the file (texts not yet normalised)."""

    label: str
    """How to name it in a message: its id, or "annotation N"."""
    urls: tuple[str, ...] = ()
    """Web addresses of the annotated page (http/https)."""
    fingerprints: tuple[str, ...] = ()
    """Fingerprints of the annotated text (``ni:///sha-256;...``)."""
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    tags: tuple[str, ...] = ()
    note: str = ""


def load_annotations(path: str | os.PathLike[str]) -> list[WebAnnotation]:
    """``read_annotations`` of a file (refused when missing, empty or too big)."""
    return read_annotations(read_bytes(path), os.path.basename(os.fspath(path)))


def read_annotations(data: bytes, name: str) -> list[WebAnnotation]:
    """The annotations in ``data`` (module doc); ``ImportRefused`` naming ``name``."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise refuse(name, "not UTF-8 text") from None
    except RecursionError:
        raise refuse(name, "nested too deeply") from None
    except ValueError as exc:
        raise refuse(name, f"not JSON ({exc})") from None
    out: list[WebAnnotation] = []
    for n, item in enumerate(_items(doc, name), 1):
        if len(out) >= MAX_ANNOTATIONS:
            raise refuse(name, f"more than {MAX_ANNOTATIONS:,} annotations")
        if isinstance(item, dict):
            out.append(_annotation(item, n))
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("type", obj.get("@type", ""))
    return {x for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)}


def _items(doc: Any, name: str) -> Iterator[Any]:
    if isinstance(doc, list):
        yield from doc
        return
    if not isinstance(doc, dict):
        raise refuse(name, "not W3C or Hypothesis annotations")
    types = _types(doc)
    if "rows" in doc and isinstance(doc["rows"], list):  # Hypothesis search result
        yield from doc["rows"]
    elif "AnnotationCollection" in types:
        page, pages = doc.get("first"), 0
        if isinstance(page, str):
            raise refuse(name, "the collection's pages are not in the file")
        while isinstance(page, dict) and pages < MAX_PAGES:
            yield from _list(page.get("items"))
            page, pages = page.get("next"), pages + 1
    elif "AnnotationPage" in types:
        yield from _list(doc.get("items"))
    elif "target" in doc:
        yield doc
    else:
        raise refuse(name, "not W3C or Hypothesis annotations")


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _iri(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("id", value.get("@id", ""))
    return value.strip() if isinstance(value, str) else ""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


class _Reader:
    def __init__(self) -> None:
        self.urls: list[str] = []
        self.prints: list[str] = []
        self.quote: dict[str, str] | None = None
        self.position: tuple[int, int] | None = None

    def where(self, iri: str) -> None:
        low = iri.lower()
        if low.startswith(("http://", "https://")) and iri not in self.urls:
            self.urls.append(iri)
        elif low.startswith("ni:///sha-256;") and iri not in self.prints:
            self.prints.append(iri)

    def target(self, target: Any) -> None:
        if isinstance(target, str):
            self.where(target)
            return
        if not isinstance(target, dict):
            return
        self.where(_iri(target.get("source")))
        self.where(_iri(target.get("scope")))
        for sel in _list(target.get("selector")):
            if not isinstance(sel, dict):
                continue
            kind = _types(sel)
            if "TextQuoteSelector" in kind and self.quote is None and _text(sel.get("exact")):
                self.quote = {k: _text(sel.get(k)) for k in ("exact", "prefix", "suffix")}
            elif "TextPositionSelector" in kind and self.position is None:
                start, end = _int(sel.get("start")), _int(sel.get("end"))
                if start is not None and end is not None and start < end:
                    self.position = (start, end)


def _annotation(obj: dict[str, Any], n: int) -> WebAnnotation:
    r = _Reader()
    for target in _list(obj.get("target")):
        r.target(target)
    uri = _iri(obj.get("uri"))  # Hypothesis: the annotated page
    if uri:
        r.where(uri)
    tags = [t for t in _list(obj.get("tags")) if isinstance(t, str)]
    notes = [_text(obj.get("text")), _text(obj.get("bodyValue"))]
    tagging = obj.get("motivation") == "tagging"
    for body in _list(obj.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        purpose = body.get("purpose", "tagging" if tagging else "commenting")
        (tags if purpose == "tagging" else notes).append(body["value"])
    label = _iri(obj.get("id")) or f"annotation {n}"
    quote = r.quote or {}
    start, end = r.position or (None, None)
    return WebAnnotation(
        label=label,
        urls=tuple(r.urls),
        fingerprints=tuple(r.prints),
        quote=quote.get("exact", ""),
        prefix=quote.get("prefix", ""),
        suffix=quote.get("suffix", ""),
        start=start,
        end=end,
        tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
        note="\n\n".join(x.strip() for x in notes if x.strip()),
    )


__all__ = ["ImportRefused", "WebAnnotation", "load_annotations", "read_annotations"]
