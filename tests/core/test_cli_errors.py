"""One line for a person, always: every failure of a command is one sentence
without a Python class name, a refused command leaves the file's bytes as they
were, and what is printed cannot drive the terminal."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.cli import errors as cli_errors
from briefing.cli import main
from briefing.cli.project import SteadyProgress
from briefing.store import Store

ROOT = Path(__file__).resolve().parents[2]
CLASS_NAME = re.compile(r"\b[A-Z][a-zA-Z]*(Error|Exception)\b|Traceback")


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("briefing: "), err
    assert not CLASS_NAME.search(lines[0]), err
    return lines[0]


@pytest.fixture
def project(tmp_path, capsys) -> Path:
    path = tmp_path / "p.brief"
    src = tmp_path / "src.txt"
    src.write_text("The minister resigned on Monday.\n\nTalks resume next week.\n")
    assert run(capsys, "new", path)[0] == 0
    assert run(capsys, "import", path, src, "--title", "Report")[0] == 0
    assert run(capsys, "theme", path, "add", "Politics")[0] == 0
    return path


# -- arguments that are not text ----------------------------------------------------------


def test_a_title_that_is_not_utf8_is_refused_and_new_leaves_no_file(tmp_path, capsys):
    path = tmp_path / "t.brief"
    code, out, err = run(
        capsys, "new", path, "--title", "x\udcffy"
    )  # what Python makes of b"x\xffy"
    assert code == 2 and out == ""
    assert one_line(err) == (
        "briefing: --title is not valid UTF-8 text (x\\xffy); check the terminal's encoding"
    )
    assert list(tmp_path.iterdir()) == []


def test_non_utf8_arguments_from_a_real_shell(tmp_path):
    """Bytes as a shell passes them (the repro: --title $'x\\xffy', --note $'\\xff')."""
    path = tmp_path / "t.brief"
    env = {k: v for k, v in os.environ.items() if k != "BRIEFING_DEBUG"}
    r = subprocess.run(
        [sys.executable, "-m", "briefing", "new", str(path), "--title", b"x\xffy"],
        cwd=ROOT,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert r.returncode == 2
    one_line(r.stderr.decode())
    assert list(tmp_path.iterdir()) == []


def test_a_note_that_is_not_utf8_changes_nothing(project, capsys):
    before = project.read_bytes()
    code, _, err = run(
        capsys, "highlight", project, "--source", 1, "--quote", "minister", "--note", "\udcff"
    )
    assert code == 2
    assert "--note is not valid UTF-8 text" in one_line(err)
    assert project.read_bytes() == before


# -- refused commands leave the bytes unchanged ----------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("--source", "9", "--quote", "minister"),
        ("--source", "1", "--quote", "not in the text"),
        ("--source", "1", "--quote", "minister", "--theme", "Nope"),
    ],
)
def test_a_refused_highlight_leaves_the_file_byte_identical(project, capsys, args):
    before = project.read_bytes()
    code, _, err = run(capsys, "highlight", project, *args)
    assert code == 1
    one_line(err)
    assert project.read_bytes() == before  # not even SQLite's change counter moved
    assert sorted(p.name for p in project.parent.iterdir() if p.name.startswith("p.brief")) == [
        "p.brief"
    ]


# -- codebooks -------------------------------------------------------------------------------


def test_a_malformed_codebook_names_the_bad_field_and_leaves_no_project(tmp_path, capsys):
    book = tmp_path / "c.json"
    book.write_text('{"themes":[1,2]}')
    code, _, err = run(capsys, "new", tmp_path / "t.brief", "--codebook", book)
    assert code == 1
    assert one_line(err) == (
        "briefing: c.json: not a codebook file (themes[0] is not a theme (an object with a name))"
    )
    book.write_text(json.dumps({"themes": [{"name": "A", "children": [{"name": " "}]}]}))
    code, _, err = run(capsys, "new", tmp_path / "t.brief", "--codebook", book)
    assert "themes[0].children[0].name: every theme needs a name" in one_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json"]


def test_json_nested_900_deep_is_one_line(tmp_path, capsys):
    node = '{"name": "leaf"}'
    for i in range(900):
        node = f'{{"name": "n{i}", "children": [{node}]}}'
    book = tmp_path / "deep.json"
    book.write_text(f'{{"themes": [{node}]}}')
    code, _, err = run(capsys, "new", tmp_path / "t.brief", "--codebook", book)
    assert code == 1
    assert "nested too deeply" in one_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep.json"]


def test_a_failure_after_new_created_the_file_removes_it(tmp_path, capsys, monkeypatch):
    import briefing.codebook

    def broken(store, themes):
        raise MemoryError

    monkeypatch.setattr(briefing.codebook, "apply_codebook", broken)
    code, _, err = run(capsys, "new", tmp_path / "t.brief")
    assert code == 1
    assert one_line(err).startswith("briefing: out of memory")
    assert list(tmp_path.iterdir()) == []


# -- read-only files ------------------------------------------------------------------------


def test_a_read_only_project_says_so(project, capsys):
    """A project on a read-only mount (root ignores file permissions)."""
    mnt = project.parent / "ro"
    mnt.mkdir()
    r = subprocess.run(
        ["mount", "--bind", str(project.parent), str(mnt)], capture_output=True, check=False
    )
    if r.returncode != 0:
        pytest.skip("cannot bind-mount here (needs root)")
    try:
        r = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(mnt)], capture_output=True, check=False
        )
        if r.returncode != 0:
            pytest.skip("cannot remount read-only here")
        code, _, err = run(capsys, "theme", mnt / "p.brief", "add", "Economy")
        assert code == 1
        assert one_line(err) == (
            "briefing: p.brief: is read-only (open it read-only, or allow writing to it)"
        )
        code, out, _ = run(capsys, "info", mnt / "p.brief")  # reading still works
        assert code == 0 and "Report" in out
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores modes"
)
def test_a_read_only_file_says_so(project, capsys):
    project.chmod(0o444)
    code, _, err = run(capsys, "theme", project, "add", "Economy")
    assert code == 1
    assert "is read-only" in one_line(err)


def test_sqlite_read_only_error_is_mapped(tmp_path):
    """SQLite's "attempt to write a readonly database" becomes "is read-only"."""
    import sqlite3

    from briefing.projectfile import write_failure

    db = tmp_path / "x.brief"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    ro = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.OperationalError) as info:
            ro.execute("INSERT INTO t VALUES (1)")
        assert "readonly" in str(info.value)
        assert (
            str(write_failure(db, info.value)) == "x.brief: is read-only; the change was not saved"
        )
    finally:
        ro.close()


