"""The main window: the reader in the centre, the panels in docks, menus built from ``ACTIONS``.

The window owns the open ``Store`` (it closes it when the window closes or
another project opens), the ``StoreBridge``, the one ``Selection`` and the
``QUndoStack``. Panels are built as ``Panel(window)`` and reach everything
through these attributes; they never call each other. File operations live in
``files.py``, tagging in ``tagging.py``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QToolBar, QUndoView, QWidget

from briefing.events import Action, Change, Kind
from briefing.model import theme_keys
from briefing.store import Store

from . import icons, prompts, settings
from .actions import ACTIONS, MENU_TITLES, MENUS, key_sequences
from .bridge import StoreBridge
from .commands import StoreCommand
from .files import FileActions
from .reader_pane import ReaderPane
from .selection import Selection
from .tagging import Tagging

log = logging.getLogger(__name__)

# dock key -> (title, menu text, module, class, area)
PANELS: dict[str, tuple[str, str, str, str, Qt.DockWidgetArea]] = {
    "sources": (
        "Sources",
        "&Sources",
        "briefing.ui.sources_panel",
        "SourcesPanel",
        Qt.DockWidgetArea.LeftDockWidgetArea,
    ),
    "themes": (
        "Themes",
        "&Themes",
        "briefing.ui.themes_panel",
        "ThemesPanel",
        Qt.DockWidgetArea.LeftDockWidgetArea,
    ),
    "highlights": (
        "Highlights && notes",
        "&Highlights && Notes",
        "briefing.ui.highlights_panel",
        "HighlightsPanel",
        Qt.DockWidgetArea.RightDockWidgetArea,
    ),
    "search": (
        "Search",
        "Sea&rch",
        "briefing.ui.search_panel",
        "SearchPanel",
        Qt.DockWidgetArea.RightDockWidgetArea,
    ),
    "brief": (
        "Brief",
        "&Brief",
        "briefing.ui.brief_panel",
        "BriefPanel",
        Qt.DockWidgetArea.RightDockWidgetArea,
    ),
    "history": ("History", "Histor&y", "", "", Qt.DockWidgetArea.RightDockWidgetArea),
}
EDITING_ACTIONS = (
    "file.import",
    "highlight.tag_as",
    "highlight.untagged",
    "highlight.delete",
    "highlight.end_later",
    "highlight.end_earlier",
    "highlight.start_earlier",
    "highlight.start_later",
    *(f"tag.{n}" for n in range(1, 10)),
)
DEFERRED_PANELS = ("brief",)
"""Built right after the window's first paint (it sits behind a tab at first)."""
KEY_ACTIONS = tuple(f"tag.{n}" for n in range(1, 10))
"""Actions also attached to list panels (``attach_key_actions``)."""


class _Panels(dict):
    """Panels by dock key; a deferred panel is built on first access."""

    def __init__(self, build: Callable[[str], QWidget | None]):
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> QWidget:
        panel = self._build(key)
        if panel is None:
            raise KeyError(key)
        return panel

    def get(self, key: str, default: QWidget | None = None) -> QWidget | None:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or (isinstance(key, str) and self.get(key) is not None)


