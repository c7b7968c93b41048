"""Shared pieces of the social domain's tests: a deterministic understanding (so routing tests
do not depend on the enrichment's accuracy), connectors, signed Meta/X deliveries and a local
platform API server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from sampark.social.understanding import Understanding
from sampark.social.understanding import understand as real_understand
from tests.conftest import Api

APP_SECRET = "meta-app-secret-123"
VERIFY_TOKEN = "my-verify-token"
ACCESS_TOKEN = "EAAB-page-token"


def fake_understand_many(
    texts: Any, *, term_overrides: Mapping[str, float] | None = None, embeddings: bool = False
) -> list[Understanding]:
    """Keyword intents on top of the real floor (which keeps languages and term overrides)."""
    out = []
    for text in texts:
        base = real_understand(text, term_overrides=term_overrides)
        low = text.lower()
        intent, sentiment, score = base.intent, base.sentiment, base.sentiment_score
        if "broken" in low or "refund" in low or "worst" in low:
            intent, sentiment, score = "complaint", "negative", -0.8
        elif "buy" in low or "price" in low:
            intent = "purchase_intent"
        elif "free money" in low:
            intent = "spam"
        elif "love" in low:
            intent, sentiment, score = "praise", "positive", 0.8
        out.append(
            Understanding(
                language=base.language,
                sentiment=sentiment,
                sentiment_score=score,
                intent=intent,  # type: ignore[arg-type]
                intent_confidence=0.9,
                hashtags=base.hashtags,
                mentions=base.mentions,
                evidence=base.evidence,
            )
        )
    return out


def use_fake_understanding(monkeypatch: pytest.MonkeyPatch) -> None:
    from sampark.social import processing

    monkeypatch.setattr(processing, "understand_many", fake_understand_many)


def meta_sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def x_sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def connector(
    api: Api, platform: str, account_id: str, base_url: str | None = None, name: str | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name or f"{platform} {account_id}", "platform": platform, "account_id": account_id,
        "app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN, "access_token": ACCESS_TOKEN,
    }  # fmt: skip
    if base_url:
        body["api_base_url"] = base_url
    r = api.post("/api/v1/social-connectors", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def page_comment(
    page_id: str, comment_id: str, text: str, *, sender: str = "1001", name: str = "Rahim Uddin"
) -> dict[str, Any]:
    return {
        "object": "page",
        "entry": [{
            "id": page_id, "time": 1767000000,
            "changes": [{"field": "feed", "value": {
                "item": "comment", "verb": "add", "comment_id": comment_id, "post_id": f"{page_id}_55",
                "parent_id": f"{page_id}_55", "message": text, "from": {"id": sender, "name": name},
                "created_time": 1767000000,
            }}],
        }],
    }  # fmt: skip


def deliver(
    api: Api,
    connector_id: str,
    payload: dict[str, Any],
    *,
    platform: str = "meta",
    signature: str | None = "auto",
) -> Any:
    body = json.dumps(payload).encode()
    headers = {"content-type": "application/json"}
    if signature == "auto":
        signature = x_sign(body) if platform == "x" else meta_sign(body)
    if signature is not None:
        headers["x-twitter-webhooks-signature" if platform == "x" else "X-Hub-Signature-256"] = signature
    # A platform sends no user credentials: use the bare client.
    return api.client.post(f"/api/v1/social-hooks/{connector_id}", content=body, headers=headers)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class PlatformServer:
    url: str = ""
    requests: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)


def serve_platform() -> Iterator[PlatformServer]:
    """A local stand-in for the Graph / WhatsApp / X API: records each POST, answers with the
    next status in `answers` (then 200) and a platform-like id."""
    state = PlatformServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length", 0)))
            state.requests.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, json.loads(raw or b"{}"))
            )
            status = state.answers.pop(0) if state.answers else 200
            reply = json.dumps(
                {"id": "reply-9001"} if status < 300 else {"error": {"message": "boom"}}
            ).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v21.0"
    yield state
    server.shutdown()
    server.server_close()
