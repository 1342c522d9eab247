"""Scheduling a project, or a program's projects together, and storing the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.domain.calendar import Calendar
from accord.domain.codec import Json
from accord.domain.errors import ValidationError
from accord.domain.program import Program
from accord.domain.project import Dependency, Project, Task
from accord.domain.resources import Assignment, Resource
from accord.scheduling.calendars import HorizonExceeded, NoWorkingTime
from accord.scheduling.cpm import Driver, Schedule, ScheduleStatus, schedule
from accord.scheduling.plan import Plan, TaskDates, build, resource_calendars, task_dates
from accord.services.actor import Actor, authorized
from accord.services.entities import Clock, utc_now
from accord.services.unit_of_work import UnitOfWorkFactory
from accord.store.repository import EntityRepository
from accord.store.schedules import ScheduleStore

if TYPE_CHECKING:
    from accord.services.resident_plans import ResidentPlans as Resident

DAY_MINUTES = 480


@dataclass(frozen=True)
class TaskSchedule:
    key: str
    name: str
    project: str
    early_start: dt.datetime
    early_finish: dt.datetime
    late_start: dt.datetime
    late_finish: dt.datetime
    total_float_minutes: int
    free_float_minutes: int
    critical: bool
    driver: dict[str, Json]


@dataclass(frozen=True)
class ScheduleReport:
    key: str
    """The project or program scheduled."""
    projects: tuple[str, ...]
    status: ScheduleStatus
    finish: dt.datetime | None
    status_date: dt.date | None
    tasks: tuple[TaskSchedule, ...] = ()
    cycle: tuple[str, ...] = ()
    violated_links: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Json]:
        return {
            "project": self.key,
            "projects": list(self.projects),
            "status": self.status.value,
            "finish": None if self.finish is None else self.finish.isoformat(),
            "status_date": None if self.status_date is None else self.status_date.isoformat(),
            "cycle": list(self.cycle),
            "violated_links": list(self.violated_links),
            "tasks": [
                {
                    "key": t.key,
                    "name": t.name,
                    "project": t.project,
                    "early_start": t.early_start.isoformat(),
                    "early_finish": t.early_finish.isoformat(),
                    "late_start": t.late_start.isoformat(),
                    "late_finish": t.late_finish.isoformat(),
                    "total_float_minutes": t.total_float_minutes,
                    "free_float_minutes": t.free_float_minutes,
                    "critical": t.critical,
                    "driver": t.driver,
                }
                for t in self.tasks
            ],
        }


class SchedulingService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock = utc_now, resident: Resident | None = None) -> None:
        self._uow = unit_of_work
        self._clock = clock
        self._resident = resident

    def schedule(
        self,
        actor: Actor,
        key: str,
        status_date: dt.date | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> ScheduleReport:
        """Schedule a project (or every project of a program together) and store the dates.

        Projects that feed it through links between projects are scheduled with it, so those
        links are honoured. A dependency cycle is reported in the result, not raised. In a
        resident process, a schedule kept from before is brought up to date where only some
        of its tasks changed (see `accord.services.resident_plans`). `progress` hears of each
        step done: "scheduled", then "stored".
        """
        done = progress or (lambda step: None)
        with self._uow(write=True) as uow:
            repository, audit = authorized(uow, actor)
            store = ScheduleStore(uow.connection, repository)
            if self._resident is not None:
                kept = self._resident.reschedule(repository, audit, store, key, status_date, self._clock())
                if kept is not None:
                    uow.commit()
                    done("scheduled")
                    done("stored")
                    return kept
            computed = compute(repository, key, status_date)
            done("scheduled")
            if computed.result.status is not ScheduleStatus.CYCLE:
                store_report(store, computed.report, self._clock())
                if self._resident is not None:
                    self._resident.remember(repository, audit, store, key, status_date, computed)
            uow.commit()
            done("stored")
            return computed.report


@dataclass(frozen=True)
class Computed:
    """A schedule computed from the stored plan, not yet stored."""

    projects: tuple[Project, ...]
    """The projects asked for, then those feeding them."""
    tasks: tuple[Task, ...]
    plan: Plan
    result: Schedule
    report: ScheduleReport


def compute(repository: EntityRepository, key: str, status_date: dt.date | None = None) -> Computed:
    """Schedule a project or a program (with the projects feeding it) from what is stored."""
    return compute_projects(repository, key, _projects_of(repository, key), status_date)


def compute_projects(
    repository: EntityRepository, key: str, wanted: Sequence[str], status_date: dt.date | None = None
) -> Computed:
    """Schedule the `wanted` projects together (with the projects feeding them), in one load;
    `key` names the result."""
    projects, tasks, links, calendars = _load(repository, wanted)
    plan, result = plan_and_schedule(projects, tasks, links, calendars, status_date, _resource_calendars(repository))
    report = _report(key, wanted, plan, result, projects, status_date)
    return Computed(tuple(projects), tuple(tasks), plan, result, report)


def compute_schedulable(
    repository: EntityRepository, key: str, status_date: dt.date | None = None, *, subject: str | None = None
) -> Computed:
    """`compute`, refusing a plan whose links form a cycle (the message names its tasks)."""
    computed = compute(repository, key, status_date)
    if computed.result.status is ScheduleStatus.CYCLE:
        raise ValidationError(subject or key, "links", f"form a cycle: {' → '.join(computed.report.cycle)}")
    return computed


def _projects_of(repository: EntityRepository, key: str) -> tuple[str, ...]:
    kind = repository.kind_of(key)
    if kind == Project.kind:
        return (key,)
    if kind == Program.kind:
        members = tuple(s.entity.key for s in repository.find(Project, where={"program": key}))
        if not members:
            raise ValidationError(f"program {key}", "projects", "has no projects to schedule")
        return members
    if kind is None:
        raise ValidationError("schedule", "key", f"nothing has the key {key!r}")
    raise ValidationError("schedule", "key", f"{key} is a {kind.replace('_', ' ')}; give a project or a program")


def _load(
    repository: EntityRepository, wanted: Sequence[str]
) -> tuple[list[Project], list[Task], list[Dependency], list[Calendar]]:
    """The projects, with every project that feeds them through links, transitively."""
    links = repository.every(Dependency)
    project_of: dict[str, str] = {}
    tasks: list[Task] = []
    pending, seen = list(wanted), list(wanted)
    while pending:
        project = pending.pop(0)
        own = [s.entity for s in repository.find(Task, where={"project": project}) if isinstance(s.entity, Task)]
        tasks += own
        project_of.update((t.key, project) for t in own)
        for link in links:
            if link.successor in project_of and link.predecessor not in project_of:
                upstream = repository.get(Task, link.predecessor).entity
                if isinstance(upstream, Task) and upstream.project not in seen:
                    seen.append(upstream.project)
                    pending.append(upstream.project)
    projects = [p for p in (repository.get(Project, k).entity for k in seen) if isinstance(p, Project)]
    calendars = repository.every(Calendar)
    return projects, tasks, links, calendars


def _resource_calendars(repository: EntityRepository) -> dict[str, str]:
    """Calendars of the people on each task (assignments are read only where someone has one)."""
    resources = repository.every(Resource)
    if not any(r.calendar for r in resources):
        return {}
    return resource_calendars(repository.every(Assignment), resources)


def plan_and_schedule(
    projects: Sequence[Project],
    tasks: list[Task],
    links: list[Dependency],
    calendars: list[Calendar],
    status_date: dt.date | None,
    by_resource: dict[str, str] | None = None,
) -> tuple[Plan, Schedule]:
    """Compile the plan and schedule it, the calendars' horizon widened as far as the work
    needs; a calendar in use without working time, or work past 64 years, is refused."""
    years = 4
    while True:
        try:
            plan = build(projects, tasks, links, calendars, status_date, years_ahead=years, resource_calendars=by_resource)
        except NoWorkingTime as none:
            raise ValidationError(
                f"calendar {none.calendar}",
                "working time",
                f"has none between {none.first_day} and {none.last_day}: the work on it cannot be scheduled",
            ) from None
        try:
            return plan, schedule(plan.network, plan.calendars)
        except HorizonExceeded:
            if years > 64:
                raise ValidationError(
                    "schedule", "dates", "the schedule runs past 64 years; check durations and lags"
                ) from None
            years *= 2


def _report(
    key: str,
    wanted: Sequence[str],
    plan: Plan,
    result: Schedule,
    projects: Sequence[Project],
    status_date: dt.date | None,
) -> ScheduleReport:
    by_project = {p.key: p for p in projects}
    effective_status = status_date or next(
        (by_project[k].status_date for k in wanted if by_project[k].status_date), None
    )
    if result.status is ScheduleStatus.CYCLE:
        cycle = tuple(plan.tasks[n].key if n < len(plan.tasks) else _finish_event(plan, n) for n in result.cycle)
        return ScheduleReport(key, tuple(wanted), result.status, None, effective_status, cycle=cycle)
    dates = task_dates(plan, result)
    wanted_set = set(wanted)
    rows = task_rows(plan, dates, [i for i, t in enumerate(plan.tasks) if t.project in wanted_set], by_project)
    finish = max((r.early_finish for r in rows), default=None)
    return ScheduleReport(
        key, tuple(wanted), result.status, finish, effective_status, tuple(rows), violated_links=violated_links(plan, result)
    )


def violated_links(plan: Plan, result: Schedule) -> tuple[str, ...]:
    """The keys of the links a constraint won over, in order."""
    return tuple(sorted({o for e in result.violated_links.tolist() if (o := plan.link_origin[e]) is not None}))


def task_rows(plan: Plan, dates: TaskDates, indexes: Sequence[int], by_project: dict[str, Project]) -> list[TaskSchedule]:
    """The schedule of the plan's tasks `indexes`, as reported."""
    clocks = plan.clocks
    picked = np.asarray(indexes, dtype=np.int64)
    early_start, early_finish = clocks(dates.early_start[picked], indexes), clocks(dates.early_finish[picked], indexes)
    late_start, late_finish = clocks(dates.late_start[picked], indexes), clocks(dates.late_finish[picked], indexes)
    total, free, critical = (dates.total_float[picked].tolist(), dates.free_float[picked].tolist(), dates.critical[picked].tolist())
    describe = _driver_describer(plan, by_project)
    return [
        TaskSchedule(
            key=plan.tasks[i].key,
            name=plan.tasks[i].name,
            project=plan.tasks[i].project,
            early_start=early_start[n],
            early_finish=early_finish[n],
            late_start=late_start[n],
            late_finish=late_finish[n],
            total_float_minutes=total[n],
            free_float_minutes=free[n],
            critical=critical[n],
            driver=describe(i, dates),
        )
        for n, i in enumerate(indexes)
    ]


