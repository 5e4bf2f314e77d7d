"""The .brief file on disk: schema, migrations, validation, locking, durability.

Choices (measured in ``benchmarks/bench_store.py``):

* WAL journal with ``synchronous=NORMAL``: a commit appends to the WAL without
  an fsync (~0.1 ms instead of ~16 ms), so edits commit at once on the GUI
  thread. A crash or kill of the program loses nothing committed: the WAL is
  in the OS cache and is recovered on the next open.
* A flusher thread checkpoints (which fsyncs the WAL, then the database) at
  most once a second after a change, so a power cut loses at most about the
  last second.
* The flusher keeps the project dirty until the WAL is really on disk: a
  PASSIVE checkpoint that a reader's snapshot blocks copies nothing and
  syncs nothing, so then it fsyncs the ``-wal`` itself (``sync_wal``).
* Before each commit the database file is grown (``posix_fallocate``) to the
  size the commit gives it (``reserve``), so a checkpoint never runs out of
  space half-way: a full disk fails the commit itself, with "the disk is
  full", and SQLite has already rolled it back.
* On close the WAL is checkpointed and the file switched back to rollback
  journal mode, so a closed project is one file with no ``-wal``/``-shm``; a
  checkpoint that fails is reported (``close_writer`` raises), not ignored.
* Opening first checks the file over a read-only connection (application id,
  schema version, that SQLite can read it); a refused file is never written.
  Opening for writing switches to WAL only after the first commit (which
  goes through the rollback journal), so a command refused before or inside
  its write transaction leaves the file's bytes as they were.
* One writer at a time: an advisory ``flock`` on the project file, held while
  open for writing. Readers (info, export) never take it.
* ``write_failure`` turns an SQLite or OS error into one line for the user
  ("the disk is full", "is read-only").
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from .model import THEME_KEYS, Theme, codebook_order

APPLICATION_ID = 0x42524946  # "BRIF"
SCHEMA_VERSION = 4
FLUSH_INTERVAL = 1.0
"""Seconds between a change and its fsync (the most a power cut can lose)."""


class ProjectError(Exception):
    """A project that cannot be opened or written; str() is one line for the user."""


class ProjectLocked(ProjectError):
    pass


class ProjectReadOnly(ProjectError):
    pass


_SCHEMA_V1 = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    dateline TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    accessed TEXT NOT NULL DEFAULT '',
    filename TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    length INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    added TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE themes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    color TEXT NOT NULL DEFAULT '#999999',
    description TEXT NOT NULL DEFAULT '',
    parent_id INTEGER REFERENCES themes(id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0,
    keywords TEXT NOT NULL DEFAULT '[]',
    narrative TEXT NOT NULL DEFAULT ''
);
CREATE TABLE highlights (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    included INTEGER NOT NULL DEFAULT 1,
    orphan INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL DEFAULT ''
);
CREATE INDEX highlights_by_source ON highlights(source_id, start);
CREATE TABLE highlight_themes (
    highlight_id INTEGER NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (highlight_id, theme_id)
);
CREATE INDEX highlight_themes_by_theme ON highlight_themes(theme_id, position);
CREATE TABLE judgments (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL DEFAULT '',
    confidence TEXT NOT NULL DEFAULT '',
    likelihood TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE judgment_support (
    judgment_id INTEGER NOT NULL REFERENCES judgments(id) ON DELETE CASCADE,
    highlight_id INTEGER NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (judgment_id, highlight_id)
);
CREATE INDEX judgment_support_by_highlight ON judgment_support(highlight_id);
CREATE TABLE brief (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

_SCHEMA_V2 = """
ALTER TABLE themes ADD COLUMN "key" INTEGER;
CREATE UNIQUE INDEX themes_by_key ON themes("key") WHERE "key" IS NOT NULL;
"""

_SCHEMA_V3 = """
CREATE TABLE IF NOT EXISTS project (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
"""Version 3: facts about the project itself (its ``uuid``, set once by the migration)."""

_SCHEMA_V4 = """
CREATE INDEX IF NOT EXISTS sources_in_order ON sources(position);
CREATE INDEX IF NOT EXISTS highlights_in_order ON highlights(orphan, source_id, start, "end");
CREATE INDEX IF NOT EXISTS highlights_by_created ON highlights(orphan, created);
"""
"""Version 4: indexes for the Highlights list read a page at a time in its orders
(``store/highlight_list.py``): by position without sorting, newest or oldest first."""

MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3, 4: _SCHEMA_V4}
"""Schema version -> the SQL that brings the previous version to it."""


