"""Library noise kept off the terminal: while a file is imported, the parsing
libraries' log records and ``warnings`` go to the ``briefing.importers`` log at
debug level instead of stderr (a refused file is reported in one line, a
stored one in none)."""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger("briefing.importers")

LIBRARY_LOGGERS = (
    "pypdf",
    "pdfminer",
    "pypdfium2",
    "fontTools",
    "trafilatura",
    "htmldate",
    "courlan",
    "justext",
    "docx",
    "charset_normalizer",
)
"""Loggers of the libraries the importers call."""


class _ToDebug(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        log.debug("%s: %s", record.name, record.getMessage())


_handler = _ToDebug()
_lock = threading.Lock()
_depth = [0]  # imports inside the routing, across threads
_saved: list[Any] = []  # warnings.showwarning and warnings.filters from before


def _show(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    log.debug("%s: %s", category.__name__, message)


@contextmanager
def quiet_libraries() -> Iterator[None]:
    """Route library log records and warnings to the debug log while inside. Imports
    run in several worker threads at once: the first to enter installs the routing
    and the last to leave removes it (``warnings.catch_warnings`` is not thread-safe)."""
    with _lock:
        _depth[0] += 1
        if _depth[0] == 1:
            for name in LIBRARY_LOGGERS:
                logger = logging.getLogger(name)
                logger.addHandler(_handler)
                logger.propagate = False
            _saved[:] = [warnings.showwarning, warnings.filters[:]]
            warnings.showwarning = _show
            warnings.simplefilter("default")
    try:
        yield
    finally:
        with _lock:
            _depth[0] -= 1
            if _depth[0] == 0:
                for name in LIBRARY_LOGGERS:
                    logger = logging.getLogger(name)
                    logger.removeHandler(_handler)
                    logger.propagate = True
                warnings.showwarning = _saved[0]
                warnings.filters[:] = _saved[1]  # type: ignore[index]
