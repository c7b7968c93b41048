"""Social CRM API: the inbox (`/social/…`), settings (`/social-connectors`, `/social-rules`,
`/social-keywords`, `/social-terms`, `/social-alerts`) and the platforms' webhooks
(`/social-hooks/{connector_id}`, authenticated by signatures, not users)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse

from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.pagination import Page
from sampark.deps import CtxDep, DbDep, IdempotencyDep, IfMatchDep, SessionDep, with_etag
from sampark.social import admin, alerts, analytics, hooks, importer, replies, routing, service
from sampark.social.platforms import Platform
from sampark.social.schemas import (
    AlertCheck,
    AlertOut,
    AlertSettingsOut,
    AlertSettingsUpdate,
    Analytics,
    AssignIn,
    ConnectorCreate,
    ConnectorOut,
    ConnectorUpdate,
    ConvertIn,
    DecisionOut,
    ImportResult,
    IngestResult,
    KeywordCreate,
    KeywordOut,
    KeywordUpdate,
    PostDetail,
    PostIn,
    PostKind,
    PostOut,
    PostStatus,
    PostUpdate,
    PriorityLevel,
    ReplyIn,
    ReplyOut,
    RuleCreate,
    RuleOut,
    RuleUpdate,
    TermCreate,
    TermOut,
    TermUpdate,
    ThreadOut,
)
from sampark.social.understanding import Intent, Language, Sentiment

router = APIRouter(prefix="/social", tags=["social"])
connectors_router = APIRouter(prefix="/social-connectors", tags=["social settings"])
rules_router = APIRouter(prefix="/social-rules", tags=["social settings"])
keywords_router = APIRouter(prefix="/social-keywords", tags=["social settings"])
terms_router = APIRouter(prefix="/social-terms", tags=["social settings"])
alerts_router = APIRouter(prefix="/social-alerts", tags=["social settings"])
hooks_router = APIRouter(prefix="/social-hooks", tags=["social webhooks"])

MAX_HOOK_BYTES = 5 * 1024 * 1024


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """A JSON schema with its local `$defs` references written out in place."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _ingest_schema() -> dict[str, Any]:
    """One post, or `{"items": [post, …]}` (the body is validated by the service, item by item)."""
    single = PostIn.model_json_schema()
    post = _inline(single, single.get("$defs", {}))
    batch = {
        "title": "PostBatchIn",
        "type": "object",
        "properties": {"items": {"type": "array", "items": post, "minItems": 1, "maxItems": 1000}},
        "required": ["items"],
        "additionalProperties": False,
    }
    return {"oneOf": [post, batch]}


# --- the inbox ---------------------------------------------------------------------------------------


@router.get("/posts", operation_id="social-posts-list", response_model=Page[PostOut])
def list_posts(
    ctx: CtxDep,
    platform: Annotated[list[Platform] | None, Query(description="Any of these platforms")] = None,
    sentiment: Annotated[list[Sentiment] | None, Query()] = None,
    intent: Annotated[list[Intent] | None, Query()] = None,
    language: Annotated[
        list[Language] | None, Query(description="Language form: en, bn, hi, bn-Latn, hi-Latn, other")
    ] = None,
    status: Annotated[list[PostStatus] | None, Query(description="Default: every status but hidden")] = None,
    priority: Annotated[list[PriorityLevel] | None, Query()] = None,
    kind: Annotated[list[PostKind] | None, Query()] = None,
    team_id: Annotated[
        uuid.UUID | None, Query(description="Posts in this team's inbox (routed or copied)")
    ] = None,
    assignee: Annotated[
        str | None, Query(max_length=40, description="`me`, `unassigned` or a user id")
    ] = None,
    person_id: uuid.UUID | None = None,
    thread_id: uuid.UUID | None = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Words in the text, author handle or name")
    ] = None,
    since: Annotated[datetime | None, Query(description="Posted at or after")] = None,
    until: Annotated[datetime | None, Query(description="Posted before")] = None,
    sort: Annotated[
        str | None,
        Query(
            max_length=40,
            description="posted_at (default -posted_at), priority_score, created_at, author_followers; - for descending",
        ),
    ] = None,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> Page[PostOut]:
    """The social inbox: posts you may see (your teams' inboxes and posts assigned to you),
    newest first, with filters and cursor pagination."""
    filters = service.PostFilters(
        platform=[p.value for p in platform] if platform else None, sentiment=list(sentiment or []) or None,
        intent=list(intent or []) or None, language=list(language or []) or None,
        status=list(status) if status else ["new", "open", "done"], priority=list(priority or []) or None,
        kind=list(kind or []) or None, team_id=team_id, assignee=assignee, person_id=person_id,
        thread_id=thread_id, q=q, since=since, until=until,
    )  # fmt: skip
    return service.list_posts(ctx, filters, cursor=cursor, limit=limit, sort=sort)


