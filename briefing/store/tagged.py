"""Adding many tagged highlights at once, creating the themes they name.

``add_tagged_highlights(spans)`` writes highlights that each carry their own
theme names and note (an import of annotations) in one transaction: a theme
named that the project lacks (names compare without case, as
``theme_by_name``) is created at the end of the top level with a palette
colour and the first free key, as ``add_theme`` does. Either everything is
stored or, on any error, nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..events import Action, Change, Kind
from ..model import THEME_PALETTE, context_of, first_free_key
from .base import now
from .highlights import HighlightStore


@dataclass(frozen=True)
class TaggedSpan:
    """A highlight to add: a span of a source, its theme names and note."""

    source_id: int
    start: int
    end: int
    themes: tuple[str, ...] = ()
    note: str = ""


class TaggedHighlightStore(HighlightStore):
    def add_tagged_highlights(
        self, spans: Sequence[TaggedSpan], *, included: bool = False
    ) -> tuple[list[int], list[int]]:
        """Add ``spans`` (and the themes they name) in one transaction;
        returns (new theme ids, new highlight ids in the order of ``spans``)."""
        new_themes: list[int] = []
        ids: list[int] = []
        created = now()
        with self._write() as conn:
            by_name = {
                name.casefold(): tid
                for tid, name in conn.execute("SELECT id, name FROM themes ORDER BY id DESC")
            }
            count = conn.execute("SELECT COUNT(*) FROM themes").fetchone()[0]
            top = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM themes WHERE parent_id IS NULL"
            ).fetchone()[0]
            keys = [r[0] for r in conn.execute('SELECT "key" FROM themes')]
            next_pos: dict[int, int] = {}
            for span in spans:
                text = self.source_text(span.source_id)
                if not 0 <= span.start < span.end <= len(text):
                    raise ValueError(
                        f"span {span.start}-{span.end} is outside the source (0-{len(text)})"
                    )
                theme_ids: list[int] = []
                for name in span.themes:
                    name = name.strip()
                    if not name:
                        continue
                    tid = by_name.get(name.casefold())
                    if tid is None:
                        key = first_free_key(keys)
                        keys.append(key)
                        color = THEME_PALETTE[count % len(THEME_PALETTE)]
                        tid = conn.execute(
                            "INSERT INTO themes (name, color, description, parent_id,"
                            " position, keywords, \"key\") VALUES (?, ?, '', NULL, ?, '[]', ?)",
                            (name, color, top, key),
                        ).lastrowid
                        assert tid is not None
                        count, top = count + 1, top + 1
                        by_name[name.casefold()] = tid
                        new_themes.append(tid)
                    if tid not in theme_ids:
                        theme_ids.append(tid)
                prefix, quote, suffix = context_of(text, span.start, span.end)
                hid = conn.execute(
                    'INSERT INTO highlights (source_id, start, "end", quote, prefix, suffix,'
                    " note, included, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        span.source_id,
                        span.start,
                        span.end,
                        quote,
                        prefix,
                        suffix,
                        span.note,
                        int(included),
                        created,
                    ),
                ).lastrowid
                assert hid is not None
                for tid in theme_ids:
                    if tid not in next_pos:
                        next_pos[tid] = conn.execute(
                            "SELECT COALESCE(MAX(position), -1) + 1 FROM highlight_themes"
                            " WHERE theme_id = ?",
                            (tid,),
                        ).fetchone()[0]
                    conn.execute(
                        "INSERT INTO highlight_themes VALUES (?, ?, ?)", (hid, tid, next_pos[tid])
                    )
                    next_pos[tid] += 1
                ids.append(hid)
        if new_themes:
            self._emit(Change(Kind.THEME, Action.ADDED, tuple(new_themes)))
        if ids:
            self._emit(Change(Kind.HIGHLIGHT, Action.ADDED, tuple(ids)))
        return new_themes, ids
