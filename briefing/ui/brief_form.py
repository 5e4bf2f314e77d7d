"""The brief's own fields: title block, handling marking, paper, bottom line, options.

Every edit is an undoable command (``EditBrief``, ``EditBriefText`` for the
bottom line, ``EditBriefFields`` for a marking preset, which sets the text and
the banner colour as one step). The marking presets are UNCLASSIFIED and the
FIRST Traffic Light Protocol 2.0 labels in their published colours; the
renderers draw the colour as the banner's background with black or white text,
whichever reads better.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.events import Change, Kind
from briefing.model import Brief, Project

from . import commands, prompts
from .brief_text import LineField, MarkdownField, commit_typing

if TYPE_CHECKING:
    from briefing.store import Store

    from .workspace import Workspace

MARKING_PRESETS: tuple[tuple[str, str], ...] = (
    ("UNCLASSIFIED", "#007A33"),
    ("TLP:CLEAR", "#FFFFFF"),
    ("TLP:GREEN", "#33FF00"),
    ("TLP:AMBER", "#FFC000"),
    ("TLP:AMBER+STRICT", "#FFC000"),
    ("TLP:RED", "#FF2B2B"),
)
"""(marking, banner colour). TLP 2.0 colours are FIRST's published ones."""

TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("title", "Title", "Untitled brief"),
    ("subtitle", "Subtitle", "One line under the title"),
    ("author", "Author", "Who wrote it"),
    ("organisation", "Organisation", "Team or organisation"),
    ("date", "Date", "YYYY-MM-DD (empty: the day of export)"),
    ("marking", "Marking", "e.g. UNCLASSIFIED or TLP:CLEAR"),
)

OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("show_toc", "Table of contents", "List the theme sections at the start of the brief"),
    ("show_chart", "Theme chart", "A small chart of how often each theme was tagged"),
    (
        "show_appendix",
        "Appendix of annotated sources",
        "Each cited source's text with its highlights drawn in theme colours",
    ),
)


def label_icon(text: str, color: str, width: int = 28, height: int = 16) -> QtGui.QIcon:
    """A tiny TLP-style label: the colour's text on black (or a swatch for UNCLASSIFIED)."""
    pix = QtGui.QPixmap(width, height)
    pix.fill(QtCore.Qt.GlobalColor.transparent)
    p = QtGui.QPainter(pix)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    if text.startswith("TLP"):
        p.setBrush(QtGui.QColor("#000000"))
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.drawRoundedRect(QtCore.QRectF(0, 0, width, height), 3, 3)
        font = p.font()
        font.setBold(True)
        font.setPixelSize(height - 5)
        p.setFont(font)
        p.setPen(QtGui.QColor(color))
        p.drawText(QtCore.QRectF(0, 0, width, height), QtCore.Qt.AlignmentFlag.AlignCenter, "TLP")
    else:
        p.setPen(QtGui.QPen(QtGui.QColor(0, 0, 0, 110), 1))
        p.setBrush(QtGui.QColor(color))
        p.drawRoundedRect(QtCore.QRectF(0.5, 0.5, width - 1, height - 1), 3, 3)
    p.end()
    return QtGui.QIcon(pix)


def color_icon(color: str, size: int = 16) -> QtGui.QIcon:
    pix = QtGui.QPixmap(size, size)
    pix.fill(QtCore.Qt.GlobalColor.transparent)
    p = QtGui.QPainter(pix)
    p.setPen(QtGui.QPen(QtGui.QColor(0, 0, 0, 130), 1))
    p.setBrush(QtGui.QColor(color))
    p.drawRoundedRect(QtCore.QRectF(0.5, 0.5, size - 1, size - 1), 2, 2)
    p.end()
    return QtGui.QIcon(pix)


