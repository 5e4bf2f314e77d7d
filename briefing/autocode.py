"""Autocode: tag every match of a text in the sources, as MAXQDA's autocode does.

``find_spans(texts, find, ...)`` finds ``find`` (plain text, or a regular
expression with ``regex=True``; case-insensitive unless ``case=True``; whole
words only with ``whole_words=True``) in each source text and expands every
match to its scope:

* ``"match"``: the matched text itself;
* ``"sentence"`` (the default): the sentence(s) holding the match. Sentences
  end at ``. ! ? \u2026`` and the Arabic ``\u061f \u06d4`` followed by
  whitespace, and at paragraph breaks;
* ``"paragraph"``: the paragraph(s) holding the match. Paragraphs are those
  of the source appendix (``briefing.brief.appendix.source_paragraphs``):
  separated by blank lines, or by line ends when the text has no blank line.

Scopes that overlap or repeat are merged into one span. A span already
covered by a highlight carrying the theme (``covered``) is skipped, so a
second run adds nothing. Positions are code points, as in the model.

``autocode(store, theme_id, find, ...)`` runs ``find_spans`` over the
project's sources and adds the new spans as highlights tagged with the theme
in one transaction. Autocoded highlights start *out of* the brief
(``included=False``) until the analyst includes them; highlights added one at
a time (the window, ``briefing highlight``) still start in the brief.

No Qt; the store is only passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from .brief.appendix import source_paragraphs

if TYPE_CHECKING:
    from .store import Store

SCOPES: tuple[str, ...] = ("match", "sentence", "paragraph")
"""The scopes a match can be expanded to; ``"sentence"`` is the default."""

_SENTENCE_END = re.compile(r"[.!?\u2026\u061f\u06d4]+[\"'\u201d\u2019)\]]*(?=\s)")


def compile_find(
    find: str, *, regex: bool = False, case: bool = False, whole_words: bool = False
) -> re.Pattern[str]:
    """The pattern for ``find``; ``ValueError`` (one line) for an empty text
    or a bad regular expression."""
    if not find:
        raise ValueError("nothing to find: the search text is empty")
    body = find if regex else re.escape(find)
    if whole_words:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    try:
        return re.compile(body, 0 if case else re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"bad regular expression {find!r}: {exc}") from None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, in code points, whitespace
    around each sentence left out; sentences never cross a paragraph."""
    out: list[tuple[int, int]] = []
    for pa, pb in source_paragraphs(text):
        pos = pa
        for m in _SENTENCE_END.finditer(text, pa, pb):
            _add_trimmed(out, text, pos, m.end())
            pos = m.end()
        _add_trimmed(out, text, pos, pb)
    return out


def _add_trimmed(out: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    seg = text[a:b]
    stripped = seg.strip()
    if stripped:
        a += len(seg) - len(seg.lstrip())
        out.append((a, a + len(stripped)))


def _expand(units: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The union of the units overlapping [start, end); the match itself when
    it falls between units (whitespace)."""
    hit = [(a, b) for a, b in units if a < end and start < b]
    if not hit:
        return start, end
    return min(start, hit[0][0]), max(end, hit[-1][1])


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def find_spans(
    texts: Mapping[int, str],
    find: str,
    *,
    regex: bool = False,
    case: bool = False,
    whole_words: bool = False,
    scope: str = "sentence",
    covered: Mapping[int, Iterable[tuple[int, int]]] | None = None,
) -> list[tuple[int, int, int]]:
    """New (source id, start, end) spans for every match of ``find`` in
    ``texts`` (source id -> text), expanded to ``scope`` and merged, in
    source order as given, then by position.

    ``covered`` maps a source id to the (start, end) of highlights that
    already carry the theme: a span inside one of them is skipped.
    ``ValueError`` for an empty ``find``, a bad regular expression or an
    unknown scope.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}: use match, sentence or paragraph")
    pattern = compile_find(find, regex=regex, case=case, whole_words=whole_words)
    covered = covered or {}
    out: list[tuple[int, int, int]] = []
    for sid, text in texts.items():
        matches = [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]
        if not matches:
            continue
        if scope == "sentence":
            units = sentence_spans(text)
            matches = [_expand(units, a, b) for a, b in matches]
        elif scope == "paragraph":
            units = source_paragraphs(text)
            matches = [_expand(units, a, b) for a, b in matches]
        old = list(covered.get(sid, ()))
        for a, b in _merge(matches):
            if any(ca <= a and b <= cb for ca, cb in old):
                continue
            out.append((sid, a, b))
    return out


def autocode(
    store: Store,
    theme_id: int,
    find: str,
    *,
    regex: bool = False,
    case: bool = False,
    whole_words: bool = False,
    scope: str = "sentence",
    source_ids: Iterable[int] | None = None,
) -> list[int]:
    """Tag every match of ``find`` in the project's sources (or only
    ``source_ids``) with theme ``theme_id``; returns the new highlight ids.

    All new highlights are added in one transaction, out of the brief.
    ``KeyError`` for an unknown theme or source, ``ValueError`` for a bad
    search (see ``find_spans``); nothing is written then.
    """
    store.theme(theme_id)  # KeyError when unknown
    ids = [s.id for s in store.sources()] if source_ids is None else list(source_ids)
    texts = {sid: store.source_text(sid) for sid in ids}
    covered: dict[int, list[tuple[int, int]]] = {}
    for h in store.highlights():
        if h.source_id in texts and theme_id in h.theme_ids and not h.orphan:
            covered.setdefault(h.source_id, []).append((h.start, h.end))
    spans = find_spans(
        texts,
        find,
        regex=regex,
        case=case,
        whole_words=whole_words,
        scope=scope,
        covered=covered,
    )
    if not spans:
        return []
    return store.add_highlights(spans, theme_ids=[theme_id], included=False)
