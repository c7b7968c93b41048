"""People: the rules for creating, changing, listing, deleting and restoring them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.companies import service as companies
from sampark.core import audit, location, memo, rawinsert, records
from sampark.core.bulk import BulkResult, BulkUpdateItem, run_bulk
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import Conflict, FieldError, ValidationFailed
from sampark.core.fields import with_one_primary
from sampark.core.filters import FieldSpec, FieldType
from sampark.core.ids import id_text
from sampark.core.pagination import Page
from sampark.core.permissions import Action, Obj
from sampark.core.records import (
    ListParams,
    check_owner,
    check_version,
    get_visible,
    list_records,
    restore,
    soft_delete,
    update_audited,
    visible_statement,
)
from sampark.core.search import build_search_text
from sampark.core.text import phone_search_forms
from sampark.customfields import service as custom_fields
from sampark.people.models import Person
from sampark.people.schemas import LifecycleStage, PersonCreate, PersonOut, PersonUpdate, field_sources_of
from sampark.settings import get_settings
from sampark.users import service as users

OBJ = Obj.people
AUDITED = (
    "given_name", "family_name", "display_name", "emails", "phones", "address_line", "city", "region",
    "postal_code", "country", "latitude", "longitude", "location_source", "location_accuracy_m", "social_handles", "tags", "owner_id", "company_id",
    "lifecycle_stage", "lead_source", "custom_fields",
)  # fmt: skip


# Fields survivorship chooses from source records (see profiles.golden).
GOLDEN_FIELDS = frozenset(
    ("given_name", "family_name", "display_name", "address_line", "city", "region", "postal_code",
     "country", "lead_source")
)  # fmt: skip


def fields(ctx: Ctx) -> dict[str, FieldSpec]:
    """Filterable and sortable fields, custom ones included as `cf.<key>`."""
    p = Person
    specs = [
        FieldSpec("id", p.id, FieldType.uuid, sortable=True, nullable=False),
        FieldSpec("display_name", p.display_name, FieldType.string, sortable=True, index="ix_people_display_name", nullable=False),
        FieldSpec("given_name", p.given_name, FieldType.string),
        FieldSpec("family_name", p.family_name, FieldType.string),
        FieldSpec("primary_email", p.primary_email, FieldType.string),
        FieldSpec("primary_phone", p.primary_phone, FieldType.string),
        FieldSpec("city", p.city, FieldType.string),
        FieldSpec("region", p.region, FieldType.string),
        FieldSpec("country", p.country, FieldType.string),
        FieldSpec("owner_id", p.owner_id, FieldType.uuid),
        FieldSpec("company_id", p.company_id, FieldType.uuid),
        FieldSpec("lifecycle_stage", p.lifecycle_stage, FieldType.enum, nullable=False,
                  choices=tuple(s.value for s in LifecycleStage)),
        FieldSpec("lead_source", p.lead_source, FieldType.string),
        FieldSpec("tags", p.tags, FieldType.tags),
        FieldSpec("created_at", p.created_at, FieldType.datetime, sortable=True, index="ix_people_created_at", nullable=False),
        FieldSpec("updated_at", p.updated_at, FieldType.datetime, sortable=True, index="ix_people_updated_at", nullable=False),
        FieldSpec("deleted_at", p.deleted_at, FieldType.datetime),
    ]  # fmt: skip
    out = {s.name: s for s in specs}
    dialect = ctx.session.get_bind().dialect.name
    out.update(custom_fields.filter_specs(ctx.session, "people", p.custom_fields, dialect))
    return out


def to_out(rows: list[Person]) -> list[PersonOut]:
    return [PersonOut.model_validate(r) for r in rows]


def search_text_for(
    display_name: str | None,
    given_name: str | None,
    family_name: str | None,
    emails: Iterable[str],
    phones: Iterable[str],
) -> str:
    """A person's search text from its names, e-mails and E.164 phones (also used by bulk loaders)."""
    forms = [form for number in phones for form in phone_search_forms(number)]
    return build_search_text(display_name, given_name, family_name, *emails, *forms)


def _search_text(person: Person) -> str:
    return search_text_for(
        person.display_name,
        person.given_name,
        person.family_name,
        [entry["email"] for entry in person.emails],
        [entry["number"] for entry in person.phones],
    )


def _search_inputs(person: Person) -> tuple[Any, ...]:
    return (person.display_name, person.given_name, person.family_name, person.emails, person.phones)


