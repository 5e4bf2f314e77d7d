"""Undoable commands: one QUndoCommand per user edit, each calling the store with ``origin=self``.

Conventions:

* the work happens in ``redo()`` (``QUndoStack.push`` calls it);
* a command whose first ``redo()`` fails records the exception in ``error`` and
  marks itself obsolete, so the stack drops it and the window shows the message;
* deletes keep the store's ``Removed`` record and undo with ``store.restore``,
  which puts rows back with the same ids, so later commands stay valid;
* typing (notes, titles, narratives) merges into one step per burst: the same
  target edited again within ``MERGE_SECONDS``.

Panels may add commands at the END of this file.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from PySide6.QtGui import QUndoCommand

from briefing.store import Removed, Store

log = logging.getLogger(__name__)

MERGE_SECONDS = 2.0


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class StoreCommand(QUndoCommand):
    """Base: holds the store; subclasses implement ``do()`` and ``undo_do()``."""

    merge_key: Any = None
    """Commands with equal non-None merge keys merge within MERGE_SECONDS (see mergeWith)."""

    def __init__(self, store: Store, text: str):
        super().__init__(text)
        self.store = store
        self.error: Exception | None = None
        self._done_once = False
        self._stamp = time.monotonic()

    def do(self) -> None:
        raise NotImplementedError

    def undo_do(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        try:
            self.do()
        except Exception as exc:
            if self._done_once:
                log.exception("redo failed: %s", self.text())
            self.error = exc
            self.setObsolete(True)
            return
        self._done_once = True

    def undo(self) -> None:
        try:
            self.undo_do()
        except Exception as exc:
            log.exception("undo failed: %s", self.text())
            self.error = exc

    # -- merging of typing bursts ---------------------------------------------------

    def id(self) -> int:
        return 1 if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            type(other) is not type(self)
            or other.merge_key != self.merge_key
            or self.merge_key is None
            or other._stamp - self._stamp > MERGE_SECONDS
        ):  # type: ignore[attr-defined]
            return False
        self.absorb(other)
        self._stamp = other._stamp  # type: ignore[attr-defined]
        return True

    def absorb(self, other: StoreCommand) -> None:
        """Take over ``other``'s new value (this command keeps its old one)."""
        self.new = other.new  # type: ignore[attr-defined]


def _theme_names(store: Store, theme_ids: Iterable[int]) -> str:
    names = []
    for t in theme_ids:
        try:
            names.append(store.theme(t).name)
        except KeyError:
            pass
    return ", ".join(names)


# -- highlights -------------------------------------------------------------------


class AddHighlights(StoreCommand):
    """New highlights for (source id, start, end) spans, tagged with ``theme_ids`` (maybe none)."""

    def __init__(
        self,
        store: Store,
        spans: Iterable[tuple[int, int, int]],
        theme_ids: Iterable[int] = (),
        note: str = "",
        text: str | None = None,
    ):
        self.spans = list(spans)
        self.theme_ids = tuple(theme_ids)
        self.note = note
        if text is None:
            names = _theme_names(store, self.theme_ids)
            many = len(self.spans) > 1
            if names:
                text = f"Tag {len(self.spans)} passages as {names}" if many else f"Tag as {names}"
            else:
                text = (
                    f"Highlight {len(self.spans)} passages" if many else "Highlight without theme"
                )
        super().__init__(store, text)
        self.ids: list[int] = []
        self._removed: Removed | None = None

    def do(self) -> None:
        if self._removed is None:
            self.ids = self.store.add_highlights(
                self.spans, theme_ids=self.theme_ids, note=self.note, origin=self
            )
        else:
            self.store.restore(self._removed, origin=self)

    def undo_do(self) -> None:
        self._removed = self.store.delete_highlights(self.ids, origin=self)


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
        for h, themes in self.new.items():
            self.store.set_highlight_themes(h, themes, origin=self)

    def undo_do(self) -> None:
        for h, themes in self.old.items():
            self.store.set_highlight_themes(h, themes, origin=self)
        for t, order in self._order.items():  # put re-added excerpts back in their place
            if self.store.excerpt_order().get(t, []) != order:
                self.store.set_excerpt_order(t, order, origin=self)


class ToggleTheme(SetHighlightThemes):
    """A theme key on picked highlights: add the theme to all, or remove it when all have it.

    Removing the last theme leaves a highlight untagged, never deletes it."""

    def __init__(self, store: Store, highlight_ids: Iterable[int], theme_id: int):
        ids = list(dict.fromkeys(highlight_ids))
        current = {h: store.highlight(h).theme_ids for h in ids}
        adding = not all(theme_id in ts for ts in current.values())
        new = {
            h: (ts + (theme_id,) if theme_id not in ts else ts)
            if adding
            else tuple(t for t in ts if t != theme_id)
            for h, ts in current.items()
        }
        name = _theme_names(store, [theme_id])
        super().__init__(store, new, f"Tag as {name}" if adding else f"Remove tag {name}")
        self.adding = adding


