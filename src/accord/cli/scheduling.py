"""`accord schedule`: compute a project's or a program's schedule and store it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from accord.cli.errors import fail, reports_errors
from accord.cli.output import JsonFlag, console, emit_json, entity_json, steps, table
from accord.cli.state import state
from accord.domain.codec import canonical_amount, decode_value
from accord.scheduling.cpm import ScheduleStatus
from accord.services.scheduling import DAY_MINUTES


@reports_errors
def schedule(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A project, or a program (its projects are scheduled together).")],
    status_date: Annotated[
        str | None, typer.Option("--status-date", metavar="YYYY-MM-DD", help="Progress date (default: the project's).")
    ] = None,
    show: Annotated[
        int,
        typer.Option("--show", min=0, help="Print at most this many tasks (critical ones first when there are more)."),
    ] = 200,
    as_json: JsonFlag = False,
) -> None:
    """Compute early and late dates, floats, the critical path and what drives each task; store them.

    Exit status 1 when the links form a cycle (the tasks of the cycle are named). `--json` prints
    every task.
    """
    s = state(ctx)
    when = None if status_date is None else decode_value(dt.date, status_date, "schedule", "status_date")
    with steps(["scheduled", "stored"], f"Scheduling {key}", quiet=as_json) as step:
        report = s.accord.scheduling.schedule(s.actor(), key, when, progress=step)
    if as_json:
        emit_json(report.as_json())
        if report.status is ScheduleStatus.CYCLE:
            raise typer.Exit(1)
        return
    if report.status is ScheduleStatus.CYCLE:
        raise fail(f"{key} cannot be scheduled: its links form a cycle: {' → '.join(report.cycle)}")
    shown = list(report.tasks)
    if len(shown) > show:
        shown = [t for t in shown if t.critical][:show] or shown[:show]
    rows = [
        [
            t.key,
            t.name,
            t.early_start.isoformat(sep=" ", timespec="minutes"),
            t.early_finish.isoformat(sep=" ", timespec="minutes"),
            f"{t.total_float_minutes / DAY_MINUTES:g}d" + (" critical" if t.critical else ""),
            t.driver["text"],
        ]
        for t in shown
    ]
    title = f"Schedule of {key}"
    if len(shown) < len(report.tasks):
        title += f" ({len(shown)} of {len(report.tasks)} tasks, critical first; --show N or --json for more)"
    console.print(table(title, ["key", "name", "start", "finish", "float", "driver"], rows))
    finish = report.finish.isoformat(sep=" ", timespec="minutes") if report.finish else "—"
    console.print(f"Finish: [bold]{finish}[/]. Status: {report.status.value}.")
    if report.violated_links:
        console.print(f"Links not met because a constraint won: {', '.join(report.violated_links)}.")


baseline = typer.Typer(help="Save, list and compare baselines (frozen copies of a schedule).", no_args_is_help=True)
NumberOption = Annotated[int, typer.Option("--number", min=0, max=10, help="Baseline number, 0 to 10.")]


@baseline.command("save")
@reports_errors
def baseline_save(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Key of the project.")],
    number: NumberOption = 0,
    name: Annotated[str, typer.Option(help="A name for it, e.g. 'Contract signed'.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Schedule the project and save its dates, work and cost as baseline N (replacing it)."""
    s = state(ctx)
    stored = s.accord.baselines.save(s.actor(), project, number, name)
    if as_json:
        emit_json(entity_json(stored))
    else:
        console.print(f"Baseline {number} of {project} saved as {stored.entity.key} (version {stored.version}).")


@baseline.command("list")
@reports_errors
def baseline_list(
    ctx: typer.Context, project: Annotated[str, typer.Argument(help="Key of the project.")], as_json: JsonFlag = False
) -> None:
    """List a project's baselines."""
    s = state(ctx)
    found = s.accord.baselines.list(s.actor(), project)
    if as_json:
        emit_json([{k: v for k, v in entity_json(b).items() if k != "tasks"} for b in found])
        return
    rows = [[b.entity.key, b.entity.label, b.entity.number, b.entity.saved_at, len(b.entity.tasks)] for b in found]  # type: ignore[attr-defined]
    console.print(table(f"Baselines of {project}", ["key", "name", "number", "saved at", "tasks"], rows))


@baseline.command("compare")
@reports_errors
def baseline_compare(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Key of the project.")],
    number: NumberOption = 0,
    as_json: JsonFlag = False,
) -> None:
    """The current schedule against a baseline: start, finish, duration, work and cost variances."""
    s = state(ctx)
    found = s.accord.baselines.compare(s.actor(), project, number)
    printed = {
        "project": found.project,
        "baseline": found.baseline,
        "number": found.number,
        "finish_variance_minutes": found.finish_variance_minutes,
        "cost_variance": canonical_amount(found.cost_variance),
        "added_since": list(found.missing),
        "tasks": [
            {
                **{k: v for k, v in vars(t).items() if k != "cost_variance"},
                "cost_variance": canonical_amount(t.cost_variance),
            }
            for t in found.tasks
        ],
    }
    if as_json:
        emit_json(printed)
        return
    rows = [
        [
            t.task,
            t.name,
            _days(t.start_variance_minutes),
            _days(t.finish_variance_minutes),
            _days(t.duration_variance_minutes),
            canonical_amount(t.cost_variance),
        ]
        for t in found.tasks
        if t.start_variance_minutes or t.finish_variance_minutes or t.duration_variance_minutes or t.cost_variance
    ]
    console.print(
        table(
            f"{project} against baseline {number} ({found.baseline})",
            ["key", "name", "start", "finish", "duration", "cost"],
            rows,
        )
    )
    console.print(
        f"Finish variance: {_days(found.finish_variance_minutes)}; cost variance: {canonical_amount(found.cost_variance)}."
    )


def _days(minutes: int) -> str:
    return f"{minutes / DAY_MINUTES:+g}d" if minutes else "0"


@reports_errors
def evm(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Key of the project.")],
    status_date: Annotated[
        str | None,
        typer.Option("--status-date", metavar="YYYY-MM-DD", help="Measure at this date (default: the project's)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Earned value at the status date: PV, EV, AC, SV, CV, SPI, CPI, EAC, ETC, VAC, TCPI and the curves."""
    s = state(ctx)
    when = None if status_date is None else decode_value(dt.date, status_date, "evm", "status_date")
    report = s.accord.earned_value.measure(s.actor(), project, when)
    printed = report.as_json()
    if as_json:
        emit_json(printed)
        return
    names = ["bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "etc", "vac", "tcpi"]
    console.print(
        table(
            f"Earned value of {project} at {report.status_date} (against {report.plan})",
            names,
            [[printed[n] for n in names]],
        )
    )
    console.print(f"Budgets: {report.budget_source}. EAC by formula: {printed['eac_formulas']}.")
