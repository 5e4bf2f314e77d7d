"""The one loader of bundled resources (fonts, sample, codebooks, icons).

In an installed wheel they sit at ``briefing/resources``; in a checkout (or an
editable install) at the repository's top-level ``resources/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_root() -> Path:
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Briefing's resources folder is missing; reinstall the package")


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource_path("fonts", "NotoSerif-Regular.ttf")``."""
    return resources_root().joinpath(*parts)
