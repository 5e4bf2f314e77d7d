"""The Sources panel: the project's sources with their highlight counts, the
properties of the current source (``source_properties``), and importing
(``source_import``: the Import… button, files dropped on the panel or the
window, or text pasted from the clipboard).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.events import Action, Change, Kind
from briefing.text import shorten

from . import commands, prompts
from .labels import plural
from .roles import ID_ROLE
from .source_import import SourceImport, source_values
from .source_properties import SourceProperties
from .sources_model import COUNT, TITLE, SourcesModel
from .tasks import Batch

if TYPE_CHECKING:
    from briefing.store import Store

    from .workspace import Workspace

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
        self.importer = SourceImport(workspace, self, self.open_source)
        self.importer.finished.connect(self.import_finished)
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
        # a fixed width: sizing to contents reads every row again on each count change
        head.setSectionResizeMode(COUNT, QtWidgets.QHeaderView.ResizeMode.Fixed)
        head.resizeSection(COUNT, self.fontMetrics().horizontalAdvance("Highlights") + 24)

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

        self.properties = SourceProperties(workspace, self.edit_source, self)
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
    def store(self) -> Store:
        return self._workspace.store

    # -- reacting ----------------------------------------------------------------

    def _store_changed(self, change: Change) -> None:
        if change.kind in (Kind.SOURCE, Kind.HIGHLIGHT):
            if change.kind == Kind.HIGHLIGHT:
                if change.action == Action.ADDED:
                    self.model.highlights_added(change.ids)
                elif change.action == Action.REMOVED:
                    self.model.highlights_removed(change.ids)
                return  # other highlight changes leave the counts as they are
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
        for action in (self.import_action, self.paste_action, self.remove_action):
            action.setEnabled(not self.store.readonly)

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
            menu.addAction("Properties", lambda: self._edit_properties(sid))
            menu.addSeparator()
            menu.addAction("Remove…", lambda: self.remove_source(sid))
            menu.addSeparator()
        menu.addAction("Import files…", self.choose_files)
        menu.addAction("New source from clipboard", self.paste_source)
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def _edit_properties(self, source_id: int) -> None:
        self.open_source(source_id)
        self.props_toggle.setChecked(True)
        self.properties.fields["title"].setFocus()

    # -- new sources -----------------------------------------------------------------

    def paste_source(self) -> int | None:
        """A new source from the clipboard's text (copied from a browser or an e-mail)."""
        from briefing.importers import ImportRefused, import_pasted

        mime = QtGui.QGuiApplication.clipboard().mimeData()
        text = mime.text() if mime is not None and mime.hasText() else ""
        html = mime.html() if mime is not None and mime.hasHtml() else ""
        if not text.strip() and not html.strip():
            prompts.error(
                self,
                "Nothing to paste",
                "The clipboard holds no text. Copy the article's text first.",
            )
            return None
        try:
            imported = import_pasted(text, html)
        except ImportRefused as exc:
            prompts.error(self, "Cannot paste a source", str(exc))
            return None
        command = commands.AddSource(self.store, **source_values(imported))
        command.setText(f"Paste source {shorten(imported.title)}")
        self._workspace.push(command)
        sid = command.source_id
        if sid is not None:
            self.open_source(sid)
        return sid

    def choose_files(self) -> None:
        from briefing.importers import supported_suffixes

        patterns = " ".join(f"*{s}" for s in supported_suffixes())
        paths = prompts.open_files(self, "Import sources", f"Sources ({patterns});;All files (*)")
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: Iterable[Path | str]) -> Batch | None:
        """Import files in worker threads; store the good ones as one undoable step."""
        return self.importer.import_paths(paths)

    # -- drag and drop ------------------------------------------------------------------

    @staticmethod
    def dropped_paths(mime: QtCore.QMimeData) -> list[Path]:
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]

    def _accept_files(self, event: QtGui.QDragMoveEvent) -> None:
        if self.dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        self._accept_files(event)

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        self._accept_files(event)

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        paths = self.dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
