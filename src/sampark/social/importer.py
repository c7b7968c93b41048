"""Importing platform exports (CSV or JSON) into the inbox. Column names are matched loosely, so
exports from the platforms' own tools and from listening tools go in without a mapping:
`id`/`external_id`/`tweet_id`, `text`/`message`/`body`/`full_text`, `created_at`/`posted_at`/
`timestamp`, `username`/`screen_name`/`handle`, `followers_count`, `favorite_count`/`likes`, … .
Rows that are not valid are reported by row number; the rest go in (a re-import stores nothing twice)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sampark.core.context import Ctx
from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.permissions import Action, Obj
from sampark.social import ingest, processing
from sampark.social.schemas import ImportResult, PostIn

ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": ("external_id", "id", "id_str", "tweet_id", "post_id", "comment_id", "message_id"),
    "platform": ("platform", "network", "source"),
    "account_id": ("account_id", "page_id"),
    "kind": ("kind", "type"),
    "text": ("text", "full_text", "message", "body", "content", "caption"),
    "posted_at": ("posted_at", "created_at", "created_time", "timestamp", "date", "time"),
    "author_handle": (
        "author_handle",
        "handle",
        "username",
        "screen_name",
        "user_screen_name",
        "from_username",
    ),
    "author_name": ("author_name", "name", "user_name", "from_name"),
    "author_followers": ("author_followers", "followers", "followers_count", "user_followers_count"),
    "author_external_id": ("author_id", "user_id", "from_id"),
    "likes": ("likes", "like_count", "favorite_count", "reactions"),
    "shares": ("shares", "share_count", "retweet_count", "retweets"),
    "replies": ("replies", "reply_count", "comments_count"),
    "url": ("url", "permalink", "link"),
    "parent_external_id": (
        "parent_external_id",
        "parent_id",
        "in_reply_to_status_id_str",
        "in_reply_to_status_id",
    ),
    "thread_external_id": ("thread_external_id", "conversation_id", "thread_id"),
}
KINDS = {"comment", "mention", "message", "post"}
BATCH = 500


def _flatten(record: dict[str, Any]) -> dict[str, Any]:
    """X's archive wraps each tweet as {"tweet": {...}} and nests the user: flatten both."""
    if len(record) == 1 and isinstance(next(iter(record.values())), dict):
        record = next(iter(record.values()))
    flat = {k.lower().strip(): v for k, v in record.items() if not isinstance(v, dict | list)}
    for nest in ("user", "from", "author"):
        inner = record.get(nest)
        if isinstance(inner, dict):
            for k, v in inner.items():
                flat.setdefault(f"{nest}_{k}".lower(), v)
                if nest in ("user", "author") and k in ("screen_name", "username", "followers_count", "name"):
                    flat.setdefault(k, v)
    return flat


def to_item(record: dict[str, Any], default_platform: str) -> dict[str, Any]:
    flat = _flatten(record)
    out: dict[str, Any] = {}
    for field, names in ALIASES.items():
        for name in names:
            value = flat.get(name)
            if value not in (None, ""):
                out[field] = value
                break
    author = {
        "handle": out.pop("author_handle", None), "name": out.pop("author_name", None),
        "followers": out.pop("author_followers", 0) or 0, "external_id": out.pop("author_external_id", None),
    }  # fmt: skip
    item: dict[str, Any] = dict(out.items())
    item["author"] = {k: (str(v) if k != "followers" and v is not None else v) for k, v in author.items()}
    item.setdefault("platform", default_platform)
    item["platform"] = str(item["platform"]).lower()
    if item.get("kind") not in KINDS:
        item["kind"] = "mention"
    for key in ("external_id", "account_id", "parent_external_id", "thread_external_id"):
        if key in item:
            item[key] = str(item[key])
    for key in ("likes", "shares", "replies"):
        if key in item:
            try:
                item[key] = int(float(item[key]))
            except (TypeError, ValueError):
                pass
    try:
        item["author"]["followers"] = int(float(item["author"]["followers"]))
    except (TypeError, ValueError):
        pass
    if "posted_at" in item:
        from sampark.social.platforms import _when

        item["posted_at"] = _when(item["posted_at"]).isoformat()
    return item


def read_records(data: bytes, filename: str) -> list[dict[str, Any]]:
    text = data.decode("utf-8-sig", errors="replace")
    stripped = text.lstrip()
    if filename.lower().endswith((".json", ".js", ".jsonl")) or stripped.startswith(("[", "{")):
        if stripped.startswith("window."):  # X's archive: `window.YTD.tweets.part0 = [...]`
            stripped = stripped.split("=", 1)[1]
        try:
            loaded = json.loads(stripped)
        except ValueError:
            try:
                loaded = [json.loads(line) for line in stripped.splitlines() if line.strip()]
            except ValueError as exc:
                raise ValidationFailed(
                    "The file is neither JSON nor JSON lines.", errors=[FieldError("file", "invalid JSON")]
                ) from exc
        if isinstance(loaded, dict):
            loaded = loaded.get("data") or loaded.get("items") or loaded.get("posts") or [loaded]
        return [r for r in loaded if isinstance(r, dict)]
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # one column, or too little to tell: plain CSV
    try:
        return list(csv.DictReader(io.StringIO(text, newline=""), dialect=dialect))
    except csv.Error as exc:
        raise ValidationFailed(
            f"The file is not valid CSV: {exc}.", errors=[FieldError("file", "invalid CSV")]
        ) from exc


def import_posts(ctx: Ctx, data: bytes, filename: str, platform: str) -> ImportResult:
    ctx.require(Obj.social, Action.write)
    records = read_records(data, filename)
    errors: list[dict[str, Any]] = []
    valid: list[PostIn] = []
    for number, record in enumerate(records, start=1):
        try:
            valid.append(PostIn.model_validate(to_item(record, platform)))
        except ValueError as exc:
            errors.append({"row": number, "detail": str(exc).splitlines()[0:3]})
    created = duplicates = 0
    from sampark.social.service import _incoming

    for start in range(0, len(valid), BATCH):
        stored = ingest.store(ctx.session, [_incoming(i) for i in valid[start : start + BATCH]])
        new_ids = [pid for pid, dup in stored if not dup]
        processing.process(ctx.session, new_ids)
        created += len(new_ids)
        duplicates += len(stored) - len(new_ids)
    from sampark.core import audit

    audit.record(ctx.session, ctx.principal, "import", "social", None,
                 {"file": filename, "rows": len(records), "created": created})  # fmt: skip
    return ImportResult(rows=len(records), created=created, duplicates=duplicates, errors=errors[:500])
