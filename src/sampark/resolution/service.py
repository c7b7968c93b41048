"""Probabilistic identity resolution (the batch): score pairs of live people with Splink on
DuckDB, merge the sure ones, queue the likely ones for review, leave the rest apart.

Deterministic matching happens on arrival (`identity.records`); this finds the same person
arriving with different identifiers: a transliterated name, a typo'd e-mail, a new phone."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.identity.models import Identity, SourceRecord
from sampark.identity.service import PER_PERSON_LIMITS
from sampark.merges import batch
from sampark.merges.survivors import Survivors
from sampark.people.models import Person
from sampark.resolution.models import MatchCandidate, ResolutionRun
from sampark.settings import get_settings

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]  # stage, done, total
DOB_KEYS = ("dob", "date_of_birth", "birthdate", "birth_date")
# A government identity number (NID in Bangladesh, Aadhaar in India, a social security number):
# compared with typos allowed, never a deterministic key (a typo'd number is still the person).
NATIONAL_ID_KEYS = ("national_id", "nid", "national_id_number", "aadhaar", "ssn", "social_security_number")
CHUNK = 20_000
COMMIT_EVERY = 5_000  # review candidates written per transaction


def _first_sql(column: Any, keys: tuple[str, ...]) -> Any:
    """The first of `keys` present (and not empty) in a JSON column, as text, chosen by the
    database: the reading stage then decodes no JSON in Python (that was most of its CPU)."""
    return func.coalesce(*(func.nullif(column[key].as_string(), "") for key in keys))


def _plain(value: Any) -> str | None:
    """A scalar from `_first_sql` as text (a number as its digits); a nested object or list is
    no date of birth or id number."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value)
    return None if text[:1] in ("{", "[") else text


def _rows(session: Session, progress: Progress | None) -> list[tuple[Any, ...]]:
    """Live people as the model compares them, read in chunks."""
    from sampark.resolution.model import row_for

    dobs: dict[uuid.UUID, str] = {}
    nids: dict[uuid.UUID, str] = {}
    # Which sources each person holds records from, as short numbers (the model compares them).
    number: dict[uuid.UUID, str] = {}
    sources: dict[uuid.UUID, set[str]] = {}
    dob_sql, nid_sql = (
        _first_sql(SourceRecord.payload, DOB_KEYS),
        _first_sql(SourceRecord.payload, NATIONAL_ID_KEYS),
    )
    for person_id, source_id, dob, nid in session.execute(
        select(SourceRecord.person_id, SourceRecord.source_id, dob_sql, nid_sql).where(
            SourceRecord.person_id.is_not(None)
        )
    ).yield_per(CHUNK):
        sources.setdefault(person_id, set()).add(number.setdefault(source_id, str(len(number))))
        if (value := _plain(dob)) and person_id not in dobs:
            dobs[person_id] = value
        if (value := _plain(nid)) and person_id not in nids:
            nids[person_id] = value
    total = session.scalar(select(func.count()).select_from(Person).where(Person.deleted_at.is_(None)))
    rows: list[tuple[Any, ...]] = []
    query = select(
        Person.id, Person.given_name, Person.family_name, Person.display_name, Person.primary_email,
        Person.primary_phone, Person.address_line, Person.postal_code, Person.city,
        _first_sql(Person.custom_fields, DOB_KEYS), _first_sql(Person.custom_fields, NATIONAL_ID_KEYS),
    ).where(Person.deleted_at.is_(None))  # fmt: skip
    for pid, given, family, display, email, phone, address, postal, city, own_dob, own_nid in session.execute(
        query
    ).yield_per(CHUNK):
        dob = _plain(own_dob) or dobs.get(pid)
        nid = _plain(own_nid) or nids.get(pid)
        rows.append(row_for(str(pid), given, family, display, email, phone, address, postal, city, dob, nid,
                            sources.get(pid, ())))  # fmt: skip
        if progress and len(rows) % CHUNK == 0:
            progress("reading", len(rows), total or 0)
    return rows


