"""What the Brief panel derives from the whole project, computed off the GUI thread.

After an edit the panel needs the tradecraft checks (``check_brief``) and, when
the preview is shown, the preview's HTML (``preview_html``: compose a reduced
copy of the project, the chart's counts over every highlight, render). At
50,000 highlights that is about half a second of pure Python, so it runs in a
worker thread of the window's ``TaskRunner`` through a ``tasks.Latest``: one
job at a time, started once the window is idle (the panels' own updates after
an edit go first), the newest request superseding the older ones, a stale
result dropped.

The worker gets a snapshot taken on the GUI thread (``snapshot``): a
``Project`` whose lists and excerpt order are fresh copies (the
``ProjectCache`` gives new lists; the brief, themes and judgments are read from
the store afresh, and the editors' uncommitted typing is put into those
copies). The highlight and source objects inside are shared with the cache,
which never changes one in place (a change replaces it), and ``check_brief`` /
``compose`` only read the project: nothing the worker sees changes under it,
and it never touches the store (SQLite connections belong to their thread) or
a widget. The result is applied on the GUI thread (``BriefPanel``).

Python threads share the GIL: the worker does not run beside the GUI thread,
but it hands the GIL back every few milliseconds (``sys.getswitchinterval``,
5 ms by default, lowered to ``TURN_S`` while ``derive`` runs), so the window
keeps painting and taking keys while the checks and the preview are computed.
Showing the HTML stays on the GUI thread (Qt's parser holds the GIL): a big
preview is read a slice per turn of the event loop (``preview_slices``) and
laid out in steps.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from briefing.brief.checks import Finding, check_brief
from briefing.model import Project

from .brief_preview import preview_html

TURN_S = 0.001
"""How often the GIL goes back to the GUI thread while ``derive`` runs (Python's
default, 5 ms, makes each turn of the window's event loop wait up to that long)."""


@dataclass(frozen=True)
class Derived:
    """The checks' findings and, when the preview was wanted, its HTML (else None)."""

    findings: list[Finding]
    html: str | None


def snapshot(cache: Any, editors: Iterable[Any]) -> Project:
    """The project as the brief's views show it, with what is being typed: built on the
    GUI thread, then only read (by the worker)."""
    project: Project = cache.project()
    for editor in editors:
        editor.apply_drafts(project)
    return project


def derive(project: Project, with_preview: bool) -> Derived:
    """Everything the panel shows of the whole project (runs in a worker thread, with
    the GIL handed back every ``TURN_S`` seconds while it runs)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, TURN_S))
    try:
        findings = check_brief(project)
        return Derived(findings, preview_html(project) if with_preview else None)
    finally:
        sys.setswitchinterval(before)
