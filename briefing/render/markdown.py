"""The brief as a clean Markdown document (CommonMark / GitHub flavoured, and
readable by Python-Markdown).

Consumes only the composed ``BriefDoc``. Every user string is escaped for
Markdown (``md_escape``) so a note's raw HTML, stray ``*`` or ``[`` stay
text, and the only links written are http(s), mailto and ``#anchor`` links
to anchors the brief defines. The anchors are written as empty
``<a id="..."></a>`` tags (the one piece of HTML this renderer emits, all of
it its own) so ``#src-1`` citation links work on GitHub and in browsers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..brief import markup
from ..brief.doc import (
    AppendixParagraph,
    BriefDoc,
    Excerpt,
    KeyJudgment,
    Section,
    assessment_parts,
)
from ..brief.markup import (
    Block,
    Code,
    CodeBlock,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Strikethrough,
    Strong,
    Table,
    Text,
    strip_controls,
)

_ALWAYS = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_BLOCK_MARK = re.compile(r"(?m)^([ \t]*)([#>+-])")
_SETEXT = re.compile(r"(?m)^([ \t]*)=")
_ORDINAL = re.compile(r"(?m)^([ \t]*\d+)([.)])")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown text: no emphasis, link, image, HTML tag,
    entity, heading, list, quote or table syntax survives. Stays readable:
    ``AT&T`` and ``a < b`` are left as they are, ``<script>`` becomes
    ``&lt;script>``, ``&copy;`` becomes ``&amp;copy;``."""
    text = strip_controls(text)
    text = _ALWAYS.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    text = _TAG_START.sub("&lt;", text)
    text = _BLOCK_MARK.sub(r"\1\\\2", text)
    text = _SETEXT.sub(r"\1&#61;", text)
    return _ORDINAL.sub(r"\1\\\2", text)


def _link_target(href: str) -> str:
    """A safe href written so no Markdown parser misreads it."""
    return "".join(f"%{ord(c):02X}" if c in " ()<>[]\\`\"'" else c for c in href)


