"""Parsed bundled fonts, kept between runs in the user's cache folder.

Parsing the ten bundled TrueType files takes reportlab about 0.3 s, before
anything is drawn; loading the parsed faces back takes a few milliseconds.
Each face is stored as ``<cache>/fonts/<name>-<key>.pickle`` with its
character coverage, where the key is a hash of the font file's bytes, the
reportlab version and this format's version: a changed font or a reportlab
upgrade simply misses and writes a new entry. A missing, unreadable or
unwritable cache is never an error: the font is parsed as before.

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
import tempfile
import weakref
from pathlib import Path

from briefing.render.pdf.rl import VERSION, TTFont

FORMAT = 1


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
    import platformdirs

    return platformdirs.user_cache_path("Briefing", appauthor=False) / "fonts"


def load(name: str, path: Path) -> tuple[TTFont, frozenset[str]]:
    """The face ``name`` parsed from ``path``, and the characters it covers."""
    folder = cache_dir()
    data = path.read_bytes()
    entry: Path | None = None
    if folder is not None:
        digest = hashlib.blake2b(data, digest_size=16)
        digest.update(f"|{VERSION}|{FORMAT}".encode())
        entry = folder / f"{name}-{digest.hexdigest()}.pickle"
        cached = _read(entry, name)
        if cached is not None:
            return cached
    font = TTFont(name, str(path))
    chars = frozenset(chr(cp) for cp in font.face.charToGlyph)
    if entry is not None:
        _write(entry, font, chars)
    return font, chars


def _read(entry: Path, name: str) -> tuple[TTFont, frozenset[str]] | None:
    try:
        with entry.open("rb") as f:
            attrs, face, chars = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged entry is parsed again and rewritten
        return None
    if not (
        isinstance(attrs, dict)
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
                pickle.dump((attrs, face, chars), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except Exception:  # noqa: BLE001 - no cache is slower, never wrong
        pass
    finally:
        if saved is not None:
            face._pdfScale = saved
