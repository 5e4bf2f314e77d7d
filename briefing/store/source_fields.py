"""A source's editable fields and length without its text, for a properties form
that must not read a 5 MB text to compare a title."""

from __future__ import annotations

from typing import Any

from briefing.model import SOURCE_FIELDS

from .project import Store


def source_fields(store: Store, source_id: int) -> dict[str, Any]:
    """The editable fields (``SOURCE_FIELDS``) and ``length`` of one source; KeyError if none."""
    cols = ", ".join(f'"{f}"' for f in (*SOURCE_FIELDS, "length"))
    rows = store._rows(f"SELECT {cols} FROM sources WHERE id = ?", (source_id,))
    if not rows:
        raise KeyError(f"no source {source_id}")
    return rows[0]
