"""Key judgments (with their supporting highlights) and the brief's fields."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from ..events import Action, Change, Kind
from ..model import BRIEF_FIELDS, JUDGMENT_FIELDS, Brief, Judgment
from .base import Removed, StoreBase


class JudgmentStore(StoreBase):
    def add_judgment(
        self,
        text: str = "",
        *,
        confidence: str = "",
        likelihood: str = "",
        support: Iterable[int] = (),
        position: int | None = None,
    ) -> int:
        with self._write() as conn:
            if position is None:
                position = conn.execute(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM judgments"
                ).fetchone()[0]
            else:
                conn.execute(
                    "UPDATE judgments SET position = position + 1 WHERE position >= ?", (position,)
                )
            jid = conn.execute(
                "INSERT INTO judgments (text, confidence, likelihood, position)"
                " VALUES (?, ?, ?, ?)",
                (text, confidence, likelihood, position),
            ).lastrowid
            conn.executemany(
                "INSERT INTO judgment_support VALUES (?, ?, ?)",
                [(jid, h, i) for i, h in enumerate(dict.fromkeys(support))],
            )
        assert jid is not None
        self._emit(Change(Kind.JUDGMENT, Action.ADDED, (jid,)))
        return jid

    def judgments(self) -> list[Judgment]:
        support: dict[int, list[int]] = {}
        for jid, hid in self._conn.execute(
            "SELECT judgment_id, highlight_id FROM judgment_support ORDER BY judgment_id, position"
        ):
            support.setdefault(jid, []).append(hid)
        return [
            Judgment(**r, support=tuple(support.get(r["id"], ())))
            for r in self._rows("SELECT * FROM judgments ORDER BY position, id")
        ]

    def judgment(self, judgment_id: int) -> Judgment:
        for j in self.judgments():
            if j.id == judgment_id:
                return j
        raise KeyError(f"no judgment {judgment_id}")

    def update_judgment(self, judgment_id: int, **values: str) -> None:
        bad = set(values) - set(JUDGMENT_FIELDS)
        if bad:
            raise TypeError(f"not editable judgment fields: {sorted(bad)}")
        self._update_row("judgments", Kind.JUDGMENT, judgment_id, dict(values))

    def set_judgment_support(self, judgment_id: int, highlight_ids: Iterable[int]) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM judgment_support WHERE judgment_id = ?", (judgment_id,))
            conn.executemany(
                "INSERT INTO judgment_support VALUES (?, ?, ?)",
                [(judgment_id, h, i) for i, h in enumerate(dict.fromkeys(highlight_ids))],
            )
        self._emit(Change(Kind.JUDGMENT, Action.CHANGED, (judgment_id,), ("support",)))

    def edit_judgment(
        self, judgment_id: int, *, support: Iterable[int] | None = None, **values: str
    ) -> None:
        """Set a judgment's fields and (when given) its support in one transaction."""
        bad = set(values) - set(JUDGMENT_FIELDS)
        if bad:
            raise TypeError(f"not editable judgment fields: {sorted(bad)}")
        if not values and support is None:
            return
        with self._write() as conn:
            if not conn.execute("SELECT 1 FROM judgments WHERE id = ?", (judgment_id,)).fetchone():
                raise KeyError(f"no judgment {judgment_id}")
            if values:
                sets = ", ".join(f"{k} = ?" for k in values)
                conn.execute(
                    f"UPDATE judgments SET {sets} WHERE id = ?",  # field names checked above
                    (*values.values(), judgment_id),
                )
            if support is not None:
                conn.execute("DELETE FROM judgment_support WHERE judgment_id = ?", (judgment_id,))
                conn.executemany(
                    "INSERT INTO judgment_support VALUES (?, ?, ?)",
                    [(judgment_id, h, i) for i, h in enumerate(dict.fromkeys(support))],
                )
        changed = (*values, "support") if support is not None else tuple(values)
        self._emit(Change(Kind.JUDGMENT, Action.CHANGED, (judgment_id,), changed))

    def move_judgment(self, judgment_id: int, position: int) -> None:
        order = [j.id for j in self.judgments() if j.id != judgment_id]
        order.insert(max(0, min(position, len(order))), judgment_id)
        with self._write() as conn:
            conn.executemany(
                "UPDATE judgments SET position = ? WHERE id = ?",
                [(i, j) for i, j in enumerate(order)],
            )
        self._emit(Change(Kind.JUDGMENT, Action.REORDERED, tuple(order)))

    def delete_judgment(self, judgment_id: int) -> Removed:
        removed = Removed(
            rows={
                "judgments": self._rows("SELECT * FROM judgments WHERE id = ?", (judgment_id,)),
                "judgment_support": self._rows(
                    "SELECT * FROM judgment_support WHERE judgment_id = ?", (judgment_id,)
                ),
            }
        )
        if not removed.rows["judgments"]:
            raise KeyError(f"no judgment {judgment_id}")
        with self._write() as conn:
            conn.execute("DELETE FROM judgments WHERE id = ?", (judgment_id,))
        self._emit_removed(removed)
        return removed

    # -- the brief -----------------------------------------------------------------

    def brief(self) -> Brief:
        stored = dict(self._conn.execute("SELECT name, value FROM brief").fetchall())
        values = {k: json.loads(v) for k, v in stored.items() if k in BRIEF_FIELDS}
        return Brief(**values)

    def update_brief(self, **values: Any) -> None:
        bad = set(values) - set(BRIEF_FIELDS)
        if bad:
            raise TypeError(f"unknown brief fields: {sorted(bad)}")
        types = {f.name: type(f.default) for f in fields(Brief)}
        for k, v in values.items():
            if not isinstance(v, types[k]):
                raise TypeError(f"brief {k} must be {types[k].__name__}")
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO brief (name, value) VALUES (?, ?)",
                [(k, json.dumps(v, ensure_ascii=False)) for k, v in values.items()],
            )
        self._emit(Change(Kind.BRIEF, Action.CHANGED, (), tuple(values)))
