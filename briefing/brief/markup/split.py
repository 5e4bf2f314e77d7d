"""Splitting paragraphs longer than ``MAX_PARAGRAPH_CHARS`` into several."""

from __future__ import annotations

from collections.abc import Sequence

from .nodes import (
    CONTAINERS,
    MAX_PARAGRAPH_CHARS,
    Block,
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    Paragraph,
    Strikethrough,
    Strong,
    Text,
    is_blank,
    trim,
)
from .text import hard_pieces, text_pieces


def inline_len(inlines: Sequence[Inline]) -> int:
    total = 0
    stack = list(inlines)
    while stack:
        n = stack.pop()
        if isinstance(n, (Text, Code)):
            total += len(n.text)
        elif isinstance(n, LineBreak):
            total += 1
        elif isinstance(n, CONTAINERS):
            stack.extend(n.children)
    return total


def leaves(inlines: Sequence[Inline], limit: int) -> list[tuple[tuple[Inline, ...], Inline]]:
    """The leaves of ``inlines`` with the containers above each; texts longer
    than ``limit`` come in several pieces."""
    out: list[tuple[tuple[Inline, ...], Inline]] = []
    _leaves(inlines, (), out, limit)
    return out


def _leaves(
    inlines: Sequence[Inline],
    path: tuple[Inline, ...],
    out: list[tuple[tuple[Inline, ...], Inline]],
    limit: int,
) -> None:
    for n in inlines:
        if isinstance(n, CONTAINERS):
            _leaves(n.children, (*path, n), out, limit)
        elif isinstance(n, Text):
            for piece in text_pieces(n.text, limit):
                out.append((path, Text(piece)))
        elif isinstance(n, Code) and len(n.text) > limit:
            for piece in hard_pieces(n.text, limit):
                out.append((path, Code(piece)))
        else:
            out.append((path, n))


def rebuild(items: list[tuple[tuple[Inline, ...], Inline]], depth: int = 0) -> list[Inline]:
    out: list[Inline] = []
    i = 0
    while i < len(items):
        path, leaf = items[i]
        if len(path) <= depth:
            if isinstance(leaf, Text) and out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + leaf.text)
            else:
                out.append(leaf)
            i += 1
            continue
        wrapper = path[depth]
        j = i
        while j < len(items) and len(items[j][0]) > depth and items[j][0][depth] is wrapper:
            j += 1
        kids = tuple(rebuild(items[i:j], depth + 1))
        if isinstance(wrapper, Link):
            out.append(Link(wrapper.href, kids))
        else:
            assert isinstance(wrapper, (Emphasis, Strong, Strikethrough))
            out.append(type(wrapper)(kids))
        i = j
    return out


def split_paragraph(inlines: tuple[Inline, ...], limit: int = MAX_PARAGRAPH_CHARS) -> list[Block]:
    if inline_len(inlines) <= limit:
        return [Paragraph(inlines)]
    leaves: list[tuple[tuple[Inline, ...], Inline]] = []
    _leaves(inlines, (), leaves, limit)
    chunks: list[list[tuple[tuple[Inline, ...], Inline]]] = [[]]
    size = 0
    for path, leaf in leaves:
        n = inline_len((leaf,))
        if chunks[-1] and size + n > limit:
            chunks.append([])
            size = 0
        chunks[-1].append((path, leaf))
        size += n
    out: list[Block] = []
    for chunk in chunks:
        inl = trim(rebuild(chunk))
        if inl and not is_blank(inl):
            out.append(Paragraph(tuple(inl)))
    return out
