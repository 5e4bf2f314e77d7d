"""Reading untrusted XML and zip archives (REFI-QDA ``.qdc`` and ``.qdpx``).

XML goes through ``defusedxml``: a document that declares an entity (the
billion-laughs bomb, an external ``SYSTEM "file:///…"`` entity) is refused
before anything is expanded, nothing is ever fetched (a DTD or a
``schemaLocation`` is not loaded), and a malformed document is refused. Every
refusal is one ``ImportRefused`` line naming the file.

Archives are read member by member with limits: a member may not name a path
outside the archive (absolute, ``..``, a drive letter), may not inflate past
``MEMBER_LIMIT`` or more than ``RATIO_LIMIT`` times its compressed size, and all
members read together may not pass ``TOTAL_LIMIT``; sizes are counted while
inflating, not taken from the archive's own (forgeable) headers.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from .imported import refuse

MEMBER_LIMIT = 64 * 1024 * 1024
"""The most one archive member may inflate to (a source text, project.qde)."""
TOTAL_LIMIT = 256 * 1024 * 1024
"""The most all members read from one archive may inflate to together."""
RATIO_LIMIT = 200
"""The most a member may inflate relative to its compressed size (past 1 MB)."""
MAX_MEMBERS = 20_000

_DRIVE = re.compile(r"^[A-Za-z]:")
_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)


def parse_xml(data: bytes, name: str) -> Element:
    """The document's root element; ImportRefused for entities, a DTD that
    declares them, or malformed XML."""
    try:
        root: Element = SafeET.fromstring(data, forbid_dtd=False)
    except defusedxml.EntitiesForbidden:
        raise refuse(name, "declares XML entities, which are refused (unsafe input)") from None
    except defusedxml.DefusedXmlException as exc:
        raise refuse(name, f"unsafe XML refused ({type(exc).__name__})") from None
    except ParseError as exc:
        raise refuse(name, f"not well-formed XML ({exc})") from None
    return root


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def safe_member_name(member: str) -> bool:
    """False for a path that would escape the archive."""
    path = member.replace("\\", "/")
    if path.startswith("/") or _DRIVE.match(path) or "\x00" in path:
        return False
    return ".." not in path.split("/")


class SafeZip:
    """A zip archive read under the limits above; ``read(member)`` gives bytes."""

    def __init__(self, data: bytes, name: str):
        self.name = name
        self._total = 0
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise refuse(name, f"not a zip archive ({exc})") from None
        if len(infos) > MAX_MEMBERS:
            raise refuse(name, f"has {len(infos):,} members; at most {MAX_MEMBERS:,} are read")
        for info in infos:
            if not safe_member_name(info.filename):
                raise refuse(name, f"member {info.filename!r} points outside the archive")
        self._infos = {info.filename.replace("\\", "/"): info for info in infos}

    def names(self) -> list[str]:
        return list(self._infos)

    def find(self, member: str) -> str | None:
        """The stored name of ``member``, compared without case (Windows tools differ)."""
        if member in self._infos:
            return member
        lowered = member.lower()
        return next((n for n in self._infos if n.lower() == lowered), None)

    def read(self, member: str) -> bytes:
        stored = self.find(member)
        if stored is None:
            raise refuse(self.name, f"has no {member}")
        info = self._infos[stored]
        limit = min(MEMBER_LIMIT, max(1024 * 1024, info.compress_size * RATIO_LIMIT))
        out = bytearray()
        try:
            with self._zip.open(info) as fh:
                while chunk := fh.read(1024 * 1024):
                    out += chunk
                    if len(out) > limit:
                        raise refuse(
                            self.name,
                            f"member {member} inflates past {limit // (1024 * 1024)} MB "
                            "(a zip bomb?); refused",
                        )
                    if self._total + len(out) > TOTAL_LIMIT:
                        raise refuse(
                            self.name,
                            f"inflates past {TOTAL_LIMIT // (1024 * 1024)} MB in all; refused",
                        )
        except _READ_ERRORS as exc:
            raise refuse(self.name, f"member {member} cannot be read ({exc})") from None
        self._total += len(out)
        return bytes(out)
