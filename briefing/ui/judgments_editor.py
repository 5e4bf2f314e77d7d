"""The key judgments of the brief: a numbered list and the chosen judgment's editor.

Add, remove, reorder (drag, or the arrow buttons), write the text (Markdown,
committed in debounced bursts), pick its confidence (low / moderate / high)
and its ICD 203 likelihood, and attach the highlights that support it: by the
picker dialog (``highlight_picker.pick_highlights``) or by dropping
highlights on the supporting-excerpts list or on a judgment in the list.
Every edit is an undoable command.

A change to a judgment redraws the list at once; a change to a highlight a
judgment cites (or to a source) redraws it ``UPDATE_MS`` later, and only
while the Brief dock is on screen (``catch_up`` when it is shown again).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.events import Action, Change, Kind
from briefing.model import LIKELIHOODS, Confidence, Judgment, Project

from . import commands, highlight_picker
from .brief_commits import commit_judgment_text
from .brief_preview import dock_on_screen
from .brief_text import MarkdownField
from .labels import one_line
from .reorder_list import ReorderList
from .roles import ID_ROLE

if TYPE_CHECKING:
    from briefing.store import Store

    from .workspace import Workspace

CONFIDENCES: tuple[tuple[str, str], ...] = (
    ("Not set", ""),
    *tuple((c.value.capitalize(), c.value) for c in Confidence),
)
UPDATE_MS = 120
"""Delay after a highlight or source change before the list is redrawn."""

LIKELIHOOD_CHOICES: tuple[tuple[str, str], ...] = (
    ("Not set", ""),
    *tuple((term.capitalize(), term) for term in LIKELIHOODS),
)


def judgment_label(n: int, j: Judgment) -> str:
    text = one_line(j.text, 110) or "(no text yet)"
    tags = [j.likelihood] if j.likelihood else []
    tags.append(f"{j.confidence} confidence" if j.confidence else "no confidence set")
    n_sup = len(j.support)
    tags.append(f"{n_sup} excerpt{'s' if n_sup != 1 else ''}")
    return f"{n}. {text}\n     {' · '.join(tags)}"


def _tool(
    parent: QtWidgets.QWidget,
    text: str,
    tip: str,
    icon: QtWidgets.QStyle.StandardPixmap | None = None,
) -> QtWidgets.QToolButton:
    b = QtWidgets.QToolButton(parent)
    b.setText(text)
    b.setToolTip(tip)
    b.setAutoRaise(True)
    if icon is not None:
        b.setIcon(parent.style().standardIcon(icon))
        b.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonIconOnly)
    return b


class JudgmentsEditor(QtWidgets.QWidget):
    """See the module doc; emits ``edited`` while the analyst types."""

    edited = QtCore.Signal()

    def __init__(self, workspace: Workspace, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("judgmentsEditor")
        self._workspace = workspace
        self._shown = workspace.store
        """The project shown (the judgment text is committed to it)."""
        self._judgments: list[Judgment] = []
        self._cited: set[int] = set()
        self._rebuilding = False
        self._dirty = False
        self._update_timer = QtCore.QTimer(self, singleShot=True, interval=UPDATE_MS)
        self._update_timer.timeout.connect(self.catch_up)

        SP = QtWidgets.QStyle.StandardPixmap
        self.add_button = _tool(self, "Add", "Add a key judgment")
        self.add_button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.remove_button = _tool(self, "Remove", "Remove the selected key judgment")
        self.up_button = _tool(self, "Up", "Move up", SP.SP_ArrowUp)
        self.down_button = _tool(self, "Down", "Move down", SP.SP_ArrowDown)
        bar = QtWidgets.QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(2)
        bar.addWidget(QtWidgets.QLabel("<b>Key judgments</b>", self))
        bar.addStretch(1)
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            bar.addWidget(b)

        self.list = ReorderList(self, accept_highlights=True)
        self.list.setObjectName("judgmentsList")
        self.list.setToolTip("Drag to reorder; drop highlights on a judgment to attach them")
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 7 + 8)

        # -- the chosen judgment ---------------------------------------------------
        self.detail = QtWidgets.QWidget(self)
        self.heading = QtWidgets.QLabel(self.detail)
        self.text = MarkdownField(
            self._commit_text,
            "The judgment, one or two sentences "
            "(give its likelihood below, not in the text's confidence)",
            self.detail,
            lines=3,
        )
        self.text.setObjectName("judgmentText")
        self.text.edited.connect(self.edited)
        self.likelihood = QtWidgets.QComboBox(self.detail)
        self.likelihood.setObjectName("judgmentLikelihood")
        self.likelihood.setToolTip("ICD 203 likelihood (estimative language)")
        for label, value in LIKELIHOOD_CHOICES:
            self.likelihood.addItem(label, value)
        self.confidence = QtWidgets.QComboBox(self.detail)
        self.confidence.setObjectName("judgmentConfidence")
        self.confidence.setToolTip("Analytic confidence in the judgment")
        for label, value in CONFIDENCES:
            self.confidence.addItem(label, value)
        picks = QtWidgets.QFormLayout()
        picks.setContentsMargins(0, 0, 0, 0)
        picks.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        picks.addRow("Likelihood", self.likelihood)
        picks.addRow("Confidence", self.confidence)

        self.attach_button = _tool(
            self.detail, "Attach…", "Choose highlights that support this judgment"
        )
        self.detach_button = _tool(
            self.detail, "Detach", "Remove the selected excerpt from this judgment's support"
        )
        self.support = ReorderList(self.detail, accept_highlights=True)
        self.support.setObjectName("judgmentSupport")
        self.support.setToolTip(
            "Drop highlights here to attach them; drag to reorder; "
            "double-click to show in its source"
        )
        sup_bar = QtWidgets.QHBoxLayout()
        sup_bar.setContentsMargins(0, 0, 0, 0)
        sup_bar.addWidget(QtWidgets.QLabel("Supporting excerpts", self.detail))
        sup_bar.addStretch(1)
        sup_bar.addWidget(self.attach_button)
        sup_bar.addWidget(self.detach_button)

        d = QtWidgets.QVBoxLayout(self.detail)
        d.setContentsMargins(0, 4, 0, 0)
        d.setSpacing(4)
        d.addWidget(self.heading)
        d.addWidget(self.text, 2)
        d.addLayout(picks)
        d.addLayout(sup_bar)
        d.addWidget(self.support, 3)

        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical, self)
        split.addWidget(self.list)
        split.addWidget(self.detail)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(4)
        lay.addLayout(bar)
        lay.addWidget(split, 1)

        self.add_button.clicked.connect(lambda _=False: self.add_judgment())
        self.remove_button.clicked.connect(lambda _=False: self.remove_judgment())
        self.up_button.clicked.connect(lambda: self._step(-1))
        self.down_button.clicked.connect(lambda: self._step(1))
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.moved.connect(self.move_judgment)
        self.list.highlights_dropped.connect(self._dropped_on_judgment)
        self.likelihood.activated.connect(
            lambda _: self._set_field("likelihood", self.likelihood.currentData())
        )
        self.confidence.activated.connect(
            lambda _: self._set_field("confidence", self.confidence.currentData())
        )
        self.attach_button.clicked.connect(self.pick_support)
        self.detach_button.clicked.connect(self.detach_selected)
        self.support.moved.connect(self._support_moved)
        self.support.highlights_dropped.connect(
            lambda _target, ids: self.attach_support(self.current_id(), ids)
        )
        self.support.itemActivated.connect(
            lambda item: self._workspace.selection.reveal(item.data(ID_ROLE))
        )
        self.support.currentItemChanged.connect(lambda *_: self._update_buttons())

        workspace.bridge.changed.connect(self._store_changed)
        self.reload()

    # -- API ------------------------------------------------------------------------

    def _store(self) -> Store:
        return self._workspace.store

    def current_id(self) -> int | None:
        return self.list.current_id()

    def judgment_ids(self) -> list[int]:
        return self.list.ids()

    def select_judgment(self, judgment_id: int) -> bool:
        return self.list.select_id(judgment_id)

    def add_judgment(self, text: str = "") -> int | None:
        cmd = commands.AddJudgment(self._store(), text=text)
        if not self._workspace.push(cmd):
            return None
        if cmd.judgment_id is not None:
            self.select_judgment(cmd.judgment_id)
        self.text.editor.setFocus()
        return cmd.judgment_id

    def remove_judgment(self, judgment_id: int | None = None) -> None:
        jid = judgment_id if judgment_id is not None else self.current_id()
        if jid is None:
            return
        row = self.list.ids().index(jid) if jid in self.list.ids() else 0
        self._workspace.push(commands.DeleteJudgment(self._store(), jid))
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))

    def move_judgment(self, judgment_id: int, position: int) -> None:
        ids = self.list.ids()
        if judgment_id not in ids or ids.index(judgment_id) == position:
            return
        self._workspace.push(commands.MoveJudgment(self._store(), judgment_id, position))
        self.select_judgment(judgment_id)

    def set_confidence(self, judgment_id: int, value: str) -> None:
        self._set_field("confidence", value, judgment_id)

    def set_likelihood(self, judgment_id: int, value: str) -> None:
        self._set_field("likelihood", value, judgment_id)

    def attach_support(self, judgment_id: int | None, highlight_ids: Iterable[int]) -> None:
        """Add highlights to a judgment's support (those it has already stay where they are)."""
        if judgment_id is None:
            return
        store = self._store()
        current = list(store.judgment(judgment_id).support)
        known = {h.id for h in store.highlights()}
        new = [h for h in dict.fromkeys(highlight_ids) if h in known and h not in current]
        if new:
            self._workspace.push(commands.SetJudgmentSupport(store, judgment_id, current + new))

    def detach_support(self, judgment_id: int, highlight_ids: Iterable[int]) -> None:
        store = self._store()
        gone = set(highlight_ids)
        current = list(store.judgment(judgment_id).support)
        if gone & set(current):
            self._workspace.push(
                commands.SetJudgmentSupport(
                    store, judgment_id, [h for h in current if h not in gone]
                )
            )

    def detach_selected(self) -> None:
        jid, hid = self.current_id(), self.support.current_id()
        if jid is not None and hid is not None:
            self.detach_support(jid, [hid])

    def pick_support(self) -> None:
        jid = self.current_id()
        if jid is None:
            return
        store = self._store()
        chosen = highlight_picker.pick_highlights(
            self, store, "Attach supporting excerpts", already=store.judgment(jid).support
        )
        if chosen:
            self.attach_support(jid, chosen)

    def flush(self) -> None:
        self.text.flush()

    def apply_drafts(self, project: Project) -> None:
        jid = self.text.key
        if jid is None:
            return
        for j in project.judgments:
            if j.id == jid:
                j.text = self.text.draft()

    # -- edits ------------------------------------------------------------------------

    def _commit_text(self, judgment_id: int, text: str, burst: int) -> None:
        commit_judgment_text(self._workspace, self._shown, judgment_id, text, burst)

    def _set_field(self, field: str, value: str, judgment_id: int | None = None) -> None:
        jid = judgment_id if judgment_id is not None else self.current_id()
        if jid is None:
            return
        store = self._store()
        if getattr(store.judgment(jid), field) != value:
            self._workspace.push(commands.EditJudgment(store, jid, field, value))

    def _step(self, delta: int) -> None:
        jid = self.current_id()
        ids = self.list.ids()
        if jid is None:
            return
        target = ids.index(jid) + delta
        if 0 <= target < len(ids):
            self.move_judgment(jid, target)

    def _dropped_on_judgment(self, target: int | None, ids: list[int]) -> None:
        jid = target if target is not None else self.current_id()
        if jid is not None:
            self.select_judgment(jid)
            self.attach_support(jid, ids)

    def _support_moved(self, hid: int, position: int) -> None:
        jid = self.current_id()
        if jid is None:
            return
        order = [h for h in self.support.ids() if h != hid]
        order.insert(position, hid)
        self._workspace.push(commands.SetJudgmentSupport(self._store(), jid, order))
        self.support.select_id(hid)

    # -- showing the project -----------------------------------------------------------

    def catch_up(self) -> None:
        """Redraw after highlight or source changes, when the Brief dock is on screen
        and this tab chosen (else when shown)."""
        self._update_timer.stop()
        if self._dirty and self.isVisible() and dock_on_screen(self):
            self.reload()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.catch_up()

    def reload(self) -> None:
        store = self._store()
        if store.closed:
            return
        self._dirty = False
        self._update_timer.stop()
        if store is not self._shown:  # another project: nothing carries over
            self.text.set_target(None, "")
            self._shown = store
            self.list.clear()
        current = self.current_id()
        self._judgments = store.judgments()
        self._cited = {hid for j in self._judgments for hid in j.support}
        self._rebuilding = True
        try:
            self.list.clear()
            for n, j in enumerate(self._judgments, 1):
                item = QtWidgets.QListWidgetItem(judgment_label(n, j))
                item.setData(ID_ROLE, j.id)
                item.setToolTip(j.text or "No text yet")
                if not j.confidence or not j.text.strip():
                    item.setIcon(
                        self.style().standardIcon(
                            QtWidgets.QStyle.StandardPixmap.SP_MessageBoxWarning
                        )
                    )
                self.list.addItem(item)
            if not (current is not None and self.list.select_id(current)) and self.list.count():
                self.list.setCurrentRow(0)
        finally:
            self._rebuilding = False
        self._show_current()

    def _show_current(self) -> None:
        if self._rebuilding:
            return
        jid = self.current_id()
        j = next((x for x in self._judgments if x.id == jid), None)
        self.detail.setEnabled(j is not None)
        if j is None:
            self.heading.setText("<i>Add a key judgment to edit it here.</i>")
            self.text.set_target(None, "")
            self.support.clear()
            self._update_buttons()
            return
        n = self.list.ids().index(j.id) + 1
        self.heading.setText(f"<b>Key judgment {n}</b>")
        if self.text.key != j.id:  # stored changes arrive in _store_changed
            self.text.set_target(j.id, j.text)
        self.likelihood.setCurrentIndex(max(0, self.likelihood.findData(j.likelihood)))
        self.confidence.setCurrentIndex(max(0, self.confidence.findData(j.confidence)))
        self._show_support(j)
        self._update_buttons()

    def _show_support(self, j: Judgment) -> None:
        store = self._store()
        current = self.support.current_id()
        sources = {s.id: s.title for s in store.sources()}
        self.support.clear()
        for hid in j.support:
            try:
                h = store.highlight(hid)
            except KeyError:
                continue
            src = sources.get(h.source_id, "")
            item = QtWidgets.QListWidgetItem(f"“{one_line(h.quote, 140)}”\n     — {src}")
            item.setData(ID_ROLE, hid)
            item.setToolTip(h.quote + (f"\n\nNote: {h.note}" if h.note else ""))
            if h.orphan or not h.included:
                item.setForeground(QtGui.QBrush(QtGui.QColor("#888888")))
                if h.orphan:
                    item.setToolTip("Not found in its source after re-import: not cited")
            self.support.addItem(item)
        if current is not None:
            self.support.select_id(current)

    def _update_buttons(self) -> None:
        jid = self.current_id()
        ids = self.list.ids()
        has = jid is not None
        self.remove_button.setEnabled(has)
        self.up_button.setEnabled(has and ids.index(jid) > 0)
        self.down_button.setEnabled(has and ids.index(jid) < len(ids) - 1)
        self.detach_button.setEnabled(has and self.support.current_id() is not None)

    def _store_changed(self, change: Change) -> None:
        if self._store().closed:
            return
        if change.kind == Kind.JUDGMENT:
            self.reload()
            jid = self.text.key
            if (
                change.action == Action.CHANGED and jid in change.ids and "text" in change.fields
            ) or (change.action == Action.ADDED and jid in change.ids):
                self.text.show_stored(self._store().judgment(jid).text)
        elif change.kind == Kind.SOURCE or (
            change.kind == Kind.HIGHLIGHT
            and change.action in (Action.CHANGED, Action.REMOVED)
            and not self._cited.isdisjoint(change.ids)
        ):
            self._dirty = True
            self._update_timer.start()
