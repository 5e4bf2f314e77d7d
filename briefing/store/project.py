"""``Store``: the whole project API, assembled from the entity stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..model import Project, Source
from ..projectfile import ProjectError
from .judgments import JudgmentStore
from .reanchor import ReanchorStore
from .tagged import TaggedHighlightStore
from .themes import ThemeStore


def remove_project_file(path: Path) -> None:
    """Delete a project file (one just created by a command that failed) and
    any side file SQLite left beside it."""
    for name in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        Path(name).unlink(missing_ok=True)


class Store(ReanchorStore, ThemeStore, JudgmentStore, TaggedHighlightStore):
    """An open project. Use ``Store.create`` or ``Store.open``; ``close()`` when done.

    Sources (``SourceStore``), highlights (``HighlightStore``), re-import
    (``ReanchorStore``), themes (``ThemeStore``), judgments and the brief
    (``JudgmentStore``) and imported tagged highlights (``TaggedHighlightStore``)
    each live in their own module on top of ``StoreBase``."""

    @classmethod
    def create(cls, path: str | Path, *, title: str = "", uuid: str | None = None) -> Store:
        """A new, empty project; ``uuid`` gives it that UUID instead of a random
        one (the bundled sample, whose exports must not change from run to run)."""
        path = Path(path)
        if uuid is not None:
            import uuid as uuid_module

            uuid = str(uuid_module.UUID(uuid))  # ValueError before anything is created
        if path.exists():
            raise ProjectError(f"{path.name}: already exists; choose another name")
        if not path.parent.is_dir():
            raise ProjectError(f"{path.parent}: no such folder")
        try:
            sqlite3.connect(str(path)).close()
        except sqlite3.Error as exc:
            raise ProjectError(f"{path.name}: cannot be created ({exc})") from None
        store = None
        try:
            store = cls._open_writer(path)
            if uuid is not None:
                with store._write() as conn:
                    conn.execute("UPDATE project SET value = ? WHERE name = 'uuid'", (uuid,))
            # New projects store their chart setting (off); a project file that
            # never stored it keeps the model's default (on), as it always had.
            store.update_brief(show_chart=False, **({"title": title} if title else {}))
        except BaseException:
            if store is not None:
                store.__exit__(RuntimeError, None, None)  # close, keeping this exception
            remove_project_file(path)
            raise
        return store

    def load_project(self) -> Project:
        """Everything at once, for compose and export."""
        sources = [
            Source(**{k: v for k, v in r.items() if k != "length"})
            for r in self._rows("SELECT * FROM sources ORDER BY position, id")
        ]
        return Project(
            brief=self.brief(),
            sources=sources,
            themes=self.themes(),
            highlights=self.highlights(),
            judgments=self.judgments(),
            excerpt_order=self.excerpt_order(),
            uuid=self.project_uuid(),
        )