def _finish_event(plan: Plan, node: int) -> str:
    owner = plan.finish_node.index(node)
    return f"{plan.tasks[owner].key} (finish)"


def _driver_describer(plan: Plan, by_project: dict[str, Project]) -> Callable[[int, TaskDates], dict[str, Json]]:
    links = plan.link_by_key
    net = plan.network

    def describe(i: int, dates: TaskDates) -> dict[str, Json]:
        found = what_drives(i, dates)
        delay = plan.tasks[i].levelling_delay
        if delay and found["kind"] != "actual_start":
            found["levelling_delay_minutes"] = delay
            found["text"] = (
                f"{found['text']}, then a levelling delay of {delay / DAY_MINUTES:g} working days"
                if delay > 0
                else f"{found['text']}, then as late as possible less a levelling advance of {-delay / DAY_MINUTES:g} working days"
            )
        return found

    def what_drives(i: int, dates: TaskDates) -> dict[str, Json]:
        task = plan.tasks[i]
        kind = Driver(int(dates.driver[i]))
        if kind is Driver.LINK:
            edge = int(dates.driving_link[i])
            origin = plan.link_origin[edge]
            if origin is None:
                parent = plan.tasks[int(net.predecessor[edge])].key
                return {"kind": "summary", "task": parent, "text": f"starts with its summary task {parent}"}
            link = links[origin]
            lag = f" {link.lag:+d}{'%' if link.lag_format.value == 'percent' else ' min'}" if link.lag else ""
            return {
                "kind": "link",
                "link": link.key,
                "predecessor": link.predecessor,
                "type": link.type.value,
                "text": f"{link.type.value}{lag} from {link.predecessor} ({link.key})",
            }
        if kind is Driver.CONSTRAINT:
            when = task.constraint_date.isoformat() if task.constraint_date else ""
            return {
                "kind": "constraint",
                "constraint": task.constraint.value,
                "date": when,
                "text": f"constraint {task.constraint.value} {when}",
            }
        if kind is Driver.STATUS_DATE:
            return {"kind": "status_date", "text": "work not done is scheduled after the status date"}
        if kind is Driver.ACTUAL:
            when = task.actual_start.isoformat() if task.actual_start else ""
            return {"kind": "actual_start", "date": when, "text": f"actual start {when}"}
        start = by_project[task.project].start.isoformat()
        return {"kind": "project_start", "date": start, "text": f"project start {start}"}

    return describe