def _derive(person: Person, *, search: bool = True) -> None:
    """Keep the computed columns in step with what was written (`search=False`: the names,
    e-mails and phones are as they were, so the search text is too)."""
    if not person.display_name:
        person.display_name = " ".join(n for n in (person.given_name, person.family_name) if n) or (
            person.emails[0]["email"]
            if person.emails
            else (person.phones[0]["number"] if person.phones else "")
        )
    if not person.display_name:
        raise ValidationFailed(
            "A person needs a name, an e-mail or a phone.",
            errors=[FieldError("display_name", "give a name, an e-mail or a phone", "required")],
        )
    person.primary_email = next((e["email"] for e in person.emails if e.get("primary")), None)
    person.primary_phone = next((e["number"] for e in person.phones if e.get("primary")), None)
    if search or person.search_text is None:
        person.search_text = _search_text(person)


def _check_links(ctx: Ctx, owner_id: uuid.UUID | None, company_id: uuid.UUID | None) -> None:
    if owner_id is not None:
        check_owner(ctx, OBJ, owner_id, users.existing_user_ids(ctx.session, {owner_id}))
    if company_id is not None and not companies.is_visible(ctx, company_id):
        raise ValidationFailed(
            "Unknown company.", errors=[FieldError("company_id", "no such company", "unknown")]
        )


def _values(data: PersonCreate | PersonUpdate, *, partial: bool) -> dict[str, Any]:
    raw = data.model_dump(exclude_unset=partial, exclude={"id", "custom_fields"})
    if "emails" in raw and data.emails is not None:
        raw["emails"] = [e.model_dump() for e in with_one_primary(data.emails)]
    if "phones" in raw and data.phones is not None:
        raw["phones"] = [e.model_dump() for e in with_one_primary(data.phones)]
    if "tags" in raw and raw["tags"] is not None:
        raw["tags"] = list(dict.fromkeys(raw["tags"]))
    if raw.get("lifecycle_stage") is not None:
        raw["lifecycle_stage"] = LifecycleStage(raw["lifecycle_stage"]).value
    list_fields = ("emails", "phones", "social_handles", "tags")
    return {k: ([] if v is None and k in list_fields else v) for k, v in raw.items()}


def get_person(ctx: Ctx, person_id: uuid.UUID) -> PersonOut:
    return PersonOut.model_validate(get_visible(ctx, Person, OBJ, person_id, label="person"))


def list_people(ctx: Ctx, params: ListParams) -> Page[PersonOut]:
    return list_records(ctx, Person, OBJ, params, fields(ctx), to_out)


def is_visible(ctx: Ctx, person_id: uuid.UUID) -> bool:
    """For other domains linking to a person: may this caller see it?"""
    return records.is_visible(ctx, Person, OBJ, person_id)


def visible_ids(ctx: Ctx) -> Any:
    """A subquery of the ids of the live people the caller may see (for other domains' lists)."""
    return records.visible_statement(ctx, Person, OBJ).with_only_columns(Person.id)


def create_person(ctx: Ctx, data: PersonCreate) -> PersonOut:
    ctx.require(OBJ, Action.write)
    values = _values(data, partial=False)
    location.location_values(values, None)
    values["owner_id"] = values.get("owner_id") or ctx.principal.user_id
    _check_links(ctx, values["owner_id"], values.get("company_id"))
    values["custom_fields"] = custom_fields.validate_values(ctx.session, "people", data.custom_fields)
    if data.id is not None and _id_taken(ctx, data.id):
        raise Conflict("A record with this id exists.", code="id_taken", errors=[FieldError("id", "taken")])
    person = Person(**values)
    if data.id is not None:
        person.id = data.id
    _derive(person)
    ctx.session.add(person)
    ctx.session.flush()
    _sync_identities(ctx.session, person, new=True)
    audit.record(
        ctx.session,
        ctx.principal,
        "create",
        OBJ.value,
        person.id,
        {"display_name": person.display_name},
    )
    return PersonOut.model_validate(person)


