"""Planned work and cost of tasks, from their assignments and the resources' rates.

Work of an assignment is its planned work, or else the task's duration at the assignment's
units. A work resource costs its standard rate per hour of work plus its cost per use; a
material resource its rate per unit (units × duration in days); a cost resource its cost per use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from accord.domain.project import Task
from accord.domain.resources import Assignment, Resource, ResourceKind

MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 480


def task_work_and_cost(
    tasks: Iterable[Task], assignments: Iterable[Assignment], resources: Mapping[str, Resource]
) -> dict[str, tuple[int, Decimal]]:
    """Planned work (minutes) and cost of each task, by task key."""
    duration = {t.key: t.duration for t in tasks}
    work: dict[str, int] = defaultdict(int)
    cost: dict[str, Decimal] = defaultdict(Decimal)
    prices: dict[tuple[str, int], Decimal] = {}
    for assignment in assignments:
        if assignment.task not in duration:
            continue
        resource = resources[assignment.resource]
        if resource.resource_kind is ResourceKind.WORK:
            minutes = (
                assignment.work if assignment.work is not None else round(duration[assignment.task] * assignment.units)
            )
            work[assignment.task] += minutes
            priced = (resource.key, minutes)  # few distinct ones: exact arithmetic once for each
            if priced not in prices:
                prices[priced] = resource.standard_rate * minutes / MINUTES_PER_HOUR + resource.cost_per_use
            cost[assignment.task] += prices[priced]
        elif resource.resource_kind is ResourceKind.MATERIAL:
            cost[assignment.task] += resource.standard_rate * Decimal(str(assignment.units)) + resource.cost_per_use
        else:
            cost[assignment.task] += resource.cost_per_use
    return {key: (work[key], cost[key]) for key in duration}
