"""Article pages as analysts save them from news sites and blogs: navigation,
cookie banners, sidebars, share buttons, reader comments and footers around one
article, with the article's text as ground truth (headline left out: it becomes
the source's title).

Kinds of article body: ordinary paragraphs; a single paragraph hard-wrapped with
raw newlines; text between headings outside any paragraph element; lists;
paragraphs separated by ``<br>`` in one ``<div>``; a quotation and a table; Arabic.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

from .prose import ARABIC, ENGLISH, paragraph, sentence, title

KINDS = ("paragraphs", "single", "loose", "lists", "breaks", "quote_table", "arabic")


@dataclass
class Page:
    name: str
    kind: str
    html: str
    title: str
    truth: str
    """The article text, paragraphs separated by blank lines."""


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _wrap(text: str, width: int = 72) -> str:
    """Hard-wrapped at ``width`` with raw newlines, as hand-written HTML often is."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def _body(kind: str, rng: random.Random) -> tuple[str, list[str]]:
    """(article body HTML, ground-truth paragraphs)."""
    if kind == "paragraphs":
        paras = [paragraph(rng) for _ in range(rng.randint(4, 9))]
        return "".join(f"<p>{_e(p)}</p>\n" for p in paras), paras
    if kind == "single":  # one paragraph, hard-wrapped and indented in the page's source
        para = paragraph(rng, lo=3, hi=5)
        indented = _wrap(_e(para)).replace("\n", "\n      ")
        return f"<div class='story'>\n      {indented}\n    </div>\n", [para]
    if kind == "loose":  # headings' tails and inline elements, no <p> at all
        out, truth = [], []
        for _ in range(rng.randint(2, 4)):
            head, lead, rest = title(rng), sentence(rng), paragraph(rng, lo=1, hi=3)
            out.append(f"<h2>{_e(head)}</h2><span class='lead'>{_e(lead)}</span> {_e(rest)}\n")
            truth += [head, f"{lead} {rest}"]
        return "".join(out), truth
    if kind == "lists":
        intro, outro = paragraph(rng), paragraph(rng)
        items = [sentence(rng, lo=4, hi=9) for _ in range(rng.randint(3, 6))]
        body = f"<p>{_e(intro)}</p>\n<ul>{''.join(f'<li>{_e(i)}</li>' for i in items)}</ul>\n"
        body += f"<p>{_e(outro)}</p>\n"
        return body, [intro, "\n".join(f"- {i}" for i in items), outro]
    if kind == "breaks":
        paras = [paragraph(rng) for _ in range(rng.randint(3, 6))]
        return "<div class='text'>" + "<br><br>\n".join(map(_e, paras)) + "</div>\n", paras
    if kind == "quote_table":
        a, quote, b = paragraph(rng), sentence(rng), paragraph(rng)
        rows = [[title(rng)[:20], str(rng.randint(10, 999))] for _ in range(3)]
        table = "".join(f"<tr><td>{_e(x)}</td><td>{y}</td></tr>" for x, y in rows)
        body = f"<p>{_e(a)}</p><blockquote><p>{_e(quote)}</p></blockquote>"
        body += f"<table>{table}</table><p>{_e(b)}</p>\n"
        return body, [a, quote, "\n".join(f"{x} | {y}" for x, y in rows), b]
    paras = [paragraph(rng, ARABIC) for _ in range(rng.randint(3, 6))]
    return "".join(f"<p>{_e(p)}</p>\n" for p in paras), paras


def _chrome(rng: random.Random, words: list[str]) -> dict[str, str]:
    links = "".join(f"<li><a href='/s{i}'>{_e(title(rng, words)[:18])}</a></li>" for i in range(7))
    related = "".join(
        f"<li><a href='/r{i}'>{_e(title(rng, words))}</a></li>" for i in range(rng.randint(3, 6))
    )
    comments = "".join(
        f"<div class='comment'><span class='author'>reader{i}</span>"
        f"<p>{_e(paragraph(rng, words, 1, 2))}</p></div>"
        for i in range(rng.randint(2, 5))
    )
    return {
        "nav": f"<nav class='menu'><ul>{links}</ul></nav>",
        "cookie": "<div id='cookie-banner'>We use cookies to improve your experience. "
        "<button>Accept all</button></div>",
        "aside": f"<aside class='sidebar'><h3>Most read</h3><ul>{related}</ul></aside>",
        "share": "<div class='share-buttons'><a>Share on X</a> <a>Email</a> <a>Print</a></div>",
        "comments": f"<section id='comments' class='comments'><h3>Comments</h3>{comments}"
        "</section>",
        "footer": "<footer><p>© 2026 The Daily Observer. All rights reserved.</p>"
        "<p><a href='/privacy'>Privacy</a> <a href='/terms'>Terms</a></p></footer>",
        "newsletter": "<div class='newsletter'>Sign up for our morning briefing "
        "<input type='email'></div>",
    }


def make_page(kind: str, seed: int) -> Page:
    rng = random.Random(seed)
    words = ARABIC if kind == "arabic" else ENGLISH
    headline = title(rng, words)
    body, truth = _body(kind, rng)
    parts = _chrome(rng, words)
    lang = "ar" if kind == "arabic" else "en"
    byline = f"<p class='byline'>By <span class='author'>{_e(title(rng)[:20])}</span></p>"
    plain = kind == "loose"  # the article's <div> right under its headline
    h1 = f"<h1>{_e(headline)}</h1>"
    above = f"<div class='title-block'>{h1}</div>" if kind == "single" else ""
    article = (
        f"{above}<article>{'' if above else h1}{byline if seed % 2 and not plain else ''}"
        f"{'' if plain else f'<time>2026-0{1 + seed % 9}-1{seed % 10}</time>'}"
        f"{parts['share'] if seed % 3 and not plain else ''}"
        f"\n<div{'' if plain else ' class=article-body'}>"
        f"\n{body}</div></article>"
    )
    page = (
        f"<!DOCTYPE html><html lang='{lang}'{' dir=rtl' if lang == 'ar' else ''}><head>"
        f"<meta charset='utf-8'><title>{_e(headline)} | The Daily Observer</title>"
        f"<meta property='og:title' content='{_e(headline)}'></head><body>"
        f"{parts['cookie'] if seed % 2 == 0 else ''}<header><a href='/'>The Daily Observer</a>"
        f"{parts['nav']}</header><main>{article}{parts['newsletter'] if seed % 4 == 1 else ''}"
        f"{parts['comments']}</main>{parts['aside']}{parts['footer']}</body></html>"
    )
    return Page(f"{kind}-{seed}.html", kind, page, headline, "\n\n".join(truth))


def pages(per_kind: int = 6) -> list[Page]:
    """The corpus: ``per_kind`` pages of each kind, seeded (the same on every run)."""
    return [make_page(kind, 100 * k + i) for k, kind in enumerate(KINDS) for i in range(per_kind)]
