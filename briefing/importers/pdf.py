"""PDF text layers, read by the engine that reads each page best.

pypdf reads first (fast, with positions and font sizes; ``cryptography`` opens
AES encryption with an empty user password). A page whose lines run across
columns, or whose text does not read as words, is read again by pdfminer.six's
layout analysis; a file pypdf cannot open, and a page neither reads, by PDFium.
Text that still does not read as words refuses the file, naming the page. The
lines become paragraphs in ``pdf_layout``. Measured in
benchmarks/bench_pdf_engines.py.
"""

from __future__ import annotations

import io
import re

import pypdf
from pypdf.errors import LimitReachedError

from .budget import check_pages
from .imported import ImportedSource, ImportRefused, refuse
from .metadata import build_source
from .pdf_engines import pdfium_pages, pdfminer_pages, pypdf_lines
from .pdf_layout import Line, drop_running_lines, paragraphs
from .readable import why_unreadable

_JUNK_AUTHORS = re.compile(r"(?i)^\(?(?:anonymous|unknown|user|admin(?:istrator)?)?\)?$")
_JUNK_TITLES = re.compile(  # placeholders that PDF producers write when nobody set a title
    r"(?i)^(?:\(?anonymous\)?|\(?untitled\)?.*|microsoft (?:word|powerpoint) - .*|document\d*"
    r"|.*\.(?:docx?|pdf|tex|indd|odt|rtf)|)$"
)
_BOMB = "a compressed stream expands to more than 75 MB (a decompression bomb?)"
"""pypdf's own limit on one decompressed stream (``LimitReachedError``)."""


def _info(reader: pypdf.PdfReader) -> tuple[str, str]:
    try:
        meta = reader.metadata
        title, author = (meta.title or "", meta.author or "") if meta else ("", "")
    except Exception:  # noqa: BLE001 - damaged metadata must not refuse a readable PDF
        return "", ""
    title = " ".join(str(title).split())
    author = " ".join(str(author).split())
    return (
        "" if _JUNK_TITLES.match(title) else title,
        "" if _JUNK_AUTHORS.match(author) else author,
    )


def _open(data: bytes, name: str) -> pypdf.PdfReader | None:
    """pypdf's reader, or None when pypdf cannot read the file (PDFium may);
    ImportRefused when a password is needed."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise refuse(name, "is password-protected")
        check_pages(len(reader.pages), name)
    except MemoryError:
        raise  # the child reports the memory limit
    except ImportRefused:
        raise
    except LimitReachedError:
        raise refuse(name, _BOMB) from None
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        return None
    return reader


def _read_pages(data: bytes, name: str, reader: pypdf.PdfReader | None) -> list[list[Line]]:
    """Every page's lines: pypdf's, with pdfminer.six where a page runs across columns
    or its text does not read as words, and PDFium where pypdf cannot read."""
    if reader is None:
        pages = pdfium_pages(data)
        if pages is None:
            raise refuse(name, "is not a readable PDF (damaged?)")
        return [pages[n] for n in sorted(pages)]
    found: dict[int, list[Line]] = {}
    redo: list[int] = []
    failed: list[int] = []
    for number, page in enumerate(reader.pages, 1):
        try:
            found[number], columns = pypdf_lines(page, number)
        except MemoryError:
            raise  # the child reports the memory limit
        except LimitReachedError:
            raise refuse(name, f"page {number}: {_BOMB}") from None
        except Exception:  # noqa: BLE001 - one broken page should not lose the others
            found[number], columns = [], False
            failed.append(number)
        if columns or _unreadable(found[number]):
            redo.append(number)
    if not any(line.text for lines in found.values() for line in lines):
        failed = list(found)  # nothing from pypdf (a damaged file it half reads)
    if failed:
        for number, lines in (pdfium_pages(data, failed) or {}).items():
            found[number] = lines
    if redo:
        for number, lines in pdfminer_pages(data, redo).items():
            if any(line.text for line in lines) and not _unreadable(lines):
                found[number] = lines
    return [found[n] for n in sorted(found)]


def _unreadable(lines: list[Line]) -> str:
    return why_unreadable("\n".join(line.text for line in lines))


def _check_readable(data: bytes, name: str, pages: list[list[Line]]) -> None:
    """Pages whose text still does not read as words get PDFium's reading; if that
    does not read either, the file is refused, naming the page."""
    for i, lines in enumerate(pages):
        reason = _unreadable(lines)
        if not reason:
            continue
        number = i + 1
        other = (pdfium_pages(data, [number]) or {}).get(number, [])
        if other and not _unreadable(other):
            pages[i] = other
            continue
        raise refuse(name, f"the text of page {number} does not read as words: {reason}")


def import_pdf(data: bytes, name: str) -> ImportedSource:
    """A PDF's text layer as paragraphs; ImportRefused when damaged, locked, scanned
    or when its text does not read as words."""
    reader = _open(data, name)
    pages = _read_pages(data, name, reader)
    if not any(line.text for lines in pages for line in lines):
        raise refuse(name, "this PDF has no text layer (scanned?)")
    _check_readable(data, name, pages)
    title, author = _info(reader) if reader is not None else ("", "")
    text = "\n\n".join(paragraphs(drop_running_lines(pages)))
    return build_source(
        text,
        filename=name,
        title=title,
        author=author,
        empty_reason="this PDF has no text layer (scanned?)",
    )
