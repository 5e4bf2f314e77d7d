"""The project store: a typed API over the .brief file that the GUI and the
command line both call.

Every mutation is one committed transaction followed by a Qt-free ``Change``
event to the subscribers. Deleting or merging returns a ``Removed`` record
that ``restore()`` puts back exactly (same ids, and the links a cascade
removed), which is what undo is built on.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .events import Action, Change, Kind
from .model import (
    BRIEF_FIELDS,
    HIGHLIGHT_FIELDS,
    JUDGMENT_FIELDS,
    SOURCE_FIELDS,
    THEME_FIELDS,
    THEME_PALETTE,
    Brief,
    Highlight,
    Judgment,
    Project,
    Source,
    SourceInfo,
    Theme,
    content_hash,
    context_of,
    normalize_text,
)
from .projectfile import (
    Flusher,
    ProjectError,
    ProjectLocked,
    ProjectReadOnly,
    WriterLock,
    check_project,
    close_writer,
    connect_reader,
    connect_writer,
    migrate,
)

__all__ = [
    "Change",
    "ProjectError",
    "ProjectLocked",
    "ProjectReadOnly",
    "ReanchorReport",
    "Removed",
    "Store",
]

log = logging.getLogger(__name__)

TABLES = ("sources", "themes", "highlights", "highlight_themes", "judgments", "judgment_support")
_KEYS = {
    "highlight_themes": ("highlight_id", "theme_id"),
    "judgment_support": ("judgment_id", "highlight_id"),
}
_KIND = {
    "sources": Kind.SOURCE,
    "themes": Kind.THEME,
    "highlights": Kind.HIGHLIGHT,
    "judgments": Kind.JUDGMENT,
}


@dataclass
class Removed:
    """Rows an operation deleted or changed (to put back) and rows it added
    (to take away): enough for ``Store.restore`` to undo it exactly."""

    rows: dict[str, list[dict]] = field(default_factory=dict)
    added: dict[str, list[dict]] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(self.rows.get(table, ()))


@dataclass
class ReanchorReport:
    moved: list[int]
    orphans: list[int]
    unchanged: list[int]
    text_changed: bool


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


class Store:
    """An open project. Use ``Store.create`` or ``Store.open``; ``close()`` when done."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        *,
        readonly: bool,
        lock: WriterLock | None,
        flusher: Flusher | None,
    ):
        self.path = path
        self.readonly = readonly
        self._conn = conn
        self._lock = lock
        self._flusher = flusher
        self._subscribers: list[Callable[[Change], None]] = []
        self._texts: dict[int, str] = {}

    # -- opening and closing ---------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, *, title: str = "") -> Store:
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path.name}: already exists; choose another name")
        if not path.parent.is_dir():
            raise ProjectError(f"{path.parent}: no such folder")
        try:
            sqlite3.connect(str(path)).close()
        except sqlite3.Error as exc:
            raise ProjectError(f"{path.name}: cannot be created ({exc})") from None
        store = cls._open_writer(path)
        if title:
            store.update_brief(title=title)
        return store

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Store:
        path = Path(path)
        check_project(path)
        if readonly:
            return cls(path, connect_reader(path), readonly=True, lock=None, flusher=None)
        return cls._open_writer(path)

    @classmethod
    def _open_writer(cls, path: Path) -> Store:
        lock = WriterLock(path)
        try:
            conn = connect_writer(path)
            migrate(conn)
        except BaseException:
            lock.release()
            raise
        flusher = Flusher(path)
        flusher.start()
        return cls(path, conn, readonly=False, lock=lock, flusher=flusher)

    def close(self) -> None:
        if self._conn is None:
            return
        if self._flusher:
            self._flusher.stop()
            self._flusher = None
        if self.readonly:
            self._conn.close()
        else:
            close_writer(self._conn)
        self._conn = None  # type: ignore[assignment]
        if self._lock:
            self._lock.release()
            self._lock = None

    @property
    def closed(self) -> bool:
        return self._conn is None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save_as(self, path: str | Path) -> None:
        """Copy the project with SQLite's backup API and continue in the copy."""
        path = Path(path)
        if path.resolve() == self.path.resolve():
            raise ProjectError(f"{path.name}: that is the open project")
        tmp = path.with_name(f".{path.name}.saving")
        tmp.unlink(missing_ok=True)
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                self._conn.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
            tmp.replace(path)
        except (sqlite3.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            raise ProjectError(f"{path.name}: cannot save a copy there ({exc})") from None
        was_readonly = self.readonly
        self.close()
        other = Store.open(path, readonly=was_readonly)
        self.path, self.readonly = other.path, other.readonly
        self._conn, self._lock, self._flusher = other._conn, other._lock, other._flusher
        self._texts.clear()
        self._emit(Change(Kind.PROJECT, Action.CHANGED))

    # -- events and transactions -------------------------------------------------

    def subscribe(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        """Call ``callback(change)`` after each committed change; returns an unsubscriber."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def _emit(self, *changes: Change) -> None:
        for change in changes:
            for callback in list(self._subscribers):
                try:
                    callback(change)
                except Exception:  # a listener's bug must not undo a committed edit
                    log.exception("change listener failed for %s", change)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if self._conn is None:
            raise ProjectError(f"{self.path.name}: the project is closed")
        if self.readonly:
            raise ProjectReadOnly(f"{self.path.name}: opened read-only; changes are not saved")
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            self._texts.clear()
            raise
        if self._flusher:
            self._flusher.mark_dirty()

    def _update_row(
        self, table: str, kind: Kind, row_id: int, values: dict[str, Any], origin: Any
    ) -> None:
        """One row's fields (names already checked against the model) in one commit."""
        if not values:
            return
        with self._write() as conn:
            sets = ", ".join(f"{k} = ?" for k in values)
            cur = conn.execute(
                f"UPDATE {table} SET {sets} WHERE id = ?", (*values.values(), row_id)
            )
            if cur.rowcount == 0:
                raise KeyError(f"no {kind} {row_id}")
        self._emit(Change(kind, Action.CHANGED, (row_id,), tuple(values), origin))

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> list[dict]:
        cur = self._conn.execute(sql, tuple(args))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    # -- sources -------------------------------------------------------------------

    def add_source(self, title: str, text: str, *, origin: Any = None, **meta: str) -> int:
        """Add a source; ``meta`` holds any of the SOURCE_FIELDS besides title."""
        unknown = set(meta) - set(SOURCE_FIELDS)
        if unknown:
            raise TypeError(f"unknown source fields: {sorted(unknown)}")
        text = normalize_text(text)
        with self._write() as conn:
            pos = conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM sources").fetchone()[0]
            values = {
                "title": title,
                "text": text,
                "length": len(text),
                "content_hash": content_hash(text),
                "added": _now(),
                "position": pos,
                **{k: str(v) for k, v in meta.items()},
            }
            cols = ", ".join(values)
            marks = ", ".join("?" * len(values))
            sid = conn.execute(
                f"INSERT INTO sources ({cols}) VALUES ({marks})", tuple(values.values())
            ).lastrowid
        self._texts[sid] = text
        self._emit(Change(Kind.SOURCE, Action.ADDED, (sid,), origin=origin))
        return sid

    def source(self, source_id: int) -> Source:
        rows = self._rows("SELECT * FROM sources WHERE id = ?", (source_id,))
        if not rows:
            raise KeyError(f"no source {source_id}")
        row = rows[0]
        row.pop("length")
        return Source(**row)

    def source_text(self, source_id: int) -> str:
        text = self._texts.get(source_id)
        if text is None:
            row = self._conn.execute(
                "SELECT text FROM sources WHERE id = ?", (source_id,)
            ).fetchone()
            if row is None:
                raise KeyError(f"no source {source_id}")
            text = self._texts[source_id] = row[0]
        return text

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

    def update_source(self, source_id: int, *, origin: Any = None, **values: str) -> None:
        bad = set(values) - set(SOURCE_FIELDS)
        if bad:
            raise TypeError(f"not editable source fields: {sorted(bad)}")
        self._update_row(
            "sources", Kind.SOURCE, source_id, {k: str(v) for k, v in values.items()}, origin
        )

    def move_source(self, source_id: int, position: int, *, origin: Any = None) -> None:
        order = [s.id for s in self.sources() if s.id != source_id]
        order.insert(max(0, min(position, len(order))), source_id)
        with self._write() as conn:
            conn.executemany(
                "UPDATE sources SET position = ? WHERE id = ?",
                [(i, sid) for i, sid in enumerate(order)],
            )
        self._emit(Change(Kind.SOURCE, Action.REORDERED, tuple(order), origin=origin))

    def delete_source(self, source_id: int, *, origin: Any = None) -> Removed:
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
        self._emit_removed(removed, origin)
        return removed

    def replace_source_text(
        self, source_id: int, text: str, *, origin: Any = None
    ) -> ReanchorReport:
        """Replace a source's text (a re-import) and re-anchor its highlights.

        Highlights that cannot be found again are marked orphans and keep their
        old offsets and quote; none is moved silently."""
        from . import anchoring

        text = normalize_text(text)
        old = self.source(source_id)
        new_hash = content_hash(text)
        hls = self.highlights(source_id)
        if new_hash == old.content_hash:
            return ReanchorReport([], [], [h.id for h in hls], False)
        selectors = {
            h.id: anchoring.Selector(h.start, h.end, h.quote, h.prefix, h.suffix) for h in hls
        }
        anchored, orphans = anchoring.reanchor(text, selectors)
        moved, unchanged = [], []
        old_spans = {h.id: (h.start, h.end) for h in hls}
        with self._write() as conn:
            conn.execute(
                "UPDATE sources SET text = ?, length = ?, content_hash = ? WHERE id = ?",
                (text, len(text), new_hash, source_id),
            )
            for hid, a in anchored.items():
                prefix, quote, suffix = context_of(text, a.start, a.end)
                conn.execute(
                    'UPDATE highlights SET start = ?, "end" = ?, quote = ?, prefix = ?,'
                    " suffix = ?, orphan = 0 WHERE id = ?",
                    (a.start, a.end, quote, prefix, suffix, hid),
                )
                (unchanged if old_spans[hid] == (a.start, a.end) else moved).append(hid)
            conn.executemany(
                "UPDATE highlights SET orphan = 1 WHERE id = ?", [(hid,) for hid in orphans]
            )
        self._texts[source_id] = text
        self._emit(
            Change(Kind.SOURCE, Action.CHANGED, (source_id,), ("text",), origin),
            Change(
                "highlight",
                "changed",
                tuple(h.id for h in hls),
                ("start", "end", "quote", "orphan"),
                origin,
            ),
        )
        return ReanchorReport(moved, list(orphans), unchanged, True)

    # -- themes --------------------------------------------------------------------

    def add_theme(
        self,
        name: str,
        *,
        color: str | None = None,
        description: str = "",
        parent_id: int | None = None,
        keywords: Iterable[str] = (),
        position: int | None = None,
        origin: Any = None,
    ) -> int:
        name = name.strip()
        if not name:
            raise ValueError("a theme needs a name")
        with self._write() as conn:
            count = conn.execute("SELECT COUNT(*) FROM themes").fetchone()[0]
            if position is None:
                position = conn.execute(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM themes WHERE parent_id IS ?",
                    (parent_id,),
                ).fetchone()[0]
            else:
                conn.execute(
                    "UPDATE themes SET position = position + 1"
                    " WHERE parent_id IS ? AND position >= ?",
                    (parent_id, position),
                )
            tid = conn.execute(
                "INSERT INTO themes (name, color, description, parent_id, position, keywords)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    name,
                    color or THEME_PALETTE[count % len(THEME_PALETTE)],
                    description,
                    parent_id,
                    position,
                    json.dumps(list(keywords), ensure_ascii=False),
                ),
            ).lastrowid
        self._emit(Change(Kind.THEME, Action.ADDED, (tid,), origin=origin))
        return tid

    @staticmethod
    def _theme(row: dict) -> Theme:
        row["keywords"] = tuple(json.loads(row["keywords"] or "[]"))
        return Theme(**row)

    def themes(self) -> list[Theme]:
        """Every theme (use ``model.codebook_order`` for the codebook's order)."""
        return [self._theme(r) for r in self._rows("SELECT * FROM themes ORDER BY position, id")]

    def theme(self, theme_id: int) -> Theme:
        rows = self._rows("SELECT * FROM themes WHERE id = ?", (theme_id,))
        if not rows:
            raise KeyError(f"no theme {theme_id}")
        return self._theme(rows[0])

    def theme_by_name(self, name: str) -> Theme | None:
        rows = self._rows(
            "SELECT * FROM themes WHERE name = ? COLLATE NOCASE ORDER BY id", (name.strip(),)
        )
        return self._theme(rows[0]) if rows else None

    def theme_counts(self) -> dict[int, int]:
        """theme id -> number of highlights tagged with it."""
        return dict(
            self._conn.execute(
                "SELECT theme_id, COUNT(*) FROM highlight_themes GROUP BY theme_id"
            ).fetchall()
        )

    def update_theme(self, theme_id: int, *, origin: Any = None, **values: Any) -> None:
        bad = set(values) - set(THEME_FIELDS)
        if bad:
            raise TypeError(f"not editable theme fields: {sorted(bad)}")
        if "name" in values and not str(values["name"]).strip():
            raise ValueError("a theme needs a name")
        if "keywords" in values:
            values["keywords"] = json.dumps(list(values["keywords"]), ensure_ascii=False)
        if values.get("parent_id") is not None:
            self._check_parent(theme_id, values["parent_id"])
        self._update_row("themes", Kind.THEME, theme_id, values, origin)

    def _check_parent(self, theme_id: int, parent_id: int) -> None:
        ancestor: int | None = parent_id
        while ancestor is not None:
            if ancestor == theme_id:
                raise ValueError("a theme cannot be nested under itself or its own sub-theme")
            row = self._conn.execute(
                "SELECT parent_id FROM themes WHERE id = ?", (ancestor,)
            ).fetchone()
            if row is None:
                raise KeyError(f"no theme {ancestor}")
            ancestor = row[0]

    def move_theme(
        self, theme_id: int, parent_id: int | None, position: int, *, origin: Any = None
    ) -> None:
        """Put a theme under ``parent_id`` (None: top level) at ``position`` among its siblings."""
        if parent_id is not None:
            self._check_parent(theme_id, parent_id)
        siblings = [
            r[0]
            for r in self._conn.execute(
                "SELECT id FROM themes WHERE parent_id IS ? AND id != ? ORDER BY position, id",
                (parent_id, theme_id),
            )
        ]
        siblings.insert(max(0, min(position, len(siblings))), theme_id)
        with self._write() as conn:
            conn.execute("UPDATE themes SET parent_id = ? WHERE id = ?", (parent_id, theme_id))
            conn.executemany(
                "UPDATE themes SET position = ? WHERE id = ?",
                [(i, t) for i, t in enumerate(siblings)],
            )
        self._emit(
            Change(Kind.THEME, Action.REORDERED, tuple(siblings), ("parent_id", "position"), origin)
        )

    def _theme_snapshot(self, theme_id: int) -> dict[str, list[dict]]:
        return {
            "themes": self._rows(
                "SELECT * FROM themes WHERE id = ? OR parent_id = ?", (theme_id, theme_id)
            ),
            "highlight_themes": self._rows(
                "SELECT * FROM highlight_themes WHERE theme_id = ?", (theme_id,)
            ),
        }

    def delete_theme(self, theme_id: int, *, origin: Any = None) -> Removed:
        """Delete a theme; its highlights stay (untagged from it), its sub-themes move up."""
        removed = Removed(rows=self._theme_snapshot(theme_id))
        if not any(r["id"] == theme_id for r in removed.rows["themes"]):
            raise KeyError(f"no theme {theme_id}")
        with self._write() as conn:
            conn.execute("DELETE FROM themes WHERE id = ?", (theme_id,))
        self._emit_removed(removed, origin, deleted={("themes", theme_id)})
        return removed

    def merge_themes(self, theme_id: int, into_id: int, *, origin: Any = None) -> Removed:
        """Merge ``theme_id`` into ``into_id``: its highlights, sub-themes, keywords
        and narrative go to ``into_id`` and it is deleted."""
        if theme_id == into_id:
            raise ValueError("cannot merge a theme into itself")
        gone, into = self.theme(theme_id), self.theme(into_id)
        snapshot = self._theme_snapshot(theme_id)
        snapshot["themes"] += self._rows("SELECT * FROM themes WHERE id = ?", (into_id,))
        moving = self._rows(
            "SELECT highlight_id FROM highlight_themes WHERE theme_id = ? AND highlight_id NOT IN"
            " (SELECT highlight_id FROM highlight_themes WHERE theme_id = ?) ORDER BY position",
            (theme_id, into_id),
        )
        keywords = list(dict.fromkeys(into.keywords + gone.keywords))
        narrative = "\n\n".join(n for n in (into.narrative, gone.narrative) if n.strip())
        added: list[dict] = []
        with self._write() as conn:
            pos = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM highlight_themes WHERE theme_id = ?",
                (into_id,),
            ).fetchone()[0]
            for i, row in enumerate(moving):
                link = {
                    "highlight_id": row["highlight_id"],
                    "theme_id": into_id,
                    "position": pos + i,
                }
                conn.execute("INSERT INTO highlight_themes VALUES (?, ?, ?)", tuple(link.values()))
                added.append(link)
            first = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM themes WHERE parent_id = ?", (into_id,)
            ).fetchone()[0]
            children = conn.execute(
                "SELECT id FROM themes WHERE parent_id = ? ORDER BY position, id", (theme_id,)
            ).fetchall()
            conn.executemany(
                "UPDATE themes SET parent_id = ?, position = ? WHERE id = ?",
                [(into_id, first + i, c) for i, (c,) in enumerate(children)],
            )
            conn.execute(
                "UPDATE themes SET keywords = ?, narrative = ? WHERE id = ?",
                (json.dumps(keywords, ensure_ascii=False), narrative, into_id),
            )
            conn.execute("DELETE FROM themes WHERE id = ?", (theme_id,))
        removed = Removed(rows=snapshot, added={"highlight_themes": added})
        self._emit_removed(removed, origin, deleted={("themes", theme_id)})
        return removed

    # -- highlights ----------------------------------------------------------------

    def add_highlight(
        self,
        source_id: int,
        start: int,
        end: int,
        *,
        theme_ids: Iterable[int] = (),
        note: str = "",
        included: bool = True,
        origin: Any = None,
    ) -> int:
        return self.add_highlights(
            [(source_id, start, end)],
            theme_ids=theme_ids,
            note=note,
            included=included,
            origin=origin,
        )[0]

    def add_highlights(
        self,
        spans: Iterable[tuple[int, int, int]],
        *,
        theme_ids: Iterable[int] = (),
        note: str = "",
        included: bool = True,
        origin: Any = None,
    ) -> list[int]:
        """Add highlights for (source id, start, end) spans in one transaction."""
        theme_ids = list(dict.fromkeys(theme_ids))
        ids: list[int] = []
        created = _now()
        with self._write() as conn:
            next_pos = {
                t: conn.execute(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM"
                    " highlight_themes WHERE theme_id = ?",
                    (t,),
                ).fetchone()[0]
                for t in theme_ids
            }
            for source_id, start, end in spans:
                text = self.source_text(source_id)
                if not 0 <= start < end <= len(text):
                    raise ValueError(f"span {start}-{end} is outside the source (0-{len(text)})")
                prefix, quote, suffix = context_of(text, start, end)
                hid = conn.execute(
                    'INSERT INTO highlights (source_id, start, "end", quote, prefix, suffix,'
                    " note, included, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (source_id, start, end, quote, prefix, suffix, note, int(included), created),
                ).lastrowid
                for t in theme_ids:
                    conn.execute(
                        "INSERT INTO highlight_themes VALUES (?, ?, ?)", (hid, t, next_pos[t])
                    )
                    next_pos[t] += 1
                ids.append(hid)
        if ids:
            self._emit(Change(Kind.HIGHLIGHT, Action.ADDED, tuple(ids), origin=origin))
        return ids

    def _highlights(self, where: str, args: tuple) -> list[Highlight]:
        rows = self._conn.execute(
            'SELECT id, source_id, start, "end", quote, prefix, suffix, note, included, orphan,'
            f' created FROM highlights {where} ORDER BY source_id, start, "end", id',
            args,
        ).fetchall()
        links: dict[int, list[int]] = {}
        for hid, tid in self._conn.execute(
            "SELECT ht.highlight_id, ht.theme_id FROM highlight_themes ht JOIN themes t"
            " ON t.id = ht.theme_id"
            + (
                ""
                if not where
                else f" WHERE ht.highlight_id IN (SELECT id FROM highlights {where})"
            )
            + " ORDER BY t.position, t.id",
            args,
        ):
            links.setdefault(hid, []).append(tid)
        return [
            Highlight(
                id=r[0],
                source_id=r[1],
                start=r[2],
                end=r[3],
                quote=r[4],
                prefix=r[5],
                suffix=r[6],
                note=r[7],
                included=bool(r[8]),
                orphan=bool(r[9]),
                created=r[10],
                theme_ids=tuple(links.get(r[0], ())),
            )
            for r in rows
        ]

    def highlights(self, source_id: int | None = None) -> list[Highlight]:
        """All highlights (or one source's), by source and position."""
        if source_id is None:
            return self._highlights("", ())
        return self._highlights("WHERE source_id = ?", (source_id,))

    def highlight_spans(self, source_id: int) -> list[tuple[int, int, int, bool, tuple[int, ...]]]:
        """What a reader paints, and nothing more: (id, start, end, orphan, theme ids)
        per highlight of a source, by start; ~4x cheaper than ``highlights()``."""
        links: dict[int, list[int]] = {}
        for hid, tid in self._conn.execute(
            "SELECT ht.highlight_id, ht.theme_id FROM highlight_themes ht"
            " JOIN highlights h ON h.id = ht.highlight_id JOIN themes t ON t.id = ht.theme_id"
            " WHERE h.source_id = ? ORDER BY t.position, t.id",
            (source_id,),
        ):
            links.setdefault(hid, []).append(tid)
        return [
            (hid, start, end, bool(orphan), tuple(links.get(hid, ())))
            for hid, start, end, orphan in self._conn.execute(
                'SELECT id, start, "end", orphan FROM highlights WHERE source_id = ?'
                ' ORDER BY start, "end", id',
                (source_id,),
            )
        ]

    def highlight(self, highlight_id: int) -> Highlight:
        found = self._highlights("WHERE id = ?", (highlight_id,))
        if not found:
            raise KeyError(f"no highlight {highlight_id}")
        return found[0]

    def update_highlight(self, highlight_id: int, *, origin: Any = None, **values: Any) -> None:
        bad = set(values) - set(HIGHLIGHT_FIELDS)
        if bad:
            raise TypeError(f"not editable highlight fields: {sorted(bad)}")
        if "included" in values:
            values["included"] = int(bool(values["included"]))
        self._update_row("highlights", Kind.HIGHLIGHT, highlight_id, values, origin)

    def set_highlight_span(
        self, highlight_id: int, start: int, end: int, *, origin: Any = None
    ) -> None:
        h = self.highlight(highlight_id)
        text = self.source_text(h.source_id)
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span {start}-{end} is outside the source (0-{len(text)})")
        prefix, quote, suffix = context_of(text, start, end)
        with self._write() as conn:
            conn.execute(
                'UPDATE highlights SET start = ?, "end" = ?, quote = ?, prefix = ?,'
                " suffix = ?, orphan = 0 WHERE id = ?",
                (start, end, quote, prefix, suffix, highlight_id),
            )
        self._emit(
            Change(
                Kind.HIGHLIGHT, Action.CHANGED, (highlight_id,), ("start", "end", "quote"), origin
            )
        )

    def set_highlight_themes(
        self, highlight_id: int, theme_ids: Iterable[int], *, origin: Any = None
    ) -> None:
        """Tag a highlight with exactly these themes (none leaves it untagged)."""
        wanted = list(dict.fromkeys(theme_ids))
        current = list(self.highlight(highlight_id).theme_ids)
        with self._write() as conn:
            for t in current:
                if t not in wanted:
                    conn.execute(
                        "DELETE FROM highlight_themes WHERE highlight_id = ? AND theme_id = ?",
                        (highlight_id, t),
                    )
            for t in wanted:
                if t not in current:
                    pos = conn.execute(
                        "SELECT COALESCE(MAX(position), -1) + 1 FROM"
                        " highlight_themes WHERE theme_id = ?",
                        (t,),
                    ).fetchone()[0]
                    conn.execute(
                        "INSERT INTO highlight_themes VALUES (?, ?, ?)", (highlight_id, t, pos)
                    )
        self._emit(Change(Kind.HIGHLIGHT, Action.CHANGED, (highlight_id,), ("theme_ids",), origin))

    def excerpt_order(self) -> dict[int, list[int]]:
        """theme id -> its highlight ids in the analyst's order."""
        order: dict[int, list[int]] = {}
        for tid, hid in self._conn.execute(
            "SELECT theme_id, highlight_id FROM highlight_themes"
            " ORDER BY theme_id, position, highlight_id"
        ):
            order.setdefault(tid, []).append(hid)
        return order

    def set_excerpt_order(
        self, theme_id: int, highlight_ids: list[int], *, origin: Any = None
    ) -> None:
        """Reorder a theme's excerpts; ids not given keep their order after these."""
        current = self.excerpt_order().get(theme_id, [])
        given = [h for h in highlight_ids if h in current]
        order = given + [h for h in current if h not in given]
        with self._write() as conn:
            conn.executemany(
                "UPDATE highlight_themes SET position = ? WHERE theme_id = ? AND highlight_id = ?",
                [(i, theme_id, h) for i, h in enumerate(order)],
            )
        self._emit(Change(Kind.EXCERPT_ORDER, Action.REORDERED, (theme_id,), (), origin))

    def delete_highlights(self, highlight_ids: Iterable[int], *, origin: Any = None) -> Removed:
        ids = list(dict.fromkeys(highlight_ids))
        marks = ", ".join("?" * len(ids))
        removed = Removed(
            rows={
                "highlights": self._rows(f"SELECT * FROM highlights WHERE id IN ({marks})", ids),
                "highlight_themes": self._rows(
                    f"SELECT * FROM highlight_themes WHERE highlight_id IN ({marks})", ids
                ),
                "judgment_support": self._rows(
                    f"SELECT * FROM judgment_support WHERE highlight_id IN ({marks})", ids
                ),
            }
        )
        if len(removed.rows["highlights"]) != len(ids):
            raise KeyError("some of these highlights do not exist")
        with self._write() as conn:
            conn.execute(f"DELETE FROM highlights WHERE id IN ({marks})", ids)
        self._emit_removed(removed, origin)
        return removed

    def delete_highlight(self, highlight_id: int, *, origin: Any = None) -> Removed:
        return self.delete_highlights([highlight_id], origin=origin)

    # -- judgments -----------------------------------------------------------------

    def add_judgment(
        self,
        text: str = "",
        *,
        confidence: str = "",
        likelihood: str = "",
        support: Iterable[int] = (),
        position: int | None = None,
        origin: Any = None,
    ) -> int:
        with self._write() as conn:
            if position is None:
                position = conn.execute(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM judgments"
                ).fetchone()[0]
            else:
                conn.execute(
                    "UPDATE judgments SET position = position + 1 WHERE position >= ?", (position,)
                )
            jid = conn.execute(
                "INSERT INTO judgments (text, confidence, likelihood, position)"
                " VALUES (?, ?, ?, ?)",
                (text, confidence, likelihood, position),
            ).lastrowid
            conn.executemany(
                "INSERT INTO judgment_support VALUES (?, ?, ?)",
                [(jid, h, i) for i, h in enumerate(dict.fromkeys(support))],
            )
        self._emit(Change(Kind.JUDGMENT, Action.ADDED, (jid,), origin=origin))
        return jid

    def judgments(self) -> list[Judgment]:
        support: dict[int, list[int]] = {}
        for jid, hid in self._conn.execute(
            "SELECT judgment_id, highlight_id FROM judgment_support ORDER BY judgment_id, position"
        ):
            support.setdefault(jid, []).append(hid)
        return [
            Judgment(**r, support=tuple(support.get(r["id"], ())))
            for r in self._rows("SELECT * FROM judgments ORDER BY position, id")
        ]

    def judgment(self, judgment_id: int) -> Judgment:
        for j in self.judgments():
            if j.id == judgment_id:
                return j
        raise KeyError(f"no judgment {judgment_id}")

    def update_judgment(self, judgment_id: int, *, origin: Any = None, **values: str) -> None:
        bad = set(values) - set(JUDGMENT_FIELDS)
        if bad:
            raise TypeError(f"not editable judgment fields: {sorted(bad)}")
        self._update_row("judgments", Kind.JUDGMENT, judgment_id, values, origin)

    def set_judgment_support(
        self, judgment_id: int, highlight_ids: Iterable[int], *, origin: Any = None
    ) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM judgment_support WHERE judgment_id = ?", (judgment_id,))
            conn.executemany(
                "INSERT INTO judgment_support VALUES (?, ?, ?)",
                [(judgment_id, h, i) for i, h in enumerate(dict.fromkeys(highlight_ids))],
            )
        self._emit(Change(Kind.JUDGMENT, Action.CHANGED, (judgment_id,), ("support",), origin))

    def move_judgment(self, judgment_id: int, position: int, *, origin: Any = None) -> None:
        order = [j.id for j in self.judgments() if j.id != judgment_id]
        order.insert(max(0, min(position, len(order))), judgment_id)
        with self._write() as conn:
            conn.executemany(
                "UPDATE judgments SET position = ? WHERE id = ?",
                [(i, j) for i, j in enumerate(order)],
            )
        self._emit(Change(Kind.JUDGMENT, Action.REORDERED, tuple(order), origin=origin))

    def delete_judgment(self, judgment_id: int, *, origin: Any = None) -> Removed:
        removed = Removed(
            rows={
                "judgments": self._rows("SELECT * FROM judgments WHERE id = ?", (judgment_id,)),
                "judgment_support": self._rows(
                    "SELECT * FROM judgment_support WHERE judgment_id = ?", (judgment_id,)
                ),
            }
        )
        if not removed.rows["judgments"]:
            raise KeyError(f"no judgment {judgment_id}")
        with self._write() as conn:
            conn.execute("DELETE FROM judgments WHERE id = ?", (judgment_id,))
        self._emit_removed(removed, origin)
        return removed

    # -- the brief -----------------------------------------------------------------

    def brief(self) -> Brief:
        stored = dict(self._conn.execute("SELECT name, value FROM brief").fetchall())
        values = {k: json.loads(v) for k, v in stored.items() if k in BRIEF_FIELDS}
        return Brief(**values)

    def update_brief(self, *, origin: Any = None, **values: Any) -> None:
        bad = set(values) - set(BRIEF_FIELDS)
        if bad:
            raise TypeError(f"unknown brief fields: {sorted(bad)}")
        types = {f.name: type(f.default) for f in fields(Brief)}
        for k, v in values.items():
            if not isinstance(v, types[k]):
                raise TypeError(f"brief {k} must be {types[k].__name__}")
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO brief (name, value) VALUES (?, ?)",
                [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()],
            )
        self._emit(Change(Kind.BRIEF, Action.CHANGED, (), tuple(values), origin))

    # -- restore, whole project ------------------------------------------------------

    def restore(self, removed: Removed, *, origin: Any = None) -> None:
        """Undo a delete or merge: put its rows back with the same ids and remove
        the rows it added."""
        changes: list[Change] = []
        with self._write() as conn:
            conn.execute("PRAGMA defer_foreign_keys = ON")
            for table, rows in removed.added.items():
                keys = _KEYS.get(table, ("id",))
                for row in rows:
                    conn.execute(
                        f"DELETE FROM {table} WHERE " + " AND ".join(f'"{k}" = ?' for k in keys),
                        tuple(row[k] for k in keys),
                    )
            for table in TABLES:
                keys = _KEYS.get(table, ("id",))
                added_ids, changed_ids = [], []
                for row in removed.rows.get(table, ()):
                    where = " AND ".join(f'"{k}" = ?' for k in keys)
                    key = tuple(row[k] for k in keys)
                    cols = [c for c in row if c not in keys]
                    exists = conn.execute(f"SELECT 1 FROM {table} WHERE {where}", key).fetchone()
                    if exists:
                        if cols:
                            conn.execute(
                                f"UPDATE {table} SET "
                                + ", ".join(f'"{c}" = ?' for c in cols)
                                + f" WHERE {where}",
                                (*(row[c] for c in cols), *key),
                            )
                        changed_ids.append(key[0])
                    else:
                        names = ", ".join(f'"{c}"' for c in row)
                        conn.execute(
                            f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})",
                            tuple(row.values()),
                        )
                        added_ids.append(key[0])
                kind = _KIND.get(table)
                if kind and added_ids:
                    changes.append(Change(kind, Action.ADDED, tuple(added_ids), origin=origin))
                if kind and changed_ids:
                    changes.append(Change(kind, Action.CHANGED, tuple(changed_ids), origin=origin))
        self._texts.clear()
        changes += self._link_changes(removed, origin)
        self._emit(*changes)

    def _emit_removed(
        self, removed: Removed, origin: Any, deleted: set[tuple[str, int]] | None = None
    ) -> None:
        changes = []
        for table in reversed(TABLES):
            kind = _KIND.get(table)
            rows = removed.rows.get(table, ())
            if not kind or not rows:
                continue
            gone = [r["id"] for r in rows if deleted is None or (table, r["id"]) in deleted]
            kept = [
                r["id"] for r in rows if deleted is not None and (table, r["id"]) not in deleted
            ]
            if gone:
                changes.append(Change(kind, Action.REMOVED, tuple(gone), origin=origin))
            if kept:
                changes.append(Change(kind, Action.CHANGED, tuple(kept), origin=origin))
        self._emit(*changes, *self._link_changes(removed, origin))

    def _link_changes(self, removed: Removed, origin: Any) -> list[Change]:
        """Highlights and judgments whose theme or support links an operation touched."""
        gone_h = {r["id"] for r in removed.rows.get("highlights", ())}
        gone_j = {r["id"] for r in removed.rows.get("judgments", ())}
        links = [
            *removed.rows.get("highlight_themes", ()),
            *removed.added.get("highlight_themes", ()),
        ]
        hids = sorted({r["highlight_id"] for r in links} - gone_h)
        jids = sorted({r["judgment_id"] for r in removed.rows.get("judgment_support", ())} - gone_j)
        out = []
        if hids:
            out.append(Change(Kind.HIGHLIGHT, Action.CHANGED, tuple(hids), ("theme_ids",), origin))
        if jids:
            out.append(Change(Kind.JUDGMENT, Action.CHANGED, tuple(jids), ("support",), origin))
        return out

    def load_project(self) -> Project:
        """Everything at once, for compose and export."""
        sources = [
            Source(**{k: v for k, v in r.items() if k != "length"})
            for r in self._rows("SELECT * FROM sources ORDER BY position, id")
        ]
        return Project(
            brief=self.brief(),
            sources=sources,
            themes=self.themes(),
            highlights=self.highlights(),
            judgments=self.judgments(),
            excerpt_order=self.excerpt_order(),
        )

    def counts(self) -> dict[str, int]:
        return {
            t: self._conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("sources", "themes", "highlights", "judgments")
        }

    def to_json(self) -> dict:
        """The whole project as data (the ``.json`` export; see README)."""
        project = self.load_project()
        names = {t.id: t.name for t in project.themes}
        highlights = []
        for h in project.highlights:
            d = asdict(h)
            d["theme_ids"] = list(h.theme_ids)
            d["themes"] = [names[t] for t in h.theme_ids if t in names]
            highlights.append(d)
        return {
            "format": "briefing-project",
            "format_version": 1,
            "positions": "Unicode code points into the source text (NFC, \\n line ends)",
            "brief": asdict(project.brief),
            "sources": [asdict(s) for s in project.sources],
            "themes": [{**asdict(t), "keywords": list(t.keywords)} for t in project.themes],
            "highlights": highlights,
            "judgments": [{**asdict(j), "support": list(j.support)} for j in project.judgments],
            "excerpt_order": {str(k): v for k, v in project.excerpt_order.items()},
        }