def _assign_keys(conn: sqlite3.Connection) -> None:
    """Version 2: each theme keeps the key it had by codebook order, once and for all."""
    rows = conn.execute("SELECT id, parent_id, position FROM themes").fetchall()
    themes = [Theme(id=i, name="", parent_id=p, position=pos) for i, p, pos in rows]
    conn.executemany(
        'UPDATE themes SET "key" = ? WHERE id = ?',
        [(k + 1, t.id) for k, t in enumerate(codebook_order(themes)[:THEME_KEYS])],
    )


def _assign_uuid(conn: sqlite3.Connection) -> None:
    """Version 3: the project's UUID, from which exports derive stable ids (REFI-QDA GUIDs)."""
    import uuid

    conn.execute(
        "INSERT OR IGNORE INTO project (name, value) VALUES ('uuid', ?)", (str(uuid.uuid4()),)
    )


AFTER_MIGRATION = {2: _assign_keys, 3: _assign_uuid}
"""Schema version -> a data step run after its SQL."""


def _uri(path: Path, mode: str) -> str:
    from urllib.parse import quote

    return f"file:{quote(os.fsencode(path))}?mode={mode}"


def check_project(path: Path) -> int:
    """Validate a project over a read-only connection; return its schema version.

    Raises ProjectError with a one-line reason; never writes to the file.
    """
    name = path.name
    if not path.exists():
        raise ProjectError(f"{name}: no such file")
    if path.is_dir():
        raise ProjectError(f"{name}: is a folder, not a project file")
    try:
        conn = sqlite3.connect(_uri(path, "ro"), uri=True)
    except sqlite3.Error as exc:
        raise ProjectError(f"{name}: cannot be opened ({exc})") from None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise ProjectError(f"{name}: not a Briefing project")
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"{name}: made by a newer version of Briefing (file format {version}; "
                f"this version reads up to {SCHEMA_VERSION}); update Briefing to open it"
            )
        result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if result != "ok":
            raise ProjectError(f"{name}: the project file is damaged ({result})")
        return version
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{name}: not a Briefing project, or damaged ({exc})") from None
    finally:
        conn.close()


def write_failure(path: Path, exc: BaseException) -> ProjectError:
    """An SQLite or OS error while writing ``path`` as one line for the user."""
    name = path.name
    code = getattr(exc, "sqlite_errorcode", None)
    code = code & 0xFF if isinstance(code, int) else None
    if code == sqlite3.SQLITE_FULL or getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
        return ProjectError(f"{name}: the disk is full; the change was not saved (free some space)")
    if code == sqlite3.SQLITE_READONLY or getattr(exc, "errno", None) in (
        errno.EROFS,
        errno.EACCES,
    ):
        return ProjectReadOnly(f"{name}: is read-only; the change was not saved")
    if code == sqlite3.SQLITE_CANTOPEN:
        return ProjectError(f"{name}: cannot write beside it (is its folder read-only?)")
    if code == sqlite3.SQLITE_NOMEM or isinstance(exc, MemoryError):
        return ProjectError(f"{name}: out of memory; the change was not saved")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return ProjectLocked(f"{name}: busy in another program; try again")
    reason = getattr(exc, "strerror", None) or str(exc)
    return ProjectError(f"{name}: could not be written ({reason})")


WRITE_FAILURES = frozenset(
    {
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_CORRUPT,
    }
)
"""SQLite result codes (primary) that mean the file could not be written, not a bug."""


