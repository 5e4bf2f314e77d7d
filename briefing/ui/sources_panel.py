"""The Sources panel: the project's sources with their highlight counts, the
properties of the current source, and importing.

Importing (the Import… button, files dropped on the panel or the window, or
text pasted from the clipboard) decodes and parses files in worker threads
(``ImportBatch``) with a progress dialog that does not block the window and
can be cancelled. The GUI thread is the only writer: when every file has been
read, the good ones are stored as ONE undoable step ("Import 3 sources");
files that cannot be imported are left out and listed, one line each, in a
single error message. Cancelling stores nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.events import Action, Change, Kind
from briefing.model import SourceInfo

from . import commands, prompts
from .labels import plural, shorten
from .roles import ID_ROLE

if TYPE_CHECKING:
    from .workspace import Workspace

TITLE, COUNT = range(2)

PROPERTY_FIELDS = (
    ("title", "Title"),
    ("author", "Author / publisher"),
    ("date", "Date"),
    ("dateline", "Dateline"),
    ("url", "URL"),
    ("language", "Language"),
    ("accessed", "Accessed"),
)


def source_label(s: SourceInfo) -> str:
    return s.title or s.filename or f"Source {s.id}"


# -- the list --------------------------------------------------------------------


class SourcesModel(QtCore.QAbstractTableModel):
    """Sources in list order with their highlight counts, kept in step with the store."""

    def __init__(self, store, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._store = store
        self._rows: list[SourceInfo] = store.sources() if store is not None else []

    def set_store(self, store) -> None:
        self.beginResetModel()
        self._store = store
        self._rows = store.sources()
        self.endResetModel()

    def refresh(self) -> None:
        """Bring the rows up to date: rows removed and inserted one by one,
        changed rows redrawn (a reset only when the order itself changed)."""
        new = self._store.sources()
        new_ids = [s.id for s in new]
        gone = set(s.id for s in self._rows) - set(new_ids)
        for sid in gone:
            row = next(i for i, s in enumerate(self._rows) if s.id == sid)
            self.beginRemoveRows(QtCore.QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
        have = {s.id for s in self._rows}
        for i, s in enumerate(new):
            if s.id not in have:
                row = min(i, len(self._rows))
                self.beginInsertRows(QtCore.QModelIndex(), row, row)
                self._rows.insert(row, s)
                self.endInsertRows()
        if [s.id for s in self._rows] != new_ids:
            self.beginResetModel()
            self._rows = new
            self.endResetModel()
            return
        for i, s in enumerate(new):
            if s != self._rows[i]:
                self._rows[i] = s
                self.dataChanged.emit(self.index(i, 0), self.index(i, 1))

    def source_at(self, row: int) -> SourceInfo:
        return self._rows[row]

    def row_of(self, source_id: int | None) -> int | None:
        for i, s in enumerate(self._rows):
            if s.id == source_id:
                return i
        return None

    def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if (
            orientation == QtCore.Qt.Orientation.Horizontal
            and role == QtCore.Qt.ItemDataRole.DisplayRole
        ):
            return ("Source", "Highlights")[section]
        return None

    def data(self, index: QtCore.QModelIndex, role=QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        R = QtCore.Qt.ItemDataRole
        if role == ID_ROLE:
            return s.id
        if role == R.DisplayRole:
            return source_label(s) if index.column() == TITLE else str(s.highlight_count)
        if role == R.ToolTipRole:
            lines = [source_label(s)]
            meta = ", ".join(x for x in (s.author, s.dateline, s.date) if x)
            if meta:
                lines.append(meta)
            if s.url:
                lines.append(s.url)
            lines.append(f"{s.length:,} characters, {plural(s.highlight_count, 'highlight')}")
            if s.filename:
                lines.append(f"Imported from {s.filename}")
            return "\n".join(lines)
        if role == R.TextAlignmentRole and index.column() == COUNT:
            return QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        return None


# -- importing off the GUI thread -------------------------------------------------------


@dataclass
class ImportOutcome:
    """What a finished (or cancelled) import did."""

    paths: list[Path]
    added: list[int]
    refused: list[str]
    cancelled: bool = False


class _JobSignals(QtCore.QObject):
    done = QtCore.Signal(int, object, str)  # index, ImportedSource | None, refusal


class _ImportJob(QtCore.QRunnable):
    def __init__(self, index: int, path: Path, signals: _JobSignals, batch: ImportBatch):
        super().__init__()
        self.index, self.path, self.signals, self.batch = index, path, signals, batch
        self.setAutoDelete(True)

    def run(self) -> None:  # in a worker thread: read and parse only, never the store
        if self.batch.cancelled:
            self.signals.done.emit(self.index, None, "")
            return
        from briefing.importers import ImportRefused, import_file

        try:
            result = import_file(self.path)
            self.signals.done.emit(self.index, result, "")
        except ImportRefused as exc:
            self.signals.done.emit(self.index, None, str(exc))
        except Exception as exc:  # an importer's bug must not take the window down
            self.signals.done.emit(
                self.index, None, f"{self.path.name}: could not be imported ({exc})"
            )


class ImportBatch(QtCore.QObject):
    """Files read in worker threads, then stored by ``commit`` on the GUI thread."""

    progress = QtCore.Signal(int, int)  # files done, files in all
    finished = QtCore.Signal(object)  # ImportOutcome

    def __init__(
        self, paths: list[Path], pool: QtCore.QThreadPool, parent: QtCore.QObject | None = None
    ):
        super().__init__(parent)
        self.paths = paths
        self.results: list[Any] = [None] * len(paths)
        self.refusals: list[str] = [""] * len(paths)
        self.done = 0
        self.cancelled = False
        self.running = True
        self._signals = _JobSignals(self)
        self._signals.done.connect(self._job_done)
        for i, p in enumerate(paths):
            pool.start(_ImportJob(i, p, self._signals, self))

    def cancel(self) -> None:
        self.cancelled = True

    def _job_done(self, index: int, result: Any, refusal: str) -> None:
        self.results[index] = result
        self.refusals[index] = refusal
        self.done += 1
        self.progress.emit(self.done, len(self.paths))
        if self.done == len(self.paths):
            self.running = False
            self.finished.emit(self)


# -- the properties form --------------------------------------------------------------


class SourceProperties(QtWidgets.QWidget):
    """Title, author/publisher, date, dateline, URL, language, access date and a
    note of the current source; each field is committed (one undoable step)
    when it is left or Enter is pressed."""

    def __init__(self, panel: SourcesPanel):
        super().__init__(panel)
        self._panel = panel
        self._source_id: int | None = None
        self._store = panel.store
        self.fields: dict[str, QtWidgets.QLineEdit] = {}
        form = QtWidgets.QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        hints = {
            "date": "yyyy-mm-dd",
            "accessed": "yyyy-mm-dd",
            "language": "e.g. en, ar",
            "dateline": "e.g. Baghdad, Iraq",
            "url": "https://…",
        }
        for name, label in PROPERTY_FIELDS:
            edit = QtWidgets.QLineEdit(self)
            edit.setObjectName(f"source_{name}")
            edit.setPlaceholderText(hints.get(name, ""))
            edit.editingFinished.connect(lambda name=name: self._commit(name))
            self.fields[name] = edit
            form.addRow(label, edit)
        self.note = _SourceNote(self)
        self.note.setObjectName("source_note")
        self.note.setPlaceholderText("A note about this source (reliability, access, …)")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.note.focus_lost.connect(lambda: self._commit("note"))
        form.addRow("Note", self.note)
        self.filename = QtWidgets.QLabel(self)
        self.filename.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.filename.setWordWrap(True)
        form.addRow("", self.filename)
        self.show_source(None)

    @property
    def source_id(self) -> int | None:
        return self._source_id

    def show_source(self, source_id: int | None) -> None:
        if source_id != self._source_id and self._source_id is not None:
            self.commit_all()
        self._source_id = source_id
        store = self._store = self._panel.store
        try:
            s = store.source(source_id) if source_id is not None else None
        except KeyError:
            s = None
            self._source_id = None
        for name, edit in self.fields.items():
            edit.setText(getattr(s, name) if s else "")
            edit.setCursorPosition(0)
            edit.setEnabled(s is not None)
        self.note.setPlainText(s.note if s else "")
        self.note.setEnabled(s is not None)
        self.filename.setText(
            (f"Imported from {s.filename}; " if s and s.filename else "")
            + (f"{len(s.text):,} characters" if s else "No source selected")
        )

    def refresh(self, fields: tuple[str, ...]) -> None:
        """The project's copy changed (undo, rename): show it in fields not being edited."""
        if self._source_id is None:
            return
        try:
            s = self._panel.store.source(self._source_id)
        except KeyError:
            return
        for name, edit in self.fields.items():
            if (not fields or name in fields) and edit.text() != getattr(s, name):
                edit.setText(getattr(s, name))
                edit.setCursorPosition(0)
        if (not fields or "note" in fields) and self.note.toPlainText() != s.note:
            self.note.setPlainText(s.note)

    def commit_all(self) -> None:
        for name in (*self.fields, "note"):
            self._commit(name)

    def _commit(self, name: str) -> None:
        store = self._store
        if self._source_id is None or store is None or store.closed:
            return
        value = self.note.toPlainText() if name == "note" else self.fields[name].text().strip()
        try:
            old = getattr(store.source(self._source_id), name)
        except KeyError:
            return
        if name == "title" and not value:
            self.fields[name].setText(old)
            return
        if value == old:
            return
        if store is self._panel.store:
            self._panel.edit_source(self._source_id, name, value)
        elif not store.readonly:  # another project was opened meanwhile: keep the edit
            store.update_source(self._source_id, **{name: value})


