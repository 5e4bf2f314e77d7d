"""`briefing brief`, `briefing judgment` and `briefing autocode` end to end,
including bad input that must leave the project untouched."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def briefing(*args):
    env = {**os.environ}
    env.pop("BRIEFING_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "briefing", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def ok(*args) -> str:
    r = briefing(*args)
    assert r.returncode == 0, r.stderr
    return r.stdout


def refused(code: int, path: Path, *args) -> str:
    before = path.read_bytes()
    r = briefing(*args)
    assert r.returncode == code, (r.stdout, r.stderr)
    err = r.stderr.strip()
    assert err and "\n" not in err and "Traceback" not in err, err
    assert path.read_bytes() == before, "a refused command changed the project"
    return err


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "s.brief"
    ok("sample", path)
    return path


@pytest.fixture
def project(pristine, tmp_path) -> Path:
    path = tmp_path / "p.brief"
    shutil.copy(pristine, path)
    return path


def test_brief_set_then_show(project, tmp_path):
    bl = tmp_path / "bl.md"
    bl.write_text("Iraq is **very likely** to stay fragile.\n", encoding="utf-8")
    out = ok(
        "brief", project, "set", "--title", "New title", "--date", "2026-01-10",
        "--marking-color", "#aa0000", "--paper", "Letter", "--bottom-line-file", bl,
        "--toc", "--no-chart",
    )  # fmt: skip
    assert out.startswith("set ")
    data = json.loads(ok("brief", project, "show", "--json"))
    assert data["title"] == "New title" and data["date"] == "2026-01-10"
    assert data["marking_color"] == "#AA0000" and data["paper"] == "Letter"
    assert data["bottom_line"] == "Iraq is **very likely** to stay fragile.\n"
    assert data["show_toc"] is True and data["show_chart"] is False
    text = ok("brief", project, "show")
    assert "title: New title" in text and "show toc: yes" in text
    assert text.rstrip().endswith("Iraq is **very likely** to stay fragile.")


@pytest.mark.parametrize(
    ("code", "args", "word"),
    [
        (2, ["set", "--date", "2026-13-01"], "YYYY-MM-DD"),
        (2, ["set", "--date", "10/01/2026"], "YYYY-MM-DD"),
        (2, ["set", "--marking-color", "red"], "#RRGGBB"),
        (2, ["set", "--paper", "A5"], "A5"),
        (2, ["set"], "nothing to set"),
        (2, ["set", "--bottom-line", "x", "--bottom-line-file", "f"], "not allowed"),
    ],
)
def test_brief_set_refuses_bad_input(project, code, args, word):
    assert word in refused(code, project, "brief", project, *args)


def test_judgment_add_set_list_remove(project):
    before = ok("judgment", project, "list").splitlines()
    n, jid = ok(
        "judgment", project, "add", "Baghdad will likely seek new partners.",
        "--likelihood", "Likely", "--confidence", "moderate", "--support", "1", "2",
    ).split()  # fmt: skip
    assert int(n) == len(before) + 1
    line = ok("judgment", project, "list").splitlines()[-1].split("\t")
    assert line[:5] == [n, jid, "likely", "moderate", "1,2"]
    ok("judgment", project, "set", n, "--likelihood", "very likely", "--add-support", "3")
    line = ok("judgment", project, "list").splitlines()[-1].split("\t")
    assert line[2] == "very likely" and line[4] == "1,2,3"
    ok("judgment", project, "set", n, "--support", "4", "--text", "Changed.")
    line = ok("judgment", project, "list").splitlines()[-1].split("\t")
    assert line[4] == "4" and line[5] == "Changed."
    assert "removed key judgment" in ok("judgment", project, "remove", n)
    assert ok("judgment", project, "list").splitlines() == before


@pytest.mark.parametrize(
    ("code", "args", "word"),
    [
        (2, ["add", "x", "--likelihood", "probably"], "ICD 203"),
        (2, ["add", "x", "--confidence", "certain"], "certain"),
        (1, ["add", "x", "--support", "1", "9999"], "no highlight 9999"),
        (1, ["set", "99", "--text", "x"], "no key judgment 99"),
        (1, ["set", "1", "--text", "x", "--add-support", "9999"], "no highlight 9999"),
        (2, ["set", "1"], "nothing to set"),
        (1, ["remove", "0"], "no key judgment 0"),
    ],
)
def test_judgment_refuses_bad_input(project, code, args, word):
    assert word in refused(code, project, "judgment", project, *args)


def test_autocode_sentences_out_of_the_brief_then_nothing_new(project):
    ok("theme", project, "add", "UN presence")
    out = ok(
        "autocode", project, "--find", "UNAMI", "--theme", "UN presence", "--scope", "sentence"
    )
    lines = [line.split("\t") for line in out.splitlines()]
    assert len(lines) == 2
    for _hid, sid, span, _quote in lines:
        assert sid == "1"
        start, end = map(int, span.split("-"))
        assert end - start > len("UNAMI") + 20
    from briefing.store import Store

    with Store.open(project, readonly=True) as store:
        text = store.source_text(1)
        for hid, *_ in lines:
            h = store.highlight(int(hid))
            assert not h.included and "UNAMI" in h.quote
            assert text[h.end - 1] in ".!?" and (h.start == 0 or text[h.start - 2] in ".!?\n")
    assert ok("autocode", project, "--find", "UNAMI", "--theme", "UN presence") == ""


@pytest.mark.parametrize(
    ("code", "args", "word"),
    [
        (2, ["--find", "(", "--regex", "--theme", "Security transition"], "regular expression"),
        (1, ["--find", "UNAMI", "--theme", "No such theme"], "No such theme"),
        (1, ["--find", "UNAMI", "--theme", "Security transition", "--source", "9"], "source 9"),
        (2, ["--find", "UNAMI", "--theme", "Security transition", "--scope", "page"], "page"),
    ],
)
def test_autocode_refuses_bad_input(project, code, args, word):
    assert word in refused(code, project, "autocode", project, *args)


def test_sample_counts_use_singular_and_plural(tmp_path):
    out = ok("sample", tmp_path / "one.brief")
    assert ": 1 source, 6 themes," in out
