"""Helpers for the panel tests: a real MainWindow on a small temporary project."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from ui_helpers import close_window, isolate_settings, open_window  # noqa: F401

from briefing.render.project_data import project_data
from briefing.store import Store

ALPHA = (
    "Baghdad, Iraq — The foreign troops left the base on Monday. Foreign influence "
    "remains strong, officials said. The fox jumps over the lazy dog."
)
BETA = (
    "Analysts warn that foreign influence grows. Influence operations target the "
    "ministry. A fox is not a dog 😀 and <b>bold</b> stays text."
)


@dataclass
class Project:
    store: Store
    sources: list[int]
    themes: dict[str, int]
    highlights: list[int] = field(default_factory=list)


def make_project(tmp_path: Path) -> Project:
    store = Store.create(tmp_path / "t.brief")
    s1 = store.add_source(
        "Alpha report", ALPHA, author="Wire", date="2025-12-29", dateline="Baghdad, Iraq"
    )
    s2 = store.add_source("Beta analysis", BETA)
    themes = {
        "Security": store.add_theme("Security", color="#0072B2"),
        "Foreign influence": store.add_theme("Foreign influence", color="#D55E00"),
        "Economy": store.add_theme("Economy", color="#009E73"),
    }
    p = Project(store, [s1, s2], themes)
    troops = ALPHA.index("The foreign troops")
    p.highlights.append(
        store.add_highlight(
            s1,
            troops,
            troops + len("The foreign troops left the base"),
            theme_ids=[themes["Security"]],
            note="Withdrawal",
        )
    )
    infl = ALPHA.index("Foreign influence remains")
    p.highlights.append(
        store.add_highlight(
            s1,
            infl,
            infl + len("Foreign influence remains strong"),
            theme_ids=[themes["Foreign influence"], themes["Security"]],
        )
    )
    ops = BETA.index("Influence operations")
    p.highlights.append(
        store.add_highlight(
            s2,
            ops,
            ops + len("Influence operations target the ministry"),
            theme_ids=[themes["Foreign influence"]],
            note="Check *who* says so",
        )
    )
    store.add_judgment(
        "Influence will grow", confidence="moderate", support=[p.highlights[1], p.highlights[2]]
    )
    return p


def snapshot(store: Store) -> dict:
    """Everything a restore must bring back exactly."""
    data = project_data(store.load_project())
    for h in data["highlights"]:
        h.pop("created", None)
    return {
        "themes": data["themes"],
        "highlights": data["highlights"],
        "judgments": data["judgments"],
        "sources": [{k: v for k, v in s.items() if k != "added"} for s in data["sources"]],
        "excerpt_order": data["excerpt_order"],
        "counts": store.theme_counts(),
    }
