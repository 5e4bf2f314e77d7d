"""reportlab alone: the physical limit the PDF export is measured against.

The same words as ``bench_pdf.py``'s brief (the same synthetic project,
composed by Briefing into the same tree), laid out with plain Platypus and
nothing of Briefing's renderer but its font files: the title block; the
bottom line and key judgments as paragraphs; per theme an H1 with an outline
entry, the narrative, every excerpt as a quote between FrameBG colour bars
with its citation line and the analyst's note; the chart's place left out
(no words); the numbered source list. Same page size, margins and fonts
(the bundled Noto faces, embedded and subset), page furniture with banners
top and bottom, running header and "Page X of Y", in one of two ways:

* ``--passes 2`` (the floor as issue 12 defines it): a zero-size indexing
  flowable and ``multiBuild``, which lays the story out twice, as reportlab
  users usually do it;
* ``--passes 1`` (the export's own mechanism): one ``build``; each page's
  footer is a form XObject, defined after the last page when the total is
  known.

    uv run python benchmarks/pdf_floor.py --highlights 800 --passes 1         # a table
    uv run python benchmarks/pdf_floor.py --highlights 800 --passes 2 --json  # one JSON line
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab import rl_config  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
)
from reportlab.platypus.doctemplate import IndexingFlowable  # noqa: E402
from reportlab.platypus.flowables import FrameBG  # noqa: E402

import briefing.render.pdf.rl  # noqa: E402,F401  (same process set-up as the export)
from briefing.render.pdf import fonts as F  # noqa: E402, N812  (as in the renderer)


class PageCount(IndexingFlowable):
    def __init__(self, doc):
        super().__init__()
        self.doc = doc
        self.prev = self.total = None
        self.width = self.height = 0

    def wrap(self, aW, aH):
        return 0, 0

    def draw(self):
        pass

    def beforeBuild(self):
        self.prev = self.total

    def afterBuild(self):
        self.total = self.doc.page
        self.doc.total = self.total

    def isSatisfied(self):
        return self.total is not None and self.total == self.prev


class Doc(BaseDocTemplate):
    total = None
    one_pass = False

    def __init__(self, out):
        super().__init__(
            out,
            pagesize=A4,
            leftMargin=22 * mm,
            rightMargin=22 * mm,
            topMargin=24 * mm,
            bottomMargin=24 * mm,
            title="Floor",
            initialFontName=F.SANS,
        )
        W, H = A4
        frame = Frame(
            22 * mm,
            24 * mm,
            W - 44 * mm,
            H - 48 * mm,
            id="f",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate("p", [frame], onPage=self.furniture)])

    def furniture(self, c, _doc):
        W, H = A4
        c.saveState()
        for y in (H - 6 * mm - 15, 6 * mm):
            c.setFillColor(colors.HexColor("#007a33"))
            c.rect(22 * mm, y, W - 44 * mm, 15, stroke=0, fill=1)
            c.setFillColor(colors.white)
            c.setFont(F.SANS_BOLD, 9)
            c.drawCentredString(W / 2, y + 4.5, "UNCLASSIFIED")
        c.setFillColor(colors.grey)
        c.setFont(F.SANS, 7.5)
        if c.getPageNumber() > 1:
            c.drawString(22 * mm, H - 15 * mm, "Floor benchmark brief")
            c.drawRightString(W - 22 * mm, H - 15 * mm, "10 January 2026")
        if self.one_pass:
            c.doForm(f"Footer{c.getPageNumber()}")  # defined by finish()
        else:
            c.drawRightString(
                W - 22 * mm, 15 * mm, f"Page {c.getPageNumber()} of {self.total or '?'}"
            )
        c.drawString(22 * mm, 15 * mm, "Desk")
        c.restoreState()

    def build_once(self, flow) -> int:
        """One ``build``; the footers' "Page X of Y" forms are defined after
        the last page, then the file is saved."""
        self.one_pass = True
        self._doSave = 0
        self.build(flow)
        self.total = self.page
        c = self.canv
        W, _H = A4
        for n in range(1, self.total + 1):
            c.beginForm(f"Footer{n}", 0, 0, W, 24 * mm)
            c.setFillColor(colors.grey)
            c.setFont(F.SANS, 7.5)
            c.drawRightString(W - 22 * mm, 15 * mm, f"Page {n} of {self.total}")
            c.endForm()
        c.save()
        return 1

    def afterFlowable(self, f):
        key = getattr(f, "_key", None)
        if key:
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(f.getPlainText(), key, level=f._level, closed=1)


def _plain(blocks) -> str:
    from briefing.brief.markup import plain_text

    return escape(" ".join(plain_text(blocks).split()))


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def story(doc, brief):
    body = ParagraphStyle("b", fontName=F.SERIF, fontSize=10.5, leading=14.5, spaceAfter=6)
    title = ParagraphStyle("t", fontName=F.SANS_BOLD, fontSize=22, leading=26, spaceAfter=8)
    h1 = ParagraphStyle(
        "h1",
        fontName=F.SANS_BOLD,
        fontSize=15,
        leading=19,
        spaceBefore=18,
        spaceAfter=6,
        keepWithNext=1,
        textColor=colors.HexColor("#1f3a5f"),
    )
    quote = ParagraphStyle(
        "q", parent=body, fontSize=9.8, leading=13.8, leftIndent=10, spaceAfter=2
    )
    cite = ParagraphStyle(
        "c",
        fontName=F.SANS,
        fontSize=7.8,
        leading=10.5,
        leftIndent=10,
        textColor=colors.grey,
        spaceAfter=4,
    )
    note = ParagraphStyle("n", parent=body, fontSize=9.5, leading=13, leftIndent=12)

    def heading(text: str, key: str, level: int = 0):
        p = Paragraph(escape(text), h1)
        p._key, p._level = key, level
        return p

    out = [] if doc.one_pass else [PageCount(doc)]
    out.append(Paragraph(escape(brief.title.title), title))
    out.append(Paragraph(escape(brief.title.subtitle), body))
    if brief.bottom_line:
        out.append(heading("Bottom line up front", "bluf"))
        out.append(Paragraph(_plain(brief.bottom_line), body))
    if brief.judgments:
        out.append(heading("Key judgments", "kj"))
        for kj in brief.judgments:
            out.append(Paragraph(f"{kj.number}. " + _plain(kj.text), body))
    for sec in brief.sections:
        out.append(heading(sec.name, sec.anchor))
        if sec.description:
            out.append(Paragraph(escape(sec.description), body))
        out.extend(Paragraph(_plain([b]), body) for b in sec.narrative)
        for ex in sec.excerpts:
            out.append(FrameBG(color=colors.HexColor(ex.color), left=0, right=467, start=True))
            if ex.see:
                out.append(Paragraph(f"EXCERPT {ex.number} · see {escape(ex.see)}", cite))
            else:
                out.append(Paragraph("“" + escape(" ".join(ex.quote.split())) + "”", quote))
                out.append(
                    Paragraph(
                        f"EXCERPT {ex.number} · SOURCE {ex.source_number} · "
                        + escape(ex.source_title),
                        cite,
                    )
                )
            out.append(FrameBG(start=False))
            if ex.note:
                out.append(Paragraph(_plain(ex.note), note))
    out.append(heading("Sources", "sources"))
    for s in brief.sources:
        bits = [escape(x) for x in (s.title, s.author, s.dateline, s.date, s.url) if x]
        out.append(Paragraph(f"{s.number}. " + ". ".join(bits), body))
    return out


def run(highlights: int, passes: int = 2) -> dict:
    """Timed like the export: font registration, story (Paragraph parsing)
    and all layout passes, to a file (composing the tree is not timed)."""
    from bench_pdf import make_project

    from briefing.brief.compose import compose

    rl_config.useA85 = 0
    brief = compose(make_project(highlights_n=highlights), today="2026-01-10")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "floor.pdf"
        t0, c0 = time.perf_counter(), time.process_time()
        F.register_fonts()
        doc = Doc(str(out))
        doc.one_pass = passes == 1
        flow = story(doc, brief)
        passes = doc.build_once(flow) if passes == 1 else doc.multiBuild(flow)
        build, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = out.stat().st_size
    return {
        "pages": doc.total,
        "passes": passes,
        "build": build,
        "cpu": cpu,
        "size": size,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--highlights", type=int, default=800)
    ap.add_argument("--passes", type=int, choices=(1, 2), default=2)
    args = ap.parse_args()
    r = run(args.highlights, args.passes)
    if args.json:
        print(json.dumps(r))
        return
    rate = r["pages"] * r["passes"] / r["cpu"]
    print(
        "| pages | passes | wall s | CPU s | pages/s per pass (CPU) | finished pages/s (CPU) "
        "| peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {r['pages']} | {r['passes']} | {r['build']:.2f} | {r['cpu']:.2f} | {rate:.0f} | "
        f"{r['pages'] / r['cpu']:.0f} | {r['rss_mb']:.0f} |"
    )


if __name__ == "__main__":
    main()
