"""Project -> the brief document tree: the one place that decides what a brief says.

``compose(project)`` returns a ``BriefDoc``: plain, picklable dataclasses (no
Qt, no reportlab) that every output renders -- the PDF, the HTML file, the
preview and the Markdown brief. A renderer decides only how things look.

The tree
--------
``BriefDoc``
    ``marking`` (str, "" = none) and ``marking_color`` ("#rrggbb"): the
    handling banner for the top and bottom of every page.
    ``paper``: "A4" or "Letter".
    ``language``: BCP 47-ish tag of the sources ("en" by default).
    ``title``: ``TitleBlock(title, subtitle, author, organisation, date)``;
    ``title`` is never empty ("Untitled brief"), ``date`` is the brief's date
    or today (ISO).
    ``bottom_line``: the bottom line up front, markup blocks (may be empty).
    ``judgments``: ``KeyJudgment`` list in order.
    ``sections``: top-level ``Section`` list in codebook order.
    ``chart``: ``ChartBar`` list ([] when the chart is off or nothing is tagged).
    ``sources``: ``SourceEntry`` list, numbered 1.. in first-citation order.
    ``appendix``: ``Appendix`` or None (off).
    ``show_toc``: bool. ``keywords``: theme names of the sections in the brief.
    ``warnings``: one-line tradecraft warnings (``briefing.checks``).
    ``anchors``: frozenset of every anchor id the tree defines (see below).

``KeyJudgment(number, judgment_id, anchor, text, likelihood, confidence, citations)``
    ``number`` 1..; ``anchor`` "kj-{number}"; ``text`` markup blocks;
    ``likelihood`` one of ``model.LIKELIHOODS`` or ""; ``confidence`` "low",
    "moderate", "high" or ""; ``citations`` list of ``Citation``.

``Citation(number, source_anchor, highlight_id, excerpt_anchor, quote)``
    ``number`` is the source's number in ``BriefDoc.sources``;
    ``source_anchor`` "src-{number}"; ``excerpt_anchor`` "ex-{highlight_id}"
    when that excerpt appears in a theme section, else "" (then link to the
    source). ``quote`` is the cited text (for tooltips; may be long).

``Section(theme_id, anchor, level, name, color, description, narrative, excerpts, subsections)``
    ``anchor`` "theme-{theme_id}"; ``level`` 1 for a top-level theme, 2 for
    its children, ...; ``description`` plain text; ``narrative`` markup
    blocks; ``excerpts`` list of ``Excerpt``; ``subsections`` list of
    ``Section`` (child themes, codebook order). A theme whose section would
    be empty (no narrative, no included excerpt, no non-empty subsection) is
    left out; ``briefing.checks`` warns about it when it has highlights.

``Excerpt(highlight_id, anchor, quote, note, source_number, source_anchor, source_title, source_author, date, dateline, rtl, color, themes)``
    One included, non-orphan highlight under one theme, in the analyst's order
    (``Project.excerpt_order``, then source order, then position). An excerpt
    tagged with two themes appears under both: its first appearance in the
    document has ``anchor`` "ex-{highlight_id}", later ones
    "ex-{highlight_id}-t{theme_id}". ``quote`` plain text (may contain
    ``\\n``; split very long quotes with ``markup.split_long_text``);
    ``note`` markup blocks; ``rtl`` True when the quote is mostly Arabic /
    Hebrew script; ``color`` the section's theme colour (for the left bar);
    ``themes`` the names of all its themes.

``ChartBar(theme_id, name, color, count)``
    Leaf themes (no child theme) in codebook order with ``count`` > 0
    non-orphan highlights tagged.

``SourceEntry(number, source_id, anchor, title, author, dateline, date, url, accessed, language)``
    ``anchor`` "src-{number}"; ``url`` is kept only when it is http(s)
    (else ""), so renderers may link it after escaping.

``Appendix(sources, legend, full_text_cap)``
    ``legend`` list of ``LegendEntry(name, color)``; ``sources`` list of
    ``AppendixSource(number, source_id, anchor, title, full_text, note, paragraphs)``
    per cited source in number order; ``anchor`` "app-src-{number}";
    ``full_text`` False when the source was over the cap and only the
    paragraphs holding highlights are shown with one paragraph of context
    each side -- ``note`` then says so in one sentence (else "").
    ``paragraphs``: ``AppendixParagraph(start, text, spans, rtl, gap_before, continues)``;
    ``start`` offset of ``text`` in the source; ``gap_before`` True when
    paragraphs were skipped before this one (draw an ellipsis);
    ``continues`` True when this piece continues the previous one (a long
    paragraph split at ``markup.MAX_PARAGRAPH_CHARS``: no paragraph space);
    ``spans``: ``HighlightSpan(start, end, colors, highlight_ids)`` --
    non-overlapping, sorted, offsets relative to ``text``; ``colors`` the
    theme colours of every highlight covering that stretch (one or more).

Anchors
    Every non-empty ``anchor`` field above is in ``BriefDoc.anchors`` and each
    renderer must define a destination for each one it shows. Markdown links
    "#name" in notes are kept only when "name" is in ``BriefDoc.anchors``
    (``markup.safe_href(href, doc.anchors)``).

Colours are normalised here to "#rrggbb"; all strings have control
characters stripped but are NOT escaped: renderers escape.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as _date

from .model import LIKELIHOODS, Highlight, Project, Source, Theme, codebook_order
from .brief import markup
from .brief.markup import Block, strip_controls
from .script import is_rtl

APPENDIX_FULL_TEXT_CAP = 200_000
"""A cited source longer than this (characters) appears in the appendix as its
highlighted paragraphs with one paragraph of context each side, not in full."""

APPENDIX_TOTAL_FULL_TEXT_CAP = 1_000_000
"""Once the full texts in the appendix add up to this, later sources are
shown as highlighted paragraphs with context only."""

DEFAULT_THEME_COLOR = "#999999"
_LIKELIHOOD_SET = frozenset(LIKELIHOODS)
UNTITLED = "Untitled brief"


# --------------------------------------------------------------------------
# The tree


@dataclass
class TitleBlock:
    title: str
    subtitle: str = ""
    author: str = ""
    organisation: str = ""
    date: str = ""


@dataclass
class Citation:
    number: int
    source_anchor: str
    highlight_id: int
    excerpt_anchor: str = ""
    quote: str = ""


@dataclass
class KeyJudgment:
    number: int
    judgment_id: int
    anchor: str
    text: list[Block]
    likelihood: str = ""
    confidence: str = ""
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Excerpt:
    highlight_id: int
    anchor: str
    quote: str
    note: list[Block]
    source_number: int
    source_anchor: str
    source_title: str
    source_author: str = ""
    date: str = ""
    dateline: str = ""
    rtl: bool = False
    color: str = DEFAULT_THEME_COLOR
    themes: list[str] = field(default_factory=list)


@dataclass
class Section:
    theme_id: int
    anchor: str
    level: int
    name: str
    color: str
    description: str = ""
    narrative: list[Block] = field(default_factory=list)
    excerpts: list[Excerpt] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass
class ChartBar:
    theme_id: int
    name: str
    color: str
    count: int


@dataclass
class SourceEntry:
    number: int
    source_id: int
    anchor: str
    title: str
    author: str = ""
    dateline: str = ""
    date: str = ""
    url: str = ""
    accessed: str = ""
    language: str = ""


@dataclass
class HighlightSpan:
    start: int
    end: int
    colors: tuple[str, ...]
    highlight_ids: tuple[int, ...] = ()


@dataclass
class AppendixParagraph:
    start: int
    text: str
    spans: list[HighlightSpan] = field(default_factory=list)
    rtl: bool = False
    gap_before: bool = False
    continues: bool = False


@dataclass
class AppendixSource:
    number: int
    source_id: int
    anchor: str
    title: str
    full_text: bool
    note: str = ""
    paragraphs: list[AppendixParagraph] = field(default_factory=list)


@dataclass
class LegendEntry:
    name: str
    color: str


@dataclass
class Appendix:
    sources: list[AppendixSource]
    legend: list[LegendEntry]
    full_text_cap: int = APPENDIX_FULL_TEXT_CAP


@dataclass
class BriefDoc:
    marking: str
    marking_color: str
    paper: str
    language: str
    title: TitleBlock
    bottom_line: list[Block]
    judgments: list[KeyJudgment]
    sections: list[Section]
    chart: list[ChartBar]
    sources: list[SourceEntry]
    appendix: Appendix | None
    show_toc: bool
    keywords: list[str]
    warnings: list[str]
    anchors: frozenset[str]
    marking_on_black: bool = False
    """TLP 2.0 labels are printed in their colour on a black banner."""

    def walk_sections(self):
        """Every section, depth-first in document order."""
        stack = list(reversed(self.sections))
        while stack:
            s = stack.pop()
            yield s
            stack.extend(reversed(s.subsections))


# --------------------------------------------------------------------------
# Small normalisers

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?:[0-9a-fA-F]{2})?")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def safe_color(value: str, default: str = DEFAULT_THEME_COLOR) -> str:
    """``value`` as "#rrggbb" (lower case), or ``default`` when not a hex colour."""
    m = _HEX.fullmatch((value or "").strip())
    if not m:
        return default
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()


def _clean(text: str) -> str:
    return strip_controls(text or "").strip()


def _one_line(text: str) -> str:
    return " ".join(strip_controls(text or "").split())


def _url(url: str) -> str:
    url = _clean(url)
    return (
        url
        if url.lower().startswith(("http://", "https://")) and markup.safe_href(url) is not None
        else ""
    )


def _language(sources: list[Source]) -> str:
    counts = Counter(
        s.language.strip().replace("_", "-")
        for s in sources
        if _LANG.fullmatch(s.language.strip() or "-")
    )
    if not counts:
        return "en"
    return counts.most_common(1)[0][0][:35]


def theme_parents(themes: list[Theme]) -> dict[int, int | None]:
    """theme id -> parent id as the brief nests sections: an unknown parent, or
    a parent chain that loops back, makes the theme top-level (None)."""
    ids = {t.id: t for t in themes}
    parent = {
        t.id: (t.parent_id if t.parent_id in ids and t.parent_id != t.id else None) for t in themes
    }
    out: dict[int, int | None] = {}
    for t in themes:
        seen = {t.id}
        p = parent[t.id]
        while p is not None and p not in seen:
            seen.add(p)
            p = parent[p]
        out[t.id] = None if p is not None else parent[t.id]
    return out


def _paper(value: str) -> str:
    return "Letter" if (value or "").strip().lower() == "letter" else "A4"


# --------------------------------------------------------------------------
# Compose


class _Numbering:
    """Source numbers in first-citation order."""

    def __init__(self) -> None:
        self.numbers: dict[int, int] = {}

    def cite(self, source_id: int) -> int:
        n = self.numbers.get(source_id)
        if n is None:
            n = self.numbers[source_id] = len(self.numbers) + 1
        return n


def compose(project: Project, *, today: str | None = None) -> BriefDoc:
    """The brief ``project`` makes, as a ``BriefDoc`` tree (see module doc)."""
    from .checks import check_brief  # checks is independent of compose

    brief = project.brief
    sources = {s.id: s for s in project.sources}
    source_rank = {s.id: (s.position, s.id) for s in project.sources}
    themes = codebook_order(project.themes)
    theme_by_id = {t.id: t for t in themes}
    colors = {t.id: safe_color(t.color) for t in themes}
    children: dict[int | None, list[Theme]] = {}
    parents = theme_parents(themes)
    for t in themes:  # codebook order, so each child list is ordered too
        children.setdefault(parents[t.id], []).append(t)

    usable = {h.id: h for h in project.highlights if not h.orphan and h.source_id in sources}
    by_theme: dict[int, list[Highlight]] = {}
    for h in usable.values():
        if h.included:
            for tid in dict.fromkeys(h.theme_ids):
                if tid in theme_by_id:
                    by_theme.setdefault(tid, []).append(h)

    def ordered(tid: int) -> list[Highlight]:
        members = by_theme.get(tid, [])
        rank = {hid: i for i, hid in enumerate(project.excerpt_order.get(tid, ()))}
        far = len(rank)
        return sorted(
            members, key=lambda h: (rank.get(h.id, far), source_rank[h.source_id], h.start, h.id)
        )

    # Which sections are shown, and their excerpts (highlights) -----------
    plan: dict[int, list[Highlight]] = {tid: ordered(tid) for tid in by_theme}
    shown: dict[int, bool] = {}

    def decide(t: Theme, depth: int) -> bool:
        kids = [decide(c, depth + 1) for c in children.get(t.id, []) if depth < 64]
        shown[t.id] = bool(t.narrative.strip() or plan.get(t.id) or any(kids))
        return shown[t.id]

    for t in children.get(None, []):
        decide(t, 0)

    def shown_in_order(parent: int | None) -> list[Theme]:
        out: list[Theme] = []
        stack = list(reversed([t for t in children.get(parent, []) if shown.get(t.id)]))
        while stack:
            t = stack.pop()
            out.append(t)
            stack.extend(reversed([c for c in children.get(t.id, []) if shown.get(c.id)]))
        return out

    doc_themes = shown_in_order(None)
    judgments = sorted(project.judgments, key=lambda j: (j.position, j.id))

    # Number sources in document order: judgments, then sections ---------
    numbering = _Numbering()
    first_anchor: dict[int, str] = {}
    for j in judgments:
        for hid in j.support:
            if hid in usable:
                numbering.cite(usable[hid].source_id)
    for t in doc_themes:
        for h in plan.get(t.id, ()):
            numbering.cite(h.source_id)
            first_anchor.setdefault(h.id, f"ex-{h.id}")

    anchors: set[str] = set()

    # Judgments -----------------------------------------------------------
    kjs: list[KeyJudgment] = []
    for n, j in enumerate(judgments, 1):
        cites: list[Citation] = []
        for hid in dict.fromkeys(j.support):
            h = usable.get(hid)
            if h is None:
                continue
            num = numbering.numbers[h.source_id]
            cites.append(
                Citation(
                    num, f"src-{num}", h.id, first_anchor.get(h.id, ""), strip_controls(h.quote)
                )
            )
        conf = j.confidence.value if hasattr(j.confidence, "value") else str(j.confidence or "")
        conf = conf.strip().lower()
        likelihood = (j.likelihood or "").strip().lower()
        kjs.append(
            KeyJudgment(
                number=n,
                judgment_id=j.id,
                anchor=f"kj-{n}",
                text=markup.parse(j.text),
                likelihood=likelihood if likelihood in _LIKELIHOOD_SET else "",
                confidence=conf if conf in ("low", "moderate", "high") else "",
                citations=cites,
            )
        )
        anchors.add(f"kj-{n}")

    # Sections ------------------------------------------------------------
    theme_names = {t.id: _one_line(t.name) or f"Theme {t.id}" for t in themes}
    used_anchor: set[str] = set()

    def excerpt(h: Highlight, t: Theme) -> Excerpt:
        src = sources[h.source_id]
        num = numbering.numbers[h.source_id]
        anchor = f"ex-{h.id}"
        if anchor in used_anchor:
            anchor = f"ex-{h.id}-t{t.id}"
        used_anchor.add(anchor)
        anchors.add(anchor)
        quote = strip_controls(h.quote)
        return Excerpt(
            highlight_id=h.id,
            anchor=anchor,
            quote=quote,
            note=markup.parse(h.note),
            source_number=num,
            source_anchor=f"src-{num}",
            source_title=_one_line(src.title),
            source_author=_one_line(src.author),
            date=_one_line(src.date),
            dateline=_one_line(src.dateline),
            rtl=is_rtl(quote),
            color=colors[t.id],
            themes=[theme_names[tid] for tid in dict.fromkeys(h.theme_ids) if tid in theme_names],
        )

    def section(t: Theme, level: int) -> Section:
        anchors.add(f"theme-{t.id}")
        s = Section(
            theme_id=t.id,
            anchor=f"theme-{t.id}",
            level=level,
            name=theme_names[t.id],
            color=colors[t.id],
            description=_clean(t.description),
            narrative=markup.parse(t.narrative),
            excerpts=[excerpt(h, t) for h in plan.get(t.id, ())],
        )
        s.subsections = [section(c, level + 1) for c in children.get(t.id, []) if shown.get(c.id)]
        return s

    sections = [section(t, 1) for t in children.get(None, []) if shown.get(t.id)]

    # Chart ----------------------------------------------------------------
    chart: list[ChartBar] = []
    if brief.show_chart:
        counts: Counter[int] = Counter()
        for h in usable.values():
            for tid in set(h.theme_ids):
                counts[tid] += 1
        chart = [
            ChartBar(t.id, theme_names[t.id], colors[t.id], counts[t.id])
            for t in themes
            if not children.get(t.id) and counts[t.id] > 0
        ]

    # Sources ----------------------------------------------------------------
    entries: list[SourceEntry] = []
    for sid, num in numbering.numbers.items():
        s = sources[sid]
        entries.append(
            SourceEntry(
                number=num,
                source_id=sid,
                anchor=f"src-{num}",
                title=_one_line(s.title) or _one_line(s.filename) or f"Source {sid}",
                author=_one_line(s.author),
                dateline=_one_line(s.dateline),
                date=_one_line(s.date),
                url=_url(s.url),
                accessed=_one_line(s.accessed),
                language=_one_line(s.language),
            )
        )
        anchors.add(f"src-{num}")
    entries.sort(key=lambda e: e.number)

    appendix = None
    if brief.show_appendix and entries:
        cited: dict[int, dict[int, Highlight]] = {}
        in_brief = [h for t in doc_themes for h in plan.get(t.id, ())]
        in_brief += [usable[hid] for j in judgments for hid in j.support if hid in usable]
        for h in in_brief:
            cited.setdefault(h.source_id, {})[h.id] = h
        appendix = _appendix(
            entries,
            sources,
            {k: list(v.values()) for k, v in cited.items()},
            themes,
            colors,
            theme_names,
        )
        for a in appendix.sources:
            anchors.add(a.anchor)

    title = TitleBlock(
        title=_one_line(brief.title) or UNTITLED,
        subtitle=_one_line(brief.subtitle),
        author=_one_line(brief.author),
        organisation=_one_line(brief.organisation),
        date=_one_line(brief.date) or today or _date.today().isoformat(),
    )

    cited_sources = [sources[e.source_id] for e in entries]
    return BriefDoc(
        marking=_one_line(brief.marking),
        marking_color=safe_color(brief.marking_color, "#000000"),
        marking_on_black=_one_line(brief.marking).replace(" ", "").upper().startswith("TLP:"),
        paper=_paper(brief.paper),
        language=_language(cited_sources) if cited_sources else _language(project.sources),
        title=title,
        bottom_line=markup.parse(brief.bottom_line),
        judgments=kjs,
        sections=sections,
        chart=chart,
        sources=entries,
        appendix=appendix,
        show_toc=bool(brief.show_toc),
        keywords=[theme_names[t.id] for t in doc_themes],
        warnings=[f.message for f in check_brief(project)],
        anchors=frozenset(anchors),
    )


# --------------------------------------------------------------------------
# Appendix


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


def _spans(
    pstart: int, pend: int, hls: list[tuple[int, int, tuple[str, ...], int]]
) -> list[HighlightSpan]:
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
    for a, b in zip(cuts, cuts[1:]):
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


def _appendix(
    entries: list[SourceEntry],
    sources: dict[int, Source],
    cited: dict[int, list[Highlight]],
    themes: list[Theme],
    colors: dict[int, str],
    theme_names: dict[int, str],
) -> Appendix:
    used_themes: set[int] = set()
    out: list[AppendixSource] = []
    budget = APPENDIX_TOTAL_FULL_TEXT_CAP
    for e in entries:
        src = sources[e.source_id]
        text = markup.mask_controls(src.text)  # same length: offsets stay valid
        hls = []
        for h in sorted(cited.get(e.source_id, []), key=lambda h: (h.start, h.id)):
            s, t_end = max(0, min(h.start, len(text))), max(0, min(h.end, len(text)))
            tids = [tid for tid in dict.fromkeys(h.theme_ids) if tid in colors]
            used_themes.update(tids)
            cols = tuple(dict.fromkeys(colors[tid] for tid in tids)) or (DEFAULT_THEME_COLOR,)
            hls.append((s, t_end, cols, h.id))
        paras = source_paragraphs(text)
        full = len(text) <= APPENDIX_FULL_TEXT_CAP and len(text) <= budget
        if full:
            budget -= len(text)
            chosen = list(range(len(paras)))
            note = ""
        else:
            starts = [p[0] for p in paras]
            keep: set[int] = set()
            for s, t_end, _, _ in hls:
                i = max(0, bisect.bisect_right(starts, s) - 1)
                j = max(0, bisect.bisect_left(starts, max(t_end, s + 1)) - 1)
                for k in range(i - 1, j + 2):
                    if 0 <= k < len(paras):
                        keep.add(k)
            chosen = sorted(keep)
            why = (
                f"the full text ({len(text):,} characters) is longer than the appendix "
                f"limit of {APPENDIX_FULL_TEXT_CAP:,}"
                if len(text) > APPENDIX_FULL_TEXT_CAP
                else f"the appendix already holds {APPENDIX_TOTAL_FULL_TEXT_CAP:,} characters "
                f"of full text"
            )
            note = (
                "Only the highlighted paragraphs are shown, with one paragraph of "
                f"context each side: {why}."
            )
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
        out.append(
            AppendixSource(
                number=e.number,
                source_id=e.source_id,
                anchor=f"app-src-{e.number}",
                title=e.title,
                full_text=full,
                note=note,
                paragraphs=paragraphs,
            )
        )
    legend = [LegendEntry(theme_names[t.id], colors[t.id]) for t in themes if t.id in used_themes]
    return Appendix(sources=out, legend=legend)
