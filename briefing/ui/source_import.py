"""Importing sources: files read and parsed off the GUI thread, stored as one undoable step.

``SourceImport.import_paths`` reads the files with the window's ``TaskRunner``
(a ``Batch`` of ``read_source``, each file parsed in a child process with memory
and time limits: ``briefing.importers.sandbox``) behind a progress dialog that
does not block the window and can be cancelled (cancelling kills the child
processes). The GUI thread is the only writer: when every
file has been read, the good ones are stored as ONE undoable step ("Import 3
sources"); files that cannot be imported are left out and listed, one line
each, in a single error message. Cancelling stores nothing.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets

from briefing.model import SourceInfo, content_hash, normalize_text

from . import commands, prompts
from .labels import plural, source_label
from .tasks import Batch

if TYPE_CHECKING:
    from briefing.importers import ImportedSource

    from .workspace import Workspace


@dataclass
class ImportOutcome:
    """What a finished (or cancelled) import did."""

    paths: list[Path]
    added: list[int]
    refused: list[str]
    cancelled: bool = False


def read_source(
    path: Path, cancelled: Callable[[], bool] | None = None
) -> tuple[ImportedSource | None, str] | None:
    """(the parsed file, "") or (None, why it was refused); None when ``cancelled()``
    became true while it was read. Runs in a worker thread: reads and parses only
    (in a child process with memory and time limits, killed on cancel), never the store."""
    from briefing.importers import ImportRefused
    from briefing.importers.sandbox import ImportCancelled, import_checked

    try:
        return import_checked(path, cancelled=cancelled), ""
    except ImportCancelled:
        return None
    except ImportRefused as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - an importer's bug must not take the window down
        return None, f"{path.name}: could not be imported ({exc})"


def source_values(src: ImportedSource) -> dict[str, str]:
    """``Store.add_source`` arguments for an imported file (a nameless one is "Untitled")."""
    return src.source_fields(title=src.title or src.filename or "Untitled")


class SourceImport(QtCore.QObject):
    """One import at a time for a panel (``widget``: the prompts' parent); ``finished``
    tells the outcome, ``open_source`` shows the first new source."""

    finished = QtCore.Signal(object)  # ImportOutcome

    def __init__(
        self,
        workspace: Workspace,
        widget: QtWidgets.QWidget,
        open_source: Callable[[int], object],
    ):
        super().__init__(widget)
        self._workspace = workspace
        self._widget = widget
        self._open_source = open_source
        self.batch: Batch | None = None
        self.last_import: ImportOutcome | None = None
        self.progress: QtWidgets.QProgressDialog | None = None

    def import_paths(self, paths: Iterable[Path | str]) -> Batch | None:
        """Import files in worker threads; store the good ones as one undoable step."""
        paths = [Path(p) for p in paths]
        if not paths:
            return None
        if self.batch is not None and self.batch.running:
            prompts.error(
                self._widget,
                "Import in progress",
                "Wait for the current import to finish (or cancel it) first.",
            )
            return None
        stop = threading.Event()  # kills the child processes of the files being read
        batch = self.batch = self._workspace.tasks.map(
            paths, functools.partial(read_source, cancelled=stop.is_set), self
        )
        progress = self.progress = QtWidgets.QProgressDialog(
            f"Importing {plural(len(paths), 'file')}…",
            "Cancel",
            0,
            len(paths) if len(paths) > 1 else 0,
            self._widget.window(),
        )
        progress.setObjectName("importProgress")
        progress.setWindowTitle("Import")
        progress.setWindowModality(QtCore.Qt.WindowModality.NonModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(batch.cancel)
        progress.canceled.connect(stop.set)
        batch.progress.connect(
            lambda done, total: progress.setValue(done) if progress.maximum() else None
        )
        batch.finished.connect(self._imported)
        return batch

    def _imported(self, batch: Batch) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()  # closing it would emit "canceled"
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        read = [r for r in batch.results if r is not None]  # None: skipped (cancelled)
        outcome = ImportOutcome(
            batch.items,
            [],
            [refusal for _, refusal in read if refusal],
            cancelled=batch.cancelled or self._workspace.store.closed,
        )
        if not outcome.cancelled:
            sources = [source for source, _ in read if source is not None]
            outcome.added = self._store_imported(sources, outcome.refused)
            notes = [w for s in sources for w in s.warnings]  # each names its file
            if notes and outcome.added:  # e.g. a page whose article could not be found
                more = f" (and {len(notes) - 1} more)" if len(notes) > 1 else ""
                self._workspace.show_status(f"Imported with a warning: {notes[0]}{more}", 15000)
            if outcome.refused:
                good = len(outcome.added)
                prompts.error(
                    self._widget,
                    "Some files were not imported",
                    f"Imported {plural(good, 'source')}; "
                    f"{plural(len(outcome.refused), 'file')} could not be imported:\n\n"
                    + "\n".join(outcome.refused),
                )
            if outcome.added:
                self._open_source(outcome.added[0])
        self.last_import = outcome
        self.batch = None
        self.finished.emit(outcome)

    def _store_imported(self, imported: list[ImportedSource], refused: list[str]) -> list[int]:
        store = self._workspace.store
        known = {s.content_hash: s for s in store.sources()}

        todo = []
        for src in imported:
            h = content_hash(normalize_text(src.text))
            if h in known:
                refused.append(
                    f"{src.filename or src.title}: already in the project as "
                    f"“{source_label(known[h])}”"
                )
                continue
            known[h] = SourceInfo(
                0, src.title, "", "", "", "", "", "", src.filename, "", h, "", 0, 0
            )
            todo.append(src)
        if not todo:
            return []
        command = commands.AddSources(store, [source_values(src) for src in todo])
        self._workspace.push(command)
        if command.error is not None:
            refused.extend(
                f"{src.filename or src.title}: could not be stored ({command.error})"
                for src in todo
            )
            return []
        return list(command.source_ids)
