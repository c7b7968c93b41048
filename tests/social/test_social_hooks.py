"""Platform webhooks end to end: signed Meta deliveries become routed, prioritised inbox items
(a complaint also a ticket in the customer service queue); bad signatures are refused with
nothing stored; replays are stored once; the Meta handshake and X's CRC; WhatsApp and X."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import pytest
from sqlalchemy import func, select

from sampark.db import Database
from sampark.jobs.queue import drain
from sampark.social.models import SocialPost
from tests.conftest import Api
from tests.social.helpers import (
    APP_SECRET,
    VERIFY_TOKEN,
    connector,
    deliver,
    page_comment,
    use_fake_understanding,
)

S = "/api/v1/social"


@pytest.fixture
def fake_understanding(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_understanding(monkeypatch)


def posts_count(db: Database) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(SocialPost)) or 0)


def test_signed_meta_comment_becomes_a_routed_prioritised_ticket(
    db: Database, admin: Api, fake_understanding: None
) -> None:
    page = connector(admin, "facebook", "PAGE1")
    r = deliver(
        admin, page["id"], page_comment("PAGE1", "PAGE1_55_777", "My order arrived broken, I want a refund!")
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"stored": 1}
    drain(db)
    items = admin.get(f"{S}/posts").json()["items"]
    assert len(items) == 1
    post = items[0]
    assert post["platform"] == "facebook" and post["kind"] == "comment"
    assert post["author_name"] == "Rahim Uddin" and post["external_id"] == "PAGE1_55_777"
    assert post["intent"] == "complaint" and post["sentiment"] == "negative"
    assert post["priority_score"] > 0 and post["priority"] in ("normal", "high", "urgent")
    assert any("intent complaint" in reason for reason in post["priority_reasons"])
    teams = {t["name"]: t["is_copy"] for t in post["teams"]}
    assert teams == {"Customer service": False, "Product research": True}
    assert post["ticket_id"] is not None
    ticket = admin.get(f"/api/v1/tickets/{post['ticket_id']}").json()
    queues = {q["id"]: q["name"] for q in admin.get("/api/v1/ticket-queues").json()}
    assert queues[ticket["queue_id"]] == "Customer service"
    assert ticket["channel"] == "social"
    decisions = admin.get(f"{S}/posts/{post['id']}/decisions").json()
    actions = [d["action"] for d in decisions]
    assert actions[:3] == ["route", "ticket", "copy"]
    assert all("intent is complaint" in d["reason"] for d in decisions[:3])
    assert decisions[0]["rule_name"].startswith("Complaints go to customer service")


def test_bad_or_missing_signature_is_refused_and_nothing_is_stored(db: Database, admin: Api) -> None:
    page = connector(admin, "facebook", "PAGE1")
    payload = page_comment("PAGE1", "c-1", "hello")
    bad = deliver(admin, page["id"], payload, signature="sha256=" + "0" * 64)
    assert bad.status_code == 401
    assert bad.headers["content-type"].startswith("application/problem+json")
    missing = deliver(admin, page["id"], payload, signature=None)
    assert missing.status_code == 401
    wrong_key = deliver(
        admin, page["id"], payload, signature="sha256=" + hmac.new(b"other", b"x", hashlib.sha256).hexdigest()
    )
    assert wrong_key.status_code == 401
    assert posts_count(db) == 0


def test_a_replayed_delivery_is_stored_once(db: Database, admin: Api) -> None:
    page = connector(admin, "facebook", "PAGE1")
    payload = page_comment("PAGE1", "c-1", "Is this available in blue?")
    assert deliver(admin, page["id"], payload).json() == {"stored": 1}
    assert deliver(admin, page["id"], payload).json() == {"stored": 0}
    drain(db)
    assert posts_count(db) == 1
    # A second comment on the same Page post joins the same thread.
    assert deliver(admin, page["id"], page_comment("PAGE1", "c-2", "Same question here")).json() == {
        "stored": 1
    }
    drain(db)
    first = admin.get(f"{S}/posts", params={"q": "blue"}).json()["items"][0]
    entries = admin.get(f"{S}/posts/{first['id']}/thread").json()["entries"]
    assert [e["post"]["external_id"] for e in entries] == ["c-1", "c-2"]


def test_meta_verification_handshake(admin: Api) -> None:
    page = connector(admin, "instagram", "IG1")
    url = f"/api/v1/social-hooks/{page['id']}"
    ok = admin.client.get(
        url, params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    )
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = admin.client.get(
        url, params={"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"}
    )
    assert wrong.status_code == 401


def test_x_crc_and_a_signed_mention(db: Database, admin: Api, fake_understanding: None) -> None:
    x = connector(admin, "x", "4242")
    r = admin.client.get(f"/api/v1/social-hooks/{x['id']}", params={"crc_token": "challenge-abc"})
    assert r.status_code == 200
    expected = base64.b64encode(
        hmac.new(APP_SECRET.encode(), b"challenge-abc", hashlib.sha256).digest()
    ).decode()
    assert r.json() == {"response_token": "sha256=" + expected}
    tweet: dict[str, Any] = {
        "for_user_id": "4242",
        "tweet_create_events": [{
            "id_str": "1850000000000000001", "text": "@sampark_shop I love the new kurta #EidCollection",
            "created_at": "Wed Oct 10 20:19:24 +0000 2026", "timestamp_ms": "1791663564000",
            "user": {"id_str": "77", "screen_name": "Nadia_K", "name": "Nadia", "followers_count": 12000},
            "favorite_count": 5, "retweet_count": 2,
        }],
    }  # fmt: skip
    assert deliver(admin, x["id"], tweet, platform="x", signature="sha256=AAAA").status_code == 401
    assert deliver(admin, x["id"], tweet, platform="x").json() == {"stored": 1}
    drain(db)
    post = admin.get(f"{S}/posts").json()["items"][0]
    assert post["author_handle"] == "Nadia_K" and post["author_followers"] == 12000
    assert post["hashtags"] == ["eidcollection"] and post["intent"] == "praise"
    assert post["url"] == "https://x.com/Nadia_K/status/1850000000000000001"
    assert [t["name"] for t in post["teams"]] == ["Marketing"]


def test_whatsapp_message(db: Database, admin: Api, fake_understanding: None) -> None:
    wa = connector(admin, "whatsapp", "PHONE-ID-1")
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA-1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "8801700000000", "phone_number_id": "PHONE-ID-1"},
            "contacts": [{"profile": {"name": "Karim"}, "wa_id": "8801711223344"}],
            "messages": [{"from": "8801711223344", "id": "wamid.HBgM", "timestamp": "1767000000",
                          "type": "text", "text": {"body": "What is the price of the red saree?"}}],
        }}]}],
    }  # fmt: skip
    assert deliver(admin, wa["id"], payload).json() == {"stored": 1}
    drain(db)
    post = admin.get(f"{S}/posts").json()["items"][0]
    assert post["kind"] == "message" and post["author_name"] == "Karim"
    assert post["account_id"] == "PHONE-ID-1" and post["intent"] == "purchase_intent"
    # Purchase intent: the author became a lead, in the sales team's inbox.
    assert post["person_id"] is not None
    assert [t["name"] for t in post["teams"]] == ["Sales"]
    person = admin.get(f"/api/v1/people/{post['person_id']}").json()
    assert person["lifecycle_stage"] == "lead"
    # The thread groups the conversation.
    thread = admin.get(f"{S}/posts/{post['id']}/thread").json()
    assert thread["is_private"] is True and len(thread["entries"]) == 1
