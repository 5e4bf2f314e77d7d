"""The one gateway to reportlab: every reportlab name Briefing uses comes from here.

Importing this module first installs Briefing's right-to-left provider
(``bidi.install()``: reportlab lays out Arabic and Hebrew only when it finds
an ``rlbidi`` module at its own first import), then imports reportlab. No
other module in ``briefing`` imports reportlab, so the order is always right.
``assert_active()`` checks that reportlab picked the provider up.
"""

from __future__ import annotations

from . import bidi

bidi.install()  # before the first reportlab import, below

import reportlab.pdfgen.textobject as _textobject  # noqa: E402 - after bidi.install()
import reportlab.platypus.paragraph as _paragraph  # noqa: E402 - after bidi.install()
from reportlab import Version as VERSION  # noqa: E402, N814 - after bidi.install()
from reportlab import rl_config  # noqa: E402 - after bidi.install()
from reportlab.lib import colors  # noqa: E402 - after bidi.install()
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT  # noqa: E402 - after bidi.install()
from reportlab.lib.fonts import addMapping  # noqa: E402 - after bidi.install()
from reportlab.lib.pagesizes import A4, LETTER  # noqa: E402 - after bidi.install()
from reportlab.lib.styles import ParagraphStyle  # noqa: E402 - after bidi.install()
from reportlab.lib.units import mm  # noqa: E402 - after bidi.install()
from reportlab.pdfbase import pdfmetrics  # noqa: E402 - after bidi.install()
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402 - after bidi.install()
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402 - after bidi.install()
from reportlab.platypus import (  # noqa: E402 - after bidi.install()
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Preformatted,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import IndexingFlowable  # noqa: E402 - after bidi.install()
from reportlab.platypus.flowables import HRFlowable  # noqa: E402 - after bidi.install()
from reportlab.platypus.paraparser import ParaParser  # noqa: E402 - after bidi.install()
from reportlab.platypus.tableofcontents import TableOfContents  # noqa: E402 - after bidi.install()


def assert_active() -> None:
    """Raise :class:`bidi.BidiUnavailable` unless reportlab picked up the provider."""
    ok = (
        getattr(_textobject, "rtlSupport", False)
        and getattr(_paragraph, "rtlSupport", False)
        and getattr(_textobject, "log2vis", None) is bidi.log2vis
    )
    if not ok:
        raise bidi.BidiUnavailable(
            "reportlab was imported before briefing.render.pdf.rl installed its "
            "right-to-left provider, so Arabic and Hebrew would be laid out backwards. "
            "Import briefing.render.pdf.rl (or call briefing.render.pdf.bidi.install()) "
            "before anything imports reportlab."
        )


__all__ = [
    "A4",
    "LETTER",
    "TA_CENTER",
    "TA_LEFT",
    "TA_RIGHT",
    "VERSION",
    "BaseDocTemplate",
    "Flowable",
    "Frame",
    "HRFlowable",
    "IndexingFlowable",
    "KeepTogether",
    "ListFlowable",
    "ListItem",
    "PageTemplate",
    "ParaParser",
    "Paragraph",
    "ParagraphStyle",
    "Preformatted",
    "TTFont",
    "Table",
    "TableOfContents",
    "TableStyle",
    "addMapping",
    "assert_active",
    "colors",
    "mm",
    "pdfmetrics",
    "rl_config",
    "stringWidth",
]