def joined_pairs(session: Session) -> tuple[int, int]:
    """Pairs of source records one person holds (joined on arrival, or merged before): how many
    are from one source, and how many there are. Known matches: the model learns from them how
    often one person is twice in one system (`training.sources_m`)."""

    def total(*by: Any) -> int:
        counted = (
            select(func.count().label("n"))
            .where(SourceRecord.person_id.is_not(None))
            .group_by(*by)
            .subquery()
        )
        n = counted.c.n
        return int(session.scalar(select(func.coalesce(func.sum(n * (n - 1) / 2), 0))) or 0)

    return total(SourceRecord.person_id, SourceRecord.source_id), total(SourceRecord.person_id)


def _limited(session: Session) -> dict[uuid.UUID, set[tuple[str, str]]]:
    out: dict[uuid.UUID, set[tuple[str, str]]] = {}
    for pid, kind, value in session.execute(
        select(Identity.person_id, Identity.kind, Identity.value).where(
            Identity.kind.in_(list(PER_PERSON_LIMITS))
        )
    ):
        out.setdefault(pid, set()).add((kind, value))
    return out


def _guard_allows(limited: dict[uuid.UUID, set[tuple[str, str]]], a: uuid.UUID, b: uuid.UUID) -> bool:
    """No auto-merge of two people holding different user ids / external ids."""
    held = limited.get(a, set()) | limited.get(b, set())
    return all(len({v for k, v in held if k == kind}) <= limit for kind, limit in PER_PERSON_LIMITS.items())


def _placed(
    pair: Any, survivors: Survivors, known: dict[tuple[uuid.UUID, uuid.UUID], MatchCandidate]
) -> tuple[uuid.UUID, uuid.UUID, MatchCandidate | None]:
    """The two people a scored pair is between now (older first: UUIDv7), and the candidate on
    record for them — or for the two people as scored, if this run has merged either since."""
    left, right = uuid.UUID(pair.left), uuid.UUID(pair.right)
    a, b = survivors.pair(left, right)
    scored = (left, right) if left.int < right.int else (right, left)
    return a, b, known.get((a, b)) or known.get(scored)


def _decide(
    session: Session,
    job: ResolutionRun,
    pairs: list[Any],
    auto: float,
    dry_run: bool,
    progress: Progress | None,
) -> None:
    """Cluster the sure pairs (highest score first; a chain A–B, B–C is one cluster; two people
    holding different user ids / external ids are never joined), merge each cluster into its
    oldest person in batches (`merges.batch`), then queue the likely pairs between the people
    left, remembering rejected pairs."""
    known: dict[tuple[uuid.UUID, uuid.UUID], MatchCandidate] = {
        (c.person_a_id, c.person_b_id): c for c in session.scalars(select(MatchCandidate))
    }
    limited = _limited(session)
    survivors = Survivors()
    joined: list[tuple[uuid.UUID, Any, MatchCandidate | None]] = []  # (merged root, pair, candidate)
    rest: list[Any] = []
    for pair in pairs:
        a, b, previous = _placed(pair, survivors, known)
        if a == b:
            continue
        if previous is not None and previous.status == "rejected":
            continue  # "not the same person" is remembered
        if (
            pair.probability >= auto
            and _guard_allows(limited, a, b)
            and (previous is None or previous.status == "pending")
        ):
            limited[a] = limited.get(a, set()) | limited.pop(b, set())
            survivors.union(a, b)
            joined.append((b, pair, previous))
        else:
            rest.append(pair)
    # Each merged person into its cluster's oldest person, in the order the pairs joined them.
    planned = [
        batch.Planned(survivors.find(b), b, pair.probability,
                      {"match_weight": pair.weight, "comparisons": pair.evidence})
        for b, pair, _ in joined
    ]  # fmt: skip
    if dry_run:
        job.auto_merged = len(planned)
    for start in range(0, 0 if dry_run else len(planned), batch.BATCH):
        chunk = joined[start : start + batch.BATCH]
        made = batch.merge_many(
            session, planned[start : start + batch.BATCH], method="probabilistic", actor_label="resolution"
        )
        for b, _, previous in chunk:
            if previous is not None and b in made:
                previous.status, previous.merge_id, previous.decided_at = "merged", made[b], utcnow()
        job.auto_merged += len(made)
        session.commit()
        if progress:
            progress("deciding", start + len(chunk), len(pairs))
    _queue(session, job, rest, known, survivors, dry_run)


