"""`sampark worker` and `sampark jobs …`."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

jobs_app = typer.Typer(help="Background jobs: the queue and the dead-letter list.", no_args_is_help=True)
console = Console()


def worker(
    workers: Annotated[int, typer.Option(help="Jobs run at once (threads)")] = 2,
    tick: Annotated[float, typer.Option(help="Seconds between looks for new events")] = 0.2,
) -> None:
    """Run background jobs: webhooks, e-mail, workflow rules, reminders. Start one per machine;
    with SAMPARK_REDIS_URL set, workers on several machines share the queue."""
    import logging

    from sampark.db import get_database
    from sampark.jobs.worker import run_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # Huey logs every task it runs at INFO; the job table already records each outcome.
    logging.getLogger("huey").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # each webhook delivery is in its log already
    console.print(f"Sampark worker: {workers} thread(s)")
    run_worker(get_database(), workers=workers, tick=tick)


@jobs_app.command("list")
def jobs_list(
    status: Annotated[str | None, typer.Option(help="queued, running, retrying, done or dead")] = None,
    limit: Annotated[int, typer.Option(help="How many")] = 20,
) -> None:
    """The most recently changed jobs (`--status dead` is the dead-letter list)."""
    from sqlalchemy import select

    from sampark.db import get_database
    from sampark.jobs.models import Job

    stmt = select(Job).order_by(Job.updated_at.desc()).limit(limit)
    if status:
        stmt = stmt.where(Job.status == status)
    table = Table("id", "kind", "status", "attempts", "updated", "last error")
    with get_database().session(write=False) as session:
        for job in session.scalars(stmt):
            table.add_row(
                str(job.id),
                job.kind,
                job.status,
                f"{job.attempts}/{job.max_attempts}",
                job.updated_at.isoformat(timespec="seconds"),
                (job.last_error or "")[:60],
            )
    console.print(table)


@jobs_app.command("replay")
def jobs_replay(job_id: Annotated[str, typer.Argument(help="A dead job's id")]) -> None:
    """Give a dead job a fresh set of attempts."""
    import sampark.handlers  # noqa: F401
    from sampark.core.context import Ctx
    from sampark.core.permissions import Principal, Role
    from sampark.db import get_database
    from sampark.jobs import service

    system = Principal(user_id=uuid.UUID(int=0), email="cli", role=Role.admin)
    with get_database().session() as session:
        job = service.replay(Ctx(session, system), uuid.UUID(job_id))
    console.print(f"[green]Queued[/green] {job.kind} {job.id}")


@jobs_app.command("run-pending")
def jobs_run_pending() -> None:
    """Run every due job in this process and stop (no worker needed)."""
    import sampark.handlers  # noqa: F401
    from sampark.db import get_database
    from sampark.jobs.queue import drain

    outcomes = drain(get_database())
    console.print(", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())) or "nothing to run")
