"""The filter language and cursor pagination (core/filters.py, core/pagination.py), through
the people list API."""

from __future__ import annotations

import base64
import itertools
import json
import re
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import Api

PEOPLE = "/api/v1/people"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from sampark.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


CUSTOM_FIELDS = [
    {"key": "score", "label": "Score", "type": "number"},
    {"key": "tier", "label": "Tier", "type": "select", "options": ["gold", "silver", "bronze"]},
    {"key": "joined", "label": "Joined", "type": "date"},
    {"key": "vip", "label": "VIP", "type": "boolean"},
    {"key": "ltv", "label": "Lifetime value", "type": "money"},
    {"key": "interests", "label": "Interests", "type": "multiselect", "options": ["tea", "jute", "rice"]},
    {"key": "note", "label": "Note", "type": "text"},
]


def define_custom_fields(admin: Api) -> None:
    for field in CUSTOM_FIELDS:
        r = admin.post("/api/v1/custom-fields", json={"object_type": "people", **field})
        assert r.status_code == 201, r.text


def money(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "BDT"}


PEOPLE_DATA: list[dict[str, Any]] = [
    {
        "given_name": "Asha",
        "city": "Dhaka",
        "country": "BD",
        "tags": ["vip", "tea"],
        "lifecycle_stage": "lead",
        "lead_source": "referral",
        "emails": [{"email": "asha@example.com"}],
        "custom_fields": {
            "score": 10,
            "tier": "gold",
            "joined": "2024-01-10",
            "vip": True,
            "ltv": money("100.50"),
            "interests": ["tea"],
            "note": "first",
        },
    },
    {
        "given_name": "Bilal",
        "city": "Sylhet",
        "country": "BD",
        "tags": ["tea"],
        "lifecycle_stage": "customer",
        "phones": [{"number": "01711234567"}],
        "custom_fields": {
            "score": 20,
            "tier": "silver",
            "joined": "2024-03-01",
            "vip": False,
            "ltv": money("2000"),
        },
    },
    {
        "given_name": "Chandra",
        "city": "Kolkata",
        "country": "IN",
        "lifecycle_stage": "customer",
        "custom_fields": {
            "score": 30.5,
            "tier": "bronze",
            "joined": "2023-12-31",
            "interests": ["jute", "tea"],
        },
    },
    {"given_name": "Dipa", "tags": ["vip"], "lifecycle_stage": "opportunity"},
    {"given_name": "Esha", "city": "dhaka north", "lead_source": "web", "custom_fields": {"score": -5}},
    {"given_name": "Farid", "city": "100%_sure", "lead_source": "Web"},
    {"given_name": "Gautam", "city": "Sylhet", "lifecycle_stage": "evangelist", "tags": ["rice"]},
]
ALL = {p["given_name"] for p in PEOPLE_DATA}


@pytest.fixture
def people(admin: Api) -> dict[str, dict[str, Any]]:
    define_custom_fields(admin)
    out = {}
    for body in PEOPLE_DATA:
        r = admin.post(PEOPLE, json=body)
        assert r.status_code == 201, r.text
        out[body["given_name"]] = r.json()
    return out


def find(admin: Api, flt: Any, **params: Any) -> set[str]:
    r = admin.get(PEOPLE, params={"filter": json.dumps(flt), "limit": 200, **params})
    assert r.status_code == 200, r.text
    return {p["given_name"] for p in r.json()["items"]}


