"""What a highlight stores (a ``Selector``) and where it is found again (an ``Anchor``)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Anchor", "Selector"]


@dataclass(frozen=True)
class Selector:
    """Where a highlight was: offsets plus the quoted text and its context."""

    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Anchor:
    """Where a highlight is now, and how it was found."""

    start: int
    end: int
    method: str
    """"position", "quote", "normalized" or "fuzzy"."""
    score: float
    """1.0 for exact matches; the similarity for fuzzy ones."""
