"""`accord level`: what levelling the people a project or program has would move, and why;
stored as levelling delays with `--apply`, removed with `--clear`."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.cli.errors import reports_errors
from accord.cli.output import JsonFlag, console, emit_json, steps, table
from accord.cli.state import state


@reports_errors
def level(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A project, or a program (its projects share their people).")],
    schedules: Annotated[
        int | None, typer.Option("--schedules", min=1, help="Budget of schedules to generate (default 5,000).")
    ] = None,
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", min=0.001, metavar="SECONDS", help="Budget of time instead.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the search: the same seed gives the same result.")] = 0,
    exact: Annotated[
        bool, typer.Option("--exact", help="Then solve exactly (OR-Tools), proving optimality within the time limit (default 10 s).")
    ] = False,
    show: Annotated[int, typer.Option("--show", min=0, help="Print at most this many moved tasks.")] = 30,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply",
            help="Store the result: each task that waits for a resource gets its wait as a levelling delay, "
            "and a task as late as possible that the levelled plan would carry later an advance (a negative "
            "delay); delays stored before are replaced, so 'accord schedule' shows the levelled dates.",
        ),
    ] = False,
    clear: Annotated[
        bool, typer.Option("--clear", help="Only remove the levelling delays of the project's (or program's) tasks.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Delay tasks until nobody is booked over capacity at any time, finishing as early as possible.

    Works in days, or in parts of days (down to hours) where durations and lags need them, each
    person on their own calendar (days off, part days); links, lags and date constraints are
    kept. `--exact` needs the 'exact' extra (OR-Tools); `--time-limit` then bounds the solver.
    The result lists what would move, by how much and why; nothing is stored unless `--apply`.
    `--json` adds the days counted and each resource's availability and peak load on each, before
    and after (percent of one person).
    """
    s = state(ctx)
    if clear:
        if apply:
            raise typer.BadParameter("give --apply or --clear, not both")
        cleared = s.accord.levelling.clear(s.actor(), key)
        if as_json:
            emit_json({"key": key, "cleared": cleared})
        else:
            console.print(f"{key}: levelling delays removed from {len(cleared)} tasks.")
        return
    names = ["scheduled", *(["searched"] if exact else []), "levelled", *(["stored"] if apply else [])]
    with steps(names, f"Levelling {key}", quiet=as_json) as step:
        report = s.accord.levelling.level(
            s.actor(), key, schedules=schedules, seconds=time_limit, seed=seed, exact=exact, apply=apply, progress=step
        )
    if as_json:
        emit_json(report.as_json())
        return
    moved = report.tasks
    rows = [[t.key, f"{t.start:%Y-%m-%d}", f"+{t.delay_days:g}d", t.reason] for t in moved[:show]]
    if rows:
        console.print(table(f"Levelling {key}: tasks that move", ["task", "starts", "delay", "why"], rows))
    over = [k for k, h in report.histograms.items() if max(h["before"] or [0]) > h["capacity_percent"]]
    console.print(
        f"{key}: {len(moved)} tasks move; finish {report.finish_before:%Y-%m-%d} with unlimited people, "
        f"{report.finish_after:%Y-%m-%d} levelled ({report.days_before} → {report.days_after} working days from "
        f"{report.first_day}); {len(over)} of {len(report.histograms)} people or teams were over capacity. "
        f"{report.schedules:,} schedules in {report.seconds:.2f} s."
    )
    if report.proven_optimal is not None:
        console.print(
            "Proven optimal." if report.proven_optimal else f"Not proven optimal: no schedule takes fewer than {report.bound_days} working days."
        )
    for line in report.unresolved:
        console.print(f"Not resolvable by delaying: {line}.")
    if apply:
        console.print("Stored: the tasks that wait have their levelling delay; 'accord schedule' shows the levelled dates.")
