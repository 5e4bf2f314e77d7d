"""Commands on a project's sources and highlights, and the export:
``new``, ``sample``, ``import``, ``reimport``, ``highlight``, ``export``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..text import shorten
from .common import Failure, UsageError, plural, printable_name


class SteadyProgress:
    """``progress(done, total)`` passed on as thousandths of the work: the total
    is always ``TOTAL`` and the count never goes back, even when the PDF
    layout re-estimates its pages or starts another pass."""

    TOTAL = 1000

    def __init__(self, show: Callable[[int, int], None]):
        self._show = show
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        step = self.TOTAL if done >= total else min(self.TOTAL - 1, done * self.TOTAL // total)
        if step > self._last:
            self._last = step
            self._show(step, self.TOTAL)


def _size(n: int) -> str:
    return f"{n:,} characters"


def cmd_new(args: argparse.Namespace) -> int:
    from ..codebook import apply_codebook, load_codebook
    from ..store import Store
    from ..store.project import remove_project_file

    themes = load_codebook(args.codebook) if args.codebook else []
    title = args.title or printable_name(Path(args.project).stem)
    store = Store.create(args.project, title=title)
    try:
        with store:
            apply_codebook(store, themes)
            n = len(store.themes())
    except BaseException:  # a failed ``new`` leaves no file behind
        remove_project_file(Path(args.project))
        raise
    print(f"created {args.project}" + (f" with {n} themes" if n else ""))
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from ..sample import write_sample

    with write_sample(args.project) as store:
        c = store.counts()
    print(
        f"wrote the sample project {args.project}: {plural(c['sources'], 'source')}, "
        f"{plural(c['themes'], 'theme')}, {plural(c['highlights'], 'highlight')}, "
        f"{plural(c['judgments'], 'key judgment')}"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Store every readable file; one line on stderr per refused file, exit 1 if any.
    With ``--all-or-nothing``, the first refused file stops the command and
    nothing is stored."""
    from ..importers import ImportRefused
    from ..importers.sandbox import import_checked
    from ..store import Store
    from .interchange import cmd_import_qdpx, wants_qdpx

    if wants_qdpx(args.files):
        return cmd_import_qdpx(args)
    from .annotations import cmd_import_annotations, is_annotations

    if any(is_annotations(f) for f in args.files):  # W3C / Hypothesis annotations
        return cmd_import_annotations(args)

    Store.open(args.project, readonly=True).close()  # refuse a bad project before parsing
    imported, refused = [], []
    for f in args.files:  # all parsed before anything is stored
        try:
            item = import_checked(f)  # in a child process with memory and time limits
        except ImportRefused as exc:
            if args.all_or_nothing:
                raise
            refused.append(str(exc))
            print(f"briefing: {exc}", file=sys.stderr)
            continue
        imported.append(item)
        for w in item.warnings:
            print(f"warning: {w}", file=sys.stderr)
    if imported:
        overrides = {
            "title": args.title,
            "author": args.author,
            "date": args.date,
            "dateline": args.place,
            "url": args.url,
        }
        with Store.open(args.project) as store, store.batch():
            for item in imported:
                fields = item.source_fields(**overrides)
                sid = store.add_source(**fields)
                date = fields.get("date") or "-"
                print(f"{sid}\t{fields['title']}\t{date}\t{_size(len(item.text))}")
    return 1 if refused else 0


def cmd_reimport(args: argparse.Namespace) -> int:
    from ..importers.sandbox import import_checked
    from ..store import Store

    with Store.open(args.project) as store:
        try:
            source = store.source(args.source_id)
        except KeyError:
            raise Failure(f"no source {args.source_id} in {Path(args.project).name}") from None
        item = import_checked(args.file)
        report = store.replace_source_text(args.source_id, item.text)
        if not report.text_changed:
            n = len(report.unchanged)
            print(f"{source.title}: the text is unchanged; {plural(n, 'highlight')} kept")
            return 0
        store.update_source(args.source_id, filename=item.filename)
        print(
            f"{source.title}: re-imported; {plural(len(report.unchanged), 'highlight')} in place, "
            f"{len(report.moved)} moved, {plural(len(report.orphans), 'orphan')}"
        )
        for hid in report.orphans:
            h = store.highlight(hid)
            print(f"orphan\t{hid}\t{shorten(h.quote, 70)}")
    return 0


def read_note_file(name: str) -> str:
    """The text of ``--note-file`` (``-``: standard input), as UTF-8."""
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise Failure(f"{name}: {exc.strerror or 'cannot be read'}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Failure(f"{'standard input' if name == '-' else name}: not UTF-8 text") from None


def cmd_highlight(args: argparse.Namespace) -> int:
    from ..sample import find_quote
    from ..store import Store

    if args.note_file is not None:
        args.note = read_note_file(args.note_file)
    with Store.open(args.project) as store:  # the file changes only at a commit
        try:
            text = store.source_text(args.source)
        except KeyError:
            raise Failure(f"no source {args.source} in {Path(args.project).name}") from None
        themes = []
        for name in args.theme:
            theme = store.theme_by_name(name)
            if theme is None:
                raise Failure(
                    f"no theme named {name!r} (add it with 'briefing theme "
                    f"{args.project} add {name!r}')"
                )
            themes.append(theme.id)
        from ..model import normalize_text

        span = find_quote(text, normalize_text(args.quote), args.occurrence)
        if span is None:
            which = "" if args.occurrence == 1 else f" {args.occurrence} times"
            raise Failure(f"the quote does not occur{which} in source {args.source}")
        hid = store.add_highlight(
            args.source, *span, theme_ids=themes, note=args.note, included=not args.exclude
        )
        print(f"{hid}\t{span[0]}-{span[1]}\t{shorten(store.highlight(hid).quote, 70)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..store import Store
    from .interchange import export_crlf

    if getattr(args, "crlf", False):
        return export_crlf(args)

    from ..export import FORMATS, BriefCheckFailed, export

    out = Path(args.output)
    if out.suffix.lower() not in FORMATS:  # bad usage: say so before reading anything
        shown = f"“{out.suffix}”" if out.suffix else "a file without an extension"
        raise UsageError(f"Cannot export as {shown}; use one of: " + ", ".join(FORMATS))
    if not out.parent.is_dir():
        raise Failure(f"{out.parent}: no such folder")
    with Store.open(args.project, readonly=True) as store:
        project = store.load_project()

    def show(done: int, total: int) -> None:
        print(f"progress {done} {total}", file=sys.stderr, flush=True)

    try:
        warnings = export(
            project,
            out,
            strict=args.strict,
            progress=SteadyProgress(show) if args.progress else None,
        )
    except BriefCheckFailed as exc:
        for w in exc.warnings:
            print(f"warning: {w}", file=sys.stderr)
        n = len(exc.warnings)
        raise Failure(
            f"{n} tradecraft warning{'s' if n != 1 else ''} and --strict: nothing written"
        ) from None
    except ValueError as exc:
        raise Failure(str(exc)) from None
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"wrote {out}")
    return 0
