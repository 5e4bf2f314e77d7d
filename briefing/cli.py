"""The command line: ``briefing [PROJECT]`` opens the window; sub-commands give
the same core to scripts. Qt is imported only when the window starts.

Errors are one line on stderr: exit 2 for usage errors, 1 for failures, and a
failed command never modifies the project.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from .text import shorten

COMMANDS = ("new", "sample", "import", "reimport", "theme", "highlight", "export", "info")


class UsageError(Exception):
    pass


class Failure(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="briefing",
        description="Briefing: highlight sources, tag themes, "
        "write judgments and export a typeset brief. With no command, opens the window.",
    )
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    s = sub.add_parser("new", help="create an empty project")
    s.add_argument("project")
    s.add_argument("--title", default="")
    s.add_argument("--codebook", help="a starter codebook name, a codebook .json or another .brief")

    s = sub.add_parser("sample", help="write the sample project")
    s.add_argument("project")

    s = sub.add_parser("import", help="import source files")
    s.add_argument("project")
    s.add_argument("files", nargs="+", metavar="FILE")
    for flag in ("title", "author", "date", "place", "url"):
        s.add_argument(f"--{flag}", help=f"set the {flag} of the imported source(s)")

    s = sub.add_parser("reimport", help="replace a source's text and re-anchor its highlights")
    s.add_argument("project")
    s.add_argument("source_id", type=int)
    s.add_argument("file")

    s = sub.add_parser("theme", help="add or list themes")
    s.add_argument("project")
    tsub = s.add_subparsers(
        dest="theme_command", parser_class=_Parser, metavar="ACTION", required=True
    )
    a = tsub.add_parser("add", help="add a theme")
    a.add_argument("name")
    a.add_argument("--color", help="#RRGGBB")
    a.add_argument("--description", default="")
    tsub.add_parser("list", help="list the codebook")

    s = sub.add_parser("highlight", help="highlight a quote in a source")
    s.add_argument("project")
    s.add_argument("--source", type=int, required=True, metavar="ID")
    s.add_argument("--quote", required=True)
    s.add_argument("--theme", action="append", default=[], metavar="NAME")
    s.add_argument("--note", default="", metavar="MARKDOWN")
    s.add_argument("--occurrence", type=int, default=1, metavar="N")
    s.add_argument("--exclude", action="store_true", help="leave it out of the brief")

    s = sub.add_parser(
        "export", help="export the brief (.pdf .html .md .jsonld) or the project (.json)"
    )
    s.add_argument("project")
    s.add_argument("output")
    s.add_argument("--strict", action="store_true", help="tradecraft warnings are fatal")
    s.add_argument(
        "--progress",
        action="store_true",
        help="print 'progress DONE TOTAL' lines on stderr while laying out a PDF",
    )

    s = sub.add_parser("info", help="print a project's summary")
    s.add_argument("project")
    s.add_argument("--json", action="store_true")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if (argv and argv[0] in COMMANDS) or argv[:1] in (["-h"], ["--help"]):
            args = _parser().parse_args(argv)
            return _run(args)
        gui = _Parser(prog="briefing", add_help=False)
        gui.add_argument("project", nargs="?")
        args = gui.parse_args(argv)
        return _open_window(Path(args.project) if args.project else None)
    except UsageError as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 2
    except Failure as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # known failures first, then anything else: still one line
        from .importers import ImportRefused
        from .store import ProjectError

        if os.environ.get("BRIEFING_DEBUG"):
            raise
        if isinstance(exc, (ProjectError, ImportRefused)):
            print(f"briefing: {exc}", file=sys.stderr)
        elif isinstance(exc, OSError):
            print(
                f"briefing: {exc.filename or ''}: {exc.strerror or exc}".replace(": : ", ": "),
                file=sys.stderr,
            )
        else:
            print(f"briefing: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    return {
        "new": cmd_new,
        "sample": cmd_sample,
        "import": cmd_import,
        "reimport": cmd_reimport,
        "theme": cmd_theme,
        "highlight": cmd_highlight,
        "export": cmd_export,
        "info": cmd_info,
    }[args.command](args)


def _size(n: int) -> str:
    return f"{n:,} characters"


def cmd_new(args: argparse.Namespace) -> int:
    from .codebook import apply_codebook, load_codebook
    from .store import Store

    themes = load_codebook(args.codebook) if args.codebook else []
    title = args.title or Path(args.project).stem
    with Store.create(args.project, title=title) as store:
        apply_codebook(store, themes)
        n = len(store.themes())
    print(f"created {args.project}" + (f" with {n} themes" if n else ""))
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from .sample import write_sample

    with write_sample(args.project) as store:
        c = store.counts()
    print(
        f"wrote the sample project {args.project}: {c['sources']} source, {c['themes']} themes,"
        f" {c['highlights']} highlights, {c['judgments']} key judgments"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .importers import import_file
    from .store import Store

    Store.open(args.project, readonly=True).close()  # refuse a bad project before parsing
    imported = [import_file(f) for f in args.files]  # all parsed before anything is stored
    with Store.open(args.project) as store:
        overrides = {
            "title": args.title,
            "author": args.author,
            "date": args.date,
            "dateline": args.place,
            "url": args.url,
        }
        for item in imported:
            fields = item.source_fields(**overrides)
            sid = store.add_source(**fields)
            print(f"{sid}\t{fields['title']}\t{fields.get('date') or '-'}\t{_size(len(item.text))}")
    return 0


def cmd_reimport(args: argparse.Namespace) -> int:
    from .importers import import_file
    from .store import Store

    with Store.open(args.project) as store:
        try:
            source = store.source(args.source_id)
        except KeyError:
            raise Failure(f"no source {args.source_id} in {Path(args.project).name}") from None
        item = import_file(args.file)
        report = store.replace_source_text(args.source_id, item.text)
        if not report.text_changed:
            print(f"{source.title}: the text is unchanged; {len(report.unchanged)} highlights kept")
            return 0
        store.update_source(args.source_id, filename=item.filename)
        print(
            f"{source.title}: re-imported; {len(report.unchanged)} highlights in place, "
            f"{len(report.moved)} moved, {len(report.orphans)} orphans"
        )
        for hid in report.orphans:
            h = store.highlight(hid)
            print(f"orphan\t{hid}\t{shorten(h.quote, 70)}")
    return 0


_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def cmd_theme(args: argparse.Namespace) -> int:
    from .model import codebook_order, theme_keys
    from .store import Store

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


def cmd_highlight(args: argparse.Namespace) -> int:
    from .sample import find_quote
    from .store import Store

    with Store.open(args.project) as store:
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
        from .model import normalize_text

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
    from .store import Store

    out = Path(args.output)
    if not out.parent.is_dir():
        raise Failure(f"{out.parent}: no such folder")
    with Store.open(args.project, readonly=True) as store:
        project = store.load_project()
    from .export import BriefCheckFailed, export

    def progress(done: int, total: int) -> None:
        print(f"progress {done} {total}", file=sys.stderr, flush=True)

    try:
        warnings = export(
            project, out, strict=args.strict, progress=progress if args.progress else None
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


def cmd_info(args: argparse.Namespace) -> int:
    from .model import codebook_order
    from .store import Store

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
        f"{len(sources)} sources, {len(themes)} themes, {c['highlights']} highlights, "
        f"{c['judgments']} key judgments"
    )
    for s in info["sources"]:
        print(
            f"  source {s['id']}: {s['title']} ({s['date'] or 'no date'}, "
            f"{s['characters']:,} characters, {s['highlights']} highlights)"
        )
    for t in info["themes"]:
        print(f"  theme {t['id']}: {t['name']} ({t['highlights']} highlights)")
    return 0


# -- the window ---------------------------------------------------------------------

_XCB_LIBS = (
    "libxcb-cursor.so.0",
    "libxkbcommon-x11.so.0",
    "libxcb-icccm.so.4",
    "libxcb-keysyms.so.1",
    "libxcb-shape.so.0",
    "libxcb-randr.so.0",
    "libxcb-render-util.so.0",
    "libxcb-image.so.0",
)
_DEBIAN_QT = (
    "libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 "
    "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 "
    "libxcb-render-util0 libxcb-image0"
)


def display_problem() -> str | None:
    """Why the window cannot start here, in one line, or None. Checked before a
    QApplication exists, because Qt aborts the process when it cannot."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if sys.platform.startswith("linux") and platform not in ("offscreen", "minimal", "vnc"):
        wayland = os.environ.get("WAYLAND_DISPLAY") and platform.startswith("wayland")
        if not os.environ.get("DISPLAY") and not wayland and not os.environ.get("WAYLAND_DISPLAY"):
            return (
                "no display is available (DISPLAY is not set); use the command line "
                "('briefing --help') or run under xvfb-run"
            )
        if os.environ.get("DISPLAY") and not wayland:
            import ctypes

            missing = []
            for lib in _XCB_LIBS:
                try:
                    ctypes.CDLL(lib)
                except OSError:
                    missing.append(lib)
            if missing:
                return (
                    f"Qt's system libraries are missing ({', '.join(missing)}); on Debian/"
                    f"Ubuntu: sudo apt-get install {_DEBIAN_QT}; or use the command line "
                    "('briefing --help')"
                )
    try:
        import PySide6.QtWidgets  # noqa: F401  (fails with ImportError when libGL/libEGL are missing)
    except ImportError as exc:
        return (
            f"Qt cannot load ({exc}); on Debian/Ubuntu: sudo apt-get install {_DEBIAN_QT}; "
            "or use the command line ('briefing --help')"
        )
    return None


def _open_window(project: Path | None) -> int:
    problem = display_problem()
    if problem:
        raise Failure(f"cannot open the window: {problem}")
    if project is not None and not project.exists():
        raise Failure(f"{project}: no such project (create one with 'briefing new {project}')")
    from .ui.app import run

    return run(project)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
