"""The project's UUID (file format 3) and all-or-nothing store transactions."""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from briefing.model import stable_guid
from briefing.projectfile import SCHEMA_VERSION
from briefing.store import Store


def _as_format_2(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE project")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_a_new_project_has_a_uuid_that_stays(tmp_path):
    a, b = tmp_path / "a.brief", tmp_path / "b.brief"
    with Store.create(a) as s:
        first = s.project_uuid()
        assert s.load_project().uuid == first
    Store.create(b).close()
    with Store.open(a, readonly=True) as s:
        assert s.project_uuid() == first
    with Store.open(b) as s:
        assert s.project_uuid() != first
    assert uuid.UUID(first).version == 4


def test_an_older_file_still_opens_and_gets_a_uuid_when_opened_for_writing(tmp_path):
    path = tmp_path / "old.brief"
    with Store.create(path) as s:
        s.add_source("A", "Some text.")
        s.add_theme("T")
    _as_format_2(path)
    with Store.open(path, readonly=True) as s:  # not migrated: a derived, stable UUID
        derived = s.project_uuid()
    with Store.open(path, readonly=True) as s:
        assert s.project_uuid() == derived
    with Store.open(path) as s:
        stored = s.project_uuid()
        assert [t.name for t in s.themes()] == ["T"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    conn.close()
    with Store.open(path, readonly=True) as s:
        assert s.project_uuid() == stored


def test_guids_are_stable_per_project_and_object():
    p = "6a1f6d0e-4c3a-4b53-9d1e-0c5d8f7a2b10"
    assert stable_guid(p, "source", 1) == stable_guid(p, "source", 1)
    assert stable_guid(p, "source", 1) != stable_guid(p, "source", 2)
    assert stable_guid(p, "source", 1) != stable_guid(p, "theme", 1)
    other = "7a1f6d0e-4c3a-4b53-9d1e-0c5d8f7a2b10"
    assert stable_guid(p, "source", 1) != stable_guid(other, "source", 1)


def test_a_transaction_is_all_or_nothing(tmp_path):
    with Store.create(tmp_path / "t.brief") as s:
        events = []
        s.subscribe(events.append)

        def half_way() -> None:
            with s.transaction():
                sid = s.add_source("A", "Some text.")
                s.add_theme("T")
                s.add_highlight(sid, 0, 4)
                raise ValueError("half-way")

        with pytest.raises(ValueError, match="half-way"):
            half_way()
        assert s.counts() == {"sources": 0, "themes": 0, "highlights": 0, "judgments": 0}
        assert events == []
        with s.transaction():
            sid = s.add_source("B", "Other text.")
            s.add_theme("U")
        assert s.counts()["sources"] == 1 and len(events) == 2
        assert s.source_text(sid) == "Other text."

        def nested() -> None:
            with s.transaction(), s.transaction():
                pass

        with pytest.raises(RuntimeError, match="do not nest"):
            nested()


def test_the_sample_has_a_fixed_uuid_and_create_can_set_one(tmp_path):
    from briefing.sample import SAMPLE_UUID, write_sample

    with write_sample(tmp_path / "a.brief") as a, write_sample(tmp_path / "b.brief") as b:
        assert a.project_uuid() == b.project_uuid() == SAMPLE_UUID
    given = "0f8fad5b-d9cb-469f-a165-70867728950e"
    with Store.create(tmp_path / "c.brief", uuid=given.upper()) as c:
        assert c.project_uuid() == given
    with pytest.raises(ValueError, match="hexadecimal UUID"):
        Store.create(tmp_path / "d.brief", uuid="not a uuid")
    assert not (tmp_path / "d.brief").exists()
