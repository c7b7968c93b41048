"""Source records of people in, resolved to profiles.

Every bulk writer of people — file imports, shop tills, sign-up forms — hands its records
here in batches: each is kept as a source record (source, key, payload, normalised fields),
resolved on its identifiers to a person (a new one when nothing matches), and linked. The same
key from the same source again (a re-import, a resumed import) updates that record instead of
adding one, so running a file twice creates nothing twice."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from sampark.core import rawinsert
from sampark.core.clock import utcnow
from sampark.core.ids import new_id_forms
from sampark.identity.models import SourceRecord
from sampark.identity.service import BatchResolver, Key
from sampark.people import service as people
from sampark.people.schemas import ALL_FIELDS, PersonCreate
from sampark.sources.service import SourceRef, refs_by_id


@dataclass
class IncomingPerson:
    """One person record from a source. `fields` are PersonCreate's (validated by the caller);
    `keys` its normalised identifiers; `payload` the record as the source sent it."""

    source_key: str
    fields: dict[str, Any]
    keys: list[Key]
    payload: dict[str, Any] = field(default_factory=dict)
    # The new person's row (the values of `people.service.new_person_row` of the validated
    # fields, in `NEW_PERSON_ROW_COLUMNS` order), when the caller made it already — an import
    # does, in a second process; used only if no one matches.
    person_row: tuple[Any, ...] | None = None
    # `payload` and the golden fields as JSON text, when the caller made them already; `fields`
    # then holds only the golden fields, and `payload` may be left empty (the text is the record).
    texts: tuple[str, str] | None = None


@dataclass
class RecordOutcome:
    source_key: str
    person_id: uuid.UUID
    record_id: uuid.UUID
    created_person: bool
    new_record: bool  # False: the source had sent this key before (updated in place)


@dataclass(frozen=True)
class Candidate:
    """A source record's fields as survivorship sees them."""

    record_id: uuid.UUID
    source_name: str
    trust: int
    received_at: datetime
    fields: dict[str, Any]


# Stands for a person whose row the caller prepared (`IncomingPerson.person_row`).
_PREPARED = PersonCreate.model_construct()

GOLDEN_KEYS = ("given_name", "family_name", "display_name", "address_line", "city", "region",
               "postal_code", "country", "lead_source")  # fmt: skip


def golden_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: fields[k] for k in GOLDEN_KEYS if fields.get(k) not in (None, "")}


def name_of(fields: dict[str, Any]) -> str | None:
    """A record's name, for the household check on arrival."""
    given, family = fields.get("given_name"), fields.get("family_name")
    return " ".join(n for n in (given, family) if n) or fields.get("display_name") or None


# One statement, compiled once (the keys are bound at execution, not coerced one by one).
_KNOWN_RECORDS = select(SourceRecord.source_key, SourceRecord.id, SourceRecord.person_id).where(
    SourceRecord.source_id == bindparam("source_id"),
    SourceRecord.kind == bindparam("kind"),
    SourceRecord.source_key.in_(bindparam("keys", expanding=True)),
)


_RECORD_COLUMNS = ("id", "source_key", "person_id", "payload", "fields")


def _payload(item: IncomingPerson) -> dict[str, Any]:
    """The record as the source sent it (a prepared item carries it as JSON text only)."""
    if item.texts is not None and not item.payload:
        loaded: dict[str, Any] = json.loads(item.texts[0])
        return loaded
    return item.payload


