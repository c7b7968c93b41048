"""`sampark import people|companies|orders FILE`: the same jobs as the web app, with a progress bar."""

from __future__ import annotations

import csv
import time
import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

import_app = typer.Typer(
    help="Import people, companies or orders from CSV or XLSX files, or social posts from platform exports.",
    no_args_is_help=True,
)
console = Console()

FileArg = Annotated[
    Path, typer.Argument(help="A CSV (any delimiter/encoding) or XLSX file", exists=True, dir_okay=False)
]
SourceOpt = Annotated[str, typer.Option("--source", help="The source the records come from")]
MappingOpt = Annotated[
    str | None, typer.Option("--mapping", help="A preset name (e.g. hubspot-contacts) or a JSON mapping file")
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Validate and count; write no records")]
ResumeOpt = Annotated[str | None, typer.Option("--resume", help="Continue the import job with this id")]
ReportOpt = Annotated[
    Path | None, typer.Option("--report", help="Write the rows that did not go in to this CSV")
]
BatchOpt = Annotated[
    int, typer.Option("--batch", help="Rows per batch (a transaction commits whole batches)", min=1)
]


def run(
    kind: str,
    file: Path,
    source: str,
    mapping: str | None,
    dry_run: bool,
    resume: str | None,
    report: Path | None,
    batch: int,
) -> None:
    from sampark.core.errors import AppError
    from sampark.db import get_database
    from sampark.imports import preparer, service
    from sampark.imports.models import ImportJob
    from sampark.migrate import upgrade
    from sampark.settings import get_settings

    upgrade(get_settings().database_url)
    db = get_database()
    try:
        with db.session() as session:
            if resume:
                found = session.get(ImportJob, uuid.UUID(resume))
                if found is None:
                    raise typer.BadParameter(f"No import job {resume}.")
                job_id = found.id
            else:
                data = service.NewJob(kind, source, file.name, file, mapping, dry_run)
                job = service.create_job(session, data, None, "cli")
                job_id = job.id
                if job.processed_rows:
                    console.print(f"Resuming import {job.id} at row {job.processed_rows + 1:,}")
            job = service.load(session, job_id)
            resumed_at = job.processed_rows
            console.print(
                f"[bold]{job.filename}[/bold]: {job.file_format.upper()}"
                + (f", {job.encoding}, delimiter {job.delimiter!r}" if job.file_format == "csv" else "")
                + (f", preset {job.preset}" if job.preset else "")
                + f"  (job {job.id})"
            )
    except AppError as exc:
        console.print(f"[red]{exc.detail if hasattr(exc, 'detail') else exc}[/red]")
        raise typer.Exit(2) from exc
    started = time.perf_counter()
    # Redrawn after each commit rather than by a refresh thread: with one thread running, the
    # import's preparing process can be forked instead of spawned (`preparer.start_method`).
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]} rows/s"),
        TimeElapsedColumn(), console=console, transient=False, auto_refresh=False,
    ) as bar:  # fmt: skip
        task = bar.add_task("Importing" if not dry_run else "Checking", total=None, rate="–")

        def progress(j: ImportJob) -> None:  # after each commit (`service.run_job`)
            rate = (j.processed_rows - resumed_at) / max(time.perf_counter() - started, 1e-6)
            bar.update(
                task, total=j.total_rows, completed=j.processed_rows, rate=f"{rate:,.0f}", refresh=True
            )

        job = service.run_job(db, job_id, progress, batch_rows=batch)
    elapsed = time.perf_counter() - started
    with db.session(write=False) as session:
        job = service.load(session, job_id)
        table = Table(title=f"Import {job.status}" + (" (dry run)" if job.dry_run else ""))
        for col in ("rows", "created", "updated", "skipped", "rows with errors", "seconds"):
            table.add_column(col, justify="right")
        table.add_row(
            *(
                f"{n:,}"
                for n in (
                    job.processed_rows,
                    job.created_count,
                    job.updated_count,
                    job.skipped_count,
                    job.error_count,
                )
            ),
            f"{elapsed:,.1f}",
        )
        console.print(table)
        helper = preparer.PREPARER_CPU[0]
        console.print(
            f"[dim]CPU: {time.process_time():,.1f} s in this process"
            + (f", {helper:,.1f} s in the preparing process" if helper else "")
            + "[/dim]"
        )
        status = job.status
        if job.error_count:
            for e in service.first_errors(session, job.id, 10):
                console.print(f"  row {e.row_number}: {e.field + ': ' if e.field else ''}{e.message}")
        if report is not None:
            with report.open("w", encoding="utf-8", newline="") as f:
                for chunk in service.error_report(session, job):
                    f.write(chunk)
            console.print(f"Error report: {report}")
    if status != "done":
        raise typer.Exit(1)


@import_app.command("people")
def import_people(file: FileArg, source: SourceOpt = "Import", mapping: MappingOpt = None, dry_run: DryRunOpt = False,
                  resume: ResumeOpt = None, report: ReportOpt = None, batch: BatchOpt = 2000) -> None:  # fmt: skip
    """Import people; re-running the same file continues a killed import."""
    run("people", file, source, mapping, dry_run, resume, report, batch)


@import_app.command("companies")
def import_companies(file: FileArg, source: SourceOpt = "Import", mapping: MappingOpt = None, dry_run: DryRunOpt = False,
                     resume: ResumeOpt = None, report: ReportOpt = None, batch: BatchOpt = 2000) -> None:  # fmt: skip
    """Import companies (deduplicated on the external id, then the domain)."""
    run("companies", file, source, mapping, dry_run, resume, report, batch)


@import_app.command("orders")
def import_orders(file: FileArg, source: SourceOpt = "Import", mapping: MappingOpt = None, dry_run: DryRunOpt = False,
                  resume: ResumeOpt = None, report: ReportOpt = None, batch: BatchOpt = 2000) -> None:  # fmt: skip
    """Import orders, one row per order line (rows with the same order number make one order);
    customers resolve to people by e-mail, phone or customer id; an order number already
    imported from the source is not added twice."""
    run("orders", file, source, mapping, dry_run, resume, report, batch)


@import_app.command("social")
def import_social(
    file: Annotated[Path, typer.Argument(help="A platform export: CSV or JSON", exists=True, dir_okay=False)],
    platform: Annotated[
        str,
        typer.Option("--platform", help="For rows that do not say: facebook, instagram, whatsapp, x, other"),
    ] = "other",
) -> None:
    """Import social posts from a platform export into the social inbox (understood, prioritised
    and routed); posts already stored are not added twice."""
    from sampark.core.context import Ctx
    from sampark.db import get_database
    from sampark.migrate import upgrade
    from sampark.settings import get_settings
    from sampark.social import importer
    from sampark.social.platforms import Platform
    from sampark.users.admin import system_principal

    try:
        chosen = Platform(platform).value
    except ValueError as exc:
        raise typer.BadParameter(f"Unknown platform {platform!r}.") from exc
    upgrade(get_settings().database_url)
    db = get_database()
    with db.session() as session:
        result = importer.import_posts(
            Ctx(session, system_principal(session)), file.read_bytes(), file.name, chosen
        )
    console.print(f"{result.rows} rows: {result.created} new posts, {result.duplicates} already stored, "
                  f"{len(result.errors)} not valid.")  # fmt: skip
    for error in result.errors[:20]:
        console.print(f"  row {error['row']}: {error['detail']}")
    if result.errors and not result.created and not result.duplicates:
        raise typer.Exit(1)


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
