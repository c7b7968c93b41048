"""Property: any interleaving of server edits and offline device edits converges — the server
ends with the last-arriving value of every field, the device ends with the server's record, and
no acknowledged mutation is lost or refused."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sampark.core.permissions import Role
from sampark.db import Database
from tests.conftest import Api, api_as
from tests.sync.device import Device

FIELDS = ("given_name", "family_name", "city")
VALUES = ("Rahim", "Karim", "Sylhet", "রহিম", "सुनील")

event = st.one_of(
    st.tuples(st.just("server"), st.sampled_from(FIELDS), st.sampled_from(VALUES)),
    st.tuples(st.just("device"), st.sampled_from(FIELDS), st.sampled_from(VALUES)),
    st.tuples(st.just("push"), st.just(""), st.just("")),
    st.tuples(st.just("sync"), st.just(""), st.just("")),
)


def _server_edit(api: Api, pid: str, field: str, value: str) -> None:
    current = api.get(f"/api/v1/people/{pid}").json()
    response = api.patch(
        f"/api/v1/people/{pid}", json={field: value}, headers={"If-Match": str(current["version"])}
    )
    assert response.status_code == 200, response.text


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=st.lists(event, min_size=1, max_size=14))
def test_interleavings_converge(
    db: Database, client: TestClient, admin: Api, events: list[tuple[str, str, str]]
) -> None:
    email = f"rep{abs(hash(tuple(events))) % 10**9}@example.com"
    rep = api_as(db, client, email, Role.sales)
    created = rep.post(
        "/api/v1/people", json={"given_name": "Start", "family_name": "Start", "city": "Start"}
    )
    pid = created.json()["id"]
    expected: dict[str, Any] = dict.fromkeys(FIELDS, "Start")
    device = Device(rep)
    device.pull()

    def push() -> None:
        pending = list(device.outbox)
        results = device.push()
        assert len(results) == len(pending)
        for mutation, result in zip(pending, results, strict=True):
            assert result["status"] in ("applied", "conflict"), result
            expected.update(mutation["fields"])  # the later arrival wins

    for kind, field, value in events:
        if kind == "server":
            _server_edit(rep, pid, field, value)
            expected[field] = value
        elif kind == "device":
            device.update("people", pid, {field: value})
        elif kind == "push":
            push()
        else:
            push()
            device.pull()
    push()
    device.pull()
    server = rep.get(f"/api/v1/people/{pid}").json()
    assert {f: server[f] for f in FIELDS} == expected
    assert {f: device.store[("people", pid)][f] for f in FIELDS} == expected
    assert device.store[("people", pid)]["version"] == server["version"]
    assert device.outbox == []