def new_person_row(data: PersonCreate) -> dict[str, Any]:
    """The columns of a new person first seen in a source, from its validated fields — all but
    `id`, the timestamps and `field_sources`, which `create_rows_from_source` adds. Pure (no
    database): an import prepares these in a second process while the previous batch is written."""
    values = _values(data, partial=False)
    emails, phones = values.get("emails") or [], values.get("phones") or []
    display = (
        values.get("display_name")
        or " ".join(n for n in (values.get("given_name"), values.get("family_name")) if n)
        or (emails[0]["email"] if emails else (phones[0]["number"] if phones else ""))
    )
    if not display:
        raise ValidationFailed(
            "A person needs a name, an e-mail or a phone.",
            errors=[FieldError("display_name", "give a name, an e-mail or a phone", "required")],
        )
    row = {column: values.get(column) for column in _NEW_PERSON_COLUMNS}
    # The JSON columns as JSON text (`core.rawinsert` writes it as it is): made here, in the
    # preparing process of an import, rather than in the process that writes.
    row.update(
        display_name=display,
        emails=rawinsert.json_text(emails),
        phones=rawinsert.json_text(phones),
        social_handles=_json_list(values.get("social_handles")),
        tags=_json_list(values.get("tags")),
        lifecycle_stage=values.get("lifecycle_stage") or LifecycleStage.lead.value,
        custom_fields="{}",
        manual_fields="[]",
        primary_email=next((e["email"] for e in emails if e.get("primary")), None),
        primary_phone=next((e["number"] for e in phones if e.get("primary")), None),
        search_text=search_text_for(
            display,
            values.get("given_name"),
            values.get("family_name"),
            [e["email"] for e in emails],
            [e["number"] for e in phones],
        ),
        version=1,
    )
    return row


def _json_list(values: list[Any] | None) -> str:
    return rawinsert.json_text(values) if values else "[]"  # most people have none


def create_many_from_source(
    session: Session,
    new_people: list[tuple[uuid.UUID, PersonCreate]],
    source_name: str,
    provenance: dict[uuid.UUID, dict[str, Any]] | None = None,
) -> None:
    """People first seen in a source (tracking, an import, a till), with the ids the caller
    chose: nobody owns them yet. One statement for the batch, and one audit entry naming the
    source and the count — each person's source record says where it came from, and a million-row
    import should not write a million hash-chained audit entries."""
    create_rows_from_source(
        session,
        [(pid, tuple(new_person_row(data).values())) for pid, data in new_people],
        source_name,
        provenance,
    )


def create_rows_from_source(
    session: Session,
    new_rows: list[tuple[uuid.UUID, tuple[Any, ...]]],
    source_name: str,
    provenance: dict[uuid.UUID, Any] | None = None,
) -> None:
    """`create_many_from_source` for rows `new_person_row` already made, as tuples of their
    values (`NEW_PERSON_ROW_COLUMNS`). A person's `provenance` may be given as JSON text."""
    if not new_rows:
        return
    sources = provenance or {}
    rows = [(*values, pid, sources.get(pid, {})) for pid, values in new_rows]
    now = utcnow()
    with _people_index_filled_after(session, len(rows)):
        rawinsert.insert_tuples(
            session, Person.__table__, _CREATED_COLUMNS, rows, {"created_at": now, "updated_at": now}
        )
    ids = [id_text(pid) for pid, _ in new_rows]
    audit.record(
        session,
        None,
        "create_many",
        OBJ.value,
        None,
        {
            "count": len(rows),
            "source": source_name,
            "first_id": ids[0],
            "last_id": ids[-1],
            # Every id, so webhooks and workflow rules see one `person.created` per person.
            "ids": ids,
        },
        actor_email=f"source:{source_name}",
    )


# From this many new people on, SQLite's full-text index is filled with one statement for the
# batch instead of row by row through its trigger (each trigger call flushes a tiny FTS5
# segment: 18,836 people took 3.1 s of CPU with the trigger, 1.1 s with one INSERT … SELECT).
FTS_BULK_MIN = 100


@contextmanager
def _people_index_filled_after(session: Session, count: int) -> Iterator[None]:
    """Around an INSERT of `count` new people. On SQLite, for a large batch, the
    `people_fts_insert` trigger is dropped and created again around the insert, inside the same
    transaction (the write lock is held throughout, so no other writer can insert meanwhile, and
    a rollback or a crash restores the trigger with everything else), and the new rows — those
    above the largest rowid before the insert — enter the index in one statement. Later updates
    (a merge rewriting a survivor's search text) find them indexed."""
    conn = session.connection()
    trigger = None
    if conn.dialect.name == "sqlite" and count >= FTS_BULK_MIN:
        trigger = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'people_fts_insert'"
        ).scalar()
    if trigger is None:
        yield
        return
    before = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM people").scalar()
    conn.exec_driver_sql("DROP TRIGGER people_fts_insert")
    yield
    conn.exec_driver_sql(
        "INSERT INTO people_fts(rowid, search_text) SELECT rowid, search_text FROM people WHERE rowid > ?",
        (before,),
    )
    conn.exec_driver_sql(trigger)


