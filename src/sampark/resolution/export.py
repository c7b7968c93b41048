"""`sampark profiles export`: which profile each source record belongs to, to check resolution
against ground truth."""

from __future__ import annotations

import csv
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.identity.models import SourceRecord
from sampark.people.models import Person
from sampark.sources.models import Source

HEADER = ("profile_id", "source", "source_key")


def export_profiles(session: Session, out: TextIO, *, kind: str = "person") -> int:
    """One CSV row per source record with its current person (streamed); a live person with no
    source record gets one row with source `sampark` and its own id as key. Returns rows written."""
    writer = csv.writer(out)
    writer.writerow(HEADER)
    written = 0
    stmt = (
        select(SourceRecord.person_id, Source.name, SourceRecord.source_key)
        .join(Source, Source.id == SourceRecord.source_id)
        .where(SourceRecord.kind == kind, SourceRecord.person_id.is_not(None))
        .order_by(Source.name, SourceRecord.source_key)
    )
    for person_id, source, key in session.execute(stmt).yield_per(10_000):
        writer.writerow((str(person_id), source, key))
        written += 1
    has_record = select(SourceRecord.id).where(SourceRecord.person_id == Person.id).exists()
    lone = select(Person.id).where(Person.deleted_at.is_(None), ~has_record).order_by(Person.id)
    for (person_id,) in session.execute(lone).yield_per(10_000):
        writer.writerow((str(person_id), "sampark", str(person_id)))
        written += 1
    return written
