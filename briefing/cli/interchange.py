"""REFI-QDA and codebooks on the command line: ``import PROJECT FILE.qdpx``,
``theme PROJECT import|export FILE.qdc|.csv|.json`` and ``export … --crlf``.

Every input is read and checked before the project is opened for writing, and
written in one transaction: a failure changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import Failure, UsageError, plural

QDPX = ".qdpx"


def wants_qdpx(files: list[str]) -> bool:
    """Whether ``briefing import`` was given a REFI-QDA project (alone)."""
    qdpx = [f for f in files if Path(f).suffix.lower() == QDPX]
    if qdpx and len(files) > 1:
        raise UsageError("import a .qdpx project on its own, not with other files")
    return bool(qdpx)


def cmd_import_qdpx(args: argparse.Namespace) -> int:
    from ..interchange import import_qdpx, read_project_file
    from ..store import Store

    if any(getattr(args, f, None) for f in ("title", "author", "date", "place", "url")):
        raise UsageError("--title, --author, --date, --place and --url do not apply to a .qdpx")
    Store.open(args.project, readonly=True).close()  # refuse a bad project before parsing
    parsed = read_project_file(args.files[0])
    with Store.open(args.project) as store:
        report = import_qdpx(store, parsed)
    for sid, title, n in report.sources_added:
        print(f"{sid}\t{title}\t-\t{n:,} characters")
    for problem in report.problems:
        print(f"warning: {problem}", file=sys.stderr)
    known = f" ({report.sources_known} already there)" if report.sources_known else ""
    print(
        f"imported {Path(args.files[0]).name}: "
        f"{plural(len(report.sources_added), 'source')}{known}, "
        f"{plural(report.themes_added, 'new theme')} ({report.themes_matched} matched by name), "
        f"{plural(report.highlights_added, 'highlight')}"
        + (f" ({report.highlights_known} already there)" if report.highlights_known else "")
        + f", {plural(report.judgments_added, 'key judgment')}"
        + (", the bottom line" if report.bottom_line else "")
    )
    return 0


def cmd_theme_file(args: argparse.Namespace) -> int:
    """``theme PROJECT import FILE`` / ``theme PROJECT export FILE``."""
    from ..store import Store

    path = Path(args.file)
    if args.theme_command == "export":
        from ..export import write_codebook

        if not path.parent.is_dir():
            raise Failure(f"{path.parent}: no such folder")
        with Store.open(args.project, readonly=True) as store:
            project = store.load_project()
        try:
            write_codebook(project, path)
        except ValueError as exc:
            raise Failure(str(exc)) from None
        print(f"wrote {path} ({plural(len(project.themes), 'theme')})")
        return 0
    from ..interchange import import_codebook, read_codebook_file

    Store.open(args.project, readonly=True).close()
    nodes = read_codebook_file(path)
    with Store.open(args.project) as store:
        added, known = import_codebook(store, nodes)
    print(f"imported {path.name}: {plural(added, 'new theme')}, {known} already there")
    return 0


def export_crlf(args: argparse.Namespace) -> int:
    """``export PROJECT OUT.qdpx --crlf``."""
    from ..export import write_qdpx
    from ..store import Store

    out = Path(args.output)
    if out.suffix.lower() != QDPX:
        raise UsageError("--crlf applies to a .qdpx export only")
    if not out.parent.is_dir():
        raise Failure(f"{out.parent}: no such folder")
    with Store.open(args.project, readonly=True) as store:
        project = store.load_project()
    for w in write_qdpx(project, out, crlf=True):
        print(f"warning: {w}", file=sys.stderr)
    print(f"wrote {out}")
    return 0
