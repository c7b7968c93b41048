"""Python's cyclic garbage collector, run less often while bulk work makes and drops tens of
thousands of small containers a batch (rows, dicts, tuples) and almost never a reference cycle.

By default it runs every 700 net allocations and, as a batch's objects live until the batch
ends, promotes them and walks the whole heap again and again. Refcounting still frees what
each batch drops at once; what the collector finds (cycles) is the same, found later."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

EVERY = 100_000


@contextmanager
def collecting_less(every: int = EVERY) -> Iterator[None]:
    """The collector's first generation runs every `every` allocations inside the block (never
    more often than it was set to), and as before after it."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], every), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
