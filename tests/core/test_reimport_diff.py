"""Re-import through one diff: highlights carried over, only the rest searched."""

from __future__ import annotations

import random

import pytest

from briefing.anchoring import Selector, reanchor
from briefing.anchoring.diffmap import OffsetMap
from briefing.model import context_of
from briefing.store import Store
from briefing.store.reanchor import plan_reanchor

_WORDS = [
    "budget",
    "security",
    "transport",
    "health",
    "energy",
    "water",
    "minister",
    "council",
    "talks",
    "border",
    "province",
    "militia",
    "election",
    "court",
    "harbour",
    "railway",
    "grain",
    "fuel",
    "loan",
    "envoy",
    "treaty",
    "strike",
    "protest",
    "ceasefire",
    "convoy",
    "airport",
    "census",
    "drought",
    "flood",
    "refinery",
]
_rng = random.Random(11)
PARAS = [
    " ".join(_rng.choice(_WORDS) for _ in range(18)).capitalize() + f", said source {i}."
    for i in range(30)
]
OLD = "\n\n".join(PARAS)


def selector(text: str, quote: str, occurrence: int = 1) -> Selector:
    at = -1
    for _ in range(occurrence):
        at = text.index(quote, at + 1)
    prefix, q, suffix = context_of(text, at, at + len(quote))
    return Selector(at, at + len(quote), q, prefix, suffix)


def test_unchanged_text_maps_every_offset_to_itself():
    m = OffsetMap(OLD, OLD)
    assert all(m.point(p) == p for p in range(0, len(OLD), 37))


def test_an_insertion_shifts_what_follows_and_leaves_what_precedes():
    new = OLD.replace(PARAS[10], "An inserted paragraph.\n\n" + PARAS[10])
    sels = {"before": selector(OLD, PARAS[3][:40]), "after": selector(OLD, PARAS[20][10:60])}
    found, orphans = reanchor(new, sels, old_text=OLD)
    assert orphans == []
    assert found["before"].start == sels["before"].start
    assert found["after"].start == sels["after"].start + len("An inserted paragraph.\n\n")
    for k, a in found.items():
        assert new[a.start : a.end] == sels[k].quote


def test_a_deleted_paragraph_orphans_its_highlight_only():
    new = OLD.replace(PARAS[12] + "\n\n", "")
    sels = {"gone": selector(OLD, PARAS[12][:50]), "kept": selector(OLD, PARAS[13][:50])}
    found, orphans = reanchor(new, sels, old_text=OLD)
    assert orphans == ["gone"]
    assert new[found["kept"].start : found["kept"].end] == sels["kept"].quote


def test_a_moved_paragraph_takes_its_highlight_along():
    order = PARAS[:5] + PARAS[6:25] + [PARAS[5]] + PARAS[25:]
    new = "\n\n".join(order)
    sels = {"moved": selector(OLD, PARAS[5][5:70]), "still": selector(OLD, PARAS[26][:30])}
    found, orphans = reanchor(new, sels, old_text=OLD)
    assert orphans == []
    assert found["moved"].start == new.index(PARAS[5]) + 5
    assert found["moved"].method == "quote"
    assert new[found["still"].start : found["still"].end] == sels["still"].quote


def test_an_edit_inside_a_highlight_keeps_it_on_the_edited_passage():
    quote = PARAS[8]
    words = quote.split(" ")
    words[6] = "unexpectedly"
    edited = " ".join(words)
    new = OLD.replace(quote, edited)
    sels = {"h": selector(OLD, quote)}
    found, orphans = reanchor(new, sels, old_text=OLD)
    assert orphans == []
    a = found["h"]
    assert a.method == "fuzzy"
    assert new[a.start : a.end] == edited


def test_a_rewritten_highlight_becomes_an_orphan():
    quote = PARAS[9]
    new = OLD.replace(quote, "Nothing of the kind was said on that day by anyone at all, ever.")
    found, orphans = reanchor(new, {"h": selector(OLD, quote)}, old_text=OLD)
    assert orphans == ["h"]
    assert found == {}


def test_the_diff_and_the_search_agree_on_random_edits():
    rng = random.Random(4)
    paras = list(PARAS)
    for _ in range(6):
        i = rng.randrange(len(paras))
        words = paras[i].split(" ")
        words[rng.randrange(len(words))] = "changed"
        paras[i] = " ".join(words)
    paras.insert(3, "A new first paragraph of the update.")
    del paras[17]
    new = "\n\n".join(paras)
    sels = {i: selector(OLD, " ".join(p.split(" ")[2:9])) for i, p in enumerate(PARAS)}
    by_diff, orphans_diff = reanchor(new, sels, old_text=OLD)
    by_search, orphans_search = reanchor(new, sels)
    assert orphans_diff == orphans_search
    assert {k: (a.start, a.end) for k, a in by_diff.items()} == {
        k: (a.start, a.end) for k, a in by_search.items()
    }


@pytest.fixture
def project(tmp_path):
    store = Store.create(tmp_path / "r.brief", title="Re-import")
    sid = store.add_source("Article", OLD)
    ids = [
        store.add_highlight(sid, OLD.index(PARAS[i]), OLD.index(PARAS[i]) + 40) for i in (2, 12, 20)
    ]
    yield store, sid, ids
    store.close()


def test_a_reimport_reports_moved_and_orphaned_highlights(project):
    store, sid, (h2, h12, h20) = project
    new = "Breaking: an update.\n\n" + OLD.replace(PARAS[12], "A different paragraph now.")
    report = store.replace_source_text(sid, new)
    assert sorted(report.moved) == [h2, h20]
    assert report.orphans == [h12]
    assert store.highlight(h20).quote == PARAS[20][:40]
    assert store.highlight(h12).orphan
    assert store.source_text(sid) == new


def test_a_plan_is_refused_when_the_source_changed_meanwhile(project):
    store, sid, _ = project
    plan = plan_reanchor(store.source_text(sid), store.highlights(sid), OLD + "\n\nMore.")
    store.replace_source_text(sid, OLD + "\n\nSomething else.")
    with pytest.raises(ValueError, match="changed while it was being re-imported"):
        store.apply_reanchor(sid, plan)
    assert store.source_text(sid).endswith("Something else.")
