"""The import's second process and the thread that reads its batches ahead (`imports.preparer`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from sampark.imports import preparer


@dataclass
class Numbered:
    """A plan of `count` batches of `size` bytes each; the batch `fail_at` raises instead."""

    count: int
    size: int = 1000
    fail_at: int | None = None

    def batches(self) -> Iterator[tuple[int, bytes]]:
        for number in range(self.count):
            if number == self.fail_at:
                raise ValueError(f"row {number} could not be read")
            yield number, bytes([number % 251]) * self.size


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_every_batch_arrives_in_order_through_the_read_ahead(
    monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    monkeypatch.setattr(preparer, "start_method", lambda: method)
    before = preparer.PREPARER_CPU[0]
    with preparer.batches_from_second_process(Numbered(30, size=300_000)) as batches:
        got = list(batches)
    assert [n for n, _ in got] == list(range(30))
    assert all(data == bytes([n % 251]) * 300_000 for n, data in got)
    assert preparer.PREPARER_CPU[0] > before  # the child reported its CPU at the end


def test_a_failing_preparer_fails_the_import_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preparer, "start_method", lambda: "fork")
    got: list[int] = []

    def take_all() -> None:
        with preparer.batches_from_second_process(Numbered(10, fail_at=3)) as batches:
            got.extend(number for number, _ in batches)

    with pytest.raises(preparer.PreparerFailed, match="row 3 could not be read"):
        take_all()
    assert got == [0, 1, 2]


def test_a_writer_that_stops_early_stops_the_preparer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cancelled import takes one batch of many; the preparer, blocked sending the rest into a
    full pipe, is ended, and so is the reading thread."""
    monkeypatch.setattr(preparer, "start_method", lambda: "fork")
    started = set(preparer.threading.enumerate())
    with preparer.batches_from_second_process(Numbered(200, size=2_000_000)) as batches:
        first = next(iter(batches))
    assert first[0] == 0
    assert not any(
        t.name == "sampark-import-read-ahead" for t in set(preparer.threading.enumerate()) - started
    )
