"""HTML pages: the article's readable text via trafilatura, metadata from the page.

Navigation, ads, scripts, cookie banners and footers are left out by
trafilatura's main-content extraction; its XML body is turned into paragraphs
separated by one blank line. When it finds nothing, all visible text is used.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from .imported import ImportedSource, refuse
from .metadata import build_source
from .text import decode

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
            label = (m.group(1) or m.group(2)).decode("ascii").lower()
            if label in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
                label = "cp1252"  # as browsers do (WHATWG Encoding)
            try:
                return data.decode(label)
            except (LookupError, UnicodeDecodeError):
                pass
    return decode(data, name)


def _inline_text(el: Any) -> str:
    """Text of a trafilatura XML element, ``<lb/>`` as a line break."""
    parts = [el.text or ""]
    for child in el:
        parts.append("\n" if child.tag == "lb" else _inline_text(child))
        parts.append(child.tail or "")
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


def _page_dump(body: Any) -> bool:
    """True for trafilatura's last resort, every text node of the page in one ``<p>``."""
    return len(body) == 1 and body[0].tag == "p" and "\n" in (body[0].text or "")


def _article(page: str) -> tuple[list[str], dict[str, str]]:
    """Paragraphs of the main content and trafilatura's metadata."""
    for recall in (False, True):
        doc = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=recall,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        if isinstance(doc, Document) and doc.body is not None and not _page_dump(doc.body):
            blocks = [b for b in (_block_text(el).strip() for el in doc.body) if b]
            meta = {
                k: getattr(doc, k) or "" for k in ("title", "author", "date", "url", "sitename")
            }
            if (
                blocks
                and blocks[0]
                and doc.body[0].tag == "head"
                and _same(blocks[0], meta["title"])
            ):
                blocks = blocks[1:]  # the headline is the title
            if blocks:
                return blocks, meta
    return [], {}


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


def import_html(data: bytes, name: str) -> ImportedSource:
    """An HTML page: its article text, title, author, date, URL and language."""
    page = _XML_DECLARATION.sub("", decode_html(data, name))
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        raise refuse(name, "is not a readable HTML page") from None
    blocks, found = _article(page)
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
    return build_source(
        text,
        filename=name,
        title=title,
        author=author or publisher,
        date=date,
        url=url,
        language=language.strip(),
        empty_reason="no readable text found in the page",
    )
