"""Metadata inferred from a text's opening, shared by every importer.

- ``date 2025-12-29 Baghdad, Iraq — The …``: the date token is metadata and
  leaves the body; the dateline ("Baghdad, Iraq") stays as the opening words.
- A bare ISO date alone on the first line (or before a dateline) is metadata too.
- Wire-style datelines: ``BAGHDAD, Dec 29, 2025 (Reuters) -`` give the place,
  the date when it has a year, and the agency as publisher.
- With no title from the file, the title is the first sentence after the
  dateline, cut at a word boundary under ``TITLE_LIMIT`` characters.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .budget import check_text
from .imported import ImportedSource, refuse, tidy

TITLE_LIMIT = 90
_HEAD = 4096
"""How much of a text's opening is read for metadata."""

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)

_DATE_TOKEN = re.compile(r"date\s*:?\s*(\d{4}-\d{2}-\d{2})\b[ \t]*(?:\n\s*)?", re.I)
_DATE_LINE = re.compile(r"(\d{4}-\d{2}-\d{2})[ \t]*(?:\n\s*|\Z)")
_DATE_BEFORE = re.compile(r"(\d{4}-\d{2}-\d{2})[ \t]+")
_DATELINE = re.compile(r"([^\n]{2,80}?)[ \t]+(?:—|–|--|-)[ \t]+")
_CONNECTORS = {
    "de",
    "da",
    "do",
    "del",
    "di",
    "la",
    "le",
    "el",
    "al",
    "of",
    "on",
    "upon",
    "am",
    "an",
    "der",
    "les",
    "sur",
    "en",
    "y",
    "es",
}
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})\b")
_SENTENCE_END = re.compile(r"[.!?؟。]+[\"'”’»)\]]*(?=\s|\Z)")
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "gov",
    "sen",
    "rep",
    "jr",
    "sr",
    "vs",
    "no",
    "inc",
    "corp",
    "co",
    "ltd",
    "e.g",
    "i.e",
    "etc",
    "approx",
    "dept",
    "est",
    "fig",
}


@dataclass
class Opening:
    """What a text's opening says about it; ``text`` is the body without metadata tokens."""

    text: str
    date: str = ""
    dateline: str = ""
    author: str = ""
    title: str = ""


