"""The project store: a typed API over the .brief file that the GUI and the
command line both call.

Every mutation is one committed transaction followed by a Qt-free ``Change``
event to the subscribers (``Store.batch()`` holds events back and delivers
them merged). Deleting or merging returns a ``Removed`` record that
``restore()`` puts back exactly (same ids, and the links a cascade removed),
which is what undo is built on.

Modules: ``base`` (opening, transactions, events, rows, restore), ``sources``,
``highlights``, ``reanchor`` (re-import), ``themes``, ``judgments`` (and the
brief), ``project`` (``Store`` itself).
"""

from __future__ import annotations

from ..events import Change
from ..projectfile import ProjectError, ProjectLocked, ProjectReadOnly
from .base import Removed
from .project import Store
from .reanchor import ReanchorReport

__all__ = [
    "Change",
    "ProjectError",
    "ProjectLocked",
    "ProjectReadOnly",
    "ReanchorReport",
    "Removed",
    "Store",
]
