"""Project -> the brief document tree: the one place that decides what a brief says.

``compose(project)`` returns a ``BriefDoc`` (``briefing.brief.doc`` describes
the tree). What the brief holds comes from ``briefing.brief.contents``; this
module numbers the sources, builds each part of the tree in document order
and normalises every string and colour.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date as _date

from ..model import LIKELIHOODS, Brief, Highlight, Judgment, Project, Source, Theme
from ..script import is_rtl
from . import markup
from .appendix import build_appendix
from .checks import check_brief
from .contents import Contents, brief_contents
from .doc import (
    DEFAULT_THEME_COLOR,
    JUDGMENT_EXCERPTS,
    Appendix,
    BriefDoc,
    ChartBar,
    Citation,
    Excerpt,
    KeyJudgment,
    Section,
    SourceEntry,
    TitleBlock,
)
from .markup import strip_controls
from .quotes import display_quote

_LIKELIHOOD_SET = frozenset(LIKELIHOODS)
UNTITLED = "Untitled brief"


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


def _paper(value: str) -> str:
    return "Letter" if (value or "").strip().lower() == "letter" else "A4"


# --------------------------------------------------------------------------
# Compose


class _Numbering:
    """Source numbers in first-citation order; excerpt numbers in document
    order; and where each excerpt is printed in full (its label and anchor)."""

    def __init__(self, contents: Contents, names: dict[int, str]) -> None:
        self.numbers: dict[int, int] = {}
        self.excerpt_numbers: dict[int, int] = {}
        self.full_at: dict[int, tuple[str, str]] = {}
        for n, j in enumerate(contents.judgments, 1):
            for i, hid in enumerate(_support(j, contents)):
                h = contents.usable[hid]
                self.cite(h.source_id)
                self.number(hid)
                if i < JUDGMENT_EXCERPTS:
                    self.full_at.setdefault(hid, (f"Key judgment {n}", f"ex-{hid}"))
        for t in contents.shown_themes:
            for h in contents.excerpts.get(t.id, ()):
                self.cite(h.source_id)
                self.number(h.id)
                self.full_at.setdefault(h.id, (names[t.id], f"ex-{h.id}"))

    def cite(self, source_id: int) -> int:
        n = self.numbers.get(source_id)
        if n is None:
            n = self.numbers[source_id] = len(self.numbers) + 1
        return n

    def number(self, highlight_id: int) -> int:
        n = self.excerpt_numbers.get(highlight_id)
        if n is None:
            n = self.excerpt_numbers[highlight_id] = len(self.excerpt_numbers) + 1
        return n


def _support(j: Judgment, contents: Contents) -> list[int]:
    """The judgment's usable supporting highlights, once each, in its order."""
    return [hid for hid in dict.fromkeys(j.support) if hid in contents.usable]


def compose(project: Project, *, today: str | None = None) -> BriefDoc:
    """The brief ``project`` makes, as a ``BriefDoc`` tree (see ``briefing.brief.doc``)."""
    contents = brief_contents(project)
    brief = project.brief
    names = {t.id: _one_line(t.name) or f"Theme {t.id}" for t in contents.themes}
    colors = {t.id: safe_color(t.color) for t in contents.themes}
    numbering = _Numbering(contents, names)
    anchors: set[str] = set()

    builder = _Sections(contents, numbering, names, colors, anchors)
    judgments = [
        _judgment(n, j, contents, numbering, builder, anchors)
        for n, j in enumerate(contents.judgments, 1)
    ]
    sections = builder.build()
    chart = _chart(contents, names, colors) if brief.show_chart else []
    entries = _source_entries(contents.sources, numbering, anchors)
    appendix = None
    if brief.show_appendix and entries:
        appendix = _appendix(contents, entries, names, colors, anchors)

    cited_sources = [contents.sources[e.source_id] for e in entries]
    return BriefDoc(
        marking=_one_line(brief.marking),
        marking_color=safe_color(brief.marking_color, "#000000"),
        marking_on_black=_one_line(brief.marking).replace(" ", "").upper().startswith("TLP:"),
        paper=_paper(brief.paper),
        language=_language(cited_sources) if cited_sources else _language(project.sources),
        title=_title(brief, today),
        bottom_line=markup.parse(brief.bottom_line),
        judgments=judgments,
        sections=sections,
        chart=chart,
        sources=entries,
        appendix=appendix,
        show_toc=bool(brief.show_toc),
        keywords=[names[t.id] for t in contents.shown_themes],
        warnings=[f.message for f in check_brief(project, contents)],
        anchors=frozenset(anchors),
    )


