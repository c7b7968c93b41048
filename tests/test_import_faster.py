"""The import's cheaper paths (branch importfast2) agree with the slow ones they replace."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sampark.db import Database
from sampark.identity.models import SourceRecord
from sampark.imports import preparer, readers, service
from tests.test_import_fast import _alive, _count, _file, _fts_consistent, _job, _rows


@settings(max_examples=300, deadline=None)
@given(
    body=st.text(
        alphabet=st.sampled_from(["a", "b", ",", " ", "\r", "\n", "é", "\x00", ";", '"']), max_size=60
    ),
    chunk=st.integers(min_value=1, max_value=8),
)
def test_counting_rows_in_the_bytes_agrees_with_reading_them(tmp_path_factory, body: str, chunk: int) -> None:  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("count")) / "rows.csv"
    path.write_bytes(("Name,Email\n" + body).encode("utf-8"))
    info = readers.FileInfo("csv", "utf-8", ",", ["Name", "Email"])
    slow = sum(1 for _ in readers.iter_rows(path, info))
    assert readers.count_rows(path, info) == slow
    lines = readers._count_unquoted_lines(path, chunk_size=chunk)  # a \r\n may straddle two reads
    assert lines is None if '"' in body else lines == slow + 1


def test_a_cli_process_forks_its_preparer_and_a_threaded_one_spawns_it() -> None:
    alone = sys.platform == "linux" and threading.active_count() == 1
    assert preparer.start_method() == ("fork" if alone else "spawn")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert preparer.start_method() == "spawn"
    finally:
        stop.set()
        thread.join()


@pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")
def test_a_forked_preparer_imports_the_same(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preparer, "start_method", lambda: "fork")
    path = _file(tmp_path, _rows(300))
    job = service.run_job(db, _job(db, path), batch_rows=100, second_process=True)
    assert job.status == "done" and job.processed_rows == 305
    assert (job.created_count, job.updated_count, job.error_count) == (300, 2, 3)
    assert _count(db, SourceRecord) == 302
    assert _alive(db) == 299
    _fts_consistent(db)
    # The importer's own connections still work after the child is gone.
    again = service.run_job(
        db, _job(db, _file(tmp_path, _rows(250), "again.csv")), batch_rows=100, second_process=True
    )
    # The same source's keys again: every record is updated in place, nothing is created.
    assert (again.status, again.created_count, again.updated_count, again.error_count) == ("done", 0, 252, 3)
    assert _count(db, SourceRecord) == 302


def test_a_prepared_person_row_carries_its_values_in_the_declared_order() -> None:
    from sampark.people import service as people
    from sampark.people.schemas import PersonCreate

    row = people.new_person_row(PersonCreate.model_validate({"given_name": "Anu", "tags": ["x"]}))
    assert tuple(row) == people.NEW_PERSON_ROW_COLUMNS


def test_hex_ids_and_json_text_go_in_as_they_are_and_read_back_like_orm_rows(db: Database) -> None:
    import uuid

    from sqlalchemy import select

    from sampark.core import rawinsert
    from sampark.core.clock import utcnow
    from sampark.core.ids import id_text, new_id, new_id_forms, new_id_hex
    from sampark.identity.models import Identity
    from sampark.people import service as people
    from sampark.people.models import Person
    from sampark.people.schemas import PersonCreate
    from sampark.sources import service as sources

    made, hex_digits, text = new_id_forms()
    assert (made.hex, str(made)) == (hex_digits, text) and isinstance(made, uuid.UUID)
    assert id_text(made) == text and id_text(uuid.UUID(int=5)) == str(uuid.UUID(int=5))
    with db.session() as s:
        source = sources.get_or_create(s, "Tuples", "import", 50)
        person = new_id()
        values = tuple(people.new_person_row(PersonCreate.model_validate({"given_name": "Tuple"})).values())
        people.create_rows_from_source(
            s, [(person, values)], source.name, {person: '{"given_name": {"rule": "trust"}}'}
        )
        now = utcnow()
        ids = [new_id_hex(), new_id()]  # hex text and a uuid in one column
        rawinsert.insert_tuples(
            s, Identity.__table__, ("id", "person_id", "kind", "value"),
            [(ids[0], person.hex, "email", "t1@example.com"), (ids[1], person, "email", "t2@example.com")],
            {"source_id": source.id, "created_at": now},
        )  # fmt: skip
        with pytest.raises(ValueError, match="created_at"):
            rawinsert.insert_tuples(
                s,
                Identity.__table__,
                ("id", "person_id", "kind", "value"),
                [(new_id_hex(), person, "email", "x")],
            )
    with db.session(write=False) as s:
        got = s.get(Person, person)
        assert (
            got is not None
            and got.given_name == "Tuple"
            and got.field_sources == {"given_name": {"rule": "trust"}}
        )
        held = s.execute(
            select(Identity.id, Identity.person_id, Identity.created_at).order_by(Identity.value)
        ).all()
        assert [(r.id, r.person_id, r.created_at) for r in held] == [
            (uuid.UUID(ids[0]), person, now),
            (ids[1], person, now),
        ]


def test_json_text_reads_back_as_the_value_it_was_made_from() -> None:
    import json

    from sampark.core.rawinsert import json_text

    for value in ([], [{"email": "é@example.com", "primary": True}], {"n": 2**70, "s": "অনু"}, {"x": None}):
        assert json.loads(json_text(value)) == value
