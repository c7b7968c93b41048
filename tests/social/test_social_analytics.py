"""Social analytics: the language-form and intent mix the web app's charts draw, over the posts
the caller may see."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sampark.core.clock import utcnow
from tests.conftest import Api
from tests.social.helpers import use_fake_understanding

S = "/api/v1/social"


@pytest.fixture
def fake_understanding(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_understanding(monkeypatch)


def test_language_and_intent_mix(admin: Api, fake_understanding: None) -> None:
    at = (utcnow() - timedelta(hours=1)).isoformat()
    texts = [
        "The parcel arrived broken, I want a refund",
        "Love the new kurta, thank you",
        "পার্সেল ভাঙা এসেছে, টাকা ফেরত চাই",
        "mujhe yeh phone buy karna hai, price kya hai?",
    ]
    items = [
        {"platform": "other", "external_id": f"mix-{i}", "text": t, "posted_at": at}
        for i, t in enumerate(texts)
    ]
    assert admin.post(f"{S}/posts", json={"items": items}).status_code == 201
    stats = admin.get(f"{S}/analytics", params={"since": (utcnow() - timedelta(days=1)).isoformat()}).json()
    languages = {row["term"]: row["count"] for row in stats["languages"]}
    intents = {row["term"]: row["count"] for row in stats["intents"]}
    assert sum(languages.values()) == sum(intents.values()) == 4
    assert languages["en"] == 2 and languages["bn"] == 1 and languages["hi-Latn"] == 1
    # The fake understanding makes "broken"/"refund" complaints and "buy"/"price" purchase intent.
    assert intents["complaint"] >= 1 and intents["purchase_intent"] == 1 and intents["praise"] == 1
    # Largest first, as the charts list them.
    assert [row["count"] for row in stats["languages"]] == sorted(languages.values(), reverse=True)


def test_intent_correction_is_kept_recorded_and_reprioritises(admin: Api, fake_understanding: None) -> None:
    created = admin.post(
        f"{S}/posts", json={"platform": "other", "external_id": "ic-1", "text": "Is the shop open today?"}
    )
    post_id = created.json()["items"][0]["id"]
    before = admin.get(f"{S}/posts/{post_id}")
    assert before.json()["intent"] != "complaint"
    r = admin.patch(
        f"{S}/posts/{post_id}", json={"intent": "complaint"}, headers={"If-Match": before.headers["ETag"]}
    )
    assert r.status_code == 200, r.text
    after = r.json()
    assert after["intent"] == "complaint" and after["intent_confidence"] == 1.0
    assert "intent complaint +30" in after["priority_reasons"]
    assert after["priority_score"] > before.json()["priority_score"]
    decisions = admin.get(f"{S}/posts/{post_id}/decisions").json()
    corrected = [d for d in decisions if d["action"] == "intent"]
    assert corrected and corrected[0]["target"] == "complaint" and "corrected" in corrected[0]["reason"]
    # A stale version is refused and changes nothing.
    stale = admin.patch(
        f"{S}/posts/{post_id}", json={"intent": "praise"}, headers={"If-Match": before.headers["ETag"]}
    )
    assert stale.status_code == 412
    assert admin.get(f"{S}/posts/{post_id}").json()["intent"] == "complaint"
