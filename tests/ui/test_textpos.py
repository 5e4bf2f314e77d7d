"""The one seam between code points and Qt's UTF-16 positions: emoji, combining marks, Arabic."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.ui.textpos import PositionMap, from_qt, to_qt

PIECES = [
    "a",
    "Z",
    " ",
    "\n",
    "é",
    "e\u0301",
    "😀",
    "👍🏽",
    "🇮🇶",
    "\U0001f9d1\u200d\U0001f4bb",
    "قال",
    "المتحدث",
    "\u0651",
    "١٢٣",
    "—",
    "’",
    "𝒜",
    "\U00020000",
    "日本",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=40).map("".join)


def u16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


@given(texts)
@settings(max_examples=300)
def test_to_qt_agrees_with_utf16_encoding(text):
    m = PositionMap(text)
    for cp in range(len(text) + 1):
        assert m.to_qt(cp) == u16(text, cp)
        assert to_qt(text, cp) == u16(text, cp)
    assert m.qt_length == len(text.encode("utf-16-le")) // 2


@given(texts)
@settings(max_examples=300)
def test_round_trip(text):
    m = PositionMap(text)
    for cp in range(len(text) + 1):
        assert m.from_qt(m.to_qt(cp)) == cp
        assert from_qt(text, to_qt(text, cp)) == cp


@given(texts)
def test_inside_a_surrogate_pair_maps_to_the_character_start(text):
    m = PositionMap(text)
    for cp, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            assert m.from_qt(m.to_qt(cp) + 1) == cp


def test_examples():
    text = "a😀b"
    assert [to_qt(text, i) for i in range(4)] == [0, 1, 3, 4]
    assert [from_qt(text, i) for i in range(5)] == [0, 1, 1, 2, 3]
    arabic = "قال المتحدث e\u0301 ok"
    assert all(to_qt(arabic, i) == i for i in range(len(arabic) + 1))


def test_bmp_text_keeps_no_table():
    m = PositionMap("plain text " * 1000 + "قال المتحدث")
    assert m.astral == []
    assert m.to_qt(5000) == 5000 and m.from_qt(5000) == 5000


def test_emoji_text_keeps_only_the_emoji_positions():
    text = ("word " * 1000 + "😀") * 3
    m = PositionMap(text)
    assert len(m.astral) == 3
    assert m.to_qt(len(text)) == len(text) + 3


def test_bmp_detection_is_safe_with_a_cached_utf8_copy():
    import sqlite3

    text = "عربي " * 100 + "😀" + "x"
    conn = sqlite3.connect(":memory:")
    conn.execute("SELECT ?", (text,))  # sqlite caches the UTF-8 form inside the string
    assert PositionMap(text).astral == [500]
    bmp = "عربي " * 100
    conn.execute("SELECT ?", (bmp,))
    assert PositionMap(bmp).astral == []