class _SourceNote(QtWidgets.QPlainTextEdit):
    focus_lost = QtCore.Signal()

    def focusOutEvent(self, e: QtGui.QFocusEvent) -> None:
        super().focusOutEvent(e)
        self.focus_lost.emit()


# -- the panel -------------------------------------------------------------------------


class SourcesPanel(QtWidgets.QWidget):
    """The dock's widget. ``import_paths(paths)`` is also called by the main
    window for files dropped on it."""

    import_finished = QtCore.Signal(object)  # ImportOutcome

    def __init__(self, workspace: Workspace):
        super().__init__()
        self.setObjectName("sourcesPanel")
        self._workspace = workspace
        self._syncing = False
        self.batch: ImportBatch | None = None
        self.last_import: ImportOutcome | None = None
        self._progress: QtWidgets.QProgressDialog | None = None
        self.pool = QtCore.QThreadPool(self)
        self.pool.setMaxThreadCount(max(1, min(4, (os.cpu_count() or 2) - 1)))
        self.setAcceptDrops(True)

        self.model = SourcesModel(self.store, self)
        self.list = QtWidgets.QTreeView(self)
        self.list.setObjectName("sourcesList")
        self.list.setModel(self.model)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAllColumnsShowFocus(True)
        self.list.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        head = self.list.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(TITLE, QtWidgets.QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(COUNT, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)

        bar = QtWidgets.QToolBar(self)
        bar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.import_action = bar.addAction("Import…", self.choose_files)
        self.import_action.setToolTip(
            "Import text, Markdown, HTML, Word or PDF files (or drop files here)"
        )
        self.paste_action = bar.addAction("Paste", self.paste_source)
        self.paste_action.setToolTip("New source from the text on the clipboard")
        self.remove_action = bar.addAction("Remove…", self.remove_current)
        self.props_toggle = bar.addAction("Properties")
        self.props_toggle.setCheckable(True)
        self.props_toggle.setChecked(True)

        self.properties = SourceProperties(self)
        self.properties.setObjectName("sourceProperties")
        self.props_box = QtWidgets.QScrollArea(self)
        self.props_box.setWidgetResizable(True)
        self.props_box.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.props_box.setWidget(self.properties)
        self.props_toggle.toggled.connect(self.props_box.setVisible)

        self.empty = QtWidgets.QLabel(
            "No sources yet. Import files, drop them here, or paste text copied from a "
            "browser or an e-mail.",
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)

        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical, self)
        split.addWidget(self.list)
        split.addWidget(self.props_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addWidget(bar)
        lay.addWidget(self.empty)
        lay.addWidget(split, 1)

        self.list.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.list.activated.connect(lambda i: self.open_source(i.data(ID_ROLE)))
        self.list.customContextMenuRequested.connect(self._menu)
        workspace.bridge.changed.connect(self._store_changed)
        workspace.bridge.project_replaced.connect(self._project_replaced)
        workspace.selection.source_changed.connect(self._source_selected)
        self._source_selected(workspace.selection.source_id)
        self._update_empty()
        # before the window closes the project
        workspace.closing.connect(self.properties.commit_all)

    @property
    def store(self):
        return self._workspace.store

    # -- reacting ----------------------------------------------------------------

    def _store_changed(self, change: Change) -> None:
        if change.kind in (Kind.SOURCE, Kind.HIGHLIGHT):
            if change.kind == Kind.HIGHLIGHT and change.action == Action.CHANGED:
                return  # counts do not change
            self.model.refresh()
            self._update_empty()
            if (
                change.kind == Kind.SOURCE
                and change.action == Action.CHANGED
                and self.properties.source_id in change.ids
            ):
                self.properties.refresh(change.fields)
            if change.kind == Kind.SOURCE and change.action in (Action.ADDED, Action.REMOVED):
                self._source_selected(self._workspace.selection.source_id)
        elif change.kind == Kind.PROJECT and change.action != Action.CHANGED:
            self._project_replaced()

    def _project_replaced(self) -> None:
        self.model.set_store(self.store)
        self.properties.show_source(None)
        self._source_selected(self._workspace.selection.source_id)
        self._update_empty()

    def _update_empty(self) -> None:
        self.empty.setVisible(self.model.rowCount() == 0)

    def _source_selected(self, source_id) -> None:
        if self.properties.source_id != source_id:
            self.properties.show_source(source_id)
        row = self.model.row_of(source_id)
        if self._syncing:
            return
        self._syncing = True
        try:
            if row is None:
                self.list.selectionModel().clear()
            else:
                index = self.model.index(row, 0)
                self.list.selectionModel().setCurrentIndex(
                    index,
                    QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QtCore.QItemSelectionModel.SelectionFlag.Rows,
                )
                self.list.scrollTo(index)
        finally:
            self._syncing = False

    def _row_chosen(self, current: QtCore.QModelIndex, _previous=None) -> None:
        if self._syncing or not current.isValid():
            return
        self.open_source(current.data(ID_ROLE))

    # -- commands ----------------------------------------------------------------

    def current_source_id(self) -> int | None:
        index = self.list.currentIndex()
        if index.isValid():
            return index.data(ID_ROLE)
        return self._workspace.selection.source_id

    def open_source(self, source_id: int | None) -> None:
        self._workspace.selection.set_source(source_id)

    def edit_source(self, source_id: int, field: str, value: str) -> None:
        self._workspace.push(commands.EditSource(self.store, source_id, field, value))

    def rename_source(self, source_id: int, title: str | None = None) -> None:
        old = self.store.source(source_id).title
        if title is None:
            title = prompts.ask_text(self, "Rename source", "Title:", old)
        if title and title.strip() and title.strip() != old:
            self.edit_source(source_id, "title", title.strip())

    def removal_counts(self, source_id: int) -> tuple[int, int]:
        """(highlights, judgment links) that go with the source."""
        hids = {h.id for h in self.store.highlights(source_id)}
        links = sum(1 for j in self.store.judgments() for h in j.support if h in hids)
        return len(hids), links

    def remove_source(self, source_id: int, *, ask: bool = True) -> bool:
        s = self.store.source(source_id)
        n, links = self.removal_counts(source_id)
        goes = []
        if n:
            goes.append(plural(n, "highlight"))
        if links:
            goes.append(plural(links, "judgment link"))
        detail = f"Its {' and '.join(goes)} go with it." if goes else "It has no highlights."
        if ask and not prompts.confirm(
            self,
            "Remove source",
            f"Remove “{s.title or s.filename}”? {detail} You can undo this.",
            "Remove",
        ):
            return False
        self._workspace.push(commands.DeleteSource(self.store, source_id))
        return True

    def remove_current(self) -> None:
        sid = self.current_source_id()
        if sid is not None:
            self.remove_source(sid)

    def _menu(self, pos: QtCore.QPoint) -> None:
        index = self.list.indexAt(pos)
        menu = QtWidgets.QMenu(self)
        if index.isValid():
            sid = index.data(ID_ROLE)
            menu.addAction("Open", lambda: self.open_source(sid))
            menu.addAction("Rename…", lambda: self.rename_source(sid))
            menu.addAction(
                "Properties",
                lambda: (
                    self.open_source(sid),
                    self.props_toggle.setChecked(True),
                    self.properties.fields["title"].setFocus(),
                ),
            )
            menu.addSeparator()
            menu.addAction("Remove…", lambda: self.remove_source(sid))
            menu.addSeparator()
        menu.addAction("Import files…", self.choose_files)
        menu.addAction("New source from clipboard", self.paste_source)
        menu.exec(self.list.viewport().mapToGlobal(pos))

    # -- new sources -----------------------------------------------------------------

    def paste_source(self) -> int | None:
        """A new source from the clipboard's text (copied from a browser or an e-mail)."""
        from briefing.importers import ImportRefused, import_text

        text = QtGui.QGuiApplication.clipboard().text()
        if not text.strip():
            prompts.error(
                self,
                "Nothing to paste",
                "The clipboard holds no text. Copy the article's text first.",
            )
            return None
        try:
            imported = import_text(text)
        except ImportRefused as exc:
            prompts.error(self, "Cannot paste a source", str(exc))
            return None
        command = commands.AddSource(self.store, **_source_values(imported))
        command.setText(f"Paste source {shorten(imported.title)}")
        self._workspace.push(command)
        sid = getattr(command, "source_id", None)
        if sid is not None:
            self.open_source(sid)
        return sid

    def choose_files(self) -> None:
        from briefing.importers import supported_suffixes

        patterns = " ".join(f"*{s}" for s in supported_suffixes())
        paths = prompts.open_files(self, "Import sources", f"Sources ({patterns});;All files (*)")
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths) -> ImportBatch | None:
        """Import files in worker threads; store the good ones as one undoable step."""
        paths = [Path(p) for p in paths]
        if not paths:
            return None
        if self.batch is not None and self.batch.running:
            prompts.error(
                self,
                "Import in progress",
                "Wait for the current import to finish (or cancel it) first.",
            )
            return None
        batch = self.batch = ImportBatch(paths, self.pool, self)
        progress = self._progress = QtWidgets.QProgressDialog(
            f"Importing {plural(len(paths), 'file')}…",
            "Cancel",
            0,
            len(paths) if len(paths) > 1 else 0,
            self.window(),
        )
        progress.setObjectName("importProgress")
        progress.setWindowTitle("Import")
        progress.setWindowModality(QtCore.Qt.WindowModality.NonModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(batch.cancel)
        batch.progress.connect(
            lambda done, total: progress.setValue(done) if progress.maximum() else None
        )
        batch.finished.connect(self._imported)
        return batch

    def _imported(self, batch: ImportBatch) -> None:
        if self._progress is not None:
            self._progress.canceled.disconnect()  # closing it would emit "canceled"
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        outcome = ImportOutcome(
            batch.paths,
            [],
            [r for r in batch.refusals if r],
            cancelled=batch.cancelled or self.store.closed,
        )
        if not outcome.cancelled:
            outcome.added = self._store_imported(
                [r for r in batch.results if r is not None], outcome.refused
            )
            if outcome.refused:
                good = len(outcome.added)
                prompts.error(
                    self,
                    "Some files were not imported",
                    f"Imported {plural(good, 'source')}; "
                    f"{plural(len(outcome.refused), 'file')} could not be imported:\n\n"
                    + "\n".join(outcome.refused),
                )
            if outcome.added:
                self.open_source(outcome.added[0])
        self.last_import = outcome
        self.batch = None
        self.import_finished.emit(outcome)

    def _store_imported(self, imported: list, refused: list[str]) -> list[int]:
        known = {s.content_hash: s for s in self.store.sources()}
        from briefing.model import content_hash, normalize_text

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
        command = commands.AddSources(self.store, [_source_values(src) for src in todo])
        self._workspace.push(command)
        if command.error is not None:
            refused.extend(
                f"{src.filename or src.title}: could not be stored ({command.error})"
                for src in todo
            )
            return []
        return list(command.source_ids)

    # -- drag and drop ------------------------------------------------------------------

    @staticmethod
    def dropped_paths(mime: QtCore.QMimeData) -> list[Path]:
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if self.dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        paths = self.dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)


def _source_values(src) -> dict[str, str]:
    """An importer's ImportedSource as Store.add_source values."""
    return {
        "title": src.title or src.filename or "Untitled",
        "text": src.text,
        "author": src.author,
        "date": src.date,
        "dateline": src.dateline,
        "url": src.url,
        "language": src.language,
        "filename": src.filename,
    }
