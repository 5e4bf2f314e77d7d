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

import html
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Union

import markdown

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


Inline = Union[Text, Emphasis, Strong, Strikethrough, Code, Link, LineBreak]


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


Block = Union[Paragraph, Heading, ListBlock, Quote, CodeBlock, Table, Rule]

_CONTAINERS = (Emphasis, Strong, Strikethrough, Link)


# --------------------------------------------------------------------------
# Text hygiene

_CTRL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """``text`` without control characters (``\\r`` becomes a line end)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CTRL.sub("", text)


def mask_controls(text: str) -> str:
    """``text`` with each control character replaced by a space: same
    length, so offsets into it stay valid (for source texts)."""
    return _CTRL.sub(" ", text)


def escape(text: str) -> str:
    """Text safe inside HTML or reportlab paragraph markup, text or attribute.

    Controls are stripped first, then ``& < > " '`` are escaped.
    """
    return html.escape(strip_controls(text), quote=True)


_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_HREF_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def safe_href(href: str, known_anchors: Iterable[str] | None = None) -> str | None:
    """The link target to write, or None when the link must be dropped.

    Kept: ``http://``, ``https://`` and ``mailto:`` URLs, and ``#anchor``
    when ``anchor`` is in ``known_anchors`` (the anchors the brief itself
    defines; with ``known_anchors=None`` every ``#`` link is dropped).
    Everything else (``javascript:``, ``file:``, ``data:``, UNC ``\\\\host``,
    relative paths, protocol-relative ``//host``) returns None. The result
    still needs ``escape`` when written into an attribute.
    """
    if not href or len(href) > MAX_HREF_CHARS:
        return None
    href = href.strip()
    if _CTRL.search(href) or "\\" in href:
        return None
    if href.startswith("#"):
        if known_anchors is not None and href[1:] in known_anchors:
            return href
        return None
    folded = _HREF_JUNK.sub("", href).lower()
    if folded.startswith(("http://", "https://")):
        rest = folded.split("://", 1)[1]
        if not rest or rest.startswith("/"):
            return None
        if any(c.isspace() for c in href):
            return None
        return href
    if folded.startswith("mailto:") and len(folded) > len("mailto:"):
        if any(c.isspace() for c in href):
            return None
        return href
    return None


def _href_allowed_in_tree(href: str) -> bool:
    """Links kept in the tree: safe URLs, and ``#anchor`` (checked again at
    render time against the anchors the brief defines)."""
    if href.startswith("#"):
        return safe_href(href, (href[1:],)) is not None
    return safe_href(href) is not None


# --------------------------------------------------------------------------
# Markdown -> HTML (one configured converter per thread)

_local = threading.local()


def _converter() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"])
        md.preprocessors.deregister("html_block")  # raw HTML blocks become text
        md.inlinePatterns.deregister("html")  # inline tags become text
        _local.md = md
    md.reset()
    return md


# Python-Markdown scans to the end of the paragraph for the closing bracket of
# every "[" (and parenthesis of every "](") it meets: quadratic when there are
# thousands of unmatched ones ("[" x 8000 took 10 s). An unmatched "[" or "("
# can never be part of a link, so before converting, each one is swapped for a
# noncharacter Markdown ignores, and swapped back in the HTML afterwards
# (noncharacters are stripped from user text first, so nothing else maps back).
_SQUARE, _PAREN = "\ufdd0", "\ufdd1"
_BRACKET_TOKENS = re.compile(r"\n[ \t]*\n|\\.|[\[\]()]", re.DOTALL)


_MAX_BRACKET_NESTING = 8


def _defuse_brackets(text: str) -> str:
    if "[" not in text and "(" not in text:
        return text
    squares: list[int] = []
    parens: list[int] = []
    unmatched: list[int] = []
    for m in _BRACKET_TOKENS.finditer(text):
        tok = m.group()
        c = tok[0]
        if c == "[":
            if len(squares) >= _MAX_BRACKET_NESTING:  # "[[[[...]]]]" is quadratic too
                unmatched.append(m.start())
            else:
                squares.append(m.start())
        elif c == "]":
            if squares:
                squares.pop()
        elif c == "(":
            parens.append(m.start())
        elif c == ")":
            if parens:
                parens.pop()
        elif c == "\n":  # a blank line ends every inline run
            unmatched += squares
            unmatched += parens
            squares.clear()
            parens.clear()
    unmatched += squares
    unmatched += parens
    if not unmatched:
        return text
    unmatched.sort()
    parts: list[str] = []
    pos = 0
    for i in unmatched:
        parts.append(text[pos:i])
        parts.append(_SQUARE if text[i] == "[" else _PAREN)
        pos = i + 1
    parts.append(text[pos:])
    return "".join(parts)


# Python-Markdown's block parser re-joins the rest of a block after each
# heading, rule or list item it takes off the front: quadratic in the lines
# of one block ("# a" x 8000 lines took 2 s, "a / ---" x 8000 took 7 s). Very
# long blocks therefore get a blank line every MAX_BLOCK_LINES lines -- never
# inside a fenced code block or a table, nor before the setext underline of
# a heading.
MAX_BLOCK_LINES = 100
_MAX_BLOCK_CHARS = 32_768
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})")
_UNDERLINE = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


def _chunk_blocks(text: str) -> str:
    if text.count("\n") < MAX_BLOCK_LINES:
        return text
    out: list[str] = []
    run = run_chars = 0
    fence = ""
    prev_underline = in_table = False
    prev = ""
    for line in text.split("\n"):
        underline = bool(_UNDERLINE.fullmatch(line))
        after_underline, prev_underline = prev_underline, underline
        if not in_table and "|" in prev and _TABLE_RULE.fullmatch(line):
            in_table = True
        prev = line
        if fence:
            if line.rstrip(" ") == fence:
                fence = ""
            out.append(line)
            continue
        m = _FENCE_OPEN.match(line)
        if m:
            fence = m.group(1)
            run = run_chars = 0
            out.append(line)
            continue
        if not line.strip():
            run = run_chars = 0
            in_table = False
            out.append(line)
            continue
        if (
            (run >= MAX_BLOCK_LINES or run_chars >= _MAX_BLOCK_CHARS)
            and not in_table
            and (not underline or after_underline)
        ):
            out.append("")
            run = run_chars = 0
        out.append(line)
        run += 1
        run_chars += len(line)
    return "\n".join(out)


def _to_html(text: str) -> str | None:
    try:
        out = _converter().convert(_defuse_brackets(_chunk_blocks(text)))
        if _SQUARE in out or _PAREN in out:
            out = out.replace(_SQUARE, "[").replace(_PAREN, "(")
        return out
    except (RecursionError, MemoryError):
        return None
    except Exception:  # noqa: BLE001 - a note must never break a brief
        return None


# --------------------------------------------------------------------------
# HTML -> generic element tree (depth-capped, iterative)


class _Elem:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Elem | str] = []


_BLOCK_CONTAINERS = {"blockquote", "ul", "ol"}
_INLINE_FORMAT = {"em", "i", "strong", "b", "del", "s", "strike", "a"}
_KNOWN = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "em",
    "i",
    "strong",
    "b",
    "del",
    "s",
    "strike",
    "a",
}
_VOID = {"br", "hr", "img"}
_MAX_ELEMENT_DEPTH = 48


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Elem("root", {})
        # (tag, target element, counts as block level, counts as inline level)
        self.stack: list[tuple[str, _Elem, int, int]] = [("root", self.root, 0, 0)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        _, target, blocks, inlines = self.stack[-1]
        attr = {k: (v or "") for k, v in attrs}
        if tag in _VOID:
            target.children.append(_Elem(tag, attr))
            return
        transparent = (
            tag not in _KNOWN
            or len(self.stack) > _MAX_ELEMENT_DEPTH
            or (tag in _BLOCK_CONTAINERS and blocks >= MAX_DEPTH)
            or (tag == "li" and target.tag not in ("ul", "ol"))
            or (tag in _INLINE_FORMAT and inlines >= MAX_INLINE_DEPTH)
        )
        if transparent:
            self.stack.append((tag, target, blocks, inlines))
            return
        elem = _Elem(tag, attr)
        target.children.append(elem)
        self.stack.append(
            (tag, elem, blocks + (tag in _BLOCK_CONTAINERS), inlines + (tag in _INLINE_FORMAT))
        )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1][1].children.append(data)


# --------------------------------------------------------------------------
# Generic tree -> nodes

_WS = re.compile(r"\s+")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "hr",
}


_SPACES = re.compile(r"[ \t\n]+")


def _inline_text(data: str) -> str:
    return _SPACES.sub(" ", strip_controls(data))


def _inlines(children: Sequence[_Elem | str]) -> list[Inline]:
    out: list[Inline] = []
    for child in children:
        if isinstance(child, str):
            text = _inline_text(child)
            if out and isinstance(out[-1], LineBreak):
                text = text.lstrip(" ")
            if text:
                if out and isinstance(out[-1], Text):
                    out[-1] = Text(out[-1].text + text)
                else:
                    out.append(Text(text))
            continue
        node = _inline_node(child)
        if node is None:
            continue
        if isinstance(node, list):
            for n in node:
                if isinstance(n, Text) and out and isinstance(out[-1], Text):
                    out[-1] = Text(out[-1].text + n.text)
                else:
                    out.append(n)
        elif isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    return out


def _inline_node(el: _Elem) -> Inline | list[Inline] | None:
    tag = el.tag
    if tag == "br":
        return LineBreak()
    if tag == "img":
        alt = _WS.sub(" ", strip_controls(el.attrs.get("alt", ""))).strip()
        return Text(f"[image: {alt}]" if alt else "[image]")
    if tag == "code":
        return Code(_inline_text(_all_text(el)))
    children = tuple(_inlines(el.children))
    if tag in ("em", "i"):
        return Emphasis(children) if children else None
    if tag in ("strong", "b"):
        return Strong(children) if children else None
    if tag in ("del", "s", "strike"):
        return Strikethrough(children) if children else None
    if tag == "a":
        href = strip_controls(el.attrs.get("href", "")).strip()
        if href and _href_allowed_in_tree(href) and children:
            return Link(href, children)
        return list(children)
    if tag == "hr":
        return None
    return list(children)  # anything else inline: keep the text


def _all_text(el: _Elem) -> str:
    parts: list[str] = []
    stack: list[_Elem | str] = [el]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        else:
            if item.tag == "img":
                alt = item.attrs.get("alt", "")
                parts.append(f"[image: {alt}]" if alt else "[image]")
            stack.extend(reversed(item.children))
    return strip_controls("".join(parts))


def _is_blank(inlines: Sequence[Inline]) -> bool:
    return all(isinstance(n, Text) and not n.text.strip() for n in inlines)


def _trim(inlines: list[Inline]) -> list[Inline]:
    if inlines and isinstance(inlines[0], Text):
        inlines[0] = Text(inlines[0].text.lstrip())
        if not inlines[0].text:
            inlines.pop(0)
    if inlines and isinstance(inlines[-1], Text):
        inlines[-1] = Text(inlines[-1].text.rstrip())
        if not inlines[-1].text:
            inlines.pop()
    return inlines


def _blocks(children: Sequence[_Elem | str]) -> list[Block]:
    out: list[Block] = []
    pending: list[_Elem | str] = []

    def flush() -> None:
        if pending:
            inl = _trim(_inlines(pending))
            pending.clear()
            if inl and not _is_blank(inl):
                out.extend(_split_paragraph(tuple(inl)))

    for child in children:
        if isinstance(child, str) or child.tag not in _BLOCK_TAGS:
            pending.append(child)
            continue
        flush()
        out.extend(_block_nodes(child))
    flush()
    return out


def _block_nodes(el: _Elem) -> list[Block]:
    tag = el.tag
    if tag == "p":
        inl = _trim(_inlines(el.children))
        return _split_paragraph(tuple(inl)) if inl and not _is_blank(inl) else []
    if tag in _HEADINGS:
        inl = _trim(_inlines(el.children))
        return [Heading(_HEADINGS[tag], tuple(inl))] if inl else []
    if tag in ("ul", "ol"):
        items: list[tuple[Block, ...]] = []
        for child in el.children:
            if isinstance(child, _Elem) and child.tag == "li":
                items.append(tuple(_blocks(child.children)))
            elif isinstance(child, _Elem) or child.strip():
                items.append(tuple(_blocks([child])))
        if not items:
            return []
        start = 1
        if tag == "ol":
            try:
                start = int(el.attrs.get("start", "1"))
            except ValueError:
                start = 1
        return [ListBlock(tag == "ol", tuple(items), start)]
    if tag == "blockquote":
        inner = _blocks(el.children)
        return [Quote(tuple(inner))] if inner else []
    if tag == "pre":
        language = ""
        for child in el.children:
            if isinstance(child, _Elem) and child.tag == "code":
                cls = child.attrs.get("class", "")
                if cls.startswith("language-"):
                    language = strip_controls(cls[len("language-") :])[:40]
        text = _all_text(el)
        if text.endswith("\n"):
            text = text[:-1]
        return [CodeBlock(text, language)]
    if tag == "table":
        return _table(el)
    if tag == "hr":
        return [Rule()]
    return _blocks(el.children)


def _table(el: _Elem) -> list[Block]:
    rows: list[tuple[bool, list[tuple[Inline, ...]]]] = []
    stack: list[_Elem] = [el]
    order: list[_Elem] = []
    while stack:  # document-order walk for the <tr> elements
        item = stack.pop()
        if item.tag == "tr":
            order.append(item)
            continue
        stack.extend(reversed([c for c in item.children if isinstance(c, _Elem)]))
    for tr in order:
        cells = [c for c in tr.children if isinstance(c, _Elem) and c.tag in ("th", "td")]
        is_header = bool(cells) and all(c.tag == "th" for c in cells)
        rows.append(
            (is_header, [tuple(_trim(_inlines(c.children))) for c in cells[:MAX_TABLE_COLUMNS]])
        )
    if not rows:
        return []
    if rows[0][0]:
        header = rows[0][1]
        body = [r for _, r in rows[1:]]
    else:
        header = []
        body = [r for _, r in rows]
    width = max([len(header)] + [len(r) for r in body])
    if width == 0:
        return []
    header = header + [()] * (width - len(header))
    body = [r + [()] * (width - len(r)) for r in body]
    return [Table(tuple(header), tuple(tuple(r) for r in body))]


# --------------------------------------------------------------------------
# Splitting long paragraphs

_SENTENCE_END = re.compile(r"(?<=[.!?\u2026\u3002\u061f\u06d4])[\"'\u201d\u2019)\]]*\s+")


def _inline_len(inlines: Sequence[Inline]) -> int:
    total = 0
    stack = list(inlines)
    while stack:
        n = stack.pop()
        if isinstance(n, Text) or isinstance(n, Code):
            total += len(n.text)
        elif isinstance(n, LineBreak):
            total += 1
        elif isinstance(n, _CONTAINERS):
            stack.extend(n.children)
    return total


def _hard_pieces(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, preferring
    whitespace, never separating a combining mark from its base."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind(" ", limit // 2, limit)
        if cut <= 0:
            cut = limit
            while cut > 1 and unicodedata.combining(text[cut]):
                cut -= 1
        else:
            cut += 1
        pieces.append(text[:cut])
        text = text[cut:]
    if text:
        pieces.append(text)
    return pieces


def _text_pieces(text: str, limit: int) -> list[str]:
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        pieces.append(text[pos : m.end()])
        pos = m.end()
    pieces.append(text[pos:])
    out: list[str] = []
    for p in pieces:
        out.extend(_hard_pieces(p, limit) if len(p) > limit else [p])
    return [p for p in out if p]


def split_long_text(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters: at sentence
    ends where possible, else at spaces, else hard. Joining the pieces gives
    ``text`` back. For plain text that is laid out as one paragraph (quotes,
    appendix paragraphs)."""
    return _text_pieces(text, limit) or ([text] if text else [])


def _leaves(
    inlines: Sequence[Inline],
    path: tuple[Inline, ...],
    out: list[tuple[tuple[Inline, ...], Inline]],
    limit: int,
) -> None:
    for n in inlines:
        if isinstance(n, _CONTAINERS):
            _leaves(n.children, path + (n,), out, limit)
        elif isinstance(n, Text):
            for piece in _text_pieces(n.text, limit):
                out.append((path, Text(piece)))
        elif isinstance(n, Code) and len(n.text) > limit:
            for piece in _hard_pieces(n.text, limit):
                out.append((path, Code(piece)))
        else:
            out.append((path, n))


def _rebuild(items: list[tuple[tuple[Inline, ...], Inline]], depth: int = 0) -> list[Inline]:
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
        kids = tuple(_rebuild(items[i:j], depth + 1))
        if isinstance(wrapper, Link):
            out.append(Link(wrapper.href, kids))
        else:
            out.append(type(wrapper)(kids))
        i = j
    return out


def _split_paragraph(
    inlines: tuple[Inline, ...], limit: int = MAX_PARAGRAPH_CHARS
) -> list[Paragraph]:
    if _inline_len(inlines) <= limit:
        return [Paragraph(inlines)]
    leaves: list[tuple[tuple[Inline, ...], Inline]] = []
    _leaves(inlines, (), leaves, limit)
    chunks: list[list[tuple[tuple[Inline, ...], Inline]]] = [[]]
    size = 0
    for path, leaf in leaves:
        n = _inline_len((leaf,))
        if chunks[-1] and size + n > limit:
            chunks.append([])
            size = 0
        chunks[-1].append((path, leaf))
        size += n
    out = []
    for chunk in chunks:
        inl = _trim(_rebuild(chunk))
        if inl and not _is_blank(inl):
            out.append(Paragraph(tuple(inl)))
    return out


# --------------------------------------------------------------------------
# Public entry points


def parse(text: str) -> list[Block]:
    """The analyst's Markdown ``text`` as a cleaned list of Block nodes.

    Never raises for any string; cached by text (the nodes are immutable).
    """
    if not text or not text.strip():
        return []
    return list(_parse_cached(text))


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> tuple[Block, ...]:
    text = strip_controls(text)
    over = len(text) - MAX_MARKDOWN_CHARS
    if over > 0:
        text = text[:MAX_MARKDOWN_CHARS]
    html_text = _to_html(text)
    blocks: list[Block]
    if html_text is None:  # the converter gave up: show the text as typed
        blocks = []
        for para in re.split(r"\n\s*\n", text):
            if para.strip():
                blocks.extend(_split_paragraph((Text(para.strip().replace("\n", " ")),)))
    else:
        builder = _TreeBuilder()
        builder.feed(html_text)
        builder.close()
        blocks = _blocks(builder.root.children)
    if over > 0:
        blocks.append(Paragraph((Text(f"[note truncated: {over} characters over the limit]"),)))
    return tuple(blocks)


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
        elif isinstance(n, _CONTAINERS):
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


__all__ = [
    "MAX_DEPTH",
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
