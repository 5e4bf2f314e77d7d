"""Everything PySide6: the application, the main window, actions, undo commands and panels."""

import os

# Qt hands every fill taller than about a hundred lines to a pool of threads and waits
# for them. For a widget's repaint that hand-off costs more than the fill: on two cores
# a scroll bar repainted in 1.2 ms with the pool and 0.12 ms without, and a key press
# that adds a highlight took about 15% less. Read once, when Qt first fills in a thread.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
