"""Shared UI wording and short formatting: plurals, the status bar's counts, one-line excerpts."""

from __future__ import annotations

from collections.abc import Mapping


def plural(n: int, word: str) -> str:
    """``"1 source"``, ``"3 sources"``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def counts_text(counts: Mapping[str, int]) -> str:
    """The status bar's project counts: ``"2 sources · 3 themes · …"``."""
    return " · ".join(
        (
            plural(counts["sources"], "source"),
            plural(counts["themes"], "theme"),
            plural(counts["highlights"], "highlight"),
            plural(counts["judgments"], "judgment"),
        )
    )


def shorten(text: str, limit: int = 40) -> str:
    """White space collapsed, cut to ``limit`` characters with an ellipsis (undo labels,
    messages)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str, limit: int = 160) -> str:
    """White space collapsed, cut to ``limit`` characters at most with an ellipsis, the cut
    trimmed of trailing space (quotes in lists)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
