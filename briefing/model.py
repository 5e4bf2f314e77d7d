"""The concepts of a project as plain dataclasses (no Qt, no SQL).

Text positions are Python code points into ``Source.text``; the one seam that
converts Qt's UTF-16 positions lives in ``briefing/ui``.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

CONTEXT_CHARS = 32
"""How many characters of context a highlight keeps before and after its quote."""

THEME_KEYS = 9
"""Themes 1-9 in codebook order get a number key."""

THEME_PALETTE: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999999",
)
"""Okabe-Ito: a palette that stays distinguishable with colour-blindness."""


class Confidence(str, Enum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


LIKELIHOODS: tuple[str, ...] = (
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
)
"""The ICD 203 estimative scale, lowest first."""


def normalize_text(text: str) -> str:
    """Source text as stored: NFC, ``\\n`` line ends, no BOM."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Source:
    id: int
    title: str
    text: str
    author: str = ""
    date: str = ""
    dateline: str = ""
    url: str = ""
    language: str = ""
    accessed: str = ""
    filename: str = ""
    note: str = ""
    content_hash: str = ""
    added: str = ""
    position: int = 0


@dataclass
class SourceInfo:
    """A source without its text, for lists."""

    id: int
    title: str
    author: str
    date: str
    dateline: str
    url: str
    language: str
    accessed: str
    filename: str
    note: str
    content_hash: str
    added: str
    position: int
    length: int
    highlight_count: int = 0


SOURCE_FIELDS = (
    "title",
    "author",
    "date",
    "dateline",
    "url",
    "language",
    "accessed",
    "filename",
    "note",
)
"""Source fields a user may edit (the text changes only by re-import)."""


@dataclass
class Theme:
    id: int
    name: str
    color: str = "#999999"
    description: str = ""
    parent_id: int | None = None
    position: int = 0
    keywords: tuple[str, ...] = ()
    narrative: str = ""
    """The analyst's Markdown narrative for this theme's section of the brief."""
    key: int | None = None
    """The number key 1-9 that tags with this theme; it stays with the theme."""


THEME_FIELDS = ("name", "color", "description", "parent_id", "keywords", "narrative")


@dataclass
class Highlight:
    id: int
    source_id: int
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    theme_ids: tuple[int, ...] = ()
    note: str = ""
    included: bool = True
    orphan: bool = False
    """True when re-import could not find the quote again; offsets are stale."""
    created: str = ""


HIGHLIGHT_FIELDS = ("note", "included")


@dataclass
class Judgment:
    id: int
    text: str
    confidence: str = ""
    """One of Confidence's values, or "" when not yet set."""
    likelihood: str = ""
    """One of LIKELIHOODS, or ""."""
    position: int = 0
    support: tuple[int, ...] = ()
    """Highlight ids that support the judgment, in order."""


JUDGMENT_FIELDS = ("text", "confidence", "likelihood")


@dataclass
class Brief:
    title: str = ""
    subtitle: str = ""
    author: str = ""
    organisation: str = ""
    date: str = ""
    marking: str = ""
    marking_color: str = "#000000"
    bottom_line: str = ""
    paper: str = "A4"
    show_toc: bool = False
    show_chart: bool = True
    show_appendix: bool = False


BRIEF_FIELDS = tuple(Brief.__dataclass_fields__)


@dataclass
class Project:
    """Everything in a project, loaded at once (for export and compose)."""

    brief: Brief
    sources: list[Source]
    themes: list[Theme]
    highlights: list[Highlight]
    judgments: list[Judgment]
    excerpt_order: dict[int, list[int]] = field(default_factory=dict)
    """theme id -> highlight ids in the analyst's order for that theme."""
    uuid: str = ""
    """The project's UUID (``Store.project_uuid``): exports derive stable ids from it."""