@router.post(
    "/posts",
    operation_id="social-posts-create",
    response_model=IngestResult,
    status_code=201,
    openapi_extra={
        "requestBody": {"content": {"application/json": {"schema": _ingest_schema()}}, "required": True}
    },
)
def create_posts(
    ctx: CtxDep,
    idem: IdempotencyDep,
    body: Annotated[dict[str, Any], Body()],
) -> IngestResult:
    """Ingest one post (a `PostIn`) or a batch (`{"items": [PostIn, …]}`, up to 1000) from any
    source. Every item is validated first: one bad item refuses the whole request with a 422
    whose errors name it (`items[3].text`). A post already stored (same platform, account and
    external id) is not stored again (`duplicate: true`). New posts are understood, prioritised
    and routed before the answer."""
    if "items" in body:
        raw = body.get("items")
        if not isinstance(raw, list) or not raw or len(raw) > 1000 or set(body) != {"items"}:
            raise ValidationFailed(
                "`items` is a list of 1 to 1000 posts.", errors=[FieldError("items", "1 to 1000 posts")]
            )
        items = service.validate_items(raw)
    else:
        items = service.validate_items([body], prefix="body")
    return idem.run(lambda: service.ingest_posts(ctx, items), status_code=201)  # type: ignore[no-any-return]


@router.post("/imports", operation_id="social-import", response_model=ImportResult)
def import_file(
    ctx: CtxDep,
    file: Annotated[
        UploadFile, File(description="A platform export: CSV or JSON (also X's archive tweets.js)")
    ],
    platform: Annotated[Platform, Form(description="For rows that do not say")] = Platform.other,
) -> ImportResult:
    """Import a platform export. Columns are matched by common names (see docs/social.md);
    rows that are not valid are listed by row number and the rest go in; re-importing stores
    nothing twice."""
    data = file.file.read(50 * 1024 * 1024 + 1)
    if len(data) > 50 * 1024 * 1024:
        raise ValidationFailed("The file is over 50 MB.", errors=[FieldError("file", "too large")])
    return importer.import_posts(ctx, data, file.filename or "upload", platform.value)


@router.get("/posts/{post_id}", operation_id="social-posts-get", response_model=PostDetail)
def get_post(post_id: uuid.UUID, ctx: CtxDep, response: Response) -> PostDetail:
    """One post with its raw payload, understanding, priority reasons and teams."""
    return with_etag(response, service.get_post(ctx, post_id))


