"""Sources: the texts a project highlights."""

from __future__ import annotations

from ..events import Action, Change, Kind
from ..model import SOURCE_FIELDS, Source, SourceInfo, content_hash, normalize_text
from .base import Removed, StoreBase, now, storable


class SourceStore(StoreBase):
    def add_source(self, title: str, text: str, **meta: str) -> int:
        """Add a source; ``meta`` holds any of the SOURCE_FIELDS besides title."""
        unknown = set(meta) - set(SOURCE_FIELDS)
        if unknown:
            raise TypeError(f"unknown source fields: {sorted(unknown)}")
        text = normalize_text(text)
        with self._write() as conn:
            pos = conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM sources").fetchone()[0]
            values = {
                "title": storable(title),  # a title from a file name that is not UTF-8
                "text": text,
                "length": len(text),
                "content_hash": content_hash(text),
                "added": now(),
                "position": pos,
                **{k: storable(v) for k, v in meta.items()},
            }
            cols = ", ".join(values)
            marks = ", ".join("?" * len(values))
            sid = conn.execute(
                f"INSERT INTO sources ({cols}) VALUES ({marks})", tuple(values.values())
            ).lastrowid
        assert sid is not None
        self._texts[sid] = text
        self._emit(Change(Kind.SOURCE, Action.ADDED, (sid,)))
        return sid

    def source(self, source_id: int) -> Source:
        rows = self._rows("SELECT * FROM sources WHERE id = ?", (source_id,))
        if not rows:
            raise KeyError(f"no source {source_id}")
        row = rows[0]
        row.pop("length")
        return Source(**row)

    def sources(self) -> list[SourceInfo]:
        """Every source without its text, in list order, with highlight counts."""
        cols = ", ".join(
            f"s.{f}" for f in SourceInfo.__dataclass_fields__ if f not in ("highlight_count",)
        )
        rows = self._rows(
            f"SELECT {cols}, (SELECT COUNT(*) FROM highlights h WHERE h.source_id = s.id)"
            f" AS highlight_count FROM sources s ORDER BY s.position, s.id"
        )
        return [SourceInfo(**r) for r in rows]

    def update_source(self, source_id: int, **values: str) -> None:
        bad = set(values) - set(SOURCE_FIELDS)
        if bad:
            raise TypeError(f"not editable source fields: {sorted(bad)}")
        self._update_row("sources", Kind.SOURCE, source_id, {k: str(v) for k, v in values.items()})

    def move_source(self, source_id: int, position: int) -> None:
        order = [s.id for s in self.sources() if s.id != source_id]
        order.insert(max(0, min(position, len(order))), source_id)
        with self._write() as conn:
            conn.executemany(
                "UPDATE sources SET position = ? WHERE id = ?",
                [(i, sid) for i, sid in enumerate(order)],
            )
        self._emit(Change(Kind.SOURCE, Action.REORDERED, tuple(order)))

    def delete_source(self, source_id: int) -> Removed:
        """Delete a source with its highlights; the record restores all of it."""
        hl = "SELECT id FROM highlights WHERE source_id = ?"
        removed = Removed(
            rows={
                "sources": self._rows("SELECT * FROM sources WHERE id = ?", (source_id,)),
                "highlights": self._rows(
                    "SELECT * FROM highlights WHERE source_id = ?", (source_id,)
                ),
                "highlight_themes": self._rows(
                    f"SELECT * FROM highlight_themes WHERE highlight_id IN ({hl})", (source_id,)
                ),
                "judgment_support": self._rows(
                    f"SELECT * FROM judgment_support WHERE highlight_id IN ({hl})", (source_id,)
                ),
            }
        )
        if not removed.rows["sources"]:
            raise KeyError(f"no source {source_id}")
        with self._write() as conn:
            conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        self._texts.pop(source_id, None)
        self._emit_removed(removed)
        return removed
