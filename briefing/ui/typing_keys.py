"""Text fields keep their keys: while one has focus, a printable key (theme keys
1-9 included) is text, not a window shortcut."""

from __future__ import annotations

from PySide6 import QtCore, QtGui

_IGNORED = QtCore.Qt.KeyboardModifier.ShiftModifier | QtCore.Qt.KeyboardModifier.KeypadModifier


def claim_typing_key(
    event: QtCore.QEvent,
    read_only: bool,
    own_keys: tuple[QtGui.QKeySequence.StandardKey, ...] = (),
) -> bool:
    """Accept a ShortcutOverride for a printable key (or one of ``own_keys``, e.g. the
    field's own Undo) so the field gets it; True when the event was claimed."""
    if (
        event.type() != QtCore.QEvent.Type.ShortcutOverride
        or not isinstance(event, QtGui.QKeyEvent)
        or read_only
    ):
        return False
    plain = (event.modifiers() & ~_IGNORED) == QtCore.Qt.KeyboardModifier.NoModifier
    typed = plain and bool(event.text()) and event.text().isprintable()
    if typed or any(event.matches(k) for k in own_keys):
        event.accept()
        return True
    return False
