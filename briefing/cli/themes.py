"""``theme`` and ``info``: the codebook and the project's summary."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .common import COLOR as _COLOR
from .common import Failure, UsageError, plural


def cmd_theme(args: argparse.Namespace) -> int:
    from ..model import codebook_order, theme_keys
    from ..store import Store

    if args.theme_command in ("import", "export"):
        from .interchange import cmd_theme_file

        return cmd_theme_file(args)
    if args.theme_command == "add":
        if args.color and not _COLOR.match(args.color):
            raise UsageError(f"--color must look like #RRGGBB, not {args.color!r}")
        with Store.open(args.project) as store:
            if store.theme_by_name(args.name):
                raise Failure(f"a theme named {args.name!r} already exists")
            tid = store.add_theme(args.name, color=args.color, description=args.description)
            print(f"{tid}\t{store.theme(tid).name}\t{store.theme(tid).color}")
        return 0
    with Store.open(args.project, readonly=True) as store:
        themes = store.themes()
        counts, keys = store.theme_counts(rolled_up=True), theme_keys(themes)
        depth: dict[int, int] = {}
        for t in codebook_order(themes):
            depth[t.id] = depth.get(t.parent_id, -1) + 1 if t.parent_id else 0
            key = str(keys.get(t.id, " "))
            print(f"{t.id}\t{key}\t{t.color}\t{'  ' * depth[t.id]}{t.name}\t{counts.get(t.id, 0)}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from ..model import codebook_order
    from ..store import Store

    with Store.open(args.project, readonly=True) as store:
        brief, sources, themes = store.brief(), store.sources(), store.themes()
        counts = store.theme_counts(rolled_up=True)
        c = store.counts()
        info: dict[str, Any] = {
            "title": brief.title,
            "sources": [
                {
                    "id": s.id,
                    "title": s.title,
                    "date": s.date,
                    "characters": s.length,
                    "highlights": s.highlight_count,
                }
                for s in sources
            ],
            "themes": [
                {
                    "id": t.id,
                    "name": t.name,
                    "color": t.color,
                    "parent_id": t.parent_id,
                    "highlights": counts.get(t.id, 0),
                }
                for t in codebook_order(themes)
            ],
            "highlights": c["highlights"],
            "judgments": c["judgments"],
        }
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"{info['title'] or Path(args.project).stem}")
    print(
        f"{plural(len(sources), 'source')}, {plural(len(themes), 'theme')}, "
        f"{plural(c['highlights'], 'highlight')}, {plural(c['judgments'], 'key judgment')}"
    )
    for s in info["sources"]:
        print(
            f"  source {s['id']}: {s['title']} ({s['date'] or 'no date'}, "
            f"{s['characters']:,} characters, {s['highlights']} highlights)"
        )
    for t in info["themes"]:
        print(f"  theme {t['id']}: {t['name']} ({t['highlights']} highlights)")
    return 0
