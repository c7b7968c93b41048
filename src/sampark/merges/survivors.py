"""Who each person is now, while a run plans merges: a union-find over people ids in which each
merged person points towards the person it went into. The import's bridges and the resolution
run's sure pairs both cluster people this way before merging them."""

from __future__ import annotations

import uuid


class Survivors:
    def __init__(self) -> None:
        self.parent: dict[uuid.UUID, uuid.UUID] = {}

    def find(self, pid: uuid.UUID) -> uuid.UUID:
        """The person `pid` is now (itself when not merged)."""
        root = pid
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while pid != root:  # point every step straight at the root: later finds are short
            self.parent[pid], pid = root, self.parent.get(pid, pid)
        return root

    def pair(self, first: uuid.UUID, second: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
        """The people `first` and `second` are now, the older first (UUIDv7: the smaller id);
        the same person twice when they are one already."""
        a, b = self.find(first), self.find(second)
        return (a, b) if a.int <= b.int else (b, a)

    def union(self, survivor: uuid.UUID, merged: uuid.UUID) -> None:
        """`merged` (a person as `find` gives it) goes into `survivor`."""
        self.parent[merged] = survivor

    def merged(self) -> dict[uuid.UUID, uuid.UUID]:
        """Each merged person's survivor."""
        return {pid: self.find(pid) for pid in list(self.parent)}
