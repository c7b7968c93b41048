"""Reads that nothing in a batch of writes can change, memoised for that batch only.

A sync push applies hundreds of mutations in one transaction; each create asks whether its
owner exists and which custom fields its type has. Inside `batch(session)` such reads are made
once; outside it `cached` simply computes (no behaviour changes anywhere else)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")
_KEY = "sampark.memo"


@contextmanager
def batch(session: Session) -> Iterator[None]:
    """Memoise `cached` reads until the block ends. Only for writes that cannot change what is
    memoised (a sync push changes records, never users or custom field definitions)."""
    outer = session.info.get(_KEY)
    session.info[_KEY] = {} if outer is None else outer
    try:
        yield
    finally:
        if outer is None:
            session.info.pop(_KEY, None)


def cached(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    memo: dict[Hashable, Any] | None = session.info.get(_KEY)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]


def store(session: Session) -> dict[Hashable, Any] | None:
    """The current batch's scratch space (None outside a batch): a service may keep there
    what it read for the whole batch at once, and must check it is still true when used."""
    memo: dict[Hashable, Any] | None = session.info.get(_KEY)
    return memo
