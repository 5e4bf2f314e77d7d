"""Tradecraft warnings beside the brief editor (``briefing.brief.checks.check_brief``).

The list is refreshed with the preview. Double-clicking (or Enter on) a
warning emits ``follow(finding)`` so the brief panel can show the judgment,
theme, highlight or field concerned. A warning can be dismissed; dismissed
warnings are remembered for the session, per project file, keyed by the
finding's code and target (the message may change as the analyst edits), and
"Show dismissed" brings them back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.brief.checks import Finding

from .roles import FINDING_ROLE

_DISMISSED: dict[str, set[tuple[str, str, int | None]]] = {}
"""project path -> dismissed finding keys, for this session."""


def finding_key(f: Finding) -> tuple[str, str, int | None]:
    return (f.code, f.target_kind, f.target_id)


class ChecksList(QtWidgets.QWidget):
    """A header line and the list of warnings not dismissed."""

    follow = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("briefChecks")
        self._project = ""
        self._findings: list[Finding] = []

        self.title = QtWidgets.QLabel(self)
        self.title.setObjectName("briefChecksTitle")
        self.dismiss_button = QtWidgets.QToolButton(self)
        self.dismiss_button.setText("Dismiss")
        self.dismiss_button.setToolTip("Hide the selected warning for this session")
        self.dismiss_button.setAutoRaise(True)
        self.restore_button = QtWidgets.QToolButton(self)
        self.restore_button.setAutoRaise(True)
        self.restore_button.setToolTip("Show the warnings dismissed in this session again")

        self.list = QtWidgets.QListWidget(self)
        self.list.setObjectName("briefChecksList")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)
        self.list.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setToolTip("Double-click a warning to go to what it is about")
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * 7 + 8)

        head = QtWidgets.QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.dismiss_button)
        head.addWidget(self.restore_button)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(head)
        lay.addWidget(self.list)

        self.list.itemActivated.connect(self._activated)
        self.list.currentRowChanged.connect(lambda _: self._update_buttons())
        self.list.customContextMenuRequested.connect(self._menu)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.restore_button.clicked.connect(self.restore_dismissed)
        self._update_buttons()

    # -- API ----------------------------------------------------------------

    def set_project(self, path: str | Path) -> None:
        self._project = str(Path(path).resolve()) if path else ""

    @property
    def dismissed(self) -> set[tuple[str, str, int | None]]:
        return _DISMISSED.setdefault(self._project, set())

    def set_findings(self, findings: list[Finding]) -> None:
        """Show ``findings`` that were not dismissed (keeps the current row when it stays)."""
        self._findings = list(findings)
        current = self.current_finding()
        keep = finding_key(current) if current else None
        shown = [f for f in self._findings if finding_key(f) not in self.dismissed]
        if [self.list.item(i).data(FINDING_ROLE) for i in range(self.list.count())] == shown:
            self._update_buttons()
            return
        self.list.clear()
        warn = self.style().standardIcon(QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning)
        for f in shown:
            item = QtWidgets.QListWidgetItem(warn, f.message)
            item.setData(FINDING_ROLE, f)
            item.setToolTip(f.message + "\n\nDouble-click to go there.")
            self.list.addItem(item)
            if finding_key(f) == keep:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def findings(self) -> list[Finding]:
        """The warnings shown (not dismissed)."""
        return [self.list.item(i).data(FINDING_ROLE) for i in range(self.list.count())]

    def current_finding(self) -> Finding | None:
        item = self.list.currentItem()
        return item.data(FINDING_ROLE) if item is not None else None

    def dismiss(self, finding: Finding) -> None:
        self.dismissed.add(finding_key(finding))
        self.set_findings(self._findings)

    def dismiss_current(self) -> None:
        f = self.current_finding()
        if f is not None:
            self.dismiss(f)

    def restore_dismissed(self) -> None:
        self.dismissed.clear()
        self.set_findings(self._findings)

    # -- internals ----------------------------------------------------------

    def _update_buttons(self) -> None:
        n = self.list.count()
        hidden = sum(1 for f in self._findings if finding_key(f) in self.dismissed)
        self.title.setText(
            f"<b>Tradecraft checks</b> ({n})"
            if n
            else "<b>Tradecraft checks</b>: nothing to report"
        )
        self.dismiss_button.setEnabled(self.list.currentItem() is not None)
        self.restore_button.setText(f"Show dismissed ({hidden})")
        self.restore_button.setVisible(hidden > 0)
        self.list.setVisible(n > 0)

    def _activated(self, item: QtWidgets.QListWidgetItem) -> None:
        self.follow.emit(item.data(FINDING_ROLE))

    def _menu(self, pos: QtCore.QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        menu = QtWidgets.QMenu(self)
        go = menu.addAction("Go to")
        dismiss = menu.addAction("Dismiss for this session")
        chosen = menu.exec(self.list.viewport().mapToGlobal(pos))
        if chosen is go:
            self._activated(item)
        elif chosen is dismiss:
            self.dismiss(item.data(FINDING_ROLE))

    def keyPressEvent(self, e: QtGui.QKeyEvent) -> None:
        if e.key() == QtCore.Qt.Key.Key_Delete:
            self.dismiss_current()
            return
        super().keyPressEvent(e)
