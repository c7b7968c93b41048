"""The resolver reads the per-person limits (one user id a person) only for the holders of the
identifiers it will decide on (`deciding`: tracking's identifies and aliases); a person met
beyond them has its limits read when `resolve` meets it, so the limits hold all the same."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from sampark.db import Database
from sampark.identity.records import IncomingPerson, record_people
from sampark.identity.service import BatchResolver, Key
from sampark.people.schemas import PersonCreate
from sampark.sources import service as sources
from sampark.tracking import inbox
from sampark.tracking.models import Event
from tests.conftest import Api, write_key_auth
from tests.test_identity_household import people_of_user_ids

EMAIL: Key = ("email", "asha@example.com")
USER_1: Key = ("user_id", "u-1")
USER_2: Key = ("user_id", "u-2")


def asha(db: Database) -> uuid.UUID:
    with db.session() as session:
        ref = sources.get_or_create(session, "Shop", "import", 50)
        outcomes, _ = record_people(
            session, ref, [IncomingPerson("a1", {"given_name": "Asha"}, [USER_1, EMAIL])]
        )
        return outcomes[0].person_id


def test_a_person_beyond_the_deciding_keys_still_keeps_one_user_id(db: Database) -> None:
    first = asha(db)
    with db.session() as session:
        # Told it decides on nothing: Asha's user id is not read up front.
        resolver = BatchResolver(session, [USER_2, EMAIL], None, "web", deciding=[])
        resolution = resolver.resolve([USER_2, EMAIL], PersonCreate(given_name="Asha"))
        assert resolution is not None
        assert resolution.created and resolution.person_id != first  # another user id: someone else
        resolver.write()


def test_a_drain_of_tracks_and_an_identify_keeps_the_user_id_limit(
    db: Database, client: TestClient, admin: Api
) -> None:
    first = asha(db)
    key = admin.post("/api/v1/sources", json={"name": "App", "kind": "app"}).json()["write_key"]
    batch: list[dict[str, Any]] = [
        {"type": "track", "userId": "u-1", "event": "Viewed", "messageId": f"t-{n}"} for n in range(20)
    ]
    batch.append({"type": "identify", "userId": "u-2", "messageId": "i-1",
                  "traits": {"firstName": "Asha", "email": "asha@example.com"}})  # fmt: skip
    r = client.post("/v1/batch", json={"batch": batch}, headers=write_key_auth(key))
    assert r.status_code == 200, r.text
    inbox.drain(db)
    users = people_of_user_ids(db)
    with db.session(write=False) as session:
        tracked = set(session.scalars(select(Event.person_id).where(Event.type == "track")))
    assert users["u-1"] == first and users["u-2"] != first
    assert tracked == {first}