# -- anything else ---------------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_with_the_traceback_in_the_log(
    project, capsys, monkeypatch, tmp_path
):
    import briefing.cli.themes

    log = tmp_path / "log" / "briefing.log"
    monkeypatch.setattr(cli_errors, "log_path", lambda: log)

    def boom(args):
        raise ValueError("the widget count was negative")

    monkeypatch.setattr(briefing.cli.themes, "cmd_info", boom)
    monkeypatch.setitem(briefing.cli._COMMANDS, "info", boom)
    code, _, err = run(capsys, "info", project)
    assert code == 1
    assert one_line(err) == (
        f"briefing: unexpected error: the widget count was negative (details: {log})"
    )
    assert "Traceback" in log.read_text() and "ValueError" in log.read_text()

    code, _, err = run(capsys, "--debug", "info", project)
    assert code == 1
    assert "Traceback" in err and err.strip().endswith(
        "the widget count was negative (details: " + str(log) + ")"
    )


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (MemoryError(), "out of memory"),
        (UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed"), "not valid UTF-8"),
        (PermissionError(13, "Permission denied", "/x/y.pdf"), "/x/y.pdf: Permission denied"),
    ],
)
def test_every_exception_is_a_sentence(exc, expected):
    line = cli_errors.one_line(exc)
    assert expected in line
    assert not CLASS_NAME.search(line)


# -- what is printed ---------------------------------------------------------------------------


def test_control_characters_are_shown_escaped(tmp_path, capsys):
    path = tmp_path / "p.brief"
    src = tmp_path / "s.txt"
    src.write_text("Some text.\n")
    evil = "Title\x1b]0;owned\x07\x1b[2J\r\u202eend"
    assert run(capsys, "new", path, "--title", evil)[0] == 0
    code, out, _ = run(capsys, "import", path, src, "--title", evil)
    assert code == 0
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out
    assert "Title\\x1b]0;owned\\x07\\x1b[2J\\x0d\\u202eend" in out
    code, out, _ = run(capsys, "info", path)
    assert code == 0 and "\x1b" not in out and "\\x1b]0;owned" in out
    code, out, _ = run(capsys, "info", path, "--json")
    assert json.loads(out)["title"] == evil  # JSON escapes by itself, and stays exact


def test_a_file_name_that_is_not_utf8_is_shown_not_crashed(tmp_path, capsys):
    name = os.fsdecode(b"caf\xe9.brief")
    code, out, err = run(capsys, "new", tmp_path / name)
    assert code == 0, err
    assert "caf\\xe9.brief" in out
    with Store.open(tmp_path / name, readonly=True) as s:
        assert s.brief().title == "caf\ufffd"


# -- --note-file -----------------------------------------------------------------------------