def is_write_failure(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in WRITE_FAILURES


class WriterLock:
    """An advisory lock that lets one process at a time write a project.

    Its descriptor (read-write) stays open while the project is open: it is
    the one ``reserve`` grows the file through (closing another descriptor of
    the file would drop SQLite's own POSIX locks)."""

    def __init__(self, path: Path):
        self._fd: int | None = None
        self._reserved = 0
        """A size the file is known to have reached (committed pages never shrink)."""
        self._page_size = 0
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                raise ProjectReadOnly(
                    f"{path.name}: is read-only (open it read-only, or allow writing to it)"
                ) from None
            raise
        try:
            import fcntl
        except ImportError:  # Windows: SQLite's own locking still serialises writes
            self._fd = fd
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ProjectLocked(
                f"{path.name}: open for writing in another Briefing window or command; "
                "close it there first (reading and exporting still work)"
            ) from None
        self._fd = fd

    def reserve(self, size: int) -> int | None:
        """Grow the file to ``size`` bytes of allocated space (OSError ENOSPC if
        the disk cannot hold them); never shrinks it. Returns the size it had
        if it grew (for ``give_back``), else None."""
        if self._fd is None or size <= self._reserved or not hasattr(os, "posix_fallocate"):
            return None
        before = os.fstat(self._fd).st_size
        if before >= size:
            self._reserved = size
            return None
        try:
            os.posix_fallocate(self._fd, 0, size)
        except OSError as exc:
            self.give_back(before)  # whatever part was allocated
            if exc.errno in (errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                return None  # the file system cannot preallocate; the checkpoint will say
            raise
        self._reserved = size
        return before

    def give_back(self, size: int) -> None:
        """After a commit failed: return the space ``reserve`` took beyond ``size``."""
        self._reserved = 0
        if self._fd is not None and os.fstat(self._fd).st_size > size:
            with suppress(OSError):
                os.ftruncate(self._fd, size)

    def release(self) -> None:
        """Call only after every SQLite connection to the file is closed."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def connect_writer(path: Path) -> sqlite3.Connection:
    """A connection for writing; ``use_wal`` switches it to WAL after the first commit."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def use_wal(path: Path, conn: sqlite3.Connection) -> None:
    """Switch to the write-ahead log (changes the file's header: only before a write)."""
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.Error as exc:
        if is_write_failure(exc):
            raise write_failure(path, exc) from None
        raise
    if mode.lower() != "wal":
        raise ProjectError(f"{path.name}: cannot use a write-ahead log here ({mode})")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # the flusher checkpoints off the GUI thread


def reserve_commit(conn: sqlite3.Connection, lock: WriterLock) -> int | None:
    """Inside a write transaction: make room in the database file for what
    the transaction's commit will need once checkpointed (``WriterLock.reserve``)."""
    if not lock._page_size:
        lock._page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    return lock.reserve(pages * lock._page_size)


def connect_reader(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        _uri(path, "ro"), uri=True, isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def migrate(path: Path, conn: sqlite3.Connection) -> None:
    """Bring the schema forward to SCHEMA_VERSION in one transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _statements(MIGRATIONS[target]):
                conn.execute(statement)
            if target in AFTER_MIGRATION:
                AFTER_MIGRATION[target](conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:  # SQLite rolls back a failed COMMIT itself
            conn.execute("ROLLBACK")
        if is_write_failure(exc):
            raise write_failure(path, exc) from None
        raise


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def sync_wal(path: Path) -> None:
    """fsync (fdatasync where there is one) the project's ``-wal`` file."""
    try:
        fd = os.open(f"{path}-wal", os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        getattr(os, "fdatasync", os.fsync)(fd)
    finally:
        os.close(fd)


class Flusher(threading.Thread):
    """Makes each commit durable at most FLUSH_INTERVAL after it.

    A PASSIVE checkpoint fsyncs the WAL before copying it into the database,
    but copies (and syncs) nothing while a reader's snapshot blocks it. So
    when frames are left behind, the flusher fsyncs the WAL itself; the
    project stays dirty until one of the two has really happened.
    ``synced`` counts the rounds that made everything durable (for tests)."""

    def __init__(self, path: Path, *, sync: Callable[[Path], None] = sync_wal):
        super().__init__(name="briefing-flusher", daemon=True)
        self._path = path
        self._sync = sync
        self._dirty = threading.Event()
        self._stopping = threading.Event()
        self.synced = 0
        self.error: BaseException | None = None
        """The last failure to make the WAL durable (cleared by a success)."""

    def mark_dirty(self) -> None:
        self._dirty.set()

    def flush(self, conn: sqlite3.Connection) -> None:
        """One round: checkpoint, and sync the WAL if the checkpoint left frames."""
        busy, log, done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if busy or done < log:
            self._sync(self._path)

    def run(self) -> None:
        conn = sqlite3.connect(str(self._path), isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 1000")
        conn.execute("PRAGMA synchronous = NORMAL")
        try:
            while True:
                self._dirty.wait()
                if self._stopping.is_set():
                    return
                self._dirty.clear()
                try:
                    self.flush(conn)
                except (sqlite3.Error, OSError) as exc:
                    self.error = exc
                    self._dirty.set()  # still dirty: try again next round
                else:
                    self.error = None
                    self.synced += 1
                if self._stopping.wait(FLUSH_INTERVAL):  # at most one per interval
                    return
        finally:
            conn.close()

    def stop(self) -> None:
        self._stopping.set()
        self._dirty.set()
        self.join()


def close_writer(path: Path, conn: sqlite3.Connection, *, wal: bool) -> None:
    """Checkpoint, leave rollback-journal mode (no side files), close.

    A checkpoint that fails raises ``write_failure`` (the commits are safe in
    the ``-wal``; the next open recovers them). One that another reader
    blocks leaves the WAL to that reader's process."""
    if not wal:
        conn.close()
        return
    failure: sqlite3.Error | None = None
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if not busy:  # if this fails, the header still says WAL, but the -wal is gone
            with suppress(sqlite3.Error):
                conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        failure = exc
    finally:
        conn.close()
    if failure is not None:
        raise write_failure(path, failure)