# Every column a new person row names (executemany needs the same keys in every row).
_NEW_PERSON_COLUMNS = (
    "given_name", "family_name", "address_line", "city", "region", "postal_code", "country", "latitude",
    "longitude", "owner_id", "company_id", "lead_source", "deleted_at", "merged_into_id",
)  # fmt: skip
# The keys of `new_person_row`, in its order: the order of the values a prepared row carries.
NEW_PERSON_ROW_COLUMNS = (
    *_NEW_PERSON_COLUMNS, "display_name", "emails", "phones", "social_handles", "tags", "lifecycle_stage",
    "custom_fields", "manual_fields", "primary_email", "primary_phone", "search_text", "version",
)  # fmt: skip
_CREATED_COLUMNS = (*NEW_PERSON_ROW_COLUMNS, "id", "field_sources")


def update_person(ctx: Ctx, person_id: uuid.UUID, data: PersonUpdate, version: int) -> PersonOut:
    ctx.require(OBJ, Action.write)
    person = _visible_person(ctx, person_id)
    check_version(person, version, lambda: PersonOut.model_validate(person))
    values = _values(data, partial=True)
    location.location_values(values, (person.latitude, person.longitude))
    if "display_name" in values and not values["display_name"]:
        values.pop("display_name")
    if "owner_id" in values or "company_id" in values:
        _check_links(ctx, values.get("owner_id"), values.get("company_id"))
    if data.custom_fields is not None:
        values["custom_fields"] = custom_fields.validate_values(
            ctx.session, "people", data.custom_fields, person.custom_fields
        )
    if "lifecycle_stage" in values and values["lifecycle_stage"] is None:
        values.pop("lifecycle_stage")

    def mutate() -> None:
        edited = [k for k, v in values.items() if k in GOLDEN_FIELDS and getattr(person, k) != v]
        searched = _search_inputs(person)
        for key, value in values.items():
            setattr(person, key, value)
        if edited:  # a value typed in Sampark wins over every source until cleared
            person.manual_fields = list(dict.fromkeys([*(person.manual_fields or []), *edited]))
            sources = field_sources_of(person.field_sources)
            person.field_sources = {**sources, **{k: {"rule": "manual"} for k in edited}}
        _derive(person, search=_search_inputs(person) != searched)

    update_audited(ctx, person, AUDITED, OBJ, mutate)
    if "emails" in values or "phones" in values:
        _sync_identities(ctx.session, person)
    return PersonOut.model_validate(person)


# --- a batch of single-record writes (a sync push) ------------------------------------------------

_BATCH = "people.prepared"


@dataclass
class _Prepared:
    """What one read at the start of a batch found: ids no person has, and the people to be
    changed that the caller may see (with the owner they had then: visibility is by owner)."""

    free: set[uuid.UUID] = field(default_factory=set)
    visible: dict[uuid.UUID, tuple[Person, uuid.UUID | None]] = field(default_factory=dict)


def prepare_batch(ctx: Ctx, create_ids: list[uuid.UUID], change_ids: list[uuid.UUID]) -> None:
    """Inside `memo.batch`: read at once what each create (is the id free?) and each update
    (may the caller see this person?) would read on its own. Every use checks that nothing in
    the batch has changed the answer since; anything else reads as without a batch."""
    scratch = memo.store(ctx.session)
    if scratch is None:
        return
    prepared = _Prepared()
    session = ctx.session
    for start in range(0, len(create_ids), 500):
        chunk = create_ids[start : start + 500]
        taken = set(session.scalars(select(Person.id).where(Person.id.in_(chunk))))
        prepared.free.update(i for i in chunk if i not in taken)
    if change_ids and ctx.principal.can(OBJ, Action.read):
        postgres = session.get_bind().dialect.name == "postgresql"
        for start in range(0, len(change_ids), 500):
            stmt = visible_statement(ctx, Person, OBJ).where(Person.id.in_(change_ids[start : start + 500]))
            if postgres:
                # What was read stays true until the batch commits (SQLite: the batch holds the
                # write lock already), so a later write cannot find a changed version.
                stmt = stmt.order_by(Person.id).with_for_update(of=Person)
            prepared.visible.update((p.id, (p, p.owner_id)) for p in session.scalars(stmt))
    scratch[_BATCH] = prepared


