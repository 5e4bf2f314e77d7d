"""Every setting in one typed table of defaults, read and written over QSettings.

Preferences (``reader/*``, ``find/*``) and session state (``window/*``,
``recent/*``, ``export/*``, ``app/*``) are kept in separate groups. Only values
that differ from the default are stored. Tests point QSettings at a temporary
folder (see ``tests/conftest.py``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

SETTINGS: dict[str, Any] = {
    # preferences
    "reader/zoom": 0,  # font size steps (points) added to the base size
    "reader/snap_words": True,  # mouse selections snap to whole words
    "reader/line_width": 76,  # characters per line in the reader's centred column
    "find/match_case": False,
    "find/whole_words": False,
    "find/regex": False,
    "search/tag_scope": "sentence",  # "Tag all as…": match, sentence or paragraph
    "write/preview": True,  # the Write workspace shows the live preview
    # session
    "window/geometry": b"",
    "window/state": b"",
    "window/state_write": b"",
    "recent/files": [],
    "app/last_project": "",
    "export/last_folder": "",
    "import/last_folder": "",
}

RECENT_MAX = 10


def _qsettings() -> QSettings:
    return QSettings()


def get(key: str) -> Any:
    default = SETTINGS[key]
    value: Any = _qsettings().value(key, None)
    if value is None:
        return default
    try:
        if isinstance(default, bool):
            return value if isinstance(value, bool) else str(value).lower() in ("true", "1", "yes")
        if isinstance(default, int):
            return int(value)
        if isinstance(default, bytes):
            return bytes(value.data()) if isinstance(value, QByteArray) else bytes(value)
        if isinstance(default, list):
            if isinstance(value, str):
                return [value] if value else []
            return [str(v) for v in value]
        return str(value)
    except (TypeError, ValueError):
        return default


def set(key: str, value: Any) -> None:
    default = SETTINGS[key]
    s = _qsettings()
    if value == default:
        s.remove(key)
    elif isinstance(default, bytes):
        s.setValue(key, QByteArray(bytes(value)))
    else:
        s.setValue(key, value)


def add_recent(path: str) -> list[str]:
    files = [path] + [p for p in get("recent/files") if p != path]
    set("recent/files", files[:RECENT_MAX])
    return files[:RECENT_MAX]
