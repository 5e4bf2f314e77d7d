"""The sample project, built through the public API from the reference article
and ``resources/sample.json`` (no committed .brief, so schema changes never
break it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .codebook import apply_codebook, load_codebook
from .importers import import_file
from .resources import resource_path
from .store import Store


def find_quote(text: str, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Code-point span of the Nth exact occurrence of ``quote``."""
    start = -1
    for _ in range(max(1, occurrence)):
        start = text.find(quote, start + 1)
        if start < 0:
            return None
    return start, start + len(quote)


SAMPLE_UUID = "5a3d1c0e-7f2b-4e8a-9c61-2b4f0d9e8a17"
"""Every copy of the sample has this project UUID, so its exports (stable GUIDs
and ids derived from it) are the same from run to run."""


def write_sample(path: str | Path) -> Store:
    """Create the sample project at ``path`` and return it open."""
    spec = json.loads(resource_path("sample.json").read_text(encoding="utf-8"))
    store = Store.create(path, title=spec["project_title"], uuid=SAMPLE_UUID)
    try:
        _fill(store, spec)
    except BaseException:
        store.close()
        Path(path).unlink(missing_ok=True)
        raise
    return store


def _fill(store: Store, spec: dict[str, Any]) -> None:
    src = spec["source"]
    imported = import_file(resource_path(src["file"]))
    sid = store.add_source(
        **imported.source_fields(**{k: v for k, v in src.items() if k != "file"})
    )
    apply_codebook(store, load_codebook(spec["codebook"]))
    text = store.source_text(sid)
    by_quote: dict[str, int] = {}
    for h in spec["highlights"]:
        span = find_quote(text, h["quote"])
        if span is None:
            raise ValueError(f"sample quote not in the article: {h['quote'][:40]}…")
        themes = [_theme_id(store, name) for name in h["themes"]]
        by_quote[h["quote"]] = store.add_highlight(
            sid, *span, theme_ids=themes, note=h.get("note", ""), included=h.get("included", True)
        )
    store.update_brief(**spec["brief"])
    for j in spec["judgments"]:
        support = [
            next(hid for q, hid in by_quote.items() if q.startswith(prefix))
            for prefix in j["support"]
        ]
        store.add_judgment(
            j["text"], confidence=j["confidence"], likelihood=j["likelihood"], support=support
        )
    for name, narrative in spec["narratives"].items():
        store.update_theme(_theme_id(store, name), narrative=narrative)


def _theme_id(store: Store, name: str) -> int:
    theme = store.theme_by_name(name)
    if theme is None:
        raise ValueError(f"sample theme not in the codebook: {name}")
    return theme.id


def user_sample_path() -> Path:
    """Where the first run's copy of the sample lives (never the packaged file)."""
    import platformdirs

    return platformdirs.user_data_path("Briefing", appauthor=False) / "Sample.brief"


def ensure_user_sample() -> Path:
    """The user's copy of the sample project, written on first use."""
    path = user_sample_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_sample(path).close()
    return path
