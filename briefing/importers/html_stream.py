"""A very large HTML page read in one linear pass: every visible text, block elements
as paragraphs, and the page's metadata (title, <meta> values, language, canonical
link).

Article extraction (trafilatura) grows faster than the page: 100k paragraphs take
about a minute. lxml also stops at 256 nested elements and at a 10 MB text run,
and so loses the text after them. Python's own tokenizer (``html.parser``) has
neither limit and keeps no tree, so pages past ``LARGE_PAGE`` characters or
``MANY_TAGS`` tags are read here instead, with a warning that no article was
looked for.
"""

from __future__ import annotations

from html.parser import HTMLParser

LARGE_PAGE = 4 * 1024 * 1024
"""Characters of markup above which a page is read here."""
MANY_TAGS = 40_000
"""Tags (counted as "<") above which a page is read here."""

_INVISIBLE = {
    "script", "style", "noscript", "template", "head", "svg", "iframe", "object",
    "nav", "aside", "footer", "form", "button", "select", "textarea",
}  # fmt: skip
_BLOCKS = {
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5",
    "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "blockquote", "pre",
    "figure", "figcaption", "address", "hr", "body", "td", "th",
}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "wbr"}


def is_large(page: str) -> bool:
    return len(page) > LARGE_PAGE or page.count("<") > MANY_TAGS


class _Reader(HTMLParser):
    def __init__(self, invisible: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.invisible = invisible
        self.hidden: dict[str, int] = {}  # open invisible elements by tag
        self.parts: list[str] = []
        self.title: list[str] = []
        self.in_title = False
        self.metas: dict[str, str] = {}
        self.language = ""
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.language = self.language or values.get("lang", "").strip()
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            key = values.get("name") or values.get("property") or values.get("itemprop") or ""
            content = " ".join(values.get("content", "").split())
            if key.strip() and content:
                self.metas.setdefault(key.strip().lower(), content)
        elif tag == "link" and values.get("rel", "").lower() == "canonical":
            self.canonical = self.canonical or values.get("href", "").strip()
        if tag in self.invisible and tag not in _VOID:
            self.hidden[tag] = self.hidden.get(tag, 0) + 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.hidden.get(tag):
            self.hidden[tag] -= 1
            if not self.hidden[tag]:
                del self.hidden[tag]
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


class PageText:
    """What the linear reading found: ``text`` (paragraphs separated by a blank
    line), ``title``, ``metas`` (lower-case name -> value), ``language``, ``canonical``."""

    def __init__(self, page: str):
        reader = _Reader(_INVISIBLE)
        reader.feed(page)
        reader.close()
        if not "".join(reader.parts).strip() and reader.hidden:  # an element never closed
            reader = _Reader({"script", "style"})
            reader.feed(page)
            reader.close()
        self.title = " ".join("".join(reader.title).split())
        self.metas = reader.metas
        self.language = reader.language
        self.canonical = reader.canonical
        paragraphs = "".join(reader.parts).split("\n\n")
        self.text = "\n\n".join(
            "\n".join(" ".join(line.split()) for line in p.split("\n")).strip("\n")
            for p in paragraphs
        )