def _prepared(ctx: Ctx) -> _Prepared | None:
    scratch = memo.store(ctx.session)
    return None if scratch is None else scratch.get(_BATCH)


def _id_taken(ctx: Ctx, person_id: uuid.UUID) -> bool:
    prepared = _prepared(ctx)
    if prepared is not None and person_id in prepared.free:
        prepared.free.discard(person_id)  # once: a second create of it reads again
        return False
    return ctx.session.get(Person, person_id) is not None


def _visible_person(ctx: Ctx, person_id: uuid.UUID) -> Person:
    """`get_visible`, answered from the batch's read while the person is still live and has
    the owner it was seen with."""
    prepared = _prepared(ctx)
    held = prepared.visible.get(person_id) if prepared is not None else None
    if held is not None:
        ctx.require(OBJ, Action.read)
        person, owner_id = held
        if person.deleted_at is None and person.owner_id == owner_id:
            return person
    return get_visible(ctx, Person, OBJ, person_id, label="person")


def _sync_identities(session: Session, person: Person, *, new: bool = False) -> None:
    from sampark.identity import service as identity  # identity builds on people

    identity.sync_contact_points(
        session,
        person.id,
        [e["email"] for e in person.emails],
        [p["number"] for p in person.phones],
        new=new,
    )


def delete_person(ctx: Ctx, person_id: uuid.UUID) -> None:
    person = get_visible(ctx, Person, OBJ, person_id, label="person")
    soft_delete(ctx, person, OBJ)


def restore_person(ctx: Ctx, person_id: uuid.UUID) -> PersonOut:
    person = restore(ctx, Person, OBJ, person_id, get_settings().restore_window_days, "person")
    return PersonOut.model_validate(person)


def bulk_create(ctx: Ctx, items: list[Any]) -> BulkResult[PersonOut]:
    ctx.require(OBJ, Action.write)
    return run_bulk(ctx, items, PersonCreate, lambda item: create_person(ctx, item))


def bulk_update(ctx: Ctx, items: list[Any]) -> BulkResult[PersonOut]:
    ctx.require(OBJ, Action.write)
    return run_bulk(
        ctx,
        items,
        BulkUpdateItem[PersonUpdate],
        lambda item: update_person(ctx, item.id, item.changes, item.version),
    )


def clear_manual_field(ctx: Ctx, person_id: uuid.UUID, field: str) -> PersonOut:
    """Stop a value typed in Sampark from overriding the sources: the field is chosen from the
    person's source records again (and keeps the typed value when no source has one)."""
    from sampark.profiles import golden  # profiles builds on people; imported here to avoid a cycle

    ctx.require(OBJ, Action.write)
    if field not in GOLDEN_FIELDS:
        raise ValidationFailed(
            "This field is not chosen from sources.",
            errors=[FieldError("field", f"one of {', '.join(sorted(GOLDEN_FIELDS))}", "not_golden")],
        )
    person = get_visible(ctx, Person, OBJ, person_id, label="person")

    def mutate() -> None:
        person.manual_fields = [f for f in (person.manual_fields or []) if f != field]
        golden.recompute(ctx.session, person)

    update_audited(ctx, person, AUDITED, OBJ, mutate)
    return PersonOut.model_validate(person)


# --- merging (called by the merges domain) -----------------------------------------------------

SNAPSHOT_FIELDS = (*AUDITED, "manual_fields", "field_sources")


def person_for_merge(ctx: Ctx, person_id: uuid.UUID, label: str) -> Person:
    """A live person the caller may see and delete (a merge retires one of the two)."""
    ctx.require(OBJ, Action.delete)
    person = get_visible(ctx, Person, OBJ, person_id, label=label)
    return person


def load(session: Session, person_id: uuid.UUID) -> Person | None:
    return session.get(Person, person_id)


def snapshot(person: Person) -> dict[str, Any]:
    """The person's own fields as JSON, to be put back by an unmerge."""
    out: dict[str, Any] = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(person, name)
        out[name] = str(value) if isinstance(value, uuid.UUID) else value
    return out


