"""`Idempotency-Key` on POSTs that create: a retry gets the first answer and creates nothing.

The key is claimed by inserting a row in the same transaction as the creation, so the
claim and the record commit together or not at all. Two parallel requests with one key
collide on the unique (owner, key) index: the loser rolls back and replays the winner.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.idempotency_models import IdempotencyRecord

MAX_KEY_LENGTH = 200


class IdempotencyRace(Exception):
    """Another request with this key committed first; answer with its response (if it was
    the same request: `fingerprint` tells)."""

    def __init__(self, owner: str, key: str, fingerprint: str = "") -> None:
        self.owner, self.key, self.fingerprint = owner, key, fingerprint
        super().__init__(key)


def key_reused() -> ValidationFailed:
    return ValidationFailed(
        "This Idempotency-Key was already used for a different request.",
        code="idempotency_key_reused",
        errors=[FieldError("Idempotency-Key", "already used with another body or path", "reused")],
    )


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def replay_response(record: IdempotencyRecord) -> JSONResponse:
    return JSONResponse(
        record.response_body,
        status_code=record.status_code,
        headers={"Idempotent-Replayed": "true"},
    )


def find(session: Session, owner: str, key: str) -> IdempotencyRecord | None:
    return session.scalars(
        select(IdempotencyRecord).where(IdempotencyRecord.owner == owner, IdempotencyRecord.key == key)
    ).one_or_none()


class Idempotency:
    def __init__(
        self, session: Session, owner: str, key: str | None, method: str, path: str, body: bytes
    ) -> None:
        if key is not None and (not key.strip() or len(key) > MAX_KEY_LENGTH):
            raise ValidationFailed(
                "Idempotency-Key must be 1 to 200 characters.",
                errors=[FieldError("Idempotency-Key", "1 to 200 characters", "invalid_header")],
            )
        self.session, self.owner, self.key = session, owner, key
        self.method, self.path = method, path
        self.fingerprint = fingerprint(method, path, body)

    def run(self, produce: Callable[[], BaseModel], status_code: int = 201) -> Any:
        if self.key is None:
            return produce()
        existing = find(self.session, self.owner, self.key)
        if existing is not None:
            if existing.fingerprint != self.fingerprint:
                raise key_reused()
            return replay_response(existing)
        claim = IdempotencyRecord(
            owner=self.owner,
            key=self.key,
            method=self.method,
            path=self.path,
            fingerprint=self.fingerprint,
        )
        self.session.add(claim)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise IdempotencyRace(self.owner, self.key, self.fingerprint) from exc
        result = produce()
        claim.status_code = status_code
        claim.response_body = result.model_dump(mode="json")
        self.session.flush()
        return result
