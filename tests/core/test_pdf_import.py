"""PDF import on the generated corpus (tests/corpus/pdfs.py): every readable case
is read in reading order, and text that does not read as words is refused."""

from __future__ import annotations

import unicodedata

import pytest
from corpus.pdfs import by_name, cases
from corpus.scoring import pair_recall, word_recall

from briefing.importers import ImportRefused
from briefing.importers.pdf import import_pdf

CASES = {case.name: case for case in cases()}


def text_of(name: str) -> str:
    return import_pdf(CASES[name].data, name).text


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.truth])
def test_readable_cases_match_their_ground_truth(name: str) -> None:
    text = unicodedata.normalize("NFKC", text_of(name))
    truth = CASES[name].truth
    assert word_recall(text, truth) >= 0.98, text[:300]
    assert pair_recall(text, truth) >= 0.95, text[:300]


def test_running_headers_and_page_numbers_are_dropped() -> None:
    text = text_of("one-column.pdf")
    assert "Quarterly Security Review" not in text
    assert not any(line.strip().isdigit() for line in text.splitlines())


def test_a_line_repeated_on_every_page_is_kept_when_it_is_all_there_is() -> None:
    assert text_of("repeated-line.pdf").count("Hello World from the field office.") == 3


@pytest.mark.parametrize("name", ["aes-128.pdf", "aes-256.pdf"])
def test_empty_password_encryption_opens(name: str) -> None:
    assert text_of(name) == text_of("one-column.pdf")


@pytest.mark.parametrize(
    "name",
    [
        "broken-xref.pdf",
        "wrong-stream-length.pdf",
        "no-startxref.pdf",
        "no-endstream.pdf",
        "junk-after-end.pdf",
    ],
)
def test_malformed_files_that_poppler_reads_are_read(name: str) -> None:
    assert text_of(name) == "Hello World from the field office."


def test_maths_symbols_are_decoded() -> None:
    assert text_of("maths-cff-font.pdf") == "(Ui)i∈J δ > 0"  # a CFF font's own encoding
    assert "(Ui)i∈J" in text_of("maths.pdf") and "ein δ > 0" in text_of("maths.pdf")


def test_columns_written_row_by_row_come_out_in_reading_order() -> None:
    case = CASES["three-columns-rowwise.pdf"]
    assert pair_recall(text_of(case.name), case.truth) >= 0.95


def test_letter_spaced_words_are_joined() -> None:
    text = text_of("letter-spaced.pdf")
    assert text.startswith("Assurance\n\nQuality Control\n\nQuality Assurance\n\n")


def test_hyphenated_line_ends_are_rejoined_and_compounds_kept() -> None:
    assert text_of("hyphenated.pdf") == CASES["hyphenated.pdf"].truth


def test_text_that_does_not_read_as_words_is_refused_in_one_line() -> None:
    with pytest.raises(ImportRefused) as caught:
        import_pdf(by_name("broken-font-map.pdf").data, "broken-font-map.pdf")
    message = str(caught.value)
    assert message.startswith("broken-font-map.pdf: the text of page 1 does not read as words")
    assert "\n" not in message


def test_arabic_reads_as_arabic_words() -> None:
    text = unicodedata.normalize("NFKC", text_of("arabic.pdf"))
    assert word_recall(text, CASES["arabic.pdf"].truth) >= 0.98


def test_a_page_pypdf_garbles_is_read_by_another_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """As with vertical Japanese, which pypdf decodes to "ɹɹং Θͨ͘͠ͱ͍…" and pdfminer reads."""
    from briefing.importers import pdf
    from briefing.importers.pdf_layout import Line

    def garbled(page: object, number: int) -> tuple[list[Line], bool]:
        return [Line("ɹɹং Θͨ͘͠ͱ͍ ЖքאبกᎠⴰ Жքאب ɹɹং Θͨ͘͠ͱ͍ ЖքאبกᎠ", number, 72, 700, 10)], False

    monkeypatch.setattr(pdf, "pypdf_lines", garbled)
    case = CASES["footnote.pdf"]
    assert word_recall(import_pdf(case.data, case.name).text, case.truth) >= 0.98
