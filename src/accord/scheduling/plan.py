"""From projects, tasks, links and calendars to a network and its calendars.

A summary task becomes two events: its start (which links into the summary reach, and which
every child follows) and its finish (which waits for every child, and which finish-to-start and
finish-to-finish links out of the summary leave from). Start-to-start and start-to-finish links
out of a summary leave from its start event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.domain.calendar import Calendar
from accord.domain.project import ConstraintType, Dependency, LagFormat, LinkType, Project, Task
from accord.scheduling.calendars import CompiledCalendars, ResolvedCalendar, compile_calendars, resolve, standard
from accord.scheduling.cpm import Schedule
from accord.scheduling.network import FF, FS, NO_TIME, SF, SS, Network

I64 = NDArray[np.int64]
STANDARD = "(standard)"
"""Calendar of tasks whose project names none."""

_LINK = {
    LinkType.FINISH_TO_START: FS,
    LinkType.START_TO_START: SS,
    LinkType.FINISH_TO_FINISH: FF,
    LinkType.START_TO_FINISH: SF,
}
_LAG = {LagFormat.WORKING: 0, LagFormat.ELAPSED: 1, LagFormat.PERCENT: 2}
_CONSTRAINT = {kind: code for code, kind in enumerate(ConstraintType)}


@dataclass(frozen=True)
class Plan:
    network: Network
    calendars: CompiledCalendars
    tasks: tuple[Task, ...]
    """Task i is node i; a summary's finish event is node `finish_node[i]`."""
    finish_node: tuple[int, ...]
    """For each task, the node holding its finish: itself, or its finish event if a summary."""
    children: tuple[tuple[int, ...], ...]
    """For each task, the indexes of its child tasks."""
    link_origin: tuple[str | None, ...]
    """For each edge, the key of the dependency it comes from; None for WBS edges."""
    links: tuple[Dependency, ...]


