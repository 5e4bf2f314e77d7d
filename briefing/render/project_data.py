"""The ``.json`` export: the whole project as data (see README).

``project_data(project)`` is a JSON-ready dict; ``project_json(project)`` the
text written to disk (UTF-8, indented, one trailing newline).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..model import Project


def project_data(project: Project) -> dict[str, Any]:
    """The whole project as data (the ``.json`` export)."""
    names = {t.id: t.name for t in project.themes}
    highlights = []
    for h in project.highlights:
        d = asdict(h)
        d["theme_ids"] = list(h.theme_ids)
        d["themes"] = [names[t] for t in h.theme_ids if t in names]
        highlights.append(d)
    return {
        "format": "briefing-project",
        "format_version": 1,
        "positions": "Unicode code points into the source text (NFC, \\n line ends)",
        "brief": asdict(project.brief),
        "sources": [asdict(s) for s in project.sources],
        "themes": [{**asdict(t), "keywords": list(t.keywords)} for t in project.themes],
        "highlights": highlights,
        "judgments": [{**asdict(j), "support": list(j.support)} for j in project.judgments],
        "excerpt_order": {str(k): v for k, v in project.excerpt_order.items()},
    }


def project_json(project: Project) -> str:
    """``project_data`` as the ``.json`` file's text."""
    return json.dumps(project_data(project), ensure_ascii=False, indent=2) + "\n"
