"""Plain text in any common encoding, detected and never guessed as Latin-1 mojibake.

Order: byte-order marks; strict UTF-8 (the fast path); otherwise the common
single-byte code pages plus charset-normalizer's East Asian candidates are tried on
an excerpt (the words with non-ASCII bytes, from a sample of the file) and
scored: implausible characters first (controls, symbols stuck to letters,
accents no one language combines, as cp1252 gives for Czech), then
charset-normalizer's mess ratio, then its language coherence, then how common
the code page is. The whole file is decoded strictly with the winner.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter

import charset_normalizer
from charset_normalizer.cd import coherence_ratio
from charset_normalizer.md import mess_ratio

from .imported import ImportedSource, refuse
from .metadata import build_source

_BOMS = (  # UTF-32 before UTF-16: FF FE 00 00 starts both
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SINGLE_BYTE = [
    codecs.lookup(name).name
    for name in (
        "cp1252",
        "iso8859-15",
        "latin-1",
        "cp1250",
        "iso8859-2",
        "cp1251",
        "koi8-r",
        "iso8859-5",
        "cp1256",
        "iso8859-6",
        "cp1253",
        "iso8859-7",
        "cp1254",
        "iso8859-9",
        "cp1255",
        "iso8859-8",
        "cp1257",
        "iso8859-13",
        "iso8859-4",
        "iso8859-10",
        "iso8859-16",
        "koi8-u",
    )
]
"""Single-byte code pages always tried, most common first: the order breaks exact ties."""
_RARE_SINGLE_BYTE = ["cp874", "cp866"]
"""Tried after the East Asian candidates (Korean bytes read as Thai look just as clean)."""
_MULTI_BYTE = {
    codecs.lookup(name).name
    for name in (
        "big5",
        "big5hkscs",
        "cp932",
        "cp949",
        "cp950",
        "euc_jp",
        "euc_jis_2004",
        "euc_jisx0213",
        "euc_kr",
        "gb18030",
        "gb2312",
        "gbk",
        "hz",
        "iso2022_jp",
        "iso2022_kr",
        "johab",
        "shift_jis",
        "shift_jis_2004",
        "shift_jisx0213",
    )
}
"""East Asian encodings, taken from charset-normalizer's candidates in its order."""

_ALPHABETS = [
    set(letters)
    for letters in (  # accented letters by language, lower case
        "àâæçéèêëîïôœùûüÿ",
        "äöüß",
        "áéíñóúü",
        "áâãàçéêíóôõú",
        "àèéìíîòóùú",
        "áéíóúëïöü",
        "åäö",
        "æøåé",
        "áðéíóúýþæö",
        "ąćęłńóśźż",
        "áčďéěíňóřšťúůýž",
        "áäčďéíĺľňóôŕšťúýž",
        "áéíóöőúüű",
        "ăâîșțşţ",
        "čćđšž",
        "çğıöşü",
        "ąčęėįšųūž",
        "āčēģīķļņšūž",
        "äöõüšž",
        "àçèéíïòóúü",
        "ëç",
        "ş",
    )
]
_CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў")
_GREEK = set("αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς")
_SCRIPTS = (
    ("greek", 0x370, 0x400),
    ("cyrillic", 0x400, 0x530),
    ("hebrew", 0x590, 0x600),
    ("arabic", 0x600, 0x780),
    ("arabic", 0x8A0, 0x900),
    ("thai", 0xE00, 0xE80),
    ("arabic", 0xFB50, 0xFE00),
    ("arabic", 0xFE70, 0xFF00),
)
_TYPOGRAPHY = set("“”‘’«»„‚‹›—–…€£¥°§©®™•·¿¡\u00a0")
_WORDS_WITH_HIGH_BYTES = re.compile(rb"\S*[\x80-\xff]\S*")
_EXCERPT = 8 * 1024

_SNIFF = 8192
_SAMPLE_CHUNK = 64 * 1024
_SAMPLE_CHUNKS = 8
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, name: str) -> str:
    """The text of ``data``; ImportRefused when it is binary or in no credible encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, name)
    if b"\x00" in data[:_SNIFF]:
        encoding = _bomless_utf16(data)
        if not encoding:
            raise refuse(name, "looks like a binary file, not text")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise refuse(name, "looks like a binary file, not text") from None
        _check_not_binary(text, name)
        return text
    if b"\x1b$B" in data[:_SNIFF] or b"\x1b$@" in data[:_SNIFF]:
        return _strict(data, "iso2022_jp", name)  # 7-bit Japanese mail text, escape-coded
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_non_utf8 = exc.start  # not detected inside the except: exc holds a copy of data
    else:
        _check_not_binary(text, name)
        return text
    text = _detect(data, first_non_utf8, name)
    _check_not_binary(text, name)
    return text


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        label = encoding.upper()
        raise refuse(name, f"is marked as {label} but is not valid {label}") from None


def _bomless_utf16(data: bytes) -> str:
    """ "utf-16-le"/"-be" when the NULs fall on one byte of every pair, as in
    mostly-Latin UTF-16."""
    head = data[: _SNIFF - _SNIFF % 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if len(data) % 2 or min(even, odd) > 0:
        return ""
    if odd > len(head) // 4:
        return "utf-16-le"
    if even > len(head) // 4:
        return "utf-16-be"
    return ""


def _check_not_binary(text: str, name: str) -> None:
    head = text[:_SNIFF]
    if len(_CONTROL.findall(head)) > max(2, len(head) // 100):
        raise refuse(name, "looks like a binary file, not text")


def _sample(data: bytes, first_non_utf8: int) -> bytes:
    """Up to ~0.5 MB: where UTF-8 first failed plus evenly spaced chunks, cut at line ends."""
    if len(data) <= _SAMPLE_CHUNK * (_SAMPLE_CHUNKS + 1):
        return data
    starts = [max(0, first_non_utf8 - 1024)]
    step = len(data) // _SAMPLE_CHUNKS
    starts += [i * step for i in range(1, _SAMPLE_CHUNKS)]
    parts = []
    for start in starts:
        if start:
            newline = data.find(b"\n", start, start + 4096)
            start = newline + 1 if newline >= 0 else start
        end = data.rfind(b"\n", start, start + _SAMPLE_CHUNK)
        parts.append(data[start : end + 1 if end > start else start + _SAMPLE_CHUNK])
    return b"\n".join(parts)


def _script(c: str) -> str:
    """A letter's script, coarsely."""
    code = ord(c)
    if code < 0x250 or 0x1E00 <= code < 0x1F00:
        return "latin"
    for name, low, high in _SCRIPTS:
        if low <= code < high:
            return name
    return "cjk" if code >= 0x2E80 else "other"


