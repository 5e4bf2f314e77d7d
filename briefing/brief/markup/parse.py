"""``parse``: the analyst's Markdown -> a cleaned list of Block nodes (cached)."""

from __future__ import annotations

import re
from functools import lru_cache

from .budget import cap_nesting
from .build import TreeBuilder, blocks_of
from .convert import to_html
from .nodes import MAX_MARKDOWN_CHARS, Block, Paragraph, Text
from .split import split_paragraph
from .text import strip_controls

# --------------------------------------------------------------------------
# Public entry points


def parse(text: str) -> list[Block]:
    """The analyst's Markdown ``text`` as a cleaned list of Block nodes.

    Never raises for any string; cached by text (the nodes are immutable).
    """
    if not text or not text.strip():
        return []
    return list(_parse_cached(text))


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> tuple[Block, ...]:
    text = strip_controls(text)
    over = len(text) - MAX_MARKDOWN_CHARS
    if over > 0:
        text = text[:MAX_MARKDOWN_CHARS]
    html_text = to_html(cap_nesting(text))
    blocks: list[Block]
    if html_text is None:  # the converter gave up: show the text as typed
        blocks = []
        for para in re.split(r"\n\s*\n", text):
            if para.strip():
                blocks.extend(split_paragraph((Text(para.strip().replace("\n", " ")),)))
    else:
        builder = TreeBuilder()
        builder.feed(html_text)
        builder.close()
        blocks = blocks_of(builder.root.children)
    if over > 0:
        blocks.append(Paragraph((Text(f"[note truncated: {over} characters over the limit]"),)))
    return tuple(blocks)
