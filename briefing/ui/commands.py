"""Undoable commands: one QUndoCommand per user edit, as the panels push them.

Each is a thin subclass of a generic command in ``undo`` (``SetFields``,
``Create``, ``Remove``; see there for how redo, undo, errors and the merging
of typing bursts work) that chooses the store call and the label the History
panel shows. A command of several store calls runs them in ``store.batch()``,
so panels refresh once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from briefing.model import ThemeTree
from briefing.store import Removed, Store
from briefing.store.tagged import TaggedSpan
from briefing.text import shorten

from .judgment_commands import AddJudgment as AddJudgment
from .judgment_commands import DeleteJudgment as DeleteJudgment
from .judgment_commands import EditJudgment as EditJudgment
from .judgment_commands import EditJudgmentText as EditJudgmentText
from .judgment_commands import MoveJudgment as MoveJudgment
from .judgment_commands import SetJudgmentSupport as SetJudgmentSupport
from .undo import MERGE_SECONDS as MERGE_SECONDS
from .undo import Create, Remove, SetFields
from .undo import StoreCommand as StoreCommand


def _theme_names(store: Store, theme_ids: Iterable[int]) -> str:
    names = []
    for t in theme_ids:
        with contextlib.suppress(KeyError):
            names.append(store.theme(t).name)
    return ", ".join(names)


# -- highlights -------------------------------------------------------------------


class AddHighlights(Create):
    """New highlights for (source id, start, end) spans, tagged with ``theme_ids`` (maybe none)."""

    def __init__(
        self,
        store: Store,
        spans: Iterable[tuple[int, int, int]],
        theme_ids: Iterable[int] = (),
        note: str = "",
        text: str | None = None,
        included: bool = True,
    ):
        """``included=False``: the highlights start out of the brief (autocode)."""
        self.spans = list(spans)
        self.theme_ids = tuple(theme_ids)
        self.note = note
        if text is None:
            names = _theme_names(store, self.theme_ids)
            n = len(self.spans)
            if names:
                text = f"Tag {n} passages as {names}" if n > 1 else f"Tag as {names}"
            else:
                text = f"Highlight {n} passages" if n > 1 else "Highlight without theme"
        add = partial(
            store.add_highlights,
            self.spans,
            theme_ids=self.theme_ids,
            note=note,
            included=included,
        )
        super().__init__(store, text, add, store.delete_highlights)

    @property
    def ids(self) -> list[int]:
        return self.result or []


class AddHighlight(AddHighlights):
    def __init__(
        self,
        store: Store,
        source_id: int,
        start: int,
        end: int,
        theme_ids: Iterable[int] = (),
        note: str = "",
        text: str | None = None,
    ):
        super().__init__(store, [(source_id, start, end)], theme_ids, note, text)

    @property
    def highlight_id(self) -> int | None:
        return self.ids[0] if self.ids else None


class SetHighlightThemes(StoreCommand):
    """Give highlights exactly these themes each (``{highlight id: theme ids}``)."""

    def __init__(self, store: Store, new: dict[int, tuple[int, ...]], text: str = "Change themes"):
        super().__init__(store, text)
        self.new = {h: tuple(ts) for h, ts in new.items()}
        self.old = {h: store.highlight(h).theme_ids for h in self.new}
        self._order: dict[int, list[int]] = {}

    def do(self) -> None:
        removed_from = {t for h in self.new for t in self.old[h] if t not in self.new[h]}
        order = self.store.excerpt_order()
        self._order = {t: order.get(t, []) for t in removed_from}
        with self.store.batch():
            for h, themes in self.new.items():
                self.store.set_highlight_themes(h, themes)

    def undo_do(self) -> None:
        with self.store.batch():
            for h, themes in self.old.items():
                self.store.set_highlight_themes(h, themes)
            for t, order in self._order.items():  # put re-added excerpts back in their place
                if self.store.excerpt_order().get(t, []) != order:
                    self.store.set_excerpt_order(t, order)


class ToggleTheme(SetHighlightThemes):
    """A theme key on picked highlights: add the theme to all, or remove it when all have it.

    Removing the last theme leaves a highlight untagged, never deletes it."""

    def __init__(self, store: Store, highlight_ids: Iterable[int], theme_id: int):
        ids = list(dict.fromkeys(highlight_ids))
        current = {h: store.highlight(h).theme_ids for h in ids}
        adding = not all(theme_id in ts for ts in current.values())
        new = {
            h: ((*ts, theme_id) if theme_id not in ts else ts)
            if adding
            else tuple(t for t in ts if t != theme_id)
            for h, ts in current.items()
        }
        name = _theme_names(store, [theme_id])
        super().__init__(store, new, f"Tag as {name}" if adding else f"Remove tag {name}")
        self.adding = adding


class AdjustSpan(SetFields):
    """Move a highlight's start and end; repeated adjustments of one highlight merge."""

    def __init__(self, store: Store, highlight_id: int, start: int, end: int):
        h = store.highlight(highlight_id)
        super().__init__(
            store,
            "Adjust highlight",
            partial(store.set_highlight_span, highlight_id),
            {"start": h.start, "end": h.end},
            {"start": start, "end": end},
            ("span", highlight_id),
        )


