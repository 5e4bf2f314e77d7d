"""The source appendix: each cited source's text with its highlights marked.

``build_appendix`` gives every cited source in full, or -- over
``APPENDIX_FULL_TEXT_CAP`` characters, or once the appendix holds
``APPENDIX_TOTAL_FULL_TEXT_CAP`` characters of full text -- only the
paragraphs holding highlights with one paragraph of context each side.
"""

from __future__ import annotations

import bisect
import itertools
import re

from ..model import Highlight, Source, Theme
from ..script import is_rtl
from . import markup
from .doc import (
    APPENDIX_FULL_TEXT_CAP,
    APPENDIX_TOTAL_FULL_TEXT_CAP,
    DEFAULT_THEME_COLOR,
    Appendix,
    AppendixParagraph,
    AppendixSource,
    HighlightSpan,
    LegendEntry,
    SourceEntry,
)

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_LINE = re.compile(r"\n+")


def source_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a source text, blank ones skipped.

    Paragraphs are separated by blank lines when the text has any (single
    line ends inside are soft wraps), else by line ends. Surrounding
    whitespace is not part of a paragraph.
    """
    sep = _BLANK_LINES if "\n\n" in text or _BLANK_LINES.search(text) else _LINE
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in sep.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        seg = text[a:b]
        stripped = seg.strip()
        if not stripped:
            continue
        a2 = a + (len(seg) - len(seg.lstrip()))
        out.append((a2, a2 + len(stripped)))
    return out


_Marked = tuple[int, int, tuple[str, ...], int]
"""(start, end, colours, highlight id) of a highlight in a source text."""


def _spans(pstart: int, pend: int, hls: list[_Marked]) -> list[HighlightSpan]:
    """Non-overlapping spans of the highlights inside [pstart, pend)."""
    inside = [
        (max(s, pstart) - pstart, min(e, pend) - pstart, c, hid)
        for s, e, c, hid in hls
        if s < pend and e > pstart and e > s
    ]
    if not inside:
        return []
    cuts = sorted({x for s, e, _, _ in inside for x in (s, e)})
    out: list[HighlightSpan] = []
    for a, b in itertools.pairwise(cuts):
        cover = [(c, hid) for s, e, c, hid in inside if s <= a and e >= b]
        if not cover:
            continue
        cols = tuple(dict.fromkeys(col for c, _ in cover for col in c))
        ids = tuple(hid for _, hid in cover)
        if out and out[-1].end == a and out[-1].colors == cols and out[-1].highlight_ids == ids:
            out[-1].end = b
        else:
            out.append(HighlightSpan(a, b, cols, ids))
    return out


def build_appendix(
    entries: list[SourceEntry],
    sources: dict[int, Source],
    cited: dict[int, list[Highlight]],
    themes: list[Theme],
    colors: dict[int, str],
    theme_names: dict[int, str],
) -> Appendix:
    """The appendix for the cited sources ``entries`` (in number order);
    ``cited`` maps a source id to the highlights the brief quotes from it."""
    used_themes: set[int] = set()
    out: list[AppendixSource] = []
    budget = APPENDIX_TOTAL_FULL_TEXT_CAP
    for e in entries:
        text = markup.mask_controls(sources[e.source_id].text)  # same length: offsets stay valid
        hls = _marked(text, cited.get(e.source_id, []), colors, used_themes)
        paras = source_paragraphs(text)
        full = len(text) <= APPENDIX_FULL_TEXT_CAP and len(text) <= budget
        if full:
            budget -= len(text)
            chosen = list(range(len(paras)))
            note = ""
        else:
            chosen = _paragraphs_in_context(paras, hls)
            note = _partial_note(len(text))
        out.append(
            AppendixSource(
                number=e.number,
                source_id=e.source_id,
                anchor=f"app-src-{e.number}",
                title=e.title,
                full_text=full,
                note=note,
                paragraphs=_paragraphs(text, paras, chosen, hls),
            )
        )
    legend = [LegendEntry(theme_names[t.id], colors[t.id]) for t in themes if t.id in used_themes]
    return Appendix(sources=out, legend=legend)


def _marked(
    text: str, highlights: list[Highlight], colors: dict[int, str], used_themes: set[int]
) -> list[_Marked]:
    """The highlights as clamped spans with their theme colours, by position;
    adds their themes to ``used_themes``."""
    hls: list[_Marked] = []
    for h in sorted(highlights, key=lambda h: (h.start, h.id)):
        s, t_end = max(0, min(h.start, len(text))), max(0, min(h.end, len(text)))
        tids = [tid for tid in dict.fromkeys(h.theme_ids) if tid in colors]
        used_themes.update(tids)
        cols = tuple(dict.fromkeys(colors[tid] for tid in tids)) or (DEFAULT_THEME_COLOR,)
        hls.append((s, t_end, cols, h.id))
    return hls


def _paragraphs_in_context(paras: list[tuple[int, int]], hls: list[_Marked]) -> list[int]:
    """Indexes of the paragraphs holding a highlight, with one paragraph of
    context each side, in order."""
    starts = [p[0] for p in paras]
    keep: set[int] = set()
    for s, t_end, _, _ in hls:
        i = max(0, bisect.bisect_right(starts, s) - 1)
        j = max(0, bisect.bisect_left(starts, max(t_end, s + 1)) - 1)
        for k in range(i - 1, j + 2):
            if 0 <= k < len(paras):
                keep.add(k)
    return sorted(keep)


def _partial_note(length: int) -> str:
    why = (
        f"the full text ({length:,} characters) is longer than the appendix "
        f"limit of {APPENDIX_FULL_TEXT_CAP:,}"
        if length > APPENDIX_FULL_TEXT_CAP
        else f"the appendix already holds {APPENDIX_TOTAL_FULL_TEXT_CAP:,} characters of full text"
    )
    return (
        "Only the highlighted paragraphs are shown, with one paragraph of "
        f"context each side: {why}."
    )


def _paragraphs(
    text: str, paras: list[tuple[int, int]], chosen: list[int], hls: list[_Marked]
) -> list[AppendixParagraph]:
    """The chosen paragraphs, long ones split into pieces."""
    paragraphs: list[AppendixParagraph] = []
    prev = -1
    for k in chosen:
        a, b = paras[k]
        gap = (k != prev + 1) if prev >= 0 else (k > 0)
        prev = k
        pos = a
        for n, piece in enumerate(markup.split_long_text(text[a:b])):
            p_end = pos + len(piece)
            paragraphs.append(
                AppendixParagraph(
                    start=pos,
                    text=piece,
                    spans=_spans(pos, p_end, hls),
                    rtl=is_rtl(piece),
                    gap_before=gap and n == 0,
                    continues=n > 0,
                )
            )
            pos = p_end
    return paragraphs
