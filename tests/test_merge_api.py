from __future__ import annotations

from tests.conftest import Api


def _person(admin: Api, email: str) -> dict[str, str]:
    r = admin.post(
        "/api/v1/people", json={"given_name": "Mitali", "family_name": "Sarkar", "emails": [{"email": email}]}
    )
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def test_merge_answers_with_both_names_and_undo_brings_the_other_back(admin: Api) -> None:
    kept = _person(admin, "mitali@example.com")
    other = _person(admin, "mitali@shop.example")
    r = admin.post(
        f"/api/v1/people/{kept['id']}/merge", json={"merged_id": other["id"], "reason": "same phone"}
    )
    assert r.status_code == 201, r.text
    merge = r.json()
    assert merge["survivor_name"] == "Mitali Sarkar"
    assert merge["merged_name"] == "Mitali Sarkar"
    emails = {e["email"] for e in admin.get(f"/api/v1/people/{kept['id']}").json()["emails"]}
    assert emails == {"mitali@example.com", "mitali@shop.example"}
    # The retired person is gone from reads, but its merge history says where it went.
    assert admin.get(f"/api/v1/people/{other['id']}").status_code == 404
    history = admin.get(f"/api/v1/people/{other['id']}/merges").json()
    assert [(m["survivor_id"], m["merged_name"]) for m in history] == [(kept["id"], "Mitali Sarkar")]

    r = admin.post(f"/api/v1/merges/{merge['id']}/undo")
    assert r.status_code == 200, r.text
    assert r.json()["undone_at"] is not None
    assert admin.get(f"/api/v1/people/{other['id']}").status_code == 200
    emails = {e["email"] for e in admin.get(f"/api/v1/people/{kept['id']}").json()["emails"]}
    assert emails == {"mitali@example.com"}
