"""A cap on request bodies, enforced while the body streams in, so a huge or endless upload
is refused (413) before it fills memory, whether or not it declares a Content-Length."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sampark.core.errors import PayloadTooLarge


class BodyTooLarge(HTTPException):
    """Raised inside FastAPI's body reading, which passes HTTPExceptions (wrapped) on to the
    problem+json handler; that answers `PayloadTooLarge.over(max_bytes)`."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, "The request body is too large.")
        self.max_bytes = max_bytes


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, overrides: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.overrides = overrides or {}  # path prefix → cap (file uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        limit = next(
            (cap for prefix, cap in self.overrides.items() if path.startswith(prefix)), self.max_bytes
        )
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(scope, send, limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


async def _refuse(scope: Scope, send: Send, max_bytes: int) -> None:
    body = json.dumps(PayloadTooLarge.over(max_bytes).to_problem()).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
