"""Every command end to end, as a subprocess, including bad input."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "iraq-transition-2025-12-29.txt"


def briefing(*args: str, cwd: Path | None = None, env: dict | None = None):
    full_env = {**os.environ, **(env or {})}
    full_env.pop("BRIEFING_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "briefing", *map(str, args)],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def ok(*args: str, **kw) -> str:
    r = briefing(*args, **kw)
    assert r.returncode == 0, r.stderr
    return r.stdout


def fails(code: int, *args: str, **kw) -> str:
    r = briefing(*args, **kw)
    assert r.returncode == code, (r.stdout, r.stderr)
    err = r.stderr.strip()
    assert err and "\n" not in err and "Traceback" not in err, err
    return err


def digest(path: Path) -> str:
    """What the project holds (opening for writing may touch header bytes)."""
    from briefing.render.project_data import project_data
    from briefing.store import Store

    with Store.open(path, readonly=True) as s:
        data = project_data(s.load_project())
    return hashlib.sha256(repr(data).encode()).hexdigest()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "x.brief"
    out = ok("sample", path)
    assert "highlights" in out
    return path


def test_sample_then_pdf_holds_the_included_quotes(sample, tmp_path):
    from pypdf import PdfReader

    spec = json.loads((ROOT / "resources" / "sample.json").read_text(encoding="utf-8"))
    pdf = tmp_path / "x.pdf"
    ok("export", sample, pdf)
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = " ".join(text.split())
    included = [h["quote"] for h in spec["highlights"] if h.get("included", True)]
    assert len(included) >= 10
    for quote in included:
        words = " ".join(quote.split())
        assert words[:40] in flat, quote


def test_info_shows_the_sample(sample):
    out = ok("info", sample)
    assert "Iraq after the drawdown" in out and "Foreign influence" in out
    data = json.loads(ok("info", sample, "--json"))
    assert data["sources"][0]["date"] == "2025-12-29"
    assert len(data["themes"]) >= 5 and data["highlights"] >= 10 and data["judgments"] >= 3


def test_json_export_is_the_whole_project(sample, tmp_path):
    out = tmp_path / "x.json"
    ok("export", sample, out)
    raw = out.read_text(encoding="utf-8")
    assert "’" in raw  # non-ASCII written as itself
    data = json.loads(raw)
    src = data["sources"][0]
    assert src["text"].startswith("Baghdad, Iraq — The United States")
    assert src["date"] == "2025-12-29" and src["dateline"] == "Baghdad, Iraq"
    for h in data["highlights"]:
        assert src["text"][h["start"] : h["end"]] == h["quote"]
        assert h["themes"]
    assert data["brief"]["title"] and len(data["judgments"]) >= 3


def test_new_import_theme_highlight_flow(tmp_path):
    p = tmp_path / "p.brief"
    assert "created" in ok("new", p, "--title", "My brief", "--codebook", "security-transition")
    listing = ok("theme", p, "list")
    assert "Foreign influence" in listing and "\t1\t" in listing
    art = tmp_path / "art.txt"
    art.write_text(
        "Militias in Basra clashed again. Militias in Basra withdrew later.\n", encoding="cp1252"
    )
    line = ok("import", p, art, "--author", "Wire", "--place", "Basra").strip()
    sid, title, _date, size = line.split("\t")
    assert sid == "1" and title.startswith("Militias in Basra") and "characters" in size
    ok("theme", p, "add", "Militias", "--color", "#112233", "--description", "armed groups")
    out = ok(
        "highlight",
        p,
        "--source",
        "1",
        "--quote",
        "Militias in Basra",
        "--occurrence",
        "2",
        "--theme",
        "Militias",
        "--note",
        "second one",
        "--exclude",
    )
    _hid, span, quote = out.strip().split("\t")
    assert span == "33-50" and quote == "Militias in Basra"
    data = json.loads(ok("info", p, "--json"))
    assert data["sources"][0]["highlights"] == 1
    exported = tmp_path / "p.json"
    ok("export", p, exported)
    h = json.loads(exported.read_text(encoding="utf-8"))["highlights"][0]
    assert h["included"] is False and h["note"] == "second one" and h["themes"] == ["Militias"]
    s = json.loads(exported.read_text(encoding="utf-8"))["sources"][0]
    assert s["author"] == "Wire" and s["dateline"] == "Basra"


def test_new_with_another_projects_codebook(sample, tmp_path):
    p = tmp_path / "n.brief"
    ok("new", p, "--codebook", sample)
    assert "Reform opportunity" in ok("theme", p, "list")


def test_reimport_lists_orphans(tmp_path):
    p = tmp_path / "p.brief"
    ok("new", p)
    v1 = tmp_path / "v1.txt"
    v1.write_text("Alpha para about reform.\n\nBeta para about militias.\n", encoding="utf-8")
    ok("import", p, v1)
    ok("highlight", p, "--source", "1", "--quote", "reform")
    ok("highlight", p, "--source", "1", "--quote", "militias")
    v2 = tmp_path / "v2.txt"
    v2.write_text("New lead.\n\nAlpha para about reform.\n\nBeta para was cut.\n", encoding="utf-8")
    out = ok("reimport", p, "1", v2)
    assert "1 moved, 1 orphan\n" in out and "orphan\t2\tmilitias" in out


def test_usage_errors_exit_2_with_one_line(tmp_path):
    fails(2, "import")
    fails(2, "theme", tmp_path / "p.brief", "paint")
    fails(2, "highlight", tmp_path / "p.brief", "--quote", "x")
    fails(2, "--bogus-flag")


def test_failures_exit_1_and_leave_the_project_untouched(sample, tmp_path):
    p = tmp_path / "p.brief"
    ok("new", p)
    good = tmp_path / "good.txt"
    good.write_text("Fine text here.", encoding="utf-8")
    binary = tmp_path / "bad.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    before = digest(p)
    assert "bad.txt" in fails(1, "import", p, good, binary, "--all-or-nothing")
    assert digest(p) == before and json.loads(ok("info", p, "--json"))["sources"] == []
    fails(1, "highlight", p, "--source", "7", "--quote", "x")
    assert "#RRGGBB" in fails(2, "theme", p, "add", "X", "--color", "red")
    assert ".qdpx" in fails(2, "export", p, tmp_path / "out.xyz")  # usage: every format listed
    fails(1, "export", p, tmp_path / "no" / "such" / "dir.pdf")
    assert digest(p) == before
    fails(1, "info", tmp_path / "missing.brief")
    notproj = tmp_path / "n.brief"
    notproj.write_text("hello")
    assert "not a Briefing project" in fails(1, "info", notproj)
    fails(1, "new", p)  # exists
    fails(1, "new", tmp_path / "q.brief", "--codebook", "no-such-codebook")
    assert not (tmp_path / "q.brief").exists()


def test_second_writer_gets_a_clear_message(sample, tmp_path):
    import textwrap

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from briefing.store import Store
            s = Store.open({str(sample)!r})
            print("ready", flush=True)
            time.sleep(60)
        """),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert "open for writing" in fails(1, "theme", sample, "add", "New")
        ok("info", sample)
        ok("export", sample, tmp_path / "while-open.json")
    finally:
        holder.kill()
        holder.wait()


def test_window_without_display_says_so_in_one_line(tmp_path):
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    err = fails(1, env=env)
    assert "no display" in err and "briefing --help" in err


def test_export_progress_lines_for_the_window(sample, tmp_path):
    r = briefing("export", "--progress", sample, tmp_path / "p.pdf")
    assert r.returncode == 0, r.stderr
    steps = [
        tuple(map(int, line.split()[1:]))
        for line in r.stderr.splitlines()
        if line.startswith("progress ")
    ]
    assert len(steps) > 3 and all(0 < done <= total for done, total in steps)
    assert (tmp_path / "p.pdf").read_bytes()[:5] == b"%PDF-"


def test_tradecraft_warnings_go_to_stderr_and_strict_makes_them_fatal(tmp_path):
    p = tmp_path / "p.brief"
    ok("new", p)  # no marking set: one warning
    r = briefing("export", p, tmp_path / "a.pdf")
    assert r.returncode == 0 and "warning: " in r.stderr and "marking" in r.stderr
    assert (tmp_path / "a.pdf").exists()
    r = briefing("export", "--strict", p, tmp_path / "b.pdf")
    assert r.returncode == 1 and "--strict" in r.stderr.splitlines()[-1]
    assert not (tmp_path / "b.pdf").exists()
