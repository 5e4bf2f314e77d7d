"""Shared UI wording and short formatting: plurals, the status bar's counts, one-line
excerpts (``shorten`` itself is Qt-free: ``briefing.text``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from briefing.text import shorten

NO_THEMES_YET = "No themes yet: add one in the Themes panel"
"""Shown in a theme menu when the codebook is empty."""
INCLUDE_IN_BRIEF = "Include in brief"
LEAVE_OUT_OF_BRIEF = "Leave out of brief"
SOURCE_SCOPES = ("All sources", "Current source")
"""A panel's scope box: every source, or the one being read."""


class _Titled(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def filename(self) -> str: ...


def source_label(s: _Titled) -> str:
    """A source's name in lists: its title, else its file name, else "Source 3"."""
    return s.title or s.filename or f"Source {s.id}"


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


def one_line(text: str, limit: int = 160) -> str:
    """White space collapsed, cut to ``limit`` characters at most with an ellipsis, the cut
    trimmed of trailing space (quotes in lists)."""
    return shorten(text, limit, rstrip=True)
