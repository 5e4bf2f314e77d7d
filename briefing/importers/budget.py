"""How much one import may read, and the checks made while reading.

The limits are far above any legal document (40 MiB of decoded text, a million
paragraphs, 5,000 PDF pages all import) and far below what a hostile file would
make the importer do. They are checked while an archive is decompressed and
while a document is walked, never only on the file's size, and each refusal
says which limit was met ("expands to more than 160 MB", "has more than
1,000,000 paragraphs"). Memory and time are enforced by the child process that
reads the file (``sandbox``).
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, replace

from .imported import ImportRefused, refuse

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    characters: int = 50_000_000
    """Characters of text after decoding (a 40 MiB text file has at most 41.9 million)."""
    paragraphs: int = 1_000_000
    pages: int = 10_000
    """PDF pages."""
    member_bytes: int = 160 * MIB
    """Decompressed size of one archive member (a .docx part)."""
    unpacked_bytes: int = 320 * MIB
    """Decompressed size of all members of one archive."""
    memory_mb: int = 3072
    """Address space of the child process that reads a file."""
    seconds: float = 300.0
    """Wall-clock time the child process may take for one file."""

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, with ``BRIEFING_IMPORT_MEMORY_MB`` and
        ``BRIEFING_IMPORT_SECONDS`` applied when set."""
        limits = cls()
        memory = os.environ.get("BRIEFING_IMPORT_MEMORY_MB", "")
        seconds = os.environ.get("BRIEFING_IMPORT_SECONDS", "")
        if memory.isdigit() and int(memory) > 0:
            limits = replace(limits, memory_mb=int(memory))
        try:
            if seconds and float(seconds) > 0:
                limits = replace(limits, seconds=float(seconds))
        except ValueError:
            pass
        return limits


LIMITS = [Limits()]
"""The limits in force in this process (the child process sets its own)."""


def current() -> Limits:
    return LIMITS[0]


def _mb(n: int) -> str:
    return f"{n // MIB:,} MB"


def check_archive(data: bytes, name: str) -> None:
    """Decompress every member of a zip archive without keeping it, counting bytes;
    ImportRefused as soon as one member or the whole expands past the limits. A
    damaged archive passes: the format's reader refuses it in its own words."""
    import io

    limits = current()
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                size = 0
                with z.open(info) as member:
                    while chunk := member.read(1 << 20):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limits.member_bytes:
                            raise refuse(
                                name,
                                f"its part {info.filename} expands to more than "
                                f"{_mb(limits.member_bytes)} (a decompression bomb?)",
                            )
                        if total > limits.unpacked_bytes:
                            raise refuse(
                                name,
                                f"expands to more than {_mb(limits.unpacked_bytes)} "
                                "(a decompression bomb?)",
                            )
    except MemoryError:
        raise  # the child reports the memory limit
    except ImportRefused:
        raise
    except Exception:  # noqa: BLE001 - zipfile raises many kinds on damage
        pass  # a damaged archive: the format's own reader says so, in its words


def check_paragraphs(count: int, name: str) -> None:
    if count > current().paragraphs:
        raise refuse(name, f"has more than {current().paragraphs:,} paragraphs (the import limit)")


def check_characters(count: int, name: str) -> None:
    limit = current().characters
    if count > limit:
        raise refuse(name, f"has more than {limit:,} characters of text (the import limit)")


def check_pages(count: int, name: str) -> None:
    if count > current().pages:
        raise refuse(name, f"has more than {current().pages:,} pages (the import limit)")


def check_text(text: str, name: str) -> None:
    """The final text within the character and paragraph limits."""
    check_characters(len(text), name)
    if len(text) > current().paragraphs:  # cheap: fewer characters cannot hold more paragraphs
        check_paragraphs(text.count("\n\n") + 1, name)
