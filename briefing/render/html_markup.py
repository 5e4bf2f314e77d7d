"""Markup nodes (``briefing.brief.markup``) as HTML: the one Markdown -> HTML path.

``MarkupHtml`` writes block and inline nodes for the brief's HTML file and
its Qt preview (``briefing.render.html`` builds on it); ``blocks_html`` gives
a stand-alone piece of Qt rich-text HTML, e.g. a note on its own. Every user
string goes through ``markup.escape``; every link through
``markup.safe_href(href, anchors)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..brief import markup
from ..brief.markup import (
    Block,
    Code,
    CodeBlock,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Strikethrough,
    Strong,
    Table,
    Text,
    escape,
)


def text_color(bg: str) -> str:
    """Black or white, whichever reads better on ``bg`` ("#rrggbb")."""
    try:
        r, g, b = (int(bg[i : i + 2], 16) for i in (1, 3, 5))
    except ValueError:
        return "#ffffff"
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#ffffff"


def rgba(color: str, alpha: float) -> str:
    try:
        r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    except ValueError:
        r = g = b = 153
    return f"rgba({r},{g},{b},{alpha})"


def tint(color: str, amount: float = 0.65) -> str:
    """``color`` mixed with white (Qt's preview has no alpha in CSS)."""
    try:
        r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    except ValueError:
        r = g = b = 153
    mix = (round(c + (255 - c) * amount) for c in (r, g, b))
    return "#" + "".join(f"{c:02x}" for c in mix)


class MarkupHtml:
    """Writes markup nodes as HTML into ``out``; ``preview`` targets Qt's
    rich-text subset. ``#name`` links are kept only when ``name`` is in
    ``anchors``."""

    def __init__(self, anchors: frozenset[str], preview: bool):
        self.anchors = anchors
        self.preview = preview
        self.out: list[str] = []

    def w(self, *parts: str) -> None:
        self.out.extend(parts)

    def anchor(self, name: str) -> str:
        """Attributes / markup that define anchor ``name`` on the next element."""
        return f'<a name="{escape(name)}"></a>' if self.preview else ""

    def id_attr(self, name: str) -> str:
        return "" if self.preview or not name else f' id="{escape(name)}"'

    def inline(self, nodes: Iterable[Inline]) -> str:
        parts: list[str] = []
        for n in nodes:
            if isinstance(n, Text):
                parts.append(escape(n.text))
            elif isinstance(n, Strong):
                parts.append(f"<strong>{self.inline(n.children)}</strong>")
            elif isinstance(n, Emphasis):
                parts.append(f"<em>{self.inline(n.children)}</em>")
            elif isinstance(n, Strikethrough):
                parts.append(f"<s>{self.inline(n.children)}</s>")
            elif isinstance(n, Code):
                parts.append(f"<code>{escape(n.text)}</code>")
            elif isinstance(n, LineBreak):
                parts.append("<br>")
            elif isinstance(n, Link):
                href = markup.safe_href(n.href, self.anchors)
                inner = self.inline(n.children)
                if href is None:
                    parts.append(inner)
                else:
                    parts.append(f'<a href="{escape(href)}">{inner}</a>')
        return "".join(parts)

    def blocks(self, blocks: list[Block] | tuple[Block, ...], heading_base: int) -> None:
        for b in blocks:
            self.block(b, heading_base)

    def block(self, b: Block, base: int) -> None:
        if isinstance(b, Paragraph):
            self.w("<p>", self.inline(b.inlines), "</p>\n")
        elif isinstance(b, Heading):
            level = min(6, base + b.level)
            self.w(f"<h{level}>", self.inline(b.inlines), f"</h{level}>\n")
        elif isinstance(b, ListBlock):
            tag = "ol" if b.ordered else "ul"
            start = f' start="{b.start}"' if b.ordered and b.start != 1 else ""
            self.w(f"<{tag}{start}>\n")
            for item in b.items:
                self.w("<li>")
                if len(item) == 1 and isinstance(item[0], Paragraph):
                    self.w(self.inline(item[0].inlines))
                else:
                    self.blocks(item, base)
                self.w("</li>\n")
            self.w(f"</{tag}>\n")
        elif isinstance(b, Quote):
            self.w("<blockquote>\n")
            self.blocks(b.blocks, base)
            self.w("</blockquote>\n")
        elif isinstance(b, CodeBlock):
            self.w("<pre><code>", escape(b.text), "</code></pre>\n")
        elif isinstance(b, Table):
            cls = ' border="1" cellspacing="0" cellpadding="3"' if self.preview else ' class="md"'
            self.w(f"<table{cls}>\n")
            if any(b.header):
                self.w("<tr>", "".join(f"<th>{self.inline(c)}</th>" for c in b.header), "</tr>\n")
            for row in b.rows:
                self.w("<tr>", "".join(f"<td>{self.inline(c)}</td>" for c in row), "</tr>\n")
            self.w("</table>\n")
        elif isinstance(b, Rule):
            self.w("<hr>\n")


def blocks_html(
    blocks: Iterable[Block], *, heading_base: int = 0, anchors: frozenset[str] = frozenset()
) -> str:
    """``blocks`` alone as Qt rich-text HTML (headings shifted by ``heading_base``)."""
    writer = MarkupHtml(anchors, preview=True)
    writer.blocks(tuple(blocks), heading_base)
    return "".join(writer.out)
