"""Fuzzing each importer's input shape (issue 11): plain text, HTML, Markdown, Word
documents built with python-docx and PDFs built with reportlab. Every case must end
within its budget in a clear state: imported (normalised text, no NULs) or refused
in one line naming the file, with no Python class name.

The CI profile takes well under a minute; a longer one runs with
``BRIEFING_FUZZ=long uv run pytest tests/core/test_import_fuzz.py``.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.importers import ImportRefused, import_file
from briefing.importers.budget import Limits
from briefing.importers.sandbox import import_checked

settings.register_profile(
    "import-fuzz-ci",
    max_examples=60,
    deadline=None,  # budgets are the child's limits, not a timed assertion
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
settings.register_profile(
    "import-fuzz-long",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile(
    "import-fuzz-long" if os.environ.get("BRIEFING_FUZZ") == "long" else "import-fuzz-ci"
)
BUDGET = Limits(seconds=60, memory_mb=1536)
"""What one fuzz case may use when read in the child process."""

_WORDS = st.sampled_from(
    ["the", "report", "Ministry", "café", "naïve", "—", "“quoted”", "١٢", "Zürich", "a", "\t"]
)
_MARKUP = "*_`[]()!<>~\\#-+|=: \n\t"
_TEXTY = st.lists(
    st.one_of(
        st.sampled_from([*_MARKUP, "**", "__", "~~", "](", "<http:", "\x00", "\r\n"]),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        _WORDS,
    ),
    max_size=120,
).map("".join)


def _check(path: Path, use_child: bool = False) -> None:
    """Imported cleanly or refused in one line naming the file."""
    try:
        source = import_checked(path, limits=BUDGET) if use_child else import_file(path)
    except ImportRefused as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(path.name + ": ")
        assert "Error" not in message and "Traceback" not in message
        return
    assert source.text and source.text == source.text.strip()
    assert "\x00" not in source.text and "\r" not in source.text


def _write(name: str, data: bytes) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    path = folder / name
    path.write_bytes(data)
    return path


@PROFILE
@given(st.binary(max_size=2000) | _TEXTY.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_text_files(data: bytes) -> None:
    _check(_write("fuzz.txt", data))


@PROFILE
@given(_TEXTY)
def test_markdown_files(text: str) -> None:
    _check(_write("fuzz.md", text.encode("utf-8")))


_TAGS = st.sampled_from(
    ["p", "div", "article", "script", "style", "nav", "h1", "li", "table", "td", "br", "meta"]
)
_CHARSETS = st.sampled_from(["utf-8", "latin1", "punycode", "unicode_escape", "windows-1256", ""])


@st.composite
def _html(draw: st.DrawFn) -> bytes:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(_TAGS)
        kind = draw(st.sampled_from(["open", "close", "text", "both"]))
        text = draw(_TEXTY)
        if kind == "open":
            parts.append(f"<{tag}>")
        elif kind == "close":
            parts.append(f"</{tag}>")
        elif kind == "text":
            parts.append(text)
        else:
            parts.append(f"<{tag}>{text}</{tag}>")
    charset = draw(_CHARSETS)
    head = f'<html><head><meta charset="{charset}"><title>{draw(_TEXTY)}</title></head><body>'
    return (head + "".join(parts) + "</body></html>").encode("utf-8", "surrogatepass")


@PROFILE
@given(_html())
def test_html_pages(data: bytes) -> None:
    _check(_write("fuzz.html", data))


@st.composite
def _docx(draw: st.DrawFn) -> bytes:
    import docx

    document = docx.Document()
    printable = _TEXTY.map(lambda t: "".join(c for c in t if c.isprintable() or c in "\n\t"))
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["paragraph", "heading", "list", "table", "run"]))
        if kind == "heading":
            document.add_heading(draw(printable), level=draw(st.integers(0, 3)))
        elif kind == "list":
            document.add_paragraph(draw(printable), style="List Bullet")
        elif kind == "table":
            rows, cols = draw(st.integers(1, 3)), draw(st.integers(1, 3))
            table = document.add_table(rows=rows, cols=cols)
            for cell in table._cells:
                cell.text = draw(printable)
        else:
            paragraph = document.add_paragraph(draw(printable))
            if kind == "run":
                paragraph.add_run(draw(printable)).bold = True
    document.core_properties.title = draw(printable)[:50]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@PROFILE
@given(_docx())
def test_word_documents(data: bytes) -> None:
    _check(_write("fuzz.docx", data))


@st.composite
def _pdf(draw: st.DrawFn) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for _ in range(draw(st.integers(0, 3))):
        for _ in range(draw(st.integers(0, 12))):
            text = "".join(ch for ch in draw(_TEXTY) if ch.isprintable() and ord(ch) < 0x100)
            c.setFont("Helvetica", draw(st.sampled_from([8, 10, 12, 18])))
            c.drawString(draw(st.integers(0, 500)), draw(st.integers(0, 800)), text)
        c.showPage()
    c.save()
    data = out.getvalue()
    cut = draw(st.integers(0, 3))  # sometimes a damaged copy: truncated
    return data if cut else data[: draw(st.integers(10, len(data)))]


@PROFILE
@given(_pdf())
def test_pdf_files(data: bytes) -> None:
    _check(_write("fuzz.pdf", data))


@settings(PROFILE, max_examples=3 if PROFILE.max_examples < 100 else 30)
@given(st.sampled_from(["html", "docx", "pdf"]), st.data())
def test_the_child_process_path(kind: str, data: st.DataObject) -> None:
    """A few cases through the budgeted child process, as the CLI and the window run them."""
    shape = {"html": _html(), "docx": _docx(), "pdf": _pdf()}[kind]
    _check(_write(f"fuzz.{kind}", data.draw(shape)), use_child=True)
