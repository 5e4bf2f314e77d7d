"""What every importer produces and the rules all of them share.

An imported source is its normalised text plus metadata; a file that cannot be
imported raises ``ImportRefused`` with a one-line reason naming the file.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field, fields

from briefing.model import normalize_text

MAX_BYTES: int = 40 * 1024 * 1024
"""Largest file an importer reads (40 MiB); checked with ``os.stat`` first."""

_MIB = 1024 * 1024


@dataclass
class ImportedSource:
    title: str
    text: str
    """Normalised: NFC, ``\\n`` line ends, one blank line between paragraphs, stripped."""
    author: str = ""
    """Author or publisher."""
    date: str = ""
    """ISO yyyy-mm-dd when known."""
    dateline: str = ""
    """Place, e.g. "Baghdad, Iraq"."""
    url: str = ""
    language: str = ""
    """BCP-47-ish code when known ("en", "ar"), else ""."""
    filename: str = ""
    """Original file name (basename)."""
    warnings: list[str] = field(default_factory=list)
    """One-line notes on how the text was read ("…: no article found; …"), naming the
    file; not a source field."""

    def source_fields(self, **overrides: str) -> dict[str, str]:
        """The arguments of ``Store.add_source`` for this source: ``title``,
        ``text`` and the metadata that is set (empty fields are left out, so
        they keep the store's default, ""). ``overrides`` replace fields, or
        add other source fields (``accessed``, ``note``); an empty override
        counts as not given, like an option left out on the command line."""
        values = {"title": self.title, "text": self.text}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name not in values and value and isinstance(value, str):
                values[f.name] = value
        values.update({k: v for k, v in overrides.items() if v})
        return values


class ImportRefused(Exception):
    """A file that cannot be imported; str(exc) is a one-line reason for the user,
    naming the file."""


def refuse(name: str, reason: str) -> ImportRefused:
    """The refusal ``"<name>: <reason>"``, ready to raise."""
    return ImportRefused(f"{name}: {reason}")


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, or ImportRefused when missing, unreadable, empty or too big."""
    name = os.path.basename(os.fspath(path)) or os.fspath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise refuse(name, "no such file") from None
    except OSError as exc:
        raise refuse(name, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise refuse(name, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise refuse(name, "is not a regular file")
    if info.st_size > MAX_BYTES:
        raise too_big(name, info.st_size)
    if info.st_size == 0:
        raise refuse(name, "the file is empty")
    try:
        with open(path, "rb") as f:  # not read(MAX_BYTES + 1): that allocates 40 MiB first
            data = f.read(min(info.st_size, MAX_BYTES) + 1)
            if len(data) > info.st_size:  # it grew since stat
                data += f.read(MAX_BYTES + 1 - len(data))
    except OSError as exc:
        raise refuse(name, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:  # grew since stat
        raise too_big(name, len(data))
    if not data:
        raise refuse(name, "the file is empty")
    return data


def too_big(name: str, size: int) -> ImportRefused:
    megabytes = math.ceil(size / _MIB * 10) / 10  # never shows "40.0 MB is over 40 MB"
    return refuse(name, f"{megabytes:.1f} MB is over the {MAX_BYTES // _MIB} MB import limit")


_SEPARATORS = {"\u2029": "\n\n", "\u2028": "\n", "\f": "\n\n", "\v": "\n", "\x85": "\n"}
_TRAILING_SPACE = " \t\u00a0\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200C)))
_BLANK_RUN = re.compile(r"\n{3,}")
_SPACE_AT_LINE_END = re.compile(f"[{re.escape(_TRAILING_SPACE)}]+(?=\n|\\Z)")
_SPACE_BEFORE_NEWLINE = re.compile(f"\\n(?<=[{re.escape(_TRAILING_SPACE)}]\\n)")
"""Finds the same lines fast: it looks for newlines first, then behind them."""


def tidy(text: str) -> str:
    """Stored form of a text: ``normalize_text``, no NULs, no trailing spaces, one blank line
    between paragraphs, stripped."""
    text = normalize_text(text)
    if "\x00" in text:  # NULs anywhere (a text file's are refused only in its first 8 KB)
        text = text.replace("\x00", "")
    for sep, repl in _SEPARATORS.items():
        if sep in text:
            text = text.replace(sep, repl)
    if _SPACE_BEFORE_NEWLINE.search(text) or text.endswith(tuple(_TRAILING_SPACE)):
        text = _SPACE_AT_LINE_END.sub("", text)  # a copy only when there is something to change
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()
