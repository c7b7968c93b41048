"""The ASGI application: the REST API under /api/v1 and the web app at /."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from sampark import __version__
from sampark.core import problems
from sampark.core.limits import BodySizeLimit
from sampark.core.principal_cache import cache as principal_cache
from sampark.db import Database, get_database
from sampark.deps import get_principal, require_token_scope, valid_text
from sampark.settings import get_settings

log = logging.getLogger("sampark")

DESCRIPTION = """
Sampark's REST API. Everything the web app does goes through it.

**Authentication**: a session cookie from `POST /api/v1/auth/login` (browser; unsafe methods
also need the `X-CSRF-Token` header from sign-in), or `Authorization: Bearer <token>` with an
API token whose scopes (`people:read`, `deals:write`, …) limit what it may do.

**Lists** take `limit` (1–200, default 50), `cursor` (from `next_cursor`), `sort`
(`field` or `-field`), `q` (search) and `filter`, a JSON tree:
`{"and": [{"field": "lifecycle_stage", "op": "eq", "value": "lead"}, {"field": "tags", "op": "has", "value": "vip"}]}`.
Operators: eq, ne, lt, lte, gt, gte, between, in, not_in, contains, starts_with, has, is_null, is_not_null.

**Writes**: `PATCH` needs `If-Match: <version>` (412 with the current record when stale);
`POST` accepts `Idempotency-Key`. Errors are `application/problem+json` with a stable `code`
and per-field `errors`.
"""


def _api_router() -> APIRouter:
    from sampark.activities.api import router as activities
    from sampark.auditlog.api import router as audit_log
    from sampark.auth.api import public_router as auth_public
    from sampark.auth.api import router as auth
    from sampark.calendars.api import invite_router as activity_invites
    from sampark.calendars.api import router as calendar_feeds
    from sampark.companies.api import router as companies
    from sampark.customfields.api import router as custom_fields
    from sampark.deals.api import pipelines_router
    from sampark.deals.api import router as deals
    from sampark.geo.api import router as geo
    from sampark.imports.api import router as imports
    from sampark.jobs.api import router as jobs
    from sampark.merges.api import router as merges
    from sampark.notifications.api import router as notifications
    from sampark.orders.api import people_router as people_orders
    from sampark.orders.api import router as orders
    from sampark.people.api import router as people
    from sampark.profiles.api import router as profiles
    from sampark.reminders.api import router as preferences
    from sampark.resolution.api import router as resolution
    from sampark.social import api as social
    from sampark.sources.api import router as sources
    from sampark.sync.api import router as sync
    from sampark.tasks.api import router as tasks
    from sampark.tickets import api as tickets
    from sampark.tracking.api import people_router as people_tracking
    from sampark.users.api import router as users
    from sampark.views.api import router as views
    from sampark.webhooks.api import deliveries_router as webhook_deliveries
    from sampark.webhooks.api import router as webhooks
    from sampark.workflows.api import router as workflows
    from sampark.workflows.api import runs_router as workflow_runs

    api = APIRouter(prefix="/api/v1")
    api.include_router(auth_public, dependencies=[Depends(valid_text)])
    # Everything below needs a signed-in caller: a new endpoint is private unless opened on purpose.
    # A token's scope is checked from the path first, so a refusal never depends on the body.
    private = APIRouter(
        dependencies=[Depends(get_principal), Depends(require_token_scope), Depends(valid_text)]
    )
    routers = (
        auth,
        users,
        people,
        people_tracking,
        merges,
        companies,
        pipelines_router,
        deals,
        activities,
        tasks,
        custom_fields,
        audit_log,
        sources,
        imports,
        orders,
        people_orders,
        profiles,
        resolution,
        jobs,
        notifications,
        preferences,
        calendar_feeds,
        activity_invites,
        geo,
        webhooks,
        webhook_deliveries,
        workflows,
        workflow_runs,
        tickets.router,
        tickets.queues_router,
        tickets.rules_router,
        tickets.sla_router,
        tickets.tiers_router,
        tickets.canned_router,
        tickets.mailboxes_router,
        sync,
        views,
        social.router,
        social.connectors_router,
        social.rules_router,
        social.keywords_router,
        social.terms_router,
        social.alerts_router,
    )
    for router in routers:
        private.include_router(router)
    api.include_router(private)
    # E-mail into the service desk: authenticated by a mailbox's token, not a user.
    api.include_router(tickets.inbound_router)
    # Social platforms' webhooks: authenticated by the connector's signature or verify token.
    api.include_router(social.hooks_router)
    return api


def _tracking_router() -> APIRouter:
    """The Segment-compatible tracking API at /v1: authenticated by a source's write key."""
    from sampark.tickets.api import csat_router
    from sampark.tracking.api import router as tracking

    outer = APIRouter()
    outer.include_router(tracking, dependencies=[Depends(valid_text)])
    # The CSAT rating page e-mailed to requesters: its signed, single-use token is the key.
    outer.include_router(csat_router)
    return outer


def _calendar_router() -> APIRouter:
    """The private iCalendar feeds at /calendar/{token}.ics: authenticated by the secret URL."""
    from sampark.calendars.api import public_router

    outer = APIRouter()
    outer.include_router(public_router)
    return outer


def create_app(db: Database | None = None) -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="Sampark API",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,  # served below from local assets: no CDN needed
        redoc_url=None,
    )
    app.state.db = db or get_database()
    import sampark.handlers  # noqa: F401  (job kinds and event consumers; committed jobs reach the queue)
    from sampark.jobs.events import ensure_checkpoints

    ensure_checkpoints(app.state.db)

    principal_cache.ttl = settings.auth_cache_seconds
    problems.install(app)

    @app.middleware("http")
    async def request_context(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request_id = request.headers.get("x-request-id", "")[:64] or uuid.uuid4().hex
        request.state.request_id = request_id
        response = await call_next(request)
        response.headers["X-Request-ID"] = request_id
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        overrides={"/api/v1/imports": settings.import_max_bytes},
    )
    app.include_router(_api_router())
    app.include_router(_tracking_router())
    app.include_router(_calendar_router())
    _describe_problems(app)
    _mount_docs(app)

    @app.get("/api/health", tags=["meta"], operation_id="meta-health")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    _mount_web(app, settings.web_dist)
    return app


def _describe_problems(app: FastAPI) -> None:
    """Every API operation's document lists the problem+json errors it can answer, so clients
    generated from it know their shape (and FastAPI's own 422 schema, never sent, goes)."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            problems.describe(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI from the swagger-ui-bundle package, so /api/docs works offline."""
    import swagger_ui_bundle
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse

    app.mount(
        "/api/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets"
    )

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="Sampark API",
            swagger_js_url="/api/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/api/docs-assets/swagger-ui.css",
            swagger_favicon_url="/api/docs-assets/favicon-32x32.png",
        )


def _mount_web(app: FastAPI, dist: Path) -> None:
    """Serve the built web app, with every non-API path falling back to index.html."""
    index = dist / "index.html"
    if not index.exists():
        return
    if (dist / "assets").exists():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    def spa(path: str) -> Response:
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and dist.resolve() in candidate.parents:
            return FileResponse(candidate)
        if path.startswith(("api/", "calendar/")):
            from sampark.core.errors import NotFound

            raise NotFound("No such API path." if path.startswith("api/") else "No such calendar.")
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
