"""The Brief dock: the brief's editor beside its live preview and tradecraft checks.

Editor tabs: "Brief" (title block, marking, paper, bottom line, options),
"Judgments" (key judgments and their support), "Sections" (per-theme
narrative and excerpts). Under them, the tradecraft warnings. The preview
sits beside the editor when the dock is wide, under it when it is narrow.

The preview is composed from the project (``compose`` then ``render_html``)
``PREVIEW_MS`` after the last change or keystroke; text typed but not yet
committed is shown too (each editor's ``apply_drafts``), so the preview
follows typing without waiting for the commits. The checks and the preview
are computed in a worker thread on a snapshot of the project
(``brief_refresh``: the newest request supersedes older ones, a stale result
is dropped) and shown on the GUI thread when done; the preview is composed
only while it is shown (Write can hide it: then only the checks run). While the panel is not on
screen (the dock closed, or behind another dock's tab: Qt keeps such a dock
"visible", so ``brief_preview.on_screen`` looks at what is really shown)
nothing is composed and the editors do not follow the changes: the panel
only notes that it is stale, and catches up when shown (the dock's
``visibilityChanged``, a show or resize). The project comes from a
``ProjectCache`` kept up to date from the change events, not from a full
reload each time; a big brief is previewed shortened (``preview_html``).
Clicking an excerpt in the preview reveals its highlight in the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.brief.checks import Finding

from . import settings
from .brief_checks import ChecksList
from .brief_document import BriefDocument
from .brief_form import BriefForm
from .brief_preview import BriefPreview, on_screen
from .brief_refresh import Derived, derive, snapshot
from .judgments_editor import JudgmentsEditor
from .sections_editor import SectionsEditor

if TYPE_CHECKING:
    from .workspace import Workspace

PREVIEW_MS = 250
"""Preview refresh delay after the last change or keystroke."""

WIDE = 720
"""Dock width (pixels) from which the preview sits beside the editor."""

TAB_BRIEF, TAB_JUDGMENTS, TAB_SECTIONS = range(3)


class BriefPanel(QtWidgets.QWidget):
    """The dock's widget (see the module doc)."""

    def __init__(self, workspace: Workspace):
        super().__init__()
        self.setObjectName("briefPanel")
        self._workspace = workspace
        self._stale = True
        self._dock: QtWidgets.QDockWidget | None = None
        self.refresh_count = 0
        """How many times the checks (and the preview, when shown) were composed and
        shown (tests, benchmarks)."""
        self.cache = workspace.cache  # hears each change before the editors that read it
        self._job = workspace.tasks.latest(self)
        self._job.finished.connect(self._show)

        self.form = BriefForm(workspace)
        self.judgments = JudgmentsEditor(workspace)
        self.sections = SectionsEditor(workspace, cache=self.cache)
        self.tabs = QtWidgets.QTabWidget(self)
        self.tabs.setObjectName("briefTabs")
        self.tabs.setDocumentMode(True)
        tabs: tuple[tuple[QtWidgets.QWidget, str], ...] = (
            (self.form, "Brief"),
            (self.judgments, "Judgments"),
            (self.sections, "Sections"),
        )
        for tab, title in tabs:
            # a short dock scrolls its editors rather than forcing the window taller
            scroll = QtWidgets.QScrollArea(self)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
            scroll.setWidget(tab)
            self.tabs.addTab(scroll, title)

        self.checks = ChecksList(self)
        self.preview = BriefPreview(self)
        self.preview.setMinimumSize(160, 120)

        self.document: BriefDocument | None = None
        """The Write workspace's document editor, built on first use (``set_document_mode``)."""
        self.preview_toggle = QtWidgets.QToolButton(self)
        self.preview_toggle.setObjectName("previewToggle")
        self.preview_toggle.setText("Preview")
        self.preview_toggle.setToolTip("Show or hide the live preview of the brief")
        self.preview_toggle.setCheckable(True)
        self.preview_toggle.setChecked(bool(settings.get("write/preview")))
        self.preview_toggle.toggled.connect(self.show_preview)
        self.preview_toggle.hide()
        editor = QtWidgets.QWidget(self)
        col = QtWidgets.QVBoxLayout(editor)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(4)
        self._editor_column = col
        col.addWidget(self.preview_toggle, 0, QtCore.Qt.AlignmentFlag.AlignRight)
        col.addWidget(self.tabs, 1)
        col.addWidget(self.checks)

        self.split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal, self)
        self.split.setObjectName("briefSplit")
        self.split.addWidget(editor)
        self.split.addWidget(self.preview)
        self.split.setChildrenCollapsible(False)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.split)

        self._timer = QtCore.QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self._timer.timeout.connect(self._refresh_if_shown)
        self._catch_up_timer = QtCore.QTimer(self, singleShot=True, interval=0)
        self._catch_up_timer.timeout.connect(self._catch_up)
        for editor in (self.form, self.judgments, self.sections):
            editor.edited.connect(self._changed)
        workspace.bridge.changed.connect(lambda _change: self._changed())
        workspace.bridge.project_replaced.connect(self._project_replaced)
        self.preview.excerpt_clicked.connect(self._excerpt_clicked)
        self.checks.follow.connect(self.follow)
        workspace.closing.connect(self.flush)  # before the window closes the project
        self.checks.set_project(workspace.store.path)
        self._catch_up_timer.start()

    # -- API ------------------------------------------------------------------------

    def refresh_preview(self) -> list[Finding]:
        """Compose and show the brief now, on this thread, with what is being typed, the
        panel shown or not (tests, benchmarks; edits go through ``request_refresh``);
        returns the findings."""
        self._timer.stop()
        if self._workspace.store.closed:
            return []
        self._job.drop()  # what a worker is computing is older than this
        result = derive(snapshot(self.cache, self.editors()), self.preview.isVisibleTo(self))
        self._stale = False
        self._show(result)
        return result.findings

    def request_refresh(self) -> None:
        """Take a snapshot of the project now; the checks and (when it is shown) the
        preview are computed from it in a worker and shown when done, unless a newer
        request came meanwhile."""
        self._timer.stop()
        if self._workspace.store.closed:
            return
        project = snapshot(self.cache, self.editors())
        with_preview = self.preview.isVisibleTo(self)  # hidden in Write: only the checks
        self._job.submit(lambda: derive(project, with_preview))
        self._stale = False

    def busy(self) -> bool:
        """Whether a refresh is due, being computed or being read into the preview
        (tests, benchmarks)."""
        return self._timer.isActive() or self._job.busy() or self.preview.loading()

    def is_on_screen(self) -> bool:
        """Whether the user can see the panel (not behind another dock's tab)."""
        return on_screen(self)

    def flush(self) -> None:
        """Commit every field's pending typing now."""
        for editor in (self.form, self.judgments, self.sections, self.document):
            if editor is not None:
                editor.flush()

    def editors(self) -> tuple[BriefDocument | BriefForm | JudgmentsEditor | SectionsEditor, ...]:
        """The editors the analyst is typing in: the document in Write, else the tabs."""
        if self.document is not None and self.document.isVisibleTo(self):
            return (self.document,)
        return (self.form, self.judgments, self.sections)

    def set_document_mode(self, on: bool) -> None:
        """Write: the brief as one document (``BriefDocument``) instead of the tabs, with
        the preview toggle; Read: the tabs."""
        if on and self.document is None:
            self.document = BriefDocument(self._workspace, self.cache)
            self.document.edited.connect(self._changed)
            self._editor_column.insertWidget(2, self.document, 1)
            if not self.cache.loaded:  # a big project takes a moment to load the first time
                QtWidgets.QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
                QtCore.QTimer.singleShot(0, QtWidgets.QApplication.restoreOverrideCursor)
        for editor in self.editors():
            editor.flush()
        self.tabs.setVisible(not on)
        if self.document is not None:
            self.document.setVisible(on)
            if on:
                self.document.catch_up(force=True)
        self.preview_toggle.setVisible(on)
        self.show_preview(self.preview_toggle.isChecked() if on else True)

    def show_preview(self, on: bool) -> None:
        self.preview.setVisible(on)
        if self.preview_toggle.isVisibleTo(self):
            settings.set("write/preview", on)
        if on:
            self._changed()

    def focus_field(self, name: str) -> None:
        """A field of the title block or "bottom_line", in whichever editor is shown."""
        if self.editors()[0] is self.document and self.document is not None:
            self.document.focus_field(name)
        else:
            self.tabs.setCurrentIndex(TAB_BRIEF)
            self.form.focus_field(name)

    def show_judgment(self, judgment_id: int) -> None:
        if self.document is not None and self.editors()[0] is self.document:
            self.document.focus_judgment(judgment_id)
            return
        self.tabs.setCurrentIndex(TAB_JUDGMENTS)
        self.judgments.select_judgment(judgment_id)
        self.judgments.text.editor.setFocus()

    def show_theme(self, theme_id: int) -> None:
        if self.document is not None and self.editors()[0] is self.document:
            self.document.focus_theme(theme_id)
            return
        self.tabs.setCurrentIndex(TAB_SECTIONS)
        self.sections.select_theme(theme_id)
        self.sections.narrative.editor.setFocus()

    def follow(self, finding: Finding) -> None:
        """Go to what a tradecraft warning is about."""
        kind, target = finding.target_kind, finding.target_id
        if finding.code == "source-after-brief":
            self.focus_field("date")  # the brief's date is what a reviewer would change
        elif kind == "judgment" and target is not None:
            self.show_judgment(target)
        elif kind == "theme" and target is not None:
            self.show_theme(target)
        elif kind == "highlight" and target is not None:
            self._workspace.selection.set_highlights([target])
            self._workspace.selection.reveal(target)
        elif kind == "source" and target is not None:
            self._workspace.selection.set_source(target)
        else:
            self.focus_field("marking" if finding.code == "marking-missing" else "bottom_line")

    # -- internals ----------------------------------------------------------------------

    def _changed(self) -> None:
        """Something the preview shows changed: refresh after a pause, if on screen."""
        self._stale = True
        if self.is_on_screen():
            self._timer.start()

    def _refresh_if_shown(self) -> None:
        if self.is_on_screen():
            self.request_refresh()
        else:
            self._stale = True

    def _catch_up(self) -> None:
        """Shown again: bring the editors and the preview up to date."""
        self._watch_dock()
        if not self.is_on_screen():
            return
        self.sections.catch_up()
        self.judgments.catch_up()
        if self.document is not None:
            self.document.catch_up()
        if self._stale:
            self.request_refresh()

    def _watch_dock(self) -> None:
        dock = self.parentWidget()
        while dock is not None and not isinstance(dock, QtWidgets.QDockWidget):
            dock = dock.parentWidget()
        if dock is not self._dock:
            if self._dock is not None:
                self._dock.visibilityChanged.disconnect(self._dock_visibility)
            self._dock = dock
            if dock is not None:
                dock.visibilityChanged.connect(self._dock_visibility)

    def _dock_visibility(self, visible: bool) -> None:
        if visible:  # the dock's geometry is set after the signal: look once it is
            self._catch_up_timer.start()

    def _show(self, result: Derived) -> None:
        """A refresh's result, on the GUI thread."""
        if result.html is not None and self.preview.isVisibleTo(self):
            self.preview.show_html(result.html)
        self.checks.set_findings(result.findings)
        self.refresh_count += 1

    def _project_replaced(self) -> None:
        self._job.drop()  # a result computed for the other project is never shown
        # typing not yet committed goes to the project it was typed for (still open
        # while this signal is delivered), then the editors show the new project
        self.flush()
        self.form.reload()
        if self.document is not None:
            self.document.reload()
        self.judgments.reload()
        self.sections.catch_up()  # now when on screen, else when shown
        self.checks.set_project(self._workspace.store.path)
        self._changed()

    def _excerpt_clicked(self, highlight_id: int) -> None:
        sel = self._workspace.selection
        sel.set_highlights([highlight_id])
        sel.reveal(highlight_id)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        self._watch_dock()
        self._catch_up_timer.start()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._stale or self.sections.pending():
            self._catch_up_timer.start()
        wanted = (
            QtCore.Qt.Orientation.Horizontal
            if self.width() >= WIDE
            else QtCore.Qt.Orientation.Vertical
        )
        if self.split.orientation() != wanted:
            self.split.setOrientation(wanted)
            total = self.width() if wanted == QtCore.Qt.Orientation.Horizontal else self.height()
            self.split.setSizes([total * 11 // 20, total * 9 // 20])
