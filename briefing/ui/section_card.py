"""One theme's section in the Write document: its narrative and its excerpts.

The excerpts are quote cards in brief order: untick one to leave it out of the
brief, drag to reorder, drop highlights from the evidence panel to tag them
with the theme. Like ``JudgmentCard``, the card emits what the analyst asked
for and the document makes it an undoable command.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6 import QtCore, QtWidgets

from briefing.model import Theme

from .brief_text import MarkdownField
from .quote_list import Card, HighlightDropCard, QuoteList


class SectionCard(HighlightDropCard):
    toggled = QtCore.Signal(int, bool)
    """(highlight id, in the brief)"""
    moved = QtCore.Signal(int, int, int)
    """(theme id, highlight id, new position)"""
    dropped = QtCore.Signal(int, list)
    """(theme id, highlight ids dropped on the section)"""
    reveal = QtCore.Signal(int)
    edited = QtCore.Signal()

    def __init__(self, theme_id: int, commit: Any, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.theme_id = theme_id
        self.setObjectName(f"sectionCard{theme_id}")
        self.heading = QtWidgets.QLabel(self)
        self.heading.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.counts = QtWidgets.QLabel(self)
        self.counts.setEnabled(False)
        top = QtWidgets.QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.counts)
        self.narrative = MarkdownField(
            commit, "What this theme's evidence shows (Markdown)", self, lines=3
        )
        self.narrative.setObjectName("sectionNarrative")
        self.narrative.edited.connect(self.edited)
        self.excerpts = QuoteList(self, checkable=True)
        self.excerpts.setObjectName("sectionExcerpts")
        self.excerpts.setToolTip(
            "Untick to leave an excerpt out of the brief; drag to reorder; "
            "drop highlights here to tag them with this theme"
        )
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 8)
        lay.setSpacing(4)
        lay.addLayout(top)
        lay.addWidget(self.narrative)
        lay.addWidget(self.excerpts)
        tid = theme_id
        self.excerpts.toggled.connect(self.toggled)
        self.excerpts.moved.connect(lambda hid, pos: self.moved.emit(tid, hid, pos))
        self.excerpts.highlights_dropped.connect(lambda _t, ids: self.dropped.emit(tid, ids))
        self.highlights_dropped.connect(lambda ids: self.dropped.emit(tid, ids))
        self.excerpts.activated_id.connect(self.reveal)

    def show_section(
        self, theme: Theme, depth: int, cards: list[Card], total: int, n_in: int
    ) -> None:
        """Show ``theme``'s section: ``cards`` are the first of its ``total`` excerpts,
        ``n_in`` of which go into the brief."""
        size = "1.15em" if depth == 0 else "1em"
        self.heading.setText(
            f'<span style="color:{theme.color}">■</span> '
            f'<b style="font-size:{size}">{escape(theme.name, quote=False)}</b>'
        )
        self.setContentsMargins(16 * depth, 0, 0, 0)
        if self.narrative.key != theme.id:
            self.narrative.set_target(theme.id, theme.narrative)
        else:
            self.narrative.show_stored(theme.narrative)
        self.counts.setText(f"{n_in} of {total} in the brief" if total else "no excerpts yet")
        self.excerpts.set_cards(cards, total)