def _iso(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return ""


def _date_from(year: str, month: str, day: str) -> str:
    try:
        return dt.date(int(year), _MONTHS[month[:3].lower()], int(day)).isoformat()
    except (KeyError, ValueError):
        return ""


def _abbreviation(word: str) -> bool:
    """ "Dr", "etc", a single letter or initials such as "U.S" / "D.C" (the final dot excluded)."""
    word = word.lower().lstrip("(\"'“‘")
    return (
        word in _ABBREVIATIONS
        or (len(word) == 1 and word.isalpha())
        or re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", word) is not None
    )


def _is_place_word(word: str) -> bool:
    core = word.strip(",()")
    if not core:
        return True
    if core.endswith(".") and not (re.fullmatch(_MONTH, core) or _abbreviation(core[:-1])):
        return False  # a full stop: a sentence, not a dateline
    first = core[0]
    return (
        first.isupper()
        or first.isdigit()
        or core.lower() in _CONNECTORS
        or (first.isalpha() and first.lower() == first.upper())  # uncased script
        or re.fullmatch(_MONTH, core) is not None
    )


def _dateline(text: str, after_date: bool = False) -> tuple[str, str, str, int] | None:
    """(place, date, agency, end of the dash) of a leading dateline, or None.

    Without a date token before it, a dateline needs a comma, capitals or an
    agency ("BAGHDAD —", "Kabul, Afghanistan —"), so "Summary — …" is not one.
    """
    m = _DATELINE.match(text)
    if not m:
        return None
    head = m.group(1).strip()
    words = head.split()
    if not 1 <= len(words) <= 8 or re.search(r"[!?;:\"“”]", head):
        return None
    if not all(_is_place_word(w) for w in words):
        return None
    letters = [c for c in head if c.isalpha()]
    if not (after_date or "," in head or "(" in head or all(c.isupper() for c in letters)):
        return None
    agency = ""
    paren = re.search(r"\(([^()]{2,40})\)", head)
    if paren:
        agency = paren.group(1).strip()
    place_words: list[str] = []
    for w in words:
        if w.startswith("(") or w[0].isdigit() or re.fullmatch(_MONTH + ",?", w):
            break
        place_words.append(w)
    place = " ".join(place_words).rstrip(",")
    if place.isupper():
        place = place.title()
    date = ""
    if d := _MONTH_DAY_YEAR.search(head):
        date = _date_from(d.group(3), d.group(1), d.group(2))
    elif d := _DAY_MONTH_YEAR.search(head):
        date = _date_from(d.group(3), d.group(2), d.group(1))
    return place, date, agency, m.end()


def first_sentence(text: str) -> str:
    """The first sentence of the first paragraph (the whole line when it has no sentence end)."""
    end = text.find("\n", 0, _HEAD)
    line = text[: end if end >= 0 else _HEAD].strip()
    for m in _SENTENCE_END.finditer(line):
        before = line[: m.start()].rsplit(None, 1)
        word = before[-1] if before else ""
        if m.group().startswith(".") and _abbreviation(word):
            continue
        return line[: m.end()].strip()
    return line


def title_from(sentence: str, limit: int = TITLE_LIMIT) -> str:
    """A title from a sentence: a final full stop dropped, cut at a word boundary with "…"."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence
    cut = sentence[: limit - 1]
    if " " in cut and not sentence[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:—–-") + "…"


def read_opening(text: str) -> Opening:
    """Date, dateline, agency and a title guess from the opening of a tidied text."""
    head, date, cut = text[:_HEAD], "", 0
    for pattern in (_DATE_TOKEN, _DATE_LINE):
        m = pattern.match(head)
        if m and (date := _iso(m.group(1))):
            cut = m.end() + len(head[m.end() :]) - len(head[m.end() :].lstrip())
            break
    else:
        m = _DATE_BEFORE.match(head)
        if m and _iso(m.group(1)) and _dateline(head[m.end() :], after_date=True):
            date, cut = _iso(m.group(1)), m.end()
    head = head[cut:]
    found = _dateline(head, after_date=bool(date))
    place = agency = ""
    start = 0
    if found:
        place, line_date, agency, start = found
        date = date or line_date
    title = title_from(first_sentence(head[start:])) if head[start:].strip() else ""
    return Opening(
        text=text[cut:] if cut else text, date=date, dateline=place, author=agency, title=title
    )


_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_PERSIAN = re.compile(r"[پچژگکی]")
_URDU = re.compile(r"[ٹڈڑںےہ]")
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "with", "was"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "du", "dans", "pour"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "zu"},
    "es": {"el", "los", "las", "y", "que", "del", "por", "una", "con", "para"},
}


def guess_language(text: str) -> str:
    """A cheap guess: Arabic script (ar/fa/ur) by letters, en/fr/de/es by common words; else ""."""
    sample = text[:20000]
    letters = sum(1 for c in sample if c.isalpha())
    if not letters:
        return ""
    arabic = len(_ARABIC.findall(sample))
    if arabic * 2 > letters:
        if len(_URDU.findall(sample)) * 50 > arabic:
            return "ur"
        if len(_PERSIAN.findall(sample)) * 30 > arabic:
            return "fa"
        return "ar"
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) < 5:
        return ""
    counts = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPWORDS.items()}
    lang, hits = max(counts.items(), key=lambda kv: kv[1])
    return lang if hits * 12 >= len(words) else ""


def build_source(
    text: str,
    *,
    filename: str = "",
    title: str = "",
    author: str = "",
    date: str = "",
    dateline: str = "",
    url: str = "",
    language: str = "",
    empty_reason: str = "the file contains only whitespace",
    label: str = "",
) -> ImportedSource:
    """An ImportedSource from raw text and what the format knew; the opening fills the gaps."""
    text = tidy(text)
    if not text:
        raise refuse(label or filename or "pasted text", empty_reason)
    check_text(text, label or filename or "pasted text")  # characters, paragraphs
    opening = read_opening(text)
    text = opening.text
    if not text:  # nothing but a date line
        raise refuse(label or filename or "pasted text", empty_reason)
    return ImportedSource(
        title=" ".join(title.split()) or opening.title or _stem(filename),
        text=text,
        author=" ".join(author.split()) or opening.author,
        date=(_iso(date[:10]) if date else "") or opening.date,
        dateline=dateline or opening.dateline,
        url=url,
        language=language or guess_language(text),
        filename=filename,
    )


def _stem(filename: str) -> str:
    return filename.rsplit(".", 1)[0] if "." in filename else filename
