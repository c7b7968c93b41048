"""The `sampark` command."""

from __future__ import annotations

import secrets
import subprocess
import sys
from typing import Annotated

import typer
from rich.console import Console

from sampark.settings import get_settings

app = typer.Typer(help="Sampark, a self-hosted CRM.", no_args_is_help=True, add_completion=False)
users_app = typer.Typer(help="Manage users.", no_args_is_help=True)
tokens_app = typer.Typer(help="Manage API tokens.", no_args_is_help=True)
audit_app = typer.Typer(help="Inspect the audit log.", no_args_is_help=True)
db_app = typer.Typer(help="Database upkeep.", no_args_is_help=True)
sources_app = typer.Typer(help="Manage data sources and their write keys.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(audit_app, name="audit")
app.add_typer(db_app, name="db")
app.add_typer(sources_app, name="sources")

from sampark.imports.cli import import_app  # noqa: E402

app.add_typer(import_app, name="import")
from sampark.jobs.cli import jobs_app  # noqa: E402
from sampark.jobs.cli import worker as worker_command  # noqa: E402

app.add_typer(jobs_app, name="jobs")
app.command("worker")(worker_command)
traits_app = typer.Typer(help="Computed traits of people.", no_args_is_help=True)
app.add_typer(traits_app, name="traits")
console = Console()


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema to the latest version."""
    from sampark.migrate import upgrade

    url = get_settings().database_url
    upgrade(url)
    console.print(f"[green]Database is up to date[/green] ({_safe_url(url)})")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
    demo: Annotated[bool, typer.Option(help="Load demo data when the database has no users")] = True,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development)")] = False,
    worker: Annotated[bool, typer.Option(help="Start a background worker beside the server")] = True,
) -> None:
    """Migrate, load demo data on first start, and serve the API and web app (with a worker)."""
    import uvicorn

    from sampark.migrate import upgrade

    settings = get_settings()
    upgrade(settings.database_url)
    _close_interrupted_runs()
    if demo:
        _demo_if_empty(settings.demo_people)
    host, port = host or settings.host, port or settings.port
    console.print(
        f"Sampark is at [bold]http://{host}:{port}[/bold]  (API docs: http://{host}:{port}/api/docs)"
    )
    helper = _start_worker() if worker else None
    try:
        uvicorn.run(
            "sampark.app:create_app",
            factory=True,
            host=host,
            port=port,
            reload=reload,
            log_level="info",
        )
    finally:
        if helper is not None:
            helper.terminate()
            helper.wait(timeout=10)


def _start_worker() -> subprocess.Popen[bytes]:
    """`sampark worker` as a child process, stopped with the server."""
    return subprocess.Popen([sys.executable, "-m", "sampark", "worker"])


def _close_interrupted_runs() -> None:
    """A resolution run left `running` by a server that died would block every new run (409):
    the server starting again means its threads are gone."""
    from sampark.db import get_database
    from sampark.resolution.service import close_interrupted

    with get_database().session() as session:
        closed = close_interrupted(session)
    if closed:
        console.print(
            f"[yellow]{closed} resolution run(s) interrupted by the last stop marked failed.[/yellow]"
        )


def _demo_if_empty(people: int) -> None:
    from sampark.db import get_database
    from sampark.demo import generate, has_users

    db = get_database()
    if has_users(db):
        return
    password = secrets.token_urlsafe(12)
    summary = generate(db, people=people, seed=1, admin_password=password, console=console)
    console.rule("[bold green]Demo data loaded")
    console.print(f"Sign in as [bold]{summary.admin_email}[/bold] with password [bold]{password}[/bold]")
    console.print("This password is shown once. Other demo users share it; see `sampark users list`.")
    console.rule()


@app.command()
def demo(
    people: Annotated[int, typer.Option(help="How many people to create", min=0)] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data")] = 1,
    password: Annotated[
        str | None, typer.Option(help="Password for the demo users (random if omitted)")
    ] = None,
) -> None:
    """Write a realistic, deterministic demo data set (people, companies, deals, activities, tasks, users)."""
    from sampark.db import get_database
    from sampark.demo import generate
    from sampark.migrate import upgrade

    settings = get_settings()
    upgrade(settings.database_url)
    password = password or secrets.token_urlsafe(12)
    summary = generate(get_database(), people=people, seed=seed, admin_password=password, console=console)
    console.print(f"Demo admin: [bold]{summary.admin_email}[/bold]  password: [bold]{password}[/bold]")


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="E-mail (the sign-in name)")],
    role: Annotated[
        str, typer.Option(help="admin, manager, sales, service, marketing, analyst or read-only")
    ],
    team: Annotated[list[str] | None, typer.Option(help="Team name (repeatable); created if missing")] = None,
    name: Annotated[str | None, typer.Option(help="Display name")] = None,
    password: Annotated[str | None, typer.Option(help="Password (prompted if omitted)")] = None,
) -> None:
    """Create a user."""
    from sampark.users import admin

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = admin.create_user_cli(email, role, team or [], name, password)
    except Exception as exc:  # shown to the operator as one line
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Created {user.email} ({user.role})")


@users_app.command("list")
def users_list() -> None:
    """List users."""
    from sampark.users import admin

    for email, role, active in admin.list_users_cli():
        console.print(f"{email}\t{role}\t{'active' if active else 'inactive'}")


@tokens_app.command("create")
def tokens_create(
    user: Annotated[str, typer.Option(help="The user's e-mail")],
    scopes: Annotated[str, typer.Option(help="Comma-separated, e.g. people:read,deals:write")],
    name: Annotated[str, typer.Option(help="What the token is for")] = "cli",
) -> None:
    """Create an API token and print it once."""
    from sampark.auth.service import create_token_for_cli
    from sampark.db import get_database

    try:
        with get_database().session() as session:
            raw = create_token_for_cli(
                session, user, name, [s.strip() for s in scopes.split(",") if s.strip()]
            )
    except Exception as exc:
        console.print(f"[red]{getattr(exc, 'detail', exc)}[/red]")
        raise typer.Exit(1) from exc
    console.print(raw)


@sources_app.command("create")
def sources_create(
    name: Annotated[str, typer.Argument(help="e.g. Website, Android app, Gulshan till")],
    kind: Annotated[str, typer.Option(help="crm, web, app, pos, support, social, import or other")] = "web",
    priority: Annotated[int, typer.Option(help="Trust priority 0–100; higher wins", min=0, max=100)] = 50,
) -> None:
    """Register a source and print its write key once (give it to Segment/RudderStack libraries)."""
    from pydantic import ValidationError

    from sampark.db import get_database
    from sampark.sources.schemas import SourceCreate
    from sampark.sources.service import create_source_for_cli

    try:
        data = SourceCreate.model_validate({"name": name, "kind": kind, "trust_priority": priority})
        with get_database().session() as session:
            created = create_source_for_cli(session, data)
    except (ValidationError, Exception) as exc:
        console.print(f"[red]{getattr(exc, 'detail', exc)}[/red]")
        raise typer.Exit(1) from exc
    console.print(created.write_key)


@sources_app.command("list")
def sources_list() -> None:
    """Sources, most trusted first."""
    from sqlalchemy import select

    from sampark.db import get_database
    from sampark.sources.models import Source

    with get_database().session(write=False) as session:
        for row in session.scalars(select(Source).order_by(Source.trust_priority.desc(), Source.name)):
            state = "" if row.is_active else " (inactive)"
            console.print(
                f"{row.name}\t{row.kind}\t{row.trust_priority}\t{row.write_key_prefix or ''}…{state}"
            )


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit log's hash chain; exits 1 if any entry was edited or removed."""
    from sampark.core.audit import verify_chain
    from sampark.db import get_database

    with get_database().session(write=False) as session:
        report = verify_chain(session)
    if report.ok:
        console.print(f"[green]Audit log intact[/green]: {report.checked} entries verified.")
        return
    console.print(f"[red]Audit log broken[/red] at entry {report.first_bad_seq}: {report.problem}")
    sys.exit(1)


@db_app.command("optimize")
def db_optimize() -> None:
    """Rebuild search indexes and refresh planner statistics (SQLite: run after VACUUM;
    PostgreSQL: VACUUM ANALYZE, e.g. after a bulk load)."""
    from sampark.db import get_database

    db = get_database()
    if db.is_sqlite:
        with db.write_engine.begin() as conn:
            for table in ("people", "companies", "deals"):
                conn.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")  # noqa: S608
            conn.exec_driver_sql("ANALYZE")
    else:
        # VACUUM outside a transaction: statistics, and the visibility map index-only scans need.
        import sampark.models  # noqa: F401  (every table)
        from sampark.db import Base

        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)  # ours, not the database's
        with db.write_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"VACUUM (ANALYZE) {tables}")
    console.print("[green]Search indexes rebuilt and statistics refreshed.[/green]")


