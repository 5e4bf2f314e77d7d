"""Safe Markdown: what survives a note and what does not."""

from __future__ import annotations

import pickle

import pytest

from briefing.brief import markup
from briefing.brief.markup import (
    Code,
    CodeBlock,
    Emphasis,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Strong,
    Table,
    Text,
    parse,
    plain_text,
    safe_href,
)


def links(blocks) -> list[str]:
    found: list[str] = []

    def walk(nodes):
        for n in nodes:
            if isinstance(n, Link):
                found.append(n.href)
            for attr in ("children", "inlines"):
                if hasattr(n, attr):
                    walk(getattr(n, attr))
            if isinstance(n, Quote):
                walk(n.blocks)
            if isinstance(n, ListBlock):
                for item in n.items:
                    walk(item)

    walk(blocks)
    return found


def test_basic_structure():
    blocks = parse("# Head\n\nSome *em* and **strong** and `code`.\n\n- a\n- b\n\n> quoted\n\n---")
    assert blocks[0] == Heading(1, (Text("Head"),))
    assert blocks[1] == Paragraph(
        (
            Text("Some "),
            Emphasis((Text("em"),)),
            Text(" and "),
            Strong((Text("strong"),)),
            Text(" and "),
            Code("code"),
            Text("."),
        )
    )
    assert isinstance(blocks[2], ListBlock) and not blocks[2].ordered
    assert len(blocks[2].items) == 2
    assert blocks[3] == Quote((Paragraph((Text("quoted"),)),))
    assert blocks[4] == Rule()


def test_ordered_list_start_table_and_code():
    blocks = parse("3. three\n4. four\n\n|a|b|\n|-|-|\n|1|2|\n\n```py\nx < 1\n```")
    assert blocks[0].ordered and blocks[0].start == 3
    assert blocks[1] == Table(((Text("a"),), (Text("b"),)), (((Text("1"),), (Text("2"),)),))
    assert blocks[2] == CodeBlock("x < 1", "py")


def test_raw_html_is_text():
    blocks = parse("<script>alert(1)</script>\n\n<b>bold</b> <div onclick='x'>d</div>")
    text = plain_text(blocks)
    assert "<script>alert(1)</script>" in text
    assert "<b>bold</b>" in text
    assert not any(isinstance(n, Strong) for b in blocks for n in getattr(b, "inlines", ()))


def test_entities_decoded_once():
    (p,) = parse("AT&T and R&D; &copy; &bogus; &amp;lt;")
    assert plain_text([p]) == "AT&T and R&D; © &bogus; &lt;"


def test_images_never_loaded():
    text = plain_text(
        parse('![secret](/etc/passwd) <img src="/etc/passwd"> ![](https://e.x/a.png)')
    )
    assert "[image: secret]" in text
    assert '<img src="/etc/passwd">' in text  # raw HTML shown as text
    assert "[image]" in text


@pytest.mark.parametrize(
    ("src", "kept"),
    [
        ("[a](file:///etc/passwd)", False),
        ("[b](javascript:alert(1))", False),
        ("[b](JaVaScRiPt:alert(1))", False),
        ("[u](\\\\evil\\share)", False),
        ("[r](relative/path.html)", False),
        ("[p](//evil.example/x)", False),
        ("[d](data:text/html,hi)", False),
        ("[c](#nowhere)", True),  # kept in the tree; renderers check it against the brief
        ("[h](https://ok.example)", True),
        ("[m](mailto:a@b.example)", True),
    ],
)
def test_link_schemes(src, kept):
    blocks = parse(src)
    assert bool(links(blocks)) == kept
    assert plain_text(blocks) == src[1]  # the text always stays


def test_safe_href():
    anchors = {"src-1"}
    assert safe_href("#src-1", anchors) == "#src-1"
    assert safe_href("#nowhere", anchors) is None
    assert safe_href("#src-1") is None
    assert safe_href("https://ok.example/a?b=1", anchors) == "https://ok.example/a?b=1"
    assert safe_href("mailto:x@y.example") == "mailto:x@y.example"
    for bad in (
        "javascript:alert(1)",
        " javascript:x",
        "java\tscript:x",
        "file:///etc/passwd",
        "\\\\host\\share",
        "//host/x",
        "https:///etc",
        "http://",
        "vbscript:x",
        "",
    ):
        assert safe_href(bad, anchors) is None, bad


def test_autolinks():
    blocks = parse("<https://x.example> and <foo@bar.example>")
    assert links(blocks) == ["https://x.example", "mailto:foo@bar.example"]


def test_control_characters_stripped():
    text = "a\x00b\x07c\x1bd\x7fe\ufffef\uffffg\ud800h\x85i\tj"
    (p,) = parse(text)
    assert plain_text([p]) == "abcdefghi j"
    assert markup.escape("x\x00<y>") == "x&lt;y&gt;"


