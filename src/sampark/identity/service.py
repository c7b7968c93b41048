"""Identifiers and deterministic resolution on arrival: a record that shares a strong
identifier with a person joins that person; one with none creates a person.

Two guards against over-merging. A person holds at most one user id and one external id
(`PER_PERSON_LIMITS`): a record with a different user id is someone else even when it shares
a phone. And an identifier held by more than `identity_weak_threshold` people (an office
phone, an `info@` address, a shop's default number) is weak: still recorded, but it no longer
decides who a record belongs to. When a record's strong identifiers point at several people (a
bridge), it joins the one it shares most identifiers with (the oldest on a tie), and the caller
merges the bridged people (`merges.service.merge_bridges`) when their identifiers can be one
person's.

A phone is often a household's: a record that shares nothing but a phone with a person neither
joins nor bridges that person when both have names and the names plainly differ
(`namecheck.compatible`); it becomes a person of its own and the phone is shared."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, tuple_
from sqlalchemy.orm import Session

from sampark.core import rawinsert
from sampark.core.clock import utcnow
from sampark.core.ids import new_id, new_id_hex
from sampark.core.text import InvalidValue, clean_text, normalize_email, normalize_phone
from sampark.identity import namecheck
from sampark.identity.models import Identity
from sampark.people import service as people
from sampark.people.schemas import PersonCreate
from sampark.settings import get_settings


class Kind(StrEnum):
    email = "email"
    phone = "phone"
    user_id = "user_id"
    anonymous_id = "anonymous_id"
    external_id = "external_id"
    handle = "handle"


Key = tuple[str, str]  # (kind, normalised value)
MAX_VALUE = 320


def normalise(kind: Kind, raw: object) -> str | None:
    """The comparable form of an identifier, or None when it is not one (a bad e-mail, a
    number that is not a phone, an empty id)."""
    if raw is None or isinstance(raw, (dict, list, bool)):
        return None
    return _normalise(kind, str(raw))


# Tracking repeats the same identifiers call after call; validating an e-mail costs ~0.5 ms.
@lru_cache(maxsize=100_000)
def _normalise(kind: Kind, raw: str) -> str | None:
    text = clean_text(raw)
    if not text or len(text) > MAX_VALUE:
        return None
    try:
        if kind is Kind.email:
            return normalize_email(text)
        if kind is Kind.phone:
            return normalize_phone(text, get_settings().default_region)
    except InvalidValue:
        return None
    if kind is Kind.handle:
        return text.lower().lstrip("@")
    return text


@dataclass
class Resolution:
    person_id: uuid.UUID
    created: bool
    bridged: list[uuid.UUID]  # other people the record's strong identifiers pointed at


# At most this many values of a kind on one person: a record whose user id differs from the
# one a person already has is someone else, even when they share a phone or an e-mail.
PER_PERSON_LIMITS: dict[str, int] = {Kind.user_id.value: 1, Kind.external_id.value: 1}


# The resolver's two reads, compiled once (values are bound at execution, not coerced one by one).
_HOLDERS = select(Identity.value, Identity.person_id).where(
    Identity.kind == bindparam("kind"), Identity.value.in_(bindparam("values", expanding=True))
)
_LIMITED = select(Identity.person_id, Identity.kind, Identity.value).where(
    Identity.person_id.in_(bindparam("people", expanding=True)),
    Identity.kind.in_(list(PER_PERSON_LIMITS)),
)


_IDENTITY_COLUMNS = ("id", "person_id", "kind", "value")


class BatchResolver:
    """Resolves the records of one batch in order, in memory, against the identifiers the
    database holds for every key the batch mentions (one query), then writes the new people
    and identities in bulk. A record later in the batch sees what earlier ones decided."""

    def __init__(
        self,
        session: Session,
        keys: Iterable[Key],
        source_id: uuid.UUID | None,
        source_name: str,
        *,
        deciding: Iterable[Key] | None = None,
    ) -> None:
        """`keys`: every identifier the batch mentions. `deciding`: those of the records that
        will go through `resolve` (by default all): only their holders' user and external ids are
        read up front — `person_for` never needs them, and tracking's batches are mostly such
        look-ups. A person `resolve` meets beyond them has its ids read then."""
        self.session = session
        self.source_id = source_id
        self.source_name = source_name
        self.threshold = get_settings().identity_weak_threshold
        self.holders: dict[Key, set[uuid.UUID]] = defaultdict(set)
        # One kind at a time: SQLite answers `(kind, value) IN (VALUES …)` by scanning the whole
        # index (a million-row import slowed down batch after batch), `kind = ? AND value IN (…)`
        # by seeking it.
        by_kind: dict[str, list[str]] = defaultdict(list)
        for kind, value in dict.fromkeys(keys):
            by_kind[kind].append(value)
        # On SQLite straight through the driver (tracking's drain looks up thousands of keys a
        # batch; the ORM's row handling cost more than the lookup).
        self._lookup = lookup = (
            _SqliteLookup(session) if session.get_bind().dialect.name == "sqlite" else None
        )
        for kind, values in by_kind.items():
            for start in range(0, len(values), 500):
                chunk = values[start : start + 500]
                if lookup is not None:
                    rows: Iterable[Any] = lookup.holders(kind, chunk)
                else:
                    rows = session.execute(_HOLDERS, {"kind": kind, "values": chunk})
                for value, person_id in rows:
                    self.holders[(kind, value)].add(person_id)
        self.limited: dict[uuid.UUID, set[Key]] = defaultdict(set)
        self._limits_read: set[uuid.UUID] = set()  # people whose limited ids `limited` holds
        if deciding is None:
            wanted = {pid for ids in self.holders.values() for pid in ids}
        else:
            holders = self.holders
            wanted = {pid for key in deciding if key in holders for pid in holders[key]}
        self._read_limits(wanted)
        # The names of the people a phone-only join could reach, for the household check.
        phone = Kind.phone.value
        reachable = {
            pid for (kind, _), ids in self.holders.items() if kind == phone and len(ids) <= self.threshold
            for pid in ids
        }  # fmt: skip
        self.names: dict[uuid.UUID, str | None] = {}
        ordered = list(reachable)
        for start in range(0, len(ordered), 500):
            self.names.update(people.display_names(session, set(ordered[start : start + 500])))
        self.new_people: list[tuple[uuid.UUID, PersonCreate]] = []
        self.new_identities: dict[tuple[Key, uuid.UUID], None] = {}

    def person_for(self, keys: Iterable[Key]) -> uuid.UUID | None:
        """The person of the first identifier held by exactly one person."""
        for key in keys:
            ids = self.holders.get(key)
            if ids and len(ids) == 1:
                return next(iter(ids))
        return None

    def _read_limits(self, people_ids: Iterable[uuid.UUID]) -> None:
        """Read the user and external ids of these people (those not read yet)."""
        missing = [pid for pid in people_ids if pid not in self._limits_read]
        self._limits_read.update(missing)
        lookup = self._lookup
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            if lookup is not None:
                held: Iterable[Any] = lookup.limited(chunk)
            else:
                held = self.session.execute(_LIMITED, {"people": chunk})
            for holder, kind, value in held:
                self.limited[holder].add((kind, value))

    def _fits(self, person_id: uuid.UUID, keys: list[Key]) -> bool:
        held = self.limited.get(person_id, set())
        for kind, limit in PER_PERSON_LIMITS.items():
            values = {v for k, v in held if k == kind} | {v for k, v in keys if k == kind}
            if len(values) > limit:
                return False
        return True

    def resolve(
        self,
        keys: list[Key],
        new_person: PersonCreate | None,
        *,
        limits: bool = True,
        name: str | None = None,
    ) -> Resolution | None:
        """The person these identifiers belong to, creating one from `new_person` when none
        matches (None when none matches and there is nothing to create). `limits=False` when
        the caller asserts the identifiers are one person's (an alias call). `name`: the
        record's name (by default `new_person`'s), for the household check."""
        keys = list(dict.fromkeys(keys))
        holders = self.holders
        beyond_phone: set[uuid.UUID] = set()  # people sharing more than a phone with it
        if any(key in holders for key in keys):
            votes: Counter[uuid.UUID] = Counter()
            phone = Kind.phone.value
            for key in keys:
                ids = holders.get(key, set())
                if 0 < len(ids) <= self.threshold:  # weak identifiers do not vote
                    votes.update(ids)
                    if key[0] != phone:
                        beyond_phone.update(ids)
            if name is None:
                name = _name_of(new_person)
            if name and len(beyond_phone) < len(votes):
                compatible = namecheck.compatible
                for pid in [p for p in votes if p not in beyond_phone]:
                    if not compatible(name, self.names.get(pid)):
                        del votes[pid]  # a household's phone, someone else's name
            if not self._limits_read.issuperset(votes):  # someone beyond the batch's `deciding`
                self._read_limits(votes)
            ranked = sorted(votes, key=lambda pid: (-votes[pid], pid.int))  # UUIDv7: smaller is older
            fitting = [pid for pid in ranked if not limits or self._fits(pid, keys)]
        else:  # no one holds any of them (most records of an import): nothing to rank
            fitting = []
        if fitting:
            chosen, created = fitting[0], False
        elif new_person is not None:
            chosen, created = new_id(), True
            self._limits_read.add(chosen)  # nothing stored yet
            self.new_people.append((chosen, new_person))
            # Its name even when no key had a holder (the name is only looked at above when
            # one did): a later record of this batch sharing only its phone compares with it.
            self.names[chosen] = name if name is not None else _name_of(new_person)
        else:
            return None
        # A person reached here through another identifier may take on a phone: later records
        # sharing only that phone compare with this record's name.
        self.names.setdefault(chosen, name)
        self.attach(chosen, keys)
        # Bridged: other people this record's strong identifiers point at, whose identifiers
        # could live on one person with the chosen one's (two user ids never could).
        bridged = [pid for pid in fitting if pid != chosen and self.can_join(chosen, pid)]
        if bridged and not beyond_phone.issuperset(bridged):
            # Two people a shared phone alone links, of plainly different names, are a household
            # (a record without a name would otherwise merge them).
            mine = self.names.get(chosen)
            bridged = [
                pid for pid in bridged
                if pid in beyond_phone or namecheck.compatible(mine, self.names.get(pid))
            ]  # fmt: skip
        return Resolution(chosen, created, bridged)

    def can_join(self, first: uuid.UUID, second: uuid.UUID) -> bool:
        """Whether two people's identifiers respect the per-person limits together."""
        return self._fits(first, list(self.limited.get(second, set())))

    def attach(self, person_id: uuid.UUID, keys: Iterable[Key]) -> None:
        for key in keys:
            if person_id not in self.holders[key]:
                self.holders[key].add(person_id)
                self.new_identities[(key, person_id)] = None
                if key[0] in PER_PERSON_LIMITS:
                    self.limited[person_id].add(key)

    def write(self, provenance: dict[uuid.UUID, dict[str, Any]] | None = None) -> int:
        """Write the people and identities decided so far; returns the people created.
        `provenance`: per new person, where its golden fields came from."""
        created = len(self.new_people)
        if self.new_people:
            people.create_many_from_source(self.session, self.new_people, self.source_name, provenance)
            self.new_people = []
        if self.new_identities:
            # Tuples with ids as hex text: no dict, uuid object or conversion per identity.
            rows = [(new_id_hex(), pid, kind, value) for (kind, value), pid in self.new_identities]
            rawinsert.insert_tuples(
                self.session, Identity.__table__, _IDENTITY_COLUMNS, rows,
                {"source_id": self.source_id, "created_at": utcnow()},
            )  # fmt: skip
            self.new_identities = {}
        return created


