"""The command line: ``briefing [PROJECT]`` opens the window; sub-commands give
the same core to scripts. Qt is imported only when the window starts.

Errors are one line on stderr: exit 2 for usage errors, 1 for failures, and a
failed command never modifies the project. ``errors`` turns any exception into
that line (``--debug`` before the command shows the traceback) and escapes
control characters in everything printed.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from .brief import add_brief_parsers, cmd_brief, cmd_judgment
from .code import add_autocode_parser, cmd_autocode
from .common import Failure, UsageError, _Parser
from .errors import TerminalSafe, check_text_arguments, log_traceback, one_line
from .project import cmd_export, cmd_highlight, cmd_import, cmd_new, cmd_reimport, cmd_sample
from .themes import cmd_info, cmd_theme
from .window import _open_window, display_problem

__all__ = ["COMMANDS", "Failure", "UsageError", "display_problem", "main"]

COMMANDS = (
    "new",
    "sample",
    "import",
    "reimport",
    "theme",
    "highlight",
    "export",
    "info",
    "brief",
    "judgment",
    "autocode",
)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="briefing",
        description="Briefing: highlight sources, tag themes, "
        "write judgments and export a typeset brief. With no command, opens the window. "
        "Put --debug first to see the traceback of a failure.",
    )
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    s = sub.add_parser("new", help="create an empty project")
    s.add_argument("project")
    s.add_argument("--title", default="")
    s.add_argument(
        "--codebook",
        help="a starter codebook name, a codebook .qdc, .csv or .json, or another .brief",
    )

    s = sub.add_parser("sample", help="write the sample project")
    s.add_argument("project")

    s = sub.add_parser("import", help="import source files, or annotations (.jsonld)")
    s.add_argument("project")
    s.add_argument("files", nargs="+", metavar="FILE")
    for flag in ("title", "author", "date", "place", "url"):
        s.add_argument(f"--{flag}", help=f"set the {flag} of the imported source(s)")
    s.add_argument(
        "--all-or-nothing",
        action="store_true",
        help="store nothing if any file is refused (by default the readable ones are stored)",
    )

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
    a = tsub.add_parser("import", help="merge a codebook (.qdc .csv .json) by theme name")
    a.add_argument("file")
    a = tsub.add_parser("export", help="write the codebook as .qdc, .csv or .json")
    a.add_argument("file")

    s = sub.add_parser("highlight", help="highlight a quote in a source")
    s.add_argument("project")
    s.add_argument("--source", type=int, required=True, metavar="ID")
    s.add_argument("--quote", required=True)
    s.add_argument("--theme", action="append", default=[], metavar="NAME")
    note = s.add_mutually_exclusive_group()
    note.add_argument("--note", default="", metavar="MARKDOWN")
    note.add_argument(
        "--note-file",
        metavar="FILE",
        help="read the note (UTF-8 Markdown) from FILE, or from standard input with '-'",
    )
    s.add_argument("--occurrence", type=int, default=1, metavar="N")
    s.add_argument("--exclude", action="store_true", help="leave it out of the brief")

    s = sub.add_parser(
        "export",
        help="export the brief (.pdf .html .md .docx .jsonld), the project (.json .qdpx),"
        " its codebook (.qdc) or the coded excerpts (.csv)",
    )
    s.add_argument("project")
    s.add_argument("output")
    s.add_argument("--strict", action="store_true", help="tradecraft warnings are fatal")
    s.add_argument(
        "--progress",
        action="store_true",
        help="print 'progress DONE 1000' lines on stderr while laying out a PDF "
        "(DONE never goes back)",
    )
    s.add_argument(
        "--crlf",
        action="store_true",
        help=".qdpx: CRLF line ends, positions counting each as two (MAXQDA, NVivo)",
    )

    s = sub.add_parser("info", help="print a project's summary")
    s.add_argument("project")
    s.add_argument("--json", action="store_true")

    add_brief_parsers(sub)
    add_autocode_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; every failure is one line on stderr (``errors.one_line``),
    with the traceback in the log, or on stderr after ``--debug``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = bool(os.environ.get("BRIEFING_DEBUG"))
    while argv[:1] == ["--debug"]:
        debug = True
        argv.pop(0)
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(out), TerminalSafe(err)
    project: str | None = None
    try:
        if (argv and argv[0] in COMMANDS) or argv[:1] in (["-h"], ["--help"]):
            args = _parser().parse_args(argv)
            project = getattr(args, "project", None)
            check_text_arguments(args)
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
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output went to a command that stopped reading (| head)
        with suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
        return 1
    except Exception as exc:  # noqa: BLE001 - anything else: still one line
        if debug:
            traceback.print_exception(exc, file=sys.stderr)
        else:
            log_traceback(exc)
        print(f"briefing: {one_line(exc, project)}", file=sys.stderr)
        return 1
    finally:
        with suppress(OSError, ValueError):
            sys.stdout.flush()
        sys.stdout, sys.stderr = out, err


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": cmd_new,
    "sample": cmd_sample,
    "import": cmd_import,
    "reimport": cmd_reimport,
    "theme": cmd_theme,
    "highlight": cmd_highlight,
    "export": cmd_export,
    "info": cmd_info,
    "brief": cmd_brief,
    "judgment": cmd_judgment,
    "autocode": cmd_autocode,
}


def _run(args: argparse.Namespace) -> int:
    return _COMMANDS[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
