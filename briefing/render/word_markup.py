"""Markup blocks (notes, narratives, the bottom line, judgments) as Word paragraphs.

``WordMarkup(doc, anchors)`` writes ``briefing.brief.markup`` blocks into a
container (the document body or a table cell) in a given paragraph style.
Headings inside a note become bold paragraphs, not Word headings, so the
navigation pane lists only the brief's own parts. Links keep their target:
http(s) and mailto as external hyperlinks, "#anchor" as a link to the
bookmark of that anchor (only anchors the brief defines,
``markup.safe_href``). Lists are indented paragraphs with their own bullet or
number, so a note's list never continues the judgments' numbering.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

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
    Quote,
    Rule,
    Strikethrough,
    Strong,
    Table,
    Text,
    strip_controls,
)
from ..script import is_rtl
from . import word_xml as x

MONO_FONT = "Courier New"
INDENT = Cm(0.75)


@dataclass(frozen=True)
class Fmt:
    """Run formatting carried down nested inline nodes."""

    bold: bool = False
    italic: bool = False
    strike: bool = False
    mono: bool = False


def clean(text: str) -> str:
    """Text Word can store: control characters (invalid in XML) removed."""
    return strip_controls(text).replace("\r", "")


class WordMarkup:
    """Writes into the python-docx ``document`` (its body, or a cell of it).

    Three lookups python-docx repeats on every call are done once here, so
    the time to write a brief grows in proportion to its length: style ids
    by name, hyperlink relationships by address, and the body's closing
    section properties, before which each new paragraph goes."""

    def __init__(self, document: Any, anchors: frozenset[str]):
        self.document = document
        self.anchors = anchors
        self.style_ids = {s.name: s.style_id for s in document.styles}
        self._rels: dict[str, str] = {}
        body = document.element.body
        self._body_end = body.find(qn("w:sectPr"))

    def add(self, container: Any, style: str = "Normal", text: str = "") -> Paragraph:
        """A new paragraph in ``style`` at the end of ``container``."""
        if container is self.document and self._body_end is not None:
            el = OxmlElement("w:p")
            self._body_end.addprevious(el)
            p = Paragraph(el, container._body)
            if text:
                p.add_run(text)
        else:
            p = container.add_paragraph(text)
        if style != "Normal":
            p._p.get_or_add_pPr().style = self.style_ids[style]
        return p

    # -- inline ---------------------------------------------------------------

    def run(self, p: Paragraph, text: str, fmt: Fmt = Fmt(), link: Any = None) -> None:
        """``text`` (line breaks kept) at the end of ``p``."""
        lines = clean(text).split("\n")
        for i, line in enumerate(lines):
            r = p.add_run(line)
            if i < len(lines) - 1:
                r.add_break()
            r.bold = fmt.bold or None
            r.italic = fmt.italic or None
            r.font.strike = fmt.strike or None
            if fmt.mono:
                r.font.name = MONO_FONT
            if link is not None:
                x.link_run(link, r, self.style_ids["Hyperlink"])

    def inlines(
        self, p: Paragraph, nodes: Iterable[Inline], fmt: Fmt = Fmt(), link: Any = None
    ) -> None:
        for n in nodes:
            if isinstance(n, Text):
                self.run(p, n.text, fmt, link)
            elif isinstance(n, Strong):
                self.inlines(p, n.children, replace(fmt, bold=True), link)
            elif isinstance(n, Emphasis):
                self.inlines(p, n.children, replace(fmt, italic=True), link)
            elif isinstance(n, Strikethrough):
                self.inlines(p, n.children, replace(fmt, strike=True), link)
            elif isinstance(n, Code):
                self.run(p, n.text.replace("\n", " "), replace(fmt, mono=True), link)
            elif isinstance(n, LineBreak):
                p.add_run().add_break()
            elif isinstance(n, Link):
                href = markup.safe_href(n.href, self.anchors) if link is None else None
                target = self.link(p, href) if href else link
                self.inlines(p, n.children, fmt, target)

    def link(self, p: Paragraph, href: str) -> Any:
        if href.startswith("#"):
            return x.hyperlink(p, anchor=href[1:])
        if href not in self._rels:  # a new relationship without python-docx's linear search
            rid = f"rIdLink{len(self._rels) + 1}"
            p.part.rels.add_relationship(x.RT.HYPERLINK, href, rid, is_external=True)
            self._rels[href] = rid
        return x.hyperlink(p, rid=self._rels[href])

    def linked_text(self, p: Paragraph, text: str, href: str | None, fmt: Fmt = Fmt()) -> None:
        """``text`` linked to ``href`` when it is safe (else plain)."""
        safe = markup.safe_href(href, self.anchors) if href else None
        self.run(p, text, fmt, self.link(p, safe) if safe else None)

    # -- blocks ---------------------------------------------------------------

    def blocks(
        self, container: Any, blocks: Iterable[Block], style: str = "Normal", indent: int = 0
    ) -> list[Paragraph]:
        """Write ``blocks`` into ``container``; returns the paragraphs written."""
        out: list[Paragraph] = []
        for b in blocks:
            out.extend(self.block(container, b, style, indent))
        return out

    def paragraph(self, container: Any, style: str, indent: int) -> Paragraph:
        p = self.add(container, style)
        if indent:
            p.paragraph_format.left_indent = INDENT * indent
        return p

    def block(self, container: Any, b: Block, style: str, indent: int) -> list[Paragraph]:
        if isinstance(b, markup.Paragraph):
            p = self.paragraph(container, style, indent)
            self.inlines(p, b.inlines)
            self.direction(p, markup.inline_plain_text(b.inlines))
            return [p]
        if isinstance(b, Heading):
            p = self.paragraph(container, style, indent)
            self.inlines(p, b.inlines, Fmt(bold=True))
            p.paragraph_format.keep_with_next = True
            return [p]
        if isinstance(b, ListBlock):
            return self.list_block(container, b, style, indent)
        if isinstance(b, Quote):
            ps = self.blocks(container, b.blocks, style, indent + 1)
            for p in ps:
                x.border(p, "left", "BBBBBB", size=12)
            return ps
        if isinstance(b, CodeBlock):
            p = self.paragraph(container, style, indent)
            self.run(p, b.text, Fmt(mono=True))
            p.paragraph_format.left_indent = INDENT * (indent + 1)
            x.shade_paragraph(p, "F2F2F2")
            for r in p.runs:
                r.font.size = Pt(9)
            return [p]
        if isinstance(b, Table):
            self.table(container, b)
            return []
        assert isinstance(b, Rule)
        p = self.paragraph(container, style, indent)
        x.border(p, "bottom", "999999", size=6, space=1)
        return [p]

    def list_block(self, container: Any, b: ListBlock, style: str, indent: int) -> list[Paragraph]:
        out: list[Paragraph] = []
        for i, item in enumerate(b.items):
            marker = f"{b.start + i}.\t" if b.ordered else "•\t"
            first = True
            for inner in item or (markup.Paragraph(()),):
                if first and isinstance(inner, markup.Paragraph):
                    p = self.paragraph(container, style, indent + 1)
                    p.paragraph_format.first_line_indent = -Cm(0.6)
                    p.paragraph_format.tab_stops.add_tab_stop(INDENT * (indent + 1))
                    p.add_run(marker)
                    self.inlines(p, inner.inlines)
                    self.direction(p, markup.inline_plain_text(inner.inlines))
                    out.append(p)
                else:
                    out.extend(self.block(container, inner, style, indent + 1))
                first = False
        return out

    def table(self, container: Any, b: Table) -> None:
        width = len(b.header)
        rows = ([b.header] if any(b.header) else []) + list(b.rows)
        if not rows or not width:
            return
        table = container.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c in range(width):
                cell = table.cell(r, c)
                p = cell.paragraphs[0]
                if c < len(row):
                    self.inlines(p, row[c], Fmt(bold=r == 0 and any(b.header)))

    @staticmethod
    def direction(p: Paragraph, text: str) -> None:
        """Right-to-left when the paragraph's text is mostly Arabic or Hebrew."""
        if text and is_rtl(text):
            x.right_to_left(p)
