"""What the store tells its listeners after each committed change (no Qt).

A ``Change`` names the kind of thing that changed, what happened to it, which
ids and (for ``Action.CHANGED``) which fields. Listeners compare against the
enums, never against strings. Inside ``Store.batch()`` changes are held back
and delivered merged: one ``Change`` per kind, action and fields, with the ids
of all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """What changed."""

    SOURCE = "source"
    THEME = "theme"
    HIGHLIGHT = "highlight"
    JUDGMENT = "judgment"
    BRIEF = "brief"
    PROJECT = "project"
    """The whole project: another file was opened or saved as (ids empty)."""
    EXCERPT_ORDER = "excerpt_order"
    """The analyst's order of one theme's excerpts (ids: the theme)."""


class Action(str, Enum):
    """What happened to it."""

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"
    REORDERED = "reordered"


@dataclass(frozen=True)
class Change:
    """One committed change: ``kind``, ``action``, the ids concerned and, for
    ``Action.CHANGED``, the fields that changed."""

    kind: Kind
    action: Action
    ids: tuple[int, ...] = ()
    fields: tuple[str, ...] = ()
