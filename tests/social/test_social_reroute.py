"""Correcting a post's intent routes it again while nobody has taken it in hand (rule in
routing.reroute): the rules' team, assignee and hiding are undone and the rules run with the
corrected intent; a post a person assigned, moved, converted, replied to or closed stays put."""

from __future__ import annotations

from typing import Any

import pytest

from sampark.db import Database
from tests.conftest import Api, make_user
from tests.social.helpers import use_fake_understanding

S = "/api/v1/social"


@pytest.fixture
def fake_understanding(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_understanding(monkeypatch)


def _ingest(admin: Api, external_id: str, text: str) -> dict[str, Any]:
    r = admin.post(f"{S}/posts", json={"platform": "other", "external_id": external_id, "text": text})
    assert r.status_code == 201, r.text
    post: dict[str, Any] = admin.get(f"{S}/posts/{r.json()['items'][0]['id']}").json()
    return post


def _correct(admin: Api, post: dict[str, Any], **changes: Any) -> dict[str, Any]:
    current = admin.get(f"{S}/posts/{post['id']}")
    r = admin.patch(f"{S}/posts/{post['id']}", json=changes, headers={"If-Match": current.headers["ETag"]})
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def _teams(post: dict[str, Any]) -> dict[str, bool]:
    return {t["name"]: t["is_copy"] for t in post["teams"]}


def _actions(admin: Api, post: dict[str, Any]) -> list[str]:
    return [d["action"] for d in admin.get(f"{S}/posts/{post['id']}/decisions").json()]


def test_an_untouched_post_follows_its_corrected_intent(
    db: Database, admin: Api, fake_understanding: None
) -> None:
    agent = make_user(db, "cs@example.com", "service", ["Customer service"])
    seller = make_user(db, "sales@example.com", "sales", ["Sales"])
    post = _ingest(admin, "q1", "What time does your Gulshan store close?")
    assert post["intent"] == "question"
    assert _teams(post) == {"Customer service": False}
    assert post["assignee_id"] == str(agent.id) and post["status"] == "open"

    fixed = _correct(admin, post, intent="purchase_intent")
    assert fixed["intent"] == "purchase_intent"
    assert _teams(fixed) == {"Sales": False}  # the rules' old team link is gone
    assert fixed["assignee_id"] == str(seller.id)  # round robin in the new team
    assert fixed["person_id"] is not None  # the purchase-intent rule made a lead
    actions = _actions(admin, post)
    assert actions.count("route") == 2 and "reroute" in actions and "lead" in actions

    # Corrected again to a complaint: a ticket, customer service plus the research copy.
    again = _correct(admin, fixed, intent="complaint")
    assert again["ticket_id"] is not None
    assert _teams(again) == {"Customer service": False, "Product research": True}


def test_spam_hidden_by_the_rules_comes_back(admin: Api, fake_understanding: None) -> None:
    post = _ingest(admin, "s1", "free money for everyone, click now")
    assert post["intent"] == "spam" and post["status"] == "hidden"
    fixed = _correct(admin, post, intent="question")
    assert fixed["status"] == "new"  # the team has no members: nobody to assign yet
    assert _teams(fixed) == {"Customer service": False}


@pytest.mark.parametrize("handling", ["assign", "done", "same_request"])
def test_a_post_in_a_persons_hands_stays_put(
    db: Database, admin: Api, fake_understanding: None, handling: str
) -> None:
    agent = make_user(db, "cs2@example.com", "service", ["Customer service"])
    post = _ingest(admin, f"h-{handling}", "How do I change the email on my account?")
    assert post["intent"] == "question"
    if handling == "assign":
        r = admin.post(f"{S}/posts/{post['id']}/assign", json={"assignee_id": str(agent.id)})
        assert r.status_code == 200
        fixed = _correct(admin, post, intent="purchase_intent")
    elif handling == "done":
        _correct(admin, post, status="done")
        fixed = _correct(admin, post, intent="purchase_intent")
    else:
        fixed = _correct(admin, post, intent="purchase_intent", status="open")
    assert fixed["intent"] == "purchase_intent"
    assert _teams(fixed) == {"Customer service": False}
    assert fixed["assignee_id"] == str(agent.id)
    assert "reroute" not in _actions(admin, post)