class MainWindow(QMainWindow):
    def __init__(self, store: Store):
        super().__init__()
        self.setObjectName("MainWindow")
        self.store = store
        self.bridge = StoreBridge(store, self)
        self.selection = Selection(self)
        self.undo_stack = QUndoStack(self)
        self.actions_by_id: dict[str, QAction] = {}
        self.docks: dict[str, QDockWidget] = {}
        self._pending = set(DEFERRED_PANELS)
        self.panels: dict[str, QWidget] = _Panels(self.ensure_panel)
        self.files = FileActions(self)
        self.tagging = Tagging(self)

        self.pane = ReaderPane(self)
        self.reader = self.pane.reader
        self.setCentralWidget(self.pane)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_docks()
        self.tagging.connect()
        self._counts = QLabel()
        self.statusBar().addPermanentWidget(self._counts)
        self._status_timer = QTimer(self, singleShot=True, interval=0)
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

    def _resolve(self, handler_name: str) -> Callable[[], object]:
        name, _, arg = handler_name.partition(":")
        target: object = self
        for part in name.split("."):
            target = getattr(target, part)
        if arg:
            return lambda fn=target, a=int(arg): fn(a)  # type: ignore[misc]
        return target  # type: ignore[return-value]

    def _build_actions(self) -> None:
        for spec in ACTIONS:
            if spec.id == "edit.undo":
                act = self.undo_stack.createUndoAction(self, "Undo")
            elif spec.id == "edit.redo":
                act = self.undo_stack.createRedoAction(self, "Redo")
            else:
                act = QAction(spec.text, self)
                if spec.handler_name:
                    handler = self._resolve(spec.handler_name)
                    if spec.checkable:
                        act.toggled.connect(handler)
                    else:
                        act.triggered.connect(lambda _=False, h=handler: h())
            act.setObjectName(spec.id)
            act.setShortcuts(key_sequences(spec))
            if spec.icon:
                act.setIcon(icons.icon(spec.icon))
            if spec.tip:
                act.setStatusTip(spec.tip)
                act.setToolTip(f"{spec.text.replace('&', '').rstrip('…')} — {spec.tip}")
            if spec.checkable:
                act.setCheckable(True)
                act.blockSignals(True)
                act.setChecked(bool(settings.get(spec.setting)) if spec.setting else False)
                act.blockSignals(False)
            if spec.scope == "reader":
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.reader.addAction(act)
            else:
                act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                self.addAction(act)
            self.actions_by_id[spec.id] = act

    def action(self, action_id: str) -> QAction:
        return self.actions_by_id[action_id]

    def attach_key_actions(self, widget: QWidget, ids: Iterable[str] = KEY_ACTIONS) -> None:
        """Let theme keys (and other reader-scope actions named in ``ids``) act while
        ``widget`` or one of its children has focus; text fields keep their keys."""
        for action_id in ids:
            widget.addAction(self.actions_by_id[action_id])

    def _menu(self, path: str) -> QMenu:
        menus = self._menus
        if path not in menus:
            parent, _, name = path.rpartition("/")
            title = MENU_TITLES.get(path, name)
            menus[path] = (
                self._menu(parent).addMenu(title) if parent else self.menuBar().addMenu(title)
            )
            menus[path].setObjectName(f"menu.{path}")
        return menus[path]

    def _build_menus(self) -> None:
        self._menus: dict[str, QMenu] = {}
        for name in MENUS:
            self._menu(name)
        for spec in ACTIONS:
            if not spec.menu:
                continue
            menu = self._menu(spec.menu)
            if spec.separator_before:
                menu.addSeparator()
            menu.addAction(self.actions_by_id[spec.id])
            if spec.id == "file.open":
                recent = self._menu("File/Open Recent")
                recent.aboutToShow.connect(lambda m=recent: self.files.fill_recent_menu(m))
        self._menu("View").addSeparator()
        self._menu("View/Panels")

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main toolbar", self)
        bar.setObjectName("toolbar.main")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for spec in ACTIONS:
            if spec.toolbar:
                if spec.separator_before:
                    bar.addSeparator()
                bar.addAction(self.actions_by_id[spec.id])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_docks(self) -> None:
        panels_menu = self._menu("View/Panels")
        for n, (key, (title, menu_text, module, cls, area)) in enumerate(PANELS.items(), 1):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock.{key}")
            if key in DEFERRED_PANELS:
                dock.setWidget(self._placeholder(f"{title}: loading…"))
                QTimer.singleShot(0, self, lambda k=key: self.ensure_panel(k))
                dock.visibilityChanged.connect(
                    lambda visible, k=key: visible and self.ensure_panel(k)
                )
            else:
                dock.setWidget(self._make_panel(key, title, module, cls))
            self.addDockWidget(area, dock)
            self.docks[key] = dock
            toggle = dock.toggleViewAction()
            toggle.setText(menu_text)
            toggle.setShortcut(f"Ctrl+Alt+{n}")
            toggle.setObjectName(f"view.panel.{key}")
            panels_menu.addAction(toggle)
            self.actions_by_id[f"view.panel.{key}"] = toggle
        self.splitDockWidget(self.docks["sources"], self.docks["themes"], Qt.Orientation.Vertical)
        self.splitDockWidget(
            self.docks["highlights"], self.docks["search"], Qt.Orientation.Vertical
        )
        self.tabifyDockWidget(self.docks["search"], self.docks["brief"])
        self.tabifyDockWidget(self.docks["brief"], self.docks["history"])
        self.docks["search"].raise_()
        self.resizeDocks(
            [self.docks["sources"], self.docks["highlights"]], [260, 380], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.docks["highlights"], self.docks["search"]], [560, 260], Qt.Orientation.Vertical
        )
        self.resizeDocks(
            [self.docks["sources"], self.docks["themes"]], [380, 420], Qt.Orientation.Vertical
        )
        for key in ("highlights", "search"):
            if key in self.panels:
                self.attach_key_actions(self.panels[key])

    def _make_panel(self, key: str, title: str, module: str, cls: str) -> QWidget:
        if key == "history":
            view = QUndoView(self.undo_stack)
            view.setEmptyLabel("Opened project")
            view.setObjectName("panel.history")
            return view
        if not module:
            return self._placeholder(f"{title}: not available")
        try:
            panel = getattr(importlib.import_module(module), cls)(self)
        except ImportError as exc:
            if exc.name != module:
                log.exception("the %s panel could not be loaded", key)
            return self._placeholder(f"{title}: not available yet")
        except Exception:
            log.exception("the %s panel failed to start", key)
            return self._placeholder(f"{title}: failed to start (see the log)")
        self.panels[key] = panel
        return panel

    def ensure_panel(self, key: str) -> QWidget | None:
        """Build a deferred panel now (a no-op when it exists or failed to load)."""
        if dict.__contains__(self.panels, key):
            return dict.__getitem__(self.panels, key)
        if key not in self._pending or self.store.closed:
            return None
        self._pending.discard(key)
        title, _, module, cls, _ = PANELS[key]
        old = self.docks[key].widget()
        self.docks[key].setWidget(self._make_panel(key, title, module, cls))
        old.deleteLater()
        return dict.get(self.panels, key)

    @staticmethod
    def _placeholder(text: str) -> QWidget:
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setEnabled(False)
        return label

    # -- layout memory ------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = settings.get("window/geometry")
        if not geometry or not self.restoreGeometry(QByteArray(geometry)):
            self.resize(1280, 820)
        state = settings.get("window/state")
        if state:
            self.restoreState(QByteArray(state))

    def save_layout(self) -> None:
        settings.set("window/geometry", bytes(self.saveGeometry().data()))
        settings.set("window/state", bytes(self.saveState().data()))

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.show()

    # -- the project --------------------------------------------------------------

    def push(self, command: StoreCommand) -> bool:
        """Do ``command`` as one undoable step; shows the error and returns False if it fails."""
        if self.store.readonly:
            self.show_status("This project is open read-only; changes are not saved")
            return False
        self.undo_stack.push(command)
        if command.error is not None:
            prompts.error(self, "Briefing", str(command.error).splitlines()[0])
            return False
        return True

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
            old.close()

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
        self.selection.set_source(sources[0].id if sources else None)
        if self.selection.source_id is not None:
            self.reader.show_source(self.selection.source_id)
        else:
            self.reader.show_source(None)

    def _update_title(self) -> None:
        suffix = " (read-only)" if self.store.readonly else ""
        self.setWindowTitle(f"{self.store.path.name}{suffix} — Briefing")

    def _on_change(self, change: Change) -> None:
        if change.kind == Kind.THEME:
            self._update_theme_actions()
        if change.kind == Kind.PROJECT:
            self._update_title()
        if change.kind == Kind.SOURCE and change.action == Action.REMOVED:
            if self.selection.source_id is None:
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
        c = self.store.counts()

        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        self._counts.setText(
            " · ".join(
                (
                    plural(c["sources"], "source"),
                    plural(c["themes"], "theme"),
                    plural(c["highlights"], "highlight"),
                    plural(c["judgments"], "judgment"),
                )
            )
        )

    def show_status(self, text: str, ms: int = 4000) -> None:
        self.statusBar().showMessage(text, ms)

    # -- simple handlers ----------------------------------------------------------

    def tag_selection(self, theme_ids: Iterable[int]) -> bool:
        """Tag the reader's text selection with ``theme_ids`` (a new highlight), or,
        with no text selection, toggle each theme on the picked highlights."""
        return self.tagging.tag_selection(tuple(theme_ids))

    def import_paths(self, paths: Iterable[Path]) -> None:
        paths = [Path(p) for p in paths]
        panel = self.panels.get("sources")
        if panel is not None and hasattr(panel, "import_paths"):
            panel.import_paths(paths)
        else:
            self.files.import_paths_here(paths)

    def import_dialog(self) -> None:
        self.files.import_dialog()

    def copy_selection(self) -> None:
        self.reader.copy()

    def show_find_bar(self) -> None:
        self.pane.find_bar.open()

    def find_next(self) -> None:
        self.pane.find_bar.find(backward=False)

    def find_previous(self) -> None:
        self.pane.find_bar.find(backward=True)

    def focus_search(self) -> None:
        dock = self.docks["search"]
        dock.show()
        dock.raise_()
        panel = self.panels.get("search")
        if panel is not None and hasattr(panel, "focus_search"):
            panel.focus_search()
        else:
            dock.widget().setFocus()

    def focus_reader(self) -> None:
        self.reader.setFocus()

    def show_legend(self) -> None:
        self.pane.show_legend()

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
        from .shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self).open()

    def show_about(self) -> None:
        prompts.info(
            self,
            "About Briefing",
            "Briefing — highlight sources, tag themes, write judgments and export a typeset brief.",
        )

    def quit(self) -> None:
        self.close()

    # -- events ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.pane.find_bar.save_options()
        self.files.stop_export()
        self.bridge.detach()
        self.store.close()
        super().closeEvent(event)
