"""The Search panel: find text across all sources (or the current one) and tag
every match with a theme in one undoable step.

Matching runs on the stored source text in Python code points (``re``), so the
spans go straight to ``store.add_highlights``. Results are capped at
``MAX_RESULTS``; the snippets are built lazily when a row is drawn.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.autocode import find_spans
from briefing.events import Action, Change, Kind
from briefing.model import codebook_order

from . import commands, prompts, settings
from .icons import swatch
from .labels import NO_THEMES_YET, SOURCE_SCOPES, plural, source_label
from .roles import HTML_ROLE, ID_ROLE, ROOT, AnyIndex

if TYPE_CHECKING:
    from briefing.store import Store

    from .workspace import Workspace

MAX_RESULTS = 5000
CONTEXT = 48


@dataclass(frozen=True)
class Match:
    source_id: int
    start: int
    end: int


def compile_query(
    query: str, *, match_case: bool = False, whole_words: bool = False, regex: bool = False
) -> re.Pattern[str]:
    """The pattern for a query; ``re.error`` for a bad regular expression."""
    body = query if regex else re.escape(query)
    if whole_words:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, 0 if match_case else re.IGNORECASE)


def find_matches(
    store, pattern: re.Pattern[str], source_ids: list[int], limit: int = MAX_RESULTS
) -> tuple[list[Match], bool]:
    """Non-empty matches in the sources, in order; True when the limit cut them short."""
    out: list[Match] = []
    for sid in source_ids:
        for m in pattern.finditer(store.source_text(sid)):
            if m.end() > m.start():
                if len(out) >= limit:
                    return out, True
                out.append(Match(sid, m.start(), m.end()))
    return out, False


def snippet_html(text: str, start: int, end: int, context: int = CONTEXT) -> str:
    """One line around a match, escaped, with the match in bold."""

    def flat(s: str) -> str:
        return html.escape(" ".join(s.split()) if s.strip() else " " if s else "")

    a = max(0, start - context)
    b = min(len(text), end + context)
    before, hit, after = text[a:start], text[start:end], text[end:b]
    if a > 0:
        cut = before.find(" ")
        before = "…" + (before[cut + 1 :] if 0 <= cut < context // 2 else before)
    if b < len(text):
        cut = after.rfind(" ")
        after = (after[:cut] if cut > context // 2 else after) + "…"
    lead = " " if before[-1:].isspace() else ""
    trail = " " if after[:1].isspace() else ""
    return flat(before).rstrip() + lead + "<b>" + flat(hit) + "</b>" + trail + flat(after).lstrip()


class ResultsModel(QtCore.QAbstractTableModel):
    """Matches as rows: source title and a snippet (HTML in HTML_ROLE)."""

    def __init__(self, store, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.matches: list[Match] = []
        self._titles: dict[int, str] = {}

    def set_matches(self, store, matches: list[Match]) -> None:
        self.beginResetModel()
        self.store = store
        self.matches = matches
        self._titles = {s.id: source_label(s) for s in store.sources()}
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.matches)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if (
            orientation == QtCore.Qt.Orientation.Horizontal
            and role == QtCore.Qt.ItemDataRole.DisplayRole
        ):
            return ("Source", "Match")[section]
        return None

    def data(self, index: AnyIndex, role=QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        m = self.matches[index.row()]
        R = QtCore.Qt.ItemDataRole
        if role == ID_ROLE:
            return m
        if index.column() == 0 and role in (R.DisplayRole, R.ToolTipRole):
            return self._titles.get(m.source_id, "")
        if index.column() == 1:
            if role == HTML_ROLE:
                try:
                    text = self.store.source_text(m.source_id)
                except KeyError:
                    return ""
                return snippet_html(text, m.start, m.end)
            if role == R.DisplayRole:
                try:
                    return self.store.source_text(m.source_id)[m.start : m.end]
                except KeyError:
                    return ""
        return None


def _x_of(line: QtGui.QTextLine, position: int) -> float:
    x: Any = line.cursorToX(position)  # PySide6 returns (x, position)
    return float(x[0] if isinstance(x, tuple) else x)


def match_shift(doc: QtGui.QTextDocument, markup: str, width: float) -> float:
    """How far to shift a one-line snippet left so its bold match is inside ``width``
    (0 when it fits; never so far that the match's start leaves the left edge)."""
    i, j = markup.find("<b>"), markup.find("</b>")
    if i < 0 or j < i or doc.idealWidth() <= width:
        return 0.0
    part = QtGui.QTextDocument()
    part.setHtml(markup[:i])
    start = len(part.toPlainText())
    part.setHtml(markup[i + 3 : j])
    end = start + len(part.toPlainText())
    doc.documentLayout()  # lays the document out
    layout = doc.firstBlock().layout()
    if layout is None or layout.lineCount() == 0:
        return 0.0
    line = layout.lineAt(0)
    x0, x1 = _x_of(line, start), _x_of(line, end)
    margin = QtGui.QFontMetricsF(doc.defaultFont()).horizontalAdvance("m") * 2
    if x1 + margin <= width:
        return 0.0
    return max(0.0, min(x1 + margin - width, x0 - margin))


class HtmlDelegate(QtWidgets.QStyledItemDelegate):
    """Draws HTML_ROLE (escaped text with <b>) in one line, shifted so the match shows."""

    def paint(self, painter: QtGui.QPainter, option, index: AnyIndex) -> None:
        markup = index.data(HTML_ROLE)
        if markup is None:
            super().paint(painter, option, index)
            return
        opt = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QtGui.QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(0)
        doc.setHtml(markup)
        selected = bool(opt.state & QtWidgets.QStyle.StateFlag.State_Selected)
        color = opt.palette.color(
            QtGui.QPalette.ColorRole.HighlightedText if selected else QtGui.QPalette.ColorRole.Text
        )
        ctx = QtGui.QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QtGui.QPalette.ColorRole.Text, color)
        rect = style.subElementRect(
            QtWidgets.QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget
        )
        painter.save()
        top = rect.top() + max(0, (rect.height() - doc.size().height()) / 2)
        shift = match_shift(doc, markup, rect.width())
        painter.translate(rect.left() - shift, top)
        painter.setClipRect(QtCore.QRectF(shift, 0, rect.width(), rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index: AnyIndex) -> QtCore.QSize:
        size = super().sizeHint(option, index)
        return QtCore.QSize(size.width(), max(size.height(), option.fontMetrics.height() + 6))


SCOPE_KEY = "search/tag_scope"
TAG_SCOPES: tuple[tuple[str, str], ...] = (
    ("Sentence", "sentence"),
    ("Match", "match"),
    ("Paragraph", "paragraph"),
)
"""The scope box of "Tag all as…": what each new highlight takes around its match."""


class SearchPanel(QtWidgets.QWidget):
    """The dock's widget; ``focus_search()`` is bound to Ctrl+Shift+F by the window."""

    def __init__(self, workspace: Workspace):
        super().__init__()
        self.setObjectName("searchPanel")
        self._workspace = workspace
        self.truncated = False

        self.query = QtWidgets.QLineEdit(self)
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText("Search all sources")
        self.query.setClearButtonEnabled(True)
        self.match_case = QtWidgets.QCheckBox("Match case", self)
        self.whole_words = QtWidgets.QCheckBox("Whole words", self)
        self.regex = QtWidgets.QCheckBox("Regex", self)
        self.regex.setToolTip("Python regular expression")
        self.scope = QtWidgets.QComboBox(self)
        self.scope.addItems(list(SOURCE_SCOPES))
        self.status = QtWidgets.QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.tag_scope = QtWidgets.QComboBox(self)
        self.tag_scope.setObjectName("searchTagScope")
        self.tag_scope.setToolTip(
            "How much text each new highlight takes: the match, its sentence or its paragraph"
        )
        for label, value in TAG_SCOPES:
            self.tag_scope.addItem(label, value)
        self.tag_scope.setCurrentIndex(max(0, self.tag_scope.findData(settings.get(SCOPE_KEY))))
        self.tag_scope.activated.connect(
            lambda _i: settings.set(SCOPE_KEY, self.tag_scope.currentData())
        )
        self.tag_button = QtWidgets.QPushButton("Tag all as…", self)
        self.tag_button.setObjectName("searchTagAll")
        self.tag_button.setToolTip(
            "Highlight every match (widened to the scope at its left) and tag it with a theme, "
            "in one undo step; the new highlights start out of the brief"
        )
        self.tag_menu = QtWidgets.QMenu(self)
        self.tag_menu.aboutToShow.connect(self._fill_tag_menu)
        self.tag_button.setMenu(self.tag_menu)
        self.tag_button.setEnabled(False)

        self.model = ResultsModel(workspace.store, self)
        self.results = QtWidgets.QTreeView(self)
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setAllColumnsShowFocus(True)
        self.results.setItemDelegateForColumn(1, HtmlDelegate(self.results))
        self.results.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.header().setStretchLastSection(True)
        self.results.header().resizeSection(0, 140)

        options = QtWidgets.QHBoxLayout()
        options.setContentsMargins(0, 0, 0, 0)
        for w in (self.match_case, self.whole_words, self.regex):
            options.addWidget(w)
        options.addStretch(1)
        options.addWidget(self.scope)
        bottom = QtWidgets.QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.tag_scope)
        bottom.addWidget(self.tag_button)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addWidget(self.query)
        lay.addLayout(options)
        lay.addWidget(self.results, 1)
        lay.addLayout(bottom)

        self._timer = QtCore.QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _: self._timer.start())
        self.query.returnPressed.connect(self.search)
        for box in (self.match_case, self.whole_words, self.regex):
            box.toggled.connect(lambda _: self.search())
        self.scope.currentIndexChanged.connect(lambda _: self.search())
        self.results.activated.connect(self._open)
        self.results.doubleClicked.connect(self._open)
        workspace.bridge.changed.connect(self._store_changed)
        workspace.bridge.project_replaced.connect(self._project_replaced)
        workspace.attach_key_actions(self)
        workspace.selection.source_changed.connect(
            lambda _: self.search() if self.scope.currentIndex() == 1 else None
        )

    @property
    def store(self) -> Store:
        return self._workspace.store

    # -- public ---------------------------------------------------------------------

    def focus_search(self) -> None:
        dock = self.parentWidget()
        while dock is not None and not isinstance(dock, QtWidgets.QDockWidget):
            dock = dock.parentWidget()
        if dock is not None:
            dock.show()
            dock.raise_()
        self.query.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def set_query(
        self,
        text: str,
        *,
        match_case: bool = False,
        whole_words: bool = False,
        regex: bool = False,
        current_source_only: bool = False,
    ) -> None:
        """Set the query and options and search at once (for scripts and tests)."""
        for box, value in (
            (self.match_case, match_case),
            (self.whole_words, whole_words),
            (self.regex, regex),
        ):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(1 if current_source_only else 0)
        self.scope.blockSignals(False)
        self.query.blockSignals(True)
        self.query.setText(text)
        self.query.blockSignals(False)
        self.search()

    def search(self) -> None:
        self._timer.stop()
        text = self.query.text()
        store = self.store
        if not text:
            self.model.set_matches(store, [])
            self._status("")
            return
        try:
            pattern = compile_query(
                text,
                match_case=self.match_case.isChecked(),
                whole_words=self.whole_words.isChecked(),
                regex=self.regex.isChecked(),
            )
        except re.error as exc:
            self.model.set_matches(store, [])
            self._status(f"Not a valid regular expression: {exc}", error=True)
            return
        ids = self._source_ids()
        matches, self.truncated = find_matches(store, pattern, ids, MAX_RESULTS)
        self.model.set_matches(store, matches)
        n_sources = len({m.source_id for m in matches})
        if not ids:
            self._status(
                "Open a source to search it."
                if self.scope.currentIndex() == 1
                else "No sources yet."
            )
        elif not matches:
            self._status("No matches.")
        elif self.truncated:
            self._status(
                f"Showing the first {MAX_RESULTS:,} matches (in {n_sources} "
                f"source{'s' if n_sources != 1 else ''}); narrow the search to see more."
            )
        else:
            self._status(
                f"{len(matches):,} match{'es' if len(matches) != 1 else ''} in "
                f"{n_sources} source{'s' if n_sources != 1 else ''}"
            )

    def matches(self) -> list[Match]:
        return list(self.model.matches)

    def tag_all(self, theme_id: int, *, ask: bool = True, scope: str | None = None) -> int:
        """Autocode: highlight every match of the search, widened to ``scope`` (the
        scope box's: match, sentence or paragraph; ``briefing.autocode``), and tag it
        with the theme as one undoable step. Spans already inside a highlight with the
        theme are skipped; overlapping spans merge; the new highlights start out of
        the brief. Returns how many highlights were added."""
        store = self.store
        theme = store.theme(theme_id)
        scope = scope or self.tag_scope.currentData() or "sentence"
        ids = self._source_ids()
        covered: dict[int, list[tuple[int, int]]] = {}
        for h in store.highlights():
            if h.source_id in ids and theme_id in h.theme_ids and not h.orphan:
                covered.setdefault(h.source_id, []).append((h.start, h.end))
        try:
            spans = find_spans(
                {sid: store.source_text(sid) for sid in ids},
                self.query.text(),
                regex=self.regex.isChecked(),
                case=self.match_case.isChecked(),
                whole_words=self.whole_words.isChecked(),
                scope=scope,
                covered=covered,
            )
        except ValueError as exc:
            self._status(str(exc), error=True)
            return 0
        if not spans:
            prompts.info(self, "Nothing to tag", f"Every match is already tagged as {theme.name}.")
            return 0
        unit = {"match": "match", "sentence": "sentence", "paragraph": "paragraph"}[scope]
        what = f"{len(spans):,} {unit}{'es' if unit == 'match' else 's'}"
        if len(spans) == 1:
            what = f"1 {unit}"
        where = plural(len({s for s, _, _ in spans}), "source")
        text = (
            f"Tag {what} in {where} as {theme.name}? They start out of the brief: include "
            "the ones you want in the Write workspace."
        )
        if ask and not prompts.confirm(self, "Tag all matches", text, "Tag"):
            return 0
        command = commands.AddHighlights(
            store, spans, [theme_id], included=False, text=f"Tag {what} as {theme.name}"
        )
        self._workspace.push(command)
        return len(command.ids)

    # -- internals -----------------------------------------------------------------------

    def _source_ids(self) -> list[int]:
        """The sources searched: the one being read, or all."""
        if self.scope.currentIndex() == 1:
            sid = self._workspace.selection.source_id
            return [sid] if sid is not None else []
        return [s.id for s in self.store.sources()]

    def _status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #B00020;" if error else "")
        self.tag_button.setEnabled(bool(self.model.matches))

    def _fill_tag_menu(self) -> None:
        self.tag_menu.clear()
        themes = codebook_order(self.store.themes())
        if not themes:
            act = self.tag_menu.addAction(NO_THEMES_YET)
            act.setEnabled(False)
        for t in themes:
            self.tag_menu.addAction(swatch(t.color), t.name, lambda t=t: self.tag_all(t.id))

    def _open(self, index: QtCore.QModelIndex) -> None:
        m = index.siblingAtColumn(0).data(ID_ROLE)
        if m is None:
            return
        self._workspace.show_span(m.source_id, m.start, m.end)

    def _store_changed(self, change: Change) -> None:
        if (
            change.kind == Kind.SOURCE
            and (
                change.action in (Action.ADDED, Action.REMOVED)
                or "text" in change.fields
                or "title" in change.fields
            )
            and self.query.text()
        ):
            self._timer.start()

    def _project_replaced(self) -> None:
        self.model.set_matches(self.store, [])
        if self.query.text():
            self.search()
