"""A full disk loses nothing and says so; an acknowledged edit reaches the disk
within a second even while a reader holds a snapshot; a closed project is one file."""

from __future__ import annotations

import contextlib
import errno
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.projectfile import WriterLock
from briefing.store import ProjectError, Store

ROOT = Path(__file__).resolve().parents[2]
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]


def prose(n_chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < n_chars:
        p = " ".join(rng.choice(WORDS) for _ in range(60)) + "."
        paragraphs.append(p)
        size += len(p) + 2
    return "\n\n".join(paragraphs)


def side_files(project: Path) -> list[str]:
    return [
        p.name
        for p in project.parent.iterdir()
        if p.name.startswith(project.name) and p.name != project.name
    ]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def source_titles(project: Path) -> list[str]:
    with Store.open(project, readonly=True) as s:
        return [src.title for src in s.sources()]


# -- a small file system --------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs (root only); skipped where mounting is not allowed."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
        capture_output=True,
        check=False,
    )
    if r.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_full_disk_says_so_and_keeps_every_acknowledged_edit(small_disk, tmp_path, capsys):
    project = small_disk / "p.brief"
    for name, size in (("small.txt", 20_000), ("big.txt", 3_000_000), ("mid.txt", 1_500_000)):
        (tmp_path / name).write_text(prose(size, seed=size), encoding="utf-8")
    assert run(capsys, "new", project)[0] == 0
    code, out, _ = run(capsys, "import", project, tmp_path / "small.txt", "--title", "Kept")
    assert code == 0 and "Kept" in out

    disk_full = "briefing: p.brief: the disk is full; the change was not saved (free some space)"
    code, out, err = run(capsys, "import", project, tmp_path / "big.txt")  # 3 MB on a 2 MB disk
    assert (code, out, err.strip()) == (1, "", disk_full)
    assert "rollback" not in err
    assert side_files(project) == []  # one file, failed or not
    assert source_titles(project) == ["Kept"]

    # 1.5 MB just fits (one commit through the rollback journal): a real success
    code, out, err = run(capsys, "import", project, tmp_path / "mid.txt", "--title", "Mid")
    assert code == 0, err
    assert side_files(project) == []
    assert source_titles(project) == ["Kept", "Mid"]

    # in a session (the window), commits after the first go through the WAL:
    # one that cannot fit beside it fails, and the space it reserved is given back
    with Store.open(project) as store:
        store.add_theme("Theme")  # first commit: the file switches to the WAL
        with pytest.raises(ProjectError) as info:
            store.add_source(title="Too big", text=prose(400_000, seed=3))
        assert str(info.value) == disk_full.removeprefix("briefing: ")
        store.add_source(title="Fits", text=prose(100_000, seed=7))
    assert side_files(project) == []
    assert source_titles(project) == ["Kept", "Mid", "Fits"]
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_injected_sqlite_full_is_one_line_and_changes_nothing(tmp_path, capsys):
    """Runs everywhere: SQLite's own SQLITE_FULL, from a page limit on the connection."""
    project = tmp_path / "p.brief"
    with Store.create(project) as store:
        store.add_theme("Kept")
        size = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {size + 2}")
        with pytest.raises(ProjectError) as info:
            store.add_source(title="Too big", text=prose(200_000))
        assert (
            str(info.value)
            == "p.brief: the disk is full; the change was not saved (free some space)"
        )

        def both() -> None:
            with store.transaction():
                store.add_theme("Also lost")
                store.add_source(title="Too big", text=prose(200_000))

        with pytest.raises(ProjectError, match="disk is full"):
            both()
        store.add_theme("After")  # the store still works
    assert side_files(project) == []
    with Store.open(project, readonly=True) as s:
        assert [t.name for t in s.themes()] == ["Kept", "After"]
        assert s.sources() == []


def test_no_space_to_reserve_fails_the_commit(tmp_path, monkeypatch):
    """posix_fallocate's ENOSPC (what a full disk gives first) fails the commit,
    not a checkpoint later."""
    project = tmp_path / "p.brief"
    with Store.create(project) as store:
        store.add_theme("Kept")

        def full(self, size):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(WriterLock, "reserve", full)
        with pytest.raises(ProjectError, match=r"^p\.brief: the disk is full"):
            store.add_theme("Lost")
        monkeypatch.undo()
    assert side_files(project) == []
    with Store.open(project, readonly=True) as s:
        assert [t.name for t in s.themes()] == ["Kept"]


# -- the flusher ------------------------------------------------------------------------


def _wal_syncs(calls: list[tuple[float, str]], after: float) -> list[float]:
    return [t - after for t, path in calls if path.endswith("-wal") and t >= after]


