"""Writing a brief or a project to disk: one module for every output format.

Used by the command line (``briefing export``), by the window and by the PDF
child process the window starts (``python -m briefing export``). No Qt.

``atomic_path(path)`` gives a temporary file next to ``path``; it replaces
``path`` only when the block finishes without an exception, so a failed
export never leaves a half-written file nor touches an existing one.

``FORMATS`` maps each file extension to its label and writer: ``.pdf``,
``.html``/``.htm``, ``.md``/``.markdown``, ``.docx`` (Word) and ``.jsonld``
(W3C Web Annotations) are the brief; ``.json`` is the whole project as data,
``.csv`` a table of the coded excerpts, ``.qdpx`` the project and ``.qdc`` its
codebook for other qualitative-analysis tools (REFI-QDA; ``write_qdpx``,
``write_codebook``). A
format's renderer is imported only when that format is written.

``export(project, path)`` writes any format; ``export_brief(project, path)``
only the brief formats.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from .brief.checks import check_brief
from .model import Project

ProgressFn = Callable[[int, int], None]
"""``progress(done, total)`` while a PDF is laid out."""

_UMASK = os.umask(0)
os.umask(_UMASK)


class BriefCheckFailed(Exception):
    """A strict export stopped because the tradecraft checks found problems."""

    def __init__(self, warnings: list[str]):
        self.warnings = list(warnings)
        n = len(self.warnings)
        first = self.warnings[0] if self.warnings else ""
        more = f" (and {n - 1} more)" if n > 1 else ""
        super().__init__(
            f"The brief has {n} tradecraft warning{'s' if n != 1 else ''}: {first}{more}"
        )


_TEMP = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp(\.[^.]*)?$")
"""The name ``atomic_path`` gives its temporary files."""


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in ``path``'s folder; on success it is flushed
    to disk and renamed over ``path``; on an exception it is removed and
    ``path`` is left untouched. The temporary name keeps the extension.

    The temporary file is locked (``flock``) while it is written, so the
    next export to the same folder removes the ones a killed export left
    (``remove_leftovers``) and never one still being written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    remove_leftovers(folder, target)
    tmp = folder / f".{target.stem}.{secrets.token_hex(6)}.tmp{target.suffix}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        _lock(fd, block=True)
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            mode = os.stat(target).st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    finally:
        os.close(fd)
    _sync_folder(folder)


def _lock(fd: int, *, block: bool) -> bool:
    """An exclusive ``flock`` on ``fd``; False if another process holds one."""
    try:
        import fcntl
    except ImportError:  # Windows: no leftovers are recognised as abandoned
        return not block
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def remove_leftovers(folder: Path, target: Path) -> list[Path]:
    """Delete the temporary files of exports to ``target`` that were killed
    (no process holds their lock any more); returns what was removed."""
    removed: list[Path] = []
    prefix = f".{target.stem}."
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and _TEMP.match(n)]
    except OSError:
        return removed
    for name in names:
        path = folder / name
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _lock(fd, block=False):
                with suppress(OSError):
                    os.unlink(path)
                    removed.append(path)
        finally:
            os.close(fd)
    return removed


def _sync_folder(folder: Path) -> None:
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(dfd)
    finally:
        os.close(dfd)


def write_text(path: str | os.PathLike[str], text: str, errors: str = "replace") -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (by default a lone
    surrogate becomes "?")."""
    data = text.encode("utf-8", errors)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


# --------------------------------------------------------------------------
# The formats: each writer imports its renderer itself


def _write_pdf(project: Project, target: Path, progress: ProgressFn | None) -> list[str]:
    from .brief.compose import compose
    from .render.pdf import write_pdf

    doc = compose(project)
    with atomic_path(target) as tmp:
        extra = write_pdf(doc, tmp, progress=progress)
    return [str(w) for w in extra] if isinstance(extra, list) else []


def _write_html(project: Project, target: Path, progress: ProgressFn | None) -> list[str]:
    from .brief.compose import compose
    from .render.html import render_html

    write_text(target, render_html(compose(project)))
    return []


def _write_markdown(project: Project, target: Path, progress: ProgressFn | None) -> list[str]:
    from .brief.compose import compose
    from .render.markdown import render_markdown

    write_text(target, render_markdown(compose(project)))
    return []


def _write_word(project: Project, target: Path, progress: ProgressFn | None) -> list[str]:
    from .brief.compose import compose
    from .render.word import render_docx

    data = render_docx(compose(project))
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return []


def _write_excerpts_csv(project: Project, target: Path, progress: ProgressFn | None) -> list[str]:
    from .render.excerpts_csv import excerpts_csv

    write_text(target, excerpts_csv(project))
    return []


