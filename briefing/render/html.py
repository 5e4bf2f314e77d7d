"""The brief as one self-contained HTML file, or as HTML for the Qt preview.

Consumes only the composed ``BriefDoc``. The file has inline CSS only: no
script, no image, no ``@import``, no ``url()``, no external or local resource
of any kind (a Content-Security-Policy meta tag says so to the browser too).
Every user string goes through ``markup.escape``; every link through
``markup.safe_href(href, doc.anchors)``.

``for_preview=True`` targets Qt's QTextBrowser rich-text subset: tables
instead of borders on blocks, ``bgcolor`` attributes, simple CSS, and
``<a name="...">`` anchors for every anchor id. In the preview the quote text
of every excerpt (and the number of every cross-reference to one) is a link
``excerpt:{highlight_id}`` (e.g. ``excerpt:101``):
set ``QTextBrowser.setOpenLinks(False)`` and, in ``anchorClicked``, map a URL
with scheme ``excerpt`` to the highlight id ``int(url.path())``; ``#...``
links are the brief's own anchors (``scrollToAnchor``), anything else is an
http(s)/mailto link to open outside.
"""

from __future__ import annotations

from ..brief import markup
from ..brief.doc import (
    Appendix,
    AppendixParagraph,
    BriefDoc,
    Citation,
    KeyJudgment,
    Section,
    assessment_parts,
)
from ..brief.markup import escape
from .html_excerpts import PREVIEW_EXCERPT_SCHEME, ExcerptHtml
from .html_markup import rgba, text_color, tint

__all__ = ["PREVIEW_EXCERPT_SCHEME", "BriefHtml", "render_html"]


_CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #f4f4f2; color: #1d1d1f;
  font: 16px/1.55 "Noto Serif", Georgia, "Times New Roman", serif; }
