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
