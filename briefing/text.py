"""Small text helpers shared by the core and the GUI (no Qt)."""

from __future__ import annotations


def shorten(text: str, limit: int = 40, *, rstrip: bool = False) -> str:
    """``text`` on one line (runs of whitespace become one space), cut to at most
    ``limit`` characters with a trailing "…" when longer.

    With ``rstrip`` the cut text loses its trailing spaces before the "…"
    ("a b…" rather than "a …")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rstrip() if rstrip else cut) + "…"


def fingerprint(text: str) -> str:
    """The text fingerprint of a source: an RFC 6920 ``ni:`` URI of the SHA-256
    of its stored text (NFC, ``\\n`` line ends) as UTF-8, e.g.
    ``ni:///sha-256;f4OxZX_x_FO5LcGBSKHWXfwtSx-j1ncoSt3SABJtkGk``. The same
    text gives the same fingerprint in any project; the W3C export names each
    annotation's source by it and the import matches sources by it."""
    import base64
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    return "ni:///sha-256;" + base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
