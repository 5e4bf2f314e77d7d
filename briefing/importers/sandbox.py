"""Untrusted files are parsed in a child process with a memory and a time limit.

``import_checked(path)`` is what the command line and the window call. A small
plain-text file (the common case, and linear to read) is read in this process;
every other file is parsed by ``python -m briefing.importers.child`` with its
address space limited (``RLIMIT_AS``, ``Limits.memory_mb``) and killed when it
runs past ``Limits.seconds`` or when the caller cancels. An overrun becomes an
``ImportRefused`` naming the file and the limit; the caller stores nothing.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable

from .budget import Limits
from .imported import ImportedSource, ImportRefused, read_bytes, refuse

IN_PROCESS_BYTES = 4 * 1024 * 1024
"""Plain-text files up to this size are read in this process (no child start-up)."""
_TEXT_SUFFIXES = (".txt", ".text")
_POLL = 0.1


class ImportCancelled(Exception):
    """The caller cancelled the import; the child process was killed."""


def _in_process(path: str) -> bool:
    if not path.lower().endswith(_TEXT_SUFFIXES):
        return False
    try:
        return os.stat(path).st_size <= IN_PROCESS_BYTES
    except OSError:
        return True  # read_bytes gives the one-line reason


def import_checked(
    path: str | os.PathLike[str],
    limits: Limits | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportedSource:
    """``import_file(path)`` within ``limits`` (``Limits.from_env()`` by default);
    ImportRefused with a one-line reason, ImportCancelled when ``cancelled()``
    became true while the child ran."""
    from . import import_file  # looked up on the package at call time (tests replace it)

    path = os.fspath(path)
    name = os.path.basename(path) or path
    limits = limits or Limits.from_env()
    if _in_process(path):
        return import_file(path)
    read_bytes(path)  # missing, folder, empty, too big: refused before a child starts
    child = subprocess.Popen(
        [sys.executable, "-m", "briefing.importers.child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": _package_root()},
    )
    request = pickle.dumps((os.path.abspath(path), limits))
    waited = 0.0
    out = b""
    try:
        while True:
            try:
                out, _ = child.communicate(request, timeout=_POLL)
                break
            except subprocess.TimeoutExpired:
                request = None  # type: ignore[assignment]  # sent once; later calls only wait
                waited += _POLL
                if cancelled is not None and cancelled():
                    raise ImportCancelled(name) from None
                if waited >= limits.seconds:
                    raise refuse(
                        name,
                        f"reading it took longer than the {limits.seconds:g}-second import limit",
                    ) from None
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return _outcome(out, child.returncode, name, limits)


def _outcome(out: bytes, code: int, name: str, limits: Limits) -> ImportedSource:
    try:
        kind, value = pickle.loads(out) if out else ("", "")
    except Exception:  # noqa: BLE001 - a child killed while writing leaves a torn answer
        kind, value = "", ""
    if kind == "ok" and isinstance(value, ImportedSource):
        return value
    if kind == "refused":
        raise ImportRefused(str(value))
    if kind == "memory" or code in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT):
        raise refuse(name, f"reading it needs more than the {limits.memory_mb:,} MB memory limit")
    if kind == "error":
        raise refuse(name, f"could not be imported ({value})")
    raise refuse(name, f"could not be imported (the reader stopped, exit code {code})")


def _package_root() -> str:
    """The folder that holds the ``briefing`` package, for the child's import path."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    existing = os.environ.get("PYTHONPATH", "")
    return root + (os.pathsep + existing if existing else "")