class AdjustSpan(StoreCommand):
    """Move a highlight's start and end; repeated adjustments of one highlight merge."""

    def __init__(self, store: Store, highlight_id: int, start: int, end: int):
        super().__init__(store, "Adjust highlight")
        self.highlight_id = highlight_id
        h = store.highlight(highlight_id)
        self.old = (h.start, h.end)
        self.new = (start, end)
        self.merge_key = ("span", highlight_id)

    def do(self) -> None:
        self.store.set_highlight_span(self.highlight_id, *self.new, origin=self)

    def undo_do(self) -> None:
        self.store.set_highlight_span(self.highlight_id, *self.old, origin=self)


class DeleteHighlights(StoreCommand):
    def __init__(self, store: Store, highlight_ids: Iterable[int]):
        self.ids = list(dict.fromkeys(highlight_ids))
        n = len(self.ids)
        super().__init__(store, "Delete highlight" if n == 1 else f"Delete {n} highlights")
        self._removed: Removed | None = None

    def do(self) -> None:
        self._removed = self.store.delete_highlights(self.ids, origin=self)

    def undo_do(self) -> None:
        assert self._removed is not None
        self.store.restore(self._removed, origin=self)


class EditHighlight(StoreCommand):
    """Change a highlight's ``note`` or ``included``; note typing merges per burst."""

    def __init__(self, store: Store, highlight_id: int, field: str, value: Any):
        label = {"note": "Edit note"}.get(field) or (
            "Include in brief" if value else "Leave out of brief"
        )
        super().__init__(store, label)
        self.highlight_id, self.field = highlight_id, field
        self.old = getattr(store.highlight(highlight_id), field)
        self.new = value
        if field == "note":
            self.merge_key = ("highlight", highlight_id, field)

    def do(self) -> None:
        self.store.update_highlight(self.highlight_id, origin=self, **{self.field: self.new})

    def undo_do(self) -> None:
        self.store.update_highlight(self.highlight_id, origin=self, **{self.field: self.old})


# -- sources -------------------------------------------------------------------------


class AddSource(StoreCommand):
    def __init__(self, store: Store, title: str, text: str, **meta: str):
        super().__init__(store, f"Import {_short(title) or 'source'}")
        self.title, self.body, self.meta = title, text, meta
        self.source_id: int | None = None
        self._removed: Removed | None = None

    def do(self) -> None:
        if self._removed is None:
            self.source_id = self.store.add_source(self.title, self.body, origin=self, **self.meta)
        else:
            self.store.restore(self._removed, origin=self)

    def undo_do(self) -> None:
        assert self.source_id is not None
        self._removed = self.store.delete_source(self.source_id, origin=self)


class DeleteSource(StoreCommand):
    def __init__(self, store: Store, source_id: int):
        super().__init__(store, f"Delete source {_short(store.source(source_id).title)}")
        self.source_id = source_id
        self._removed: Removed | None = None

    def do(self) -> None:
        self._removed = self.store.delete_source(self.source_id, origin=self)

    def undo_do(self) -> None:
        assert self._removed is not None
        self.store.restore(self._removed, origin=self)


class EditSource(StoreCommand):
    def __init__(self, store: Store, source_id: int, field: str, value: str):
        super().__init__(store, f"Edit source {field}")
        self.source_id, self.field = source_id, field
        self.old = getattr(store.source(source_id), field)
        self.new = value
        self.merge_key = ("source", source_id, field)

    def do(self) -> None:
        self.store.update_source(self.source_id, origin=self, **{self.field: self.new})

    def undo_do(self) -> None:
        self.store.update_source(self.source_id, origin=self, **{self.field: self.old})


# -- themes -------------------------------------------------------------------------


class AddTheme(StoreCommand):
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
        super().__init__(store, f"Add theme {_short(name)}")
        self.args = dict(
            color=color,
            parent_id=parent_id,
            description=description,
            keywords=tuple(keywords),
            position=position,
        )
        self.name = name
        self.theme_id: int | None = None
        self._removed: Removed | None = None

    def do(self) -> None:
        if self._removed is None:
            self.theme_id = self.store.add_theme(self.name, origin=self, **self.args)
        else:
            self.store.restore(self._removed, origin=self)

    def undo_do(self) -> None:
        assert self.theme_id is not None
        self._removed = self.store.delete_theme(self.theme_id, origin=self)