def _write_annotations(project: Project, target: Path, progress: ProgressFn | None) -> list[str]:
    from .render.annotations import annotations_json

    write_text(target, annotations_json(project))
    return []


def _write_project_data(project: Project, target: Path, progress: ProgressFn | None) -> list[str]:
    from .render.project_data import project_json

    write_text(target, project_json(project), errors="strict")
    return []


def write_qdpx(project: Project, target: Path, *, crlf: bool = False) -> list[str]:
    """A REFI-QDA project archive; returns a warning per orphan highlight left out.
    ``crlf``: texts with CRLF line ends, positions counting each as two."""
    from .render.refi_qda import qdpx_bytes

    data, warnings = qdpx_bytes(project, crlf=crlf)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return warnings


def _write_qdpx(project: Project, target: Path, progress: ProgressFn | None) -> list[str]:
    return write_qdpx(project, target)


CODEBOOK_SUFFIXES = (".qdc", ".csv", ".json")
"""What ``write_codebook`` writes (``briefing theme PROJECT export``)."""


def write_codebook(project: Project, target: Path) -> None:
    """The codebook alone as ``.qdc``, Taguette ``.csv`` or ``.json`` (by suffix).
    ValueError (one line) for another suffix or a project without themes."""
    from .render.codebook import codebook_csv, codebook_json, codebook_qdc

    ext = target.suffix.lower()
    if ext == ".qdc":
        data = codebook_qdc(project)
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
    elif ext == ".csv":
        write_text(target, codebook_csv(project), errors="strict")
    elif ext == ".json":
        write_text(target, codebook_json(project), errors="strict")
    else:
        shown = f"“{target.suffix}”" if target.suffix else "no extension"
        raise ValueError(
            f"Cannot export a codebook as {shown}; use one of: " + ", ".join(CODEBOOK_SUFFIXES)
        )


def _write_qdc(project: Project, target: Path, progress: ProgressFn | None) -> list[str]:
    write_codebook(project, target)
    return []


@dataclass(frozen=True)
class Format:
    label: str
    """What the file dialog calls it."""
    write: Callable[[Project, Path, ProgressFn | None], list[str]]
    """Writes the file; returns renderer warnings (e.g. missing glyphs)."""
    brief: bool = True
    """A brief: the tradecraft checks run first (``strict`` applies)."""


FORMATS: dict[str, Format] = {
    ".pdf": Format("PDF brief", _write_pdf),
    ".html": Format("Web page", _write_html),
    ".htm": Format("Web page", _write_html),
    ".md": Format("Markdown", _write_markdown),
    ".markdown": Format("Markdown", _write_markdown),
    ".docx": Format("Word document", _write_word),
    ".jsonld": Format("W3C annotations", _write_annotations),
    ".json": Format("Project data", _write_project_data, brief=False),
    ".csv": Format("Coded excerpts (CSV)", _write_excerpts_csv, brief=False),
    ".qdpx": Format("REFI-QDA project", _write_qdpx, brief=False),
    ".qdc": Format("REFI-QDA codebook", _write_qdc, brief=False),
}

SUPPORTED_EXTENSIONS = tuple(ext for ext, f in FORMATS.items() if f.brief)
"""The brief formats (``export_brief``)."""


def export(
    project: Project,
    path: str | os.PathLike[str],
    *,
    strict: bool = False,
    progress: ProgressFn | None = None,
    formats: tuple[str, ...] = tuple(FORMATS),
) -> list[str]:
    """Write ``project`` to ``path``, format by extension (one of ``formats``).

    For a brief, returns the tradecraft warnings (one line each), followed
    for a PDF by any warnings the PDF writer returns (e.g. missing glyphs);
    with ``strict=True`` and any tradecraft warning, raises
    ``BriefCheckFailed`` before writing anything. ``progress`` is passed to
    the PDF writer. An unsupported extension raises ValueError with a
    one-line message.
    """
    target = Path(path)
    ext = target.suffix.lower()
    if ext not in formats:
        shown = f"“{target.suffix}”" if target.suffix else "no extension"
        raise ValueError(f"Cannot export as {shown}; use one of: " + ", ".join(formats))
    fmt = FORMATS[ext]
    warnings: list[str] = []
    if fmt.brief:
        warnings = [f.message for f in check_brief(project)]
        if strict and warnings:
            raise BriefCheckFailed(warnings)
    extra = fmt.write(project, target, progress)
    return warnings + [w for w in extra if w not in warnings]


def export_brief(
    project: Project,
    path: str | os.PathLike[str],
    *,
    strict: bool = False,
    progress: ProgressFn | None = None,
) -> list[str]:
    """``export`` for the brief formats only (``SUPPORTED_EXTENSIONS``)."""
    return export(project, path, strict=strict, progress=progress, formats=SUPPORTED_EXTENSIONS)
