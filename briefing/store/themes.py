"""Themes: the codebook, a tree of named, coloured tags."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..events import Action, Change, Kind
from ..model import (
    THEME_FIELDS,
    THEME_KEYS,
    THEME_PALETTE,
    Theme,
    codebook_order,
    first_free_key,
)
from .base import Removed, StoreBase


def _theme(row: dict[str, Any]) -> Theme:
    row["keywords"] = tuple(json.loads(row["keywords"] or "[]"))
    return Theme(**row)


class ThemeStore(StoreBase):
    def add_theme(
        self,
        name: str,
        *,
        color: str | None = None,
        description: str = "",
        parent_id: int | None = None,
        keywords: Iterable[str] = (),
        position: int | None = None,
    ) -> int:
        name = name.strip()
        if not name:
            raise ValueError("a theme needs a name")
        with self._write() as conn:
            count = conn.execute("SELECT COUNT(*) FROM themes").fetchone()[0]
            if position is None:
                position = conn.execute(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM themes WHERE parent_id IS ?",
                    (parent_id,),
                ).fetchone()[0]
            else:
                conn.execute(
                    "UPDATE themes SET position = position + 1"
                    " WHERE parent_id IS ? AND position >= ?",
                    (parent_id, position),
                )
            taken = [r[0] for r in conn.execute('SELECT "key" FROM themes')]
            tid = conn.execute(
                "INSERT INTO themes (name, color, description, parent_id, position, keywords,"
                ' "key") VALUES (?, ?, ?, ?, ?, ?, ?)',
                (
                    name,
                    color or THEME_PALETTE[count % len(THEME_PALETTE)],
                    description,
                    parent_id,
                    position,
                    json.dumps(list(keywords), ensure_ascii=False),
                    first_free_key(taken),
                ),
            ).lastrowid
        assert tid is not None
        self._emit(Change(Kind.THEME, Action.ADDED, (tid,)))
        return tid

    def themes(self) -> list[Theme]:
        """Every theme (use ``model.codebook_order`` for the codebook's order)."""
        rows = self._rows("SELECT * FROM themes ORDER BY position, id")
        themes = [_theme(r) for r in rows]
        if rows and "key" not in rows[0]:  # an older file opened read-only: keys as it had them
            for k, t in enumerate(codebook_order(themes)[:THEME_KEYS]):
                t.key = k + 1
        return themes

    def theme(self, theme_id: int) -> Theme:
        rows = self._rows("SELECT * FROM themes WHERE id = ?", (theme_id,))
        if not rows:
            raise KeyError(f"no theme {theme_id}")
        return _theme(rows[0])

    def theme_by_name(self, name: str) -> Theme | None:
        rows = self._rows(
            "SELECT * FROM themes WHERE name = ? COLLATE NOCASE ORDER BY id", (name.strip(),)
        )
        return _theme(rows[0]) if rows else None

    def theme_counts(self, *, rolled_up: bool = False) -> dict[int, int]:
        """theme id -> number of highlights tagged with it; ``rolled_up``: with
        its sub-themes' too, each highlight counted once."""
        if not rolled_up:
            return dict(
                self._conn.execute(
                    "SELECT theme_id, COUNT(*) FROM highlight_themes GROUP BY theme_id"
                ).fetchall()
            )
        nested = self._conn.execute(
            "SELECT 1 FROM themes WHERE parent_id IS NOT NULL LIMIT 1"
        ).fetchone()
        if nested is None:  # no sub-themes: each link is one highlight of its theme
            return self.theme_counts()
        # each theme with every theme above it, then distinct highlights per ancestor
        return dict(
            self._conn.execute(
                "WITH RECURSIVE up(theme_id, anc) AS ("
                " SELECT id, id FROM themes"
                " UNION SELECT up.theme_id, t.parent_id FROM up JOIN themes t ON t.id = up.anc"
                " WHERE t.parent_id IS NOT NULL)"
                " SELECT up.anc, COUNT(DISTINCT ht.highlight_id) FROM highlight_themes ht"
                " JOIN up ON up.theme_id = ht.theme_id GROUP BY up.anc"
            ).fetchall()
        )

    def set_theme_key(self, theme_id: int, key: int | None) -> dict[int, int | None]:
        """Give ``theme_id`` the number key ``key`` (None: no key); the theme that
        had that key gets ``theme_id``'s old key (a swap). Returns the keys as they
        were, for ``set_theme_keys`` to put back."""
        if key is not None and not 1 <= key <= THEME_KEYS:
            raise ValueError(f"a theme key is 1-{THEME_KEYS}")
        old = self.theme(theme_id).key
        keys: dict[int, int | None] = {theme_id: key}
        if key is not None:
            row = self._conn.execute(
                'SELECT id FROM themes WHERE "key" = ? AND id != ?', (key, theme_id)
            ).fetchone()
            if row is not None:
                keys[row[0]] = old
        before = {t: self.theme(t).key for t in keys}
        self.set_theme_keys(keys)
        return before

    def set_theme_keys(self, keys: dict[int, int | None]) -> None:
        """Set several themes' keys at once (no two themes may end with one key)."""
        for t, k in keys.items():
            self.theme(t)
            if k is not None and not 1 <= k <= THEME_KEYS:
                raise ValueError(f"a theme key is 1-{THEME_KEYS}")
        taken = set(keys.values()) - {None}
        if len(taken) < sum(k is not None for k in keys.values()):
            raise ValueError("two themes cannot share a key")
        with self._write() as conn:
            conn.executemany('UPDATE themes SET "key" = NULL WHERE id = ?', [(t,) for t in keys])
            conn.executemany(
                'UPDATE themes SET "key" = ? WHERE id = ?', [(k, t) for t, k in keys.items()]
            )
        self._emit(Change(Kind.THEME, Action.CHANGED, tuple(keys), ("key",)))

    def update_theme(self, theme_id: int, **values: Any) -> None:
        bad = set(values) - set(THEME_FIELDS)
        if bad:
            raise TypeError(f"not editable theme fields: {sorted(bad)}")
        if "name" in values and not str(values["name"]).strip():
            raise ValueError("a theme needs a name")
        if "keywords" in values:
            values["keywords"] = json.dumps(list(values["keywords"]), ensure_ascii=False)
        if values.get("parent_id") is not None:
            self._check_parent(theme_id, values["parent_id"])
        self._update_row("themes", Kind.THEME, theme_id, values)

    def _check_parent(self, theme_id: int, parent_id: int) -> None:
        """Raise unless ``parent_id`` exists and is not ``theme_id`` or below it."""
        ancestor: int | None = parent_id
        while ancestor is not None:
            if ancestor == theme_id:
                raise ValueError("a theme cannot be nested under itself or its own sub-theme")
            row = self._conn.execute(
                "SELECT parent_id FROM themes WHERE id = ?", (ancestor,)
            ).fetchone()
            if row is None:
                raise KeyError(f"no theme {ancestor}")
            ancestor = row[0]

    def move_theme(self, theme_id: int, parent_id: int | None, position: int) -> None:
        """Put a theme under ``parent_id`` (None: top level) at ``position`` among its siblings."""
        if parent_id is not None:
            self._check_parent(theme_id, parent_id)
        siblings = [
            r[0]
            for r in self._conn.execute(
                "SELECT id FROM themes WHERE parent_id IS ? AND id != ? ORDER BY position, id",
                (parent_id, theme_id),
            )
        ]
        siblings.insert(max(0, min(position, len(siblings))), theme_id)
        with self._write() as conn:
            conn.execute("UPDATE themes SET parent_id = ? WHERE id = ?", (parent_id, theme_id))
            conn.executemany(
                "UPDATE themes SET position = ? WHERE id = ?",
                [(i, t) for i, t in enumerate(siblings)],
            )
        self._emit(Change(Kind.THEME, Action.REORDERED, tuple(siblings), ("parent_id", "position")))

    def _theme_snapshot(self, theme_id: int) -> dict[str, list[dict[str, Any]]]:
        return {
            "themes": self._rows(
                "SELECT * FROM themes WHERE id = ? OR parent_id = ?", (theme_id, theme_id)
            ),
            "highlight_themes": self._rows(
                "SELECT * FROM highlight_themes WHERE theme_id = ?", (theme_id,)
            ),
        }

    def delete_theme(self, theme_id: int) -> Removed:
        """Delete a theme; its highlights stay (untagged from it), its sub-themes move up."""
        removed = Removed(rows=self._theme_snapshot(theme_id))
        if not any(r["id"] == theme_id for r in removed.rows["themes"]):
            raise KeyError(f"no theme {theme_id}")
        with self._write() as conn:
            conn.execute("DELETE FROM themes WHERE id = ?", (theme_id,))
        self._emit_removed(removed, deleted={("themes", theme_id)})
        return removed

    def merge_themes(self, theme_id: int, into_id: int) -> Removed:
        """Merge ``theme_id`` into ``into_id``: its highlights, sub-themes, keywords
        and narrative go to ``into_id`` and it is deleted."""
        if theme_id == into_id:
            raise ValueError("cannot merge a theme into itself")
        gone, into = self.theme(theme_id), self.theme(into_id)
        snapshot = self._theme_snapshot(theme_id)
        snapshot["themes"] += self._rows("SELECT * FROM themes WHERE id = ?", (into_id,))
        moving = self._rows(
            "SELECT highlight_id FROM highlight_themes WHERE theme_id = ? AND highlight_id NOT IN"
            " (SELECT highlight_id FROM highlight_themes WHERE theme_id = ?) ORDER BY position",
            (theme_id, into_id),
        )
        keywords = list(dict.fromkeys(into.keywords + gone.keywords))
        narrative = "\n\n".join(n for n in (into.narrative, gone.narrative) if n.strip())
        added: list[dict[str, Any]] = []
        with self._write() as conn:
            pos = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM highlight_themes WHERE theme_id = ?",
                (into_id,),
            ).fetchone()[0]
            for i, row in enumerate(moving):
                link = {
                    "highlight_id": row["highlight_id"],
                    "theme_id": into_id,
                    "position": pos + i,
                }
                conn.execute("INSERT INTO highlight_themes VALUES (?, ?, ?)", tuple(link.values()))
                added.append(link)
            first = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM themes WHERE parent_id = ?", (into_id,)
            ).fetchone()[0]
            children = conn.execute(
                "SELECT id FROM themes WHERE parent_id = ? ORDER BY position, id", (theme_id,)
            ).fetchall()
            conn.executemany(
                "UPDATE themes SET parent_id = ?, position = ? WHERE id = ?",
                [(into_id, first + i, c) for i, (c,) in enumerate(children)],
            )
            conn.execute(
                "UPDATE themes SET keywords = ?, narrative = ? WHERE id = ?",
                (json.dumps(keywords, ensure_ascii=False), narrative, into_id),
            )
            conn.execute("DELETE FROM themes WHERE id = ?", (theme_id,))
        removed = Removed(rows=snapshot, added={"highlight_themes": added})
        self._emit_removed(removed, deleted={("themes", theme_id)})
        return removed