def _judgment(
    n: int,
    j: Judgment,
    contents: Contents,
    numbering: _Numbering,
    builder: _Sections,
    anchors: set[str],
) -> KeyJudgment:
    cites: list[Citation] = []
    shown: list[Excerpt] = []
    further: list[Excerpt] = []
    for i, hid in enumerate(_support(j, contents)):
        h = contents.usable[hid]
        num = numbering.numbers[h.source_id]
        cites.append(
            Citation(
                num,
                f"src-{num}",
                h.id,
                numbering.full_at.get(h.id, ("", ""))[1],
                strip_controls(h.quote),
                numbering.excerpt_numbers[h.id],
            )
        )
        listed = i < JUDGMENT_EXCERPTS
        (shown if listed else further).append(builder.excerpt(h, None, f"kj{n}", listed))
    conf = j.confidence.value if hasattr(j.confidence, "value") else str(j.confidence or "")
    conf = conf.strip().lower()
    likelihood = (j.likelihood or "").strip().lower()
    anchors.add(f"kj-{n}")
    return KeyJudgment(
        number=n,
        judgment_id=j.id,
        anchor=f"kj-{n}",
        text=markup.parse(j.text),
        likelihood=likelihood if likelihood in _LIKELIHOOD_SET else "",
        confidence=conf if conf in ("low", "moderate", "high") else "",
        citations=cites,
        excerpts=shown,
        further=further,
    )


class _Sections:
    """The theme sections, nested, with their excerpts (and the excerpts under
    the judgments): the full copy of an excerpt gets "ex-{id}", every
    cross-reference "ex-{id}-t{theme}" or "ex-{id}-kj{number}"."""

    def __init__(
        self,
        contents: Contents,
        numbering: _Numbering,
        names: dict[int, str],
        colors: dict[int, str],
        anchors: set[str],
    ) -> None:
        self.contents = contents
        self.numbering = numbering
        self.names = names
        self.colors = colors
        self.anchors = anchors
        self.printed: set[int] = set()

    def build(self) -> list[Section]:
        return [self.section(t, 1) for t in self.contents.shown_children(None)]

    def section(self, t: Theme, level: int) -> Section:
        self.anchors.add(f"theme-{t.id}")
        s = Section(
            theme_id=t.id,
            anchor=f"theme-{t.id}",
            level=level,
            name=self.names[t.id],
            color=self.colors[t.id],
            description=_clean(t.description),
            narrative=markup.parse(t.narrative),
            excerpts=[self.excerpt(h, t, f"t{t.id}") for h in self.contents.excerpts.get(t.id, ())],
        )
        s.subsections = [self.section(c, level + 1) for c in self.contents.shown_children(t.id)]
        return s

    def excerpt(self, h: Highlight, t: Theme | None, place: str, may_print: bool = True) -> Excerpt:
        """``h`` under theme ``t`` (None: under a judgment), in full when this
        is where it is printed in full, else as a cross-reference."""
        src = self.contents.sources[h.source_id]
        num = self.numbering.numbers[h.source_id]
        see, see_anchor = self.numbering.full_at.get(h.id, ("", ""))
        anchor = f"ex-{h.id}"
        if may_print and see_anchor == anchor and h.id not in self.printed:
            self.printed.add(h.id)
            see = see_anchor = ""
        else:
            anchor = f"ex-{h.id}-{place}"
            if not see_anchor:  # printed nowhere in full (a further judgment excerpt)
                see = ""
        self.anchors.add(anchor)
        theme_ids = [tid for tid in dict.fromkeys(h.theme_ids) if tid in self.names]
        color_id = t.id if t is not None else next(iter(theme_ids), None)
        quote, wrap = display_quote(strip_controls(h.quote))
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
            color=self.colors[color_id] if color_id is not None else DEFAULT_THEME_COLOR,
            themes=[self.names[tid] for tid in theme_ids],
            number=self.numbering.excerpt_numbers[h.id],
            wrap=wrap,
            see=see,
            see_anchor=see_anchor,
        )


def _chart(contents: Contents, names: dict[int, str], colors: dict[int, str]) -> list[ChartBar]:
    """Leaf themes with usable highlights, in codebook order."""
    counts = contents.usable_tagged
    return [
        ChartBar(t.id, names[t.id], colors[t.id], counts[t.id])
        for t in contents.themes
        if not contents.tree.children(t.id) and counts[t.id] > 0
    ]


def _source_entries(
    sources: dict[int, Source], numbering: _Numbering, anchors: set[str]
) -> list[SourceEntry]:
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
    return entries


def _appendix(
    contents: Contents,
    entries: list[SourceEntry],
    names: dict[int, str],
    colors: dict[int, str],
    anchors: set[str],
) -> Appendix:
    cited: dict[int, dict[int, Highlight]] = {}
    for h in contents.in_brief():
        cited.setdefault(h.source_id, {})[h.id] = h
    appendix = build_appendix(
        entries,
        contents.sources,
        {k: list(v.values()) for k, v in cited.items()},
        contents.themes,
        colors,
        names,
    )
    for a in appendix.sources:
        anchors.add(a.anchor)
    return appendix


def _title(brief: Brief, today: str | None) -> TitleBlock:
    return TitleBlock(
        title=_one_line(brief.title) or UNTITLED,
        subtitle=_one_line(brief.subtitle),
        author=_one_line(brief.author),
        organisation=_one_line(brief.organisation),
        date=_one_line(brief.date) or today or _date.today().isoformat(),
    )
