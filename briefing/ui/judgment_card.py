"""One key judgment in the Write document: its text, likelihood and confidence, and
its supporting excerpts as quote cards beneath it.

The card only shows and asks: every edit goes out as a signal the document
turns into an undoable command (``BriefDocument``), so the card never writes
to the project. ``show(n, judgment, cards)`` updates it in place; typing in
its text field is kept while the project's copy catches up.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from briefing.model import Judgment

from .brief_text import MarkdownField
from .judgments_editor import CONFIDENCES, LIKELIHOOD_CHOICES
from .quote_list import Card, HighlightDropCard, QuoteList


def tool_button(parent: QtWidgets.QWidget, text: str, tip: str) -> QtWidgets.QToolButton:
    b = QtWidgets.QToolButton(parent)
    b.setText(text)
    b.setToolTip(tip)
    b.setAutoRaise(True)
    return b


class JudgmentCard(HighlightDropCard):
    field_chosen = QtCore.Signal(int, str, str)
    """(judgment id, "likelihood" or "confidence", value)"""
    step = QtCore.Signal(int, int)
    """(judgment id, -1 up or +1 down)"""
    remove = QtCore.Signal(int)
    attach = QtCore.Signal(int)
    support_dropped = QtCore.Signal(int, list)
    support_moved = QtCore.Signal(int, int, int)
    """(judgment id, highlight id, new position)"""
    support_removed = QtCore.Signal(int, int)
    reveal = QtCore.Signal(int)
    more = QtCore.Signal(int)
    edited = QtCore.Signal()

    def __init__(self, judgment_id: int, commit: Any, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.judgment_id = judgment_id
        self.setObjectName(f"judgmentCard{judgment_id}")
        jid = judgment_id

        self.heading = QtWidgets.QLabel(self)
        self.up = tool_button(self, "↑", "Move this judgment up")
        self.down = tool_button(self, "↓", "Move this judgment down")
        self.remove_button = tool_button(self, "Remove", "Remove this key judgment")
        top = QtWidgets.QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading)
        top.addStretch(1)
        for b in (self.up, self.down, self.remove_button):
            top.addWidget(b)

        self.text = MarkdownField(commit, "The judgment, one or two sentences", self, lines=3)
        self.text.setObjectName("judgmentText")
        self.text.edited.connect(self.edited)
        self.likelihood = QtWidgets.QComboBox(self)
        self.likelihood.setToolTip("ICD 203 likelihood (estimative language)")
        for label, value in LIKELIHOOD_CHOICES:
            self.likelihood.addItem(label, value)
        self.confidence = QtWidgets.QComboBox(self)
        self.confidence.setToolTip("Analytic confidence in the judgment")
        for label, value in CONFIDENCES:
            self.confidence.addItem(label, value)
        picks = QtWidgets.QHBoxLayout()
        picks.setContentsMargins(0, 0, 0, 0)
        picks.addWidget(QtWidgets.QLabel("Likelihood", self))
        picks.addWidget(self.likelihood, 1)
        picks.addSpacing(12)
        picks.addWidget(QtWidgets.QLabel("Confidence", self))
        picks.addWidget(self.confidence, 1)

        self.support_label = QtWidgets.QLabel(self)
        self.attach_button = tool_button(self, "Attach…", "Choose highlights that support it")
        sup = QtWidgets.QHBoxLayout()
        sup.setContentsMargins(0, 0, 0, 0)
        sup.addWidget(self.support_label)
        sup.addStretch(1)
        sup.addWidget(self.attach_button)
        self.support = QuoteList(self, removable="Remove from this judgment")
        self.support.setObjectName("judgmentSupport")
        self.support.setToolTip(
            "Drop highlights here to attach them; drag to reorder; Delete removes one"
        )

        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 8)
        lay.setSpacing(4)
        lay.addLayout(top)
        lay.addWidget(self.text)
        lay.addLayout(picks)
        lay.addLayout(sup)
        lay.addWidget(self.support)

        self.likelihood.activated.connect(
            lambda _: self.field_chosen.emit(jid, "likelihood", self.likelihood.currentData())
        )
        self.confidence.activated.connect(
            lambda _: self.field_chosen.emit(jid, "confidence", self.confidence.currentData())
        )
        self.up.clicked.connect(lambda: self.step.emit(jid, -1))
        self.down.clicked.connect(lambda: self.step.emit(jid, 1))
        self.remove_button.clicked.connect(lambda: self.remove.emit(jid))
        self.attach_button.clicked.connect(lambda: self.attach.emit(jid))
        self.support.highlights_dropped.connect(
            lambda _target, ids: self.support_dropped.emit(jid, ids)
        )
        self.highlights_dropped.connect(lambda ids: self.support_dropped.emit(jid, ids))
        self.support.moved.connect(lambda hid, pos: self.support_moved.emit(jid, hid, pos))
        self.support.remove_requested.connect(lambda hid: self.support_removed.emit(jid, hid))
        self.support.activated_id.connect(self.reveal)
        self.support.more_requested.connect(lambda: self.more.emit(jid))

    def show_judgment(self, n: int, count: int, j: Judgment, cards: list[Card]) -> None:
        """Show judgment ``j``, number ``n`` of ``count``, with its support ``cards``."""
        self.heading.setText(f"<b>Key judgment {n}</b>")
        self.up.setEnabled(n > 1)
        self.down.setEnabled(n < count)
        if self.text.key != j.id:
            self.text.set_target(j.id, j.text)
        else:
            self.text.show_stored(j.text)
        self.likelihood.setCurrentIndex(max(0, self.likelihood.findData(j.likelihood)))
        self.confidence.setCurrentIndex(max(0, self.confidence.findData(j.confidence)))
        n_sup = len(cards)
        self.support_label.setText(
            f"Supporting excerpts ({n_sup})"
            if n_sup
            else "<i>No supporting excerpt yet: drop highlights here, or Attach…</i>"
        )
        self.support.set_cards(cards[: self.support.limit], n_sup)
