"""What every command shares: the one-line errors and the argument parser class."""

from __future__ import annotations

import argparse
import os
import re
from typing import NoReturn


class UsageError(Exception):
    pass


class Failure(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        raise UsageError(f"{message} (see '{self.prog} --help')")


COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
"""A colour as #RRGGBB."""


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 source``, ``2 sources``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def printable_name(name: str) -> str:
    """A file name as text that can be stored: bytes that are not UTF-8 become �."""
    return os.fsencode(name).decode("utf-8", "replace")
