"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verifying against this when the account does not exist costs the same time as a real check,
# so response times do not reveal which e-mails have accounts. A hash of "sampark-dummy-password"
# made once with the hasher's parameters (tests/test_auth.py checks they are still the
# defaults), not at every start: hashing costs ~0.2 s of CPU, paid by every process that imports
# this (a CLI command, an import's preparing process).
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$eardWJ+X9yMvjGBNg6/qhw$7s+0oLdKPWexA1miPNO0PN8Xz3HlQrf0VSbCco7UDm4"
)

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
