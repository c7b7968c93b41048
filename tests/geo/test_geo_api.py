"""Near me, geocoding, check-ins and routes through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient

from sampark.core.location import AddressToGeocode
from sampark.core.permissions import Role
from sampark.db import Database
from sampark.geo.geocoder import Chain, NominatimGeocoder, OfflineGazetteer
from sampark.settings import get_settings
from tests.conftest import Api, api_as

SYLHET = (24.89904, 91.87198)


def person(
    api: Api, name: str, lat: float | None = None, lng: float | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"given_name": name, **extra}
    if lat is not None:
        body.update(latitude=lat, longitude=lng)
    r = api.post("/api/v1/people", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_coordinates_come_in_pairs_and_carry_their_source(admin: Api) -> None:
    r = admin.post("/api/v1/people", json={"given_name": "Half", "latitude": 24.9})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "longitude"
    p = person(admin, "Rahim", *SYLHET)
    assert p["location_source"] == "typed"
    r = admin.patch(
        f"/api/v1/people/{p['id']}",
        json={"latitude": 24.9, "longitude": 91.8, "location_source": "gps", "location_accuracy_m": 12},
        headers={"If-Match": str(p["version"])},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["location_source"], r.json()["location_accuracy_m"]) == ("gps", 12)
    r = admin.patch(
        f"/api/v1/people/{p['id']}", json={"latitude": None}, headers={"If-Match": str(r.json()["version"])}
    )
    assert r.status_code == 422  # clearing one coordinate only
    r = admin.patch(
        f"/api/v1/people/{p['id']}", json={"latitude": 91}, headers={"If-Match": str(p["version"] + 1)}
    )
    assert r.status_code == 422


def test_nearby_lists_nearest_first_within_the_radius(admin: Api) -> None:
    near = person(admin, "Near", 24.900, 91.872)  # ~100 m
    mid = person(admin, "Mid", 24.92, 91.88)  # ~2.4 km
    person(admin, "Moulvibazar", 24.48888, 91.77075)  # ~46 km
    person(admin, "Nowhere")
    r = admin.get("/api/v1/geo/nearby", params={"lat": SYLHET[0], "lng": SYLHET[1], "radius_km": 10})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [i["id"] for i in items] == [near["id"], mid["id"]]
    assert items[0]["distance_m"] < items[1]["distance_m"] < 10_000
    wide = admin.get("/api/v1/geo/nearby", params={"lat": SYLHET[0], "lng": SYLHET[1], "radius_km": 60})
    assert [i["name"] for i in wide.json()["items"]] == ["Near", "Mid", "Moulvibazar"]
    limited = admin.get(
        "/api/v1/geo/nearby", params={"lat": SYLHET[0], "lng": SYLHET[1], "radius_km": 60, "limit": 1}
    )
    assert len(limited.json()["items"]) == 1


def test_nearby_companies(admin: Api) -> None:
    r = admin.post("/api/v1/companies", json={"name": "Tea Estate", "latitude": 24.3, "longitude": 91.7})
    assert r.status_code == 201, r.text
    r = admin.get(
        "/api/v1/geo/nearby", params={"lat": 24.31, "lng": 91.71, "radius_km": 5, "kind": "companies"}
    )
    assert [i["name"] for i in r.json()["items"]] == ["Tea Estate"]


def test_a_rep_sees_only_their_own_customers_nearby(db: Database, client: TestClient, admin: Api) -> None:
    rep = api_as(db, client, "rep@example.com", Role.sales)
    other = api_as(db, client, "other@example.com", Role.sales)
    mine = person(rep, "Mine", 24.9, 91.872)
    person(other, "Theirs", 24.9, 91.873)
    r = rep.get("/api/v1/geo/nearby", params={"lat": SYLHET[0], "lng": SYLHET[1], "radius_km": 5})
    assert [i["id"] for i in r.json()["items"]] == [mine["id"]]
    r = admin.get("/api/v1/geo/nearby", params={"lat": SYLHET[0], "lng": SYLHET[1], "radius_km": 5})
    assert len(r.json()["items"]) == 2
    no_people = api_as(db, client, "tok@example.com", Role.admin, scopes=["activities:read"])
    r = no_people.get("/api/v1/geo/nearby", params={"lat": SYLHET[0], "lng": SYLHET[1]})
    assert r.status_code == 403


def test_check_in_far_from_the_customer_is_flagged_to_the_manager(db: Database, client: TestClient) -> None:
    boss = api_as(db, client, "boss@example.com", Role.manager, teams=["Sylhet"])
    rep = api_as(db, client, "rep@example.com", Role.sales, teams=["Sylhet"])
    customer = person(rep, "Tea buyer", *SYLHET)
    near = rep.post(
        "/api/v1/geo/check-ins",
        json={"person_id": customer["id"], "latitude": 24.8999, "longitude": 91.8721, "accuracy_m": 15},
    )
    assert near.status_code == 201, near.text
    assert near.json()["flagged"] is False and near.json()["distance_m"] < 100
    visit = rep.post("/api/v1/activities", json={"kind": "visit", "person_id": customer["id"]}).json()
    far = rep.post(
        "/api/v1/geo/check-ins",
        json={"activity_id": visit["id"], "latitude": 24.48888, "longitude": 91.77075, "accuracy_m": 20},
    )
    assert far.status_code == 201, far.text
    assert far.json()["flagged"] is True and far.json()["distance_m"] > 40_000
    stored = rep.get(f"/api/v1/activities/{visit['id']}").json()
    assert stored["checkin_flagged"] is True and stored["checkin_accuracy_m"] == 20
    flagged = boss.get("/api/v1/geo/check-ins", params={"flagged": "true"}).json()["items"]
    assert [c["activity_id"] for c in flagged] == [visit["id"]]
    assert len(boss.get("/api/v1/geo/check-ins").json()["items"]) == 2
    notes = boss.get("/api/v1/notifications").json()["items"]
    assert [n["kind"] for n in notes] == ["geo.checkin_flagged"]
    assert rep.get("/api/v1/notifications").json()["items"] == []
    call = rep.post("/api/v1/activities", json={"kind": "call", "person_id": customer["id"]}).json()
    r = rep.post("/api/v1/geo/check-ins", json={"activity_id": call["id"], "latitude": 1, "longitude": 1})
    assert r.status_code == 422  # only visits take a check-in


def test_day_route_orders_the_visits(admin: Api) -> None:
    # Four customers along a line east of Sylhet, booked in a zig-zag order.
    stops = {name: person(admin, name, 24.9, 91.87 + 0.01 * k) for k, name in enumerate("ABCD", start=1)}
    for hour, name in zip((9, 10, 11, 12), "DBCA", strict=True):
        r = admin.post(
            "/api/v1/activities",
            json={
                "kind": "visit",
                "person_id": stops[name]["id"],
                "occurred_at": f"2026-03-02T{hour:02}:00:00+00:00",
            },
        )
        assert r.status_code == 201, r.text
    admin.post("/api/v1/activities", json={"kind": "visit", "person_id": person(admin, "Unplaced")["id"],
                                            "occurred_at": "2026-03-02T13:00:00+00:00"})  # fmt: skip
    r = admin.get("/api/v1/geo/route", params={"date": "2026-03-02", "lat": 24.9, "lng": 91.87})
    assert r.status_code == 200, r.text
    body = r.json()
    names = [s["place_name"] for s in body["stops"]]
    assert names == ["A", "B", "C", "D"]
    assert body["total_m"] < body["naive_m"]
    assert [u["title"] for u in body["unplaced"]] == ["Visit"]
    other_day = admin.get("/api/v1/geo/route", params={"date": "2026-03-03"}).json()
    assert other_day["stops"] == []


def test_geocode_a_record_offline(admin: Api) -> None:
    p = person(admin, "Karim", city="Moulvibazar", country="BD")
    r = admin.post(f"/api/v1/geo/geocode/people/{p['id']}")
    assert r.status_code == 200, r.text
    assert r.json()["level"] == "city" and r.json()["provider"] == "offline"
    got = admin.get(f"/api/v1/people/{p['id']}").json()
    assert (round(got["latitude"], 2), round(got["longitude"], 2)) == (24.49, 91.77)
    assert got["location_source"] == "geocoded" and got["geocoded_at"]
    nowhere = person(admin, "Nobody", city="Atlantis-on-Sea")
    assert admin.post(f"/api/v1/geo/geocode/people/{nowhere['id']}").status_code == 422


def test_batch_geocode_job(db: Database, admin: Api) -> None:
    from sampark.jobs.queue import drain

    a = person(admin, "Pune person", city="Pune", country="IN")
    b = person(admin, "Bengali script", city="সিলেট")
    placed = person(admin, "Already", 1.0, 1.0, city="Pune")
    r = admin.post("/api/v1/geo/geocode-batch")
    assert r.status_code == 202, r.text
    drain(db)
    assert round(admin.get(f"/api/v1/people/{a['id']}").json()["latitude"], 1) == 18.5
    assert round(admin.get(f"/api/v1/people/{b['id']}").json()["latitude"], 1) == 24.9
    assert admin.get(f"/api/v1/people/{placed['id']}").json()["latitude"] == 1.0


def test_offline_gazetteer_knows_bangladesh_and_india() -> None:
    g = OfflineGazetteer()
    for city, country, lat in [
        ("Sylhet", "BD", 24.9), ("Moulvibazar", "BD", 24.49), ("Chattogram", "BD", 22.34), ("Chittagong", None, 22.34),
        ("Pune", "IN", 18.52), ("Bengaluru", "IN", 12.97), ("Bangalore", None, 12.97), ("ঢাকা", None, 23.71),
        ("पुणे", None, 18.52),
    ]:  # fmt: skip
        place = g.geocode(AddressToGeocode(None, None, city, None, None, country))  # type: ignore[arg-type]
        assert place is not None, city
        assert round(place.latitude, 1) == round(lat, 1), city
    line = AddressToGeocode(None, "House 5, Zindabazar, Sylhet", None, None, None, "BD")  # type: ignore[arg-type]
    assert g.geocode(line) is not None
    near = g.reverse(24.49, 91.77)
    assert near is not None and near.label.startswith("Maulavi")


@pytest.fixture
def nominatim() -> Iterator[tuple[str, list[dict[str, list[str]]]]]:
    """A real local HTTP server answering like Nominatim."""
    seen: list[dict[str, list[str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = parse_qs(url.query)
            seen.append({"path": [url.path], "ua": [self.headers.get("User-Agent", "")], **query})
            if url.path == "/search" and "Zindabazar" in query.get("q", [""])[0]:
                body: Any = [
                    {"lat": "24.8965", "lon": "91.8681", "place_rank": 26, "display_name": "Zindabazar Road"}
                ]
            elif url.path == "/search":
                body = []
            else:
                body = {
                    "lat": "24.8965",
                    "lon": "91.8681",
                    "place_rank": 26,
                    "display_name": "Zindabazar Road",
                }
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def test_online_geocoder_against_a_local_server(nominatim: tuple[str, list[dict[str, list[str]]]]) -> None:
    url, seen = nominatim
    online = NominatimGeocoder(url, user_agent="Sampark test")
    street = AddressToGeocode(None, "Zindabazar", "Sylhet", None, None, "BD")  # type: ignore[arg-type]
    place = online.geocode(street)
    assert place is not None and place.level == "street" and place.accuracy_m == 50
    assert seen[0]["countrycodes"] == ["bd"] and seen[0]["ua"] == ["Sampark test"]
    # Not found online: the offline gazetteer answers at city level.
    chain = Chain(online, OfflineGazetteer())
    city_only = AddressToGeocode(None, None, "Sylhet", None, None, "BD")  # type: ignore[arg-type]
    fallback = chain.geocode(city_only)
    assert fallback is not None and fallback.provider == "offline"
    # Down: the same.
    dead = Chain(NominatimGeocoder("http://127.0.0.1:9", timeout=1), OfflineGazetteer())
    assert dead.geocode(city_only) is not None


def test_online_geocoder_through_the_api(
    nominatim: tuple[str, list[dict[str, list[str]]]], admin: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = nominatim
    monkeypatch.setenv("SAMPARK_GEO_GEOCODER_URL", url)
    get_settings.cache_clear()
    try:
        p = person(admin, "Street", address_line="Zindabazar", city="Sylhet", country="BD")
        r = admin.post(f"/api/v1/geo/geocode/people/{p['id']}")
        assert r.status_code == 200, r.text
        assert r.json()["provider"] == "nominatim" and r.json()["level"] == "street"
        settings = admin.get("/api/v1/geo/settings").json()
        assert settings["geocoder"] == "nominatim+offline"
    finally:
        monkeypatch.delenv("SAMPARK_GEO_GEOCODER_URL")
        get_settings.cache_clear()


def test_check_in_time_defaults_to_now(admin: Api) -> None:
    p = person(admin, "Now", *SYLHET)
    r = admin.post(
        "/api/v1/geo/check-ins", json={"person_id": p["id"], "latitude": SYLHET[0], "longitude": SYLHET[1]}
    )
    at = datetime.fromisoformat(r.json()["checked_in_at"])
    assert abs((datetime.now(UTC) - at).total_seconds()) < 60
