"""The brief document tree: what a brief says, as plain dataclasses.

``briefing.brief.compose.compose(project)`` builds a ``BriefDoc``: plain,
picklable dataclasses (no Qt, no reportlab) that every output renders -- the
PDF, the HTML file, the preview and the Markdown brief. A renderer decides only how things look.

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
    ``warnings``: one-line tradecraft warnings (``briefing.brief.checks``).
    ``anchors``: frozenset of every anchor id the tree defines (see below).

``KeyJudgment(number, judgment_id, anchor, text, likelihood, confidence, citations,
  excerpts, further)``
    ``number`` 1..; ``anchor`` "kj-{number}"; ``text`` markup blocks;
    ``likelihood`` one of ``model.LIKELIHOODS`` or ""; ``confidence`` "low",
    "moderate", "high" or "" (print them with ``assessment_parts``: every
    renderer says the same words in the same order); ``citations`` list of
    ``Citation``; ``excerpts`` the first ``JUDGMENT_EXCERPTS`` supporting
    excerpts, printed under the judgment (``Excerpt``; one already printed in
    full under an earlier judgment comes as a cross-reference, see
    ``Excerpt.see``); ``further`` the supporting excerpts beyond those, listed
    by number only (``Excerpt`` too: use ``number`` and ``see_anchor``).

``Citation(number, source_anchor, highlight_id, excerpt_anchor, quote, excerpt_number)``
    ``number`` is the source's number in ``BriefDoc.sources``;
    ``source_anchor`` "src-{number}"; ``excerpt_anchor`` "ex-{highlight_id}"
    when that excerpt is printed in full somewhere in the brief, else ""
    (then link to the source). ``quote`` is the cited text (for tooltips; may
    be long); ``excerpt_number`` the excerpt's number (see ``Excerpt``).

``Section(theme_id, anchor, level, name, color, description, narrative, excerpts, subsections)``
    ``anchor`` "theme-{theme_id}"; ``level`` 1 for a top-level theme, 2 for
    its children, ...; ``description`` plain text; ``narrative`` markup
    blocks; ``excerpts`` list of ``Excerpt``; ``subsections`` list of
    ``Section`` (child themes, codebook order). A theme whose section would
    be empty (no narrative, no included excerpt, no non-empty subsection) is
    left out; ``briefing.brief.checks`` warns about it when it has highlights.

``Excerpt(highlight_id, anchor, quote, note, source_number, source_anchor,
  source_title, source_author, date, dateline, rtl, color, themes, number,
  wrap, see, see_anchor)``
    One included, non-orphan highlight under one theme, in the analyst's order
    (``Project.excerpt_order``, then source order, then position), or one
    supporting excerpt under a judgment. ``number`` is the excerpt's number
    in the brief ("Excerpt 4"), 1.. in document order: the judgments'
    supporting excerpts first, then the sections'; the same highlight has the
    same number wherever it appears.
    Each excerpt is printed in full once: under the first judgment that it
    supports (among that judgment's first ``JUDGMENT_EXCERPTS``), else in the
    section of its first theme in codebook order. That copy has ``anchor``
    "ex-{highlight_id}" and ``see`` "". Every other appearance is a
    one-line cross-reference: ``see`` names where the full copy is ("Key
    judgment 2" or a section name), ``see_anchor`` is its anchor, and
    ``anchor`` is "ex-{highlight_id}-t{theme_id}" in a section,
    "ex-{highlight_id}-kj{number}" under a judgment. A renderer prints a
    cross-reference as the excerpt number and ``see`` only, without the quote.
    ``quote`` plain text with balanced quotation marks (may contain ``\\n``;
    split very long quotes with ``markup.split_long_text``); ``wrap`` False
    when the quote already begins or ends with a quotation mark: a renderer
    that puts quotation marks around quotes must not add them then
    (``briefing.brief.quotes``). ``note`` markup blocks; ``rtl`` True when the
    quote is mostly Arabic / Hebrew script; ``color`` the section's theme
    colour (for the left bar; the first theme's under a judgment);
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

Colours are normalised by ``compose`` to "#rrggbb"; all strings have control
characters stripped but are NOT escaped: renderers escape.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .markup import Block

APPENDIX_FULL_TEXT_CAP = 200_000
"""A cited source longer than this (characters) appears in the appendix as its
highlighted paragraphs with one paragraph of context each side, not in full."""

APPENDIX_TOTAL_FULL_TEXT_CAP = 1_000_000
"""Once the full texts in the appendix add up to this, later sources are
shown as highlighted paragraphs with context only."""

DEFAULT_THEME_COLOR = "#999999"

JUDGMENT_EXCERPTS = 3
"""Supporting excerpts printed under a judgment; further ones are listed by number."""

LIKELIHOOD_RANGES = {
    "almost no chance": "01–05%",
    "very unlikely": "05–20%",
    "unlikely": "20–45%",
    "roughly even chance": "45–55%",
    "likely": "55–80%",
    "very likely": "80–95%",
    "almost certain": "95–99%",
}
"""The ICD 203 probability range of each likelihood word."""


def assessment_parts(likelihood: str, confidence: str) -> list[str]:
    """A judgment's assessment as every renderer prints it, in this order:
    ``["MODERATE CONFIDENCE", "LIKELY (55–80%)"]`` (either may be missing).
    Join with " · "; the first part is the confidence when there is one."""
    parts = []
    if confidence:
        parts.append(f"{confidence.upper()} CONFIDENCE")
    if likelihood:
        rng = LIKELIHOOD_RANGES.get(likelihood, "")
        parts.append(likelihood.upper() + (f" ({rng})" if rng else ""))
    return parts


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
    excerpt_number: int = 0


@dataclass
class KeyJudgment:
    number: int
    judgment_id: int
    anchor: str
    text: list[Block]
    likelihood: str = ""
    confidence: str = ""
    citations: list[Citation] = field(default_factory=list)
    excerpts: list[Excerpt] = field(default_factory=list)
    further: list[Excerpt] = field(default_factory=list)


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
    number: int = 0
    wrap: bool = True
    see: str = ""
    see_anchor: str = ""


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

    def walk_sections(self) -> Iterator[Section]:
        """Every section, depth-first in document order."""
        stack = list(reversed(self.sections))
        while stack:
            s = stack.pop()
            yield s
            stack.extend(reversed(s.subsections))
