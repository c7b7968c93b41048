"""FastAPI dependencies shared by every router: the unit of work and the caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from sqlalchemy.orm import Session

from sampark.auth.service import principal_from_request
from sampark.core.context import Ctx
from sampark.core.idempotency import Idempotency
from sampark.core.permissions import Principal
from sampark.core.records import ListParams
from sampark.db import Database

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_session(request: Request, db: Annotated[Database, Depends(get_db)]) -> Iterator[Session]:
    """One transaction per request: reads on the read engine, writes serialised on SQLite."""
    with db.session(write=request.method not in SAFE_METHODS) as session:
        yield session


# scope="function": commit before the response leaves, so a failed commit is never a 2xx.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_principal(request: Request, db: Annotated[Database, Depends(get_db)]) -> Principal:
    principal = principal_from_request(request, db)
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def get_ctx(session: SessionDep, principal: PrincipalDep) -> Ctx:
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


def if_match(
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description="The record's `version` as read (ETag value)."),
    ] = None,
) -> int:
    from sampark.core.errors import FieldError, PreconditionRequired, ValidationFailed

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


def list_params(
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
