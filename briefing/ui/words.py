"""Word boundaries in source text (code points): snapping selections and moving span ends by a
word."""

from __future__ import annotations

import unicodedata


def is_word_char(ch: str) -> bool:
    """Letters, digits, combining marks, and apostrophes or hyphens inside words count as word."""
    return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"


def _inner(text: str, i: int) -> bool:
    """True when position ``i`` lies between two characters of one word."""
    if not 0 < i < len(text):
        return False
    a, b = text[i - 1], text[i]
    if is_word_char(a) and is_word_char(b):
        return True
    # don't split "don't", "al-Sudani", "U.S"; a joiner between two word characters.
    if b in "'’-." and i + 1 < len(text) and is_word_char(a) and is_word_char(text[i + 1]):
        return True
    return bool(a in "'’-." and i >= 2 and is_word_char(text[i - 2]) and is_word_char(b))


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span so it does not cut a word, and trim surrounding white space."""
    if start >= end:
        return start, end
    while start > 0 and _inner(text, start):
        start -= 1
    while end < len(text) and _inner(text, end):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def next_word_end(text: str, pos: int) -> int:
    """The end of the word after ``pos`` (skipping spaces and punctuation first)."""
    n = len(text)
    while pos < n and not is_word_char(text[pos]):
        pos += 1
    while pos < n and (is_word_char(text[pos]) or _inner(text, pos)):
        pos += 1
    return pos


def previous_word_start(text: str, pos: int) -> int:
    """The start of the word before ``pos``."""
    while pos > 0 and not is_word_char(text[pos - 1]):
        pos -= 1
    while pos > 0 and (is_word_char(text[pos - 1]) or _inner(text, pos - 1)):
        pos -= 1
    return pos


def previous_word_end(text: str, pos: int) -> int:
    """The end of the word before the one ending at ``pos`` (moving a span's end left)."""
    pos = previous_word_start(text, pos)
    while pos > 0 and not is_word_char(text[pos - 1]):
        pos -= 1
    return pos


def next_word_start(text: str, pos: int) -> int:
    """The start of the word after the one starting at ``pos`` (moving a span's start right)."""
    n = len(text)
    while pos < n and (is_word_char(text[pos]) or _inner(text, pos)):
        pos += 1
    while pos < n and not is_word_char(text[pos]):
        pos += 1
    return pos