class BriefForm(QtWidgets.QWidget):
    """Edits ``store.brief()``; emits ``edited`` while the analyst types."""

    edited = QtCore.Signal()

    def __init__(
        self,
        workspace: Workspace,
        parent: QtWidgets.QWidget | None = None,
        title_first: bool = False,
    ):
        """``title_first``: the title block above the bottom line, as on the page (the
        Write document); else the bottom line first (the Brief dock's tab)."""
        super().__init__(parent)
        self.setObjectName("briefForm")
        self._workspace = workspace
        self._shown = workspace.store
        """The project the fields show (typing is committed to it)."""
        self.fields: dict[str, LineField] = {}

        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        for name, label, placeholder in TEXT_FIELDS:
            field = LineField(placeholder, self)
            field.setObjectName(f"brief_{name}")
            field.commit.connect(lambda text, n=name: self._commit_typed(n, text))
            field.edited.connect(self.edited)
            self.fields[name] = field
            if name == "date":
                today = QtWidgets.QToolButton(self)
                today.setText("Today")
                today.setToolTip("Set the brief's date to today")
                today.clicked.connect(self.set_today)
                form.addRow(label, self._row(field, today))
            elif name == "marking":
                form.addRow(label, self._marking_row(field))
            else:
                form.addRow(label, field)

        self.paper = QtWidgets.QComboBox(self)
        self.paper.setObjectName("brief_paper")
        self.paper.addItems(["A4", "Letter"])
        self.paper.activated.connect(lambda _: self._commit("paper", self.paper.currentText()))
        form.addRow("Paper", self.paper)

        self.options: dict[str, QtWidgets.QCheckBox] = {}
        opts = QtWidgets.QVBoxLayout()
        opts.setSpacing(2)
        for name, text, tip in OPTIONS:
            box = QtWidgets.QCheckBox(text, self)
            box.setObjectName(f"brief_{name}")
            box.setToolTip(tip)
            box.clicked.connect(lambda on, n=name: self._commit(n, bool(on)))
            self.options[name] = box
            opts.addWidget(box)
        form.addRow("Include", opts)

        self.bottom_line = MarkdownField(
            self._commit_bottom_line,
            "Bottom line up front: two or three sentences (Markdown: *italic*, **bold**, - lists)",
            self,
            lines=6,
        )
        self.bottom_line.setObjectName("brief_bottom_line")
        self.bottom_line.edited.connect(self.edited)
        bluf_label = QtWidgets.QLabel("<b>Bottom line up front</b>", self)

        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)
        if title_first:  # in a scrolling document: never squeezed under six lines
            line = QtGui.QFontMetrics(self.bottom_line.editor.font()).lineSpacing()
            self.bottom_line.editor.setMinimumHeight(line * 6 + 14)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addLayout(form)
            lay.addSpacing(4)
        lay.addWidget(bluf_label)
        lay.addWidget(self.bottom_line, 1)
        if not title_first:
            lay.addSpacing(4)
            lay.addLayout(form)

        workspace.bridge.changed.connect(self._store_changed)
        self.reload()

    # -- layout pieces -----------------------------------------------------------

    @staticmethod
    def _row(*widgets: QtWidgets.QWidget) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for i, w in enumerate(widgets):
            row.addWidget(w, 1 if i == 0 else 0)
        return row

    def _marking_row(self, field: LineField) -> QtWidgets.QHBoxLayout:
        self.marking_color = QtWidgets.QToolButton(self)
        self.marking_color.setObjectName("brief_marking_color")
        self.marking_color.setToolTip("Banner colour")
        self.marking_color.clicked.connect(self.pick_marking_color)
        self.presets = QtWidgets.QToolButton(self)
        self.presets.setObjectName("brief_marking_presets")
        self.presets.setText("Presets")
        self.presets.setToolTip("UNCLASSIFIED or a Traffic Light Protocol 2.0 label")
        self.presets.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QtWidgets.QMenu(self.presets)
        for text, color in MARKING_PRESETS:
            act = menu.addAction(label_icon(text, color), text)
            act.triggered.connect(lambda _=False, t=text: self.apply_preset(t))
        self.presets.setMenu(menu)
        return self._row(field, self.marking_color, self.presets)

    # -- edits --------------------------------------------------------------------

    def _store(self) -> Store:
        return self._workspace.store

    def _commit(self, field: str, value: Any) -> None:
        store = self._store()
        if store.closed or getattr(store.brief(), field) == value:
            return
        self._workspace.push(commands.EditBrief(store, field, value))

    def _commit_typed(self, field: str, text: str) -> None:
        store = self._shown
        if store.closed or getattr(store.brief(), field) == text:
            return
        commit_typing(
            self._workspace,
            store,
            lambda s: commands.EditBrief(s, field, text),
            lambda s: s.update_brief(**{field: text}),
        )

    def _commit_bottom_line(self, _key: Any, text: str, burst: int) -> None:
        store = self._shown
        if store.closed or store.brief().bottom_line == text:
            return
        commit_typing(
            self._workspace,
            store,
            lambda s: commands.EditBriefText(s, "bottom_line", text, burst),
            lambda s: s.update_brief(bottom_line=text),
        )

    def apply_preset(self, marking: str) -> None:
        """Set the marking and its banner colour (one undo step)."""
        color = dict(MARKING_PRESETS)[marking]
        brief = self._store().brief()
        if (brief.marking, brief.marking_color.upper()) == (marking, color):
            return
        self.fields["marking"].replace(marking)
        self._workspace.push(
            commands.EditBriefFields(
                self._store(), {"marking": marking, "marking_color": color}, f"Mark as {marking}"
            )
        )

    def pick_marking_color(self) -> None:
        color = prompts.pick_color(self, self._store().brief().marking_color)
        if color:
            self._commit("marking_color", color.upper())

    def set_today(self) -> None:
        today = dt.date.today().isoformat()
        self.fields["date"].replace(today)
        self._commit("date", today)

    def flush(self) -> None:
        for f in self.fields.values():
            f.flush()
        self.bottom_line.flush()

    def apply_drafts(self, project: Project) -> None:
        """Put what is typed but not yet committed into ``project`` (for the preview)."""
        for name, f in self.fields.items():
            if f.pending():
                setattr(project.brief, name, f.draft())
        if self.bottom_line.key is not None:
            project.brief.bottom_line = self.bottom_line.draft()

    def focus_field(self, name: str) -> None:
        widget = self.bottom_line.editor if name == "bottom_line" else self.fields.get(name)
        if widget is not None:
            widget.setFocus()

    # -- showing the project ------------------------------------------------------

    def reload(self) -> None:
        """Show the window's project (after ``flush`` when another project was opened)."""
        store = self._store()
        if store.closed:
            return
        self.bottom_line.set_target(None, "")  # commits pending typing to the old project
        self._shown = store
        brief = store.brief()
        self.bottom_line.set_target("bottom_line", brief.bottom_line)
        for name, f in self.fields.items():
            f.replace(getattr(brief, name))
        self._show(brief)
        readonly = store.readonly
        for w in (
            *self.fields.values(),
            self.paper,
            *self.options.values(),
            self.marking_color,
            self.presets,
        ):
            w.setEnabled(not readonly)
        self.bottom_line.editor.setReadOnly(readonly)

    def _show(self, brief: Brief, changed: tuple[str, ...] | None = None) -> None:
        """Show the project's values of ``changed`` fields (None: all)."""

        def wanted(name: str) -> bool:
            return changed is None or name in changed

        for name, f in self.fields.items():
            if wanted(name):
                f.show_stored(getattr(brief, name))
        if wanted("paper"):
            self.paper.setCurrentText("Letter" if brief.paper.lower() == "letter" else "A4")
        for name, box in self.options.items():
            if wanted(name):
                box.setChecked(bool(getattr(brief, name)))
        if wanted("marking_color"):
            self.marking_color.setIcon(color_icon(brief.marking_color))
            self.marking_color.setToolTip(f"Banner colour {brief.marking_color}")
        if wanted("bottom_line"):
            self.bottom_line.show_stored(brief.bottom_line)

    def _store_changed(self, change: Change) -> None:
        if change.kind == Kind.BRIEF and not self._store().closed:
            self._show(self._store().brief(), change.fields or None)
