"""Parsed bundled fonts, kept between runs in the user's cache folder.

Parsing the ten bundled TrueType files takes reportlab about 0.3 s, before
anything is drawn; loading the parsed faces back takes a few milliseconds.
Each face is stored as ``<cache>/fonts/<name>-<key>.pickle``: first its
character coverage, then the parsed face, so :func:`coverage` reads only the
first (every export needs every face's coverage for the per-character
fallback, but only the faces it draws with). The key is a hash of the font
file's path, size and modification time, the reportlab version and this
format's version: a changed font or a reportlab upgrade simply misses and
writes a new entry. A missing, unreadable or unwritable cache is never an
error: the font is parsed as before.

The cache folder is ``platformdirs.user_cache_path("Briefing")`` unless
``BRIEFING_CACHE_DIR`` names another; ``BRIEFING_CACHE_DIR=off`` turns the
cache off. (Entries are pickles: the folder is the user's own, as trusted as
the user's other files.)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sys
import tempfile
import weakref
from pathlib import Path

from briefing.render.pdf.rl import VERSION, TTFont

FORMAT = 2

_LINUX: bool = sys.platform.startswith("linux")


class _Scale:
    """reportlab's font-unit scale, as a picklable callable (reportlab uses a lambda)."""

    def __init__(self, units_per_em: int) -> None:
        self.factor = 1000 / units_per_em if units_per_em else 1.0

    def __call__(self, x: float) -> float:
        return x * self.factor


def cache_dir() -> Path | None:
    """Where parsed fonts are kept, or ``None`` when the cache is off."""
    value = os.environ.get("BRIEFING_CACHE_DIR")
    if value is not None:
        if value.strip().lower() in ("", "off", "0", "none"):
            return None
        return Path(value) / "fonts"
    if _LINUX:  # platformdirs' answer, without importing it
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return Path(base) / "Briefing" / "fonts"
    import platformdirs

    return platformdirs.user_cache_path("Briefing", appauthor=False) / "fonts"


def _entry(name: str, path: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    st = path.stat()
    key = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{VERSION}|{FORMAT}"
    digest = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=16)
    return folder / f"{name}-{digest.hexdigest()}.pickle"


def _parse(name: str, path: Path, entry: Path | None) -> tuple[TTFont, frozenset[str]]:
    font = TTFont(name, str(path))
    chars = frozenset(chr(cp) for cp in font.face.charToGlyph)
    if entry is not None:
        _write(entry, font, chars)
    return font, chars


def coverage(name: str, path: Path) -> tuple[frozenset[str], TTFont | None]:
    """The characters face ``name`` covers, read without loading the face;
    and the face itself when it had to be parsed (no usable cache entry)."""
    entry = _entry(name, path)
    if entry is not None:
        try:
            with entry.open("rb") as f:
                head = pickle.load(f)
            if (
                isinstance(head, tuple)
                and len(head) == 2
                and head[0] == name
                and isinstance(head[1], frozenset)
            ):
                return head[1], None
        except Exception:  # noqa: BLE001 - a damaged entry is parsed again and rewritten
            pass
    font, chars = _parse(name, path, entry)
    return chars, font


def load(name: str, path: Path) -> tuple[TTFont, frozenset[str]]:
    """The face ``name`` parsed from ``path``, and the characters it covers."""
    entry = _entry(name, path)
    if entry is not None:
        cached = _read(entry, name)
        if cached is not None:
            return cached
    return _parse(name, path, entry)


def _read(entry: Path, name: str) -> tuple[TTFont, frozenset[str]] | None:
    try:
        with entry.open("rb") as f:
            head = pickle.load(f)
            attrs, face = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged entry is parsed again and rewritten
        return None
    chars = head[1] if isinstance(head, tuple) and len(head) == 2 else None
    if not (
        head[0] == name
        and isinstance(attrs, dict)
        and attrs.get("fontName") == name
        and isinstance(chars, frozenset)
        and hasattr(face, "charWidths")
    ):
        return None
    # TTFont as its constructor leaves it, with the parsed face put back and
    # fresh per-document state (a WeakKeyDictionary, which does not pickle).
    font = TTFont.__new__(TTFont)
    font.__dict__.update(attrs)
    font.face = face
    font.state = weakref.WeakKeyDictionary()
    return font, chars


def _write(entry: Path, font: TTFont, chars: frozenset[str]) -> None:
    face = font.face
    saved = face.__dict__.get("_pdfScale")
    face._pdfScale = _Scale(getattr(face, "unitsPerEm", 1000))
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=entry.name, suffix=".tmp", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                attrs = {k: v for k, v in vars(font).items() if k not in ("face", "state")}
                pickle.dump((font.fontName, chars), f, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump((attrs, face), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
            _remove_stale(entry, str(font.fontName))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except Exception:  # noqa: BLE001 - no cache is slower, never wrong
        pass
    finally:
        if saved is not None:
            face._pdfScale = saved


def _remove_stale(entry: Path, name: str) -> None:
    """Delete the face's entries under other keys (an older font file or reportlab)."""
    for other in entry.parent.glob(f"{name}-*.pickle"):
        if other != entry and re.fullmatch(re.escape(name) + r"-[0-9a-f]{32}\.pickle", other.name):
            with contextlib.suppress(OSError):
                other.unlink()
