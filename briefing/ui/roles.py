"""Item-data roles shared by the UI's models and list widgets (one definition each)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

_USER = Qt.ItemDataRole.UserRole

ID_ROLE = _USER + 1
"""The store id of the row's object (source, theme, highlight, judgment, match)."""
# _USER + 2 was the highlights table's sort value (sorting is in SQL now)
COLORS_ROLE = _USER + 3
"""The theme colours of a highlight, in codebook order (the highlights table)."""
HTML_ROLE = _USER + 4
"""Rich text drawn by an HTML delegate (search results)."""
FINDING_ROLE = _USER + 5
"""The tradecraft finding a checks row stands for."""

AnyIndex = QModelIndex | QPersistentModelIndex
"""What Qt passes to an item model's or delegate's overrides."""
ROOT = QModelIndex()
"""The invalid index: the default ``parent`` of the model overrides."""
