"""``autocode``: tag every match of a text in the sources with a theme
(see ``briefing.autocode``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..text import shorten
from .common import Failure, UsageError


def add_autocode_parser(sub: Any) -> None:
    s = sub.add_parser(
        "autocode",
        help="tag every match of a text with a theme (new highlights start out of the brief)",
    )
    s.add_argument("project")
    s.add_argument("--find", required=True, metavar="TEXT")
    s.add_argument("--regex", action="store_true", help="TEXT is a regular expression")
    s.add_argument("--case", action="store_true", help="match case")
    s.add_argument("--whole-words", action="store_true", help="match whole words only")
    s.add_argument("--theme", required=True, metavar="NAME")
    s.add_argument("--scope", choices=("match", "sentence", "paragraph"), default="sentence")
    s.add_argument("--source", type=int, action="append", metavar="ID", help="only this source")


def cmd_autocode(args: argparse.Namespace) -> int:
    from ..autocode import autocode, compile_find
    from ..store import Store

    try:
        compile_find(args.find, regex=args.regex, case=args.case, whole_words=args.whole_words)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    with Store.open(args.project, readonly=True) as store:  # refuse before opening to write
        theme = store.theme_by_name(args.theme)
        if theme is None:
            raise Failure(
                f"no theme named {args.theme!r} (add it with 'briefing theme "
                f"{args.project} add {args.theme!r}')"
            )
        known = {s.id for s in store.sources()}
        for sid in args.source or ():
            if sid not in known:
                raise Failure(f"no source {sid} in {Path(args.project).name}")
    with Store.open(args.project) as store:
        ids = autocode(
            store,
            theme.id,
            args.find,
            regex=args.regex,
            case=args.case,
            whole_words=args.whole_words,
            scope=args.scope,
            source_ids=args.source,
        )
        for hid in ids:
            h = store.highlight(hid)
            print(f"{hid}\t{h.source_id}\t{h.start}-{h.end}\t{shorten(h.quote, 70)}")
    return 0
