"""Search answers the same rows, in the same order, whichever plan finds them: a term common
among recent rows (walk the recency order), one with a few recent matches and under a page in
all (fetch the matches), and a rare one — on SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sampark.core.search import build_search_text
from sampark.core.text import search_key
from sampark.db import Database
from sampark.people.service import search_text_for
from tests.conftest import Api


def _make(admin: Api, given: str, count: int, start: int = 0) -> list[str]:
    items = [{"given_name": f"{given}", "family_name": f"Test{start + n:03d}"} for n in range(count)]
    r = admin.post("/api/v1/people/bulk", json={"items": items})
    assert r.status_code == 200, r.text
    return [item["id"] for item in r.json()["items"]]


def _all_pages(admin: Api, q: str, limit: int = 20) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"q": q, "limit": limit}
        if cursor:
            params["cursor"] = cursor
        page = admin.get("/api/v1/people", params=params).json()
        found += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return found


def test_every_plan_finds_every_match_newest_first(db: Database, admin: Api) -> None:
    common = _make(admin, "Rahim", 70)  # ≥ 51 among the recent rows: the walk
    _make(admin, "Other", 30)
    few = _make(admin, "Karimul", 20)  # ≥ 15 recent but under a page in all: the matches listed
    rare = _make(admin, "Zubaida", 2)
    for q, expected in (("rahim", common), ("karimul", few), ("zubaida", rare)):
        found = _all_pages(admin, q)
        assert sorted(p["id"] for p in found) == sorted(expected), q
        stamps = [(p["updated_at"], p["id"]) for p in found]
        assert stamps == sorted(stamps, reverse=True), q  # newest first, across pages
    first = admin.get("/api/v1/people", params={"q": "rahim", "limit": 50}).json()
    assert len(first["items"]) == 50
    assert first["next_cursor"] is not None
    # A deleted person leaves every plan's answer.
    gone = common[0]
    assert admin.delete(f"/api/v1/people/{gone}").status_code == 204
    assert gone not in {p["id"] for p in _all_pages(admin, "rahim")}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab .@+0", min_size=1, max_size=12), min_size=1, max_size=10))
def test_search_text_keeps_something_holding_every_word(parts: list[str]) -> None:
    """A word dropped from the search text (another word holds it) is still found: every word
    of the parts is inside a word that stays."""
    kept = build_search_text(*parts).split()
    for word in search_key(" ".join(parts)).split():
        assert any(word in other for other in kept)
    assert len(kept) == len(set(kept))


def test_a_persons_search_text_holds_each_form_once() -> None:
    text = search_text_for("Arif Sen", "Arif", "Sen", ["arif.sen1@example.com"], ["+8801600000001"])
    assert text == "arif.sen1@example.com +8801600000001"  # BD's national 01600000001 is inside
    india = search_text_for("Sunita Sharma", "Sunita", "Sharma", [], ["+919876543210"])
    assert india == "sunita sharma +919876543210 09876543210"
