"""Text hygiene: control characters, escaping, link targets, splitting long text."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from .nodes import MAX_HREF_CHARS, MAX_PARAGRAPH_CHARS

# --------------------------------------------------------------------------
# Text hygiene

CTRL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """``text`` without control characters (``\\r`` becomes a line end)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CTRL.sub("", text)


def mask_controls(text: str) -> str:
    """``text`` with each control character replaced by a space: same
    length, so offsets into it stay valid (for source texts)."""
    return CTRL.sub(" ", text)


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
    if CTRL.search(href) or "\\" in href:
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


def href_allowed_in_tree(href: str) -> bool:
    """Links kept in the tree: safe URLs, and ``#anchor`` (checked again at
    render time against the anchors the brief defines)."""
    if href.startswith("#"):
        return safe_href(href, (href[1:],)) is not None
    return safe_href(href) is not None


# --------------------------------------------------------------------------
# Splitting long plain text

_SENTENCE_END = re.compile(r"(?<=[.!?\u2026\u3002\u061f\u06d4])[\"'\u201d\u2019)\]]*\s+")


def hard_pieces(text: str, limit: int) -> list[str]:
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


def text_pieces(text: str, limit: int) -> list[str]:
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
        out.extend(hard_pieces(p, limit) if len(p) > limit else [p])
    return [p for p in out if p]


def split_long_text(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters: at sentence
    ends where possible, else at spaces, else hard. Joining the pieces gives
    ``text`` back. For plain text that is laid out as one paragraph (quotes,
    appendix paragraphs)."""
    return text_pieces(text, limit) or ([text] if text else [])
