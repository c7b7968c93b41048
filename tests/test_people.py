from __future__ import annotations

from tests.conftest import Api


def test_create_and_get_person_normalises_contact_points(admin: Api) -> None:
    r = admin.post(
        "/api/v1/people",
        json={
            "given_name": "রহিম",
            "family_name": "উদ্দিন",
            "emails": [{"email": "Rahim@Example.COM"}],
            "phones": [{"number": "০১৭৭৭-৬৩১৭০৬"}],
            "city": "Sylhet",
        },
    )
    assert r.status_code == 201, r.text
    person = r.json()
    assert person["display_name"] == "রহিম উদ্দিন"
    assert person["primary_email"] == "rahim@example.com"
    assert person["primary_phone"] == "+8801777631706"
    assert r.headers["etag"] == '"1"'
    got = admin.get(f"/api/v1/people/{person['id']}").json()
    assert got["phones"][0]["number"] == "+8801777631706"


def test_bad_email_is_refused_and_nothing_written(admin: Api) -> None:
    r = admin.post("/api/v1/people", json={"given_name": "X", "emails": [{"email": "not-an-email"}]})
    assert r.status_code == 422
    body = r.json()
    assert r.headers["content-type"].startswith("application/problem+json")
    assert body["code"] == "validation_failed"
    assert body["errors"][0]["field"].startswith("emails.0.email")
    assert admin.get("/api/v1/people").json()["items"] == []


def test_search_finds_bengali_name_and_phone_fragment(admin: Api) -> None:
    admin.post(
        "/api/v1/people",
        json={"given_name": "সুমাইয়া", "family_name": "আক্তার", "phones": [{"number": "01711234567"}]},
    )
    admin.post(
        "/api/v1/people",
        json={
            "given_name": "सुनीता",
            "family_name": "शर्मा",
            "phones": [{"number": "+919812345678"}],
        },
    )
    admin.post(
        "/api/v1/people",
        json={
            "given_name": "Arif",
            "family_name": "Hossain",
            "emails": [{"email": "arif@tea.com.bd"}],
        },
    )

    def names(q: str) -> list[str]:
        return [p["display_name"] for p in admin.get("/api/v1/people", params={"q": q}).json()["items"]]

    assert names("আক্তা") == ["সুমাইয়া আক্তার"]
    assert names("शर्मा") == ["सुनीता शर्मा"]
    assert names("ARIF") == ["Arif Hossain"]
    assert names("tea.com") == ["Arif Hossain"]
    assert names("1123456") == ["সুমাইয়া আক্তার"]
    assert names("৯৮১২৩") == ["सुनीता शर्मा"]
    assert names("ar") == ["Arif Hossain"]


def test_patch_needs_current_version(admin: Api) -> None:
    person = admin.post("/api/v1/people", json={"given_name": "Meera"}).json()
    url = f"/api/v1/people/{person['id']}"
    assert admin.patch(url, json={"city": "Pune"}).status_code == 428
    ok = admin.patch(url, json={"city": "Pune"}, headers={"If-Match": '"1"'})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = admin.patch(url, json={"city": "Mumbai"}, headers={"If-Match": "1"})
    assert stale.status_code == 412
    assert stale.json()["current"]["city"] == "Pune"


def test_bulk_answers_each_item_on_its_own(admin: Api) -> None:
    items = [
        {"given_name": "Asha", "phones": [{"number": "01711-000111"}]},
        {"given_name": "Bad", "emails": [{"email": "nope"}]},
        {"given_name": "Chand", "unknown_field": 1},
        {"given_name": "Dipu"},
    ]
    r = admin.post("/api/v1/people/bulk", json={"items": items})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["succeeded"], body["failed"]) == (2, 2)
    assert [i["status"] for i in body["items"]] == [200, 422, 422, 200]
    assert body["items"][1]["errors"][0]["field"] == "emails.0.email"
    assert body["items"][2]["errors"][0]["field"] == "unknown_field"
    listed = admin.get("/api/v1/people", params={"sort": "display_name"}).json()["items"]
    assert [p["display_name"] for p in listed] == ["Asha", "Dipu"]


def test_bulk_refuses_more_than_a_thousand_items(admin: Api) -> None:
    r = admin.post("/api/v1/people/bulk", json={"items": [{"given_name": "x"}] * 1001})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "items"
    assert admin.get("/api/v1/people").json()["items"] == []
