"""The brief as a Word document (``.docx``), from the composed ``BriefDoc``.

Everything is written in Word's own styles, so the navigation pane, a table
of contents and restyling work as in any Word file:

* the title and subtitle in **Title** and **Subtitle**; the bottom line,
  key judgments, each top-level theme, the chart, the sources and the
  appendix under **Heading 1**, sub-themes under **Heading 2** (3 ...);
* key judgments as a **List Number** list, each followed by its assessment
  (confidence, then likelihood with its ICD 203 range, ``assessment_parts``)
  and its citations;
* excerpts in **Quote**, with a bar in the theme's colour and the citation
  line under them (style "Excerpt Citation"); analyst notes in "Analyst Note";
* the sources as a second **List Number** list that starts again at 1, each
  a bookmark the citations ``[n]`` link to.

The marking is the header and the footer of every section, on a band of its
colour (TLP labels: the colour on black). The bottom line sits in a shaded
one-cell table. Right-to-left paragraphs (an Arabic excerpt, note or
appendix paragraph) are marked ``w:bidi``/``w:rtl`` in Amiri, the PDF's
Arabic face, which is also the document's complex-script font. A table of
contents is a Word TOC field, written only when the brief asks for one; its
entries are filled in already and Word refreshes them (page numbers too) on
opening. The chart becomes a table of themes with their colour and count.
Document properties: title, author (else the organisation), subject (the
subtitle), keywords (the themes in the brief), category (the marking),
language. Consumes only the tree, the markup nodes and the model.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from ..brief.doc import (
    Appendix,
    AppendixParagraph,
    BriefDoc,
    Excerpt,
    KeyJudgment,
    Section,
    assessment_parts,
)
from ..brief.markup import Paragraph as MarkupParagraph
from . import word_xml as x
from .html_markup import text_color
from .word_markup import Fmt, WordMarkup, clean

PAPER = {"A4": (Cm(21.0), Cm(29.7)), "Letter": (Cm(21.59), Cm(27.94))}
BOTTOM_LINE_FILL = "EEF2F7"


class _Word:
    def __init__(self, doc: BriefDoc):
        self.doc = doc
        self.d: Any = Document()
        self.bookmarks = x.Bookmarks()
        self._styles()
        self.m = WordMarkup(self.d, doc.anchors)

    # -- set-up ---------------------------------------------------------------

    def _styles(self) -> None:
        styles = self.d.styles
        x.complex_script_font(styles.element)
        if "Hyperlink" not in [s.name for s in styles]:
            link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
            link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            link.font.underline = True
        cite = styles.add_style("Excerpt Citation", WD_STYLE_TYPE.PARAGRAPH)
        cite.base_style = styles["Normal"]
        cite.font.size = Pt(9)
        cite.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        cite.paragraph_format.left_indent = Cm(0.6)
        cite.paragraph_format.space_after = Pt(8)
        note = styles.add_style("Analyst Note", WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = styles["Normal"]
        note.font.size = Pt(10)
        note.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
        note.paragraph_format.left_indent = Cm(0.6)
        quote = styles["Quote"]
        quote.paragraph_format.left_indent = Cm(0.6)
        quote.paragraph_format.space_after = Pt(2)

    def _page(self) -> None:
        width, height = PAPER.get(self.doc.paper, PAPER["A4"])
        for sec in self.d.sections:
            sec.page_width, sec.page_height = width, height
            sec.left_margin = sec.right_margin = Cm(2.2)
            sec.top_margin = sec.bottom_margin = Cm(2.2)
            self._marking(sec.header.paragraphs[0])
            self._marking(sec.footer.paragraphs[0])

    def _marking(self, p: Paragraph) -> None:
        doc = self.doc
        if not doc.marking:
            return
        bg, fg = doc.marking_color, text_color(doc.marking_color)
        if doc.marking_on_black:  # TLP 2.0: the label's colour on black, right-aligned
            bg, fg = "#000000", doc.marking_color
        p.alignment = (
            WD_ALIGN_PARAGRAPH.RIGHT if doc.marking_on_black else WD_ALIGN_PARAGRAPH.CENTER
        )
        r = p.add_run(clean(doc.marking))
        r.bold = True
        r.font.color.rgb = RGBColor.from_string(x.hex_color(fg))
        x.shade_paragraph(p, x.hex_color(bg))

    def _properties(self) -> None:
        t, cp = self.doc.title, self.d.core_properties
        cp.title = clean(t.title)
        cp.author = clean(t.author or t.organisation)
        cp.last_modified_by = cp.author
        cp.subject = clean(t.subtitle)
        cp.keywords = clean(", ".join(self.doc.keywords))
        cp.category = clean(self.doc.marking)
        cp.comments = "Written by Briefing"
        cp.language = self.doc.language
        cp.revision = 1
        try:
            when = dt.datetime.fromisoformat(t.date).replace(tzinfo=dt.UTC)
        except ValueError:
            when = dt.datetime.now(dt.UTC)
        cp.created = cp.modified = when.replace(tzinfo=None)

    # -- helpers --------------------------------------------------------------

    def heading(self, text: str, level: int, anchor: str = "") -> Paragraph:
        p: Paragraph = self.m.add(self.d, f"Heading {min(9, level)}", clean(text))
        self.bookmarks.add(p, anchor)
        self.m.direction(p, text)
        return p

    def cite(self, p: Paragraph, number: int, anchor: str) -> None:
        self.m.linked_text(p, f"[{number}]", "#" + anchor)

    # -- parts ----------------------------------------------------------------

    def title_block(self) -> None:
        t = self.doc.title
        self.m.direction(self.m.add(self.d, "Title", clean(t.title)), t.title)
        if t.subtitle:
            self.m.direction(self.m.add(self.d, "Subtitle", clean(t.subtitle)), t.subtitle)
        byline = " · ".join(x for x in (t.author, t.organisation, t.date) if x)
        if byline:
            self.m.add(self.d, "Normal", clean(byline))

    def toc(self) -> None:
        if not self.doc.show_toc or not self.doc.sections:
            return
        self.m.add(self.d, "TOC Heading", "Contents")
        entries = list(self.doc.walk_sections())
        levels = max(2, min(9, max(s.level for s in entries)))
        for i, s in enumerate(entries):
            p = self.m.add(self.d)
            if i == 0:
                x.field_begin(p, f'TOC \\o "1-{levels}" \\h \\z \\u')
            p.paragraph_format.left_indent = Cm(0.6 * (s.level - 1))
            self.m.linked_text(p, s.name, "#" + s.anchor)
            if i == len(entries) - 1:
                x.field_end(p)
        x.update_fields_on_open(self.d.settings.element)

    def bottom_line(self) -> None:
        if not self.doc.bottom_line:
            return
        self.heading("Bottom line up front", 1)
        table = self.d.add_table(rows=1, cols=1)
        table.style = "Table Grid"
        cell = table.cell(0, 0)
        x.shade_cell(cell, BOTTOM_LINE_FILL)
        self.m.blocks(cell, self.doc.bottom_line)
        if len(cell.paragraphs) > 1:  # the cell's own empty first paragraph
            first = cell.paragraphs[0]._p
            first.getparent().remove(first)
        self.m.add(self.d)

    def judgments(self) -> None:
        if not self.doc.judgments:
            return
        self.heading("Key judgments", 1)
        num = x.restarted_list(self.d)
        for j in self.doc.judgments:
            self.judgment(j, num)

    def judgment(self, j: KeyJudgment, num: str) -> None:
        blocks = list(j.text)
        p: Paragraph = self.m.add(self.d, "List Number")
        x.number(p, num)
        self.bookmarks.add(p, j.anchor)
        first = blocks[0] if blocks else None
        if isinstance(first, MarkupParagraph):
            blocks.pop(0)
            self.m.inlines(p, first.inlines)
        elif not blocks:
            p.add_run("(no text)")
        self.m.blocks(self.d, blocks, "List Continue")
        line: Paragraph = self.m.add(self.d, "List Continue")
        parts = assessment_parts(j.likelihood, j.confidence)
        for i, part in enumerate(parts):
            r = line.add_run((" · " if i else "") + part)
            r.bold = bool(j.confidence) and i == 0
        numbers = dict.fromkeys((c.number, c.source_anchor) for c in j.citations)
        for n, anchor in numbers:
            line.add_run(" ")
            self.cite(line, n, anchor)
        if not line.runs:
            line._p.getparent().remove(line._p)
        for e in j.excerpts:
            self.excerpt(e)
        if j.further:
            word = "excerpt" if len(j.further) == 1 else "excerpts"
            p = self.m.add(self.d, "Excerpt Citation", f"Also supported by {word} ")
            for i, e in enumerate(j.further):
                if i:
                    p.add_run(", ")
                self.excerpt_ref(p, e, str(e.number))
            p.add_run(".")

    def excerpt_ref(self, p: Paragraph, e: Excerpt, label: str) -> None:
        """``label`` linked to the excerpt's full copy (or its source)."""
        target = e.see_anchor if e.see_anchor in self.doc.anchors else e.source_anchor
        self.m.linked_text(p, label, "#" + target if target else None)

    def excerpt(self, e: Excerpt) -> None:
        color = x.hex_color(e.color)
        if e.see:  # printed in full elsewhere: one line
            p: Paragraph = self.m.add(self.d, "Excerpt Citation")
            self.bookmarks.add(p, e.anchor)
            self.excerpt_ref(p, e, f"Excerpt {e.number}")
            p.add_run(" · see " + clean(e.see))
            x.border(p, "left", color)
            return
        paras = [q.strip() for q in clean(e.quote).split("\n\n") if q.strip()] or [""]
        if e.wrap:
            paras[0] = "“" + paras[0]
            paras[-1] = paras[-1] + "”"
        for i, text in enumerate(paras):
            p = self.m.add(self.d, "Quote")
            if i == 0:
                self.bookmarks.add(p, e.anchor)
            self.m.run(p, text)
            if e.rtl:  # the bar on the side the line starts from
                x.border(p, "right", color)
                x.right_to_left(p)
                p.paragraph_format.right_indent = p.paragraph_format.left_indent = Cm(0.6)
            else:
                x.border(p, "left", color)
        cite: Paragraph = self.m.add(self.d, "Excerpt Citation")
        bits = [f"Excerpt {e.number}", e.source_title] + [b for b in (e.dateline, e.date) if b]
        cite.add_run("— " + clean(" · ".join(bits)) + " ")
        self.cite(cite, e.source_number, e.source_anchor)
        if e.note:
            notes = self.m.blocks(self.d, e.note, "Analyst Note")
            if notes:
                label = notes[0].runs[0] if notes[0].runs else notes[0].add_run()
                label._r.addprevious(self._label_run(notes[0], "Analyst note: "))

    def _label_run(self, p: Paragraph, text: str) -> Any:
        r = p.add_run(text)
        r.bold = True
        return r._r

    def section(self, s: Section) -> None:
        self.heading(s.name, s.level, s.anchor)
        if s.description:
            p = self.m.add(self.d)
            self.m.run(p, s.description, Fmt(italic=True))
        self.m.blocks(self.d, s.narrative)
        for e in s.excerpts:
            self.excerpt(e)
        for sub in s.subsections:
            self.section(sub)

    def chart(self) -> None:
        bars = self.doc.chart
        if not bars:
            return
        self.heading("Themes tagged", 1)
        table = self.d.add_table(rows=len(bars) + 1, cols=3)
        table.style = "Table Grid"
        for c, label in enumerate(("", "Theme", "Highlights")):
            table.cell(0, c).paragraphs[0].add_run(label).bold = True
        for r, bar in enumerate(bars, 1):
            x.shade_cell(table.cell(r, 0), x.hex_color(bar.color))
            self.m.run(table.cell(r, 1).paragraphs[0], bar.name)
            count = table.cell(r, 2).paragraphs[0]
            count.add_run(str(bar.count))
            count.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        table.autofit = False
        for column, width in zip(table.columns, (Cm(0.8), Cm(9.0), Cm(2.6)), strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, (Cm(0.8), Cm(9.0), Cm(2.6)), strict=True):
                cell.width = width
        self.m.add(self.d)

    def sources(self) -> None:
        if not self.doc.sources:
            return
        self.heading("Sources", 1)
        num = x.restarted_list(self.d)
        for e in self.doc.sources:
            p: Paragraph = self.m.add(self.d, "List Number")
            x.number(p, num)
            self.bookmarks.add(p, e.anchor)
            self.m.run(p, e.title, Fmt(bold=True))
            rest = [b for b in (e.author, e.dateline, e.date) if b]
            if rest:
                self.m.run(p, ", " + ", ".join(rest))
            if e.url:
                p.add_run(", ")
                self.m.linked_text(p, e.url, e.url)
            if e.accessed:
                self.m.run(p, ", accessed " + e.accessed)

    def appendix(self, appendix: Appendix | None) -> None:
        if appendix is None or not appendix.sources:
            return
        self.heading("Appendix: annotated sources", 1)
        if appendix.legend:
            p = self.m.add(self.d, "Normal", "Highlights: ")
            for i, entry in enumerate(appendix.legend):
                if i:
                    p.add_run(", ")
                r = p.add_run(clean(entry.name))
                x.shade_run(r, x.lighten(entry.color))
        for src in appendix.sources:
            self.heading(f"[{src.number}] {src.title}", 2, src.anchor)
            if src.note:
                self.m.run(self.m.add(self.d), src.note, Fmt(italic=True))
            last: Paragraph | None = None
            for para in src.paragraphs:
                if para.gap_before:
                    self.m.add(self.d, "Normal", "[…]")
                    last = None
                if not (para.continues and last is not None):
                    last = self.m.add(self.d)
                self.marked(last, para)

    def marked(self, p: Paragraph, para: AppendixParagraph) -> None:
        """An appendix paragraph with its highlighted stretches shaded."""
        pos = 0
        for span in para.spans:
            self.m.run(p, para.text[pos : span.start].replace("\n", " "))
            r = p.add_run(clean(para.text[span.start : span.end]).replace("\n", " "))
            x.shade_run(r, x.lighten(span.colors[0] if span.colors else "#999999"))
            if len(span.colors) > 1:
                r.font.underline = True
            pos = span.end
        self.m.run(p, para.text[pos:].replace("\n", " "))
        if para.rtl:
            x.right_to_left(p)

    def render(self) -> Any:
        self._page()
        self._properties()
        self.title_block()
        self.toc()
        self.bottom_line()
        self.judgments()
        for s in self.doc.sections:
            self.section(s)
        self.chart()
        self.sources()
        self.appendix(self.doc.appendix)
        return self.d


def render_docx(doc: BriefDoc) -> bytes:
    """The brief as the bytes of a ``.docx`` file (module doc)."""
    out = BytesIO()
    _Word(doc).render().save(out)
    return out.getvalue()