def test_edit_is_synced_within_a_second_while_a_reader_holds_a_snapshot(tmp_path, monkeypatch):
    """A counting shim around os.fdatasync/os.fsync: the reader blocks the
    checkpoint (which would have synced the WAL), so the flusher must sync it."""
    calls: list[tuple[float, str]] = []
    lock = threading.Lock()

    def shim(real):
        def sync(fd: int) -> None:
            with lock:
                calls.append((time.monotonic(), os.readlink(f"/proc/self/fd/{fd}")))
            real(fd)

        return sync

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name synced files")
    monkeypatch.setattr(os, "fsync", shim(os.fsync))
    if hasattr(os, "fdatasync"):
        monkeypatch.setattr(os, "fdatasync", shim(os.fdatasync))

    project = tmp_path / "p.brief"
    with Store.create(project) as store:
        store.add_theme("First")
        time.sleep(1.2)  # let the first edit's round pass
        reader = sqlite3.connect(f"file:{project}?mode=ro", uri=True, isolation_level=None)
        try:
            reader.execute("BEGIN")
            assert reader.execute("SELECT COUNT(*) FROM themes").fetchone()[0] == 1
            for n in range(3):
                acknowledged = time.monotonic()
                store.add_theme(f"Edit {n}")
                deadline = acknowledged + 1.5
                while not _wal_syncs(calls, acknowledged) and time.monotonic() < deadline:
                    time.sleep(0.02)
                synced = _wal_syncs(calls, acknowledged)
                assert synced, f"edit {n} was not synced while a reader held a snapshot"
                assert (
                    synced[0] <= 1.0 + 0.3
                )  # the flusher's interval, plus scheduling on a busy machine
                time.sleep(1.05)
            assert store._flusher is not None and store._flusher.error is None
        finally:
            reader.close()
    assert side_files(project) == []


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_strace_sees_the_wal_synced_while_a_reader_holds_a_snapshot(tmp_path):
    """The same, seen from the kernel: an fsync/fdatasync of the -wal between the
    edit and one second after it was acknowledged (catches SQLite's own syncs too)."""
    project = tmp_path / "p.brief"
    Store.create(project).close()
    script = textwrap.dedent(
        f"""
        import os, sqlite3, time
        from briefing.store import Store
        with Store.open({str(project)!r}) as store:
            store.add_theme("First")
            time.sleep(1.2)
            reader = sqlite3.connect("file:{project}?mode=ro", uri=True, isolation_level=None)
            reader.execute("BEGIN")
            reader.execute("SELECT COUNT(*) FROM themes").fetchone()
            os.write(2, b"EDITING\\n")
            store.add_theme("Acknowledged")  # the flusher may sync before the next line
            os.write(2, b"ACKNOWLEDGED\\n")
            time.sleep(1.0)
            os.write(2, b"ONE-SECOND-LATER\\n")
            reader.close()
        """
    )
    log = tmp_path / "strace.log"
    python = [sys.executable, "-c", script]
    r = subprocess.run(
        ["strace", "-f", "-y", "-o", str(log), "-e", "trace=fsync,fdatasync,write", *python],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if r.returncode != 0 and "ptrace" in r.stderr:
        pytest.skip("strace is not permitted here")
    assert r.returncode == 0, r.stderr
    lines = log.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if "EDITING" in line)
    end = next(i for i, line in enumerate(lines) if "ONE-SECOND-LATER" in line)
    window = lines[start:end]
    assert any(("fdatasync(" in x or "fsync(" in x) and "-wal>" in x for x in window), window


def test_a_closed_project_is_one_file_and_a_refused_open_writes_nothing(tmp_path):
    project = tmp_path / "p.brief"
    with Store.create(project) as store:
        store.add_theme("A")
        assert (tmp_path / "p.brief-wal").exists()
    assert side_files(project) == []
    before = project.read_bytes()
    with Store.open(project) as store:  # opened for writing, nothing written
        assert [t.name for t in store.themes()] == ["A"]
    assert project.read_bytes() == before
    with contextlib.suppress(ProjectError), Store.open(project) as store:
        raise ProjectError("refused after validation")
    assert project.read_bytes() == before
    assert side_files(project) == []


def test_a_wal_that_cannot_be_synced_stays_dirty_and_is_reported(tmp_path, monkeypatch):
    """The flusher never clears its dirty flag on a failed sync: it reports and retries."""
    calls: list[int] = []
    real = getattr(os, "fdatasync", os.fsync)

    def failing(fd: int) -> None:
        calls.append(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    project = tmp_path / "p.brief"
    with Store.create(project) as store:
        store.prepare_writes()
        reader = sqlite3.connect(f"file:{project}?mode=ro", uri=True, isolation_level=None)
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT COUNT(*) FROM themes").fetchone()
            monkeypatch.setattr(os, "fdatasync" if hasattr(os, "fdatasync") else "fsync", failing)
            store.add_theme("A")
            deadline = time.monotonic() + 4
            while len(calls) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(calls) >= 2  # tried again a round later
            assert store.flush_error == (
                "p.brief: the disk is full; the change was not saved (free some space)"
            )
            monkeypatch.setattr(os, "fdatasync" if hasattr(os, "fdatasync") else "fsync", real)
            deadline = time.monotonic() + 3
            while store.flush_error and time.monotonic() < deadline:
                time.sleep(0.05)
            assert store.flush_error is None
        finally:
            reader.close()
    assert side_files(project) == []


def test_a_write_refused_inside_its_transaction_leaves_the_bytes_unchanged(tmp_path):
    project = tmp_path / "p.brief"
    with Store.create(project) as store:
        store.add_theme("A")
    before = project.read_bytes()
    with Store.open(project) as store:

        def refused() -> None:
            with store.transaction():
                store.add_theme("B")
                raise KeyError("refused after the first statement")

        with pytest.raises(KeyError):
            refused()
        assert [t.name for t in store.themes()] == ["A"]
    assert project.read_bytes() == before
    assert side_files(project) == []
    with Store.open(project) as store:  # the next commit works, and switches to the WAL
        store.add_theme("C")
        store.add_theme("D")
        assert (tmp_path / "p.brief-wal").exists()
    assert side_files(project) == []
    with Store.open(project, readonly=True) as s:
        assert [t.name for t in s.themes()] == ["A", "C", "D"]
