"""The .brief file on disk: schema, migrations, validation, locking, durability.

Choices (measured in ``benchmarks/bench_store.py``):

* WAL journal with ``synchronous=NORMAL``: a commit appends to the WAL without
  an fsync (~0.1 ms instead of ~16 ms), so edits commit at once on the GUI
  thread. A crash or kill of the program loses nothing committed: the WAL is
  in the OS cache and is recovered on the next open.
* A flusher thread checkpoints (which fsyncs the WAL, then the database) at
  most once a second after a change, so a power cut loses at most about the
  last second.
* On close the WAL is checkpointed and the file switched back to rollback
  journal mode, so a closed project is one file with no ``-wal``/``-shm``.
* Opening first checks the file over a read-only connection (application id,
  schema version, that SQLite can read it); a refused file is never written.
* One writer at a time: an advisory ``flock`` on the project file, held while
  open for writing. Readers (info, export) never take it.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from .model import THEME_KEYS, Theme, codebook_order

APPLICATION_ID = 0x42524946  # "BRIF"
SCHEMA_VERSION = 3
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

MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3}
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

    return f"file:{quote(str(path))}?mode={mode}"


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


class WriterLock:
    """An advisory lock that lets one process at a time write a project."""

    def __init__(self, path: Path):
        self._fd: int | None = None
        try:
            import fcntl
        except ImportError:  # Windows: SQLite's own locking still serialises writes
            return
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ProjectLocked(
                f"{path.name}: open for writing in another Briefing window or command; "
                "close it there first (reading and exporting still work)"
            ) from None
        self._fd = fd

    def release(self) -> None:
        """Call only after every SQLite connection to the file is closed."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def connect_writer(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        conn.close()
        raise ProjectError(f"{path.name}: cannot use a write-ahead log here ({mode})")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # the flusher checkpoints off the GUI thread
    return conn


def connect_reader(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        _uri(path, "ro"), uri=True, isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def migrate(conn: sqlite3.Connection) -> None:
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
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


class Flusher(threading.Thread):
    """Checkpoints the WAL (with fsync) at most FLUSH_INTERVAL after a change."""

    def __init__(self, path: Path):
        super().__init__(name="briefing-flusher", daemon=True)
        self._path = path
        self._dirty = threading.Event()
        self._stopping = threading.Event()

    def mark_dirty(self) -> None:
        self._dirty.set()

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
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error:
                    self._dirty.set()  # try again next round
                if self._stopping.wait(FLUSH_INTERVAL):  # at most one per interval
                    return
        finally:
            conn.close()

    def stop(self) -> None:
        self._stopping.set()
        self._dirty.set()
        self.join()


def close_writer(conn: sqlite3.Connection) -> None:
    """Checkpoint, leave rollback-journal mode (no side files), close."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error:
        pass  # another reader holds the WAL open; it goes when the last one closes
    finally:
        conn.close()
