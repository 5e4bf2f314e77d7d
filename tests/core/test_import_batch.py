"""`briefing import` with several files: readable ones are stored, each refused
file is one line on stderr, and library noise never reaches the terminal."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from test_cli import briefing, ok


def _pdf(text: str, *, password: str = "") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, encrypt=password or None)
    c.drawString(72, 700, text)
    c.save()
    return buffer.getvalue()


def _batch(tmp_path: Path) -> list[Path]:
    good = tmp_path / "good.txt"
    good.write_text("A readable report about the ceasefire talks.", encoding="utf-8")
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(_pdf("Restricted text.", password="secret"))
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    # A wrong startxref offset: pypdf reads the file but logs warnings about it.
    shifted = tmp_path / "shifted.pdf"
    data = _pdf("Hello World from a shifted file.")
    shifted.write_bytes(
        re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n%d" % (int(m[1]) + 7), data)
    )
    return [good, locked, junk, shifted]


def test_a_mixed_batch_stores_every_readable_file(tmp_path: Path) -> None:
    p = tmp_path / "p.brief"
    ok("new", p)
    r = briefing("import", p, *_batch(tmp_path))
    assert r.returncode == 1
    errors = r.stderr.strip().splitlines()
    assert errors == [
        "briefing: locked.pdf: is password-protected",
        "briefing: junk.txt: looks like a binary file, not text",
    ]
    stored = r.stdout.strip().splitlines()
    assert len(stored) == 2 and all(line.count("\t") == 3 for line in stored)
    titles = [s["title"] for s in json.loads(ok("info", p, "--json"))["sources"]]
    assert len(titles) == 2 and any("shifted" in t or "Hello World" in t for t in titles)


def test_all_or_nothing_stores_nothing_when_one_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "p.brief"
    ok("new", p)
    r = briefing("import", p, *_batch(tmp_path), "--all-or-nothing")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.strip() == "briefing: locked.pdf: is password-protected"
    assert json.loads(ok("info", p, "--json"))["sources"] == []


def test_library_warnings_stay_off_the_terminal(tmp_path: Path) -> None:
    p = tmp_path / "p.brief"
    ok("new", p)
    shifted = _batch(tmp_path)[3]
    r = briefing("import", p, shifted)
    assert r.returncode == 0 and r.stderr == ""
    assert "\tHello World from a shifted file\t" in r.stdout


def test_library_warnings_go_to_the_debug_log(tmp_path: Path, caplog) -> None:
    import logging

    from briefing.importers import import_file

    shifted = _batch(tmp_path)[3]
    with caplog.at_level(logging.DEBUG, logger="briefing.importers"):
        assert "Hello World" in import_file(shifted).text
    assert any(r.levelno == logging.DEBUG and "startxref" in r.getMessage() for r in caplog.records)


def test_warnings_module_is_routed_and_restored(caplog) -> None:
    import logging
    import warnings

    from briefing.importers.quiet import quiet_libraries

    before = warnings.showwarning
    with caplog.at_level(logging.DEBUG, logger="briefing.importers"), quiet_libraries():
        warnings.warn("a library grumbles", UserWarning, stacklevel=1)
    assert warnings.showwarning is before
    assert any("a library grumbles" in r.getMessage() for r in caplog.records)


def test_a_bulk_import_of_the_pdf_corpus_stores_every_readable_file(tmp_path: Path) -> None:
    from corpus.pdfs import cases

    corpus = cases()
    paths = []
    for case in corpus:
        path = tmp_path / case.name
        path.write_bytes(case.data)
        paths.append(path)
    p = tmp_path / "p.brief"
    ok("new", p)
    r = briefing("import", p, *paths)
    refused = [c.name for c in corpus if c.refused]
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        f"briefing: {name}: the text of page 1 does not read as words: its letters change "
        "script inside words (a broken font encoding)"
        for name in refused
    ]  # and no library noise
    assert len(r.stdout.strip().splitlines()) == len(corpus) - len(refused)
    assert len(json.loads(ok("info", p, "--json"))["sources"]) == len(corpus) - len(refused)


def test_a_page_without_an_article_is_stored_with_a_warning_line(tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><body><div><a>Home</a> <a>About</a></div></body></html>")
    p = tmp_path / "p.brief"
    ok("new", p)
    r = briefing("import", p, page)
    assert r.returncode == 0 and r.stdout.count("\n") == 1
    assert r.stderr.startswith("warning: menu.html: the article extractor found")
    assert r.stderr.count("\n") == 1
