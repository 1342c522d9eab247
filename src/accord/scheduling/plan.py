"""From projects, tasks, links and calendars to a network and its calendars.

A summary task becomes two events: its start (which links into the summary reach, and which
every child follows) and its finish (which waits for every child, and which finish-to-start and
finish-to-finish links out of the summary leave from). Start-to-start and start-to-finish links
out of a summary leave from its start event.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from accord.domain.calendar import Calendar
from accord.domain.project import ConstraintType, Dependency, LagFormat, LinkType, Project, Task
from accord.domain.resources import Assignment, Resource, ResourceKind
from accord.scheduling.calendars import (
    UNION,
    CompiledCalendars,
    ResolvedCalendar,
    compile_calendars,
    resolve,
    standard,
    union,
    zone_offset,
)
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
# The same by the members' values: a million lookups by member cost a Python-level hash each.
_LINK_CODE = {kind.value: code for kind, code in _LINK.items()}
_LAG_CODE = {kind.value: code for kind, code in _LAG.items()}
CONSTRAINT_CODE = {kind.value: code for kind, code in _CONSTRAINT.items()}
DATED_BOUNDS = [
    CONSTRAINT_CODE[k.value]
    for k in (
        ConstraintType.START_NO_EARLIER_THAN,
        ConstraintType.FINISH_NO_EARLIER_THAN,
        ConstraintType.MUST_START_ON,
        ConstraintType.MUST_FINISH_ON,
    )
]
"""Dated lower bounds take the place of the project's start, as in MS Project: a task that must
start on (or no earlier than) a date before the project starts, does."""


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
    zones: Mapping[str, str] = field(default_factory=dict)
    """Each project's time zone, where the plan counts UTC time (projects or calendars in
    several zones); empty where it counts wall-clock time."""

    def zone(self, task: int) -> str | None:
        """The zone task `task`'s dates are read and told in (None: the plan's wall-clock)."""
        return self.zones.get(self.tasks[task].project) if self.zones else None

    def clocks(self, minutes: NDArray[np.integer], tasks: Sequence[int] | None = None) -> list[dt.datetime]:
        """Wall-clock times of minutes, each in the zone of its task (tasks 0, 1, ... unless
        `tasks` says which)."""
        if not self.zones:
            return self.calendars.clocks(minutes)
        values = np.asarray(minutes, dtype=np.int64)
        which = np.arange(len(values)) if tasks is None else np.asarray(tasks, dtype=np.int64)
        names = sorted(set(self.zones.values()))
        rank = {zone: n for n, zone in enumerate(names)}
        zone_of = np.asarray([rank[self.zones[t.project]] for t in self.tasks], dtype=np.int64)[which]
        found: list[dt.datetime] = [dt.datetime.min] * len(values)
        for n, zone in enumerate(names):  # one conversion per zone, over its tasks at once
            picked = np.flatnonzero(zone_of == n)
            for i, moment in zip(picked.tolist(), self.calendars.clocks(values[picked], zone), strict=True):
                found[i] = moment
        return found

    def minute(self, when: dt.datetime, task: int) -> int:
        """The minute of a wall-clock time in task `task`'s zone."""
        return self.calendars.minute(when, self.zone(task))

    # What follows depends only on the plan's structure (see `STRUCTURAL`).

    @functools.cached_property
    def summaries_deepest_first(self) -> tuple[int, ...]:
        """The summary tasks, those deepest in the breakdown first."""
        summaries = [i for i, kids in enumerate(self.children) if kids]
        if not summaries:
            return ()
        index = {t.key: k for k, t in enumerate(self.tasks)}
        parent_of = [index.get(t.parent, -1) if t.parent is not None else -1 for t in self.tasks]
        n = len(self.tasks)

        def depth(i: int) -> int:  # walking up; loops were refused when the tasks were stored
            above, steps = parent_of[i], 0
            while above >= 0 and steps <= n:
                above, steps = parent_of[above], steps + 1
            return steps

        return tuple(sorted(summaries, key=lambda i: -depth(i)))

    @functools.cached_property
    def link_by_key(self) -> dict[str, Dependency]:
        return {link.key: link for link in self.links}


STRUCTURAL = ("summaries_deepest_first", "link_by_key")
"""What a plan works out once from its structure, which a task's own values leave as it is."""


