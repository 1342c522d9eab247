"""`accord risk`: Monte Carlo schedule risk of a project or a program."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.cli.errors import reports_errors
from accord.cli.output import JsonFlag, console, emit_json, table
from accord.cli.state import state
from accord.domain.codec import decode_value
from accord.scheduling.risk import Distribution


@reports_errors
def risk(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A project, or a program (its projects together).")],
    iterations: Annotated[int, typer.Option("--iterations", min=1, help="How many futures to simulate.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same result.")] = 0,
    distribution: Annotated[
        str, typer.Option(metavar="triangular|pert", help="How durations spread between their three points.")
    ] = "triangular",
    show: Annotated[int, typer.Option("--show", min=0, help="Print at most this many tasks.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """How likely are we to make the date? P10/P50/P80/P90 finish and milestones, which tasks drive the spread.

    Tasks spread between their optimistic and pessimistic durations (the duration is the most
    likely); open risks naming tasks happen with their probability and add their impact.
    """
    s = state(ctx)
    shape = decode_value(Distribution, distribution, "risk", "distribution")
    report = s.accord.risk.analyse(s.actor(), key, iterations=iterations, seed=seed, distribution=shape)
    if as_json:
        emit_json(report.as_json())
        return
    outlooks = [report.finish, *report.milestones]
    rows = [
        [
            o.key,
            f"{o.planned:%Y-%m-%d}",
            *(f"{o.percentiles[p]:%Y-%m-%d}" for p in (10, 50, 80, 90)),
            "" if o.on_time is None else f"{o.on_time:.0%}",
        ]
        for o in outlooks
    ]
    console.print(table(f"Risk of {key}: {report.iterations:,} iterations", ["", "planned", "P10", "P50", "P80", "P90", "on time"], rows))
    drivers = [
        [t["key"], f"{t['criticality']:.0%}", f"{t['sensitivity']:+.2f}", f"{t['mean_duration_days']:g}d"]
        for t in report.tasks[:show]
    ]
    if drivers:
        console.print(table("What drives the spread", ["task", "critical in", "correlation with finish", "mean"], drivers))
    for note in report.approximations:
        console.print(f"Approximation: {note}.")
