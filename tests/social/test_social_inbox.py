"""The social inbox API: batch ingestion and its errors, replies to a real local platform
server, team access, sentiment corrections that teach term overrides, author linking and the
timeline, and the negative-share alert with its cooldown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sampark.core.clock import utcnow
from sampark.db import Database
from sampark.jobs.queue import drain
from tests.conftest import Api, api_as, make_user
from tests.social.helpers import (
    ACCESS_TOKEN,
    PlatformServer,
    connector,
    deliver,
    page_comment,
    serve_platform,
    use_fake_understanding,
)

S = "/api/v1/social"


@pytest.fixture
def fake_understanding(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_understanding(monkeypatch)


@pytest.fixture
def platform_server() -> Iterator[PlatformServer]:
    yield from serve_platform()


def post(external_id: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"platform": "other", "external_id": external_id, "text": text, **extra}


def test_batch_ingestion_names_the_bad_items_and_stores_nothing(admin: Api, fake_understanding: None) -> None:
    r = admin.post(f"{S}/posts", json={"items": [post("a", "fine"), {"platform": "other", "text": "no id"},
                                                  post("c", "x", kind="shout")]})  # fmt: skip
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"]}
    assert "items[1].external_id" in fields and "items[2].kind" in fields
    assert admin.get(f"{S}/posts").json()["items"] == []

    batch = {
        "items": [post("a", "My parcel is broken"), post("b", "love it"), post("a", "My parcel is broken")]
    }
    first = admin.post(f"{S}/posts", json=batch, headers={"Idempotency-Key": "batch-1"})
    assert first.status_code == 201, first.text
    assert first.json()["created"] == 2 and first.json()["duplicates"] == 1
    again = admin.post(f"{S}/posts", json=batch, headers={"Idempotency-Key": "batch-1"})
    assert again.json() == first.json()
    fresh = admin.post(f"{S}/posts", json=batch).json()
    assert fresh["created"] == 0 and fresh["duplicates"] == 3
    single = admin.post(
        f"{S}/posts", json=post("z", "Is it in stock?", author={"handle": "@someone", "followers": 10})
    )
    assert single.status_code == 201 and single.json()["created"] == 1
    assert {p["external_id"] for p in admin.get(f"{S}/posts").json()["items"]} == {"a", "b", "z"}
    # Filters.
    only = admin.get(f"{S}/posts", params={"intent": "complaint"}).json()["items"]
    assert [p["external_id"] for p in only] == ["a"]
    assert [p["external_id"] for p in admin.get(f"{S}/posts", params={"q": "someone"}).json()["items"]] == [
        "z"
    ]
    page = admin.get(f"{S}/posts", params={"limit": 2}).json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = admin.get(f"{S}/posts", params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert len(rest["items"]) == 1


def test_a_reply_reaches_the_platform_server(
    db: Database, admin: Api, platform_server: PlatformServer, fake_understanding: None
) -> None:
    page = connector(admin, "facebook", "PAGE1", base_url=platform_server.url)
    deliver(admin, page["id"], page_comment("PAGE1", "PAGE1_55_9", "Is the blue one back?"))
    drain(db)
    item = admin.get(f"{S}/posts").json()["items"][0]
    r = admin.post(f"{S}/posts/{item['id']}/reply", json={"text": "Yes, since Monday!"})
    assert r.status_code == 202, r.text
    drain(db)
    assert len(platform_server.requests) == 1
    got = platform_server.requests[0]
    assert got.path == "/v21.0/PAGE1_55_9/comments"
    assert got.headers["authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert got.body == {"message": "Yes, since Monday!"}
    replies = admin.get(f"{S}/posts/{item['id']}/replies").json()
    assert replies[0]["status"] == "sent" and replies[0]["external_id"] == "reply-9001"
    thread = admin.get(f"{S}/posts/{item['id']}/thread").json()
    assert [e["type"] for e in thread["entries"]] == ["post", "reply"]
    assert admin.get(f"{S}/posts/{item['id']}").json()["first_response_at"] is not None

    # A failure is shown on the reply and retried by the job.
    platform_server.answers = [500]
    admin.post(f"{S}/posts/{item['id']}/reply", json={"text": "Second"})
    drain(db)
    failed = admin.get(f"{S}/posts/{item['id']}/replies").json()[1]
    assert failed["status"] == "pending" and "500" in failed["last_error"]


def test_whatsapp_reply_shape(db: Database, admin: Api, platform_server: PlatformServer) -> None:
    wa = connector(admin, "whatsapp", "PHONE-ID-1", base_url=platform_server.url)
    payload = {"object": "whatsapp_business_account", "entry": [{"id": "W", "changes": [{"field": "messages", "value": {
        "metadata": {"phone_number_id": "PHONE-ID-1"}, "contacts": [{"profile": {"name": "K"}, "wa_id": "8801711223344"}],
        "messages": [{"from": "8801711223344", "id": "wamid.1", "timestamp": "1767000000", "type": "text",
                      "text": {"body": "hello"}}]}}]}]}  # fmt: skip
    deliver(admin, wa["id"], payload)
    drain(db)
    item = admin.get(f"{S}/posts").json()["items"][0]
    admin.post(f"{S}/posts/{item['id']}/reply", json={"text": "Hi!"})
    drain(db)
    got = platform_server.requests[0]
    assert got.path == "/v21.0/PHONE-ID-1/messages"
    assert got.body["to"] == "8801711223344" and got.body["text"] == {"body": "Hi!"}


def test_team_access(db: Database, client: TestClient, admin: Api, fake_understanding: None) -> None:
    created = admin.post(
        f"{S}/posts",
        json={"items": [post("c1", "Worst service, item broken"), post("p1", "What price for 2?")]},
    ).json()
    complaint_id, sales_id = (i["id"] for i in created["items"])
    seller = api_as(db, client, "seller@example.com", "sales", teams=["Sales"])
    agent = api_as(db, client, "agent@example.com", "service", teams=["Customer service"])
    seen = [p["id"] for p in seller.get(f"{S}/posts").json()["items"]]
    assert seen == [sales_id]
    assert seller.get(f"{S}/posts/{complaint_id}").status_code == 404
    assert seller.post(f"{S}/posts/{complaint_id}/done").status_code == 404
    assert (
        seller.patch(
            f"{S}/posts/{complaint_id}", json={"status": "done"}, headers={"If-Match": "1"}
        ).status_code
        == 404
    )
    assert [p["id"] for p in agent.get(f"{S}/posts").json()["items"]] == [complaint_id]
    done = agent.post(f"{S}/posts/{complaint_id}/done")
    assert done.status_code == 200 and done.json()["status"] == "done"
    # Settings are for administrators and managers.
    assert agent.post("/api/v1/social-keywords", json={"term": "acme", "kind": "brand"}).status_code == 403


def test_corrections_become_term_overrides_for_later_posts(admin: Api) -> None:
    ids = [i["id"] for i in admin.post(f"{S}/posts", json={"items": [
        post("k1", "ei jinish ta ekdom jhakkas"), post("k2", "jhakkas delivery")]}).json()["items"]]  # fmt: skip
    for post_id in ids:
        current = admin.get(f"{S}/posts/{post_id}")
        r = admin.patch(
            f"{S}/posts/{post_id}",
            json={"sentiment": "positive"},
            headers={"If-Match": current.headers["ETag"]},
        )
        assert r.status_code == 200, r.text
        assert r.json()["sentiment"] == "positive" and r.json()["sentiment_corrected"] is True
    learned = {t["term"]: t for t in admin.get("/api/v1/social-terms", params={"source": "learned"}).json()}
    assert learned["jhakkas"]["active"] is True and learned["jhakkas"]["weight"] > 0
    assert learned["delivery"]["active"] is False  # one vote is not enough
    later = admin.post(f"{S}/posts", json=post("k3", "simply jhakkas")).json()["items"][0]["id"]
    assert admin.get(f"{S}/posts/{later}").json()["sentiment"] == "positive"
    # A per-brand override applies to posts that mention the brand.
    admin.post("/api/v1/social-keywords", json={"term": "acme", "kind": "brand"})
    admin.post("/api/v1/social-terms", json={"term": "sick", "weight": 0.9, "brand": "acme"})
    brand = admin.post(
        f"{S}/posts", json={"items": [post("b1", "acme shoes are sick"), post("b2", "I feel sick")]}
    ).json()
    first, second = (admin.get(f"{S}/posts/{i['id']}").json() for i in brand["items"])
    assert first["sentiment"] == "positive" and first["keywords"] == [{"term": "acme", "kind": "brand"}]
    assert second["sentiment"] != "positive"


def test_author_linking_and_the_timeline(admin: Api) -> None:
    person = admin.post(
        "/api/v1/people", json={"given_name": "Rina", "emails": [{"email": "rina@example.com"}]}
    ).json()
    first = admin.post(
        f"{S}/posts", json=post("t1", "Please call me, rina@example.com", author={"handle": "rina_b"})
    ).json()
    linked = admin.get(f"{S}/posts/{first['items'][0]['id']}").json()
    assert linked["person_id"] == person["id"]
    # The handle was learned: the next post by the same author links by handle alone.
    second = admin.post(f"{S}/posts", json=post("t2", "any news?", author={"handle": "@Rina_B"})).json()
    assert admin.get(f"{S}/posts/{second['items'][0]['id']}").json()["person_id"] == person["id"]
    timeline = admin.get(f"/api/v1/people/{person['id']}/timeline", params={"kinds": "social"}).json()
    assert [i["kind"] for i in timeline["items"]] == ["social", "social"]


def test_alert_fires_once_then_cools_down(db: Database, admin: Api, fake_understanding: None) -> None:
    now = utcnow()
    items = []
    for window in range(1, 7):  # six calm hours: one complaint in ten
        for i in range(10):
            at = now - timedelta(hours=window, minutes=30) + timedelta(minutes=i)
            text = "parcel broken" if i == 0 else "thanks, nice"
            items.append(post(f"w{window}-{i}", text, posted_at=at.isoformat()))
    for i in range(10):  # the last hour: seven complaints in ten
        at = now - timedelta(minutes=50 - i)
        items.append(post(f"now-{i}", "worst, broken again" if i < 7 else "ok", posted_at=at.isoformat()))
    assert admin.post(f"{S}/posts", json={"items": items}).status_code == 201
    settings = admin.get("/api/v1/social-alerts/settings")
    r = admin.patch("/api/v1/social-alerts/settings", headers={"If-Match": settings.headers["ETag"]},
                    json={"window_minutes": 60, "baseline_windows": 6, "k": 2, "min_mentions": 5, "cooldown_minutes": 120})  # fmt: skip
    assert r.status_code == 200, r.text
    fired = admin.post("/api/v1/social-alerts/check").json()
    assert fired["fired"] is True, fired
    assert fired["alert"]["negatives"] == 7 and fired["alert"]["mentions"] == 10
    again = admin.post("/api/v1/social-alerts/check").json()
    assert again["fired"] is False and "cooling down" in again["reason"]
    assert len(admin.get(f"{S}/alerts").json()) == 1
    notes = admin.get("/api/v1/notifications").json()["items"]
    assert [n["kind"] for n in notes] == ["social.alert"]
    # Analytics see the same posts.
    stats = admin.get(f"{S}/analytics", params={"since": (now - timedelta(days=1)).isoformat()}).json()
    assert stats["engagement"]["posts"] == 70
    assert sum(d["negative"] for d in stats["sentiment"]) == 13


def test_assign_and_convert(db: Database, client: TestClient, admin: Api) -> None:
    agent = make_user(db, "cs@example.com", "service", ["Customer service"])
    created = admin.post(
        f"{S}/posts", json=post("v1", "Do you ship to Sylhet?", author={"handle": "tan"})
    ).json()
    post_id = created["items"][0]["id"]
    r = admin.post(f"{S}/posts/{post_id}/assign", json={"assignee_id": str(agent.id)})
    assert r.status_code == 200 and r.json()["assignee_id"] == str(agent.id) and r.json()["status"] == "open"
    ticket = admin.post(f"{S}/posts/{post_id}/convert", json={"to": "ticket", "queue": "Billing"})
    assert ticket.status_code == 200, ticket.text
    queues = {q["id"]: q["name"] for q in admin.get("/api/v1/ticket-queues").json()}
    assert queues[admin.get(f"/api/v1/tickets/{ticket.json()['ticket_id']}").json()["queue_id"]] == "Billing"
    assert admin.post(f"{S}/posts/{post_id}/convert", json={"to": "ticket"}).status_code == 422
    stages = [{"name": "Lead", "probability": 10}, {"name": "Won", "probability": 100}]
    admin.post("/api/v1/pipelines", json={"name": "Sales", "stages": stages})
    deal = admin.post(f"{S}/posts/{post_id}/convert", json={"to": "deal", "title": "Sylhet wholesale"})
    assert deal.status_code == 200, deal.text
    made = admin.get(f"/api/v1/deals/{deal.json()['deal_id']}").json()
    assert made["name"] == "Sylhet wholesale" and made["person_id"] == deal.json()["person_id"]
    bad = admin.post(f"{S}/posts/{post_id}/convert", json={"to": "ticket", "queue": "Nope"})
    assert bad.status_code == 422
    actions = [d["action"] for d in admin.get(f"{S}/posts/{post_id}/decisions").json()]
    assert {"assign", "ticket", "deal"} <= set(actions)


def test_rules_are_seeded_and_editable(admin: Api, fake_understanding: None) -> None:
    rules = admin.get("/api/v1/social-rules").json()
    assert [r["name"].split()[0] for r in rules] == ["Spam", "Complaints", "Purchase", "Questions", "Praise"]
    assert (
        admin.get("/api/v1/social-rules").json()[0]["id"] == rules[0]["id"]
    )  # stored, not made up each time
    vip = admin.post("/api/v1/social-rules", json={
        "name": "Big accounts to marketing first", "position": 0, "stop": False,
        "conditions": {"min_followers": 50000}, "actions": [{"type": "copy", "team": "Marketing"}],
    })  # fmt: skip
    assert vip.status_code == 201, vip.text
    bad = admin.post("/api/v1/social-rules", json={"name": "x", "actions": [{"type": "route"}]})
    assert bad.status_code == 422
    created = admin.post(
        f"{S}/posts", json=post("f1", "my parcel is broken", author={"followers": 90000})
    ).json()
    item = admin.get(f"{S}/posts/{created['items'][0]['id']}").json()
    assert {t["name"] for t in item["teams"]} == {"Marketing", "Customer service", "Product research"}
    reasons = [d["reason"] for d in admin.get(f"{S}/posts/{item['id']}/decisions").json()]
    assert "90000 followers ≥ 50000" in reasons[0]
    r = admin.patch(
        f"/api/v1/social-rules/{vip.json()['id']}", json={"enabled": False}, headers={"If-Match": "1"}
    )
    assert r.status_code == 200 and r.json()["enabled"] is False
