"""Excerpts in the brief's HTML: in full (quote, citation line, note), as a
one-line cross-reference, and under a judgment. ``BriefHtml`` builds on it."""

from __future__ import annotations

from ..brief import markup
from ..brief.doc import BriefDoc, Excerpt, KeyJudgment
from ..brief.markup import escape
from .html_markup import MarkupHtml

PREVIEW_EXCERPT_SCHEME = "excerpt"
"""Scheme of the preview's excerpt links: ``excerpt:{highlight_id}``."""


class ExcerptHtml(MarkupHtml):
    """The excerpt parts of ``BriefHtml``."""

    doc: BriefDoc

    def cite(self, number: int, anchor: str, title: str = "") -> str:
        href = markup.safe_href("#" + anchor, self.doc.anchors)
        label = f"[{number}]"
        tip = f' title="{escape(title)}"' if title else ""
        if href is None:
            return f'<span class="cite">{label}</span>'
        return f'<a class="cite" href="{escape(href)}"{tip}>{label}</a>'

    def quote_html(self, quote: str) -> str:
        paras = [p.strip() for p in quote.replace("\r", "").split("\n\n") if p.strip()] or [""]
        return "".join(
            "<p>" + "<br>".join(escape(line) for line in p.split("\n")) + "</p>" for p in paras
        )

    def cite_line(self, e: Excerpt) -> str:
        bits = [f"Excerpt {e.number}", e.source_title] + [x for x in (e.dateline, e.date) if x]
        return escape(" · ".join(bits)) + " " + self.cite(e.source_number, e.source_anchor)

    def excerpt_ref(self, e: Excerpt, label: str) -> str:
        """``label`` linked to the excerpt's full copy (or its source)."""
        href = markup.safe_href("#" + e.see_anchor, self.doc.anchors) if e.see_anchor else None
        href = href or markup.safe_href("#" + e.source_anchor, self.doc.anchors)
        return f'<a href="{escape(href)}">{escape(label)}</a>' if href else escape(label)

    def cross_reference(self, e: Excerpt) -> None:
        """One line: the excerpt's number and where it is printed in full."""
        ref = self.excerpt_ref(e, f"Excerpt {e.number}")
        line = f"{ref} · see {escape(e.see)}"
        if self.preview:  # the reference opens the passage in the reader
            link = f"{PREVIEW_EXCERPT_SCHEME}:{e.highlight_id}"
            line = f'<a href="{link}">Excerpt {e.number}</a> · see {escape(e.see)}'

            self.w(self.anchor(e.anchor))
            self.w(
                '<table cellspacing="0" cellpadding="3" style="margin-top:4px"><tr>'
                f'<td width="4" bgcolor="{e.color}">&nbsp;</td>'
                f'<td style="font-size:small; color:#555">{line}</td></tr></table>\n'
            )
            return
        self.w(
            f'<p class="cite-line cross-ref"{self.id_attr(e.anchor)} '
            f'style="border-left-color:{e.color}">{line}</p>\n'
        )

    def judgment_evidence(self, j: KeyJudgment) -> None:
        """The supporting excerpts under a judgment; further ones by number."""
        if not (j.excerpts or j.further):
            return
        if not self.preview:
            self.w('<div class="kj-evidence">\n')
        for e in j.excerpts:
            self.excerpt(e, 3)
        if j.further:
            word = "excerpt" if len(j.further) == 1 else "excerpts"
            refs = ", ".join(self.excerpt_ref(e, str(e.number)) for e in j.further)
            self.w(f'<p class="cite-line">Also supported by {word} {refs}.</p>\n')
        if not self.preview:
            self.w("</div>\n")

    def excerpt(self, e: Excerpt, level: int) -> None:
        if e.see:
            self.cross_reference(e)
            return
        rtl = ' dir="rtl"' if e.rtl else ""
        if self.preview:
            align = ' align="right"' if e.rtl else ""
            link = f"{PREVIEW_EXCERPT_SCHEME}:{e.highlight_id}"
            quote = (
                self.quote_html(e.quote)
                .replace(
                    "<p>",
                    f'<p{rtl}{align}><a href="{link}" style="color:#1d1d1f; text-decoration:none">',
                )
                .replace("</p>", "</a></p>")
            )
            self.w(self.anchor(e.anchor))
            self.w(
                '<table width="100%" cellspacing="0" cellpadding="5" style="margin-top:6px">'
                f'<tr><td width="4" bgcolor="{e.color}">&nbsp;</td>'
                f'<td bgcolor="#fafaf8">{quote}'
                f'<p style="font-size:small; color:#555">{self.cite_line(e)}</p>'
            )
            if e.note:
                self.w('<div style="color:#333">')
                self.blocks(e.note, level + 1)
                self.w("</div>")
            self.w("</td></tr></table>\n")
            return
        self.w(f'<div class="excerpt-block"{self.id_attr(e.anchor)}>\n')
        self.w(
            f'<blockquote class="excerpt"{rtl} style="border-left-color:{e.color}">'
            f"{self.quote_html(e.quote)}</blockquote>\n"
        )
        self.w(f'<p class="cite-line">{self.cite_line(e)}</p>\n')
        if e.note:
            self.w('<div class="note">\n')
            self.blocks(e.note, level + 1)
            self.w("</div>\n")
        self.w("</div>\n")