def store_report(
    store: ScheduleStore,
    report: ScheduleReport,
    now: dt.datetime,
    changed: Sequence[TaskSchedule] | None = None,
    finish: Mapping[str, dt.datetime] | None = None,
) -> None:
    """Store a report's schedule of each of its projects: every row, compared with what is
    stored; or, where the caller knows the stored rows differ only there, the rows `changed`
    (and, if it knows them, each project's finish)."""
    if finish is None:
        finish = {}
        for t in report.tasks:
            finish[t.project] = max(finish.get(t.project, t.early_finish), t.early_finish)
    rows: dict[str, list[dict[str, Any]]] = {key: [] for key in report.projects}
    for t in report.tasks if changed is None else changed:
        rows[t.project].append(stored_row(t))
    for project, task_rows in rows.items():
        store.save(
            project,
            scheduled_at=now,
            status=report.status.value,
            status_date=report.status_date,
            finish=finish.get(project),
            tasks=task_rows,
            changes_only=changed is not None,
        )


def stored_row(t: TaskSchedule) -> dict[str, Any]:
    return {
        "task": t.key,
        "early_start": t.early_start,
        "early_finish": t.early_finish,
        "late_start": t.late_start,
        "late_finish": t.late_finish,
        "total_float": t.total_float_minutes,
        "free_float": t.free_float_minutes,
        "critical": t.critical,
        "driver": t.driver,
    }