def _oddities(text: str) -> int:
    """How implausible a decoding looks: control characters, symbols stuck to letters,
    case flips and script changes inside a word, rare Cyrillic or Greek letters, and
    Latin accents that no single language uses together (as cp1252 gives for Czech)."""
    odd = 0
    accents: list[str] = []
    cased: list[bool] = []
    for i, c in enumerate(text):
        if c < "\x80":
            continue
        before, after = text[i - 1 : i] if i else " ", text[i + 1 : i + 2] or " "
        if c.isalpha():
            lower, script = c.lower(), _script(c)
            odd += (c.islower() and after.isupper()) or (c.isupper() and before.islower())
            odd += sum(n.isalpha() and _script(n) != script for n in (before, after))
            if script == "latin":
                accents.append(lower)
            elif script in ("cyrillic", "greek"):
                odd += lower not in (_CYRILLIC if script == "cyrillic" else _GREEK)
                cased.append(c.isupper())
        else:
            kind = unicodedata.category(c)
            if kind == "Cc" or (
                kind[0] == "C" and c not in "\u200c\u200d" and before.isalpha() and after.isalpha()
            ):
                odd += 3  # C1 controls (Latin-1 read for cp1252), direction marks inside words
            elif kind[0] == "M":
                odd += before.isalpha() and _script(before) != _script(c)  # kasra on a Latin "g"
            elif c not in _TYPOGRAPHY and (c < "\u0400" or "\u2500" <= c < "\u2600"):
                odd += before.isalpha() or after.isalpha()  # "Rz¹d": a symbol stuck to letters
    if accents:
        counts = Counter(accents)
        odd += min(
            sum(n for a, n in counts.items() if a not in alphabet) for alphabet in _ALPHABETS
        )
    if len(cased) >= 20 and (all(cased) or not any(cased)):
        odd += len(cased) // 10  # Greek or Cyrillic in one case throughout: Hebrew as cp1251/KOI8
    return odd


def _detect(data: bytes, first_non_utf8: int, name: str) -> str:
    """Decode non-UTF-8 bytes with the most plausible code page (see module docstring)."""
    sample = _sample(data, first_non_utf8)
    excerpt = b" ".join(_WORDS_WITH_HIGH_BYTES.findall(sample))
    if len(excerpt) > _EXCERPT:  # cut between words, or anywhere in unspaced (CJK) text
        space = excerpt.rfind(b" ", 0, _EXCERPT)
        excerpt = excerpt[: space if space > 0 else _EXCERPT]
    long = len(excerpt) >= 300  # enough text for mess and language measures to mean something
    multi_byte = [codecs.lookup(m.encoding).name for m in charset_normalizer.from_bytes(sample)]
    scored: list[tuple[int, float, int, str, str]] = []
    measured: dict[str, tuple[int, float]] = {}
    east_asian = [e for e in multi_byte if e in _MULTI_BYTE]
    for rank, encoding in enumerate(dict.fromkeys(_SINGLE_BYTE + east_asian + _RARE_SINGLE_BYTE)):
        try:
            decoded = excerpt.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(excerpt) - 3:
                continue
            decoded = excerpt[: exc.start].decode(encoding)  # a character cut by the excerpt's end
        if decoded not in measured:  # many code pages agree on most letters
            mess = round(mess_ratio(decoded, 1.0), 1) if long else 0.0
            measured[decoded] = (_oddities(decoded), mess)
        scored.append((*measured[decoded], rank, encoding, decoded))
    scored.sort()
    if not scored or scored[0][0] > max(3, 0.1 * sum(c >= "\x80" for c in scored[0][4])):
        raise refuse(name, "is not UTF-8 and its text encoding could not be recognised")
    best = [row for row in scored if row[:2] == scored[0][:2]]
    if len(best) > 1 and long:  # equally plausible: which reads more like a known language?
        best.sort(
            key=lambda row: (
                -round(max((c for _, c in coherence_ratio(row[4])), default=0), 1),
                row[2],
            )
        )
    for encoding in [row[3] for row in best] + [row[3] for row in scored if row not in best]:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise refuse(name, "is not UTF-8 and its text encoding could not be recognised")


def import_text_file(data: bytes, name: str) -> ImportedSource:
    """A plain-text file: decoded, tidied, metadata inferred from its opening."""
    return build_source(
        decode(data, name), filename=name, empty_reason="the file contains only whitespace"
    )
