"""One task changed in a compiled plan: its own values written into the plan's arrays, without
compiling the plan anew (a resident process reschedules a large project this way after a
change to one of its tasks)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np

from accord.domain.project import Project, Task
from accord.scheduling.network import NO_TIME
from accord.scheduling.plan import CONSTRAINT_CODE, DATED_BOUNDS, STRUCTURAL, Plan

MARGIN = dt.timedelta(days=366)
"""A changed date keeps this far inside the calendars' horizon, as a compiled plan's do."""


def with_task(plan: Plan, task: Task, project: Project, index: int) -> Plan | None:
    """`plan` with task `index` changed to `task` (of `project`): its duration, constraint,
    deadline, progress and levelling delay. None where the change reaches beyond the task's own
    values — another project, parent or calendar, a summary task, a date near or past the
    calendars' horizon: the plan must be compiled anew."""
    before = plan.tasks[index]
    if (before.key, before.project, before.parent, before.calendar) != (task.key, task.project, task.parent, task.calendar):
        return None
    if plan.children[index] or task.project != project.key:
        return None
    calendars = plan.calendars
    dates = [d for d in (task.constraint_date, task.deadline, task.actual_start, task.actual_finish) if d is not None]
    if any(not calendars.first_day + MARGIN <= d.date() <= calendars.last_day - MARGIN for d in dates):
        return None
    zone = plan.zones.get(task.project)

    def minute(when: dt.datetime | None) -> int:
        return NO_TIME if when is None else calendars.minute(when, zone)

    net = plan.network
    constraint = CONSTRAINT_CODE[task.constraint.value]
    bounded = constraint in DATED_BOUNDS and task.constraint_date is not None
    start = minute(dt.datetime.combine(project.start, project.start_time or dt.time()))
    values = {
        "duration": task.duration,
        "elapsed": task.elapsed,
        "actual_start": minute(task.actual_start),
        "actual_finish": minute(task.actual_finish),
        "percent_complete": task.percent_complete,
        "constraint": constraint,
        "constraint_time": minute(task.constraint_date),
        "deadline": minute(task.deadline),
        "earliest": 0 if bounded else start,
    }
    arrays = {name: getattr(net, name).copy() for name in values}
    for name, value in values.items():
        arrays[name][index] = value
    delay = net.delay
    if delay is not None or task.levelling_delay:
        delay = np.zeros(net.nodes, dtype=np.int64) if delay is None else delay.copy()
        delay[index] = task.levelling_delay
    tasks = (*plan.tasks[:index], task, *plan.tasks[index + 1 :])
    changed = dataclasses.replace(plan, network=dataclasses.replace(net, **arrays, delay=delay), tasks=tasks)
    for name in STRUCTURAL:  # worked out once, kept
        if name in vars(plan):
            vars(changed)[name] = vars(plan)[name]
    return changed
