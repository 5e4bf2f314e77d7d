"""reportlab alone: the physical limit the PDF export is measured against.

The research's section-5 workload, built with plain Platypus and nothing of
Briefing's but its font files: 78 sections, each an H1 and two parts; each
part an H2, five body paragraphs (4-7 sentences of 12-24 words, curly quotes,
em dashes, one bold word) and two source quotes with FrameBG colour bars and
citation lines; each section one 7x4 table of Paragraph cells. Page
furniture: banners top and bottom, running header, footer with "Page X of Y"
(a zero-size indexing flowable, so two passes like the export), outline
entries per heading.

    uv run python benchmarks/pdf_floor.py          # prints a table
    uv run python benchmarks/pdf_floor.py --json   # one JSON line (for bench_pdf.py)
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab import rl_config  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import LETTER  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import IndexingFlowable  # noqa: E402
from reportlab.platypus.flowables import FrameBG  # noqa: E402
from vocabulary import WORDS  # noqa: E402

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

    def __init__(self, out):
        super().__init__(
            out,
            pagesize=LETTER,
            leftMargin=22 * mm,
            rightMargin=22 * mm,
            topMargin=24 * mm,
            bottomMargin=24 * mm,
            title="Floor",
            initialFontName=F.SANS,
        )
        W, H = LETTER
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
        W, H = LETTER
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
        c.drawRightString(W - 22 * mm, 15 * mm, f"Page {c.getPageNumber()} of {self.total or '?'}")
        c.drawString(22 * mm, 15 * mm, "Desk")
        c.restoreState()

    def afterFlowable(self, f):
        key = getattr(f, "_key", None)
        if key:
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(f.getPlainText(), key, level=f._level, closed=1)


def story(doc, rng: random.Random):
    body = ParagraphStyle("b", fontName=F.SERIF, fontSize=10.5, leading=14.5, spaceAfter=6)
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
    h2 = ParagraphStyle(
        "h2",
        fontName=F.SANS_BOLD,
        fontSize=12,
        leading=15.5,
        spaceBefore=14,
        spaceAfter=5,
        keepWithNext=1,
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
        spaceAfter=8,
    )
    cell = ParagraphStyle("t", fontName=F.SANS, fontSize=8.5, leading=11)

    def sentence():
        words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
        words[0] = words[0].capitalize()
        i = rng.randrange(len(words))
        words[i] = f"“{words[i]}”"
        return " ".join(words) + " — " + rng.choice(WORDS) + "."

    def para():
        text = " ".join(sentence() for _ in range(rng.randint(4, 7)))
        return text.replace(" the ", " <b>the</b> ", 1)

    out = [PageCount(doc)]
    n = 0
    for s in range(78):
        p = Paragraph(f"Section {s + 1}: {rng.choice(WORDS)}", h1)
        p._key, p._level = f"s{s}", 0
        out.append(p)
        for part in range(2):
            q = Paragraph(f"Part {part + 1}", h2)
            q._key, q._level = f"s{s}p{part}", 1
            out.append(q)
            out.extend(Paragraph(para(), body) for _ in range(5))
            for _ in range(2):
                n += 1
                out.append(FrameBG(color=colors.HexColor("#56B4E9"), left=0, right=437, start=True))
                out.append(Paragraph(" ".join(sentence() for _ in range(2)), quote))
                out.append(Paragraph(f"SOURCE {n % 40 + 1} · Wire report, 29 Dec 2025", cite))
                out.append(FrameBG(start=False))
        rows = [
            [Paragraph(f"{rng.choice(WORDS)} {r}.{c}", cell) for c in range(4)] for r in range(7)
        ]
        out.append(
            Table(
                rows,
                repeatRows=1,
                style=TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), F.SANS, 8.5),
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f4f7")),
                    ]
                ),
            )
        )
    return out


def run() -> dict:
    """Timed like the export: font registration, story (Paragraph parsing)
    and all layout passes, to a file."""
    rl_config.useA85 = 0
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "floor.pdf"
        t0, c0 = time.perf_counter(), time.process_time()
        F.register_fonts()
        doc = Doc(str(out))
        flow = story(doc, rng)
        passes = doc.multiBuild(flow)
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
    args = ap.parse_args()
    r = run()
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