def build(
    projects: Sequence[Project],
    tasks: Sequence[Task],
    links: Sequence[Dependency],
    calendars: Sequence[Calendar],
    status_date: dt.date | None = None,
    years_ahead: int = 4,
    resource_calendars: Mapping[str, str] | None = None,
) -> Plan:
    """Compile a plan. Links whose tasks are not among `tasks` are left out. `status_date`
    overrides the projects' own. `resource_calendars` gives, by task key, the calendar of the
    resources working on it (see `resource_calendars`), which a task without its own calendar
    is scheduled on."""
    by_resource = resource_calendars or {}
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
    owner = [*range(n_tasks), *summaries]  # the task each node belongs to

    known = {c.key for c in calendars}
    project_calendar = {p.key: p.calendar if p.calendar in known else STANDARD for p in projects}
    unions: set[str] = set()

    def key_of(task: Task) -> str:
        if task.calendar in known:
            return str(task.calendar)
        key = by_resource.get(task.key)
        if key is None:
            return project_calendar[task.project]
        if UNION not in key:
            return key if key in known else project_calendar[task.project]
        # People on different calendars: the task is worked whenever any of them works (a
        # person without a calendar of their own works the project's).
        own = project_calendar[task.project]
        joined = UNION.join(sorted({p if p in known else own for p in key.split(UNION)}))
        unions.add(joined)
        return joined

    task_keys = [key_of(t) for t in tasks]
    # Only the calendars the plan uses are compiled — its projects', its tasks', and one by one
    # those of the people on them: another plan's calendar is no concern of this one.
    wanted = {*project_calendar.values(), *task_keys}
    parts = {part for key in wanted for part in key.split(UNION)} - {STANDARD}
    calendar_keys = [STANDARD, *sorted(parts), *sorted(k for k in wanted if UNION in k)]
    by_key = {c.key: c for c in calendars}
    # Projects and calendars in several time zones are scheduled on UTC time: each calendar's
    # working hours read in its zone (or its project's), each date in its project's zone.
    zone = {p.key: p.time_zone for p in projects}
    used = {part for key in set(task_keys) for part in key.split(UNION)}
    zones = set(zone.values()) | {z for k in used if (z := _zone_of(k, by_key)) is not None}
    utc = len(zones) > 1
    entries = sorted({(k, zone[t.project] if utc else "") for k, t in zip(task_keys, tasks, strict=True)})
    entries = sorted({*entries, *((k, "") for k in calendar_keys if not utc)})
    calendar_index = {entry: i for i, entry in enumerate(entries)}

    def minutes(when: dt.datetime | None, project: str) -> int:
        if when is None:
            return NO_TIME
        local = int((when - epoch).total_seconds() // 60)
        return local - zone_offset(zone[project], when.toordinal()) if utc else local

    dates = [dt.datetime.combine(p.start, dt.time()) for p in projects]
    dates += [
        d for t in tasks for d in (t.constraint_date, t.deadline, t.actual_start, t.actual_finish) if d is not None
    ]
    first = min(dates).date() - dt.timedelta(days=366) if dates else dt.date.today()
    last = max(dates).date() + dt.timedelta(days=366 * years_ahead) if dates else first + dt.timedelta(days=366)
    epoch = dt.datetime.combine(first, dt.time())
    years = range(first.year, last.year + 1)
    singles = {STANDARD: standard(STANDARD)} | {k: resolve(by_key[k], by_key, years) for k in sorted(parts)}
    resolved: list[ResolvedCalendar] = [
        singles[k] if UNION not in k else union([singles[p] for p in k.split(UNION)]) for k, _ in entries
    ]
    compiled = compile_calendars(resolved, first, last, [z for _, z in entries] if utc else None)

    # Per node (tasks, then the finish events of summaries), built as lists: a million
    # element-wise writes into numpy arrays cost more than the lists.
    start_of = {p.key: minutes(dt.datetime.combine(p.start, p.start_time or dt.time()), p.key) for p in projects}
    status_of = {
        p.key: NO_TIME if (when := status_date or p.status_date) is None else minutes(
            dt.datetime.combine(when + dt.timedelta(days=1), dt.time()), p.key
        )
        for p in projects
    }
    leaf = [not c for c in children]
    owners = [tasks[o] for o in owner]
    events = len(summaries)
    calendar = np.asarray(
        [calendar_index[(k, zone[t.project] if utc else "")] for k, t in zip(task_keys, tasks, strict=True)],
        dtype=np.int64,
    )[np.asarray(owner, dtype=np.int64)]
    own_bound = np.asarray([CONSTRAINT_CODE[t.constraint._value_] for t in owners], dtype=np.int64)
    dated = np.asarray([t.constraint_date is not None for t in owners], dtype=bool)
    earliest = np.where(
        np.isin(own_bound, DATED_BOUNDS) & dated, 0, np.asarray([start_of[t.project] for t in owners], dtype=np.int64)
    )
    status_time = np.asarray(
        [status_of[t.project] if leaf[o] else NO_TIME for t, o in zip(owners, owner, strict=True)], dtype=np.int64
    )

    def per_task(values: list[int], fill: int, dtype: type) -> np.ndarray:
        return np.asarray(values + [fill] * events, dtype=dtype)

    duration = per_task([t.duration if leaf[i] else 0 for i, t in enumerate(tasks)], 0, np.int64)
    elapsed = per_task([t.elapsed and leaf[i] for i, t in enumerate(tasks)], False, bool)
    actual_start = per_task(
        [minutes(t.actual_start, t.project) if leaf[i] else NO_TIME for i, t in enumerate(tasks)], NO_TIME, np.int64
    )
    actual_finish = per_task(
        [minutes(t.actual_finish, t.project) if leaf[i] else NO_TIME for i, t in enumerate(tasks)], NO_TIME, np.int64
    )
    percent = per_task([t.percent_complete if leaf[i] else 0 for i, t in enumerate(tasks)], 0, np.int64)
    constraint = per_task([CONSTRAINT_CODE[t.constraint._value_] for t in tasks], 0, np.int8)
    constraint_time = per_task([minutes(t.constraint_date, t.project) for t in tasks], NO_TIME, np.int64)
    deadline = per_task([minutes(t.deadline, t.project) for t in tasks], NO_TIME, np.int64)
    delays = [t.levelling_delay if leaf[i] else 0 for i, t in enumerate(tasks)]
    delay = per_task(delays, 0, np.int64) if any(delays) else None

    # Edges: the WBS (a summary's start before each child, each child before the summary's
    # finish), then the links whose tasks are both in the plan.
    wbs = [(summary, child) for summary in summaries for child in children[summary]]
    finish_of = np.asarray(finish_node, dtype=np.int64)
    parent = np.asarray([w[0] for w in wbs], dtype=np.int64)
    child = np.asarray([w[1] for w in wbs], dtype=np.int64)
    source = np.asarray([index.get(k.predecessor, -1) for k in links], dtype=np.int64)
    target = np.asarray([index.get(k.successor, -1) for k in links], dtype=np.int64)
    keep = (source >= 0) & (target >= 0)
    kept = [k for k, ok in zip(links, keep.tolist(), strict=True) if ok]
    source, target = source[keep], target[keep]
    kind = np.asarray([_LINK_CODE[k.type._value_] for k in kept], dtype=np.int8)
    source = np.where((kind == FS) | (kind == FF), finish_of[source], source)
    edges = len(wbs)
    network_links = {
        "predecessor": np.concatenate([np.column_stack([parent, finish_of[child]]).ravel(), source]),
        "successor": np.concatenate([np.column_stack([child, finish_of[parent]]).ravel(), target]),
        "link_type": np.concatenate([np.tile(np.asarray([SS, FF], dtype=np.int8), edges), kind]),
        "lag": np.concatenate([np.zeros(2 * edges, dtype=np.int64), np.asarray([k.lag for k in kept], dtype=np.int64)]),
        "lag_format": np.concatenate(
            [np.zeros(2 * edges, dtype=np.int8), np.asarray([_LAG_CODE[k.lag_format._value_] for k in kept], dtype=np.int8)]
        ),
    }
    origin: list[str | None] = [None] * (2 * edges)
    origin += [k.key for k in kept]

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
        **network_links,
        delay=delay,
    )
    return Plan(
        network,
        compiled,
        tuple(tasks),
        tuple(finish_node),
        tuple(tuple(c) for c in children),
        tuple(origin),
        tuple(kept),
        zone if utc else {},
    )


