"""What is in the brief: the one computation ``compose`` and ``checks`` share.

``brief_contents(project)`` decides, without laying anything out, which
highlights the brief can use, which excerpts each theme section holds and in
what order, which theme sections are shown, and which highlights the key
judgments cite. ``compose`` turns that into the document tree; ``checks``
reports on it.

Definitions
    *usable* highlight: not an orphan and its source exists.
    *excerpt* of a theme: a usable, included highlight tagged with that
    (existing) theme; a theme's excerpts are in the analyst's order
    (``Project.excerpt_order``), then source order, then position, then id.
    *shown* section: a theme with a narrative, an excerpt, or a shown child
    theme. Nesting deeper than ``MAX_SECTION_DEPTH`` is not shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from ..model import Highlight, Judgment, Project, Source, Theme, ThemeTree

MAX_SECTION_DEPTH = 64
"""Themes nested deeper than this (0 = top level) never get a section."""


@dataclass
class Contents:
    """What is in the brief ``project`` makes (see module doc)."""

    project: Project
    tree: ThemeTree
    themes: list[Theme]
    """Every theme in codebook order."""
    sources: dict[int, Source]
    usable: dict[int, Highlight]
    """Usable highlights by id, in the project's order."""
    judgments: list[Judgment]
    """Key judgments in brief order: by position, then id."""
    cited_ids: set[int]
    """Every highlight id a judgment cites (usable or not)."""
    included_tagged: list[Highlight]
    """Included, non-orphan highlights tagged with an existing theme, whether
    or not their source exists, in the project's order."""
    tagged: Counter[int]
    """theme id -> non-orphan highlights tagged with it (any source)."""
    included: Counter[int]
    """theme id -> non-orphan, included highlights with an existing source."""

    # Computed on first use: the checks never need them.

    @cached_property
    def excerpts(self) -> dict[int, list[Highlight]]:
        """theme id -> its excerpts in order (only themes that have any)."""
        return _excerpts(self.project, self.tree, self.sources, self.usable)

    @cached_property
    def shown(self) -> dict[int, bool]:
        """theme id -> True when the theme's section is in the brief."""
        return _shown(self.tree, self.themes, self.excerpts)

    @cached_property
    def shown_themes(self) -> list[Theme]:
        """The shown themes in document order (each parent before its children)."""
        return [t for t in self.themes if self.shown.get(t.id)]

    @cached_property
    def usable_tagged(self) -> Counter[int]:
        """theme id -> usable highlights tagged with it, included or not."""
        counts: Counter[int] = Counter()
        for h in self.usable.values():
            for tid in set(h.theme_ids):
                counts[tid] += 1
        return counts

    def shown_children(self, theme_id: int | None) -> list[Theme]:
        """The shown children of ``theme_id`` (None: top level), in order."""
        return [t for t in self.tree.children(theme_id) if self.shown.get(t.id)]

    def cited(self) -> list[Highlight]:
        """The usable highlights the judgments cite, in judgment order
        (repeats kept)."""
        return [self.usable[hid] for j in self.judgments for hid in j.support if hid in self.usable]

    def in_brief(self) -> list[Highlight]:
        """Every highlight the brief quotes: the shown sections' excerpts in
        document order, then the judgments' citations (repeats kept)."""
        out = [h for t in self.shown_themes for h in self.excerpts.get(t.id, ())]
        return out + self.cited()


def brief_contents(project: Project) -> Contents:
    """What is in the brief ``project`` makes (see module doc)."""
    tree = ThemeTree(project.themes)
    order = tree.order()
    sources = {s.id: s for s in project.sources}
    usable = {h.id: h for h in project.highlights if not h.orphan and h.source_id in sources}
    judgments = sorted(project.judgments, key=lambda j: (j.position, j.id))
    tagged, included = _theme_counts(project, sources)
    return Contents(
        project=project,
        tree=tree,
        themes=order,
        sources=sources,
        usable=usable,
        judgments=judgments,
        cited_ids={hid for j in judgments for hid in j.support},
        included_tagged=[
            h
            for h in project.highlights
            if h.included and not h.orphan and any(t in tree.themes for t in h.theme_ids)
        ],
        tagged=tagged,
        included=included,
    )


def _excerpts(
    project: Project,
    tree: ThemeTree,
    sources: dict[int, Source],
    usable: dict[int, Highlight],
) -> dict[int, list[Highlight]]:
    by_theme: dict[int, list[Highlight]] = {}
    for h in usable.values():
        if h.included:
            for tid in dict.fromkeys(h.theme_ids):
                if tid in tree.themes:
                    by_theme.setdefault(tid, []).append(h)
    source_rank = {s.id: (s.position, s.id) for s in sources.values()}
    out: dict[int, list[Highlight]] = {}
    for tid, members in by_theme.items():
        rank = {hid: i for i, hid in enumerate(project.excerpt_order.get(tid, ()))}
        far = len(rank)
        out[tid] = sorted(
            members,
            key=lambda h: (rank.get(h.id, far), source_rank[h.source_id], h.start, h.id),
        )
    return out


def _shown(
    tree: ThemeTree, order: list[Theme], excerpts: dict[int, list[Highlight]]
) -> dict[int, bool]:
    """theme id -> shown, children decided before their parents (``order``: the
    tree's depth-first order)."""
    depth: dict[int, int] = {}
    for t in order:  # parents come first
        parent = tree.parent(t.id)
        depth[t.id] = 0 if parent is None else depth[parent] + 1
    shown: dict[int, bool] = {}
    for t in reversed(order):
        d = depth[t.id]
        if d > MAX_SECTION_DEPTH:
            continue
        kids = d < MAX_SECTION_DEPTH and any(shown[c.id] for c in tree.children(t.id))
        shown[t.id] = bool(t.narrative.strip() or excerpts.get(t.id) or kids)
    return shown


def _theme_counts(
    project: Project, sources: dict[int, Source]
) -> tuple[Counter[int], Counter[int]]:
    tagged: Counter[int] = Counter()
    included: Counter[int] = Counter()
    for h in project.highlights:
        if h.orphan:
            continue
        for tid in set(h.theme_ids):
            tagged[tid] += 1
            if h.included and h.source_id in sources:
                included[tid] += 1
    return tagged, included
