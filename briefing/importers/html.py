"""HTML pages: the article's readable text via trafilatura, metadata from the page.

Navigation, ads, scripts, cookie banners and footers are left out by
trafilatura's main-content extraction; its XML body is turned into paragraphs
separated by one blank line, text it leaves between its elements included.
Only when it finds nothing, or only its last-resort dump of every text node
(told apart from a real paragraph that contains a raw newline), is all visible
text used, with a warning on the imported source.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from .html_stream import PageText, is_large
from .imported import ImportedSource, refuse
from .metadata import build_source
from .text import decode
from .whatwg import codec_for

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.I,
)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"\s+")
_INVISIBLE = (
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "svg",
    "iframe",
    "object",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "select",
)
_BOILERPLATE = (  # small boxes only: a page-wide class such as <body class="has-cookie-bar"> stays
    "//*[not(self::html or self::body or self::main or self::article)"
    " and string-length(normalize-space(.)) < 1500 and (@hidden or @aria-hidden='true'"
    " or re:test(concat(@id, ' ', @class),"
    " 'cookie|consent|gdpr|advert|\\bads?\\b|banner|promo|newsletter|share|social', 'i'))]"
)
_BLOCKS = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "address",
    "hr",
)


def decode_html(data: bytes, name: str) -> str:
    """The page's text: a byte-order mark, then its declared charset, then detection."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        m = _DECLARED.search(data[:4096])
        if m:
            label = (m.group(1) or m.group(2)).decode("ascii")
            codec = codec_for(label)  # Latin-1 and ASCII read as cp1252, as browsers do
            if codec is None:
                raise refuse(name, f"declares the charset {label!r}, which is not a web encoding")
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass
    return decode(data, name)


def _inline_text(el: Any) -> str:
    """Text of a trafilatura XML element, ``<lb/>`` as a line break, a heading on its own line."""
    parts = [_SPACES.sub(" ", el.text or "")]  # a raw newline in the page's source is a space
    for child in el:
        if child.tag in ("lb", "head"):
            parts.append("\n" if child.tag == "lb" else f"\n{_inline_text(child)}\n")
        else:
            parts.append(_inline_text(child))
        parts.append(_SPACES.sub(" ", child.tail or ""))
    return "".join(parts)


def _block_text(el: Any) -> str:
    if el.tag == "list":
        return "\n".join("- " + " ".join(_inline_text(item).split()) for item in el.findall("item"))
    if el.tag == "table":
        rows = (
            " | ".join(" ".join(_inline_text(c).split()) for c in row.findall("cell"))
            for row in el.iter("row")
        )
        return "\n".join(r for r in rows if r.strip(" |"))
    if el.tag == "graphic":
        return ""
    return "\n".join(" ".join(line.split()) for line in _inline_text(el).split("\n"))


def _same(a: str, b: str) -> bool:
    a, b = " ".join(a.split()).casefold(), " ".join(b.split()).casefold()
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))


def _text_nodes(page: str) -> set[str]:
    """Every text node of the page, whitespace collapsed (as trafilatura's dump has them)."""
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return set()
    return {t for node in root.iter() for t in _trimmed(node.text, node.tail) if t}


def _trimmed(*texts: str | None) -> list[str]:
    return [" ".join(t.split()) for t in texts if t and t.strip()]


def _page_dump(body: Any, nodes: set[str]) -> bool:
    """True for trafilatura's last resort: every text node of the page, one a line, in
    one ``<p>``. A real paragraph with a raw newline in it is not one: its lines are
    pieces of one text node, not whole text nodes."""
    if len(body) != 1 or body[0].tag != "p" or len(body[0]) or "\n" not in (body[0].text or ""):
        return False
    lines = _trimmed(*body[0].text.split("\n"))
    return len(lines) >= 2 and sum(line in nodes for line in lines) >= 0.9 * len(lines)


def _body_blocks(body: Any) -> list[str]:
    """Paragraphs of trafilatura's XML body, with the text it leaves outside its
    elements (the body's own text, an element's tail) as paragraphs of their own."""
    blocks = [" ".join((body.text or "").split())]
    for el in body:
        blocks.append(_block_text(el).strip())
        blocks.append(" ".join((el.tail or "").split()))
    return blocks


