"""Writing a brief to disk: atomic files and the export dispatcher.

``atomic_path(path)`` gives a temporary file next to ``path``; it replaces
``path`` only when the block finishes without an exception, so a failed
export never leaves a half-written file nor touches an existing one.

``export_brief(project, path)`` picks the output from the file extension:
``.pdf`` (``briefing.render.pdf.write_pdf``), ``.html``/``.htm``,
``.md``/``.markdown`` and ``.jsonld`` (W3C Web Annotations). The project's
``.json`` dump belongs to the store and the command line, not here.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..checks import check_brief
from ..model import Project

SUPPORTED_EXTENSIONS = (".pdf", ".html", ".htm", ".md", ".markdown", ".jsonld")

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


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path in ``path``'s folder; on success it is flushed
    to disk and renamed over ``path``; on an exception it is removed and
    ``path`` is left untouched. The temporary name keeps the extension."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    tmp = folder / f".{target.stem}.{secrets.token_hex(6)}.tmp{target.suffix}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
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
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if hasattr(os, "O_DIRECTORY"):
        try:
            dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return
        try:
            os.fsync(dfd)
        except OSError:
            pass
        finally:
            os.close(dfd)


def write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    data = text.encode("utf-8", "replace")  # a lone surrogate becomes "?"
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def export_brief(
    project: Project,
    path: str | os.PathLike,
    *,
    strict: bool = False,
    progress: Callable | None = None,
) -> list[str]:
    """Export the brief ``project`` makes to ``path``, format by extension.

    Returns the tradecraft warnings (one line each), followed for a PDF by
    any warnings the PDF writer returns (e.g. missing glyphs). With
    ``strict=True`` and any tradecraft warning, raises ``BriefCheckFailed``
    before writing anything.
    ``progress`` is passed to the PDF writer. An unsupported extension raises
    ValueError with a one-line message.
    """
    target = Path(path)
    ext = target.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        shown = f"“{target.suffix}”" if target.suffix else "no extension"
        raise ValueError(
            f"Cannot export a brief as {shown}; use one of: " + ", ".join(SUPPORTED_EXTENSIONS)
        )
    warnings = [f.message for f in check_brief(project)]
    if strict and warnings:
        raise BriefCheckFailed(warnings)
    if ext == ".jsonld":
        from .annotations import write_annotations

        write_annotations(project, target)
        return warnings
    from ..compose import compose

    doc = compose(project)
    if ext == ".pdf":
        from .pdf import write_pdf

        with atomic_path(target) as tmp:
            extra = write_pdf(doc, tmp, progress=progress)
        if isinstance(extra, list):  # e.g. characters no bundled font can draw
            warnings = warnings + [str(w) for w in extra if w not in warnings]
    elif ext in (".html", ".htm"):
        from .html import render_html

        write_text(target, render_html(doc))
    else:
        from .markdown import render_markdown

        write_text(target, render_markdown(doc))
    return warnings
