"""The main window: Read or Write in the centre (``workspaces.py``), panels in docks, menus
built from ``ACTIONS``.

The composition root: it owns the open ``Store`` (closed when the window closes or another
project opens), the ``StoreBridge``, the ``Selection``, the ``QUndoStack`` and the
``Workspace`` every panel is built with (``PANELS``); panels never call each other. Each
action id maps to a callable in ``handlers()``; files in ``files.py``, tagging in ``tagging.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QUndoView, QWidget

from briefing.events import Action, Change, Kind
from briefing.model import theme_keys
from briefing.store import Store

from . import icons, interchange, prompts, settings, window_menus
from .annotations_import import import_annotations
from .bridge import StoreBridge
from .brief_panel import BriefPanel
from .commands import StoreCommand
from .evidence_panel import EvidencePanel
from .files import FileActions
from .highlights_panel import HighlightsPanel
from .labels import counts_text
from .reader_pane import ReaderPane
from .search_panel import SearchPanel
from .selection import Selection
from .shortcuts_dialog import ShortcutsDialog
from .source_reimport import SourceReimport, reimport_current
from .sources_panel import SourcesPanel
from .store_health import DurabilityWatch, close_store
from .tagging import Tagging
from .tasks import TaskRunner
from .themes_panel import ThemesPanel
from .window_fit import clamp_to_screen, initial_size, settle_on_screen
from .workspace import Workspace
from .workspaces import READ, WRITE, Workspaces

LEFT, RIGHT = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea


@dataclass(frozen=True)
class PanelSpec:
    key: str
    title: str
    menu_text: str
    area: Qt.DockWidgetArea
    panel: Callable[[Workspace], QWidget] | None
    """The panel class (None: the undo history, a ``QUndoView``)."""
    deferred: bool = False
    """Built right after the window's first paint (it sits behind a tab at first)."""


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("sources", "Sources", "&Sources", LEFT, SourcesPanel),
    PanelSpec("themes", "Themes", "&Themes", LEFT, ThemesPanel),
    PanelSpec("highlights", "Highlights && notes", "&Highlights && Notes", RIGHT, HighlightsPanel),
    PanelSpec("search", "Search", "Sea&rch", RIGHT, SearchPanel),
    PanelSpec("evidence", "Evidence", "&Evidence", RIGHT, EvidencePanel, deferred=True),
    PanelSpec("brief", "Brief", "&Brief", RIGHT, BriefPanel, deferred=True),
    PanelSpec("history", "History", "Histor&y", RIGHT, None),
)
EDITING_ACTIONS = (
    "file.import",
    "file.import_project",
    "file.import_codebook",
    "file.import_annotations",
    "file.reimport",
    "highlight.tag_as",
    "highlight.untagged",
    "highlight.delete",
    "highlight.end_later",
    "highlight.end_earlier",
    "highlight.start_earlier",
    "highlight.start_later",
    *(f"tag.{n}" for n in range(1, 10)),
)
KEY_ACTIONS = tuple(f"tag.{n}" for n in range(1, 10))
"""Actions also attached to list panels (``Workspace.attach_key_actions``)."""
UNDO_ACTIONS = ("edit.undo", "edit.redo")
"""Built by the undo stack, not from a handler."""


class _Panels(dict[str, QWidget]):
    """Panels by dock key; a deferred panel is built on first access."""

    def __init__(self, build: Callable[[str], QWidget | None]):
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> QWidget:
        panel = self._build(key)
        if panel is None:
            raise KeyError(key)
        return panel


