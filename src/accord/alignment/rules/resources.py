"""People booked above their capacity across projects (from the computed schedule)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from accord.alignment.findings import Finding, Portfolio, Router, Severity, finding
from accord.domain.resources import ResourceKind


def overallocation(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """RES-OVERALLOCATED: a person booked above capacity on working days, across projects."""
    tasks = {t.key: t for t in portfolio.tasks}
    programs = {p.key: p.program for p in portfolio.projects}
    resources = {r.key: r for r in portfolio.resources if r.resource_kind is ResourceKind.WORK}
    bookings: dict[str, list[tuple[dt.date, dt.date, float, str]]] = defaultdict(list)
    capacity: dict[str, float] = {}
    for assignment in portfolio.assignments:
        resource = resources.get(assignment.resource)
        timing = portfolio.dates.get(assignment.task)
        task = tasks.get(assignment.task)
        if resource is None or resource.person is None or timing is None or task is None or task.duration == 0:
            continue
        bookings[resource.person].append(
            (timing.early_start.date(), timing.early_finish.date(), assignment.units, task.project)
        )
        capacity[resource.person] = max(capacity.get(resource.person, 0.0), resource.max_units)
    for person, booked in sorted(bookings.items()):
        days: dict[dt.date, float] = defaultdict(float)
        projects_on: dict[dt.date, set[str]] = defaultdict(set)
        for first, last, units, project in booked:
            day = first
            while day <= last:
                if day.weekday() < 5:
                    days[day] += units
                    projects_on[day].add(project)
                day += dt.timedelta(days=1)
        over = sorted(d for d, load in days.items() if load > capacity[person] + 1e-9)
        if not over:
            continue
        involved = sorted({p for d in over for p in projects_on[d]})
        if len(involved) < 2:
            continue  # within one project it is the project manager's own levelling to do
        peak = max(days[d] for d in over)
        hours = sum(days[d] - capacity[person] for d in over) * 8
        shared = {programs.get(p) for p in involved}
        program = next(iter(shared)) if len(shared) == 1 else None
        decider = (
            route.decider("program.resource_arbitration", program)
            if program
            else route.decider("organization.portfolio_investment")
        )
        in_programs = sorted(p for p in shared if p)
        yield finding(
            "RES-OVERALLOCATED",
            Severity.HIGH,
            [person, *involved],
            f"{person} is booked at up to {peak:.0%} (capacity {capacity[person]:.0%}) on {len(over)} working days between {over[0]} and "
            f"{over[-1]} ({hours:.0f} hours too many), across {', '.join(involved)}"
            + (f" (programs: {', '.join(in_programs)})" if in_programs else "")
            + ".",
            decider,
            peak=round(peak, 2),
            days=len(over),
            first=over[0].isoformat(),
            last=over[-1].isoformat(),
            hours=round(hours),
        )
