"""One line for a person, always: every exception a command raises becomes a
sentence without a Python class name (``one_line``); the traceback goes to
the log file (``log_path``), or to stderr with ``--debug``.

Also what keeps that line readable: text arguments that are not UTF-8 are
refused up front (``check_text_arguments``), and everything a command prints
has its control characters shown escaped (``TerminalSafe``), so a title with
an ESC sequence cannot drive the terminal.
"""

from __future__ import annotations

import argparse
import re
import sys
import traceback
from pathlib import Path
from typing import TextIO

from .common import UsageError

PATH_ARGUMENTS = frozenset({"project", "files", "file", "output", "codebook", "note_file"})
"""Arguments that name files: any bytes the OS allows (shown escaped)."""

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""Control characters (all but tab and newline), bidirectional overrides and
lone surrogates (bytes of a file name that are not UTF-8)."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte Python could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with control characters as ``\\x1b``-style escapes."""
    return _UNSAFE.sub(_escape, text)


class TerminalSafe:
    """A text stream that writes through ``stream`` with control characters escaped."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(escape_controls(text))

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def check_text_arguments(args: argparse.Namespace) -> None:
    """UsageError for a text argument (a title, a note…) that is not valid UTF-8:
    the OS hands such bytes to Python as lone surrogates, which no file can store."""
    for dest, value in vars(args).items():
        if dest in PATH_ARGUMENTS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and _bad_text(item):
                flag = "--" + dest.replace("_", "-")
                raise UsageError(
                    f"{flag} is not valid UTF-8 text ({escape_controls(item)!s}); "
                    "check the terminal's encoding"
                )


def _bad_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def one_line(exc: BaseException, project: str | None = None) -> str:
    """The sentence shown for ``exc`` (without "briefing: "); ``project`` is
    the project file the command was given, named in a failure to write it."""
    from ..importers import ImportRefused
    from ..projectfile import is_write_failure, write_failure
    from ..store import ProjectError

    if isinstance(exc, (ProjectError, ImportRefused)):
        return str(exc)
    if is_write_failure(exc):
        return str(write_failure(Path(project or "the project"), exc))
    if isinstance(exc, MemoryError):
        return "out of memory; nothing was changed (try a smaller file, or close other programs)"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read; nothing was changed"
    if isinstance(exc, UnicodeError):
        return (
            "text that is not valid UTF-8 (or not encodable) reached the program; "
            "nothing was changed"
        )
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or 'the operating system refused'}"
    text = " ".join(str(exc).split())
    return f"unexpected error{': ' + text if text else ''} (details: {log_path()})"


def log_path() -> Path:
    import platformdirs

    return platformdirs.user_log_path("Briefing", appauthor=False) / "briefing.log"


def log_traceback(exc: BaseException) -> None:
    """Append the traceback to the log file (kept under about 1 MB); never raises."""
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > 1_000_000:
            path.unlink()
        text = "".join(traceback.format_exception(exc))
        with path.open("a", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(f"briefing {' '.join(sys.argv[1:])!r}\n{text}\n")
    except Exception:  # noqa: BLE001 - a log that cannot be written must not hide the error
        pass