def build(
    projects: Sequence[Project],
    tasks: Sequence[Task],
    links: Sequence[Dependency],
    calendars: Sequence[Calendar],
    status_date: dt.date | None = None,
    years_ahead: int = 4,
) -> Plan:
    """Compile a plan. Links whose tasks are not among `tasks` are left out. `status_date`
    overrides the projects' own."""
    by_project = {p.key: p for p in projects}
    index = {t.key: i for i, t in enumerate(tasks)}
    n_tasks = len(tasks)
    children: list[list[int]] = [[] for _ in tasks]
    for i, task in enumerate(tasks):
        if task.parent is not None and task.parent in index:
            children[index[task.parent]].append(i)
    summaries = [i for i in range(n_tasks) if children[i]]
    finish_node = list(range(n_tasks))
    for extra, i in enumerate(summaries):
        finish_node[i] = n_tasks + extra
    n = n_tasks + len(summaries)
    owner = [*range(n_tasks), *summaries]  # the task each node belongs to

    calendar_keys = [STANDARD, *sorted({c.key for c in calendars})]
    calendar_index = {key: i for i, key in enumerate(calendar_keys)}

    def calendar_of(task: Task) -> int:
        key = task.calendar or by_project[task.project].calendar
        return calendar_index.get(key or STANDARD, 0)

    def minutes(when: dt.datetime | None) -> int:
        return NO_TIME if when is None else int((when - epoch).total_seconds() // 60)

    dates = [dt.datetime.combine(p.start, dt.time()) for p in projects]
    dates += [
        d for t in tasks for d in (t.constraint_date, t.deadline, t.actual_start, t.actual_finish) if d is not None
    ]
    first = min(dates).date() - dt.timedelta(days=366) if dates else dt.date.today()
    last = max(dates).date() + dt.timedelta(days=366 * years_ahead) if dates else first + dt.timedelta(days=366)
    epoch = dt.datetime.combine(first, dt.time())
    by_key = {c.key: c for c in calendars}
    years = range(first.year, last.year + 1)
    resolved: list[ResolvedCalendar] = [standard(STANDARD)] + [
        resolve(by_key[k], by_key, years) for k in calendar_keys[1:]
    ]
    compiled = compile_calendars(resolved, first, last)

    duration = np.zeros(n, dtype=np.int64)
    elapsed = np.zeros(n, dtype=bool)
    calendar = np.zeros(n, dtype=np.int64)
    earliest = np.zeros(n, dtype=np.int64)
    constraint = np.zeros(n, dtype=np.int8)
    constraint_time = np.full(n, NO_TIME, dtype=np.int64)
    deadline = np.full(n, NO_TIME, dtype=np.int64)
    actual_start = np.full(n, NO_TIME, dtype=np.int64)
    actual_finish = np.full(n, NO_TIME, dtype=np.int64)
    percent = np.zeros(n, dtype=np.int64)
    status_time = np.full(n, NO_TIME, dtype=np.int64)
    for node in range(n):
        task = tasks[owner[node]]
        project = by_project[task.project]
        calendar[node] = calendar_of(task)
        earliest[node] = minutes(dt.datetime.combine(project.start, dt.time()))
        status = status_date or project.status_date
        summary = bool(children[owner[node]])
        if status is not None and not summary:
            status_time[node] = minutes(dt.datetime.combine(status + dt.timedelta(days=1), dt.time()))
        if node >= n_tasks:  # a summary's finish event
            continue
        if not summary:
            duration[node] = task.duration
            elapsed[node] = task.elapsed
            actual_start[node] = minutes(task.actual_start)
            actual_finish[node] = minutes(task.actual_finish)
            percent[node] = task.percent_complete
        constraint[node] = _CONSTRAINT[task.constraint]
        constraint_time[node] = minutes(task.constraint_date)
        deadline[node] = minutes(task.deadline)

    predecessor: list[int] = []
    successor: list[int] = []
    link_type: list[int] = []
    lag: list[int] = []
    lag_format: list[int] = []
    origin: list[str | None] = []

    def edge(p: int, s: int, kind: int, minutes_or_percent: int, fmt: int, key: str | None) -> None:
        predecessor.append(p)
        successor.append(s)
        link_type.append(kind)
        lag.append(minutes_or_percent)
        lag_format.append(fmt)
        origin.append(key)

    for s in summaries:
        for child in children[s]:
            edge(s, child, SS, 0, 0, None)
            edge(finish_node[child], finish_node[s], FF, 0, 0, None)
    kept: list[Dependency] = []
    for link in links:
        if link.predecessor not in index or link.successor not in index:
            continue
        p, s = index[link.predecessor], index[link.successor]
        kind = _LINK[link.type]
        source = finish_node[p] if kind in (FS, FF) else p
        edge(source, s, kind, link.lag, _LAG[link.lag_format], link.key)
        kept.append(link)

    network = Network(
        duration=duration,
        elapsed=elapsed,
        calendar=calendar,
        earliest=earliest,
        constraint=constraint,
        constraint_time=constraint_time,
        deadline=deadline,
        actual_start=actual_start,
        actual_finish=actual_finish,
        percent_complete=percent,
        status_time=status_time,
        predecessor=np.asarray(predecessor, dtype=np.int64),
        successor=np.asarray(successor, dtype=np.int64),
        link_type=np.asarray(link_type, dtype=np.int8),
        lag=np.asarray(lag, dtype=np.int64),
        lag_format=np.asarray(lag_format, dtype=np.int8),
    )
    return Plan(
        network,
        compiled,
        tuple(tasks),
        tuple(finish_node),
        tuple(tuple(c) for c in children),
        tuple(origin),
        tuple(kept),
    )


@dataclass(frozen=True)
class TaskDates:
    """The schedule per task (summaries rolled up from their children), clock minutes."""

    early_start: I64
    early_finish: I64
    late_start: I64
    late_finish: I64
    total_float: I64
    free_float: I64
    critical: NDArray[np.bool_]
    driver: NDArray[np.int8]
    driving_link: I64


def task_dates(plan: Plan, schedule: Schedule) -> TaskDates:
    """Per task: leaves as scheduled; a summary spans its children (earliest start, latest finish,
    least float), computed from the deepest summaries up."""
    n = len(plan.tasks)
    finish = np.asarray(plan.finish_node, dtype=np.int64)
    own = np.arange(n)
    dates = TaskDates(
        early_start=schedule.early_start[own].copy(),
        early_finish=schedule.early_finish[finish].copy(),
        late_start=schedule.late_start[own].copy(),
        late_finish=schedule.late_finish[finish].copy(),
        total_float=schedule.total_float[own].copy(),
        free_float=schedule.free_float[finish].copy(),
        critical=schedule.critical[own].copy(),
        driver=schedule.driver[own].copy(),
        driving_link=schedule.driving_link[own].copy(),
    )
    zero = dates.early_start == dates.early_finish
    dates.late_start[zero] = dates.late_finish[zero]
    index = {t.key: k for k, t in enumerate(plan.tasks)}
    parent_of = [index.get(t.parent, -1) if t.parent is not None else -1 for t in plan.tasks]
    depth = [0] * n
    for i in range(n):  # WBS depth, walking up; loops were refused when the tasks were stored
        above, steps = parent_of[i], 0
        while above >= 0 and steps <= n:
            above, steps = parent_of[above], steps + 1
        depth[i] = steps
    for s in sorted((i for i in range(n) if plan.children[i]), key=lambda i: -depth[i]):
        kids = list(plan.children[s])
        dates.early_start[s] = dates.early_start[kids].min()
        dates.early_finish[s] = dates.early_finish[kids].max()
        dates.late_start[s] = dates.late_start[kids].min()
        dates.late_finish[s] = dates.late_finish[kids].max()
        dates.total_float[s] = dates.total_float[kids].min()
        dates.critical[s] = bool(dates.critical[kids].any())
    return dates