def _name_of(person: PersonCreate | None) -> str | None:
    if person is None:
        return None
    given, family = getattr(person, "given_name", None), getattr(person, "family_name", None)
    return " ".join(n for n in (given, family) if n) or getattr(person, "display_name", None)


class _SqliteLookup:
    """`BatchResolver`'s two lookups as SQL text on the driver, each person's id (32 hex digits,
    as SQLAlchemy stores a uuid on SQLite) made a `uuid.UUID` once."""

    _LIMITED = ",".join(f"'{kind}'" for kind in PER_PERSON_LIMITS)

    def __init__(self, session: Session) -> None:
        if session.autoflush:  # as `session.execute` would
            session.flush()
        # Rows fetched at once through the driver: the drain reads tens of thousands a batch.
        self.cursor = rawinsert.driver_cursor(session)
        self.ids: dict[str, uuid.UUID] = {}

    def _id(self, text: str) -> uuid.UUID:
        found = self.ids.get(text)
        if found is None:
            found = self.ids[text] = uuid.UUID(text)
        return found

    def holders(self, kind: str, values: list[str]) -> list[tuple[str, uuid.UUID]]:
        marks = ",".join("?" * len(values))
        sql = f"SELECT value, person_id FROM identities WHERE kind = ? AND value IN ({marks})"  # noqa: S608 - placeholders
        return [(v, self._id(p)) for v, p in self.cursor.execute(sql, (kind, *values)).fetchall()]

    def limited(self, people_ids: list[uuid.UUID]) -> list[tuple[uuid.UUID, str, str]]:
        marks = ",".join("?" * len(people_ids))
        # `+kind`: SQLite then seeks ix_identities_person instead of scanning every user id.
        sql = f"SELECT person_id, kind, value FROM identities WHERE person_id IN ({marks}) AND +kind IN ({self._LIMITED})"  # noqa: S608 - placeholders and our kinds
        params = tuple(p.hex for p in people_ids)
        return [(self._id(p), k, v) for p, k, v in self.cursor.execute(sql, params).fetchall()]


