"""Helpers for the shell's UI tests: a real MainWindow on a temporary project with emoji and
Arabic."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore, QtGui, QtWidgets

from briefing.store import Store

ENGLISH = (
    "Intro 😀 then the troops left the base. 👍🏽 Foreign influence grows in the "
    "region, officials said.\n\nA second paragraph talks about reform and institutions "
    "and the fragile transition."
)
ARABIC = (
    "قال المتحدث إن الانسحاب الأمريكي اكتمل وإن بعثة UNAMI ستنتهي في نهاية العام.\n\n"
    "The mission ends; قال مسؤول آخر إن الفصائل المسلحة تبقى."
)


@dataclass
class Project:
    store: Store
    path: Path
    sources: dict[str, int]
    themes: dict[str, int]
    highlights: list[int] = field(default_factory=list)


def isolate_settings(tmp_path: Path) -> None:
    """QSettings in a temporary folder, never the user's."""
    folder = tmp_path / "settings"
    folder.mkdir(exist_ok=True)
    QtCore.QCoreApplication.setOrganizationName("BriefingTests")
    QtCore.QCoreApplication.setApplicationName("BriefingUiTests")
    QtCore.QSettings.setDefaultFormat(QtCore.QSettings.Format.IniFormat)
    for scope in (QtCore.QSettings.Scope.UserScope, QtCore.QSettings.Scope.SystemScope):
        QtCore.QSettings.setPath(QtCore.QSettings.Format.IniFormat, scope, str(folder))


def make_project(tmp_path: Path, name: str = "t.brief") -> Project:
    path = tmp_path / name
    store = Store.create(path)
    en = store.add_source(
        "English report", ENGLISH, author="Wire", date="2025-12-29", dateline="Baghdad, Iraq"
    )
    ar = store.add_source("تقرير عربي", ARABIC, language="ar")
    themes = {
        n: store.add_theme(n, color=c)
        for n, c in (
            ("Security", "#0072B2"),
            ("Foreign influence", "#D55E00"),
            ("Reform", "#009E73"),
        )
    }
    return Project(store, path, {"en": en, "ar": ar}, themes)


def span_of(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def open_window(qtbot, store: Store):
    from briefing.ui.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    QtWidgets.QApplication.processEvents()
    return window


def close_window(window) -> None:
    """Close the window and any dialog or menu it left open (after background imports)."""
    window.tasks.wait(10000)
    for w in QtWidgets.QApplication.topLevelWidgets():
        if (
            w is not window
            and w.isVisible()
            and isinstance(w, (QtWidgets.QDialog, QtWidgets.QMenu))
        ):
            w.close()
    if window.isVisible():
        window.close()


def select(reader, start: int, end: int) -> None:
    """Select code points [start, end) in the reader (positions converted with textpos)."""
    from briefing.ui.textpos import to_qt

    cursor = reader.textCursor()
    cursor.setPosition(to_qt(reader.text, start))
    cursor.setPosition(to_qt(reader.text, end), QtGui.QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)


def painted_rects(reader, highlight_id: int) -> list[QtCore.QRectF]:
    reader.viewport().repaint()
    return [r for r, m in reader._painted.rects if m.id == highlight_id]


def click_highlight(qtbot, reader, highlight_id: int) -> None:
    rects = painted_rects(reader, highlight_id)
    assert rects, "the highlight is not painted"
    qtbot.mouseClick(
        reader.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rects[0].center().toPoint()
    )
