"""Importers: one module per file format behind a registry by file type.

``import_file(path)`` returns an ``ImportedSource`` (normalised text and
metadata) or raises ``ImportRefused`` whose message is a one-line reason
naming the file. No Qt here: the GUI runs imports in a worker.
"""

from .imported import MAX_BYTES, ImportedSource, ImportRefused
from .registry import import_file, import_pasted, import_text, supported_suffixes

__all__ = [
    "MAX_BYTES",
    "ImportRefused",
    "ImportedSource",
    "import_file",
    "import_pasted",
    "import_text",
    "supported_suffixes",
]
