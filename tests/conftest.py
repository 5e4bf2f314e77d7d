import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import briefing.render  # noqa: E402,F401  (installs the bidi shim before anything imports reportlab)
