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
_depth = [0]  # nesting depth (imports run in worker threads too)


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
    """Route library log records and warnings to the debug log while inside."""
    with _lock:
        _depth[0] += 1
        if _depth[0] == 1:
            for name in LIBRARY_LOGGERS:
                logger = logging.getLogger(name)
                logger.addHandler(_handler)
                logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            warnings.showwarning = _show
            yield
    finally:
        with _lock:
            _depth[0] -= 1
            if _depth[0] == 0:
                for name in LIBRARY_LOGGERS:
                    logger = logging.getLogger(name)
                    logger.removeHandler(_handler)
                    logger.propagate = True
