"""``briefing import PROJECT FILE.jsonld|.json``: W3C or Hypothesis annotations as highlights.

Every file is read and every annotation placed (``briefing.anchor_annotations``)
before anything is written; then the highlights, and the themes their tags
name, are stored in one transaction. Prints one line per new highlight (id,
source id, start-end, quote) and a summary; each annotation that could not be
anchored is one line on stderr. Imported highlights start *out of* the brief,
like autocoded ones.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..text import shorten
from .common import Failure, UsageError, plural

SUFFIXES = (".jsonld", ".json")
"""Files ``briefing import`` reads as annotations rather than as sources (no source
format is JSON; Hypothesis's API gives ``.json``)."""


def is_annotations(path: str) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from ..anchor_annotations import place_annotations
    from ..importers.annotations import load_annotations
    from ..store import Store

    others = [f for f in args.files if not is_annotations(f)]
    if others:
        raise UsageError(f"import annotation files on their own, not with {Path(others[0]).name}")
    flags = [f for f in ("title", "author", "date", "place", "url") if getattr(args, f, None)]
    if flags:
        raise UsageError(f"--{flags[0]} applies to source files, not to annotations")
    Store.open(args.project, readonly=True).close()  # refuse a bad project before parsing
    annotations = [a for f in args.files for a in load_annotations(f)]
    with Store.open(args.project) as store:
        project = store.load_project()
        existing = [(h.source_id, h.start, h.end) for h in project.highlights if not h.orphan]
        placed = place_annotations(project.sources, annotations, existing)
        for line in placed.unanchored:
            print(f"briefing: not anchored: {line}", file=sys.stderr)
        if annotations and not placed.spans and not placed.duplicates:
            raise Failure(
                f"none of the {plural(len(annotations), 'annotation')} could be anchored;"
                " nothing changed"
            )
        themes, ids = store.add_tagged_highlights(placed.spans)
        for hid, span in zip(ids, placed.spans, strict=True):
            quote = store.source_text(span.source_id)[span.start : span.end]
            print(f"{hid}\t{span.source_id}\t{span.start}-{span.end}\t{shorten(quote, 70)}")
    print(
        f"imported {plural(len(ids), 'highlight')} and {plural(len(themes), 'new theme')}"
        f" from {plural(len(annotations), 'annotation')}; "
        f"{placed.duplicates} already highlighted, {len(placed.unanchored)} not anchored"
    )
    return 0
