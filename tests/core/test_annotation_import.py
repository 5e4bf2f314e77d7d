"""``briefing import PROJECT FILE.jsonld``: W3C and Hypothesis annotations become highlights.

Anchored on the source whose text fingerprint or web address matches, never
by a source id from the file; the unanchored are listed; one transaction.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.importers import ImportRefused
from briefing.importers.annotations import read_annotations
from briefing.store import Store
from briefing.store.tagged import TaggedSpan
from briefing.text import fingerprint

STORY = (
    "Militia leaders met in Basra on Monday.\n\n"
    "They said the ceasefire would hold\nuntil the elections, "
    "according to two officials who asked not to be named.\n\n"
    "Observers doubt it."
)
DECOY = "Militia leaders met in Basra on Monday. A different story entirely, about trade."


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args], capture_output=True, text=True, timeout=120
    )


def _snapshot(path: Path) -> tuple:
    with Store.open(path, readonly=True) as s:
        return (
            [(h.source_id, h.start, h.end, h.theme_ids, h.note) for h in s.highlights()],
            [t.name for t in s.themes()],
        )


@pytest.fixture
def sample_export(tmp_path: Path) -> tuple[Path, Path]:
    project = tmp_path / "a.brief"
    out = tmp_path / "a.jsonld"
    assert _cli("sample", str(project)).returncode == 0
    assert _cli("export", str(project), str(out)).returncode == 0
    return project, out


def test_own_export_round_trips_into_another_project_by_fingerprint(sample_export, tmp_path):
    original, exported = sample_export
    with Store.open(original, readonly=True) as a:
        src = a.source(a.sources()[0].id)
        want = [
            (h.start, h.end, sorted(a.theme(t).name for t in h.theme_ids), h.note)
            for h in a.highlights()
        ]
    other = tmp_path / "b.brief"
    with Store.create(other) as b:
        b.add_source("Decoy", DECOY)  # source 1 here is another text: ids must not be trusted
        b.add_theme("security TRANSITION", color="#123456")  # matched by name, any case
        copy = b.add_source("Copy", src.text)
    done = _cli("import", str(other), str(exported))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert len(lines) == len(want) + 1
    assert lines[-1].startswith(f"imported {len(want)} highlights and 5 new themes")
    assert all(line.split("\t")[1] == str(copy) for line in lines[:-1])
    with Store.open(other, readonly=True) as b:
        got = [
            (h.start, h.end, [b.theme(t).name for t in h.theme_ids], h.note) for h in b.highlights()
        ]
        assert all(h.source_id == copy and not h.included for h in b.highlights())
        assert b.theme_by_name("Security transition").color == "#123456"
    rename = {"security TRANSITION": "Security transition"}
    assert [(s, e, sorted(rename.get(n, n) for n in t), note) for s, e, t, note in got] == want
    again = _cli("import", str(other), str(exported))
    assert again.returncode == 0
    assert again.stdout.strip() == (
        f"imported 0 highlights and 0 new themes from {len(want)} annotations; "
        f"{len(want)} already highlighted, 0 not anchored"
    )


def test_a_bare_source_id_never_anchors(tmp_path: Path):
    project = tmp_path / "p.brief"
    with Store.create(project) as s:
        s.add_source("Story", STORY)
    legacy = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "target": {
            "source": "urn:briefing:source:1",
            "selector": [
                {"type": "TextQuoteSelector", "exact": "Militia leaders met in Basra"},
                {"type": "TextPositionSelector", "start": 0, "end": 28},
            ],
        },
    }
    f = tmp_path / "legacy.jsonld"
    f.write_text(json.dumps(legacy), encoding="utf-8")
    before = _snapshot(project)
    done = _cli("import", str(project), str(f))
    assert done.returncode == 1
    err = done.stderr.splitlines()
    assert err[0].startswith("briefing: not anchored: “Militia leaders met in Basra”")
    assert "names no web address or text fingerprint" in err[0]
    assert err[-1] == "briefing: none of the 1 annotation could be anchored; nothing changed"
    assert _snapshot(project) == before


def _hypothesis_row(uri: str, exact: str, prefix: str, suffix: str, **extra) -> dict:
    return {
        "id": "hyp-" + exact[:8].replace(" ", "_"),
        "uri": uri,
        "text": extra.pop("text", ""),
        "tags": extra.pop("tags", []),
        "target": [
            {
                "source": uri,
                "selector": [
                    {"type": "RangeSelector", "startContainer": "/main[1]/p[2]"},
                    {"type": "TextPositionSelector", "start": 5012, "end": 5012 + len(exact)},
                    {
                        "type": "TextQuoteSelector",
                        "exact": exact,
                        "prefix": prefix,
                        "suffix": suffix,
                    },
                ],
            }
        ],
        **extra,
    }


def test_hypothesis_annotations_anchor_on_the_page_they_were_made_on(tmp_path: Path):
    project = tmp_path / "p.brief"
    with Store.create(project) as s:
        s.add_theme("Militias")
        s.add_source("Decoy", DECOY, url="https://elsewhere.example/")
        story = s.add_source("Story", STORY, url="http://example.org/news/basra")
    page = "https://www.example.org/news/basra/#annotations:group"
    rows = [  # the page's text wraps differently and uses a curly apostrophe nowhere
        _hypothesis_row(
            page,
            "They said the ceasefire would hold until the elections",
            "Monday.\n",
            ", according",
            tags=["militias", "Ceasefire"],
            text="Two *anonymous* officials.",
        ),
        _hypothesis_row(page, "Militia leaders met in Basra", "", " on Monday", tags=[]),
        _hypothesis_row(page, "This sentence is not in the story", "", ""),
        _hypothesis_row("https://other.example/", "Observers doubt it", "", ""),
        {
            "id": "pagenote",
            "uri": page,
            "text": "A note on the whole page",
            "target": [{"source": page}],
        },
    ]
    f = tmp_path / "hypothesis.json"  # as Hypothesis's API gives it
    f.write_text(json.dumps({"total": len(rows), "rows": rows}), encoding="utf-8")
    done = _cli("import", str(project), str(f))
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert len(out) == 3
    assert out[-1] == (
        "imported 2 highlights and 1 new theme from 5 annotations; "
        "0 already highlighted, 3 not anchored"
    )
    err = done.stderr.splitlines()
    assert len(err) == 3 and all(e.startswith("briefing: not anchored: ") for e in err)
    assert "This sentence is not in the story" in err[0] and "not in Story" in err[0]
    assert "Observers doubt it" in err[1] and "web address or text" in err[1]
    assert "pagenote" in err[2] and "no text selector" in err[2]
    with Store.open(project, readonly=True) as s:
        hs = s.highlights(story)
        names = {t.id: t.name for t in s.themes()}
        assert [STORY[h.start : h.end] for h in hs] == [
            "Militia leaders met in Basra",
            "They said the ceasefire would hold\nuntil the elections",
        ]
        assert [names[t] for t in hs[1].theme_ids] == ["Militias", "Ceasefire"]
        assert hs[1].note == "Two *anonymous* officials."
        assert sorted(names.values()) == ["Ceasefire", "Militias"]


def test_refusals_change_nothing(tmp_path: Path, sample_export):
    project, exported = sample_export
    before = _snapshot(project)
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{"type": "AnnotationCollection", "first": {', encoding="utf-8")
    done = _cli("import", str(project), str(exported), str(bad))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "bad.jsonld: not JSON" in done.stderr
    mixed = _cli("import", str(project), str(exported), str(tmp_path / "story.txt"))
    assert mixed.returncode == 2 and "on their own" in mixed.stderr
    flags = _cli("import", str(project), str(exported), "--title", "X")
    assert flags.returncode == 2 and "--title" in flags.stderr
    assert _snapshot(project) == before


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"\xff\xfe{", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"hello": "world"}', "not W3C or Hypothesis annotations"),
        (b'"just a string"', "not W3C or Hypothesis annotations"),
        (b'{"type": "AnnotationCollection", "first": "https://x.example/p1"}', "not in the file"),
    ],
)
def test_parser_refuses_in_one_line(payload: bytes, message: str):
    with pytest.raises(ImportRefused) as err:
        read_annotations(payload, "f.jsonld")
    assert str(err.value).startswith("f.jsonld: ") and message in str(err.value)
    assert "\n" not in str(err.value)


def test_parser_reads_pages_single_annotations_and_tagging_bodies():
    text = "the text"
    anno = {
        "type": "Annotation",
        "motivation": "tagging",
        "body": [{"type": "TextualBody", "value": "Reform"}],
        "target": {
            "source": fingerprint(text),
            "scope": "https://news.example/a",
            "selector": {"type": "TextQuoteSelector", "exact": "text"},
        },
    }
    commented = {
        "type": ["Annotation"],
        "bodyValue": "A plain note",
        "target": "https://news.example/b",
    }
    collection = {
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": [anno], "next": {"items": [commented]}},
    }
    got = read_annotations(json.dumps(collection).encode(), "c.jsonld")
    assert [a.tags for a in got] == [("Reform",), ()]
    assert got[0].fingerprints == (fingerprint(text),)
    assert got[0].urls == ("https://news.example/a",)
    assert got[0].quote == "text"
    assert got[1].note == "A plain note" and got[1].urls == ("https://news.example/b",)
    page = {"type": "AnnotationPage", "items": [anno]}
    assert read_annotations(json.dumps(page).encode(), "p") == got[:1]
    assert read_annotations(json.dumps(anno).encode(), "a") == got[:1]
    assert read_annotations(json.dumps([anno, commented]).encode(), "l") == got


def test_tagged_highlights_are_one_transaction(tmp_path: Path):
    with Store.create(tmp_path / "t.brief") as s:
        sid = s.add_source("Story", STORY)
        ok = TaggedSpan(sid, 0, 7, themes=("New theme",))
        outside = TaggedSpan(sid, 5, len(STORY) + 10, themes=("Other",))
        with pytest.raises(ValueError, match="outside the source"):
            s.add_tagged_highlights([ok, outside])
        assert s.themes() == [] and s.highlights() == []
        themes, ids = s.add_tagged_highlights([ok, TaggedSpan(sid, 8, 15, ("new THEME",), "n")])
        assert len(themes) == 1 and len(ids) == 2
        assert [h.theme_ids for h in s.highlights()] == [(themes[0],), (themes[0],)]
        assert s.theme(themes[0]).key == 1