if __name__ == "__main__":
    app()


@traits_app.command("refresh")
def traits_refresh() -> None:
    """Recompute the RFM quintile boundaries over everyone with orders (one SQL pass) and store
    them; traits read them until the next refresh. Run it nightly."""
    from sampark.db import get_database
    from sampark.profiles.traits import refresh

    with get_database().session() as session:
        row = refresh(session)
        population, currency = row.population, row.currency
    console.print(
        f"[green]RFM boundaries stored[/green] over {population:,} people (monetary in {currency})."
    )


profiles_app = typer.Typer(help="Customer profiles.", no_args_is_help=True)
app.add_typer(profiles_app, name="profiles")


@app.command()
def resolve(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Score and count, change nothing")] = False,
) -> None:
    """Probabilistic identity resolution over every live person: merge the sure pairs, queue the
    likely ones for review (thresholds: SAMPARK_RESOLUTION_AUTO_MERGE_THRESHOLD / _REVIEW_THRESHOLD)."""
    import time

    from rich.progress import Progress

    from sampark.db import get_database
    from sampark.resolution import service

    started = time.perf_counter()
    with Progress(console=console) as bar, get_database().session() as session:
        task = bar.add_task("reading", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total or None)

        job = service.run(session, dry_run=dry_run, progress=progress)
    took = time.perf_counter() - started
    verb = "would merge" if dry_run else "auto-merged"
    console.print(
        f"{job.records:,} people, {job.pairs_scored:,} pairs above the review threshold: "
        f"{job.auto_merged:,} {verb}, {job.queued:,} queued for review — {took:.1f} s"
    )


@profiles_app.command("export")
def profiles_export(
    file: Annotated[str, typer.Argument(help="CSV file to write (profile_id, source, source_key)")],
) -> None:
    """One row per source record with the profile it belongs to, to check resolution against ground truth."""
    from sampark.db import get_database
    from sampark.resolution.export import export_profiles

    with get_database().session(write=False) as session, open(file, "w", newline="", encoding="utf-8") as out:
        rows = export_profiles(session, out)
    console.print(f"{rows:,} rows written to {file}")