class DeleteHighlights(Remove):
    def __init__(self, store: Store, highlight_ids: Iterable[int]):
        self.ids = list(dict.fromkeys(highlight_ids))
        n = len(self.ids)
        super().__init__(
            store,
            "Delete highlight" if n == 1 else f"Delete {n} highlights",
            partial(store.delete_highlights, self.ids),
        )


class EditHighlight(SetFields):
    """Change a highlight's ``note`` or ``included``; note typing merges per burst."""

    def __init__(self, store: Store, highlight_id: int, field: str, value: Any):
        super().__init__(
            store,
            "Edit note"
            if field == "note"
            else "Include in brief"
            if value
            else "Leave out of brief",
            partial(store.update_highlight, highlight_id),
            {field: getattr(store.highlight(highlight_id), field)},
            {field: value},
            ("highlight", highlight_id, field) if field == "note" else None,
        )


# -- sources -------------------------------------------------------------------------


class AddSource(Create):
    def __init__(self, store: Store, title: str, text: str, **meta: str):
        super().__init__(
            store,
            f"Import {shorten(title) or 'source'}",
            partial(store.add_source, title, text, **meta),
            store.delete_source,
        )
        self.title, self.body, self.meta = title, text, meta

    @property
    def source_id(self) -> int | None:
        return self.result


class DeleteSource(Remove):
    def __init__(self, store: Store, source_id: int):
        super().__init__(
            store,
            f"Delete source {shorten(store.source(source_id).title)}",
            partial(store.delete_source, source_id),
        )
        self.source_id = source_id


class EditSource(SetFields):
    def __init__(self, store: Store, source_id: int, field: str, value: str):
        super().__init__(
            store,
            f"Edit source {field}",
            partial(store.update_source, source_id),
            {field: getattr(store.source(source_id), field)},
            {field: value},
            ("source", source_id, field),
        )


# -- themes -------------------------------------------------------------------------


class AddTheme(Create):
    def __init__(
        self,
        store: Store,
        name: str,
        color: str | None = None,
        parent_id: int | None = None,
        description: str = "",
        keywords: Iterable[str] = (),
        position: int | None = None,
    ):
        add = partial(
            store.add_theme,
            name,
            color=color,
            parent_id=parent_id,
            description=description,
            keywords=tuple(keywords),
            position=position,
        )
        super().__init__(store, f"Add theme {shorten(name)}", add, store.delete_theme)
        self.name = name

    @property
    def theme_id(self) -> int | None:
        return self.result


class EditTheme(SetFields):
    _LABELS: ClassVar[dict[str, str]] = {
        "name": "Rename theme",
        "color": "Recolour theme",
        "description": "Edit theme description",
        "parent_id": "Move theme",
        "keywords": "Edit theme keywords",
        "narrative": "Edit theme narrative",
    }

    def __init__(self, store: Store, theme_id: int, field: str, value: Any):
        theme = store.theme(theme_id)
        label = self._LABELS.get(field, f"Edit theme {field}")
        super().__init__(
            store,
            f"{label} {shorten(theme.name)}" if field != "name" else label,
            partial(store.update_theme, theme_id),
            {field: getattr(theme, field)},
            {field: tuple(value) if field == "keywords" else value},
            ("theme", theme_id, field)
            if field in ("name", "description", "narrative", "keywords")
            else None,
        )


class MoveTheme(SetFields):
    def __init__(self, store: Store, theme_id: int, parent_id: int | None, position: int):
        old_parent, old_position = ThemeTree(store.themes()).sibling_index(theme_id)
        super().__init__(
            store,
            f"Move theme {shorten(store.theme(theme_id).name)}",
            partial(store.move_theme, theme_id),
            {"parent_id": old_parent, "position": old_position},
            {"parent_id": parent_id, "position": position},
        )


class MergeThemes(Remove):
    def __init__(self, store: Store, theme_id: int, into_id: int):
        gone, into = store.theme(theme_id).name, store.theme(into_id).name
        super().__init__(
            store,
            f"Merge {shorten(gone)} into {shorten(into)}",
            partial(store.merge_themes, theme_id, into_id),
        )
        self.theme_id, self.into_id = theme_id, into_id


