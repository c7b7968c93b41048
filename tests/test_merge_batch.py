"""The batch merge (`merges.batch.merge_many`, used by the probabilistic resolution): the same
end state, move records and audit as merging pair by pair, and each merge undoable alone."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.db import Database
from sampark.identity.models import Identity, SourceRecord
from sampark.identity.records import IncomingPerson, record_people
from sampark.merges import batch
from sampark.merges import service as merges
from sampark.merges.models import Merge, MergeMove
from sampark.people.models import Person
from sampark.resolution import service as resolution
from sampark.resolution.models import MatchCandidate, ResolutionRun
from sampark.settings import Settings
from sampark.sources import service as sources
from sampark.tasks.models import Task

# label: (source, trust, fields, identifiers); created in this order, so older first.
PEOPLE: dict[str, tuple[str, int, dict[str, Any], list[tuple[str, str]]]] = {
    "p1": ("Desk", 30, {"given_name": "Nila", "family_name": "Roy"}, [("phone", "+8801711000001")]),
    "p2": ("Shop", 60, {"given_name": "Neela", "city": "Dhaka", "emails": [{"email": "nila@shop.example"}]},
           [("email", "nila@shop.example")]),
    "p3": ("Web", 10, {"given_name": "Nila R", "postal_code": "1207", "tags": ["web"]},
           [("email", "nila@web.example")]),
    "q1": ("Desk", 30, {"given_name": "Karim"}, [("phone", "+8801711000004")]),
    "q2": ("Shop", 60, {"given_name": "Karim", "family_name": "Uddin"}, [("phone", "+8801711000005")]),
    "r1": ("Web", 10, {"given_name": "Sunita"}, [("email", "sunita@web.example")]),
    "r2": ("Desk", 30, {"given_name": "Sunita", "family_name": "Sharma"}, []),
}  # fmt: skip
# Identifiers added afterwards (arriving together they would have joined on arrival).
SHARED = [("p1", "email", "nila@shop.example"), ("p3", "email", "nila@shop.example"),
          ("p2", "phone", "+8801711000001"), ("q2", "phone", "+8801711000004")]  # fmt: skip
# Pair by pair: (survivor, merged), in the order the batch plans them.
PAIRS = [("p1", "p2"), ("p1", "p3"), ("q1", "q2"), ("r1", "r2")]


def build(session: Session) -> dict[str, uuid.UUID]:
    ids: dict[str, uuid.UUID] = {}
    for label, (source, trust, fields, keys) in PEOPLE.items():
        ref = sources.get_or_create(session, source, "import", trust)
        outcomes, _ = record_people(session, ref, [IncomingPerson(label, fields, keys, payload={"k": label})])
        ids[label] = outcomes[0].person_id
    for label, kind, value in SHARED:
        session.add(Identity(person_id=ids[label], kind=kind, value=value))
    for label in ("p2", "p3", "q2"):
        session.add(Task(title=f"call {label}", person_id=ids[label]))
    session.flush()
    return ids


def state(session: Session, ids: dict[str, uuid.UUID]) -> dict[str, Any]:
    """Everything a merge changes, by label (ids differ between two builds)."""
    label = {v: k for k, v in ids.items()}
    keys: dict[uuid.UUID, str] = dict(session.execute(select(SourceRecord.id, SourceRecord.source_key)).all())  # type: ignore[arg-type]
    session.expire_all()
    out: dict[str, Any] = {}
    for name, pid in ids.items():
        p = session.get(Person, pid)
        assert p is not None
        sources_of = {
            f: {**v, "source_record_id": keys.get(uuid.UUID(v["source_record_id"])), "received_at": None}
            if "source_record_id" in v else v
            for f, v in (p.field_sources or {}).items()
        }  # fmt: skip
        out[name] = {
            "live": p.deleted_at is None,
            "into": label.get(p.merged_into_id) if p.merged_into_id else None,
            "fields": {f: getattr(p, f) for f in ("given_name", "family_name", "display_name", "city",
                                                  "postal_code", "emails", "phones", "tags", "primary_email")},
            "field_sources": sources_of,
            "identities": sorted((k, v) for k, v in session.execute(
                select(Identity.kind, Identity.value).where(Identity.person_id == pid))),
            "records": sorted(session.scalars(select(SourceRecord.source_key).where(SourceRecord.person_id == pid))),
            "tasks": sorted(session.scalars(select(Task.title).where(Task.person_id == pid))),
        }  # fmt: skip
    merge_rows = session.scalars(select(Merge)).all()
    out["merges"] = sorted(
        (label[m.survivor_id], label[m.merged_id], m.method, sorted(m.moved.items()),
         sorted((mv.link, mv.removed is not None) for mv in
                session.scalars(select(MergeMove).where(MergeMove.merge_id == m.id))))
        for m in merge_rows
    )  # fmt: skip
    pending = session.info.get("sampark.audit.pending", [])
    out["audit"] = sorted(
        (e.action, label[uuid.UUID(e.object_id)], label[uuid.UUID(e.changes["merged_id"])],
         sorted(e.changes["moved"].items()))
        for e in pending if e.action == "merge"
    )  # fmt: skip
    return out


def test_a_batch_ends_like_merging_pair_by_pair_and_each_merge_undoes_alone(db: Database) -> None:
    with db.session() as session:
        ids = build(session)
        for survivor, merged in PAIRS:
            merges.merge_people(session, ids[survivor], ids[merged], method="probabilistic", actor=None,
                                actor_label="resolution")  # fmt: skip
        one_by_one = state(session, ids)
        session.rollback()

    with db.session() as session:
        ids = build(session)
        before = state(session, ids)
        planned = [batch.Planned(ids[s], ids[m], 0.995, {"why": "test"}) for s, m in PAIRS]
        made = batch.merge_many(session, planned, method="probabilistic", actor_label="resolution")
        assert set(made) == {ids[m] for _, m in PAIRS}
        together = state(session, ids)
    assert together == one_by_one
    assert together["p1"]["identities"] == [("email", "nila@shop.example"), ("email", "nila@web.example"),
                                            ("phone", "+8801711000001")]  # fmt: skip
    assert together["p1"]["tasks"] == ["call p2", "call p3"]
    assert together["p3"]["into"] == "p1" and not together["p3"]["live"]
    assert together["p1"]["fields"]["given_name"] == "Neela"  # the most trusted source (Shop, 60)

    with db.session(write=False) as session:
        assert audit.verify_chain(session).ok

    # Undo p3's merge alone: p3 gets its rows and its removed copy of the shared e-mail back.
    with db.session() as session:
        merge = session.get(Merge, made[ids["p3"]])
        assert merge is not None
        merges.unmerge(session, merge, actor=None)
    with db.session() as session:
        after = state(session, ids)
    assert after["p3"] == {**before["p3"], "field_sources": after["p3"]["field_sources"]}
    assert after["p3"]["live"] and after["p3"]["tasks"] == ["call p3"]
    assert after["p1"]["tasks"] == ["call p2"]
    assert ("email", "nila@shop.example") in after["p1"]["identities"]  # p2's copy stays with p1
    assert after["p2"]["into"] == "p1"
    with db.session() as session:  # and then p2's
        merge = session.get(Merge, made[ids["p2"]])
        assert merge is not None
        merges.unmerge(session, merge, actor=None)
    with db.session() as session:
        assert state(session, ids)["p1"]["identities"] == before["p1"]["identities"]
        assert audit.verify_chain(session).ok


@dataclass
class FakePair:
    left: str
    right: str
    probability: float
    weight: float = 10.0
    evidence: Any = ()


def test_decide_clusters_chains_keeps_guarded_pairs_apart_and_queues_the_rest(db: Database) -> None:
    with db.session() as session:
        ids = build(session)
        # q2 and r1 hold different user ids: never one person automatically.
        session.add(Identity(person_id=ids["q2"], kind="user_id", value="u-1"))
        session.add(Identity(person_id=ids["r1"], kind="user_id", value="u-2"))
        job = ResolutionRun(status="running")
        session.add(job)
        session.flush()
        pairs = [
            FakePair(str(ids["p2"]), str(ids["p3"]), 0.999),  # a chain: p2–p3, p1–p3
            FakePair(str(ids["p1"]), str(ids["p3"]), 0.998),
            FakePair(str(ids["q1"]), str(ids["q2"]), 0.997),
            FakePair(str(ids["q2"]), str(ids["r1"]), 0.996),  # guarded: to the queue
            FakePair(str(ids["p2"]), str(ids["q1"]), 0.9),  # likely: queued as p1–q1
            FakePair(str(ids["p3"]), str(ids["q2"]), 0.85),  # the same pair of people now
        ]
        resolution._decide(session, job, pairs, 0.99, False, None)
        assert job.auto_merged == 3 and job.queued == 2
        session.commit()
    with db.session() as session:
        s = state(session, ids)
        assert {k: s[k]["into"] for k in ("p2", "p3", "q2", "r1", "r2")} == {
            "p2": "p1", "p3": "p1", "q2": "q1", "r1": None, "r2": None}  # fmt: skip
        queued = {(c.person_a_id, c.person_b_id, c.score) for c in session.scalars(select(MatchCandidate))}
        assert queued == {(ids["q1"], ids["r1"], 0.996), (ids["p1"], ids["q1"], 0.9)}
        assert audit.verify_chain(session).ok


def test_by_default_a_pair_at_096_merges_and_one_at_094_waits_for_review(db: Database) -> None:
    # At a million people the estimated prior is small and sure pairs (both names, postcode and
    # city agreeing) score 0.95-0.99: the default must merge them (docs/customer360.md, Thresholds).
    auto = Settings.model_fields["resolution_auto_merge_threshold"].default
    with db.session() as session:
        ids = build(session)
        job = ResolutionRun(status="running")
        session.add(job)
        session.flush()
        pairs = [
            FakePair(str(ids["p1"]), str(ids["p2"]), 0.96),
            FakePair(str(ids["q1"]), str(ids["q2"]), 0.94),
        ]
        resolution._decide(session, job, pairs, auto, False, None)
        assert (job.auto_merged, job.queued) == (1, 1)
        session.commit()
    with db.session() as session:
        s = state(session, ids)
        assert (s["p2"]["into"], s["q2"]["into"]) == ("p1", None)
