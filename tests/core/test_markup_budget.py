"""The rendering budget of a note: what is capped, and the visible markers."""

from __future__ import annotations

from briefing.brief.markup import (
    MAX_DEPTH,
    CodeBlock,
    Emphasis,
    ListBlock,
    Paragraph,
    Quote,
    Strong,
    Table,
    Text,
    inline_plain_text,
    parse,
    plain_text,
)
from briefing.brief.markup.budget import (
    MAX_CELL_CHARS,
    MAX_CODE_CHARS,
    MAX_TABLE_ROWS,
    cap_nesting,
    cut_marker,
)
from briefing.brief.markup.convert import MAX_INLINE_MARKERS
from briefing.render.html_markup import blocks_html


def quote_depth(blocks) -> int:
    depth = 0
    while blocks and isinstance(blocks[0], Quote):
        depth += 1
        blocks = blocks[0].blocks
    return depth


def test_the_marker_says_how_much_was_cut():
    assert cut_marker(1_234_567) == "\u2026 (cut: 1.2 M characters more)"
    assert cut_marker(298_000) == "\u2026 (cut: 298 K characters more)"
    assert cut_marker(42, "rows") == "\u2026 (cut: 42 rows more)"


def test_deep_quotes_keep_their_text_at_the_deepest_level_kept():
    blocks = parse("> " * 40 + "deep words")
    assert quote_depth(blocks) == MAX_DEPTH
    assert plain_text(blocks).endswith("deep words")


def test_quote_markers_in_fenced_code_stay_as_typed():
    text = "```\n> > > > > > > > > not a quote\n```"
    assert cap_nesting(text) == text
    (block,) = parse(text)
    assert isinstance(block, CodeBlock)
    assert block.text == "> > > > > > > > > not a quote"


def test_deeply_indented_list_items_are_kept_at_the_deepest_level():
    lines = [" " * (4 * d) + f"- level {d}" for d in range(30)]
    blocks = parse("\n".join(lines))
    depth, node = 0, blocks[0]
    while isinstance(node, ListBlock):
        depth += 1
        last = node.items[-1]
        node = last[-1] if last else None
    assert depth <= MAX_DEPTH
    assert "level 29" in plain_text(blocks)


def test_a_long_code_block_is_cut_with_a_marker():
    line = "print('a line of code')\n"
    body = line * (2 * MAX_CODE_CHARS // len(line))
    (block,) = parse("```\n" + body + "```")
    assert isinstance(block, CodeBlock)
    assert len(block.text) <= MAX_CODE_CHARS + 100
    assert block.text.splitlines()[-2] == "print('a line of code')"
    last = block.text.splitlines()[-1]
    assert last.startswith("\u2026 (cut: ") and "characters more)" in last


def test_a_huge_table_cell_is_cut_with_a_marker_and_the_table_stays():
    cell = "word " * 60_000
    (table,) = parse(f"| a | b |\n|---|---|\n| {cell} | small |")
    assert isinstance(table, Table)
    big, small = table.rows[0]
    text = inline_plain_text(big)
    assert len(text) <= MAX_CELL_CHARS + 60
    assert text.endswith("K characters more)")
    assert inline_plain_text(small) == "small"


def test_a_table_with_too_many_rows_ends_with_a_marker_row():
    rows = "\n".join(f"| {i} | x |" for i in range(MAX_TABLE_ROWS + 250))
    (table,) = parse("| n | x |\n|---|---|\n" + rows)
    assert isinstance(table, Table)
    assert len(table.rows) == MAX_TABLE_ROWS + 1  # and the marker row
    assert inline_plain_text(table.rows[-2][0]) == str(MAX_TABLE_ROWS - 1)
    assert inline_plain_text(table.rows[-1][0]) == "\u2026 (cut: 250 rows more)"


def test_emphasis_within_the_budget_is_formatting_and_past_it_text():
    assert parse("**bold** and _it_") == [
        Paragraph((Strong((Text("bold"),)), Text(" and "), Emphasis((Text("it"),))))
    ]
    lines = ["a _b_ c"] * (MAX_INLINE_MARKERS // 2 + 10)
    blocks = parse("\n\n".join(lines))
    first, last = blocks[0], blocks[-1]
    assert isinstance(first, Paragraph) and isinstance(first.inlines[1], Emphasis)
    assert last == Paragraph((Text("a _b_ c"),))


def test_list_bullets_and_code_fences_work_past_the_marker_budget():
    filler = "\n\n".join(["x *y* z"] * (MAX_INLINE_MARKERS // 2 + 10))
    blocks = parse(filler + "\n\n* one\n* two\n\n```\ncode_with_underscores\n```")
    assert isinstance(blocks[-2], ListBlock)
    assert blocks[-1] == CodeBlock("code_with_underscores")


def test_the_preview_shows_the_cut_marker():
    text = "```\n" + "x\n" * MAX_CODE_CHARS + "```"
    html = blocks_html(parse(text))
    assert "\u2026 (cut: 50 K characters more)" in html


def test_a_long_list_becomes_consecutive_lists_numbered_on():
    from briefing.brief.markup.budget import LIST_ITEMS_PER_BLOCK

    n = 2 * LIST_ITEMS_PER_BLOCK + 5
    blocks = parse("\n".join(f"{i + 1}. point {i + 1}" for i in range(n)))
    assert [len(b.items) for b in blocks] == [LIST_ITEMS_PER_BLOCK, LIST_ITEMS_PER_BLOCK, 5]
    assert [b.start for b in blocks] == [1, LIST_ITEMS_PER_BLOCK + 1, 2 * LIST_ITEMS_PER_BLOCK + 1]
    assert plain_text([blocks[-1]]).endswith(f"{n}. point {n}")
