"""Right-to-left support for reportlab: an ``rlbidi`` stand-in built on python-bidi.

reportlab 5.1 lays out a right-to-left paragraph (``wordWrap='RTL'``) only when
it can ``import rlbidi`` at the moment ``reportlab.pdfgen.textobject`` is first
imported. The real rlbidi is not on PyPI and is GPL-2.0-only, so Briefing
installs this module under that name instead. reportlab calls exactly one
function of it::

    rlbidi.log2vis(text, base_direction, clean=True, positions_V_to_L=list)

which returns the visual-order string and, when ``positions_V_to_L`` is a
list, fills it with the logical index of every visual character. This is an
undocumented contract of reportlab (pinned to 5.1.x in pyproject.toml) and is
covered by ``tests/core/test_pdf.py`` (word order read back from the PDF).

The route that renders Arabic correctly (research, section 1) is:
arabic_reshaper presentation forms + ``wordWrap='RTL'`` + this provider + no
inline markup inside the paragraph. :func:`shape_arabic` does the first step.

Call :func:`install` before anything imports reportlab: the reportlab gateway
``briefing.render.pdf.rl`` does it on import, and its ``assert_active`` checks
it before a PDF is built.
"""

from __future__ import annotations

import sys
import types
import unicodedata
from functools import lru_cache
from typing import Any

from bidi import algorithm as _uba

__all__ = ["BidiUnavailable", "install", "is_rtl_text", "log2vis", "shape_arabic"]

MODULE_NAME = "rlbidi"


class BidiUnavailable(RuntimeError):
    """reportlab was imported before the bidi provider was installed."""


def log2vis(
    text: object,
    base_direction: str | None = None,
    clean: bool = True,
    positions_V_to_L: list[int] | None = None,
    **_ignored: object,
) -> str:
    """Reorder ``text`` (logical order) into visual order for one line.

    ``base_direction`` is ``'RTL'``, ``'LTR'`` or anything else for
    "detect from the first strong character". Explicit embedding controls
    (which the algorithm removes, rule X9) are dropped from the result; with
    ``positions_V_to_L`` given, ``positions_V_to_L[v]`` becomes the index in
    ``text`` of the character shown at visual position ``v``.
    """
    if not isinstance(text, str):
        text = str(text)
    direction = (base_direction or "").upper()
    storage = _uba.get_empty_storage()
    if direction == "RTL":
        base_level = 1
    elif direction == "LTR":
        base_level = 0
    else:
        base_level = _uba.get_base_level(text)
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    _uba.get_embedding_levels(text, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["logical"] = i
        if not ch["type"]:  # unassigned in this Python's Unicode: left-to-right (UAX #9)
            ch["type"] = "L"
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage, False)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    _uba.reorder_resolved_levels(storage, False)
    _uba.apply_mirroring(storage, False)
    chars = storage["chars"]
    if positions_V_to_L is not None:
        positions_V_to_L[:] = [ch["logical"] for ch in chars]
    return "".join(ch["ch"] for ch in chars)


def _make_module() -> types.ModuleType:
    mod = types.ModuleType(MODULE_NAME, "Briefing's rlbidi stand-in (python-bidi based).")
    mod.__dict__.update(log2vis=log2vis, __briefing_shim__=True)
    return mod


def install() -> None:
    """Put the stand-in into ``sys.modules['rlbidi']`` (idempotent).

    Must run before ``reportlab.pdfgen.textobject`` is first imported (any
    Platypus or canvas import pulls it in); ``rl.assert_active`` checks.
    """
    existing = sys.modules.get(MODULE_NAME)
    if existing is not None and getattr(existing, "__briefing_shim__", False):
        return
    sys.modules[MODULE_NAME] = _make_module()


# --- direction detection and Arabic shaping -------------------------------


@lru_cache(maxsize=4096)
def _strong(ch: str) -> str:
    return unicodedata.bidirectional(ch)


def is_rtl_text(text: str) -> bool:
    """True when the paragraph's first strong character is right-to-left (UBA P2/P3)."""
    for ch in text:
        kind = _strong(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def has_rtl(text: str) -> bool:
    return any(_strong(ch) in ("R", "AL") for ch in text)


@lru_cache(maxsize=1)
def _reshaper() -> Any:
    import arabic_reshaper

    # The default configuration drops harakat (reportlab does no mark
    # positioning, so they would land beside their letters) and uses
    # the lam-alef ligatures that Amiri has as presentation forms.
    return arabic_reshaper.ArabicReshaper()


def shape_arabic(text: str) -> str:
    """Arabic letters in their joined presentation forms (logical order kept).

    Text without Arabic comes back unchanged. Copy/paste of the result gives
    presentation forms; NFKC turns them back into plain Arabic.
    """
    if not any(
        "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\u08a0" <= ch <= "\u08ff"
        for ch in text
    ):
        return text
    return str(_reshaper().reshape(text))
