"""People booked above their capacity across projects (from the computed schedule)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

import numpy as np

from accord.alignment.findings import Finding, Portfolio, Router, Severity, finding
from accord.domain.resources import ResourceKind


def overallocation(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """RES-OVERALLOCATED: a person booked above capacity on working days, across projects."""
    projects = {t.key: t.project for t in portfolio.tasks if t.duration}
    programs = {p.key: p.program for p in portfolio.projects}
    people = {
        r.key: (r.person, r.max_units)
        for r in portfolio.resources
        if r.resource_kind is ResourceKind.WORK and r.person is not None
    }
    dates = portfolio.dates
    bookings: dict[str, list[tuple[int, int, float, str]]] = defaultdict(list)
    capacity: dict[str, float] = {}
    for assignment in portfolio.assignments:
        held = people.get(assignment.resource)
        project = projects.get(assignment.task)
        timing = dates.get(assignment.task)
        if held is None or project is None or timing is None:
            continue
        person, units = held
        bookings[person].append(
            (timing.early_start.toordinal(), timing.early_finish.toordinal(), assignment.units, project)
        )
        if capacity.get(person, -1.0) < units:
            capacity[person] = units
    for person, booked in sorted(bookings.items()):
        over, load, involved = _overbooked(booked, capacity[person])
        if len(involved) < 2:
            continue  # within one project it is the project manager's own levelling to do
        peak = max(load)
        hours = sum(x - capacity[person] for x in load) * 8
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


def _overbooked(
    booked: list[tuple[int, int, float, str]], capacity: float
) -> tuple[list[dt.date], list[float], list[str]]:
    """The working days (Monday to Friday) a person is booked above `capacity`, the load on each,
    and the projects booking them on those days. `booked` holds (first day, last day, units,
    project), days as ordinals. Loads add up over a day line: each booking adds its units from
    its first day and takes them off after its last."""
    first = np.asarray([b[0] for b in booked], dtype=np.int64)
    last = np.asarray([b[1] for b in booked], dtype=np.int64)
    units = np.asarray([b[2] for b in booked], dtype=np.float64)
    origin = int(first.min())
    span = int(last.max()) - origin + 2
    change = np.zeros(span, dtype=np.float64)
    np.add.at(change, first - origin, units)
    np.add.at(change, last - origin + 1, -units)
    load = np.cumsum(change)[:-1]
    ordinals = np.arange(origin, origin + span - 1)
    working = (ordinals - 1) % 7 < 5  # ordinal 1 (1 January of year 1) was a Monday
    over = working & (load > capacity + 1e-9)
    if not over.any():
        return [], [], []
    seen = np.concatenate([[0], np.cumsum(over)])  # over-days before each day
    touches = seen[last - origin + 1] - seen[first - origin] > 0
    days = [dt.date.fromordinal(int(o)) for o in ordinals[over]]
    involved = sorted({booked[k][3] for k in np.flatnonzero(touches).tolist()})
    return days, load[over].tolist(), involved