def refused(admin: Api, flt: Any) -> dict[str, Any]:
    raw = flt if isinstance(flt, str) else json.dumps(flt)
    r = admin.get(PEOPLE, params={"filter": raw})
    assert r.status_code == 422, (flt, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    assert body["errors"], body
    return body


def cond(field: str, op: str, value: Any = None) -> dict[str, Any]:
    out = {"field": field, "op": op}
    if value is not None:
        out["value"] = value
    return out


# --- operators ---------------------------------------------------------------------------------


OPERATOR_CASES: list[tuple[dict[str, Any], set[str]]] = [
    # string
    (cond("city", "eq", "Dhaka"), {"Asha"}),
    (cond("city", "ne", "Sylhet"), ALL - {"Bilal", "Gautam"}),  # ne keeps the unknowns
    (cond("city", "in", ["Dhaka", "Kolkata"]), {"Asha", "Chandra"}),
    (cond("city", "not_in", ["Dhaka", "Sylhet"]), ALL - {"Asha", "Bilal", "Gautam"}),
    (cond("city", "is_null"), {"Dipa"}),
    (cond("city", "is_not_null"), ALL - {"Dipa"}),
    (cond("city", "contains", "DHAKA"), {"Asha", "Esha"}),  # case-insensitive
    (cond("city", "starts_with", "dha"), {"Asha", "Esha"}),
    (cond("city", "contains", "%"), {"Farid"}),  # LIKE wildcards are literal
    (cond("city", "contains", "_"), {"Farid"}),
    (cond("city", "starts_with", "1"), {"Farid"}),
    (cond("lead_source", "eq", "web"), {"Esha"}),
    (cond("primary_email", "eq", "asha@example.com"), {"Asha"}),
    (cond("primary_phone", "starts_with", "+880171"), {"Bilal"}),
    (cond("display_name", "contains", "ipa"), {"Dipa"}),
    # enum
    (cond("lifecycle_stage", "eq", "customer"), {"Bilal", "Chandra"}),
    (cond("lifecycle_stage", "in", ["opportunity", "evangelist"]), {"Dipa", "Gautam"}),
    (cond("lifecycle_stage", "not_in", ["lead"]), ALL - {"Asha", "Esha", "Farid"}),
    (cond("lifecycle_stage", "ne", "lead"), ALL - {"Asha", "Esha", "Farid"}),
    # tags
    (cond("tags", "has", "vip"), {"Asha", "Dipa"}),
    (cond("tags", "has", "tea"), {"Asha", "Bilal"}),
    (cond("tags", "has", "nobody"), set()),
    # custom: number
    (cond("cf.score", "eq", 10), {"Asha"}),
    (cond("cf.score", "ne", 10), ALL - {"Asha"}),
    (cond("cf.score", "gt", 10), {"Bilal", "Chandra"}),
    (cond("cf.score", "gte", 10), {"Asha", "Bilal", "Chandra"}),
    (cond("cf.score", "lt", 10), {"Esha"}),
    (cond("cf.score", "lte", 20), {"Asha", "Bilal", "Esha"}),
    (cond("cf.score", "between", [10, 20]), {"Asha", "Bilal"}),
    (cond("cf.score", "in", [20, 30.5]), {"Bilal", "Chandra"}),
    (cond("cf.score", "not_in", [20, 30.5]), ALL - {"Bilal", "Chandra"}),
    (cond("cf.score", "is_null"), {"Dipa", "Farid", "Gautam"}),
    (cond("cf.score", "is_not_null"), {"Asha", "Bilal", "Chandra", "Esha"}),
    # custom: select
    (cond("cf.tier", "eq", "gold"), {"Asha"}),
    (cond("cf.tier", "in", ["gold", "bronze"]), {"Asha", "Chandra"}),
    (cond("cf.tier", "is_null"), ALL - {"Asha", "Bilal", "Chandra"}),
    # custom: date
    (cond("cf.joined", "lt", "2024-01-01"), {"Chandra"}),
    (cond("cf.joined", "gte", "2024-01-10"), {"Asha", "Bilal"}),
    (cond("cf.joined", "between", ["2024-01-01", "2024-02-01"]), {"Asha"}),
    (cond("cf.joined", "eq", "2024-03-01"), {"Bilal"}),
    # custom: boolean
    (cond("cf.vip", "eq", True), {"Asha"}),
    (cond("cf.vip", "eq", False), {"Bilal"}),
    (cond("cf.vip", "ne", True), ALL - {"Asha"}),
    (cond("cf.vip", "is_null"), ALL - {"Asha", "Bilal"}),
    # custom: money (decimal)
    (cond("cf.ltv", "gt", "150"), {"Bilal"}),
    (cond("cf.ltv", "lte", 100.5), {"Asha"}),
    (cond("cf.ltv", "between", ["100", "2000"]), {"Asha", "Bilal"}),
    # custom: multiselect and text
    (cond("cf.interests", "has", "tea"), {"Asha", "Chandra"}),
    (cond("cf.interests", "has", "jute"), {"Chandra"}),
    (cond("cf.note", "eq", "first"), {"Asha"}),
    (cond("cf.note", "contains", "IRS"), {"Asha"}),
    # and / or / not
    ({"and": [cond("city", "contains", "dhaka"), cond("tags", "has", "vip")]}, {"Asha"}),
    ({"or": [cond("city", "eq", "Kolkata"), cond("tags", "has", "vip")]}, {"Asha", "Chandra", "Dipa"}),
    ({"not": cond("city", "eq", "Sylhet")}, ALL - {"Bilal", "Gautam"}),  # the unknowns too
    ({"not": cond("cf.score", "gt", 10)}, ALL - {"Bilal", "Chandra"}),
    ({"not": cond("cf.interests", "has", "tea")}, ALL - {"Asha", "Chandra"}),
    ({"not": {"not": cond("city", "eq", "Dhaka")}}, {"Asha"}),
    (
        {
            "and": [
                cond("country", "eq", "BD"),
                {"or": [cond("cf.score", "gte", 20), {"not": cond("tags", "has", "tea")}]},
            ]
        },
        {"Bilal"},
    ),
    ({"or": [{"and": [cond("city", "eq", "Sylhet"), cond("tags", "has", "rice")]}]}, {"Gautam"}),
]


def test_operators(admin: Api, people: dict[str, Any]) -> None:
    """Every operator on a field of each type, and and/or/not (one data set, many filters)."""
    wrong = []
    for flt, expected in OPERATOR_CASES:
        got = find(admin, flt)
        if got != expected:
            wrong.append(f"{json.dumps(flt)}: got {sorted(got)}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


def test_every_operator_and_type_is_exercised() -> None:
    from sampark.core.filters import OPERATORS, Op

    used = set()
    for flt, _ in OPERATOR_CASES:
        stack = [flt]
        while stack:
            node = stack.pop()
            if "op" in node:
                used.add(Op(node["op"]))
            stack.extend(node.get("and", []) + node.get("or", []) + ([node["not"]] if "not" in node else []))
    assert used == {op for ops in OPERATORS.values() for op in ops}


def test_uuid_and_datetime_fields(admin: Api, people: dict[str, Any]) -> None:
    asha, bilal = people["Asha"], people["Bilal"]
    assert find(admin, cond("id", "eq", asha["id"])) == {"Asha"}
    assert find(admin, cond("id", "in", [asha["id"], bilal["id"]])) == {"Asha", "Bilal"}
    assert find(admin, cond("id", "not_in", [asha["id"]])) == ALL - {"Asha"}
    assert find(admin, cond("owner_id", "eq", asha["owner_id"])) == ALL
    assert find(admin, cond("owner_id", "eq", str(uuid.uuid4()))) == set()
    assert find(admin, cond("company_id", "is_null")) == ALL
    created = datetime.fromisoformat(people["Dipa"]["created_at"].replace("Z", "+00:00"))
    later = (created + timedelta(microseconds=1)).isoformat()
    assert find(admin, cond("created_at", "gte", created.isoformat())) >= {"Dipa", "Esha", "Farid", "Gautam"}
    assert "Asha" in find(admin, cond("created_at", "lt", later))
    assert find(admin, cond("created_at", "gt", "2999-01-01T00:00:00+00:00")) == set()
    assert (
        find(admin, cond("updated_at", "between", ["2000-01-01T00:00:00+00:00", "2999-01-01T00:00:00+00:00"]))
        == ALL
    )
    assert find(admin, cond("deleted_at", "is_null")) == ALL


def test_filter_combines_with_search_and_sort(admin: Api, people: dict[str, Any]) -> None:
    r = admin.get(
        PEOPLE,
        params={"filter": json.dumps(cond("country", "eq", "BD")), "q": "bilal", "sort": "display_name"},
    )
    assert [p["given_name"] for p in r.json()["items"]] == ["Bilal"]


# --- refusals ------------------------------------------------------------------------------------


def test_unknown_field_names_filter_field_and_lists_the_known_ones(
    admin: Api, people: dict[str, Any]
) -> None:
    body = refused(admin, cond("shoe_size", "eq", 42))
    error = body["errors"][0]
    assert error["field"] == "filter.field"
    assert error["code"] == "unknown_field"
    for known in ("city", "lifecycle_stage", "tags", "cf.score", "cf.tier"):
        assert known in error["message"]
    nested = refused(admin, {"and": [cond("city", "eq", "x"), {"or": [cond("nope", "eq", 1)]}]})
    assert nested["errors"][0]["field"] == "filter.and.1.or.0.field"


@pytest.fixture
def fields_defined(admin: Api) -> None:
    define_custom_fields(admin)


def test_operator_must_suit_the_type(admin: Api, fields_defined: None) -> None:
    for flt in (
        cond("cf.score", "contains", "1"),
        cond("city", "has", "x"),
        cond("city", "gt", "a"),
        cond("tags", "eq", "vip"),
        cond("cf.vip", "lt", True),
        cond("lifecycle_stage", "between", ["a", "b"]),
        cond("id", "starts_with", "01"),
        cond("cf.interests", "eq", "tea"),
    ):
        error = refused(admin, flt)["errors"][0]
        assert error["field"] == "filter.op", flt
        assert error["code"] == "invalid_operator"
        assert "allowed operators" in error["message"]


BAD_VALUES = [
    cond("cf.score", "gt", "ten"),
    cond("cf.score", "eq", True),
    cond("cf.score", "eq", [1]),
    cond("cf.vip", "eq", "yes"),
    cond("cf.joined", "lt", "31/12/2024"),
    cond("cf.ltv", "gt", "lots"),
    cond("cf.ltv", "gt", True),
    cond("created_at", "gt", "yesterday"),
    cond("id", "eq", "not-a-uuid"),
    cond("owner_id", "in", ["not-a-uuid"]),
    cond("lifecycle_stage", "eq", "king"),
    cond("cf.tier", "eq", "platinum"),
    cond("city", "eq", 5),
    cond("city", "eq", {"a": 1}),
    cond("city", "contains", "x" * 501),
    cond("city", "eq", "a\x00b"),  # PostgreSQL text cannot hold NUL
    cond("tags", "has", "\ud800"),
    cond("city", "eq"),  # no value
    cond("tags", "has"),
    cond("city", "in", "Dhaka"),
    cond("city", "in", []),
    cond("city", "in", ["x"] * 501),
    cond("cf.score", "between", [1]),
    cond("cf.score", "between", [1, 2, 3]),
    cond("cf.score", "between", "1,2"),
]


def test_bad_values_are_422(admin: Api, fields_defined: None) -> None:
    for flt in BAD_VALUES:
        error = refused(admin, flt)["errors"][0]
        assert error["field"].startswith("filter.value"), (flt, error)


MALFORMED = [
    "{not json",
    "[]",
    "5",
    '"city"',
    "null",
    json.dumps({"and": []}),
    json.dumps({"or": []}),
    json.dumps({"and": [cond("city", "eq", "x")], "or": [cond("city", "eq", "y")]}),
    json.dumps({}),
    json.dumps({"xor": [cond("city", "eq", "x")]}),
    json.dumps({"field": "city", "op": "like", "value": "x"}),
    json.dumps({"field": "city", "op": "eq", "value": "x", "extra": 1}),
    json.dumps({"field": "c" * 101, "op": "eq", "value": "x"}),
    json.dumps({"not": [cond("city", "eq", "x")]}),
    json.dumps({"and": cond("city", "eq", "x")}),
]


def test_malformed_filters_are_422(admin: Api) -> None:
    for raw in MALFORMED:
        refused(admin, raw)


def test_too_deep_and_too_many(admin: Api, people: dict[str, Any]) -> None:
    from sampark.core.filters import MAX_CONDITIONS, MAX_DEPTH

    deep: dict[str, Any] = cond("city", "eq", "Dhaka")
    for _ in range(MAX_DEPTH):
        deep = {"not": deep}
    assert find(admin, deep) == (ALL - {"Asha"} if MAX_DEPTH % 2 else {"Asha"})  # at the limit: fine
    too_deep = {"not": deep}
    assert "deep" in refused(admin, too_deep)["detail"]

    many = {"or": [cond("city", "eq", f"c{i}") for i in range(MAX_CONDITIONS)]}
    assert find(admin, many) == set()
    too_many = {"or": [cond("city", "eq", f"c{i}") for i in range(MAX_CONDITIONS + 1)]}
    assert str(MAX_CONDITIONS) in refused(admin, too_many)["detail"]
    # Spread over groups, the count still adds up.
    split = {"and": [{"or": [cond("city", "eq", f"c{i}") for i in range(30)]}] * 2}
    refused(admin, split)


def test_pathologically_nested_json_is_422_not_500(admin: Api) -> None:
    leaf = json.dumps(cond("city", "eq", "x"))
    for raw in (
        "[" * 9000 + "]" * 9000,
        '{"not":' * 2400 + leaf + "}" * 2400,
        '{"not":' * 500 + leaf + "}" * 500,
        '{"and":[' * 1200 + leaf + "]}" * 1200,
        '{"field": "city", "op": "in", "value": ' + "[" * 3000 + "]" * 3000 + "}",
    ):
        assert len(raw) <= 20_000
        refused(admin, raw)


def test_filter_longer_than_the_limit_is_422(admin: Api) -> None:
    r = admin.get(PEOPLE, params={"filter": " " * 20_001})
    assert r.status_code == 422


# --- sorting and cursors -----------------------------------------------------------------------------


def sortable_fields(admin: Api) -> list[str]:
    """Read from the API's own refusal, so a new sortable field is walked too."""
    r = admin.get(PEOPLE, params={"sort": "no_such_field"})
    assert r.status_code == 422
    message = r.json()["errors"][0]["message"]
    match = re.search(r"sortable fields: ([^;]+);", message)
    assert match, message
    return [name.strip() for name in match.group(1).split(",")]


def sort_value(person: dict[str, Any], field: str) -> Any:
    if field.startswith("cf."):
        value = person["custom_fields"].get(field[3:])
        if isinstance(value, dict):  # money
            return Decimal(value["amount"])
        if field == "cf.joined" and value is not None:
            return date.fromisoformat(value)
        return value
    value = person[field]
    if field.endswith("_at"):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def walk(admin: Api, sort: str, limit: int = 25) -> tuple[list[dict[str, Any]], int]:
    items: list[dict[str, Any]] = []
    cursor, pages = None, 0
    while True:
        params: dict[str, Any] = {"sort": sort, "limit": limit}
        if cursor:
            params["cursor"] = cursor
        r = admin.get(PEOPLE, params=params)
        assert r.status_code == 200, (sort, r.text)
        page = r.json()
        assert page["limit"] == limit
        assert len(page["items"]) <= limit
        items.extend(page["items"])
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items, pages
        assert len(page["items"]) == limit
        assert pages < 100, "the walk does not end"


@pytest.fixture
def many_people(admin: Api) -> list[dict[str, Any]]:
    """120 people with ties in every sort field and gaps (nulls) in the custom ones."""
    define_custom_fields(admin)
    items = []
    for i in range(120):
        custom: dict[str, Any] = {}
        if i % 3:
            custom["score"] = i % 7  # ties
        if i % 4:
            custom["tier"] = ["gold", "silver", "bronze"][i % 3]
        if i % 5:
            custom["joined"] = f"2024-0{1 + i % 9}-1{i % 10}"
            custom["vip"] = bool(i % 2)
        if i % 6:
            custom["ltv"] = money(f"{(i % 11) * 10}.25")
        if i % 2:
            custom["note"] = f"n{i % 13:02d}"
        items.append({"display_name": f"Person {i % 40:03d}", "custom_fields": custom})
    r = admin.post(f"{PEOPLE}/bulk", json={"items": items})
    assert r.status_code == 200, r.text
    assert r.json()["succeeded"] == 120, r.text
    return [item["record"] for item in r.json()["items"]]


def test_every_sort_walks_every_page_without_duplicates_or_gaps(
    admin: Api, many_people: list[dict[str, Any]]
) -> None:
    fields = sortable_fields(admin)
    for expected in (
        "display_name",
        "created_at",
        "updated_at",
        "cf.score",
        "cf.tier",
        "cf.joined",
        "cf.ltv",
    ):
        assert expected in fields
    all_ids = sorted(p["id"] for p in many_people)
    for field in fields:
        for descending in (False, True):
            sort = f"-{field}" if descending else field
            items, pages = walk(admin, sort)
            ids = [p["id"] for p in items]
            assert len(ids) == len(set(ids)), f"{sort}: duplicates"
            assert sorted(ids) == all_ids, f"{sort}: gaps"
            assert pages == 5, sort
            values = [sort_value(p, field) for p in items]
            present = [v for v in values if v is not None]
            # Nulls come last, whichever the direction.
            assert values[: len(present)] == present, f"{sort}: nulls not last"
            if field != "display_name" or all(isinstance(v, str) and v.isascii() for v in present):
                assert present == sorted(present, reverse=descending), f"{sort}: out of order"
            # Ties are broken by id in the direction of the sort.
            for a, b in itertools.pairwise(items):
                if sort_value(a, field) == sort_value(b, field):
                    assert (a["id"] < b["id"]) != descending, f"{sort}: tie order"


def test_default_sort_is_newest_change_first(admin: Api, many_people: list[dict[str, Any]]) -> None:
    items, _ = walk(admin, "-updated_at", limit=200)
    r = admin.get(PEOPLE, params={"limit": 200})
    assert [p["id"] for p in r.json()["items"]] == [p["id"] for p in items]


def test_rows_written_during_a_walk_neither_repeat_nor_vanish(
    admin: Api, many_people: list[dict[str, Any]]
) -> None:
    seen: list[str] = []
    r = admin.get(PEOPLE, params={"sort": "display_name", "limit": 25})
    seen += [p["id"] for p in r.json()["items"]]
    cursor = r.json()["next_cursor"]
    # Someone adds people at both ends of the order and deletes one not yet seen.
    admin.post(PEOPLE, json={"display_name": "Aaron first"})
    admin.post(PEOPLE, json={"display_name": "Zed last"})
    unseen = {p["id"] for p in many_people} - set(seen)
    victim = sorted(unseen)[0]
    assert admin.delete(f"{PEOPLE}/{victim}").status_code == 204
    while cursor:
        r = admin.get(PEOPLE, params={"sort": "display_name", "limit": 25, "cursor": cursor})
        assert r.status_code == 200
        seen += [p["id"] for p in r.json()["items"]]
        cursor = r.json()["next_cursor"]
    assert len(seen) == len(set(seen))
    assert ({p["id"] for p in many_people} - {victim}) <= set(seen)


def test_filtered_walk(admin: Api, many_people: list[dict[str, Any]]) -> None:
    flt = json.dumps(cond("cf.score", "gte", 3))
    expected = {p["id"] for p in many_people if (p["custom_fields"].get("score") or 0) >= 3}
    seen: list[str] = []
    cursor = None
    while True:
        params = {"sort": "-cf.score", "limit": 7, "filter": flt, **({"cursor": cursor} if cursor else {})}
        r = admin.get(PEOPLE, params=params)
        assert r.status_code == 200, r.text
        seen += [p["id"] for p in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) and set(seen) == expected


def _cursor(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def test_invalid_cursors_are_422(admin: Api, many_people: list[dict[str, Any]]) -> None:
    some_id = many_people[0]["id"]
    first = admin.get(PEOPLE, params={"sort": "display_name", "limit": 5}).json()
    bad = [
        "garbage",
        "!!!!",
        "a",
        _cursor("just text"),
        _cursor([1, 2]),
        _cursor({"a": 1}),
        _cursor(["display_name", "Person 001"]),
        _cursor(["display_name", "Person 001", "not-a-uuid"]),
        _cursor(["created_at", "2024-01-01T00:00:00", some_id]),  # another sort's cursor
        _cursor(["display_name", {"nested": 1}, some_id]),
        _cursor(["display_name", 42, some_id]),
        _cursor(["display_name", ["a"], some_id]),
        _cursor(["display_name", True, some_id]),
        base64.urlsafe_b64encode(b"\xff\xfe\x00").decode(),
    ]
    for cursor in bad:
        r = admin.get(PEOPLE, params={"sort": "display_name", "limit": 5, "cursor": cursor})
        assert r.status_code == 422, (cursor, r.status_code, r.text[:200])
        assert r.json()["errors"][0]["field"] == "cursor"
    # A cursor is tied to its sort.
    r = admin.get(PEOPLE, params={"sort": "-created_at", "cursor": first["next_cursor"]})
    assert r.status_code == 422
    for sort, value in (
        ("created_at", "not a time"),
        ("created_at", 12),
        ("cf.score", "ten"),
        ("cf.score", {"x": 1}),
        ("cf.joined", "2024-13-45"),
        ("cf.ltv", "NaN-ish"),
        ("cf.ltv", [1]),
        ("cf.vip", "yes"),
        ("cf.tier", 7),
    ):
        r = admin.get(PEOPLE, params={"sort": sort, "cursor": _cursor([sort, value, some_id])})
        assert r.status_code == 422, (sort, value, r.status_code, r.text[:200])


@pytest.mark.parametrize("limit", ["0", "201", "-1", "abc", "1.5"])
def test_limit_out_of_range_is_422(admin: Api, limit: str) -> None:
    r = admin.get(PEOPLE, params={"limit": limit})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"].endswith("limit")


def test_limit_bounds_are_accepted(admin: Api) -> None:
    assert admin.get(PEOPLE, params={"limit": 1}).status_code == 200
    assert admin.get(PEOPLE, params={"limit": 200}).json()["limit"] == 200
    assert admin.get(PEOPLE).json()["limit"] == 50


@pytest.mark.parametrize("sort", ["city", "no_such_field", "-nope", "", "cf.nope", "tags", "+-"])
def test_unsortable_fields_are_422(admin: Api, sort: str) -> None:
    r = admin.get(PEOPLE, params={"sort": sort})
    if sort == "":
        assert r.status_code == 200  # empty means the default
        return
    assert r.status_code == 422
    error = r.json()["errors"][0]
    assert error["field"] == "sort" and "display_name" in error["message"]


def test_datetime_filters_honour_the_offset(admin: Api) -> None:
    """`2024-01-01T06:00:00+06:00` is midnight UTC on either database (SQLite stores UTC wall time)."""
    from datetime import UTC, timezone

    person = admin.post(PEOPLE, json={"given_name": "Tz"}).json()
    created = datetime.fromisoformat(person["created_at"].replace("Z", "+00:00"))
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    dhaka, new_york = timezone(timedelta(hours=6)), timezone(timedelta(hours=-5))
    just_before = (created - timedelta(seconds=1)).astimezone(dhaka).isoformat()
    just_after = (created + timedelta(seconds=1)).astimezone(new_york).isoformat()
    assert find(admin, cond("created_at", "gte", just_before)) == {"Tz"}
    assert find(admin, cond("created_at", "lte", just_after)) == {"Tz"}
    assert find(admin, cond("created_at", "between", [just_before, just_after])) == {"Tz"}
    assert find(admin, cond("created_at", "gt", just_after)) == set()
    assert find(admin, cond("created_at", "lt", just_before)) == set()
