"""Imports of platform exports (CSV and JSON), through the API and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sampark.db import Database
from tests.conftest import Api

S = "/api/v1/social"

CSV = (
    "id,created_at,screen_name,name,followers_count,text,favorite_count,retweet_count\n"
    "t1,2026-11-01T10:00:00Z,rahim_k,Rahim,120,Is the 500g pack back?,3,1\n"
    "t2,2026-11-01T11:00:00Z,nadia,Nadia,9000,Love the new tea #EidSale,40,9\n"
    ",2026-11-01T12:00:00Z,nobody,No id,0,missing id,0,0\n"
)


def test_csv_and_json_exports(admin: Api) -> None:
    r = admin.post(
        f"{S}/imports", files={"file": ("tweets.csv", CSV.encode(), "text/csv")}, data={"platform": "x"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["rows"] == 3 and body["created"] == 2 and body["duplicates"] == 0
    assert [e["row"] for e in body["errors"]] == [3]
    again = admin.post(
        f"{S}/imports", files={"file": ("tweets.csv", CSV.encode(), "text/csv")}, data={"platform": "x"}
    )
    assert again.json()["created"] == 0 and again.json()["duplicates"] == 2
    posts = {p["external_id"]: p for p in admin.get(f"{S}/posts").json()["items"]}
    assert (
        posts["t2"]["author_followers"] == 9000
        and posts["t2"]["likes"] == 40
        and posts["t2"]["platform"] == "x"
    )
    # X's archive format: `window.YTD.tweets.part0 = [{"tweet": {...}}]`.
    archive = "window.YTD.tweets.part0 = " + json.dumps([
        {"tweet": {"id_str": "t3", "full_text": "order kobe asbe?", "created_at": "Wed Oct 10 20:19:24 +0000 2026",
                   "favorite_count": "2", "retweet_count": "0"}},
    ])  # fmt: skip
    r = admin.post(
        f"{S}/imports",
        files={"file": ("tweets.js", archive.encode(), "application/javascript")},
        data={"platform": "x"},
    )
    assert r.json()["created"] == 1, r.text


def test_cli_import(db: Database, tmp_path: Path, admin: Api) -> None:
    from sampark.cli import app

    path = tmp_path / "facebook.json"
    path.write_text(json.dumps({"data": [{"id": "fb1", "message": "Worst service", "created_time": "2026-11-02T09:00:00+0000",
                                          "from": {"name": "Karim", "id": "99"}}]}))  # fmt: skip
    result = CliRunner().invoke(app, ["import", "social", str(path), "--platform", "facebook"])
    assert result.exit_code == 0, result.output
    assert "1 new posts" in result.output
    post = admin.get(f"{S}/posts").json()["items"][0]
    assert post["platform"] == "facebook" and post["author_name"] == "Karim"
