"""Hostile and huge files for the import budgets (issue 11), written to a folder.

Each generator writes one file and returns its path; the shapes are the ones the
hostile-input probes found: a Word document whose XML expands a thousandfold, a
Word document of very many short paragraphs, Markdown of ``**a `` repeated, a PDF
of unbroken prose over many pages, an HTML page of very many paragraphs, a text
run over 10 MB, 100k nested divs, a PDF flate bomb and deeply nested PDF
dictionaries. Sizes are parameters so the tests use small ones and
``benchmarks/bench_hostile.py`` the full ones.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOC_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>"
)
_DOC_TAIL = b"</w:body></w:document>"
_CHUNK = 1 << 20


def _docx(path: Path, body_chunks: object) -> Path:
    """A minimal .docx whose document.xml body is the concatenated chunks, streamed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(_DOC_HEAD)
            for chunk in body_chunks:  # type: ignore[attr-defined]
                f.write(chunk)
            f.write(_DOC_TAIL)
    return path


def docx_bomb(folder: Path, characters: int, name: str = "bomb.docx") -> Path:
    """A .docx of one paragraph holding ``characters`` letters "a": 1 GB of XML
    compresses to about 1 MB."""

    def chunks() -> object:
        yield b"<w:p><w:r><w:t>"
        left = characters
        block = b"a" * _CHUNK
        while left > 0:
            yield block[: min(left, _CHUNK)]
            left -= _CHUNK
        yield b"</w:t></w:r></w:p>"

    return _docx(folder / name, chunks())


_SHORT = (
    b'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t>A short paragraph.</w:t></w:r></w:p>'
)


def docx_paragraphs(folder: Path, count: int, name: str = "paragraphs.docx") -> Path:
    """A .docx of ``count`` identical short styled paragraphs (100k compress to ~20 KB)."""

    def chunks() -> object:
        for start in range(0, count, 10_000):
            yield _SHORT * min(10_000, count - start)

    return _docx(folder / name, chunks())


def markdown_stars(folder: Path, size: int, name: str = "stars.md") -> Path:
    """Markdown of ``**a `` repeated: unmatched emphasis, quadratic for naive regexes."""
    path = folder / name
    path.write_bytes((b"**a " * (size // 4 + 1))[:size])
    return path


def html_paragraphs(folder: Path, count: int, name: str = "paragraphs.html") -> Path:
    """An article page of ``count`` paragraphs, with metadata in its head."""
    head = (
        "<!doctype html><html lang='en'><head><title>Many paragraphs</title>"
        "<meta name='author' content='A. Writer'>"
        "<meta property='article:published_time' content='2026-11-30'></head><body><article>"
        "<h1>Many paragraphs</h1>"
    )
    body = "".join(f"<p>Paragraph {i} of the report says something.</p>" for i in range(count))
    path = folder / name
    path.write_text(head + body + "</article></body></html>", encoding="utf-8")
    return path


def html_long_run(folder: Path, characters: int, name: str = "long-run.html") -> Path:
    """A page whose one paragraph is a text run of ``characters`` (over lxml's 10 MB
    text node limit when large)."""
    words = ("word " * (characters // 5 + 1))[:characters]
    path = folder / name
    path.write_text(
        f"<!doctype html><html><head><title>Long run</title></head><body><p>{words}</p>"
        "</body></html>",
        encoding="utf-8",
    )
    return path


def html_nested_divs(folder: Path, depth: int, name: str = "nested.html") -> Path:
    """A page of ``depth`` nested divs with the real text after them."""
    path = folder / name
    path.write_text(
        "<!doctype html><html><head><title>Nested</title></head><body>"
        + "<div>" * depth
        + "</div>" * depth
        + "<p>The real text after the divs is this sentence, which must be kept.</p>"
        + "</body></html>",
        encoding="utf-8",
    )
    return path


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from its objects (1-based, object 1 the catalog), with a correct xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def pdf_flate_bomb(folder: Path, expanded: int, name: str = "flate-bomb.pdf") -> Path:
    """A one-page PDF whose content stream inflates to ``expanded`` bytes of spaces
    (1 GB compresses to about 1 MB)."""
    packer = zlib.compressobj(9)
    parts = [packer.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n")]
    block = b" " * _CHUNK
    left = expanded
    while left > 0:
        parts.append(packer.compress(block[: min(left, _CHUNK)]))
        left -= _CHUNK
    parts.append(packer.flush())
    stream = b"".join(parts)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    path = folder / name
    path.write_bytes(_pdf(objects))
    return path


def pdf_nested(folder: Path, depth: int, name: str = "nested.pdf") -> Path:
    """A PDF with a text layer whose page carries a dictionary nested ``depth`` deep."""
    nested = b"<< /A " * depth + b"1" + b" >>" * depth
    content = b"BT /F1 12 Tf 72 720 Td (A page of text inside a nested file.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> /Nested " + nested + b" >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    path = folder / name
    path.write_bytes(_pdf(objects))
    return path


def pdf_prose(folder: Path, pages: int, name: str = "prose.pdf") -> Path:
    """``pages`` pages of one unbroken paragraph: full lines, no sentence end, no gap."""
    from reportlab.pdfgen import canvas

    words = [
        "the",
        "committee",
        "heard",
        "evidence",
        "from",
        "witnesses",
        "about",
        "the",
        "budget",
        "and",
    ]
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(595.27, 841.89), pageCompression=1)
    w = 0
    for _ in range(pages):
        c.setFont("Helvetica", 10)
        for row in range(60):
            line = []
            while len(" ".join(line)) < 85:
                line.append(words[w % len(words)])
                w += 1
            c.drawString(56, 790 - row * 12, " ".join(line))
        c.showPage()
    c.save()
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path
