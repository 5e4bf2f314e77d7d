"""The store's foundation: the open connection, transactions, change events
(with batching), row helpers and ``restore``.

The entity modules (sources, themes, highlights, judgments) subclass
``StoreBase``, so everything they use from it is declared and type-checked here.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from ..events import Action, Change, Kind
from ..projectfile import (
    Flusher,
    ProjectError,
    ProjectReadOnly,
    WriterLock,
    check_project,
    close_writer,
    connect_reader,
    connect_writer,
    is_write_failure,
    migrate,
    reserve_commit,
    use_wal,
    write_failure,
)

log = logging.getLogger("briefing.store")

TABLES = ("sources", "themes", "highlights", "highlight_themes", "judgments", "judgment_support")
"""Tables in the order ``restore`` puts rows back (parents before children)."""

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

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    added: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(self.rows.get(table, ()))


def now() -> str:
    """The current UTC time as stored (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def storable(value: object) -> str:
    """``value`` as text SQLite can store: bytes of a file name that are not
    UTF-8 (which Python holds as lone surrogates) become U+FFFD."""
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:
            return text.encode("utf-8", "replace").decode("utf-8")
    return text


def merge_changes(changes: Iterable[Change]) -> list[Change]:
    """Changes with the same kind, action and fields as one, their ids united
    in first-seen order; the merged changes keep the order they were first seen."""
    merged: dict[tuple[Kind, Action, tuple[str, ...]], dict[int, None]] = {}
    for change in changes:
        merged.setdefault((change.kind, change.action, change.fields), {}).update(
            dict.fromkeys(change.ids)
        )
    return [Change(kind, action, tuple(ids), flds) for (kind, action, flds), ids in merged.items()]


class StoreBase:
    """An open project file: connection, transactions, events and restore."""

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
        """source id -> text: a cache of source texts, cleared on rollback and restore."""
        self._batch_depth = 0
        self._pending: list[Change] = []
        self._in_transaction = False
        self._wal_on = False
        """Switched to WAL (after the first commit): close checkpoints and switches back."""

    # -- opening and closing ---------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Self:
        path = Path(path)
        check_project(path)
        if readonly:
            return cls(path, connect_reader(path), readonly=True, lock=None, flusher=None)
        return cls._open_writer(path)

    @classmethod
    def _open_writer(cls, path: Path) -> Self:
        """Open for writing. The file is switched to WAL (and the flusher
        started) only after the first commit, so opening and closing without
        a commit (a refused command) leaves the file's bytes unchanged."""
        lock = WriterLock(path)
        conn = None
        try:
            conn = connect_writer(path)
            migrate(path, conn)
        except BaseException:
            if conn is not None:
                conn.close()
            lock.release()
            raise
        return cls(path, conn, readonly=False, lock=lock, flusher=None)

    def close(self) -> None:
        """Close; raises ProjectError (after closing) if the last changes could
        not be checkpointed into the file (e.g. the disk is full)."""
        if self.closed:
            return
        if self._flusher:
            self._flusher.stop()
            self._flusher = None
        conn, self._conn = self._conn, None  # type: ignore[assignment]
        try:
            if self.readonly:
                conn.close()
            else:
                close_writer(self.path, conn, wal=self._wal_on)
        finally:
            if self._lock:
                self._lock.release()
                self._lock = None

    @property
    def closed(self) -> bool:
        return self._conn is None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
            return
        try:  # the block's own exception is the one to report
            self.close()
        except ProjectError:
            log.exception("closing %s after a failure", self.path)

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
        other = type(self).open(path, readonly=was_readonly)
        self.path, self.readonly = other.path, other.readonly
        self._conn, self._lock, self._flusher = other._conn, other._lock, other._flusher
        self._wal_on = other._wal_on
        self._texts.clear()
        self._emit(Change(Kind.PROJECT, Action.CHANGED))

    # -- events and transactions -------------------------------------------------

    def subscribe(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        """Call ``callback(change)`` after each committed change; returns an unsubscriber."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hold back change events until the outermost ``batch`` exits, then
        deliver them merged (see ``merge_changes``), so listeners refresh once
        for an operation of several steps.

        A batch is not a transaction: each store call still commits on its own.
        If the block raises, the changes committed before are still delivered,
        then the exception propagates."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                pending, self._pending = self._pending, []
                self._deliver(merge_changes(pending))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: the store calls inside the block share one SQLite
        transaction, committed when the block ends; if it raises, everything
        is rolled back and no change event of the block is delivered. Events
        are delivered merged after the commit, as in ``batch``. Not nestable."""
        if self._in_transaction:
            raise RuntimeError("transactions do not nest")
        with self.batch():
            first = len(self._pending)
            with self._write():
                self._in_transaction = True
                try:
                    yield
                except BaseException:
                    del self._pending[first:]
                    raise
                finally:
                    self._in_transaction = False

    def _emit(self, *changes: Change) -> None:
        if self._batch_depth:
            self._pending.extend(changes)
        else:
            self._deliver(changes)

    def _deliver(self, changes: Iterable[Change]) -> None:
        for change in changes:
            for callback in list(self._subscribers):
                try:
                    callback(change)
                except Exception:  # a listener's bug must not undo a committed edit
                    log.exception("change listener failed for %s", change)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if self.closed:
            raise ProjectError(f"{self.path.name}: the project is closed")
        if self.readonly:
            raise ProjectReadOnly(f"{self.path.name}: opened read-only; changes are not saved")
        conn = self._conn
        if self._in_transaction:  # inside transaction(): it commits or rolls back
            yield conn
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            self._commit(conn)
        except BaseException as exc:
            if conn.in_transaction:  # SQLite has already rolled back a failed COMMIT
                conn.execute("ROLLBACK")
            self._texts.clear()
            if is_write_failure(exc):
                raise write_failure(self.path, exc) from None
            raise
        if not self._wal_on:  # the first commit went through the rollback journal
            self._after_first_commit()
        if self._flusher:
            self._flusher.mark_dirty()

    def _after_first_commit(self) -> None:
        """Switch to WAL once the file has really changed: a write refused
        before its commit leaves the file's bytes as they were. If the switch
        fails, writes go on through the (durable, slower) rollback journal."""
        try:
            self._start_wal()
        except (ProjectError, sqlite3.Error):
            log.warning("%s: staying in rollback-journal mode", self.path, exc_info=True)

    def _commit(self, conn: sqlite3.Connection) -> None:
        lock = self._lock
        if lock is None:
            conn.execute("COMMIT")
            return
        grew: int | None = None
        try:  # a full disk fails the commit here, never a checkpoint later
            grew = reserve_commit(conn, lock)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if grew is not None:
                lock.give_back(grew)  # the space reserved for what was not committed
            if isinstance(exc, OSError):
                raise write_failure(self.path, exc) from None
            raise

    def prepare_writes(self) -> None:
        """Switch to WAL now rather than after the first commit (the window: so its
        first edit never waits for another process's read to finish)."""
        if not self.readonly and self._flusher is None and not self.closed:
            self._start_wal()

    @property
    def flush_error(self) -> str | None:
        """Why the last edits could not yet be made durable (one line), or None."""
        error = self._flusher.error if self._flusher else None
        return str(write_failure(self.path, error)) if error is not None else None

    def _start_wal(self) -> None:
        use_wal(self.path, self._conn)
        self._wal_on = True
        self._flusher = Flusher(self.path)
        self._flusher.start()

    def _update_row(self, table: str, kind: Kind, row_id: int, values: dict[str, Any]) -> None:
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
        self._emit(Change(kind, Action.CHANGED, (row_id,), tuple(values)))

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> list[dict[str, Any]]:
        cur = self._conn.execute(sql, tuple(args))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

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

    def project_uuid(self) -> str:
        """The project's UUID (stored since file format 3). A file of an older
        format opened read-only, so never migrated, gets one derived from its
        sources and themes: the same on every export until it is next opened
        for writing."""
        try:
            row = self._conn.execute("SELECT value FROM project WHERE name = 'uuid'").fetchone()
        except sqlite3.OperationalError:  # no such table: an older file, read-only
            row = None
        if row:
            return str(row[0])
        import uuid

        basis = [
            *(r[0] for r in self._conn.execute("SELECT content_hash FROM sources ORDER BY id")),
            *(r[0] for r in self._conn.execute("SELECT name FROM themes ORDER BY id")),
        ]
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "briefing:" + "\n".join(basis)))

    def counts(self) -> dict[str, int]:
        return {
            t: self._conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("sources", "themes", "highlights", "judgments")
        }

    # -- restore ---------------------------------------------------------------------

    def restore(self, removed: Removed) -> None:
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
                added_ids, changed_ids = self._put_back(conn, table, removed.rows.get(table, ()))
                kind = _KIND.get(table)
                if kind and added_ids:
                    changes.append(Change(kind, Action.ADDED, tuple(added_ids)))
                if kind and changed_ids:
                    changes.append(Change(kind, Action.CHANGED, tuple(changed_ids)))
        self._texts.clear()
        changes += self._link_changes(removed)
        self._emit(*changes)

    @staticmethod
    def _put_back(
        conn: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]
    ) -> tuple[list[int], list[int]]:
        """Insert ``rows`` into ``table``, or update them where their key exists;
        returns the first key column of the (inserted, updated) rows."""
        keys = _KEYS.get(table, ("id",))
        added_ids, changed_ids = [], []
        for row in rows:
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
        return added_ids, changed_ids

    def _emit_removed(self, removed: Removed, deleted: set[tuple[str, int]] | None = None) -> None:
        """Events for a delete or merge: rows in ``deleted`` (default: all) were
        removed, the other recorded rows changed."""
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
                changes.append(Change(kind, Action.REMOVED, tuple(gone)))
            if kept:
                changes.append(Change(kind, Action.CHANGED, tuple(kept)))
        self._emit(*changes, *self._link_changes(removed))

    @staticmethod
    def _link_changes(removed: Removed) -> list[Change]:
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
            out.append(Change(Kind.HIGHLIGHT, Action.CHANGED, tuple(hids), ("theme_ids",)))
        if jids:
            out.append(Change(Kind.JUDGMENT, Action.CHANGED, tuple(jids), ("support",)))
        return out
