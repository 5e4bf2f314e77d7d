"""The PDF brief: a composed ``BriefDoc`` typeset with reportlab Platypus.

This module decides only how the brief looks; what it says comes from
``briefing.brief.compose``. The page:

* A4 or Letter, 22 mm side and 24 mm top/bottom margins, one column;
* the handling marking as a coloured banner at the top and bottom of every
  page (TLP labels right-justified, 12 pt), a running title and date on
  pages 2+, organisation and "Page X of Y" in the footer;
* title block, bottom line in a shaded box with an accent bar, numbered key
  judgments with a separate confidence tag and superscript citations, one
  section per theme (colour swatch, narrative, excerpts as block quotes with
  a bar in the theme colour, citation line, analyst's note), a bar chart of
  highlights per theme, the numbered source list and the optional appendix;
* a table of contents when asked for or when the brief runs past four pages,
  PDF outline entries per section, internal links, metadata and /Lang.

Safety: every user string reaches Paragraph markup only through
``fonts.markup`` (which escapes with ``markup.escape``) and every link
through ``markup.safe_href``. Right-to-left paragraphs are built from a
single fragment, never parsed as markup (reportlab's bidi works only there).
Only the bundled, embedded fonts are used: every Table, the TOC and list
bullets get an explicit font.

The layout is one pass (``stream.lay_out``) over a story built part by part
(:func:`_parts`) and released once placed, so memory does not grow with the
page count and each paragraph is parsed, wrapped and drawn once. "Page X of
Y" and the contents list's page numbers are form XObjects the pages refer
to, defined after the last page (``BriefTemplate.finish``), never the
NumberedCanvas recipe (which sends every outline entry and link to page 1).
The contents list starts with its entries (read from the tree,
``parts.toc_entries``), so it has its final height from the start.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from briefing.brief import markup
from briefing.brief.doc import BriefDoc, Section
from briefing.render.pdf import fonts
from briefing.render.pdf.appendix import appendix_parts
from briefing.render.pdf.chart import chart_part
from briefing.render.pdf.flowables import (
    TOC,
    Gate,
    GatedParagraph,
)
from briefing.render.pdf.page import BriefTemplate
from briefing.render.pdf.parts import (
    bluf,
    key_judgments,
    source_list,
    theme_section_parts,
    title_block,
    toc_entries,
)
from briefing.render.pdf.rl import (
    A4,
    LETTER,
    Flowable,
    TableStyle,
    assert_active,
    rl_config,
)
from briefing.render.pdf.stream import lay_out
from briefing.render.pdf.style import (
    BODY_SIZE,
    BOTTOM_MARGIN,
    SIDE_MARGIN,
    TOP_MARGIN,
)
from briefing.render.pdf.text import Ctx

__all__ = ["ExportCancelled", "build_pdf", "write_pdf"]

ProgressFn = Callable[[int, int], None]


class ExportCancelled(Exception):
    """Raised from a progress callback to stop an export (nothing is written)."""


def _parts(doc: BriefDoc, ctx: Ctx, toc: TOC) -> Iterator[list[Flowable]]:
    """The story in the order it is laid out, one part at a time, built
    only when the layout asks for it (:func:`count_parts` says how many)."""
    ctx.defined = set()  # each anchor is defined once
    st = ctx.styles
    yield [
        *title_block(doc, ctx),
        *bluf(doc, ctx),
        *key_judgments(doc, ctx),
        GatedParagraph("CONTENTS", st.toc_title, toc._gate),
        toc,
    ]
    for sec in doc.sections:
        yield from theme_section_parts(sec, ctx, 0)
    yield chart_part(doc, ctx)
    yield source_list(doc, ctx)
    if doc.appendix is not None and doc.appendix.sources:
        yield from appendix_parts(doc.appendix, ctx)
    # Every anchor the document promises gets a destination, even if a part
    # of the tree was not drawn (a link to it must never crash the build).
    yield [f for name in sorted(doc.anchors - ctx.defined) for f in ctx.anchor_flowable(name)]


def count_parts(doc: BriefDoc) -> int:
    """How many parts :func:`_parts` yields (for progress)."""

    def section(sec: Section) -> int:
        return 1 + len(sec.excerpts) + sum(section(s) for s in sec.subsections)

    n = 4 + sum(section(s) for s in doc.sections)
    if doc.appendix is not None and doc.appendix.sources:
        n += 1 + len(doc.appendix.sources)
    return n


def _toc(doc: BriefDoc, ctx: Ctx, gate: Gate) -> TOC:
    """The contents list, pre-filled with the entries the headings will notify."""
    st = ctx.styles
    entries: list[tuple[int, str, str]] = []
    levels: list[int] = []
    for level, _title, toc_markup, key, _in in toc_entries(doc, ctx):
        prev = levels[-1] if levels else -1
        level = min(level, prev + 1)
        levels.append(level)
        entries.append((level, toc_markup, key))
    return TOC(
        gate,
        entries,
        levelStyles=[st.toc0, st.toc1],
        dotsMinLevel=0,
        rightColumnWidth=28,
        tableStyle=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.SANS, 9),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        ),
    )


class _Progress:
    """``progress(done, total)`` over the layout, counted in parts."""

    def __init__(self, fn: ProgressFn | None, parts: int) -> None:
        self.fn = fn
        self.parts = max(1, parts)
        self.expected = 1
        self.last = -1

    def __call__(self, pass_no: int, done_parts: int) -> None:
        self.expected = max(self.expected, pass_no)
        if self.fn is None:
            return
        total = self.parts * self.expected
        done = min(total - 1, (pass_no - 1) * self.parts + done_parts)
        if done != self.last:
            self.last = done
            self.fn(done, total)

    def finish(self) -> None:
        if self.fn is not None:
            total = self.parts * self.expected
            self.fn(total, total)


def build_pdf(
    doc: BriefDoc, out: str | BinaryIO, *, progress: ProgressFn | None = None
) -> list[str]:
    """Typeset ``doc`` into ``out`` (a path or a binary file object).

    Returns renderer warnings (font coverage). Raises whatever ``progress``
    raises (use :class:`ExportCancelled` to cancel).
    """
    fonts.register_fonts()
    assert_active()
    rl_config.useA85 = 0
    ctx = Ctx(anchors=frozenset(doc.anchors))
    pagesize = LETTER if (doc.paper or "").lower() == "letter" else A4
    tb = doc.title
    template = BriefTemplate(
        out,
        doc,
        ctx,
        pagesize=pagesize,
        leftMargin=SIDE_MARGIN,
        rightMargin=SIDE_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=markup.strip_controls(tb.title),
        author=markup.strip_controls(tb.author or tb.organisation),
        subject=markup.strip_controls(tb.subtitle or "Analytic brief"),
        keywords=[markup.strip_controls(k) for k in doc.keywords],
        creator="Briefing",
        lang=_lang(doc.language),
        displayDocTitle=1,
        initialFontName=fonts.SANS,
        initialFontSize=BODY_SIZE,
    )
    ctx.frame_width = template.width
    ctx.frame_height = template.height
    gate = Gate(toc=doc.show_toc)
    toc = template.toc = _toc(doc, ctx, gate)
    prog = _Progress(progress, count_parts(doc))
    lay_out(template, lambda: _parts(doc, ctx, toc), on_part=prog)
    prog.finish()
    warnings = []
    w = ctx.coverage.warning()
    if w:
        warnings.append(w)
    return warnings


def _lang(value: str) -> str:
    value = (value or "").strip()
    return value if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value) else "en"


def write_pdf(
    doc: BriefDoc, path: str | os.PathLike[str], *, progress: ProgressFn | None = None
) -> list[str]:
    """Write the brief ``doc`` as a PDF at ``path`` (written in place: an atomic
    export wraps this in ``briefing.export.atomic_path``).

    ``progress(done, total)`` is called while laying out; raising from it
    (e.g. :class:`ExportCancelled`) cancels. Returns warnings for the user,
    e.g. characters no bundled font has.
    """
    return build_pdf(doc, str(path), progress=progress)
