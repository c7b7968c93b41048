"""FastAPI dependencies shared by every router: the unit of work and the caller."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Depends, Header, Query, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sampark.auth.service import principal_from_request
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, NotAuthenticated, PermissionDenied, ValidationFailed
from sampark.core.idempotency import Idempotency
from sampark.core.permissions import Action, Principal, scope_for_path
from sampark.core.records import ListParams
from sampark.db import Database

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency in a
# worker thread, and a hop per dependency costs more than the dependency itself.


async def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


DbDep = Annotated[Database, Depends(get_db)]


def get_session(request: Request, db: Annotated[Database, Depends(get_db)]) -> Iterator[Session]:
    """One transaction per request: reads on the read engine, writes serialised on SQLite."""
    with db.session(write=request.method not in SAFE_METHODS) as session:
        yield session


# scope="function": commit before the response leaves, so a failed commit is never a 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


async def get_principal(request: Request, db: Annotated[Database, Depends(get_db)]) -> Principal:
    """From the principal cache on the event loop when it can; from the database otherwise."""
    principal = principal_from_request(request, None)
    if principal is None:
        principal = await run_in_threadpool(principal_from_request, request, db)
    if principal is None:  # pragma: no cover  (a database lookup answers or raises)
        raise NotAuthenticated("Sign in, or send an API token as 'Authorization: Bearer …'.")
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def require_token_scope(request: Request, principal: PrincipalDep) -> None:
    """A token's scopes, checked from the route's path for every private endpoint before its
    body is read or validated: a token without `people:write` gets 403 from any people write,
    including endpoints added later. Roles and record access are still checked by the services."""
    if principal.scopes is None:
        return
    route = request.scope.get("route")
    needed = scope_for_path(request.method, getattr(route, "path", request.url.path))
    if needed is not None and not principal.scope_allows(*needed):
        obj, action = needed
        raise PermissionDenied(
            f"This token lacks the {obj.value}:{'read' if action is Action.read else 'write'} scope.",
            extra={"object": obj.value, "action": action.value},
        )


async def get_ctx(session: SessionDep, principal: PrincipalDep) -> Ctx:
    return Ctx(session=session, principal=principal)


CtxDep = Annotated[Ctx, Depends(get_ctx)]


async def get_idempotency(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            description="Makes the POST safe to retry: a repeat returns the first response, creating nothing."
        ),
    ] = None,
) -> Idempotency:
    body = await request.body()
    return Idempotency(
        session, str(principal.user_id), idempotency_key, request.method, request.url.path, body
    )


IdempotencyDep = Annotated[Idempotency, Depends(get_idempotency)]


async def if_match(
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description="The record's `version` as read (ETag value)."),
    ] = None,
) -> int:
    return parse_if_match(if_match)


def parse_if_match(if_match: str | None) -> int:
    """The version an If-Match header carries (428 when missing, 422 when not a number)."""
    from sampark.core.errors import PreconditionRequired

    if if_match is None:
        raise PreconditionRequired(
            "Send If-Match with the version you read, so a newer edit is never overwritten.",
            errors=[FieldError("If-Match", "required", "missing_header")],
        )
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise ValidationFailed(
            "If-Match must be the record's version number.",
            errors=[FieldError("If-Match", "expected an integer")],
        )
    return int(text)


IfMatchDep = Annotated[int, Depends(if_match)]


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=Versioned)


def with_etag(response: Response, record: V) -> V:
    """Answer `record` with its version as the ETag (what a later If-Match sends back)."""
    response.headers["ETag"] = f'"{record.version}"'
    return record


async def list_params(
    limit: Annotated[int | None, Query(ge=1, le=200, description="Page size, 1–200 (default 50)")] = None,
    cursor: Annotated[
        str | None, Query(max_length=1000, description="`next_cursor` of the previous page")
    ] = None,
    sort: Annotated[
        str | None, Query(max_length=100, description="A sortable field; prefix - for descending")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Search names, e-mails, phones (any script)")
    ] = None,
    filter: Annotated[
        str | None,
        Query(max_length=20_000, description="JSON filter tree; see the API description"),
    ] = None,
    deleted: Annotated[bool, Query(description="Admins: list soft-deleted records instead")] = False,
) -> ListParams:
    return ListParams(limit=limit, cursor=cursor, sort=sort, q=q, filter=filter, deleted=deleted)


ListParamsDep = Annotated[ListParams, Depends(list_params)]


# A JSON escape or raw bytes that may decode to text no database takes.
_BAD_TEXT_HINT = re.compile(rb"\\u0000|\\[uU][dD][89a-fA-F]|\xed[\xa0-\xbf]")


def _storable(text: str) -> bool:
    """No NUL (PostgreSQL text cannot hold it) and no lone surrogate (not UTF-8 encodable)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _has_bad_text(value: Any) -> bool:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if not _storable(node):
                return True
        elif isinstance(node, dict):
            for key, item in node.items():
                if not _storable(str(key)):
                    return True
                stack.append(item)
        elif isinstance(node, list):
            stack.extend(node)
    return False


async def valid_text(request: Request) -> None:
    """Refuse text that no database stores: NUL characters and lone UTF-16 surrogates (a
    `\\ud800` escape or its CESU-8 bytes), in the JSON body or the query string. Checked for
    every endpoint before the body is validated, so no domain can forget; the error names the
    top-level field that holds the bad text."""
    bad = [f"query.{name}" for name, value in request.query_params.multi_items() if "\x00" in name + value]
    # File uploads (imports) stream to disk and are checked row by row, never read whole here.
    multipart = request.headers.get("content-type", "").startswith("multipart/")
    body = b"" if multipart else await request.body()
    if body and _BAD_TEXT_HINT.search(body):
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            data = None  # not JSON: FastAPI refuses it, or the endpoint takes no JSON
        if isinstance(data, dict):
            for key, item in data.items():
                if not _storable(str(key)) or _has_bad_text(item):
                    bad.append(str(key).encode("utf-8", "backslashreplace").decode().replace("\x00", "\\x00"))
        elif _has_bad_text(data):
            bad.append("body")
    if bad:
        raise ValidationFailed(
            "Text may not contain NUL characters or lone surrogates (\\ud800–\\udfff).",
            errors=[
                FieldError(field, "NUL character or lone surrogate", "invalid_text") for field in bad[:20]
            ],
        )