def apply_snapshot(person: Person, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name in ("owner_id", "company_id") and value is not None:
            value = uuid.UUID(value)
        setattr(person, name, value)
    _derive(person)


def _union(first: list[Any], second: list[Any], key: str | None) -> list[Any]:
    seen: set[Any] = set()
    out: list[Any] = []
    for entry in [*first, *second]:
        marker = entry.get(key) if key and isinstance(entry, dict) else repr(entry)
        if marker in seen:
            continue
        seen.add(marker)
        out.append(entry)
    return out


def absorb(survivor: Person, merged: Person) -> None:
    """The survivor takes the merged person's contact points and fills its own gaps; where
    both have a value the survivor's stays (survivorship may choose again afterwards)."""
    survivor.emails = with_one_primary_dicts(_union(survivor.emails, merged.emails, "email"))
    survivor.phones = with_one_primary_dicts(_union(survivor.phones, merged.phones, "number"))
    survivor.social_handles = _union(survivor.social_handles, merged.social_handles, None)
    survivor.tags = list(dict.fromkeys([*survivor.tags, *merged.tags]))
    for name in ("given_name", "family_name", "address_line", "city", "region", "postal_code", "country",
                 "latitude", "longitude", "owner_id", "company_id", "lead_source"):  # fmt: skip
        if getattr(survivor, name) in (None, "") and getattr(merged, name) not in (None, ""):
            setattr(survivor, name, getattr(merged, name))
    survivor.custom_fields = {**merged.custom_fields, **survivor.custom_fields}
    survivor.manual_fields = list(dict.fromkeys([*survivor.manual_fields, *merged.manual_fields]))
    _derive(survivor)


def with_one_primary_dicts(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Exactly one entry flagged primary (the first flagged, else the first)."""
    chosen = next((i for i, e in enumerate(entries) if e.get("primary")), 0)
    return [dict(e, primary=(i == chosen)) for i, e in enumerate(entries)]


def rederive(person: Person) -> None:
    """After survivorship changed fields: display name, primary e-mail/phone, search text."""
    _derive(person)


def display_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.execute(select(Person.id, Person.display_name).where(Person.id.in_(list(ids))))
    return {row[0]: row[1] for row in rows}


def was_merged_visible(ctx: Ctx, person_id: uuid.UUID) -> bool:
    """A person retired by a merge, seen through the survivor's access."""
    row = ctx.session.get(Person, person_id)
    return bool(row and row.merged_into_id and is_visible(ctx, row.merged_into_id))


def retire(person: Person, into: uuid.UUID | None) -> None:
    """Mark a person merged into another (soft-deleted), or bring it back (`into=None`)."""
    person.merged_into_id = into
    person.deleted_at = utcnow() if into is not None else None


# --- where people are (for geo) ------------------------------------------------------------------


def in_box(ctx: Ctx, box: location.Box, cap: int) -> list[location.Located]:
    """Live people the caller may see inside `box` (at most `cap`)."""
    return location.in_box(ctx, Person, OBJ, Person.display_name, box, cap)


def locations(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, location.Located]:
    """Stored coordinates of these people (access is the caller's business)."""
    return location.located(session, Person, Person.display_name, ids)


def set_location(
    ctx: Ctx,
    record_id: uuid.UUID,
    latitude: float | None,
    longitude: float | None,
    source: str,
    accuracy_m: float | None,
) -> PersonOut:
    """Store coordinates from a GPS fix or a geocoder on a person the caller may change."""
    record = get_visible(ctx, Person, OBJ, record_id, label="person")
    location.set_location(ctx, record, OBJ, latitude, longitude, source, accuracy_m)
    return PersonOut.model_validate(record)


def address_of(ctx: Ctx, record_id: uuid.UUID) -> location.AddressToGeocode:
    """The address fields of a person the caller may see (to geocode)."""
    r = get_visible(ctx, Person, OBJ, record_id, label="person")
    return location.AddressToGeocode(r.id, r.address_line, r.city, r.region, r.postal_code, r.country)


def without_coordinates(
    session: Session, after: uuid.UUID | None, limit: int
) -> list[location.AddressToGeocode]:
    return location.without_coordinates(session, Person, after, limit)


def store_geocoded(
    session: Session, record_id: uuid.UUID, latitude: float, longitude: float, accuracy_m: float
) -> bool:
    return location.store_geocoded(session, Person, OBJ, record_id, latitude, longitude, accuracy_m)


def company_ids(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID | None]:
    """Each person's company (one statement for many: the service desk's inbound batches)."""
    out: dict[uuid.UUID, uuid.UUID | None] = {}
    ordered = sorted(ids, key=str)
    for start in range(0, len(ordered), 500):
        rows = session.execute(
            select(Person.id, Person.company_id).where(Person.id.in_(ordered[start : start + 500]))
        )
        out.update((pid, company_id) for pid, company_id in rows)
    return out
