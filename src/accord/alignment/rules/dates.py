"""Dates that disagree: deadlines, program milestones, links between projects (from the computed schedule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from accord.alignment.findings import Finding, Portfolio, Router, Severity, finding


def deadlines(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """DATE-DEADLINE: a project's scheduled finish is after its contractual deadline."""
    finish: dict[str, dt.datetime] = {}
    for task in portfolio.tasks:
        timing = portfolio.dates.get(task.key)
        if timing is not None and (task.project not in finish or timing.early_finish > finish[task.project]):
            finish[task.project] = timing.early_finish
    for project in portfolio.projects:
        if project.deadline is None or project.key not in finish:
            continue
        due = dt.datetime.combine(project.deadline, dt.time(23, 59))
        if finish[project.key] > due:
            late = (finish[project.key].date() - project.deadline).days
            yield finding(
                "DATE-DEADLINE",
                Severity.CRITICAL,
                [project.key],
                f"{project.key} is scheduled to finish on {finish[project.key]:%Y-%m-%d %H:%M}, {late} days after its "
                f"contractual deadline of {project.deadline}.",
                route.decider("project.schedule_change", project.key),
                finish=finish[project.key].isoformat(),
                deadline=project.deadline.isoformat(),
                days_late=late,
            )


def program_milestones(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """DATE-PROGRAM-MILESTONE: a program milestone is due before the project milestones it needs."""
    for milestone in portfolio.milestones:
        due = dt.datetime.combine(milestone.date, dt.time(23, 59))
        for key in milestone.depends_on:
            timing = portfolio.dates.get(key)
            if timing is None or timing.early_finish <= due:
                continue
            late = (timing.early_finish.date() - milestone.date).days
            yield finding(
                "DATE-PROGRAM-MILESTONE",
                Severity.CRITICAL,
                [milestone.key, key],
                f"{milestone.name} ({milestone.key}) is due {milestone.date}, but {key} is scheduled for "
                f"{timing.early_finish:%Y-%m-%d %H:%M}, {late} days later.",
                route.decider("program.milestone", milestone.program),
                due=milestone.date.isoformat(),
                scheduled=timing.early_finish.isoformat(),
                days_late=late,
            )


def cross_project_links(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """DATE-CROSS-PROJECT: a link between two projects is not met, or its tasks have negative float."""
    project_of = {t.key: t.project for t in portfolio.tasks}
    program_of = {p.key: p.program for p in portfolio.projects}
    for link in portfolio.links:
        a, b = project_of.get(link.predecessor), project_of.get(link.successor)
        if a is None or b is None or a == b:
            continue
        floats = [
            portfolio.dates[k].total_float_minutes for k in (link.predecessor, link.successor) if k in portfolio.dates
        ]
        broken = link.key in portfolio.violated_links
        if not broken and not any(f < 0 for f in floats):
            continue
        shared = program_of.get(a) if program_of.get(a) == program_of.get(b) else None
        decider = (
            route.decider("program.conflict_resolution", shared)
            if shared
            else route.decider("organization.portfolio_investment")
        )
        what = "is not met" if broken else f"has negative float ({min(floats) / 480:g} days)"
        yield finding(
            "DATE-CROSS-PROJECT",
            Severity.HIGH,
            [link.key, a, b],
            f"The link {link.predecessor} → {link.successor} between {a} and {b} {what}.",
            decider,
        )