class EditTheme(StoreCommand):
    _LABELS = {
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
        super().__init__(store, f"{label} {_short(theme.name)}" if field != "name" else label)
        self.theme_id, self.field = theme_id, field
        self.old = getattr(theme, field)
        self.new = tuple(value) if field == "keywords" else value
        if field in ("name", "description", "narrative", "keywords"):
            self.merge_key = ("theme", theme_id, field)

    def do(self) -> None:
        self.store.update_theme(self.theme_id, origin=self, **{self.field: self.new})

    def undo_do(self) -> None:
        self.store.update_theme(self.theme_id, origin=self, **{self.field: self.old})


def _sibling_index(store: Store, theme_id: int) -> tuple[int | None, int]:
    themes = store.themes()
    me = next(t for t in themes if t.id == theme_id)
    ids = {t.id for t in themes}
    parent = me.parent_id if me.parent_id in ids else None
    siblings = sorted(
        (t for t in themes if (t.parent_id if t.parent_id in ids else None) == parent),
        key=lambda t: (t.position, t.id),
    )
    return parent, [t.id for t in siblings].index(theme_id)


class MoveTheme(StoreCommand):
    def __init__(self, store: Store, theme_id: int, parent_id: int | None, position: int):
        super().__init__(store, f"Move theme {_short(store.theme(theme_id).name)}")
        self.theme_id = theme_id
        self.old = _sibling_index(store, theme_id)
        self.new = (parent_id, position)

    def do(self) -> None:
        self.store.move_theme(self.theme_id, *self.new, origin=self)

    def undo_do(self) -> None:
        self.store.move_theme(self.theme_id, *self.old, origin=self)


class MergeThemes(StoreCommand):
    def __init__(self, store: Store, theme_id: int, into_id: int):
        super().__init__(
            store,
            f"Merge {_short(store.theme(theme_id).name)} into {_short(store.theme(into_id).name)}",
        )
        self.theme_id, self.into_id = theme_id, into_id
        self._removed: Removed | None = None

    def do(self) -> None:
        self._removed = self.store.merge_themes(self.theme_id, self.into_id, origin=self)

    def undo_do(self) -> None:
        assert self._removed is not None
        self.store.restore(self._removed, origin=self)


class DeleteTheme(StoreCommand):
    def __init__(self, store: Store, theme_id: int):
        super().__init__(store, f"Delete theme {_short(store.theme(theme_id).name)}")
        self.theme_id = theme_id
        self._removed: Removed | None = None

    def do(self) -> None:
        self._removed = self.store.delete_theme(self.theme_id, origin=self)

    def undo_do(self) -> None:
        assert self._removed is not None
        self.store.restore(self._removed, origin=self)


class SetExcerptOrder(StoreCommand):
    def __init__(self, store: Store, theme_id: int, highlight_ids: Iterable[int]):
        super().__init__(store, "Reorder excerpts")
        self.theme_id = theme_id
        self.old = store.excerpt_order().get(theme_id, [])
        self.new = list(highlight_ids)

    def do(self) -> None:
        self.store.set_excerpt_order(self.theme_id, self.new, origin=self)

    def undo_do(self) -> None:
        self.store.set_excerpt_order(self.theme_id, self.old, origin=self)


# -- the brief and its judgments ----------------------------------------------------------

_BRIEF_LABELS = {
    "bottom_line": "Edit bottom line",
    "title": "Edit brief title",
    "marking": "Edit handling marking",
}


class EditBrief(StoreCommand):
    def __init__(self, store: Store, field: str, value: Any):
        super().__init__(store, _BRIEF_LABELS.get(field, f"Edit brief {field.replace('_', ' ')}"))
        self.field = field
        self.old = getattr(store.brief(), field)
        self.new = value
        if isinstance(value, str):
            self.merge_key = ("brief", field)

    def do(self) -> None:
        self.store.update_brief(origin=self, **{self.field: self.new})

    def undo_do(self) -> None:
        self.store.update_brief(origin=self, **{self.field: self.old})


class AddJudgment(StoreCommand):
    def __init__(
        self,
        store: Store,
        text: str = "",
        confidence: str = "",
        likelihood: str = "",
        support: Iterable[int] = (),
        position: int | None = None,
    ):
        super().__init__(store, "Add key judgment")
        self.args = dict(
            text=text,
            confidence=confidence,
            likelihood=likelihood,
            support=tuple(support),
            position=position,
        )
        self.judgment_id: int | None = None
        self._removed: Removed | None = None

    def do(self) -> None:
        if self._removed is None:
            self.judgment_id = self.store.add_judgment(origin=self, **self.args)
        else:
            self.store.restore(self._removed, origin=self)

    def undo_do(self) -> None:
        assert self.judgment_id is not None
        self._removed = self.store.delete_judgment(self.judgment_id, origin=self)


class EditJudgment(StoreCommand):
    def __init__(self, store: Store, judgment_id: int, field: str, value: str):
        super().__init__(
            store,
            {
                "text": "Edit key judgment",
                "confidence": "Set confidence",
                "likelihood": "Set likelihood",
            }.get(field, "Edit key judgment"),
        )
        self.judgment_id, self.field = judgment_id, field
        self.old = getattr(store.judgment(judgment_id), field)
        self.new = value
        if field == "text":
            self.merge_key = ("judgment", judgment_id, field)

    def do(self) -> None:
        self.store.update_judgment(self.judgment_id, origin=self, **{self.field: self.new})

    def undo_do(self) -> None:
        self.store.update_judgment(self.judgment_id, origin=self, **{self.field: self.old})


class MoveJudgment(StoreCommand):
    def __init__(self, store: Store, judgment_id: int, position: int):
        super().__init__(store, "Move key judgment")
        self.judgment_id = judgment_id
        self.old = [j.id for j in store.judgments()].index(judgment_id)
        self.new = position

    def do(self) -> None:
        self.store.move_judgment(self.judgment_id, self.new, origin=self)

    def undo_do(self) -> None:
        self.store.move_judgment(self.judgment_id, self.old, origin=self)


class DeleteJudgment(StoreCommand):
    def __init__(self, store: Store, judgment_id: int):
        super().__init__(store, "Delete key judgment")
        self.judgment_id = judgment_id
        self._removed: Removed | None = None

    def do(self) -> None:
        self._removed = self.store.delete_judgment(self.judgment_id, origin=self)

    def undo_do(self) -> None:
        assert self._removed is not None
        self.store.restore(self._removed, origin=self)


class SetJudgmentSupport(StoreCommand):
    def __init__(self, store: Store, judgment_id: int, highlight_ids: Iterable[int]):
        super().__init__(store, "Change supporting excerpts")
        self.judgment_id = judgment_id
        self.old = store.judgment(judgment_id).support
        self.new = tuple(highlight_ids)

    def do(self) -> None:
        self.store.set_judgment_support(self.judgment_id, self.new, origin=self)

    def undo_do(self) -> None:
        self.store.set_judgment_support(self.judgment_id, self.old, origin=self)


# -- commands added by the panels go below this line ------------------------------------


class EditNote(EditHighlight):
    """A highlight's note typed in the note editor: commits of one typing burst
    (``burst``, a number the editor changes on focus-out or when another
    highlight is shown) merge into one undo step; different bursts never do."""

    def __init__(self, store: Store, highlight_id: int, value: str, burst: int):
        super().__init__(store, highlight_id, "note", value)
        self.merge_key = ("highlight", highlight_id, "note", burst)


class AddSources(StoreCommand):
    """Several imported sources as one undo step ("Import 3 sources"); each
    entry is a dict of ``Store.add_source`` arguments (title, text, meta)."""

    def __init__(self, store: Store, sources: list[dict[str, str]]):
        n = len(sources)
        super().__init__(
            store,
            f"Import {n} sources"
            if n != 1
            else f"Import {_short(sources[0].get('title', '')) or 'source'}",
        )
        self.sources = [dict(s) for s in sources]
        self.source_ids: list[int] = []
        self._removed: list[Removed] = []

    def do(self) -> None:
        if not self._removed:
            self.source_ids = []
            try:
                for s in self.sources:
                    values = dict(s)
                    title, text = values.pop("title"), values.pop("text")
                    self.source_ids.append(
                        self.store.add_source(title, text, origin=self, **values)
                    )
            except Exception:  # all or nothing: take back the ones already added
                for sid in reversed(self.source_ids):
                    self.store.delete_source(sid, origin=self)
                self.source_ids = []
                raise
        else:
            for removed in reversed(self._removed):
                self.store.restore(removed, origin=self)
            self._removed = []

    def undo_do(self) -> None:
        self._removed = [
            self.store.delete_source(sid, origin=self) for sid in reversed(self.source_ids)
        ]


# -- commands added by the brief editor --------------------------------------------------


class EditBriefFields(StoreCommand):
    """Several brief fields as one step, e.g. a marking preset (text and colour)."""

    def __init__(self, store: Store, values: dict[str, Any], text: str = "Edit brief"):
        super().__init__(store, text)
        brief = store.brief()
        self.new = dict(values)
        self.old = {k: getattr(brief, k) for k in self.new}

    def do(self) -> None:
        self.store.update_brief(origin=self, **self.new)

    def undo_do(self) -> None:
        self.store.update_brief(origin=self, **self.old)


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


class EditJudgmentText(EditJudgment):
    """A key judgment's text typed in the judgment editor, merged per burst."""

    def __init__(self, store: Store, judgment_id: int, value: str, burst: int):
        super().__init__(store, judgment_id, "text", value)
        self.merge_key = ("judgment", judgment_id, "text", burst)
