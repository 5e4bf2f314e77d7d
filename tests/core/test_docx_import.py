"""Word import of what python-docx's paragraphs alone miss: notes, comments, text
boxes, nested tables and Strict documents (tests/corpus/word_files.py)."""

from __future__ import annotations

from corpus.word_files import REPORT_TEXT, report, strict

from briefing.importers.docx import import_docx


def test_notes_comments_text_boxes_and_nested_tables_in_reading_order() -> None:
    source = import_docx(report(), "report.docx")
    assert source.title == "Water and power in the north" and source.author == "R. Analyst"
    assert source.text == REPORT_TEXT


def test_footnote_markers_stay_in_the_body_and_notes_follow_it() -> None:
    text = import_docx(report(), "report.docx").text
    body, notes = text.split("\n\nNotes\n\n")
    assert "spring[1]" in body and "rose[2]" in body and "Erbil[i]" in body
    assert notes.startswith("[1] Ministry of Water, spring bulletin.\n[2] Market survey, May.")


def test_text_box_is_read_once_after_its_paragraph() -> None:
    text = import_docx(report(), "report.docx").text
    assert text.count("Box: figures are provisional.") == 1  # not its VML copy as well
    assert text.index("figures on Tuesday.") < text.index("Box: figures") < text.index("Observers")


def test_headers_and_footers_are_left_out() -> None:
    text = import_docx(report(), "report.docx").text
    assert "running header" not in text and "Page footer text" not in text


def test_comments_close_the_text_with_their_authors() -> None:
    text = import_docx(report(), "report.docx").text
    assert text.endswith(
        "\n\nComments\n\nJ. Editor: Which observers? Needs a source.\nCheck the date."
    )


def test_strict_documents_are_read_like_transitional_ones() -> None:
    source = import_docx(strict(report()), "strict.docx")
    assert source.text == REPORT_TEXT
    assert source.title == "Water and power in the north" and source.author == "R. Analyst"
