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
from sampark.imports import readers, service
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
    assert service.start_method() == ("fork" if alone else "spawn")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert service.start_method() == "spawn"
    finally:
        stop.set()
        thread.join()


@pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")
def test_a_forked_preparer_imports_the_same(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "start_method", lambda: "fork")
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
