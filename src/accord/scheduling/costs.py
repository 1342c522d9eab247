"""Planned work and cost of tasks, from their assignments and the resources' rates.

Work of an assignment is its planned work, or else the task's duration at the assignment's
units. A work resource costs its standard rate per hour of work plus its cost per use; a
material resource its rate per unit (units × duration in days); a cost resource its cost per use.
Rates come from the assignment's cost rate table, as in effect when the task starts; a
task's fixed cost is added to what its resources cost.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from accord.domain.project import Task
from accord.domain.resources import Assignment, Resource, ResourceKind

MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 480


def task_work_and_cost(
    tasks: Iterable[Task],
    assignments: Iterable[Assignment],
    resources: Mapping[str, Resource],
    starts: Mapping[str, dt.datetime] | None = None,
) -> dict[str, tuple[int, Decimal]]:
    """Planned work (minutes) and cost of each task, by task key; `starts` (by task key) picks
    the rates in effect, else the first of each table."""
    listed = list(tasks)
    duration = {t.key: t.duration for t in listed}
    work: dict[str, int] = defaultdict(int)
    cost: dict[str, Decimal] = defaultdict(Decimal)
    for task in listed:
        if task.fixed_cost:
            cost[task.key] += task.fixed_cost
    prices: dict[tuple[str, str, dt.datetime | None, int], Decimal] = {}
    for assignment in assignments:
        if assignment.task not in duration:
            continue
        resource = resources[assignment.resource]
        on = None if starts is None or not resource.rates else starts.get(assignment.task)
        if resource.resource_kind is ResourceKind.WORK:
            minutes = (
                assignment.work if assignment.work is not None else round(duration[assignment.task] * assignment.units)
            )
            work[assignment.task] += minutes
            priced = (resource.key, assignment.rate_table, on, minutes)  # few distinct ones: exact arithmetic once each
            if priced not in prices:
                rate = resource.rate(assignment.rate_table, on)
                prices[priced] = rate.standard_rate * minutes / MINUTES_PER_HOUR + rate.cost_per_use
            cost[assignment.task] += prices[priced]
        elif resource.resource_kind is ResourceKind.MATERIAL:
            rate = resource.rate(assignment.rate_table, on)
            cost[assignment.task] += rate.standard_rate * Decimal(str(assignment.units)) + rate.cost_per_use
        else:
            cost[assignment.task] += resource.rate(assignment.rate_table, on).cost_per_use
    return {key: (work[key], cost[key]) for key in duration}
