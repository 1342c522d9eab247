"""`accord schedule`: compute a project's or a program's schedule and store it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from accord.cli.errors import fail, reports_errors
from accord.cli.output import console, emit_json, table
from accord.cli.state import state
from accord.domain.codec import decode_value
from accord.scheduling.cpm import ScheduleStatus
from accord.services.scheduling import DAY_MINUTES

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON only.")]


@reports_errors
def schedule(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A project, or a program (its projects are scheduled together).")],
    status_date: Annotated[
        str | None, typer.Option("--status-date", metavar="YYYY-MM-DD", help="Progress date (default: the project's).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Compute early and late dates, floats, the critical path and what drives each task; store them.

    Exit status 1 when the links form a cycle (the tasks of the cycle are named).
    """
    s = state(ctx)
    when = None if status_date is None else decode_value(dt.date, status_date, "schedule", "status_date")
    report = s.accord.scheduling.schedule(s.actor(), key, when)
    if as_json:
        emit_json(report.as_json())
        if report.status is ScheduleStatus.CYCLE:
            raise typer.Exit(1)
        return
    if report.status is ScheduleStatus.CYCLE:
        raise fail(f"{key} cannot be scheduled: its links form a cycle: {' → '.join(report.cycle)}")
    rows = [
        [
            t.key,
            t.name,
            t.early_start.isoformat(sep=" ", timespec="minutes"),
            t.early_finish.isoformat(sep=" ", timespec="minutes"),
            f"{t.total_float_minutes / DAY_MINUTES:g}d",
            "yes" if t.critical else "",
            t.driver["text"],
        ]
        for t in report.tasks
    ]
    console.print(table(f"Schedule of {key}", ["key", "name", "start", "finish", "float", "critical", "driver"], rows))
    finish = report.finish.isoformat(sep=" ", timespec="minutes") if report.finish else "—"
    console.print(f"Finish: [bold]{finish}[/]. Status: {report.status.value}.")
    if report.violated_links:
        console.print(f"Links not met because a constraint won: {', '.join(report.violated_links)}.")