class ThemeTree:
    """The codebook as a tree: the one place that decides each theme's parent,
    its children and the codebook order.

    A parent that does not exist, or a parent chain that loops back, makes the
    theme top-level. Siblings are ordered by (position, id).
    """

    def __init__(self, themes: Iterable[Theme]) -> None:
        self.themes: dict[int, Theme] = {t.id: t for t in themes}
        direct = {
            t.id: (t.parent_id if t.parent_id in self.themes and t.parent_id != t.id else None)
            for t in self.themes.values()
        }
        self._parent: dict[int, int | None] = {}
        for tid in self.themes:
            seen = {tid}
            p = direct[tid]
            while p is not None and p not in seen:
                seen.add(p)
                p = direct[p]
            self._parent[tid] = None if p is not None else direct[tid]
        self._children: dict[int | None, list[Theme]] = {}
        for t in self.themes.values():
            self._children.setdefault(self._parent[t.id], []).append(t)
        for group in self._children.values():
            group.sort(key=lambda t: (t.position, t.id))
        self._order: list[Theme] | None = None

    def parent(self, theme_id: int) -> int | None:
        """The parent as the codebook shows it (None: top level)."""
        return self._parent[theme_id]

    def parents(self) -> dict[int, int | None]:
        """theme id -> parent id, for every theme."""
        return dict(self._parent)

    def children(self, theme_id: int | None) -> list[Theme]:
        """Direct children of ``theme_id`` (None: the top-level themes), in order."""
        return list(self._children.get(theme_id, ()))

    def order(self) -> list[Theme]:
        """Every theme depth-first: each parent followed by its children."""
        if self._order is None:
            self._order = self._depth_first()
        return list(self._order)

    def _depth_first(self) -> list[Theme]:
        out: list[Theme] = []
        stack = list(reversed(self._children.get(None, ())))
        while stack:
            t = stack.pop()
            out.append(t)
            stack.extend(reversed(self._children.get(t.id, ())))
        return out

    def subtree(self, theme_id: int) -> list[Theme]:
        """``theme_id`` and all its descendants, depth-first."""
        out: list[Theme] = []
        stack = [self.themes[theme_id]]
        while stack:
            t = stack.pop()
            out.append(t)
            stack.extend(reversed(self._children.get(t.id, ())))
        return out

    def depth(self, theme_id: int) -> int:
        """0 for a top-level theme, 1 for its children, ..."""
        n, p = 0, self._parent[theme_id]
        while p is not None:
            n, p = n + 1, self._parent[p]
        return n

    def sibling_index(self, theme_id: int) -> tuple[int | None, int]:
        """(parent id, index among its siblings) of ``theme_id``."""
        parent = self._parent[theme_id]
        ids = [t.id for t in self._children.get(parent, ())]
        return parent, ids.index(theme_id)


def codebook_order(themes: Iterable[Theme]) -> list[Theme]:
    """Themes depth-first: each parent followed by its children, by position."""
    return ThemeTree(themes).order()


def theme_keys(themes: list[Theme]) -> dict[int, int]:
    """theme id -> its number key 1-9 (themes without a key are left out)."""
    return {t.id: t.key for t in themes if t.key is not None}


def first_free_key(taken: Iterable[int | None]) -> int | None:
    """The lowest key 1-9 not in ``taken``; None when all nine are taken."""
    used = set(taken)
    return next((k for k in range(1, THEME_KEYS + 1) if k not in used), None)


def context_of(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(prefix, quote, suffix) of a span, as a highlight stores them."""
    return (
        text[max(0, start - CONTEXT_CHARS) : start],
        text[start:end],
        text[end : end + CONTEXT_CHARS],
    )


def stable_guid(project_uuid: str, kind: str, key: object) -> str:
    """A GUID for one object of a project (``kind`` "source", "theme", …, ``key``
    its id): a UUID5 under the project's UUID, so every export of the project
    gives the object the same GUID and an import recognises it."""
    return str(uuid_module.uuid5(_guid_namespace(project_uuid), f"{kind}/{key}"))


@functools.lru_cache(maxsize=8)
def _guid_namespace(project_uuid: str) -> uuid_module.UUID:
    try:
        return uuid_module.UUID(project_uuid)
    except ValueError:
        return uuid_module.uuid5(uuid_module.NAMESPACE_URL, "briefing:project-without-uuid")