def test_escape():
    assert markup.escape('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"


def test_huge_note_is_truncated_with_message():
    text = ("A sentence of prose. " * 40 + "\n\n") * 3700  # about 3 MB
    assert len(text) > 3_000_000
    blocks = parse(text)
    over = len(text) - markup.MAX_MARKDOWN_CHARS
    assert blocks[-1] == Paragraph((Text(f"[note truncated: {over} characters over the limit]"),))
    assert sum(len(plain_text([b])) for b in blocks[:-1]) <= markup.MAX_MARKDOWN_CHARS


def test_long_paragraph_split_at_sentences():
    text = "The cat sat on the mat. " * 2100  # ~50 KB
    blocks = parse(text)
    assert len(blocks) >= 10
    assert all(isinstance(b, Paragraph) for b in blocks)
    sizes = [len(plain_text([b])) for b in blocks]
    assert max(sizes) <= markup.MAX_PARAGRAPH_CHARS
    assert all(plain_text([b]).endswith(".") for b in blocks)
    assert "".join(plain_text([b]) for b in blocks).replace(" ", "") == text.replace(" ", "")


def test_long_paragraph_with_formatting_split():
    text = "**" + "Bold words here. " * 1000 + "end** tail [link](https://x.example)"
    blocks = parse(text)
    assert len(blocks) > 1
    assert all(isinstance(b.inlines[0], Strong) for b in blocks[:-1])
    assert links(blocks) == ["https://x.example"]


def test_single_huge_word_split_hard():
    blocks = parse("x" * 50_000)
    assert len(blocks) >= 12
    assert all(len(plain_text([b])) <= markup.MAX_PARAGRAPH_CHARS for b in blocks)
    assert sum(len(plain_text([b])) for b in blocks) == 50_000


def depth(blocks) -> int:
    best = 0
    for b in blocks:
        if isinstance(b, Quote):
            best = max(best, 1 + depth(b.blocks))
        elif isinstance(b, ListBlock):
            best = max(best, 1 + max((depth(i) for i in b.items), default=0))
    return best


def test_deep_quotes_capped():
    blocks = parse("> " * 50 + "deep")
    assert depth(blocks) == markup.MAX_DEPTH
    assert plain_text(blocks).endswith("deep")
    assert depth(parse("> " * 500 + "deeper")) == markup.MAX_DEPTH


def test_deep_lists_capped():
    text = "".join("    " * i + f"- item {i}\n" for i in range(60))
    blocks = parse(text)
    assert depth(blocks) <= markup.MAX_DEPTH
    assert "item 59" in plain_text(blocks)


def test_wide_table_capped():
    text = "|" + "h|" * 40 + "\n|" + "-|" * 40 + "\n|" + "c|" * 40
    (table,) = parse(text)
    assert len(table.header) == markup.MAX_TABLE_COLUMNS
    assert all(len(r) == markup.MAX_TABLE_COLUMNS for r in table.rows)


def test_hard_break_and_soft_break():
    (p,) = parse("one  \ntwo\nthree")
    assert p.inlines == (Text("one"), LineBreak(), Text("two three"))


def test_tree_is_picklable_and_cached():
    text = "Some *note* with [a link](https://x.example)."
    a, b = parse(text), parse(text)
    assert a == b
    assert pickle.loads(pickle.dumps(a)) == a
    a.append(Rule())  # the caller's list is its own
    assert parse(text) == b


def test_split_long_text_roundtrip():
    text = "Short one. " * 1000 + "y" * 9000
    pieces = markup.split_long_text(text)
    assert "".join(pieces) == text
    assert max(map(len, pieces)) <= markup.MAX_PARAGRAPH_CHARS


def test_empty_and_whitespace():
    assert parse("") == []
    assert parse("   \n\n  ") == []


def test_unmatched_brackets_keep_text_and_links():
    blocks = parse(
        "a [b (c `x[y(` [ok](https://x.example) ![i](/p) [[n]](https://y.example)\n\n"
        "```\ncode [ ( here\n```"
    )
    assert links(blocks) == ["https://x.example", "https://y.example"]
    assert blocks[0].inlines[0] == Text("a [b (c ")
    assert Code("x[y(") in blocks[0].inlines
    assert blocks[1] == CodeBlock("code [ ( here")
    assert "\ufdd0" not in plain_text(blocks) and "\ufdd1" not in plain_text(blocks)


def test_noncharacters_in_input_are_stripped():
    assert plain_text(parse("a\ufdd0b\ufdd1c [d")) == "abc [d"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "[" * 20000,
        "![" * 10000,
        "[a](" * 5000,
        "[" * 5000 + "]" * 5000,
        "# a\n" * 20000,
        "a\n---\n" * 10000,
        "***\n" * 20000,
        "- \n" * 20000,
        "-\n" * 20000,
        "# h\npara\n- li\n> q\n" * 5000,
    ],
)
def test_pathological_markdown_stays_linear(text):
    """An eighth of the input, then all of it, in one run (no absolute times): linear
    work grows ~8x, the quadratic paths this guards against ~64x."""
    import time

    def timed(source: str) -> float:
        t0 = time.perf_counter()
        parse(source)
        return time.perf_counter() - t0

    part = timed(text[: len(text) // 8])
    assert timed(text) < 24 * part + 0.1
    assert parse(text)


def test_long_block_chunking_keeps_tables_and_headings():
    rows = "|a|b|\n|-|-|\n" + "|1|2|\n" * 500
    (table,) = parse(rows)
    assert isinstance(table, Table) and len(table.rows) == 500
    blocks = parse("para line\n" * 150 + "\nTitle\n=====\n")
    assert blocks[-1] == Heading(1, (Text("Title"),))
