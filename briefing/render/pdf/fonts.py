"""The bundled fonts, registered with reportlab once, and per-character fallback.

reportlab has no font fallback: a character the font lacks is drawn as
``.notdef`` (blank in Noto, a box in DejaVu) with no error. So the PDF
renderer passes every text run through :func:`runs` / :func:`markup`, which
split it by the first bundled font that has each glyph (a cmap check, cached)
and replace characters that no bundled font has with a visible placeholder
the run's font does have; :class:`Coverage` collects those characters so an
export can warn about them once.

Families (reportlab names; ``<b>``/``<i>`` map within each family):

=============  ==========================================  ==================
name           files                                        role
=============  ==========================================  ==================
``Serif``      Noto Serif Regular/Bold/Italic/BoldItalic    body text
``Sans``       Noto Sans Regular/Bold (italic -> upright)    headings, furniture
``Mono``       DejaVu Sans Mono                             code, identifiers
``Arabic``     Amiri Regular/Bold                           Arabic paragraphs
``Fallback``   DejaVu Sans                                  symbols, Hebrew, ...
=============  ==========================================  ==================

The names are prefixed ``Brief`` to stay clear of anything else registered in
the process. See ``resources/fonts/README.md`` for sources and licences.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from briefing.brief.markup import escape
from briefing.render.pdf import bidi as _bidi
from briefing.render.pdf import fontcache
from briefing.render.pdf.rl import addMapping, pdfmetrics
from briefing.resources import resource_path

SERIF = "BriefSerif"
SERIF_BOLD = "BriefSerif-Bold"
SERIF_ITALIC = "BriefSerif-Italic"
SERIF_BOLD_ITALIC = "BriefSerif-BoldItalic"
SANS = "BriefSans"
SANS_BOLD = "BriefSans-Bold"
MONO = "BriefMono"
ARABIC = "BriefArabic"
ARABIC_BOLD = "BriefArabic-Bold"
FALLBACK = "BriefFallback"

_FILES: dict[str, str] = {
    SERIF: "NotoSerif-Regular.ttf",
    SERIF_BOLD: "NotoSerif-Bold.ttf",
    SERIF_ITALIC: "NotoSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "NotoSerif-BoldItalic.ttf",
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    MONO: "DejaVuSansMono.ttf",
    ARABIC: "Amiri-Regular.ttf",
    ARABIC_BOLD: "Amiri-Bold.ttf",
    FALLBACK: "DejaVuSans.ttf",
}

# family -> (normal, bold, italic, bold italic)
_FAMILIES: dict[str, tuple[str, str, str, str]] = {
    SERIF: (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC),
    SANS: (SANS, SANS_BOLD, SANS, SANS_BOLD),
    MONO: (MONO, MONO, MONO, MONO),
    ARABIC: (ARABIC, ARABIC_BOLD, ARABIC, ARABIC_BOLD),
    FALLBACK: (FALLBACK, FALLBACK, FALLBACK, FALLBACK),
}

_FAMILY_OF = {face: fam for fam, faces in _FAMILIES.items() for face in faces}

FAMILIES = _FAMILIES
"""Each family's faces: (normal, bold, italic, bold italic)."""

PLACEHOLDERS = ("\ufffd", "\u25cc", "?")
"""Stand-ins for a character no bundled font has, best first; each run uses
the first one its own font has (Amiri lacks U+FFFD but has U+25CC)."""

_lock = threading.RLock()
_registered = threading.Event()
_find_font = pdfmetrics.findFontAndRegister


class _Coverage(dict[str, frozenset[str]]):
    """Each bundled face's characters, read (from :mod:`fontcache`) the first
    time the fallback asks about that face."""

    def __missing__(self, name: str) -> frozenset[str]:
        if name not in _FILES:
            raise KeyError(name)
        with _lock:
            if dict.__contains__(self, name):
                return dict.__getitem__(self, name)
            chars, font = fontcache.coverage(name, Path(resource_path("fonts", _FILES[name])))
            if font is not None and name not in pdfmetrics._fonts:  # parsed just now
                pdfmetrics.registerFont(font)
                _map_families()
            self[name] = chars
            return chars


