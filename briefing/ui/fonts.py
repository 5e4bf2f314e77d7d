"""Reading fonts: the bundled serif (with an Arabic fallback), sized by the reader's zoom."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

from briefing.resources import resource_path

FONT_FAMILIES = ["Noto Serif", "Amiri", "Noto Naskh Arabic"]


@cache
def load_fonts() -> None:
    """Register the bundled reading fonts once (the system may lack them)."""
    for name in (
        "NotoSerif-Regular.ttf",
        "NotoSerif-Bold.ttf",
        "NotoSerif-Italic.ttf",
        "Amiri-Regular.ttf",
    ):
        path = resource_path("fonts", name)
        if path.exists():
            QFontDatabase.addApplicationFont(str(path))


def reading_font(zoom: int) -> QFont:
    load_fonts()
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    base = QFont().pointSizeF()
    font.setPointSizeF(max(6.0, (base if base > 0 else 10.0) + 2 + zoom))
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font
