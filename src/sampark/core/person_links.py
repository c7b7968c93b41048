"""Tables whose rows belong to a person.

A merge moves such rows to the surviving person and an unmerge moves them back. Each domain
registers its own table here, from its models module, so the merge code never names another
domain's tables and a new domain (orders, tickets, social posts) joins merges by registering."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Column, FromClause, Table


@dataclass(frozen=True)
class PersonLink:
    name: str  # what the merge history calls these rows: "deals", "events" …
    table: Table
    column: str = "person_id"

    @property
    def person_column(self) -> Column[Any]:
        return self.table.c[self.column]

    @property
    def id_column(self) -> Column[Any]:
        return self.table.c["id"]


_LINKS: dict[str, PersonLink] = {}


def register(name: str, table: FromClause, column: str = "person_id") -> None:
    _LINKS[name] = PersonLink(name, cast(Table, table), column)


def registered() -> list[PersonLink]:
    return list(_LINKS.values())