def _queue(
    session: Session,
    job: ResolutionRun,
    pairs: list[Any],
    known: dict[tuple[uuid.UUID, uuid.UUID], MatchCandidate],
    survivors: Survivors,
    dry_run: bool,
) -> None:
    """The likely pairs, between the people each is now: a new pair is queued, a pending one
    gets the new score, a pair now one person (or queued already in this run) is passed over."""
    now = utcnow()
    seen: set[tuple[uuid.UUID, uuid.UUID]] = set()
    new: list[dict[str, Any]] = []
    for pair in pairs:
        a, b, previous = _placed(pair, survivors, known)
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        if previous is None:
            new.append({"id": new_id(), "person_a_id": a, "person_b_id": b, "score": pair.probability,
                        "match_weight": pair.weight, "evidence": pair.evidence, "status": "pending",
                        "run_id": job.id, "created_at": now})  # fmt: skip
            job.queued += 1
        elif previous.status == "pending":
            previous.score, previous.match_weight, previous.evidence = (
                pair.probability,
                pair.weight,
                pair.evidence,
            )
            previous.run_id = job.id
            job.queued += 1
        if not dry_run and len(new) >= COMMIT_EVERY:
            session.connection().execute(insert(MatchCandidate), new)
            new.clear()
            session.commit()
    if new and not dry_run:
        session.connection().execute(insert(MatchCandidate), new)


def close_interrupted(session: Session) -> int:
    """Mark runs still `running` as failed (called when the server starts: their thread died
    with the previous process). Returns how many."""
    rows = session.scalars(select(ResolutionRun).where(ResolutionRun.status == "running")).all()
    for run in rows:
        run.status, run.finished_at = "failed", utcnow()
        run.error = "interrupted: the server stopped during the run; start a new one"
    return len(rows)


def start_run(session: Session, *, dry_run: bool = False) -> ResolutionRun:
    run = ResolutionRun(status="running", dry_run=dry_run, stage="queued")
    session.add(run)
    session.flush()
    return run


def run(
    session: Session,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    existing: ResolutionRun | None = None,
) -> ResolutionRun:
    """One batch over every live person. Commits as it goes (the run row first, so its progress
    can be watched); a failure is recorded on the run."""
    from sampark.resolution.model import score

    settings = get_settings()
    auto, review = settings.resolution_auto_merge_threshold, settings.resolution_review_threshold
    job = existing or start_run(session, dry_run=dry_run)
    job.stage = "reading"
    session.commit()
    try:
        rows = _rows(session, progress)
        job.records, job.stage = len(rows), "scoring"
        session.commit()
        if progress:
            progress("scoring", 0, len(rows))
        info: dict[str, float] = {}
        _, pairs = score(rows, review, info=info, joined=joined_pairs(session))
        del rows
        log.info("resolution run %s: prior (two random people are one) %.3g", job.id, info.get("prior", 0.0))
        job.pairs_scored, job.stage = len(pairs), "deciding"
        session.commit()
        if progress:
            progress("deciding", 0, len(pairs))
        _decide(session, job, pairs, auto, dry_run, progress)
        job.status, job.stage, job.finished_at = "done", "done", utcnow()
        session.commit()
    except Exception as exc:
        session.rollback()
        job = session.get(ResolutionRun, job.id) or job
        job.status, job.error, job.finished_at = "failed", f"{type(exc).__name__}: {exc}"[:2000], utcnow()
        session.commit()
        raise
    return job
