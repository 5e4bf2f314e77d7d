"""Large notes of hostile shapes in the PDF: laid out, with the cut markers printed."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

from pypdf import PdfReader

from briefing.brief.compose import compose
from briefing.export import atomic_path
from briefing.render.pdf import write_pdf
from tests.projects import make_project


def _pdf_text(note: str, path: Path) -> str:
    p = make_project()
    p.highlights[0] = dataclasses.replace(p.highlights[0], note=note)
    with atomic_path(path) as tmp:
        write_pdf(compose(p, today="2026-01-10"), tmp)
    text = " ".join((page.extract_text() or "") for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_a_long_nested_list_note_is_laid_out_across_pages(tmp_path):
    lines = [
        "  " * (i % 12) + f"- item {i} at level {i % 12} of a long nested list" for i in range(900)
    ]
    text = _pdf_text("\n".join(lines), tmp_path / "lists.pdf")
    assert "item 0 at level 0" in text
    assert "item 899 at level 11" in text


def test_a_long_code_block_note_prints_the_cut_marker(tmp_path):
    code = "```\n" + "value = compute(x)\n" * 4000 + "```"
    text = _pdf_text(code, tmp_path / "code.pdf")
    assert "value = compute(x)" in text
    assert "(cut: 26 K characters more)" in text
