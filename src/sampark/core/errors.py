"""One error family, rendered as RFC 9457 problem+json by one handler.

Each error carries a stable machine `code`; clients switch on it, people read `detail`.
"""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://sampark.dev/problems/"


class FieldError(dict[str, Any]):
    """One per-field complaint: `{"field": "emails.0.email", "code": "...", "message": "..."}`."""

    def __init__(self, field: str, message: str, code: str = "invalid") -> None:
        super().__init__(field=field, code=code, message=message)


class AppError(Exception):
    status: int = 400
    code: str = "bad_request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        errors: list[FieldError] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.detail = detail or self.title
        if code:
            self.code = code
        self.errors = errors or []
        self.extra = extra or {}
        self.headers = headers or {}
        super().__init__(self.detail)

    def to_problem(self, request_id: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.code,
            "title": self.title,
            "status": self.status,
            "code": self.code,
            "detail": self.detail,
        }
        if self.errors:
            body["errors"] = list(self.errors)
        if request_id:
            body["request_id"] = request_id
        body.update(self.extra)
        return body


class ValidationFailed(AppError):
    status = 422
    code = "validation_failed"
    title = "The request is not valid"


class NotAuthenticated(AppError):
    status = 401
    code = "not_authenticated"
    title = "Sign in required"


class PermissionDenied(AppError):
    status = 403
    code = "permission_denied"
    title = "Not allowed"


class NotFound(AppError):
    status = 404
    code = "not_found"
    title = "Not found"


class Conflict(AppError):
    status = 409
    code = "conflict"
    title = "Conflict"


class Gone(AppError):
    status = 410
    code = "gone"
    title = "Gone"


class PreconditionFailed(AppError):
    status = 412
    code = "version_mismatch"
    title = "The record has changed since you read it"


class PreconditionRequired(AppError):
    status = 428
    code = "if_match_required"
    title = "If-Match header required"


class RateLimited(AppError):
    status = 429
    code = "rate_limited"
    title = "Too many attempts"


class CsrfFailed(AppError):
    status = 403
    code = "csrf_failed"
    title = "CSRF token missing or wrong"


class PayloadTooLarge(AppError):
    status = 413
    code = "body_too_large"
    title = "Payload too large"

    @classmethod
    def over(cls, max_bytes: int) -> PayloadTooLarge:
        return cls(
            f"The request body is too large. The limit is {max_bytes} bytes.", extra={"max_bytes": max_bytes}
        )