class MainWindow(QMainWindow):
    def __init__(self, store: Store):
        super().__init__()
        self.setObjectName("MainWindow")
        self.store = store
        self.bridge = StoreBridge(store, self)
        self.selection = Selection(self)
        self.undo_stack = QUndoStack(self)
        self.tasks = TaskRunner(self)
        self.workspace = Workspace(self.bridge, self.selection, self.undo_stack, self.tasks, self)
        self.workspace.status_requested.connect(self.show_status)
        self.actions_by_id: dict[str, QAction] = {}
        self.docks: dict[str, QDockWidget] = {}
        self._menus: dict[str, QMenu] = {}
        self._pending = {spec.key for spec in PANELS if spec.deferred}
        self.panels: dict[str, QWidget] = _Panels(self.ensure_panel)
        self.files = FileActions(self)
        self.tagging = Tagging(self)

        self.pane = ReaderPane(self)
        self.reader = self.pane.reader
        self.workspace.provide_tagging(self.reader.selected_span, self.tagging.tag_selection)
        self.workspaces = Workspaces(self, self.pane)
        self.setCentralWidget(self.workspaces.stack)
        self._build_actions()
        self.workspaces.connect_actions()
        self.workspace.provide_key_actions(self.actions_by_id[a] for a in KEY_ACTIONS)
        self._build_menus()
        self._build_toolbar()
        self._build_docks()
        self.tagging.connect()
        self._counts = QLabel()
        self.statusBar().addPermanentWidget(self._counts)
        self.durability = DurabilityWatch(self)
        self.reimporter = SourceReimport(self.workspace, self)
        # the counts follow a moment after a burst of changes, not inside a key press
        self._status_timer = QTimer(self, singleShot=True, interval=250)
        self._status_timer.timeout.connect(self._update_status)

        self.bridge.changed.connect(self.selection.forget_removed)
        self.bridge.changed.connect(self._on_change)
        self.bridge.project_replaced.connect(self._on_project_replaced)
        self.selection.source_changed.connect(self._on_source_changed)
        self.setAcceptDrops(True)
        self._default_state = self.saveState()
        self._restore_layout()
        self._on_project_replaced()

    # -- building ---------------------------------------------------------------

    def handlers(self) -> dict[str, Callable[[], object]]:
        """What each (non-checkable) action does, by action id."""
        files, tagging, reader, find_bar = self.files, self.tagging, self.reader, self.pane.find_bar
        return {
            "file.new": files.new_project,
            "file.open": files.open_dialog,
            "file.save_as": files.save_as,
            "file.import": self.import_dialog,
            "file.import_project": lambda: interchange.import_project(self.workspace, self),
            "file.import_codebook": lambda: interchange.import_codebook(self.workspace, self),
            "file.import_annotations": lambda: import_annotations(self.workspace, self),
            "file.reimport": lambda: reimport_current(self.workspace, self, self.reimporter),
            "file.export": files.export_dialog,
            "file.quit": self.close,
            "edit.copy": reader.copy,
            "edit.find": find_bar.open,
            "edit.find_next": partial(find_bar.find_text, backward=False),
            "edit.find_previous": partial(find_bar.find_text, backward=True),
            "edit.search": self.focus_search,
            "highlight.tag_as": tagging.tag_as_dialog,
            "highlight.untagged": tagging.highlight_untagged,
            **{f"tag.{n}": partial(tagging.tag_key, n) for n in range(1, 10)},
            "highlight.delete": tagging.delete_highlights,
            "highlight.end_later": tagging.adjust_end_right,
            "highlight.end_earlier": tagging.adjust_end_left,
            "highlight.start_earlier": tagging.adjust_start_left,
            "highlight.start_later": tagging.adjust_start_right,
            "highlight.next": tagging.next_highlight,
            "highlight.previous": tagging.previous_highlight,
            "view.zoom_in": reader.column.zoom_in,
            "view.zoom_out": reader.column.zoom_out,
            "view.zoom_reset": reader.column.zoom_reset,
            "view.legend": self.pane.show_legend,
            "view.focus_reader": reader.setFocus,
            "view.next_source": self.next_source,
            "view.previous_source": self.previous_source,
            "view.reset_layout": self.reset_layout,
            "help.shortcuts": self.show_shortcuts,
            "help.about": self.show_about,
        }

    def toggles(self) -> dict[str, Callable[[bool], object]]:
        """What each checkable action does when toggled, by action id."""
        return {
            "highlight.snap_words": self.tagging.set_snap_words,
            "view.read": partial(self.workspaces.toggled, READ),
            "view.write": partial(self.workspaces.toggled, WRITE),
        }

    def _build_actions(self) -> None:
        window_menus.build_actions(self, self.handlers(), self.toggles())

    def action(self, action_id: str) -> QAction:
        return self.actions_by_id[action_id]

    def _menu(self, path: str) -> QMenu:
        return window_menus.menu(self, path)

    def _build_menus(self) -> None:
        window_menus.build_menus(self)

    def _build_toolbar(self) -> None:
        self.toolbar = window_menus.build_toolbar(self)

    def _build_docks(self) -> None:
        panels_menu = self._menu("View/Panels")
        for n, spec in enumerate(PANELS, 1):
            key = spec.key
            dock = QDockWidget(spec.title, self)
            dock.setObjectName(f"dock.{key}")
            if spec.deferred:
                dock.setWidget(self._placeholder(f"{spec.title}: loading…"))
                QTimer.singleShot(0, self, lambda k=key: self.ensure_panel(k))
                dock.visibilityChanged.connect(
                    lambda visible, k=key: visible and self.ensure_panel(k)
                )
            else:
                dock.setWidget(self._make_panel(spec))
            self.addDockWidget(spec.area, dock)
            self.docks[key] = dock
            toggle = dock.toggleViewAction()
            toggle.setText(spec.menu_text)
            toggle.setShortcut(f"Ctrl+Alt+{n}")
            toggle.setObjectName(f"view.panel.{key}")
            panels_menu.addAction(toggle)
            self.actions_by_id[f"view.panel.{key}"] = toggle
        docks = self.docks
        docks["history"].visibilityChanged.connect(self._history_shown)
        self.splitDockWidget(docks["sources"], docks["themes"], Qt.Orientation.Vertical)
        self.splitDockWidget(docks["highlights"], docks["search"], Qt.Orientation.Vertical)
        self.tabifyDockWidget(docks["search"], docks["brief"])
        self.tabifyDockWidget(docks["brief"], docks["history"])
        self.tabifyDockWidget(docks["highlights"], docks["evidence"])
        docks["evidence"].hide()  # the Write workspace shows it
        docks["search"].raise_()
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        self.resizeDocks([docks["sources"], docks["highlights"]], [260, 380], horizontal)
        self.resizeDocks([docks["highlights"], docks["search"]], [560, 260], vertical)
        self.resizeDocks([docks["sources"], docks["themes"]], [380, 420], vertical)

    def _make_panel(self, spec: PanelSpec) -> QWidget:
        if spec.panel is None:
            return self._history_view()
        panel = spec.panel(self.workspace)
        # the panel paints its own background, so a change inside it does not repaint
        # the dock's title bar too (Fusion reads its buttons' icons from files each time)
        panel.setAutoFillBackground(True)
        self.panels[spec.key] = panel
        return panel

    def _history_view(self) -> QUndoView:
        self._no_history = QUndoStack(self)  # what the hidden history shows: nothing
        view = QUndoView(self._no_history)
        view.setEmptyLabel("Opened project")
        view.setObjectName("panel.history")
        view.setUniformItemSizes(True)
        return view

    def _history_shown(self, shown: bool) -> None:
        """The undo history follows the stack only while its dock is shown: Qt's history
        model is rebuilt at every edit, in time that grows with the history."""
        view = self.docks["history"].widget()
        if isinstance(view, QUndoView):
            view.setStack(self.undo_stack if shown else self._no_history)

    def ensure_panel(self, key: str) -> QWidget | None:
        """Build a deferred panel now (a no-op when it exists, or once the project closed)."""
        if dict.__contains__(self.panels, key):
            return dict.__getitem__(self.panels, key)
        if key not in self._pending or self.store.closed:
            return None
        self._pending.discard(key)
        spec = next(s for s in PANELS if s.key == key)
        old = self.docks[key].widget()
        self.docks[key].setWidget(self._make_panel(spec))
        old.deleteLater()
        return dict.get(self.panels, key)

    @staticmethod
    def _placeholder(text: str) -> QWidget:
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setEnabled(False)
        return label

    @property
    def sources_panel(self) -> SourcesPanel:
        panel = self.panels["sources"]
        assert isinstance(panel, SourcesPanel)
        return panel

    @property
    def search_panel(self) -> SearchPanel:
        panel = self.panels["search"]
        assert isinstance(panel, SearchPanel)
        return panel

    # -- layout memory ------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = settings.get("window/geometry")
        if not geometry or not self.restoreGeometry(QByteArray(geometry)):
            self.resize(initial_size(self))
        clamp_to_screen(self)
        state = settings.get("window/state")
        if state:
            self.restoreState(QByteArray(state))
        self.workspaces.restore_saved()

    def save_layout(self) -> None:
        settings.set("window/geometry", bytes(self.saveGeometry().data()))
        self.workspaces.save()  # each workspace's dock layout

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.show()
        self.workspaces.after_reset()

    # -- the project --------------------------------------------------------------

    def push(self, command: StoreCommand) -> bool:
        """Do ``command`` as one undoable step (``Workspace.push``)."""
        return self.workspace.push(command)

    def open_project(self, path: Path) -> bool:
        return self.files.open_project(Path(path))

    def set_store(self, store: Store) -> None:
        """Switch to another open project (the old one is closed)."""
        old = self.store
        self.selection.clear()
        self.undo_stack.clear()
        self.store = store
        self.bridge.set_store(store)
        if old is not store:
            close_store(old, self)

    def _on_project_replaced(self) -> None:
        store = self.store
        readonly = store.readonly
        for action_id in EDITING_ACTIONS:
            self.actions_by_id[action_id].setEnabled(not readonly)
        self.pane.set_readonly_banner(readonly)
        self._update_title()
        self._update_theme_actions()
        self._update_status()
        sources = store.sources()
        first = sources[0].id if sources else None
        if first != self.selection.source_id:
            self.selection.set_source(first)  # the reader shows it (_on_source_changed)
        else:  # the same id in another project: the selection does not move
            self.reader.show_source(first)

    def _update_title(self) -> None:
        suffix = " (read-only)" if self.store.readonly else ""
        self.setWindowTitle(f"{self.store.path.name}{suffix} — Briefing")

    def _on_change(self, change: Change) -> None:
        if change.kind == Kind.THEME:
            self._update_theme_actions()
        if change.kind == Kind.PROJECT:
            self._update_title()
        removed = change.kind == Kind.SOURCE and change.action == Action.REMOVED
        if removed and self.selection.source_id is None:
            sources = self.store.sources()
            self.selection.set_source(sources[0].id if sources else None)
        if (
            change.kind == Kind.SOURCE
            and change.action == Action.ADDED
            and self.selection.source_id is None
        ):
            self.selection.set_source(change.ids[0])
        self._status_timer.start()

    def _on_source_changed(self, source_id: int | None) -> None:
        self.reader.show_source(source_id)

    def _update_theme_actions(self) -> None:
        keys = theme_keys(self.store.themes())
        names = {t.id: t.name for t in self.store.themes()}
        by_key = {k: tid for tid, k in keys.items()}
        for n in range(1, 10):
            act = self.actions_by_id[f"tag.{n}"]
            tid = by_key.get(n)
            act.setText(names[tid].replace("&", "&&") if tid else f"Theme {n} (none)")
            act.setEnabled(tid is not None and not self.store.readonly)
            act.setIcon(icons.swatch(self.store.theme(tid).color) if tid else icons.icon(""))

    def _update_status(self) -> None:
        if self.store.closed:
            return
        self._counts.setText(counts_text(self.store.counts()))

    def show_status(self, text: str, ms: int = 4000) -> None:
        self.statusBar().showMessage(text, ms)

    # -- simple handlers ----------------------------------------------------------

    def import_paths(self, paths: Iterable[Path]) -> None:
        """Files dropped or chosen: a REFI-QDA project is imported as one, others as sources."""
        files = [Path(p) for p in paths]
        for qdpx in [p for p in files if p.suffix.lower() == ".qdpx"]:
            interchange.import_project(self.workspace, self, qdpx)
        rest = [p for p in files if p.suffix.lower() != ".qdpx"]
        if rest:
            self.sources_panel.import_paths(rest)

    def import_dialog(self) -> None:
        self.files.import_dialog()

    def focus_search(self) -> None:
        dock = self.docks["search"]
        dock.show()
        dock.raise_()
        self.search_panel.focus_search()

    def next_source(self, step: int = 1) -> None:
        ids = [s.id for s in self.store.sources()]
        if not ids:
            return
        cur = self.selection.source_id
        i = ids.index(cur) if cur in ids else -1
        self.selection.set_source(ids[(i + step) % len(ids)])

    def previous_source(self) -> None:
        self.next_source(-1)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).open()

    def show_about(self) -> None:
        prompts.info(
            self,
            "About Briefing",
            "Briefing — highlight sources, tag themes, write judgments and export a typeset brief.",
        )

    # -- events ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        settle_on_screen(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.workspace.closing.emit()  # panels commit what is being typed
        self.save_layout()
        self.pane.find_bar.save_options()
        self.tasks.stop()
        self.bridge.detach()
        close_store(self.store, self)
        super().closeEvent(event)