def test_note_file_takes_a_note_too_long_for_an_argument(project, tmp_path, capsys):
    note = ("> quoted " * 30_000) + "\n\nend of the note"  # 270 KB: over the OS's 128 KB limit
    path = tmp_path / "note.md"
    path.write_text(note, encoding="utf-8")
    code, out, err = run(
        capsys, "highlight", project, "--source", 1, "--quote", "minister", "--note-file", path
    )
    assert code == 0, err
    hid = int(out.split("\t")[0])
    with Store.open(project, readonly=True) as s:
        assert s.highlight(hid).note == note


def test_note_file_dash_reads_standard_input(project, capsys, monkeypatch):
    note = "From *stdin* — ünïcode"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(note.encode("utf-8"))))
    code, out, err = run(
        capsys, "highlight", project, "--source", 1, "--quote", "Talks", "--note-file", "-"
    )
    assert code == 0, err
    with Store.open(project, readonly=True) as s:
        assert s.highlight(int(out.split("\t")[0])).note == note


def test_note_file_errors_are_one_line_and_change_nothing(project, tmp_path, capsys):
    before = project.read_bytes()
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe not utf-8 \x80")
    for args, expected in (
        (("--note-file", bad), "bad.md: not UTF-8 text"),
        (("--note-file", tmp_path / "missing.md"), "missing.md: No such file or directory"),
        (("--note-file", bad, "--note", "x"), "not allowed with argument"),
    ):
        code, _, err = run(
            capsys, "highlight", project, "--source", 1, "--quote", "minister", *args
        )
        assert code in (1, 2)
        assert expected in one_line(err)
    assert project.read_bytes() == before


# -- progress -----------------------------------------------------------------------------------


def test_steady_progress_never_goes_back_nor_changes_its_total():
    shown: list[tuple[int, int]] = []
    steady = SteadyProgress(lambda d, t: shown.append((d, t)))
    for done, total in [(0, 20), (5, 20), (10, 20), (9, 30), (12, 30), (25, 30), (3, 30), (30, 30)]:
        steady(done, total)
    assert {t for _, t in shown} == {1000}
    steps = [d for d, _ in shown]
    assert steps == sorted(steps) and len(set(steps)) == len(steps)
    assert steps[-1] == 1000 and max(steps[:-1]) < 1000


def test_export_progress_lines_only_go_forward(project, tmp_path, capsys):
    code, _, err = run(capsys, "export", project, tmp_path / "b.pdf", "--progress")
    assert code == 0
    lines = [ln.split() for ln in err.splitlines() if ln.startswith("progress ")]
    assert len(lines) >= 2
    done = [int(d) for _, d, _ in lines]
    assert {int(t) for _, _, t in lines} == {1000}
    assert done == sorted(done) and done[-1] == 1000


# -- leftovers of a killed export ----------------------------------------------------------------


def test_a_killed_exports_temp_file_is_removed_by_the_next_export(project, tmp_path):
    out = tmp_path / "brief.pdf"
    env = {k: v for k, v in os.environ.items() if k != "BRIEFING_DEBUG"}
    child = subprocess.Popen(
        [sys.executable, "-m", "briefing", "export", str(project), str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    temps: list[Path] = []
    while time.monotonic() < deadline and not temps and child.poll() is None:
        temps = list(tmp_path.glob(".brief.*.tmp.pdf"))
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()
    if not temps:
        pytest.skip("the export finished before it could be killed")
    assert list(tmp_path.glob(".brief.*.tmp.pdf")), "the kill should leave its temp file"

    from briefing.export import atomic_path

    with atomic_path(out) as tmp:  # the next export: the leftover goes, its own stays
        tmp.write_bytes(b"%PDF-1.4 next export")
        assert [p.name for p in tmp_path.glob(".brief.*.tmp.pdf")] == [tmp.name]
    assert list(tmp_path.glob(".brief.*")) == []
    assert out.read_bytes() == b"%PDF-1.4 next export"


def test_a_temp_file_being_written_by_another_export_is_left_alone(tmp_path):
    from briefing.export import atomic_path, remove_leftovers

    out = tmp_path / "brief.html"
    with atomic_path(out) as busy:  # still being written (its lock is held)
        assert remove_leftovers(tmp_path, out) == []
        assert busy.exists()
        unrelated = tmp_path / ".brief.notes.txt"
        unrelated.write_text("mine")
        assert remove_leftovers(tmp_path, out) == []
    assert unrelated.exists()


def test_a_source_file_whose_name_is_not_utf8_imports(project, tmp_path, capsys):
    name = tmp_path / os.fsdecode(b"caf\xe9.txt")
    name.write_text("A note on caf\u00e9 culture.\n", encoding="utf-8")
    code, out, err = run(capsys, "import", project, name)
    assert code == 0, err
    sid = int(out.split("\t")[0])
    with Store.open(project, readonly=True) as s:
        assert s.source(sid).filename == "caf\ufffd.txt"
