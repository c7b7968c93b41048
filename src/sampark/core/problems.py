"""Exception handlers: every failure leaves as application/problem+json, never a trace."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sampark.core import audit
from sampark.core.errors import (
    AppError,
    FieldError,
    PayloadTooLarge,
    PermissionDenied,
    PreconditionFailed,
    ValidationFailed,
)
from sampark.core.idempotency import IdempotencyRace, find, key_reused, replay_response
from sampark.core.limits import BodyTooLarge

log = logging.getLogger("sampark.errors")
PROBLEM = "application/problem+json"
BODY_PARSE_ERROR = "There was an error parsing the body"  # FastAPI's words for an undecodable body


class FieldProblem(BaseModel):
    field: str = Field(description="Dotted path of the offending input, e.g. `emails.0.email` or `If-Match`.")
    code: str = Field(description="Stable machine-readable reason, e.g. `invalid`, `required`, `taken`.")
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, as every error of the API is sent (`application/problem+json`).
    Some problems add members: 412 has `current` (the record as stored now), 429 `retry_after`,
    a 403 `object` and `action`."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["https://sampark.dev/problems/validation_failed"])
    title: str = Field(examples=["Validation failed"])
    status: int = Field(examples=[422])
    code: str = Field(description="Stable error code to branch on.", examples=["validation_failed"])
    detail: str | None = Field(default=None, examples=["Check the highlighted fields."])
    errors: list[FieldProblem] | None = Field(default=None, description="Per-field complaints.")
    request_id: str | None = Field(default=None, description="Quote it when reporting a problem.")


# What each status means wherever the API answers it.
PROBLEM_STATUSES: dict[str, str] = {
    "401": "Not signed in, or the session or token has ended.",
    "403": "The role or the token's scopes do not allow this.",
    "404": "No such record, or not one the caller may see.",
    "409": "Conflicts with the current state (e.g. a unique value is taken).",
    "412": "`If-Match` is stale: `current` holds the record as stored now.",
    "413": "The body is larger than allowed.",
    "422": "The input is not valid; `errors` names each field.",
    "428": "`If-Match` is required for this change.",
    "429": "Too many attempts; see `Retry-After`.",
}


def _statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    if path.startswith("/v1/"):  # the tracking API: a write key, a body, nothing else
        return ["401", "413", "422"]
    out = ["401", "403", "404", "422", "429"] if path != "/api/v1/auth/login" else ["401", "422", "429"]
    headers = {p.get("name", "").lower() for p in operation.get("parameters", []) if p.get("in") == "header"}
    if method in {"post", "put", "patch"}:
        out.append("409")
    if "if-match" in headers:
        out += ["412", "428"]
    return out


def describe(schema: dict[str, Any]) -> None:
    """Add the Problem schema and each API operation's problem responses to an OpenAPI document."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem.pop("$defs", {}))
    components["Problem"] = problem
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, item in schema.get("paths", {}).items():
        if not path.startswith(("/api/v1/", "/v1/")):
            continue
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status in _statuses(path, method, operation):
                responses[status] = {
                    "description": PROBLEM_STATUSES[status],
                    "content": {PROBLEM: {"schema": ref}},
                }


class ProblemResponse(JSONResponse):
    media_type = PROBLEM

    def render(self, content: Any) -> bytes:
        # ASCII with \u escapes: a problem echoing odd input (a lone surrogate in a field
        # name, say) still encodes, so rendering an error never becomes a 500 itself.
        return json.dumps(content, ensure_ascii=True, separators=(",", ":"), default=str).encode("ascii")


def problem_response(error: AppError, request: Request) -> JSONResponse:
    request_id = getattr(request.state, "request_id", None)
    return ProblemResponse(
        error.to_problem(request_id),
        status_code=error.status,
        headers=error.headers,
    )


def _loc(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:] if parts[0] == "body" else parts
    return ".".join(parts) or "body"


def _audit_refusal(request: Request, error: PermissionDenied) -> None:
    principal = getattr(request.state, "principal", None)
    db = request.app.state.db
    try:
        with db.session() as session:
            audit.record(
                session,
                principal,
                "permission_denied",
                error.extra.get("object"),
                None,
                {
                    "method": request.method,
                    "path": request.url.path,
                    "action": error.extra.get("action"),
                },
            )
    except Exception:  # an audit failure must not turn a 403 into a 500
        log.exception("could not audit a permission refusal")


def _body_too_large(exc: BaseException | None) -> BodyTooLarge | None:
    """The 413 raised by the body-size cap, which FastAPI reports as a parse error caused by
    it (sometimes inside an ExceptionGroup from the middleware's task group)."""
    if isinstance(exc, BodyTooLarge):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = _body_too_large(inner)
            if found is not None:
                return found
    return None


def install(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        if isinstance(exc, PermissionDenied):
            from starlette.concurrency import run_in_threadpool

            await run_in_threadpool(_audit_refusal, request, exc)
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [FieldError(_loc(e["loc"]), e["msg"], e["type"]) for e in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        return problem_response(
            ValidationFailed(detail or "The request is not valid.", errors=errors), request
        )

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        return problem_response(
            PreconditionFailed("Someone else changed this record at the same time."), request
        )

    @app.exception_handler(IdempotencyRace)
    async def _race(request: Request, exc: IdempotencyRace) -> JSONResponse:
        def load() -> JSONResponse | None:
            with request.app.state.db.session(write=False) as session:
                record = find(session, exc.owner, exc.key)
                if record is not None and record.fingerprint != exc.fingerprint:
                    # The winner sent another body: this request was not the one that ran.
                    return problem_response(key_reused(), request)
                return replay_response(record) if record and record.status_code else None

        from starlette.concurrency import run_in_threadpool

        response = await run_in_threadpool(load)
        if response is None:
            return problem_response(
                AppError("A request with this Idempotency-Key is in progress.", code="conflict"),
                request,
            )
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        too_large = _body_too_large(exc.__cause__)
        if too_large is not None:  # the body-size cap tripped while FastAPI was reading the body
            return problem_response(PayloadTooLarge.over(too_large.max_bytes), request)
        if exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR:
            # FastAPI could not decode the JSON body (not UTF-8, nested too deeply): as
            # invalid as malformed JSON, which it answers with 422.
            return problem_response(
                ValidationFailed(
                    "The body is not valid JSON in UTF-8.",
                    errors=[FieldError("body", "not valid JSON in UTF-8", "json_invalid")],
                ),
                request,
            )
        codes = {
            404: "not_found",
            405: "method_not_allowed",
            401: "not_authenticated",
        }
        error = AppError(str(exc.detail), code=codes.get(exc.status_code, "http_error"))
        error.status = exc.status_code
        error.title = str(exc.detail)
        return problem_response(error, request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        error = AppError("Something went wrong on our side. It has been logged.", code="internal_error")
        error.status, error.title = 500, "Internal error"
        return problem_response(error, request)
