"""Every import has a budget (issue 11): hostile files are refused with the real
reason or read, in one line, and the project is never touched."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.importers import ImportRefused, import_file
from briefing.importers import budget as budget_module
from briefing.importers.budget import Limits
from briefing.importers.pdf_layout import Line, paragraphs
from briefing.importers.sandbox import ImportCancelled, import_checked
from tests.corpus import hostile


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch):
    """Set the limits in force in this process for one test."""

    monkeypatch.setattr(budget_module, "LIMITS", [Limits()])

    def use(**fields: int) -> None:
        budget_module.LIMITS[0] = Limits(**fields)

    return use


def refusal(path: Path, **kwargs: object) -> str:
    with pytest.raises(ImportRefused) as caught:
        import_checked(path, **kwargs) if kwargs else import_file(path)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message and message.startswith(path.name + ": ")
    assert "Error" not in message and "Exception" not in message  # no Python class name
    return message


def test_a_docx_whose_xml_expands_past_the_limit_is_refused_saying_so(tmp_path, limits):
    limits(member_bytes=1024 * 1024)
    bomb = hostile.docx_bomb(tmp_path, 3_000_000)
    assert bomb.stat().st_size < 10_000
    assert "word/document.xml expands to more than 1 MB" in refusal(bomb)


def test_a_docx_whose_parts_together_expand_past_the_limit_is_refused(tmp_path, limits):
    limits(unpacked_bytes=1024 * 1024)
    assert "expands to more than 1 MB" in refusal(hostile.docx_bomb(tmp_path, 2_000_000))


def test_a_docx_of_too_many_paragraphs_names_the_limit(tmp_path, limits):
    limits(paragraphs=1000)
    message = refusal(hostile.docx_paragraphs(tmp_path, 1500))
    assert "more than 1,000 paragraphs" in message
    limits()
    source = import_file(hostile.docx_paragraphs(tmp_path, 1500, "ok.docx"))
    assert source.text.count("A short paragraph.") == 1500


def test_text_past_the_character_limit_is_refused(tmp_path, limits):
    limits(characters=1000)
    path = tmp_path / "long.txt"
    path.write_text("word " * 400, encoding="utf-8")
    assert "has more than 1,000 characters of text (the import limit)" in refusal(path)


def test_nuls_are_removed_from_imported_text(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Opening words of the note. " * 400 + b"after\x00the\x00limit.")
    text = import_file(path).text
    assert "\x00" not in text and text.endswith("afterthelimit.")


@pytest.mark.parametrize("label", ["punycode", "unicode_escape", "rot13", "idna"])
def test_a_charset_that_is_not_a_web_encoding_is_refused_in_one_line(tmp_path, label):
    path = tmp_path / "page.html"
    path.write_bytes(
        f'<html><head><meta charset="{label}"></head><body><p>Text.</p></body></html>'.encode()
    )
    assert f"declares the charset '{label}', which is not a web encoding" in refusal(path)


def test_web_encoding_labels_still_decode(tmp_path):
    path = tmp_path / "page.html"
    body = "<p>Caf\xe9 au lait \x93quoted\x94, a paragraph long enough to be an article.</p>"
    path.write_bytes(
        b'<html><head><meta charset="ISO-8859-1"></head><body>'
        + body.encode("latin-1")
        + b"</body></html>"
    )
    assert "Café au lait “quoted”" in import_file(path).text  # Latin-1 read as cp1252


def test_a_pdf_flate_bomb_is_refused_as_a_bomb_not_as_scanned(tmp_path):
    message = refusal(hostile.pdf_flate_bomb(tmp_path, 100_000_000))
    assert "decompression bomb" in message and "scanned" not in message


def test_a_deeply_nested_pdf_imports_without_warnings_on_the_terminal(tmp_path, capfd):
    source = import_file(hostile.pdf_nested(tmp_path, 3000))
    assert "nested file" in source.text
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_a_text_run_over_10_mb_is_read(tmp_path):
    source = import_file(hostile.html_long_run(tmp_path, 10_500_000))
    assert len(source.text) >= 10_400_000 and source.title == "Long run"


@pytest.mark.parametrize("depth", [400, 100_000])
def test_text_after_deeply_nested_divs_is_kept(tmp_path, depth):
    source = import_file(hostile.html_nested_divs(tmp_path, depth))
    assert "The real text after the divs" in source.text


def test_a_very_large_page_keeps_its_metadata_and_says_how_it_was_read(tmp_path):
    source = import_file(hostile.html_paragraphs(tmp_path, 30_000))
    assert (source.title, source.author, source.date) == (
        "Many paragraphs",
        "A. Writer",
        "2026-11-30",
    )
    assert source.text.count("of the report says something.") == 30_000
    assert "without looking for the article" in source.warnings[0]


def test_a_child_past_its_time_limit_is_killed_and_refused_naming_the_limit(tmp_path):
    page = hostile.html_paragraphs(tmp_path, 60_000)
    started = time.monotonic()
    message = refusal(page, limits=Limits(seconds=0.5))
    assert "longer than the 0.5-second import limit" in message
    assert time.monotonic() - started < 5


def test_a_child_past_its_memory_limit_is_refused_naming_the_limit(tmp_path):
    message = refusal(hostile.html_long_run(tmp_path, 10_500_000), limits=Limits(memory_mb=80))
    assert "more than the 80 MB memory limit" in message


def test_a_cancelled_import_kills_its_child(tmp_path):
    page = hostile.html_paragraphs(tmp_path, 60_000)
    started = time.monotonic()
    with pytest.raises(ImportCancelled):
        import_checked(page, cancelled=lambda: time.monotonic() - started > 0.3)
    assert time.monotonic() - started < 5


def test_the_child_returns_the_same_source_as_reading_in_process(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html lang='fr'><head><title>Un titre</title></head><body><article>"
        "<p>Le premier paragraphe de l'article, assez long pour être lu comme tel.</p>"
        "<p>Le second paragraphe, lui aussi assez long pour compter.</p></article></body></html>",
        encoding="utf-8",
    )
    assert import_checked(page) == import_file(page)


def test_small_text_files_are_read_without_a_child(tmp_path, monkeypatch):
    def no_child(*args: object, **kwargs: object) -> None:
        raise AssertionError("a child process was started")

    monkeypatch.setattr(subprocess, "Popen", no_child)
    path = tmp_path / "note.txt"
    path.write_text("A short note from the field.", encoding="utf-8")
    assert import_checked(path).text == "A short note from the field."


def test_cli_refuses_a_bomb_in_one_line_and_leaves_the_project_unchanged(tmp_path):
    project = tmp_path / "p.brief"
    run = [sys.executable, "-m", "briefing"]
    subprocess.run([*run, "new", str(project)], check=True, capture_output=True)
    before = project.read_bytes()
    bomb = hostile.pdf_flate_bomb(tmp_path, 100_000_000)
    done = subprocess.run(
        [*run, "import", str(project), str(bomb)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    expected = (
        "briefing: flate-bomb.pdf: page 1: a compressed stream expands to more than 75 MB "
        "(a decompression bomb?)"
    )
    assert done.stderr.strip().splitlines() == [expected]
    assert project.read_bytes() == before


@pytest.mark.slow
def test_the_full_size_docx_bombs_are_refused(tmp_path):
    assert "expands to more than" in refusal(hostile.docx_bomb(tmp_path, 200_000_000))


def _seconds(work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - started


@pytest.mark.slow
def test_markdown_emphasis_stays_linear(tmp_path):
    small, large = (hostile.markdown_stars(tmp_path, n, f"{n}.md") for n in (25_000, 100_000))
    ratio = min(_seconds(lambda: import_file(large)) for _ in range(2)) / min(
        _seconds(lambda: import_file(small)) for _ in range(2)
    )
    assert ratio < 8  # 4 when linear; 16 when quadratic


@pytest.mark.slow
def test_the_docx_paragraph_walk_stays_linear(tmp_path):
    small = hostile.docx_paragraphs(tmp_path, 20_000, "small.docx")
    large = hostile.docx_paragraphs(tmp_path, 80_000, "large.docx")
    import_file(small)  # modules loaded
    ratio = _seconds(lambda: import_file(large)) / _seconds(lambda: import_file(small))
    assert ratio < 8


@pytest.mark.slow
def test_the_pdf_paragraph_join_stays_linear():
    def prose(n: int) -> list[Line]:
        return [
            Line("the committee heard evidence from witnesses about the", i // 60, 56, 790 - i % 60)
            for i in range(n)
        ]

    small, large = prose(20_000), prose(80_000)
    ratio = _seconds(lambda: paragraphs(large)) / _seconds(lambda: paragraphs(small))
    assert len(paragraphs(small)) == 1
    assert ratio < 8
