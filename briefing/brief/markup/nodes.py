"""The node tree of safe Markdown (see ``briefing.brief.markup``), its
limits and plain-text views of it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_MARKDOWN_CHARS = 2_000_000
"""Longest Markdown text parsed; the rest is cut off with a visible note."""

MAX_DEPTH = 6
"""Deepest nesting of quotes and lists kept; deeper content is flattened."""

MAX_INLINE_DEPTH = 6
"""Deepest nesting of inline formatting (emphasis in strong in link ...)."""

MAX_TABLE_COLUMNS = 12
"""Widest table kept; further columns are dropped."""

MAX_PARAGRAPH_CHARS = 4000
"""Longest paragraph kept in one piece; longer ones are split."""

MAX_HREF_CHARS = 4000
"""Longer link targets are dropped (the text stays)."""


# --------------------------------------------------------------------------
# The tree


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strikethrough:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    pass


Inline = Text | Emphasis | Strong | Strikethrough | Code | Link | LineBreak


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CodeBlock:
    text: str
    language: str = ""


@dataclass(frozen=True)
class Table:
    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]


@dataclass(frozen=True)
class Rule:
    pass


Block = Paragraph | Heading | ListBlock | Quote | CodeBlock | Table | Rule

CONTAINERS = (Emphasis, Strong, Strikethrough, Link)


def is_blank(inlines: Sequence[Inline]) -> bool:
    return all(isinstance(n, Text) and not n.text.strip() for n in inlines)


def trim(inlines: list[Inline]) -> list[Inline]:
    if inlines and isinstance(inlines[0], Text):
        inlines[0] = Text(inlines[0].text.lstrip())
        if not inlines[0].text:
            inlines.pop(0)
    if inlines and isinstance(inlines[-1], Text):
        inlines[-1] = Text(inlines[-1].text.rstrip())
        if not inlines[-1].text:
            inlines.pop()
    return inlines


def inline_plain_text(inlines: Iterable[Inline]) -> str:
    """The text of inline nodes (hard breaks as ``\\n``)."""
    parts: list[str] = []
    stack: list[Inline] = list(inlines)[::-1]
    while stack:
        n = stack.pop()
        if isinstance(n, (Text, Code)):
            parts.append(n.text)
        elif isinstance(n, LineBreak):
            parts.append("\n")
        elif isinstance(n, CONTAINERS):
            stack.extend(reversed(n.children))
    return "".join(parts)


def plain_text(blocks: Iterable[Block]) -> str:
    """The blocks as plain text: blocks separated by a blank line, list items
    as ``- `` / ``1. `` lines, quotes prefixed ``> ``, table cells joined by
    `` | ``."""
    return "\n\n".join(t for t in (_block_plain(b) for b in blocks) if t)


def _block_plain(b: Block) -> str:
    if isinstance(b, (Paragraph, Heading)):
        return inline_plain_text(b.inlines)
    if isinstance(b, ListBlock):
        lines = []
        for i, item in enumerate(b.items):
            marker = f"{b.start + i}. " if b.ordered else "- "
            body = plain_text(item).replace("\n", "\n" + " " * len(marker))
            lines.append(marker + body)
        return "\n".join(lines)
    if isinstance(b, Quote):
        return "\n".join("> " + line if line else ">" for line in plain_text(b.blocks).split("\n"))
    if isinstance(b, CodeBlock):
        return b.text
    if isinstance(b, Table):
        rows = ([b.header] if any(b.header) else []) + list(b.rows)
        return "\n".join(" | ".join(inline_plain_text(c) for c in row) for row in rows)
    return ""