def _article(page: str) -> tuple[list[str], dict[str, str], bool]:
    """Paragraphs of the main content, trafilatura's metadata, and whether trafilatura
    fell back to dumping the whole page."""
    nodes: set[str] | None = None
    dumped = False
    for recall in (False, True):
        doc = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=recall,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        if not isinstance(doc, Document) or doc.body is None:
            continue
        if len(doc.body) == 1 and "\n" in (doc.body[0].text or ""):
            nodes = _text_nodes(page) if nodes is None else nodes
            if _page_dump(doc.body, nodes):
                dumped = True
                continue
        blocks = [b for b in _body_blocks(doc.body) if b]
        meta = {k: getattr(doc, k) or "" for k in ("title", "author", "date", "url", "sitename")}
        if (
            blocks
            and len(doc.body)
            and doc.body[0].tag == "head"
            and not (doc.body.text or "").strip()
        ) and _same(blocks[0], meta["title"]):
            blocks = blocks[1:]  # the headline is the title
        if blocks:
            return blocks, meta, False
    return [], {}, dumped


def _visible_text(root: Any) -> str:
    """All visible text of a page, block elements as paragraphs (the fallback)."""
    boxes = root.xpath(_BOILERPLATE, namespaces={"re": "http://exslt.org/regular-expressions"})
    for el in list(root.iter(*_INVISIBLE, etree.Comment)) + boxes:
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter():
        el.tail = _SPACES.sub(" ", el.tail or "")
        el.text = _SPACES.sub(" ", el.text or "")
    for el in root.iter(*_BLOCKS):
        el.text = "\n\n" + (el.text or "")
        el.tail = "\n\n" + (el.tail or "")
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")
    return "\n".join(" ".join(line.split()) for line in root.text_content().split("\n"))


def _metas(root: Any) -> dict[str, str]:
    """The page's <meta> values by lower-case name, property or itemprop (first one wins)."""
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        value = " ".join((el.get("content") or "").split())
        if key and value:
            found.setdefault(key, value)
    return found


def _first(values: dict[str, str], *names: str) -> str:
    return next((values[n] for n in names if values.get(n)), "")


def _import_large(page: str, name: str) -> ImportedSource:
    """A page too large for article extraction: all its visible text, read linearly,
    with its metadata, and a warning saying so."""
    found = PageText(page)
    metas = found.metas
    author = _first(metas, "author", "article:author", "dc.creator", "byl")
    source = build_source(
        found.text,
        filename=name,
        title=found.title or _first(metas, "og:title", "twitter:title"),
        author="" if author.startswith(("http://", "https://")) else author,
        date=_first(metas, "article:published_time", "datepublished", "date", "dc.date"),
        url=_first(metas, "og:url") or found.canonical,
        language=(found.language or _first(metas, "og:locale", "language")).replace("_", "-"),
        empty_reason="no readable text found in the page",
    )
    size = f"{len(page) / 1e6:.1f} million characters, {page.count('<'):,} tags"
    source.warnings.append(
        f"{name}: a very large page ({size}); stored all its visible text without "
        "looking for the article"
    )
    return source


def import_html(data: bytes, name: str) -> ImportedSource:
    """An HTML page: its article text, title, author, date, URL and language."""
    page = _XML_DECLARATION.sub("", decode_html(data, name))
    if is_large(page):
        return _import_large(page, name)
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        raise refuse(name, "is not a readable HTML page") from None
    blocks, found, dumped = _article(page)
    metas = _metas(root)
    title = (
        found.get("title")
        or _first(metas, "og:title", "twitter:title")
        or " ".join((root.findtext(".//title") or "").split())
        or " ".join((root.findtext(".//h1") or "").split())
    )
    author = found.get("author") or _first(metas, "author", "article:author", "dc.creator", "byl")
    if author.startswith(("http://", "https://")):
        author = ""
    publisher = found.get("sitename") or _first(metas, "og:site_name", "publisher")
    date = found.get("date") or _first(
        metas, "article:published_time", "datepublished", "date", "dc.date", "pubdate"
    )
    canonical = root.xpath('//link[@rel="canonical"]/@href')
    url = found.get("url") or _first(metas, "og:url") or (canonical[0].strip() if canonical else "")
    language = root.get("lang", "") or _first(metas, "og:locale", "language").replace("_", "-")
    text = "\n\n".join(blocks) if blocks else _visible_text(root)
    if not text.strip():  # lxml stops at 256 nested elements: read the page linearly
        text = PageText(page).text
    source = build_source(
        text,
        filename=name,
        title=title,
        author=author or publisher,
        date=date,
        url=url,
        language=language.strip(),
        empty_reason="no readable text found in the page",
    )
    if not blocks:
        why = "only a dump of the whole page" if dumped else "nothing"
        source.warnings.append(
            f"{name}: the article extractor found {why}; stored all the page's visible text"
        )
    return source
