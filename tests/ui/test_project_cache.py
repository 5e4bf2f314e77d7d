"""The window's project cache keeps each theme's excerpt order true to the store
while only reading again the themes an addition touched."""

from __future__ import annotations

import random

from briefing.store import Store
from briefing.ui.project_cache import ProjectCache

TEXT = "The ministry said the talks would resume. " * 40


def test_excerpt_order_follows_every_kind_of_edit(tmp_path):
    store = Store.create(tmp_path / "p.brief")
    cache = ProjectCache(lambda: store)
    store.subscribe(cache.apply)
    sid = store.add_source("Source", TEXT)
    themes = [store.add_theme(f"T{i}") for i in range(4)]
    rng = random.Random(12)
    removed = []
    reads = 0
    for step in range(300):
        ids = [h.id for h in store.highlights()]
        op = rng.random()
        if op < 0.35 or not ids:
            start = rng.randrange(0, len(TEXT) - 30)
            spans = [(sid, start, start + rng.randint(5, 30)) for _ in range(rng.randint(1, 3))]
            store.add_highlights(spans, theme_ids=rng.sample(themes, rng.randint(0, 2)))
        elif op < 0.5:
            gone = rng.sample(ids, min(len(ids), rng.randint(1, 2)))
            removed.append(store.delete_highlights(gone))
        elif op < 0.6 and removed:
            store.restore(removed.pop())  # undo a deletion: the excerpts return to their places
        elif op < 0.75:
            tid = rng.choice(themes)
            order = store.excerpt_order().get(tid, [])
            store.set_excerpt_order(tid, rng.sample(order, len(order)))
        elif op < 0.9:
            store.set_highlight_themes(rng.choice(ids), rng.sample(themes, rng.randint(0, 2)))
        else:
            store.update_highlight(rng.choice(ids), note=f"note {step}")
        if rng.random() < 0.5:  # edits pile up between reads, as while the panel is hidden
            reads += 1
            assert cache.excerpt_order() == store.excerpt_order(), f"step {step}"
    assert reads > 100
    store.close()


def test_an_addition_reads_only_the_orders_of_its_themes(tmp_path):
    store = Store.create(tmp_path / "p.brief")
    cache = ProjectCache(lambda: store)
    store.subscribe(cache.apply)
    sid = store.add_source("Source", TEXT)
    a, b = store.add_theme("A"), store.add_theme("B")
    store.add_highlights([(sid, i * 10, i * 10 + 5) for i in range(20)], theme_ids=[a])
    store.add_highlights([(sid, i * 10 + 5, i * 10 + 9) for i in range(20)], theme_ids=[b])
    cache.excerpt_order()
    asked: list[object] = []
    real = store.excerpt_order

    def spy(theme_ids=None):
        asked.append(None if theme_ids is None else set(theme_ids))
        return real(theme_ids)

    store.excerpt_order = spy  # type: ignore[method-assign]
    (new,) = store.add_highlights([(sid, 300, 320)], theme_ids=[b])
    assert cache.excerpt_order()[b][-1] == new
    assert asked == [{b}]
    store.close()
