"""Renderers: one module per output, drawing the brief tree (``briefing.brief.doc``).

``html`` (the web page and the preview), ``markdown``, ``pdf`` (reportlab,
through its gateway ``pdf.rl``), ``annotations`` (W3C Web Annotations of the
highlights) and ``project_data`` (the ``.json`` dump). Importing this package
does nothing else.
"""
