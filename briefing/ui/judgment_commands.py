"""Undoable commands on the key judgments (re-exported by ``commands``, where the
other commands live; see there and ``undo`` for how they work)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from briefing.store import Store

from .undo import Create, Remove, SetFields


class AddJudgment(Create):
    def __init__(
        self,
        store: Store,
        text: str = "",
        confidence: str = "",
        likelihood: str = "",
        support: Iterable[int] = (),
        position: int | None = None,
    ):
        add = partial(
            store.add_judgment,
            text=text,
            confidence=confidence,
            likelihood=likelihood,
            support=tuple(support),
            position=position,
        )
        super().__init__(store, "Add key judgment", add, store.delete_judgment)

    @property
    def judgment_id(self) -> int | None:
        return self.result


_JUDGMENT_LABELS = {
    "text": "Edit key judgment",
    "confidence": "Set confidence",
    "likelihood": "Set likelihood",
}


class EditJudgment(SetFields):
    def __init__(self, store: Store, judgment_id: int, field: str, value: str):
        super().__init__(
            store,
            _JUDGMENT_LABELS.get(field, "Edit key judgment"),
            partial(store.update_judgment, judgment_id),
            {field: getattr(store.judgment(judgment_id), field)},
            {field: value},
            ("judgment", judgment_id, field) if field == "text" else None,
        )


class MoveJudgment(SetFields):
    def __init__(self, store: Store, judgment_id: int, position: int):
        super().__init__(
            store,
            "Move key judgment",
            partial(store.move_judgment, judgment_id),
            {"position": [j.id for j in store.judgments()].index(judgment_id)},
            {"position": position},
        )


class DeleteJudgment(Remove):
    def __init__(self, store: Store, judgment_id: int):
        super().__init__(store, "Delete key judgment", partial(store.delete_judgment, judgment_id))
        self.judgment_id = judgment_id


class SetJudgmentSupport(SetFields):
    def __init__(self, store: Store, judgment_id: int, highlight_ids: Iterable[int]):
        super().__init__(
            store,
            "Change supporting excerpts",
            partial(store.set_judgment_support, judgment_id),
            {"highlight_ids": store.judgment(judgment_id).support},
            {"highlight_ids": tuple(highlight_ids)},
        )


class EditJudgmentText(EditJudgment):
    """A key judgment's text typed in the judgment editor, merged per burst."""

    def __init__(self, store: Store, judgment_id: int, value: str, burst: int):
        super().__init__(store, judgment_id, "text", value)
        self.merge_key = ("judgment", judgment_id, "text", burst)
