"""The pieces of WordprocessingML that python-docx has no API for.

Bookmarks and hyperlinks (external and to a bookmark), paragraph and run
shading, paragraph borders, right-to-left paragraphs and runs, a table of
contents field, restarting a numbered list, and the settings flag that makes
Word refresh fields when the file opens. Used only by ``render/word.py``.

WordprocessingML fixes the order of the children of ``w:pPr`` and ``w:rPr``;
each helper inserts its element before the ones that must follow it, so Word
accepts the file (LibreOffice is lenient, Word is not).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

__all__ = ["RT"]

ARABIC_FONT = "Amiri"
"""The face the PDF uses for Arabic (``render/pdf/fonts.py``); Word falls back
to its own complex-script font when Amiri is not installed."""

# Children of w:pPr after each element we insert (ECMA-376 CT_PPrBase order).
_PPR_TAIL = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_BIDI = _PPR_TAIL
_AFTER_SHD = (
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    *_PPR_TAIL,
)
_AFTER_PBDR = ("w:shd", *_AFTER_SHD)
_AFTER_NUMPR = ("w:suppressLineNumbers", "w:pBdr", *_AFTER_PBDR)
# Children of w:rPr after each element we insert (CT_RPr order).
_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_RSHD = ("w:fitText", "w:vertAlign", "w:rtl", *_AFTER_RTL)
# Children of w:tcPr after w:shd (CT_TcPr order).
_AFTER_TCSHD = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _el(tag: str, **attrs: str) -> Any:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _insert(parent: Any, el: Any, successors: tuple[str, ...]) -> None:
    """Insert ``el`` before the first child named in ``successors`` (else last)."""
    tags = {qn(t) for t in successors}
    for i, child in enumerate(parent):
        if child.tag in tags:
            parent.insert(i, el)
            return
    parent.append(el)


def _replace(parent: Any, el: Any, successors: tuple[str, ...]) -> None:
    for old in parent.findall(el.tag):
        parent.remove(old)
    _insert(parent, el, successors)


def hex_color(color: str) -> str:
    """ "#rrggbb" -> "RRGGBB" (Word's form); anything else -> "999999"."""
    c = color.strip().lstrip("#")
    return c.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", c) else "999999"


def lighten(color: str, keep: float = 0.35) -> str:
    """``color`` mixed with white (``keep`` of the colour), as "RRGGBB"."""
    c = hex_color(color)
    rgb = [int(c[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - v) * keep):02X}" for v in rgb)


def bookmark_name(anchor: str) -> str:
    """A brief anchor ("kj-1", "ex-12-t3") as a Word bookmark name: letters,
    digits and underscores, starting with a letter, at most 40 characters."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
    if not name[:1].isalpha():
        name = "b_" + name
    if len(name) > 40:
        name = name[:31] + "_" + hashlib.sha1(anchor.encode()).hexdigest()[:8]
    return name


class Bookmarks:
    """Numbers the bookmarks of one document."""

    def __init__(self) -> None:
        self._next = 1

    def add(self, paragraph: Paragraph, anchor: str) -> None:
        """A bookmark ``anchor`` around the start of ``paragraph``."""
        if not anchor:
            return
        n = str(self._next)
        self._next += 1
        start = _el("w:bookmarkStart", id=n, name=bookmark_name(anchor))
        end = _el("w:bookmarkEnd", id=n)
        p = paragraph._p
        ppr = p.find(qn("w:pPr"))
        at = 0 if ppr is None else p.index(ppr) + 1
        p.insert(at, start)
        p.insert(at + 1, end)


def hyperlink(paragraph: Paragraph, *, rid: str = "", anchor: str = "") -> Any:
    """An empty ``w:hyperlink`` at the end of ``paragraph``, to the external
    relationship ``rid`` or to the bookmark of ``anchor``; move runs into it
    with ``link_run``."""
    h = OxmlElement("w:hyperlink")
    if rid:
        h.set(qn("r:id"), rid)
    else:
        h.set(qn("w:anchor"), bookmark_name(anchor))
    h.set(qn("w:history"), "1")
    paragraph._p.append(h)
    return h


def link_run(link: Any, run: Run, style_id: str) -> None:
    """Move ``run`` into the hyperlink element ``link``, in the character
    style ``style_id`` (the "Hyperlink" style's id)."""
    run._r.get_or_add_rPr().style = style_id
    link.append(run._r)


def shade_paragraph(paragraph: Paragraph, fill: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    _replace(ppr, _el("w:shd", val="clear", color="auto", fill=fill), _AFTER_SHD)


def shade_run(run: Run, fill: str) -> None:
    rpr = run._r.get_or_add_rPr()
    _replace(rpr, _el("w:shd", val="clear", color="auto", fill=fill), _AFTER_RSHD)


def shade_cell(cell: Any, fill: str) -> None:
    """A table cell's background ("RRGGBB")."""
    tcpr = cell._tc.get_or_add_tcPr()
    _replace(tcpr, _el("w:shd", val="clear", color="auto", fill=fill), _AFTER_TCSHD)


def border(paragraph: Paragraph, side: str, color: str, size: int = 18, space: int = 8) -> None:
    """A line on one ``side`` ("left", "bottom", ...) of ``paragraph``;
    ``size`` in eighths of a point, ``color`` "RRGGBB"."""
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = ppr.find(qn("w:pBdr"))
    if pbdr is None:
        pbdr = OxmlElement("w:pBdr")
        _insert(ppr, pbdr, _AFTER_PBDR)
    line = _el("w:" + side, val="single", sz=str(size), space=str(space), color=color)
    order = ("top", "left", "bottom", "right", "between", "bar")
    _replace(pbdr, line, tuple("w:" + s for s in order[order.index(side) + 1 :]))


def right_to_left(paragraph: Paragraph) -> None:
    """Mark ``paragraph`` and each of its runs (also inside links) as
    right-to-left, in the Arabic-capable font."""
    ppr = paragraph._p.get_or_add_pPr()
    _replace(ppr, OxmlElement("w:bidi"), _AFTER_BIDI)
    for r in paragraph._p.iter(qn("w:r")):
        rtl_run(r)


def rtl_run(r: Any) -> None:
    """One ``w:r`` element as right-to-left text in ``ARABIC_FONT``."""
    rpr = r.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), ARABIC_FONT)
    _replace(rpr, OxmlElement("w:rtl"), _AFTER_RTL)
    _replace(rpr, _el("w:lang", bidi="ar-SA"), _AFTER_LANG)


def complex_script_font(styles_element: Any, font: str = ARABIC_FONT) -> None:
    """The document default font for complex scripts (Arabic letters in any
    paragraph) is ``font``."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:cs"), font)
    for attr in ("cstheme",):
        fonts.attrib.pop(qn(f"w:{attr}"), None)


def field_begin(paragraph: Paragraph, instruction: str) -> None:
    """Open a complex field (``instruction`` e.g. ``TOC \\o "1-2" \\h``) in
    ``paragraph``; its shown result follows until ``field_end``."""
    r = paragraph.add_run()._r
    r.append(_el("w:fldChar", fldCharType="begin", dirty="true"))
    r = paragraph.add_run()._r
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    r.append(instr)
    r = paragraph.add_run()._r
    r.append(_el("w:fldChar", fldCharType="separate"))


def field_end(paragraph: Paragraph) -> None:
    paragraph.add_run()._r.append(_el("w:fldChar", fldCharType="end"))


def update_fields_on_open(settings_element: Any) -> None:
    """Ask Word to refresh the fields (the table of contents) when it opens the file."""
    for old in settings_element.findall(qn("w:updateFields")):
        settings_element.remove(old)
    settings_element.append(_el("w:updateFields", val="true"))


def restarted_list(document: Any, style: str = "List Number") -> str:
    """A new numbering instance of ``style``'s list that starts again at 1;
    returns its ``numId`` for ``number``."""
    numbering = document.part.numbering_part.element
    style_el = document.styles[style].element
    num_id = style_el.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    abstract = None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == num_id:
            abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    new = numbering.add_num(int(abstract or 0))
    override = _el("w:lvlOverride", ilvl="0")
    override.append(_el("w:startOverride", val="1"))
    new.append(override)
    return str(new.numId)


def number(paragraph: Paragraph, num_id: str, level: int = 0) -> None:
    """Put ``paragraph`` in the numbered list ``num_id``."""
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    numpr.append(_el("w:ilvl", val=str(level)))
    numpr.append(_el("w:numId", val=num_id))
    _replace(ppr, numpr, _AFTER_NUMPR)
