"""The server hashes passwords with argon2id at RFC 9106's parameters (tests run with light ones:
conftest's `cheap_password_hashing`)."""

from __future__ import annotations

from argon2 import Type

from sampark.auth import passwords
from tests import conftest


def test_the_server_hashes_with_argon2id_at_rfc_9106_parameters() -> None:
    production = conftest.PRODUCTION_HASHER
    assert production is not None and production is not passwords._hasher
    assert (production.type, production.time_cost, production.memory_cost) == (Type.ID, 3, 65536)
    hashed = production.hash("correct horse battery")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=")
    assert production.verify(hashed, "correct horse battery")
    # A hash made with the tests' light parameters would be upgraded on the next sign-in.
    assert production.check_needs_rehash(passwords._hasher.hash("x"))
