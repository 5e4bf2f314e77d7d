"""The sample's exports, byte for byte (times masked), against golden files.

These files pin what the user gets. A change that alters an export on
purpose regenerates them (``BRIEFING_UPDATE_GOLDEN=1 uv run pytest
tests/core/test_golden.py``) and says why in its commit message.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
FORMATS = (".json", ".md", ".html", ".jsonld", ".pdf", ".csv", ".qdc")
_TIMES = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?")


def _mask(text: str) -> str:
    """Creation times (the store stamps sources and highlights) become a fixed token."""
    return _TIMES.sub("<TIME>", text)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    pages = [page.extract_text() or "" for page in reader.pages]
    body = "\n".join(f"--- page {n} ---\n{text.rstrip()}" for n, text in enumerate(pages, 1))
    return f"pages: {len(pages)}\n{body}\n"


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, str]:
    """The sample project exported once per format through the command line."""
    folder = tmp_path_factory.mktemp("golden")
    project = folder / "sample.brief"
    env = {**os.environ, "PYTHONHASHSEED": "0"}

    def cli(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "briefing", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr

    cli("sample", str(project))
    out: dict[str, str] = {}
    for ext in FORMATS:
        target = folder / f"sample{ext}"
        cli("export", str(project), str(target))
        if ext == ".pdf":
            out[ext] = _pdf_text(target)
        else:
            out[ext] = _mask(target.read_text(encoding="utf-8"))
    return out


@pytest.mark.parametrize("ext", FORMATS)
def test_sample_export_matches_golden(exports, ext):
    golden = GOLDEN / f"sample{ext}.txt"
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        golden.write_text(exports[ext], encoding="utf-8")
    assert golden.exists(), f"{golden.name} is missing: run with BRIEFING_UPDATE_GOLDEN=1"
    expected = golden.read_text(encoding="utf-8")
    assert exports[ext] == expected, f"the sample's {ext} export changed"


def test_sample_prints_judgment_evidence_before_the_sections_and_balanced_quotes(exports):
    pdf = exports[".pdf"]
    first_section = pdf.index("Security transition\nForeign forces")
    judgment = pdf.index("without international enablers")
    quote = pdf.index(
        "“local weaknesses in logistics, planning, and coordination are now more visible”"
    )
    assert judgment < quote < first_section
    # the section refers to it instead of quoting it again
    assert "EXCERPT 1 · see Key judgment 1" in pdf[first_section:]
    assert pdf.count("local weaknesses in logistics") == 1
    for ext in (".pdf", ".html", ".md"):
        assert "““" not in exports[ext] and "””" not in exports[ext]
    assert "CONTENTS" not in pdf  # the sample does not ask for a contents list