.page { max-width: 46rem; margin: 0 auto; padding: 1.5rem 2rem 2rem; background: #fff; }
.marking { text-align: center; font: bold 0.8rem/1.9 "Noto Sans", Arial, sans-serif;
  letter-spacing: 0.06em; text-transform: uppercase; }
h1, h2, h3, h4, h5, h6, .kicker, .byline, .tag, .cite-line, .chart, .legend,
  .sources, .toc { font-family: "Noto Sans", Arial, Helvetica, sans-serif; }
.kicker { color: #2b5f8a; font-size: 0.75rem; letter-spacing: 0.08em; text-transform: uppercase;
  margin-top: 1.5rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0.3rem 0; }
.subtitle { font-size: 1.1rem; color: #444; margin: 0 0 0.4rem; }
.byline { color: #555; font-size: 0.85rem; margin-bottom: 1.5rem; }
h2 { font-size: 1.25rem; color: #2b5f8a; margin: 2rem 0 0.6rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.5rem; }
h4, h5, h6 { font-size: 0.95rem; margin: 1rem 0 0.4rem; }
.bluf { background: #eef2f6; border-left: 4px solid #2b5f8a; padding: 0.6rem 1rem;
  margin: 1rem 0 1.5rem; }
.bluf h2 { margin-top: 0.3rem; }
ol.judgments { padding-left: 1.6rem; }
ol.judgments > li { margin: 0 0 0.8rem; }
ol.judgments > li > p:first-child, .kj-text > p:first-child { margin-top: 0; }
.kj-text { font-weight: bold; }
.tag { display: inline-block; font-size: 0.7rem; letter-spacing: 0.05em; text-transform: uppercase;
  border: 1px solid #8a8a8a; border-radius: 3px; padding: 0 0.35rem; margin-right: 0.3rem;
  color: #333; font-weight: normal; }
.tag.confidence { background: #f1efe6; }
a.cite { text-decoration: none; font-size: 0.75em; vertical-align: super; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px;
  margin-right: 0.45em; vertical-align: baseline; }
section.theme > h2, section.theme > h3 { border-bottom: 2px solid #ddd; padding-bottom: 0.15rem; }
.description { color: #555; font-style: italic; }
blockquote.excerpt { margin: 0.9rem 0 0.3rem; padding: 0.2rem 0.9rem; border-left: 4px solid #999;
  background: #fafaf8; font-size: 0.95rem; }
blockquote.excerpt[dir="rtl"] { text-align: right; }
.cite-line { font-size: 0.75rem; color: #555; margin: 0.2rem 0 0.4rem; }
.cross-ref { border-left: 4px solid #999; padding: 0.1rem 0.9rem; margin: 0.6rem 0; }
.kj-evidence { font-weight: normal; margin: 0.4rem 0 0; }
.note { font-size: 0.9rem; color: #333; margin: 0 0 1rem 1.2rem; }
pre { background: #f3f3f3; padding: 0.5rem; white-space: pre-wrap; overflow-wrap: anywhere; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.9em; }
table.md { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.85rem; }
table.md th, table.md td { border: 1px solid #bbb; padding: 0.2rem 0.4rem; vertical-align: top; }
table.md th { background: #eee; }
table.chart { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
table.chart td { padding: 0.15rem 0.4rem; }
table.chart td.bar { width: 60%; }
table.chart div { height: 0.8rem; border-radius: 2px; }
ol.sources { font-size: 0.9rem; padding-left: 1.8rem; }
ol.sources li { margin-bottom: 0.4rem; overflow-wrap: anywhere; }
.appendix-source { margin-top: 1.2rem; }
.appendix-source p { font-size: 0.9rem; }
.appendix-note { color: #555; font-style: italic; font-size: 0.8rem; }
.gap { color: #888; text-align: center; }
mark { color: inherit; padding: 0 1px; }
.legend span { margin-right: 1rem; font-size: 0.8rem; }
.toc ol { padding-left: 1.2rem; }
@media print { body { background: #fff; } .page { max-width: none; padding: 0; } }
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'"


class BriefHtml(ExcerptHtml):
    """The brief ``doc`` as HTML (``render``); subclass it to add to a part."""

    def __init__(self, doc: BriefDoc, preview: bool):
        super().__init__(doc.anchors, preview)
        self.doc = doc

    # -- parts -------------------------------------------------------------

    def marking(self) -> None:
        doc = self.doc
        if not doc.marking:
            return
        bg, fg = doc.marking_color, text_color(doc.marking_color)
        if doc.marking_on_black:  # TLP 2.0: the label's colour on black, right-justified
            bg, fg = "#000000", doc.marking_color
        align = "right" if doc.marking_on_black else "center"
        if self.preview:
            self.w(
                f'<table width="100%" cellspacing="0" cellpadding="3"><tr>'
                f'<td align="{align}" bgcolor="{bg}" style="color:{fg};'
                f' font-weight:bold">{escape(doc.marking)}</td></tr></table>\n'
            )
        else:
            self.w(
                f'<div class="marking" style="background:{bg};color:{fg};'
                f'text-align:{align}">{escape(doc.marking)}</div>\n'
            )

    def title_block(self) -> None:
        t = self.doc.title
        self.w("<header>\n")
        kicker = "Analytic brief" + (f" · {t.date}" if t.date else "")
        self.w(f'<p class="kicker">{escape(kicker)}</p>\n')
        self.w(f"<h1>{escape(t.title)}</h1>\n")
        if t.subtitle:
            self.w(f'<p class="subtitle">{escape(t.subtitle)}</p>\n')
        byline = " · ".join(x for x in (t.author, t.organisation) if x)
        n = len(self.doc.sources)
        if n:
            byline += (" · " if byline else "") + f"{n} source{'s' if n != 1 else ''}"
        if byline:
            self.w(f'<p class="byline">{escape(byline)}</p>\n')
        self.w("</header>\n")

    def toc(self) -> None:
        doc = self.doc
        if not doc.show_toc or not doc.sections:
            return
        self.w('<nav class="toc"><h2>Contents</h2>\n')
        self._toc_list(doc.sections)
        self.w("</nav>\n")

    def _toc_list(self, sections: list[Section]) -> None:
        self.w("<ol>\n")
        for s in sections:
            href = markup.safe_href("#" + s.anchor, self.doc.anchors) or ""
            self.w(f'<li><a href="{escape(href)}">{escape(s.name)}</a>')
            if s.subsections:
                self._toc_list(s.subsections)
            self.w("</li>\n")
        self.w("</ol>\n")

    def bluf(self) -> None:
        if not self.doc.bottom_line:
            return
        if self.preview:
            self.w(
                '<table width="100%" cellspacing="0" cellpadding="8"><tr>'
                '<td width="4" bgcolor="#2b5f8a">&nbsp;</td><td bgcolor="#eef2f6">'
                "<h2>Bottom line up front</h2>\n"
            )
            self.blocks(self.doc.bottom_line, 2)
            self.w("</td></tr></table>\n")
        else:
            self.w('<section class="bluf"><h2>Bottom line up front</h2>\n')
            self.blocks(self.doc.bottom_line, 2)
            self.w("</section>\n")

    def judgments(self) -> None:
        if not self.doc.judgments:
            return
        self.w("<h2>Key judgments</h2>\n")
        self.w('<ol class="judgments">\n')
        for j in self.doc.judgments:
            self.judgment(j)
        self.w("</ol>\n")

    def judgment(self, j: KeyJudgment) -> None:
        self.w(f"<li{self.id_attr(j.anchor)}>{self.anchor(j.anchor)}")
        style = ' style="font-weight:bold"' if self.preview else ""
        self.w(f'<div class="kj-text"{style}>')
        self.blocks(j.text, 2)
        self.w("</div>")
        tags = []
        for i, label in enumerate(assessment_parts(j.likelihood, j.confidence)):
            strong = i == 0 and bool(j.confidence)
            if self.preview:
                weight = "bold" if strong else "normal"
                tags.append(
                    f'<span style="color:#555; font-weight:{weight}">{escape(label)}</span>'
                )
            else:
                kind = "confidence" if strong else "likelihood"
                tags.append(f'<span class="tag {kind}">{escape(label)}</span>')
        # one marker per source, however many of its excerpts support it
        first: dict[int, Citation] = {}
        for c in j.citations:
            first.setdefault(c.number, c)
        cites = "".join(self.cite(c.number, c.source_anchor, c.quote[:200]) for c in first.values())
        if tags or cites:
            self.w(
                '<div class="kj-tags">',
                " · ".join(tags) if self.preview else " ".join(tags),
                " " if tags and cites else "",
                cites,
                "</div>",
            )
        self.judgment_evidence(j)
        self.w("</li>\n")

    def section(self, s: Section) -> None:
        level = min(6, s.level + 1)
        if self.preview:
            self.w(self.anchor(s.anchor))
            self.w(
                f'<h{level}><span style="color:{s.color}">■</span> {escape(s.name)}</h{level}>\n'
            )
        else:
            self.w(f'<section class="theme" id="{escape(s.anchor)}">\n')
            self.w(
                f'<h{level} style="border-bottom-color:{s.color}"><span class="swatch" '
                f'style="background:{s.color}"></span>{escape(s.name)}</h{level}>\n'
            )
        if s.description:
            self.w(f'<p class="description"><i>{escape(s.description)}</i></p>\n')
        self.blocks(s.narrative, level)
        for e in s.excerpts:
            self.excerpt(e, level)
        for sub in s.subsections:
            self.section(sub)
        if not self.preview:
            self.w("</section>\n")

    def chart(self) -> None:
        bars = self.doc.chart
        if not bars:
            return
        top = max(b.count for b in bars) or 1
        self.w("<h2>Themes tagged</h2>\n")
        if self.preview:
            self.w('<table width="100%" cellspacing="0" cellpadding="2">\n')
        else:
            self.w('<table class="chart">\n')
        for b in bars:
            pct = max(1, round(100 * b.count / top))
            if self.preview:
                bar = (
                    f'<table width="{pct}%" cellspacing="0" cellpadding="0"><tr>'
                    f'<td bgcolor="{b.color}">&nbsp;</td></tr></table>'
                )
                self.w(
                    f'<tr><td width="35%">{escape(b.name)}</td><td width="55%">{bar}</td>'
                    f'<td align="right">{b.count}</td></tr>\n'
                )
            else:
                self.w(
                    f'<tr><td>{escape(b.name)}</td><td class="bar"><div style="width:{pct}%;'
                    f'background:{b.color}"></div></td><td>{b.count}</td></tr>\n'
                )
        self.w("</table>\n")

    def sources(self) -> None:
        if not self.doc.sources:
            return
        self.w("<h2>Sources</h2>\n")
        self.w('<ol class="sources">\n')
        for s in self.doc.sources:
            bits = [f"<b>{escape(s.title)}</b>"]
            bits += [escape(x) for x in (s.author, s.dateline, s.date) if x]
            if s.url:
                href = markup.safe_href(s.url)
                bits.append(
                    f'<a href="{escape(href)}">{escape(s.url)}</a>' if href else escape(s.url)
                )
            if s.accessed:
                bits.append(f"accessed {escape(s.accessed)}")
            self.w(
                f'<li value="{s.number}"{self.id_attr(s.anchor)}>{self.anchor(s.anchor)}'
                f"{', '.join(bits)}.</li>\n"
            )
        self.w("</ol>\n")

    def appendix(self, appendix: Appendix | None) -> None:
        if appendix is None or not appendix.sources:
            return
        self.w("<h2>Appendix: annotated sources</h2>\n")
        if appendix.legend:
            if self.preview:
                self.w(
                    "<p>",
                    " &nbsp; ".join(
                        f'<span style="background-color:{tint(e.color)}">'
                        f"&nbsp;{escape(e.name)}&nbsp;</span>"
                        for e in appendix.legend
                    ),
                    "</p>\n",
                )
            else:
                self.w(
                    '<p class="legend">',
                    "".join(
                        f'<span><span class="swatch" style="background:{e.color}"></span>'
                        f"{escape(e.name)}</span>"
                        for e in appendix.legend
                    ),
                    "</p>\n",
                )
        for src in appendix.sources:
            if self.preview:
                self.w(self.anchor(src.anchor), f"<h3>[{src.number}] {escape(src.title)}</h3>\n")
            else:
                self.w(
                    f'<section class="appendix-source" id="{escape(src.anchor)}">'
                    f"<h3>[{src.number}] {escape(src.title)}</h3>\n"
                )
            if src.note:
                self.w(f'<p class="appendix-note"><i>{escape(src.note)}</i></p>\n')
            open_p = False
            for p in src.paragraphs:
                if p.gap_before:
                    if open_p:
                        self.w("</p>\n")
                        open_p = False
                    self.w('<p class="gap" align="center">[…]</p>\n')
                if not p.continues or not open_p:
                    if open_p:
                        self.w("</p>\n")
                    rtl = ' dir="rtl"' + (' align="right"' if self.preview else "") if p.rtl else ""
                    self.w(f"<p{rtl}>")
                    open_p = True
                self.w(self.marked(p))
            if open_p:
                self.w("</p>\n")
            if not self.preview:
                self.w("</section>\n")

    def marked(self, p: AppendixParagraph) -> str:
        parts: list[str] = []
        pos = 0
        for span in p.spans:
            parts.append(self.soft(p.text[pos : span.start]))
            first = span.colors[0] if span.colors else "#999999"
            if self.preview:
                style = f"background-color:{tint(first)}"
            else:
                style = f"background:{rgba(first, 0.35)}"
                if len(span.colors) > 1:
                    style += f";border-bottom:3px solid {span.colors[1]}"
            parts.append(f'<mark style="{style}">{self.soft(p.text[span.start : span.end])}</mark>')
            pos = span.end
        parts.append(self.soft(p.text[pos:]))
        return "".join(parts)

    @staticmethod
    def soft(text: str) -> str:
        return escape(text).replace("\n", "<br>")

    # -- whole ---------------------------------------------------------------

    def render(self) -> str:
        doc = self.doc
        lang = escape(doc.language or "en")
        self.w("<!DOCTYPE html>\n", f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n')
        if not self.preview:
            self.w(
                f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n',
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
                '<meta name="referrer" content="no-referrer">\n',
            )
            if doc.title.author:
                self.w(f'<meta name="author" content="{escape(doc.title.author)}">\n')
            if doc.keywords:
                self.w(f'<meta name="keywords" content="{escape(", ".join(doc.keywords))}">\n')
        self.w(f"<title>{escape(doc.title.title)}</title>\n")
        if not self.preview:
            self.w(f"<style>{_CSS}</style>\n")
        self.w("</head>\n<body>\n")
        self.marking()
        self.w('<div class="page">\n' if not self.preview else "")
        self.title_block()
        self.toc()
        self.bluf()
        self.judgments()
        for s in doc.sections:
            self.section(s)
        self.chart()
        self.sources()
        self.appendix(doc.appendix)
        self.w("</div>\n" if not self.preview else "")
        self.marking()
        self.w("</body>\n</html>\n")
        return "".join(self.out)


def render_html(doc: BriefDoc, *, for_preview: bool = False) -> str:
    """The brief as HTML: a self-contained file, or Qt-preview HTML (module doc)."""
    return BriefHtml(doc, for_preview).render()
