"""HTML (from ``convert``) -> the node tree: depth-capped, entities decoded once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser

from .budget import LIST_ITEMS_PER_BLOCK, MAX_TABLE_ROWS, cap_cell, cap_code, cut_marker
from .nodes import (
    MAX_DEPTH,
    MAX_INLINE_DEPTH,
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
    Quote,
    Rule,
    Strikethrough,
    Strong,
    Table,
    Text,
    is_blank,
    trim,
)
from .split import split_paragraph
from .text import href_allowed_in_tree, strip_controls

# --------------------------------------------------------------------------
# HTML -> generic element tree (depth-capped, iterative)


class Elem:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[Elem | str] = []


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


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Elem("root", {})
        # (tag, target element, counts as block level, counts as inline level)
        self.stack: list[tuple[str, Elem, int, int]] = [("root", self.root, 0, 0)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        _, target, blocks, inlines = self.stack[-1]
        attr = {k: (v or "") for k, v in attrs}
        if tag in _VOID:
            target.children.append(Elem(tag, attr))
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
        elem = Elem(tag, attr)
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


def _inlines(children: Sequence[Elem | str]) -> list[Inline]:
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


def _inline_node(el: Elem) -> Inline | list[Inline] | None:
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
        if href and href_allowed_in_tree(href) and children:
            return Link(href, children)
        return list(children)
    if tag == "hr":
        return None
    return list(children)  # anything else inline: keep the text


def _all_text(el: Elem) -> str:
    parts: list[str] = []
    stack: list[Elem | str] = [el]
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


def blocks_of(children: Sequence[Elem | str]) -> list[Block]:
    out: list[Block] = []
    pending: list[Elem | str] = []

    def flush() -> None:
        if pending:
            inl = trim(_inlines(pending))
            pending.clear()
            if inl and not is_blank(inl):
                out.extend(split_paragraph(tuple(inl)))

    for child in children:
        if isinstance(child, str) or child.tag not in _BLOCK_TAGS:
            pending.append(child)
            continue
        flush()
        out.extend(_block_nodes(child))
    flush()
    return out


def _block_nodes(el: Elem) -> list[Block]:
    tag = el.tag
    if tag == "p":
        inl = trim(_inlines(el.children))
        return split_paragraph(tuple(inl)) if inl and not is_blank(inl) else []
    if tag in _HEADINGS:
        inl = trim(_inlines(el.children))
        return [Heading(_HEADINGS[tag], tuple(inl))] if inl else []
    if tag in ("ul", "ol"):
        items: list[tuple[Block, ...]] = []
        for child in el.children:
            if isinstance(child, Elem) and child.tag == "li":
                items.append(tuple(blocks_of(child.children)))
            elif isinstance(child, Elem) or child.strip():
                items.append(tuple(blocks_of([child])))
        if not items:
            return []
        start = 1
        if tag == "ol":
            try:
                start = int(el.attrs.get("start", "1"))
            except ValueError:
                start = 1
        step = LIST_ITEMS_PER_BLOCK  # long lists as consecutive shorter ones
        return [
            ListBlock(tag == "ol", tuple(items[i : i + step]), start + i)
            for i in range(0, len(items), step)
        ]
    if tag == "blockquote":
        inner = blocks_of(el.children)
        return [Quote(tuple(inner))] if inner else []
    if tag == "pre":
        language = ""
        for child in el.children:
            if isinstance(child, Elem) and child.tag == "code":
                cls = child.attrs.get("class", "")
                if cls.startswith("language-"):
                    language = strip_controls(cls[len("language-") :])[:40]
        text = _all_text(el)
        if text.endswith("\n"):
            text = text[:-1]
        return [CodeBlock(cap_code(text), language)]
    if tag == "table":
        return _table(el)
    if tag == "hr":
        return [Rule()]
    return blocks_of(el.children)


def _table(el: Elem) -> list[Block]:
    rows: list[tuple[bool, list[tuple[Inline, ...]]]] = []
    stack: list[Elem] = [el]
    order: list[Elem] = []
    while stack:  # document-order walk for the <tr> elements
        item = stack.pop()
        if item.tag == "tr":
            order.append(item)
            continue
        stack.extend(reversed([c for c in item.children if isinstance(c, Elem)]))
    for tr in order:
        cells = [c for c in tr.children if isinstance(c, Elem) and c.tag in ("th", "td")]
        is_header = bool(cells) and all(c.tag == "th" for c in cells)
        rows.append(
            (
                is_header,
                [tuple(cap_cell(trim(_inlines(c.children)))) for c in cells[:MAX_TABLE_COLUMNS]],
            )
        )
        if len(rows) > MAX_TABLE_ROWS:
            break
    if not rows:
        return []
    cut_rows = len(order) - len(rows)
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
    if cut_rows > 0:
        body.append(
            [(Text(cut_marker(cut_rows).replace("characters", "rows")),)] + [()] * (width - 1)
        )
    return [Table(tuple(header), tuple(tuple(r) for r in body))]
