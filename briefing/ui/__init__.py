"""Everything PySide6: the application, the main window, actions, undo commands and panels."""