class _Markdown:
    def __init__(self, doc: BriefDoc):
        self.doc = doc

    def inline(self, nodes: Iterable[Inline]) -> str:
        out: list[str] = []
        for n in nodes:
            if isinstance(n, Text):
                out.append(md_escape(n.text))
            elif isinstance(n, Strong):
                out.append(self.wrap("**", self.inline(n.children)))
            elif isinstance(n, Emphasis):
                out.append(self.wrap("*", self.inline(n.children)))
            elif isinstance(n, Strikethrough):
                out.append(self.wrap("~~", self.inline(n.children)))
            elif isinstance(n, Code):
                out.append(self.code_span(n.text))
            elif isinstance(n, LineBreak):
                out.append("  \n")
            elif isinstance(n, Link):
                inner = self.inline(n.children)
                href = markup.safe_href(n.href, self.doc.anchors)
                out.append(f"[{inner}]({_link_target(href)})" if href and inner.strip() else inner)
        return "".join(out)

    @staticmethod
    def wrap(mark: str, inner: str) -> str:
        core = inner.strip()
        if not core:
            return inner
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        return f"{lead}{mark}{core}{mark}{trail}"

    @staticmethod
    def code_span(text: str) -> str:
        text = strip_controls(text).replace("\n", " ")
        run = max((len(m) for m in re.findall(r"`+", text)), default=0)
        fence = "`" * (run + 1)
        pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
        return f"{fence}{pad}{text}{pad}{fence}"

    def blocks(self, blocks: Iterable[Block], base: int) -> str:
        return "\n\n".join(s for s in (self.block(b, base) for b in blocks) if s)

    def block(self, b: Block, base: int) -> str:
        if isinstance(b, Paragraph):
            return self.inline(b.inlines)
        if isinstance(b, Heading):
            return "#" * min(6, base + b.level) + " " + self.inline(b.inlines).replace("\n", " ")
        if isinstance(b, ListBlock):
            items = []
            for i, item in enumerate(b.items):
                marker = f"{b.start + i}. " if b.ordered else "- "
                body = self.blocks(item, base) or md_escape(" ")
                items.append(marker + _indent(body, " " * 4, first=False))
            return "\n".join(items)
        if isinstance(b, Quote):
            inner = self.blocks(b.blocks, base)
            return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
        if isinstance(b, CodeBlock):
            text = strip_controls(b.text)
            run = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
            fence = "`" * (run + 1)
            lang = re.sub(r"[^\w+#.-]", "", b.language)[:30]
            return f"{fence}{lang}\n{text}\n{fence}"
        if isinstance(b, Table):
            width = len(b.header)
            header = [self.cell(c) for c in b.header] if any(b.header) else [" "] * width
            lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
            lines += ["| " + " | ".join(self.cell(c) for c in row) + " |" for row in b.rows]
            return "\n".join(lines)
        return "---"  # Rule

    def cell(self, inlines: Iterable[Inline]) -> str:
        return self.inline(inlines).replace("  \n", " ").replace("\n", " ").strip() or " "

    def quote(self, text: str) -> str:
        lines = []
        for line in strip_controls(text).split("\n"):
            lines.append("> " + md_escape(line.strip()) if line.strip() else ">")
        return "\n".join(lines)

    def cite(self, number: int, anchor: str) -> str:
        href = markup.safe_href("#" + anchor, self.doc.anchors)
        return f"[\\[{number}\\]]({href})" if href else f"\\[{number}\\]"

    @staticmethod
    def anchor(name: str) -> str:
        return f'<a id="{markup.escape(name)}"></a>'

    # -- parts -------------------------------------------------------------

    def judgment(self, j: KeyJudgment) -> str:
        text = self.blocks(j.text, 3) or md_escape("(no text)")
        tags = [md_escape(p) for p in assessment_parts(j.likelihood, j.confidence)]
        if tags and j.confidence:
            tags[0] = f"**{tags[0]}**"
        numbers = dict.fromkeys((c.number, c.source_anchor) for c in j.citations)
        cites = " ".join(self.cite(n, anchor) for n, anchor in numbers)
        tail = " · ".join(tags)
        if cites:
            tail = f"{tail} {cites}" if tail else cites
        body = f"{self.anchor(j.anchor)}{text}"
        if tail:
            body += "\n\n" + tail
        for e in j.excerpts:
            body += "\n\n" + self.excerpt(e, 3)
        if j.further:
            word = "excerpt" if len(j.further) == 1 else "excerpts"
            refs = ", ".join(self.excerpt_ref(e, str(e.number)) for e in j.further)
            body += f"\n\nAlso supported by {word} {refs}."
        return f"{j.number}. " + _indent(body, " " * 4, first=False)

    def excerpt_ref(self, e: Excerpt, label: str) -> str:
        """``label`` linked to the excerpt's full copy (or its source)."""
        for target in (e.see_anchor, e.source_anchor):
            href = markup.safe_href("#" + target, self.doc.anchors) if target else None
            if href:
                return f"[{md_escape(label)}]({href})"
        return md_escape(label)

    def excerpt(self, e: Excerpt, level: int) -> str:
        if e.see:  # printed in full elsewhere: one line
            ref = self.excerpt_ref(e, f"Excerpt {e.number}")
            return f"{self.anchor(e.anchor)}*{ref} · see {md_escape(e.see)}*"
        parts = [self.anchor(e.anchor), self.quote(e.quote)]
        bits = [md_escape(f"Excerpt {e.number}"), md_escape(e.source_title)] + [
            md_escape(x) for x in (e.dateline, e.date) if x
        ]
        line = "— " + " · ".join(bits) + " " + self.cite(e.source_number, e.source_anchor)
        parts.append(">\n> " + line)
        text = parts[0] + "\n\n" + parts[1] + "\n" + parts[2]
        if e.note:
            text += "\n\n" + self.blocks(e.note, level + 1)
        return text

    def section(self, s: Section) -> list[str]:
        level = min(6, s.level + 1)
        out = [self.anchor(s.anchor), "#" * level + " " + md_escape(s.name)]
        if s.description:
            out.append(f"*{md_escape(s.description)}*")
        if s.narrative:
            out.append(self.blocks(s.narrative, level))
        for e in s.excerpts:
            out.append(self.excerpt(e, level))
        for sub in s.subsections:
            out.extend(self.section(sub))
        return out

    def render(self) -> str:
        doc = self.doc
        t = doc.title
        out: list[str] = []
        if doc.marking:
            out.append(f"**{md_escape(doc.marking)}**")
        out.append("# " + md_escape(t.title))
        if t.subtitle:
            out.append(f"*{md_escape(t.subtitle)}*")
        byline = [x for x in (t.author, t.organisation, t.date) if x]
        if byline:
            out.append(" · ".join(md_escape(x) for x in byline))
        if doc.show_toc and doc.sections:
            out.append("## Contents")
            lines: list[str] = []
            for s in doc.walk_sections():
                href = markup.safe_href("#" + s.anchor, doc.anchors)
                name = md_escape(s.name)
                lines.append("    " * (s.level - 1) + f"- [{name}]({href})" if href else name)
            out.append("\n".join(lines))
        if doc.bottom_line:
            out.append("## Bottom line up front")
            out.append(self.blocks(doc.bottom_line, 2))
        if doc.judgments:
            out.append("## Key judgments")
            out.append("\n\n".join(self.judgment(j) for j in doc.judgments))
        for s in doc.sections:
            out.extend(self.section(s))
        if doc.chart:
            out.append("## Themes tagged")
            rows = ["| Theme | Highlights |", "|---|---:|"]
            rows += [f"| {md_escape(b.name)} | {b.count} |" for b in doc.chart]
            out.append("\n".join(rows))
        if doc.sources:
            out.append("## Sources")
            items = []
            for e in doc.sources:
                bits = [f"**{md_escape(e.title)}**"]
                bits += [md_escape(x) for x in (e.author, e.dateline, e.date) if x]
                href = markup.safe_href(e.url) if e.url else None
                if href:
                    bits.append(f"<{_link_target(href)}>")
                if e.accessed:
                    bits.append("accessed " + md_escape(e.accessed))
                items.append(f"{e.number}. {self.anchor(e.anchor)}" + ", ".join(bits))
            out.append("\n".join(items))
        if doc.appendix and doc.appendix.sources:
            out.append("## Appendix: annotated sources")
            if doc.appendix.legend:
                out.append(
                    "Highlights: "
                    + ", ".join(f"{md_escape(e.name)} ({e.color})" for e in doc.appendix.legend)
                )
            for src in doc.appendix.sources:
                out.append(self.anchor(src.anchor))
                out.append(f"### \\[{src.number}\\] {md_escape(src.title)}")
                if src.note:
                    out.append(f"*{md_escape(src.note)}*")
                paras: list[str] = []
                for p in src.paragraphs:
                    if p.gap_before:
                        paras.append("\\[…\\]")
                    text = _marked(p)
                    if p.continues and paras:
                        paras[-1] += text
                    else:
                        paras.append(text)
                out.extend(paras)
        if doc.marking:
            out.append(f"**{md_escape(doc.marking)}**")
        return "\n\n".join(x for x in out if x) + "\n"


def _marked(p: AppendixParagraph) -> str:
    """An appendix paragraph with its highlights in ``==...==``-free form:
    highlighted stretches in bold (Markdown has no portable highlight)."""
    parts: list[str] = []
    pos = 0
    for span in p.spans:
        parts.append(md_escape(p.text[pos : span.start]))
        inner = md_escape(p.text[span.start : span.end])
        parts.append(_Markdown.wrap("**", inner))
        pos = span.end
    parts.append(md_escape(p.text[pos:]))
    return "".join(parts).replace("\n", " ")


def _indent(text: str, pad: str, *, first: bool = True) -> str:
    lines = text.split("\n")
    return "\n".join(
        (pad + line if line and (i or first) else line) for i, line in enumerate(lines)
    )


def render_markdown(doc: BriefDoc) -> str:
    """The brief as Markdown text (module doc)."""
    return _Markdown(doc).render()