class DeleteTheme(Remove):
    def __init__(self, store: Store, theme_id: int):
        super().__init__(
            store,
            f"Delete theme {shorten(store.theme(theme_id).name)}",
            partial(store.delete_theme, theme_id),
        )
        self.theme_id = theme_id


class SetExcerptOrder(SetFields):
    def __init__(self, store: Store, theme_id: int, highlight_ids: Iterable[int]):
        super().__init__(
            store,
            "Reorder excerpts",
            partial(store.set_excerpt_order, theme_id),
            {"highlight_ids": store.excerpt_order().get(theme_id, [])},
            {"highlight_ids": list(highlight_ids)},
        )


# -- the brief and its judgments ----------------------------------------------------------

_BRIEF_LABELS = {
    "bottom_line": "Edit bottom line",
    "title": "Edit brief title",
    "marking": "Edit handling marking",
}


class EditBrief(SetFields):
    def __init__(self, store: Store, field: str, value: Any):
        super().__init__(
            store,
            _BRIEF_LABELS.get(field, f"Edit brief {field.replace('_', ' ')}"),
            store.update_brief,
            {field: getattr(store.brief(), field)},
            {field: value},
            ("brief", field) if isinstance(value, str) else None,
        )


# -- commands added by the panels go below this line ------------------------------------


class EditNote(EditHighlight):
    """A highlight's note typed in the note editor: commits of one typing burst
    (``burst``, a number the editor changes on focus-out or when another
    highlight is shown) merge into one undo step; different bursts never do."""

    def __init__(self, store: Store, highlight_id: int, value: str, burst: int):
        super().__init__(store, highlight_id, "note", value)
        self.merge_key = ("highlight", highlight_id, "note", burst)


class AddSources(Create):
    """Several imported sources as one undo step ("Import 3 sources"); each
    entry is a dict of ``Store.add_source`` arguments (title, text, meta)."""

    def __init__(self, store: Store, sources: list[dict[str, str]]):
        n = len(sources)
        super().__init__(
            store,
            f"Import {n} sources"
            if n != 1
            else f"Import {shorten(sources[0].get('title', '')) or 'source'}",
            self._add_all,
            self._delete_all,
        )
        self.sources = [dict(s) for s in sources]

    @property
    def source_ids(self) -> list[int]:
        return self.result or []

    def _add_all(self) -> list[int]:
        """All or nothing: a failure takes back the sources already added."""
        ids: list[int] = []
        with self.store.batch():
            try:
                for s in self.sources:
                    values = dict(s)
                    title, text = values.pop("title"), values.pop("text")
                    ids.append(self.store.add_source(title, text, **values))
            except Exception:
                for sid in reversed(ids):
                    self.store.delete_source(sid)
                raise
        return ids

    def _delete_all(self, ids: list[int]) -> list[Removed]:
        with self.store.batch():
            return [self.store.delete_source(sid) for sid in reversed(ids)]


# -- commands added by the brief editor --------------------------------------------------


class EditBriefFields(SetFields):
    """Several brief fields as one step, e.g. a marking preset (text and colour)."""

    def __init__(self, store: Store, values: dict[str, Any], text: str = "Edit brief"):
        brief = store.brief()
        super().__init__(
            store, text, store.update_brief, {k: getattr(brief, k) for k in values}, values
        )


class EditBriefText(EditBrief):
    """A brief text field typed in a debounced editor (the bottom line): commits
    of one typing burst merge into one undo step; different bursts never do."""

    def __init__(self, store: Store, field: str, value: str, burst: int):
        super().__init__(store, field, value)
        self.merge_key = ("brief", field, burst)


class EditNarrative(EditTheme):
    """A theme's narrative typed in the brief's section editor, merged per burst."""

    def __init__(self, store: Store, theme_id: int, value: str, burst: int):
        super().__init__(store, theme_id, "narrative", value)
        self.merge_key = ("theme", theme_id, "narrative", burst)


class ImportAnnotations(Create):
    """Highlights placed from annotations, with the themes their tags name
    (``Store.add_tagged_highlights``), as one step; undo removes both."""

    def __init__(self, store: Store, spans: Iterable[TaggedSpan], text: str):
        def delete(result: tuple[list[int], list[int]]) -> list[Removed]:
            themes, ids = result
            with store.batch():
                removed = [store.delete_highlights(ids)] if ids else []
                removed += [store.delete_theme(t) for t in themes]
            return removed

        add = partial(store.add_tagged_highlights, list(spans))
        super().__init__(store, text, add, delete)
