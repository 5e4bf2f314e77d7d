"""Finding imported W3C / Hypothesis annotations in a project's sources.

``place_annotations(sources, annotations, existing)`` decides, without
writing anything, where each ``WebAnnotation``
(``briefing.importers.annotations``) goes:

1. **Which source.** The sources whose text fingerprint
   (``briefing.text.fingerprint``: SHA-256 of the stored text) is one the
   annotation names come first, then the sources whose web address is the
   annotated page's (compared without scheme, ``www.``, fragment or trailing
   slash). A source id in the file is never used: it would mean another
   source in another project.
2. **Where in it.** The ``TextQuoteSelector`` is anchored with the same
   engine that re-anchors highlights after a re-import
   (``briefing.anchoring.anchor``: position, exact quote with context,
   folded whitespace and quotation marks, small edits), the
   ``TextPositionSelector`` serving only as the expected place. Without a
   quote, positions are trusted only on a source with the very same text.
3. **Already there.** A span some highlight of the project (or an earlier
   annotation of the file) already covers exactly is skipped and counted.

The result lists the spans to store (``TaggedSpan``: themes by name, note)
and, for each annotation that could not be placed, one line saying why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .anchoring import Selector, anchor
from .importers.annotations import WebAnnotation
from .model import Source, normalize_text
from .store.tagged import TaggedSpan
from .text import fingerprint, shorten


@dataclass
class Placement:
    spans: list[TaggedSpan] = field(default_factory=list)
    """What to store, in file order."""
    unanchored: list[str] = field(default_factory=list)
    """One line per annotation that found no place: which, and why."""
    duplicates: int = 0
    """Annotations whose span was already highlighted."""


def page_key(url: str) -> str:
    """A web address compared loosely: no scheme, no "www.", no fragment, no
    trailing slash, host in lower case."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = parts.netloc.lower().removeprefix("www.")
    if not host:
        return ""
    path = parts.path.rstrip("/")
    return host + path + ("?" + parts.query if parts.query else "")


def _label(a: WebAnnotation) -> str:
    what = f"“{shorten(a.quote, 60)}”" if a.quote.strip() else a.label
    return what if what == a.label else f"{what} ({shorten(a.label, 60)})"


def place_annotations(
    sources: Sequence[Source],
    annotations: Iterable[WebAnnotation],
    existing: Iterable[tuple[int, int, int]] = (),
) -> Placement:
    """Where each annotation goes (module doc); ``existing`` are the
    project's highlights as (source id, start, end)."""
    by_print: dict[str, list[Source]] = {}
    by_page: dict[str, list[Source]] = {}
    for s in sources:
        by_print.setdefault(fingerprint(s.text), []).append(s)
        if s.url and page_key(s.url):
            by_page.setdefault(page_key(s.url), []).append(s)
    taken = set(existing)
    out = Placement()
    for a in annotations:
        exact = [s for p in a.fingerprints for s in by_print.get(p, ())]
        near = [s for u in a.urls for s in by_page.get(page_key(u), ())]
        candidates = list({s.id: s for s in exact + near}.values())
        if not candidates:
            why = (
                "no source in the project has its web address or text"
                if a.urls or a.fingerprints
                else "it names no web address or text fingerprint to match"
            )
            out.unanchored.append(f"{_label(a)}: {why}")
            continue
        if not a.quote.strip() and a.start is None:
            out.unanchored.append(f"{_label(a)}: no text selector")
            continue
        found = _find(a, candidates, {s.id for s in exact})
        if found is None:
            titles = ", ".join(shorten(s.title, 40) for s in candidates[:3])
            out.unanchored.append(f"{_label(a)}: the quote is not in {titles}")
            continue
        if found in taken:
            out.duplicates += 1
            continue
        taken.add(found)
        out.spans.append(TaggedSpan(*found, themes=a.tags, note=normalize_text(a.note).strip()))
    return out


def _find(
    a: WebAnnotation, candidates: list[Source], same_text: set[int]
) -> tuple[int, int, int] | None:
    quote = normalize_text(a.quote)
    for s in candidates:
        if quote.strip():
            start = a.start if a.start is not None else 0
            end = a.end if a.end is not None else start + len(quote)
            sel = Selector(start, end, quote, normalize_text(a.prefix), normalize_text(a.suffix))
            hit = anchor(s.text, sel)
            if hit is not None and hit.start < hit.end:
                return (s.id, hit.start, hit.end)
        elif (
            s.id in same_text
            and a.start is not None
            and a.end is not None
            and a.end <= len(s.text)
            and s.text[a.start : a.end].strip()
        ):
            return (s.id, a.start, a.end)
    return None
