"""Safe Markdown: the analyst's text parsed once into one cleaned node tree.

Every renderer (PDF, HTML, preview, Markdown) walks the same tree, so what a
note may contain is decided here and only here.

Pipeline: strip control characters -> cap the size -> Python-Markdown with raw
HTML disabled (``html_block`` preprocessor and ``html`` inline pattern
deregistered; extensions ``tables``, ``fenced_code``, ``sane_lists``) ->
``html.parser`` into the tree below, decoding entities exactly once.

The tree (all nodes are frozen, hashable, picklable dataclasses; sequences are
tuples; parses are cached by text, so never mutate a node):

Block nodes
    ``Paragraph(inlines)``
    ``Heading(level, inlines)`` -- level 1..6 as written in the note; a
        renderer shifts it below its own section headings.
    ``ListBlock(ordered, items, start=1)`` -- ``items`` is a tuple of list
        items, each item a tuple of Block nodes; ``start`` is the first number
        of an ordered list.
    ``Quote(blocks)``
    ``CodeBlock(text, language="")`` -- text verbatim (newlines kept, no
        trailing newline); never interpret it.
    ``Table(header, rows)`` -- ``header`` is a tuple of cells, ``rows`` a tuple
        of rows, each a tuple of cells; a cell is a tuple of Inline nodes.
        At most ``MAX_TABLE_COLUMNS`` columns; every row has exactly
        ``len(header)`` cells.
    ``Rule()``

Inline nodes
    ``Text(text)`` -- plain text, entities already decoded, controls stripped;
        soft line breaks are spaces. ALWAYS escape it (``escape``) when
        writing markup.
    ``Emphasis(children)``, ``Strong(children)``, ``Strikethrough(children)``
    ``Code(text)`` -- inline code, verbatim text.
    ``Link(href, children)`` -- ``href`` is http(s)://..., mailto:... or
        ``#anchor``. Only those schemes survive parsing; a renderer must still
        pass every href through ``safe_href(href, known_anchors)`` so that
        ``#anchor`` links naming an anchor the brief does not define are
        dropped (keep the children, drop the link).
    ``LineBreak()`` -- a hard line break.

Rules enforced here
    * raw HTML is shown as text (``<script>`` is the Text "<script>");
    * images are never loaded: ``![alt](src)`` becomes ``Text("[image: alt]")``;
    * links other than http, https, mailto and ``#...`` lose their link and
      keep their text;
    * C0 controls except ``\\n`` and ``\\t``, DEL, C1 controls, the
      noncharacters U+FDD0-U+FDEF, U+FFFE, U+FFFF and lone surrogates are
      stripped (``\\r`` counts as a line end);
    * input over ``MAX_MARKDOWN_CHARS`` is truncated and ends with a visible
      paragraph "[note truncated: N characters over the limit]";
    * block nesting (quotes and lists) deeper than ``MAX_DEPTH`` levels, and
      inline formatting deeper than ``MAX_INLINE_DEPTH``, is flattened into
      the enclosing level (the text stays, the extra nesting goes);
    * table columns beyond ``MAX_TABLE_COLUMNS`` are dropped;
    * a paragraph longer than ``MAX_PARAGRAPH_CHARS`` is split at sentence
      boundaries into several Paragraph nodes (reportlab lays out one huge
      paragraph in quadratic time); a single longer "word" is split hard.
      ``split_long_text`` does the same for plain strings (quotes, appendix).

Other helpers: ``plain_text(blocks)``, ``inline_plain_text(inlines)``,
``escape(text)`` (controls stripped, then ``html.escape`` with quotes: safe in
HTML and reportlab markup, in text and attributes), ``strip_controls(text)``,
``safe_href(href, known_anchors)``.
"""

from __future__ import annotations

from .nodes import (
    MAX_DEPTH,
    MAX_HREF_CHARS,
    MAX_INLINE_DEPTH,
    MAX_MARKDOWN_CHARS,
    MAX_PARAGRAPH_CHARS,
    MAX_TABLE_COLUMNS,
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
    inline_plain_text,
    plain_text,
)
from .parse import parse
from .text import escape, mask_controls, safe_href, split_long_text, strip_controls

__all__ = [
    "MAX_DEPTH",
    "MAX_HREF_CHARS",
    "MAX_INLINE_DEPTH",
    "MAX_MARKDOWN_CHARS",
    "MAX_PARAGRAPH_CHARS",
    "MAX_TABLE_COLUMNS",
    "Block",
    "Code",
    "CodeBlock",
    "Emphasis",
    "Heading",
    "Inline",
    "LineBreak",
    "Link",
    "ListBlock",
    "Paragraph",
    "Quote",
    "Rule",
    "Strikethrough",
    "Strong",
    "Table",
    "Text",
    "escape",
    "inline_plain_text",
    "mask_controls",
    "parse",
    "plain_text",
    "safe_href",
    "split_long_text",
    "strip_controls",
]