_chars = _Coverage()


def register_fonts() -> None:
    """Make every bundled face available to reportlab (idempotent,
    thread-safe): the families are mapped now; each face is loaded the first
    time reportlab asks for it by name (most briefs draw with five of the
    ten), through reportlab's own lookup of a font it does not know, and its
    coverage the first time the per-character fallback asks about it."""
    if _registered.is_set():
        return
    with _lock:
        if _registered.is_set():
            return
        _map_families()
        pdfmetrics.findFontAndRegister = _find_and_register
        _registered.set()


def _map_families() -> None:
    """``<b>``/``<i>`` within each family (registering a TrueType face maps
    its own name as a family of one face, so this runs again after each)."""
    for family, (normal, bold, italic, bold_italic) in _FAMILIES.items():
        addMapping(family, 0, 0, normal)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, italic)
        addMapping(family, 1, 1, bold_italic)


def _find_and_register(name: str) -> object:
    """reportlab's lookup of a font it has not registered: a bundled face is
    loaded (from the cache) and registered; any other name goes on to
    reportlab's own lookup."""
    if name not in _FILES:
        return _find_font(name)
    with _lock:
        font = pdfmetrics._fonts.get(name)
        if font is None:
            font, _chars[name] = fontcache.load(name, Path(resource_path("fonts", _FILES[name])))
            pdfmetrics.registerFont(font)
            _map_families()
        return font


def covered(font: str) -> frozenset[str]:
    """The characters a registered bundled face has a glyph for."""
    register_fonts()
    return _chars[font]


def has_glyph(font: str, ch: str) -> bool:
    return ch in covered(font)


def family_of(font: str) -> str:
    return _FAMILY_OF.get(font, font)


def placeholder_for(font: str) -> str:
    chars = covered(font)
    for ph in PLACEHOLDERS:
        if ph in chars:
            return ph
    return "?"


# --- coverage -------------------------------------------------------------


@dataclass
class Coverage:
    """Characters that no bundled font could draw, collected over one export."""

    missing: dict[str, int] = field(default_factory=dict)

    def add(self, ch: str) -> None:
        self.missing[ch] = self.missing.get(ch, 0) + 1

    def warning(self, show: int = 12) -> str | None:
        """One line such as ``3 characters have no glyph in the bundled fonts: 😀 ☃ …``."""
        if not self.missing:
            return None
        chars = list(self.missing)
        shown = " ".join(_visible(c) for c in chars[:show])
        more = " …" if len(chars) > show else ""
        n = len(chars)
        noun = "character has" if n == 1 else "characters have"
        return f"{n} {noun} no glyph in the bundled fonts (drawn as \ufffd): {shown}{more}"


def _visible(ch: str) -> str:
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or ch.isspace():
        return f"U+{ord(ch):04X}"
    return ch


# --- splitting text into runs ----------------------------------------------


def _is_arabic(ch: str) -> bool:
    o = ord(ch)
    return (
        0x0600 <= o <= 0x06FF
        or 0x0750 <= o <= 0x077F
        or 0x08A0 <= o <= 0x08FF
        or 0xFB50 <= o <= 0xFDFF
        or 0xFE70 <= o <= 0xFEFF
    )


def _ignorable(ch: str) -> bool:
    """Default-ignorable characters: dropped when the run's font lacks them."""
    o = ord(ch)
    return (
        o in (0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFEFF, 0xFFA0)
        or 0x180B <= o <= 0x180F
        or 0x200B <= o <= 0x200F
        or 0x202A <= o <= 0x202E
        or 0x2060 <= o <= 0x206F
        or 0xFE00 <= o <= 0xFE0F
        or 0xE0000 <= o <= 0xE0FFF
    )


_ZERO_WIDTH_MARKS = ("Mn", "Me")

# cache: (primary face, char) -> face that draws it, "" = drop, None = missing
_choice: dict[tuple[str, str], str | None] = {}


def _chain(primary: str, ch: str) -> tuple[str, ...]:
    if _is_arabic(ch):
        return (primary, ARABIC, FALLBACK)
    return (primary, FALLBACK, ARABIC, MONO)