def identities_of(session: Session, person_id: uuid.UUID) -> list[Identity]:
    return list(
        session.scalars(select(Identity).where(Identity.person_id == person_id).order_by(Identity.created_at))
    )


def holder_counts(session: Session, keys: list[Key]) -> dict[Key, int]:
    """How many people hold each identifier (for showing which are weak)."""
    if not keys:
        return {}
    rows = session.execute(
        select(Identity.kind, Identity.value, func.count())
        .where(tuple_(Identity.kind, Identity.value).in_(keys))
        .group_by(Identity.kind, Identity.value)
    )
    return {(kind, value): int(n) for kind, value, n in rows}


def sync_contact_points(
    session: Session, person_id: uuid.UUID, emails: list[str], phones: list[str], *, new: bool = False
) -> None:
    """A person typed or edited in Sampark holds its e-mails and phones as identifiers, so a
    tracking call or an import finds them. Identifiers Sampark added and the person no longer
    has are removed; those a source sent stay (they are evidence, not contact details).
    `new`: the person was created in this transaction, so it has no identifiers to read yet."""
    wanted = {(Kind.email.value, e) for e in emails} | {(Kind.phone.value, p) for p in phones}
    rows = (
        []
        if new
        else session.execute(
            select(Identity.id, Identity.kind, Identity.value, Identity.source_id).where(
                Identity.person_id == person_id, Identity.kind.in_([Kind.email.value, Kind.phone.value])
            )
        ).all()
    )
    held = {(r.kind, r.value) for r in rows}
    stale = [r.id for r in rows if r.source_id is None and (r.kind, r.value) not in wanted]
    if stale:
        session.execute(delete(Identity).where(Identity.id.in_(stale)))
    fresh = [
        {"id": new_id(), "person_id": person_id, "kind": kind, "value": value, "source_id": None}
        for kind, value in sorted(wanted - held)
    ]
    if fresh:
        session.execute(insert(Identity), fresh)