def record_people(
    session: Session, source: SourceRef, items: list[IncomingPerson], kind: str = "person"
) -> tuple[list[RecordOutcome], list[tuple[uuid.UUID, uuid.UUID]]]:
    """Keep, resolve and link one batch of records (the caller commits). Returns each record's
    outcome, in order, and the bridges: pairs of people a record's strong identifiers joined,
    for the caller to merge (`merges.service.merge_people`) or queue for review."""
    keys = list(dict.fromkeys(item.source_key for item in items))
    known: dict[str, tuple[uuid.UUID, uuid.UUID | None]] = {}
    for start in range(0, len(keys), 500):
        rows = session.execute(
            _KNOWN_RECORDS, {"source_id": source.id, "kind": kind, "keys": keys[start : start + 500]}
        )
        for key, record_id, person_id in rows:
            known[key] = (record_id, person_id)

    resolver = BatchResolver(session, [k for item in items for k in item.keys], source.id, source.name)
    now = utcnow()
    outcomes: list[RecordOutcome] = []
    bridges: list[tuple[uuid.UUID, uuid.UUID]] = []
    inserts: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    provenance: dict[uuid.UUID, Any] = {}
    # A new person's field sources as JSON text: every golden field from its one record
    # (`ALL_FIELDS`), the field names' JSON made once per set of names.
    head = ', "rule": "trust", "source": ' + json.dumps(source.name) + ', "source_record_id": "'
    tail = '", "received_at": "' + now.isoformat() + '"}}'
    named: dict[tuple[str, ...], str] = {}  # golden field names → '{"_all": {"fields": [...]'
    batch_keys: dict[str, RecordOutcome] = {}
    prepared: dict[uuid.UUID, Any] = {}
    for item in items:
        # An item with `texts` was prepared: its `fields` are the golden fields already.
        golden = item.fields if item.texts is not None else golden_fields(item.fields)
        earlier = batch_keys.get(item.source_key)
        previous = known.get(item.source_key)
        before: tuple[uuid.UUID, uuid.UUID | None] | None = (
            (earlier.record_id, earlier.person_id) if earlier else previous
        )
        if before is not None and before[1] is not None:
            # The source sent this key before: same record, same person; new identifiers join it.
            record_id, person_id = before[0], before[1]
            resolver.attach(person_id, item.keys)
            updates.append({"rid": record_id, "payload": _payload(item), "fields": golden, "at": now})
            outcome = RecordOutcome(item.source_key, person_id, record_id, False, False)
        else:
            new_person = (
                _PREPARED if item.person_row is not None else PersonCreate.model_validate(item.fields)
            )
            resolution = resolver.resolve(item.keys, new_person, name=name_of(item.fields))
            if resolution is None:  # cannot happen: a new person is always given
                raise RuntimeError("resolution without a person")
            if resolution.created and item.person_row is not None:
                prepared[resolution.person_id] = item.person_row
            if previous:
                record_id, record_text = previous[0], str(previous[0])
                updates.append({"rid": record_id, "payload": _payload(item), "fields": golden, "at": now})
                session.connection().execute(
                    update(SourceRecord)
                    .where(SourceRecord.id == record_id)
                    .values(person_id=resolution.person_id)
                )
            else:
                record_id, record_hex, record_text = new_id_forms()
                texts = item.texts
                inserts.append(
                    (record_hex, item.source_key, resolution.person_id, texts[0], texts[1])
                    if texts is not None
                    else (record_hex, item.source_key, resolution.person_id, item.payload, golden)
                )
            if resolution.created and item.person_row is not None:
                names = tuple(golden)
                opening = named.get(names)
                if opening is None:
                    opening = named[names] = '{"' + ALL_FIELDS + '": {"fields": ' + json.dumps(names)
                provenance[resolution.person_id] = opening + head + record_text + tail if names else "{}"
            elif resolution.created:
                provenance[resolution.person_id] = {
                    ALL_FIELDS: {
                        "fields": list(golden),
                        "rule": "trust",
                        "source": source.name,
                        "source_record_id": record_text,
                        "received_at": now.isoformat(),
                    }
                } if golden else {}  # fmt: skip
            bridges += [(resolution.person_id, other) for other in resolution.bridged]
            outcome = RecordOutcome(
                item.source_key, resolution.person_id, record_id, resolution.created, previous is None
            )
        batch_keys[item.source_key] = outcome
        outcomes.append(outcome)

    if prepared:
        resolver.new_people = [(pid, data) for pid, data in resolver.new_people if data is not _PREPARED]
        people.create_rows_from_source(session, list(prepared.items()), source.name, provenance)
    resolver.write(provenance)
    if inserts:
        rawinsert.insert_tuples(
            session, SourceRecord.__table__, _RECORD_COLUMNS, inserts,
            {"source_id": source.id, "kind": kind, "received_at": now, "updated_at": now},
        )  # fmt: skip
    if updates:
        session.connection().execute(
            update(SourceRecord)
            .where(SourceRecord.id == bindparam("rid"))
            .values(payload=bindparam("payload"), fields=bindparam("fields"), updated_at=bindparam("at")),
            updates,
        )
    return outcomes, list(dict.fromkeys(bridges))


def candidates_of(session: Session, person_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Candidate]]:
    """Each person's source records with their source's name and trust."""
    out: dict[uuid.UUID, list[Candidate]] = {}
    rows = session.execute(
        select(
            SourceRecord.id,
            SourceRecord.person_id,
            SourceRecord.source_id,
            SourceRecord.updated_at,
            SourceRecord.fields,
        ).where(SourceRecord.person_id.in_(person_ids))
    ).all()
    sources = refs_by_id(session, {r.source_id for r in rows})
    for record_id, person_id, source_id, at, fields in rows:
        ref = sources.get(source_id)
        if ref is None or person_id is None:
            continue
        out.setdefault(person_id, []).append(
            Candidate(record_id, ref.name, ref.trust_priority, at, fields or {})
        )
    return out


def person_of_record(
    session: Session, source_id: uuid.UUID, source_key: str, kind: str = "person"
) -> uuid.UUID | None:
    """The person a source's record is linked to (None when the source never sent this key):
    for writers that resolve one record at a time and see the same key again and again (a
    support mailbox's customers), so a known sender costs one indexed lookup."""
    return session.scalar(
        select(SourceRecord.person_id).where(
            SourceRecord.source_id == source_id,
            SourceRecord.kind == kind,
            SourceRecord.source_key == source_key,
        )
    )


def people_of_records(
    session: Session, source_id: uuid.UUID, source_keys: list[str], kind: str = "person"
) -> dict[str, uuid.UUID]:
    """`person_of_record` for many keys of one source, in one statement per 500 (keys the source
    never sent, or whose record has no person, are left out)."""
    out: dict[str, uuid.UUID] = {}
    for start in range(0, len(source_keys), 500):
        rows = session.execute(
            select(SourceRecord.source_key, SourceRecord.person_id).where(
                SourceRecord.source_id == source_id,
                SourceRecord.kind == kind,
                SourceRecord.source_key.in_(source_keys[start : start + 500]),
            )
        )
        out.update({key: pid for key, pid in rows if pid is not None})
    return out