def _pick(primary: str, ch: str) -> str | None:
    key = (primary, ch)
    try:
        return _choice[key]
    except KeyError:
        pass
    result: str | None = None
    for face in _chain(primary, ch):
        if ch in _chars[face]:
            result = face
            break
    else:
        if _ignorable(ch):
            result = ""
    if len(_choice) < 200_000:
        _choice[key] = result
    return result


def runs(text: str, font: str = SERIF, coverage: Coverage | None = None) -> list[tuple[str, str]]:
    """Split ``text`` into ``(face, text)`` runs, each drawable with its face.

    ``font`` is the face the text is set in (a registered bundled face, e.g.
    :data:`SERIF_BOLD`); characters it lacks go to the first bundled face that
    has them (Arabic letters prefer Amiri, everything else DejaVu Sans).
    Whitespace and combining marks stay with the run they are in when its
    face has them. Characters no face has become :func:`placeholder_for`
    ``font`` and are added to ``coverage``. Default-ignorable characters
    (variation selectors, ZWJ, bidi controls) no face has are dropped silently.
    """
    register_fonts()
    if not text:
        return []
    primary_chars = _chars[font]
    if primary_chars.issuperset(text):
        return [(font, text)]
    out: list[tuple[str, str]] = []
    cur_face = font
    buf: list[str] = []
    placeholder = None
    face: str | None
    for ch in text:
        if (
            cur_face != font
            and ch in _chars[cur_face]
            and (ch.isspace() or unicodedata.category(ch) in _ZERO_WIDTH_MARKS)
        ):
            face = cur_face  # keep a fallback run (e.g. Hebrew words) together
        elif ch in primary_chars:
            face = font
        else:
            face = _pick(font, ch)
            if face == "":
                continue
            if face is None:
                if coverage is not None:
                    coverage.add(ch)
                if placeholder is None:
                    placeholder = placeholder_for(font)
                ch = placeholder
                face = font
        if face != cur_face:
            if buf:
                out.append((cur_face, "".join(buf)))
                buf = []
            cur_face = face
        buf.append(ch)
    if buf:
        out.append((cur_face, "".join(buf)))
    return out


def markup(text: str, font: str = SERIF, coverage: Coverage | None = None) -> str:
    """Escaped Paragraph markup for ``text`` set in ``font``, with fallback runs
    wrapped in ``<font name="…">``. The face names are ours, never the user's."""
    parts = []
    family = family_of(font)
    for face, chunk in runs(text, font, coverage):
        esc = escape(chunk)
        if not esc:
            continue
        if face == font or family_of(face) == family:
            parts.append(esc)
            continue
        if _bidi.has_rtl(chunk):
            # A short right-to-left run inside a left-to-right paragraph:
            # joined letters in visual order (correct unless the run wraps).
            trail = chunk[len(chunk.rstrip()) :]
            core = chunk.strip()
            lead = chunk[: len(chunk) - len(chunk.lstrip())]
            esc = escape(lead + _bidi.log2vis(_bidi.shape_arabic(core), "RTL") + trail)
        parts.append(f'<font name="{family_of(face)}">{esc}</font>')
    return "".join(parts)


def plain(text: str, font: str, coverage: Coverage | None = None) -> str:
    """``text`` with every character ``font`` cannot draw replaced (no markup).

    For right-to-left paragraphs, which must stay free of inline markup, and
    for canvas strings drawn in a single face. Every replaced character is
    added to ``coverage`` (it is not drawn, even if another bundled face has it).
    """
    register_fonts()
    chars = _chars[font]
    if chars.issuperset(text):
        return text
    out = []
    placeholder = placeholder_for(font)
    for ch in text:
        if ch in chars or ch in "\n\t":
            out.append(ch)
        elif _ignorable(ch):
            continue
        else:
            if coverage is not None:
                coverage.add(ch)
            out.append(placeholder)
    return "".join(out)


def best_rtl_font(text: str) -> str:
    """The bundled face for a right-to-left paragraph: Amiri for Arabic, else DejaVu Sans."""
    register_fonts()
    if any(_is_arabic(ch) for ch in text):
        return ARABIC
    return FALLBACK