def _zone_of(key: str, calendars: Mapping[str, Calendar]) -> str | None:
    """The zone a calendar's working hours are in, its own or a base's (None: its project's)."""
    seen = 0
    found = calendars.get(key)
    while found is not None and seen <= len(calendars):
        if found.time_zone is not None:
            return found.time_zone
        found, seen = calendars.get(found.base or ""), seen + 1
    return None


def resource_calendars(assignments: Iterable[Assignment], resources: Iterable[Resource]) -> dict[str, str]:
    """The calendar each task's work is done on, where its people say so, as MS Project does:
    a task whose work resources all follow one calendar of their own is scheduled on it; one
    whose people follow different calendars is worked whenever any of them works (their keys
    joined by `+`; an empty part is someone on the project's calendar)."""
    calendar = {r.key: r.calendar for r in resources if r.resource_kind is ResourceKind.WORK and r.calendar}
    working = {r.key for r in resources if r.resource_kind is ResourceKind.WORK}
    found: dict[str, set[str]] = {}
    for assignment in assignments:
        if assignment.resource in working:
            found.setdefault(assignment.task, set()).add(calendar.get(assignment.resource) or "")
    return {task: UNION.join(sorted(keys)) for task, keys in found.items() if keys != {""}}


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
    for s in plan.summaries_deepest_first:
        kids = list(plan.children[s])
        dates.early_start[s] = dates.early_start[kids].min()
        dates.early_finish[s] = dates.early_finish[kids].max()
        dates.late_start[s] = dates.late_start[kids].min()
        dates.late_finish[s] = dates.late_finish[kids].max()
        dates.total_float[s] = dates.total_float[kids].min()
        dates.critical[s] = bool(dates.critical[kids].any())
    return dates
