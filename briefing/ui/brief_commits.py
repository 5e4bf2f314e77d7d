"""Typing in the brief's text fields, committed: a judgment's text, a theme's narrative.

Shared by the Brief dock's editors and the Write document. Each commits ``text``
typed for ``store``'s project (see ``brief_text.commit_typing``) unless the
project already holds it or the judgment or theme is gone (undone meanwhile).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import commands
from .brief_text import commit_typing

if TYPE_CHECKING:
    from briefing.store import Store

    from .workspace import Workspace


def commit_judgment_text(
    workspace: Workspace, store: Store, judgment_id: int, text: str, burst: int
) -> None:
    try:
        if store.closed or store.judgment(judgment_id).text == text:
            return
    except KeyError:
        return
    commit_typing(
        workspace,
        store,
        lambda s: commands.EditJudgmentText(s, judgment_id, text, burst),
        lambda s: s.update_judgment(judgment_id, text=text),
    )


def commit_narrative(
    workspace: Workspace, store: Store, theme_id: int, text: str, burst: int
) -> None:
    try:
        if store.closed or store.theme(theme_id).narrative == text:
            return
    except KeyError:
        return
    commit_typing(
        workspace,
        store,
        lambda s: commands.EditNarrative(s, theme_id, text, burst),
        lambda s: s.update_theme(theme_id, narrative=text),
    )
