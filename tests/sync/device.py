"""A simulated offline device: a local store, a cursor and an outbox, speaking docs/sync.md."""

from __future__ import annotations

import uuid
from typing import Any

from sampark.core.ids import new_id
from tests.conftest import Api


class Device:
    def __init__(self, api: Api, name: str = "phone") -> None:
        self.api = api
        response = api.post("/api/v1/sync/devices", json={"name": name, "app_schema_version": 1})
        assert response.status_code == 201, response.text
        self.id = response.json()["id"]
        self.store: dict[tuple[str, str], dict[str, Any]] = {}
        self.cursor: str | None = None
        self.outbox: list[dict[str, Any]] = []
        self.results: list[dict[str, Any]] = []
        self.pages = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"X-Sampark-Device": self.id}

    def pull_page(self, limit: int = 500) -> Any:
        params: dict[str, Any] = {"limit": limit}
        if self.cursor:
            params["cursor"] = self.cursor
        return self.api.get("/api/v1/sync/pull", params=params, headers=self.headers)

    def pull(self, limit: int = 500) -> dict[str, Any]:
        """Pull until has_more is false; answers what the pages held, summed."""
        seen: dict[str, Any] = {"upserts": [], "tombstones": [], "full_resync": False}
        while True:
            response = self.pull_page(limit)
            assert response.status_code == 200, response.text
            page = response.json()
            self.pages += 1
            if page["full_resync"]:
                self.store.clear()
                seen["full_resync"] = True
            for item in page["upserts"]:
                key = (item["type"], item["id"])
                held = self.store.get(key)
                if held is None or held["version"] <= item["version"]:
                    self.store[key] = item["data"]
            for item in page["tombstones"]:
                self.store.pop((item["type"], item["id"]), None)
            seen["upserts"] += page["upserts"]
            seen["tombstones"] += page["tombstones"]
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                return seen

    def ids(self, type_: str) -> set[str]:
        return {i for t, i in self.store if t == type_}

    def create(self, type_: str, fields: dict[str, Any]) -> str:
        record_id = str(new_id())
        self.outbox.append(
            {
                "client_mutation_id": str(uuid.uuid4()),
                "type": type_,
                "id": record_id,
                "op": "create",
                "fields": fields,
            }
        )
        return record_id

    def local(self, type_: str, record_id: str) -> dict[str, Any]:
        """What the user sees: the server copy with the pending edits on top."""
        view = dict(self.store[(type_, record_id)])
        for m in self.outbox:
            if (m["type"], m["id"]) == (type_, record_id) and m["op"] == "update":
                view.update(m["fields"])
        return view

    def update(self, type_: str, record_id: str, fields: dict[str, Any]) -> None:
        # The base is what this edit was made on: the server copy plus earlier pending edits,
        # so two offline edits of one field never collide with each other.
        held = self.store[(type_, record_id)]
        view = self.local(type_, record_id)
        self.outbox.append(
            {
                "client_mutation_id": str(uuid.uuid4()),
                "type": type_,
                "id": record_id,
                "op": "update",
                "fields": fields,
                "base": {k: view.get(k) for k in fields},
                "base_version": held["version"],
            }
        )

    def delete(self, type_: str, record_id: str) -> None:
        held = self.store[(type_, record_id)]
        self.outbox.append(
            {
                "client_mutation_id": str(uuid.uuid4()),
                "type": type_,
                "id": record_id,
                "op": "delete",
                "base_version": held["version"],
            }
        )

    def push(self, batch: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        sending = self.outbox if batch is None else batch
        response = self.api.post("/api/v1/sync/push", json={"mutations": sending}, headers=self.headers)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        self.results += results
        done = {r["client_mutation_id"] for r in results if not r.get("retryable")}
        self.outbox = [m for m in self.outbox if m["client_mutation_id"] not in done]
        for r in results:
            if r["status"] == "applied" and not r.get("record"):  # a delete
                self.store.pop((r["type"], r["id"]), None)
            if r.get("record"):
                self.store[(r["type"], r["id"])] = r["record"]
        return results
