"""Importers by file type: a suffix table, and sniffing for unknown suffixes.

Format modules are imported on first use, so importing the package stays
cheap for the command line (trafilatura and pypdf take a while to load).
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable

from .imported import ImportedSource, read_bytes, refuse
from .metadata import build_source
from .quiet import quiet_libraries

Importer = Callable[[bytes, str], ImportedSource]
"""(file bytes, file name) -> ImportedSource, or ImportRefused."""

IMPORTERS: dict[str, str] = {
    ".txt": "text:import_text_file",
    ".text": "text:import_text_file",
    ".md": "markdown_source:import_markdown",
    ".markdown": "markdown_source:import_markdown",
    ".html": "html:import_html",
    ".htm": "html:import_html",
    ".xhtml": "html:import_html",
    ".docx": "docx:import_docx",
    ".pdf": "pdf:import_pdf",
}
"""Suffix -> "module:function" in this package."""

_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S
)


def importer(spec: str) -> Importer:
    """The function named by a "module:function" spec."""
    module, function = spec.split(":")
    found: Importer = getattr(importlib.import_module(f".{module}", __package__), function)
    return found


def supported_suffixes() -> list[str]:
    """File suffixes with a dedicated importer, lower case with the dot."""
    return list(IMPORTERS)


def sniff(data: bytes, name: str) -> str:
    """The importer spec for a file of unknown suffix, judged by its first bytes;
    text by default."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise refuse(name, "is an old Office file (.doc/.xls); save it as .docx or PDF first")
    if data.startswith(b"{\\rtf"):
        raise refuse(name, "is RTF, which is not supported; save it as .docx or plain text first")
    if data.startswith(b"%PDF-"):
        return IMPORTERS[".pdf"]
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return IMPORTERS[".docx"]
    if _HTML_START.match(data[:4096]):
        return IMPORTERS[".html"]
    return IMPORTERS[".txt"]


def import_file(path: str | os.PathLike[str]) -> ImportedSource:
    """Import a file by its suffix (sniffing unknown ones); ImportRefused with a
    reason otherwise."""
    name = os.path.basename(os.fspath(path))
    data = read_bytes(path)
    suffix = os.path.splitext(name)[1].lower()
    spec = IMPORTERS.get(suffix) or sniff(data, name)
    if spec == IMPORTERS[".txt"]:  # the bytes are let go once decoded: peak memory
        from .text import decode

        text = decode(data, name)
        del data
        return build_source(text, filename=name, empty_reason="the file contains only whitespace")
    with quiet_libraries():
        return importer(spec)(data, name)


def import_text(text: str, filename: str = "") -> ImportedSource:
    """Pasted text (clipboard), with the same metadata inference as a plain-text file."""
    return build_source(
        text, filename=filename, label=filename or "pasted text", empty_reason="the text is empty"
    )


def import_pasted(text: str, html: str = "") -> ImportedSource:
    """A source from the clipboard: its plain text, else its HTML (a page or a
    fragment copied from a browser). A first line that became the title is not
    repeated as the body's first paragraph when an article follows it."""
    if not text.strip() and html.strip():
        from .html import import_html

        with quiet_libraries():
            source = import_html(html.encode("utf-8"), "pasted page")
        source.filename = ""
    else:
        source = import_text(text)
    head, sep, rest = source.text.partition("\n\n")
    if sep and rest.strip() and head.strip() == source.title.strip():
        source.text = rest.lstrip()
    return source
