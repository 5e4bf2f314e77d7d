"""Renderers: one module per output, all consuming the composed brief (briefing.compose)."""

# Must run before anything imports reportlab: see briefing/render/bidi.py.
from briefing.render import bidi as _bidi

_bidi.install()