@router.patch("/posts/{post_id}", operation_id="social-posts-update", response_model=PostDetail)
def update_post(
    post_id: uuid.UUID, body: PostUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> PostDetail:
    """Change status, assignee, team or linked person, or correct the sentiment (the correction
    is kept and counts towards learned term overrides for later posts). Needs If-Match."""
    return with_etag(response, service.update_post(ctx, post_id, body, version))


@router.post("/posts/{post_id}/assign", operation_id="social-posts-assign", response_model=PostOut)
def assign(post_id: uuid.UUID, body: AssignIn, ctx: CtxDep) -> PostOut:
    """Assign (or unassign) the post; `team_id` also moves it to that team's inbox."""
    return service.assign(ctx, post_id, body)


@router.post("/posts/{post_id}/done", operation_id="social-posts-done", response_model=PostOut)
def mark_done(post_id: uuid.UUID, ctx: CtxDep) -> PostOut:
    """Mark the post done."""
    return service.mark_done(ctx, post_id)


@router.post("/posts/{post_id}/convert", operation_id="social-posts-convert", response_model=PostDetail)
def convert(post_id: uuid.UUID, body: ConvertIn, ctx: CtxDep) -> PostDetail:
    """Open a ticket (in `queue`, or where ticket routing sends it) or a deal for the author
    (made a lead first when not yet a person)."""
    return service.convert(ctx, post_id, body)


@router.get("/posts/{post_id}/thread", operation_id="social-posts-thread", response_model=ThreadOut)
def thread(post_id: uuid.UUID, ctx: CtxDep) -> ThreadOut:
    """The conversation: the thread's posts you may see and our replies, oldest first."""
    return service.thread(ctx, post_id)


@router.get(
    "/posts/{post_id}/decisions", operation_id="social-posts-decisions", response_model=list[DecisionOut]
)
def decisions(post_id: uuid.UUID, ctx: CtxDep) -> list[DecisionOut]:
    """Every routing decision about the post, with its rule and reason."""
    return service.decisions(ctx, post_id)


@router.get("/posts/{post_id}/replies", operation_id="social-replies-list", response_model=list[ReplyOut])
def list_replies(post_id: uuid.UUID, ctx: CtxDep) -> list[ReplyOut]:
    """Our replies to the post, with their delivery state (pending, sent, failed and why)."""
    return replies.list_replies(ctx, post_id)


@router.post(
    "/posts/{post_id}/reply", operation_id="social-posts-reply", response_model=ReplyOut, status_code=202
)
def reply(post_id: uuid.UUID, body: ReplyIn, ctx: CtxDep, idem: IdempotencyDep) -> ReplyOut:
    """Reply through the post's connector (a comment reply, a direct message, a WhatsApp
    message or a reply tweet). Accepted at once and sent by a job; failures are retried and
    shown on the reply (`status`, `last_error`)."""
    return idem.run(lambda: replies.create_reply(ctx, post_id, body), status_code=202)  # type: ignore[no-any-return]


@router.post("/replies/{reply_id}/retry", operation_id="social-replies-retry", response_model=ReplyOut)
def retry_reply(reply_id: uuid.UUID, ctx: CtxDep) -> ReplyOut:
    """Send a failed reply again."""
    return replies.retry(ctx, reply_id)


@router.get("/analytics", operation_id="social-analytics", response_model=Analytics)
def get_analytics(
    ctx: CtxDep,
    since: Annotated[datetime | None, Query(description="Default: 30 days before `until`")] = None,
    until: Annotated[datetime | None, Query(description="Default: now")] = None,
    platform: Annotated[list[Platform] | None, Query()] = None,
) -> Analytics:
    """Mention volume and sentiment by day, share of voice against tracked competitors, top
    hashtags and keywords, engagement, per-hashtag (campaign) performance and the teams'
    median first-response time — over the posts you may see."""
    return analytics.analytics(ctx, since, until, [p.value for p in platform] if platform else None)


@router.get("/alerts", operation_id="social-alerts-list", response_model=list[AlertOut])
def list_alerts(ctx: CtxDep) -> list[AlertOut]:
    """The negative-share alert's firings, newest first."""
    return alerts.list_alerts(ctx)


# --- settings -----------------------------------------------------------------------------------------


@connectors_router.get("", operation_id="social-connectors-list", response_model=list[ConnectorOut])
def list_connectors(ctx: CtxDep) -> list[ConnectorOut]:
    """Connected accounts, with their webhook path (secrets are never shown)."""
    return admin.list_connectors(ctx)


@connectors_router.post(
    "", operation_id="social-connectors-create", response_model=ConnectorOut, status_code=201
)
def create_connector(body: ConnectorCreate, ctx: CtxDep, idem: IdempotencyDep) -> ConnectorOut:
    """Connect an account. Give the platform `webhook_path` on your public address, and the
    same verify token; the app (consumer) secret checks every delivery's signature."""
    return idem.run(lambda: admin.create_connector(ctx, body), status_code=201)  # type: ignore[no-any-return]


@connectors_router.get("/{connector_id}", operation_id="social-connectors-get", response_model=ConnectorOut)
def get_connector(connector_id: uuid.UUID, ctx: CtxDep, response: Response) -> ConnectorOut:
    return with_etag(response, admin.get_connector(ctx, connector_id))


@connectors_router.patch(
    "/{connector_id}", operation_id="social-connectors-update", response_model=ConnectorOut
)
def update_connector(
    connector_id: uuid.UUID, body: ConnectorUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> ConnectorOut:
    """Change the connector; a secret sent replaces the stored one (an empty string removes it)."""
    return with_etag(response, admin.update_connector(ctx, connector_id, body, version))


@connectors_router.delete(
    "/{connector_id}", operation_id="social-connectors-delete", status_code=204, response_class=Response
)
def delete_connector(connector_id: uuid.UUID, ctx: CtxDep) -> Response:
    """Disconnect (its posts stay)."""
    admin.delete_connector(ctx, connector_id)
    return Response(status_code=204)


@rules_router.get("", operation_id="social-rules-list", response_model=list[RuleOut])
def list_rules(ctx: CtxDep, db: DbDep) -> list[RuleOut]:
    """Routing rules in the order they are tried. An empty list is seeded with the defaults
    (keep one rule, even disabled, to route nothing)."""
    admin.require_read(ctx)
    with db.session() as session:  # a GET's own session is read-only: seed in a write one
        routing.ensure_defaults(session)
    return admin.list_rules(ctx)


@rules_router.post("", operation_id="social-rules-create", response_model=RuleOut, status_code=201)
def create_rule(body: RuleCreate, ctx: CtxDep, idem: IdempotencyDep) -> RuleOut:
    """A routing rule: conditions (platforms, kinds, languages, sentiments, intents, priorities,
    keywords, followers) → actions (route, copy, ticket, lead, hide, assign)."""
    return idem.run(lambda: admin.create_rule(ctx, body), status_code=201)  # type: ignore[no-any-return]


@rules_router.patch("/{rule_id}", operation_id="social-rules-update", response_model=RuleOut)
def update_rule(
    rule_id: uuid.UUID, body: RuleUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> RuleOut:
    return with_etag(response, admin.update_rule(ctx, rule_id, body, version))


@rules_router.delete(
    "/{rule_id}", operation_id="social-rules-delete", status_code=204, response_class=Response
)
def delete_rule(rule_id: uuid.UUID, ctx: CtxDep) -> Response:
    admin.delete_rule(ctx, rule_id)
    return Response(status_code=204)


@keywords_router.get("", operation_id="social-keywords-list", response_model=list[KeywordOut])
def list_keywords(ctx: CtxDep) -> list[KeywordOut]:
    """Tracked brand, product, competitor and campaign terms."""
    return admin.list_keywords(ctx)


@keywords_router.post("", operation_id="social-keywords-create", response_model=KeywordOut, status_code=201)
def create_keyword(body: KeywordCreate, ctx: CtxDep, idem: IdempotencyDep) -> KeywordOut:
    return idem.run(lambda: admin.create_keyword(ctx, body), status_code=201)  # type: ignore[no-any-return]


@keywords_router.patch("/{keyword_id}", operation_id="social-keywords-update", response_model=KeywordOut)
def update_keyword(
    keyword_id: uuid.UUID, body: KeywordUpdate, ctx: CtxDep, version: IfMatchDep
) -> KeywordOut:
    return admin.update_keyword(ctx, keyword_id, body, version)


@keywords_router.delete(
    "/{keyword_id}", operation_id="social-keywords-delete", status_code=204, response_class=Response
)
def delete_keyword(keyword_id: uuid.UUID, ctx: CtxDep) -> Response:
    admin.delete_keyword(ctx, keyword_id)
    return Response(status_code=204)


@terms_router.get("", operation_id="social-terms-list", response_model=list[TermOut])
def list_terms(
    ctx: CtxDep, source: Annotated[Literal["manual", "learned"] | None, Query()] = None
) -> list[TermOut]:
    """Sentiment term overrides: admins' own (per brand or for all) and those learned from
    users' corrections (with their votes; active once enough corrections agree)."""
    return admin.list_terms(ctx, source)


@terms_router.post("", operation_id="social-terms-create", response_model=TermOut, status_code=201)
def create_term(body: TermCreate, ctx: CtxDep, idem: IdempotencyDep) -> TermOut:
    return idem.run(lambda: admin.create_term(ctx, body), status_code=201)  # type: ignore[no-any-return]


@terms_router.patch("/{term_id}", operation_id="social-terms-update", response_model=TermOut)
def update_term(term_id: uuid.UUID, body: TermUpdate, ctx: CtxDep, version: IfMatchDep) -> TermOut:
    return admin.update_term(ctx, term_id, body, version)


@terms_router.delete(
    "/{term_id}", operation_id="social-terms-delete", status_code=204, response_class=Response
)
def delete_term(term_id: uuid.UUID, ctx: CtxDep) -> Response:
    admin.delete_term(ctx, term_id)
    return Response(status_code=204)


@alerts_router.get("/settings", operation_id="social-alert-settings-get", response_model=AlertSettingsOut)
def get_alert_settings(ctx: CtxDep, response: Response) -> AlertSettingsOut:
    """The negative-share alert: window, baseline windows, k, minimum posts, cooldown, recipients."""
    return with_etag(response, alerts.get_settings(ctx))


@alerts_router.patch(
    "/settings", operation_id="social-alert-settings-update", response_model=AlertSettingsOut
)
def update_alert_settings(
    body: AlertSettingsUpdate, ctx: CtxDep, version: IfMatchDep, response: Response
) -> AlertSettingsOut:
    return with_etag(response, alerts.update_settings(ctx, body, version))


@alerts_router.post("/check", operation_id="social-alert-check", response_model=AlertCheck)
def check_alert(ctx: CtxDep) -> AlertCheck:
    """Run the check now (it also runs every 5 minutes), and say what it decided."""
    return alerts.check_now(ctx)


# --- platform webhooks (no user: the connector's signature or verify token) ---------------------------


@hooks_router.get("/{connector_id}", operation_id="social-hooks-verify", response_model=None)
def verify(connector_id: uuid.UUID, request: Request, session: SessionDep) -> Response:
    """Meta's subscription handshake (`hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`
    → the challenge as text) or X's CRC check (`crc_token=…` → `{"response_token": …}`).
    A wrong token is 401."""
    answer = hooks.handshake(session, connector_id, dict(request.query_params))
    if isinstance(answer, dict):
        return JSONResponse(answer)
    return PlainTextResponse(answer)


@hooks_router.post("/{connector_id}", operation_id="social-hooks-deliver", response_model=dict[str, int])
async def deliver(connector_id: uuid.UUID, request: Request) -> dict[str, int]:
    """A delivery from the platform, signed (`X-Hub-Signature-256` for Meta,
    `x-twitter-webhooks-signature` for X). A missing or bad signature is 401 and nothing is
    stored; a replay stores nothing new. Answers how many new posts were stored."""
    from starlette.concurrency import run_in_threadpool

    body = await request.body()
    if len(body) > MAX_HOOK_BYTES:
        raise ValidationFailed("The delivery is too large.", errors=[FieldError("body", "too large")])
    headers = {k.lower(): v for k, v in request.headers.items()}
    db = request.app.state.db

    def run() -> int:
        with db.session() as session:
            return hooks.deliver(session, connector_id, body, headers)

    return {"stored": await run_in_threadpool(run)}
