"""``brief`` and ``judgment``: the brief's title block, bottom line and key
judgments from the command line.

Each command validates all of its input before it writes, then writes in one
transaction: a refused command leaves the project untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..text import shorten
from .common import COLOR, Failure, UsageError, _Parser

PAPERS = ("A4", "Letter")
CONFIDENCES = ("low", "moderate", "high")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_TEXT_FIELDS = ("title", "subtitle", "author", "organisation", "marking")
_SWITCHES = {"toc": "show_toc", "chart": "show_chart", "appendix": "show_appendix"}


def add_brief_parsers(sub: Any) -> None:
    """The ``brief`` and ``judgment`` sub-commands."""
    s = sub.add_parser("brief", help="show or set the brief's title block and bottom line")
    s.add_argument("project")
    bsub = s.add_subparsers(
        dest="brief_command", parser_class=_Parser, metavar="ACTION", required=True
    )
    a = bsub.add_parser("show", help="print the brief's fields")
    a.add_argument("--json", action="store_true")
    a = bsub.add_parser("set", help="set the brief's fields")
    for name in _TEXT_FIELDS:
        a.add_argument(f"--{name}")
    a.add_argument("--date", metavar="YYYY-MM-DD")
    a.add_argument("--marking-color", metavar="#RRGGBB")
    a.add_argument("--paper", choices=PAPERS)
    bl = a.add_mutually_exclusive_group()
    bl.add_argument("--bottom-line", metavar="MARKDOWN")
    bl.add_argument("--bottom-line-file", metavar="FILE")
    for flag in _SWITCHES:
        a.add_argument(f"--{flag}", action=argparse.BooleanOptionalAction, default=None)

    s = sub.add_parser("judgment", help="add, change, list or remove key judgments")
    s.add_argument("project")
    jsub = s.add_subparsers(
        dest="judgment_command", parser_class=_Parser, metavar="ACTION", required=True
    )
    a = jsub.add_parser("add", help="add a key judgment at the end")
    a.add_argument("text", metavar="TEXT")
    a.add_argument("--likelihood", metavar="TERM")
    a.add_argument("--confidence", choices=CONFIDENCES)
    a.add_argument("--support", nargs="+", type=int, default=[], metavar="HIGHLIGHT_ID")
    a = jsub.add_parser("set", help="change key judgment N")
    a.add_argument("number", type=int, metavar="N")
    a.add_argument("--text")
    a.add_argument("--likelihood", metavar="TERM")
    a.add_argument("--confidence", choices=CONFIDENCES)
    sup = a.add_mutually_exclusive_group()
    sup.add_argument("--support", nargs="+", type=int, metavar="HIGHLIGHT_ID")
    sup.add_argument("--add-support", nargs="+", type=int, metavar="HIGHLIGHT_ID")
    jsub.add_parser("list", help="list the key judgments")
    a = jsub.add_parser("remove", help="remove key judgment N")
    a.add_argument("number", type=int, metavar="N")


# -- brief ------------------------------------------------------------------------


def cmd_brief(args: argparse.Namespace) -> int:
    from ..store import Store

    if args.brief_command == "show":
        with Store.open(args.project, readonly=True) as store:
            brief = store.brief()
        if args.json:
            print(json.dumps(asdict(brief), ensure_ascii=False, indent=2))
            return 0
        for name, value in asdict(brief).items():
            if name == "bottom_line":
                continue
            if isinstance(value, bool):
                value = "yes" if value else "no"
            print(f"{name.replace('_', ' ')}: {value}")
        print("bottom line:")
        if brief.bottom_line.strip():
            print(brief.bottom_line.rstrip("\n"))
        return 0
    values = _brief_values(args)
    if not values:
        raise UsageError(
            "nothing to set: give at least one option (see 'briefing brief PROJECT set --help')"
        )
    with Store.open(args.project) as store:
        store.update_brief(**values)
    print("set " + ", ".join(k.replace("_", " ") for k in values))
    return 0


def _brief_values(args: argparse.Namespace) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        if getattr(args, name) is not None:
            values[name] = getattr(args, name)
    if args.date is not None:
        values["date"] = _check_date(args.date)
    if args.marking_color is not None:
        if not COLOR.match(args.marking_color):
            raise UsageError(f"--marking-color must look like #RRGGBB, not {args.marking_color!r}")
        values["marking_color"] = args.marking_color.upper()
    if args.paper is not None:
        values["paper"] = args.paper
    if args.bottom_line is not None:
        values["bottom_line"] = args.bottom_line
    elif args.bottom_line_file is not None:
        try:
            values["bottom_line"] = Path(args.bottom_line_file).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise Failure(f"{args.bottom_line_file}: not UTF-8 text") from None
    for flag, field in _SWITCHES.items():
        if getattr(args, flag) is not None:
            values[field] = getattr(args, flag)
    return values


def _check_date(text: str) -> str:
    if text == "":
        return ""
    try:
        if not _DATE.match(text):
            raise ValueError
        dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date must be a date as YYYY-MM-DD, not {text!r}") from None
    return text


# -- judgments --------------------------------------------------------------------


def _likelihood(term: str | None) -> str | None:
    from ..model import LIKELIHOODS

    if term is None:
        return None
    key = " ".join(term.lower().split())
    if key and key not in LIKELIHOODS:
        raise UsageError(
            f"--likelihood must be one of the ICD 203 terms ({', '.join(LIKELIHOODS)}), "
            f"not {term!r}"
        )
    return key


def _check_support(store: Any, ids: list[int]) -> None:
    known = {h.id for h in store.highlights()}
    missing = [str(i) for i in ids if i not in known]
    if missing:
        raise Failure(f"no highlight {', '.join(missing)} in {Path(store.path).name}")


def _by_number(store: Any, number: int) -> Any:
    judgments = store.judgments()
    if not 1 <= number <= len(judgments):
        have = f"1-{len(judgments)}" if judgments else "none"
        raise Failure(f"no key judgment {number} (the brief has {have})")
    return judgments[number - 1]


def cmd_judgment(args: argparse.Namespace) -> int:
    from ..store import Store

    command = args.judgment_command
    if command == "list":
        with Store.open(args.project, readonly=True) as store:
            for n, j in enumerate(store.judgments(), 1):
                cited = ",".join(map(str, j.support)) or "-"
                print(
                    f"{n}\t{j.id}\t{j.likelihood or '-'}\t{j.confidence or '-'}\t{cited}\t"
                    f"{shorten(' '.join(j.text.split()), 70)}"
                )
        return 0
    likelihood = _likelihood(args.likelihood) if command in ("add", "set") else None
    values: dict[str, str] = {}
    if command == "set":
        values = {
            k: v
            for k, v in (
                ("text", args.text),
                ("likelihood", likelihood),
                ("confidence", args.confidence),
            )
            if v is not None
        }
        if not values and args.support is None and args.add_support is None:
            raise UsageError("nothing to set: give --text, --likelihood, --confidence or --support")
    # Everything is checked on a read-only open, so a refused command leaves
    # the file as it was, byte for byte; then one write.
    support: list[int] | None = None
    with Store.open(args.project, readonly=True) as store:
        if command == "add":
            support = list(args.support)
        else:
            j = _by_number(store, args.number)
            if command == "set":
                support = args.support
                if args.add_support is not None:
                    support = [*j.support, *args.add_support]
        if support is not None:
            _check_support(store, support)
    with Store.open(args.project) as store:
        if command == "add":
            jid = store.add_judgment(
                args.text,
                confidence=args.confidence or "",
                likelihood=likelihood or "",
                support=support or (),
            )
            print(f"{len(store.judgments())}\t{jid}")
        elif command == "remove":
            store.delete_judgment(j.id)
            print(f"removed key judgment {args.number} ({j.id})")
        else:
            store.edit_judgment(j.id, support=support, **values)
            print(f"{args.number}\t{j.id}")
    return 0
