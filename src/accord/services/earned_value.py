"""Earned value of a project at a status date, with its time-phased curves."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from accord.domain.baseline import Baseline
from accord.domain.codec import Json
from accord.domain.errors import NotFoundError, ValidationError
from accord.domain.project import Project
from accord.domain.resources import Assignment, CostEntry, Resource
from accord.scheduling.costs import task_work_and_cost
from accord.scheduling.earned_value import Measures, measure, planned_fraction
from accord.scheduling.plan import Plan
from accord.services.actor import Actor, authorized
from accord.services.scheduling import compute_schedulable
from accord.services.unit_of_work import UnitOfWorkFactory
from accord.store.repository import EntityRepository

CURVE_STEP = dt.timedelta(days=7)


@dataclass(frozen=True)
class EarnedValueReport:
    project: str
    status_date: dt.date
    plan: str
    """What planned value is measured against: 'baseline N' or 'current schedule'."""
    budget_source: str
    measures: Measures
    curve: tuple[tuple[dt.date, float, float | None, float | None], ...]
    """Weekly (date, PV, EV, AC); EV and AC are known up to the status date only."""

    def as_json(self) -> dict[str, Json]:
        m = self.measures

        def money(value: float | None) -> float | None:
            return None if value is None else round(value, 2)

        def index(value: float | None) -> float | None:
            return None if value is None else round(value, 3)

        return {
            "project": self.project,
            "status_date": self.status_date.isoformat(),
            "plan": self.plan,
            "budget_source": self.budget_source,
            "bac": money(m.budget_at_completion),
            "pv": money(m.planned_value),
            "ev": money(m.earned_value),
            "ac": money(m.actual_cost),
            "sv": money(m.schedule_variance),
            "cv": money(m.cost_variance),
            "spi": index(m.schedule_performance_index),
            "cpi": index(m.cost_performance_index),
            "eac": money(m.estimate_at_completion),
            "eac_formulas": {k: money(v) for k, v in m.estimates_at_completion.items()},
            "etc": money(m.estimate_to_complete),
            "vac": money(m.variance_at_completion),
            "tcpi": index(m.to_complete_performance_index),
            "curve": [
                {"date": d.isoformat(), "pv": money(pv), "ev": money(ev), "ac": money(ac)}
                for d, pv, ev, ac in self.curve
            ],
        }


class EarnedValueService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def measure(self, actor: Actor, project: str, status_date: dt.date | None = None) -> EarnedValueReport:
        """Measured against baseline 0 where there is one, else the current schedule. Task
        budgets come from the plan's assignment costs, or else the project's budget shared out by
        duration."""
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            return measure_project(repository, project, status_date)


def measure_project(
    repository: EntityRepository, project: str, status_date: dt.date | None = None
) -> EarnedValueReport:
    """Earned value of one project, read through `repository` (see `EarnedValueService.measure`)."""
    stored = repository.get(Project, project) if repository.kind_of(project) == Project.kind else None
    if stored is None or not isinstance(stored.entity, Project):
        raise NotFoundError(f"no project has the key {project!r}", key=project)
    record = stored.entity
    status = status_date or record.status_date
    if status is None:
        raise ValidationError(f"project {project}", "status_date", "is not set: give --status-date")
    computed = compute_schedulable(repository, project, status, subject=f"project {project}")
    current = {t.key: (t.early_start, t.early_finish) for t in computed.report.tasks}
    baselines = [
        b.entity for b in repository.find(Baseline, where={"project": project}) if isinstance(b.entity, Baseline)
    ]
    progress = progress_of(
        record,
        status,
        computed.plan,
        leaves(computed.plan).get(project, []),
        current,
        next((b for b in baselines if b.number == 0), None),
        repository.every(Assignment),
        {r.key: r for r in repository.every(Resource)},
        [e.entity for e in repository.find(CostEntry, where={"project": project}) if isinstance(e.entity, CostEntry)],
    )
    return EarnedValueReport(
        project, status, progress.plan_name, progress.budget_source, progress.measures(), progress.curve()
    )


def leaves(plan: Plan) -> dict[str, list[int]]:
    """The plan's tasks without children (those that carry work and cost), by project."""
    found: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(plan.tasks):
        if not plan.children[i]:
            found[t.project].append(i)
    return found


@dataclass(frozen=True)
class Progress:
    """A project's leaf tasks on a computed plan, with their budgets: what earned value is
    measured from."""

    project: Project
    status_date: dt.date
    plan_name: str
    budget_source: str
    budget: np.ndarray
    start: np.ndarray
    """Planned start of each task, in working minutes of its calendar."""
    finish: np.ndarray
    percent: np.ndarray
    actual_start: np.ndarray
    last_finish: dt.datetime
    entries: tuple[CostEntry, ...]
    at: Callable[[dt.datetime], np.ndarray]
    """A moment in working minutes of each task's calendar."""

    @property
    def status_clock(self) -> dt.datetime:
        return dt.datetime.combine(self.status_date + dt.timedelta(days=1), dt.time())

    def spent(self, day: dt.date) -> float:
        return float(sum((e.amount for e in self.entries if e.incurred_on <= day), Decimal(0)))

    def measures(self) -> Measures:
        return measure(
            self.budget, self.start, self.finish, self.percent, self.at(self.status_clock), self.spent(self.status_date)
        )

    def curve(self) -> tuple[tuple[dt.date, float, float | None, float | None], ...]:
        """Weekly PV, and EV and AC up to the status date; earned value so far is taken to have
        accrued evenly from each task's actual start."""
        points = []
        status = self.status_date
        last = max(self.status_clock, self.last_finish)
        day = self.project.start
        while dt.datetime.combine(day, dt.time()) <= last + CURVE_STEP:
            moment = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
            pv = float((self.budget * planned_fraction(self.start, self.finish, self.at(moment))).sum())
            if day <= status:
                share = planned_fraction(self.actual_start, self.at(self.status_clock), self.at(moment))
                ev: float | None = float((self.budget * self.percent / 100.0 * share).sum())
                ac: float | None = self.spent(day)
            else:
                ev = ac = None
            points.append((day, pv, ev, ac))
            day += CURVE_STEP
        return tuple(points)


def progress_of(
    project: Project,
    status: dt.date,
    plan: Plan,
    nodes: Sequence[int],
    dates: Mapping[str, tuple[dt.datetime, dt.datetime]],
    baseline: Baseline | None,
    assignments: Iterable[Assignment],
    resources: Mapping[str, Resource],
    entries: Iterable[CostEntry],
) -> Progress:
    """The project's tasks at `nodes` of `plan` (its leaves), measured against `baseline`
    (number 0) where there is one, else the computed `dates` (early start and finish by task
    key). Task budgets come from the planned costs, or else the project's budget shared out by
    duration."""
    tasks = [plan.tasks[i] for i in nodes]
    if baseline is not None:
        saved = {row.task: row for row in baseline.tasks}
        starts = [saved[t.key].start if t.key in saved else None for t in tasks]
        finishes = [saved[t.key].finish if t.key in saved else None for t in tasks]
        costs = [saved[t.key].cost if t.key in saved else Decimal(0) for t in tasks]
        plan_name = f"baseline 0 ({baseline.key})"
    else:
        starts = [dates[t.key][0] for t in tasks]
        finishes = [dates[t.key][1] for t in tasks]
        work_cost = task_work_and_cost(tasks, assignments, resources, {t.key: dates[t.key][0] for t in tasks})
        costs = [work_cost[t.key][1] for t in tasks]
        plan_name = "current schedule"
    # The budget at completion is the project's budget where it has one; it is shared
    # among tasks by their planned cost, or by their duration where nothing is costed.
    weights = np.asarray([float(c) for c in costs])
    shared_by = "planned cost"
    if weights.sum() <= 0:
        weights = np.asarray([t.duration for t in tasks], dtype=np.float64)
        shared_by = "duration"
    if project.budget is not None:
        total = float(project.budget)
        budget_source = f"project budget, shared by {shared_by}"
    elif shared_by == "planned cost":
        total = float(weights.sum())
        budget_source = "planned cost"
    else:
        raise ValidationError(f"project {project.key}", "budget", "no costs are planned and no budget is set")
    budget = total * weights / weights.sum() if weights.sum() else weights
    calendars = plan.calendars
    calendar = plan.network.calendar[np.asarray(nodes, dtype=np.int64)]
    project_start = dt.datetime.combine(project.start, project.start_time or dt.time())
    status_clock = dt.datetime.combine(status + dt.timedelta(days=1), dt.time())

    zone = plan.zones.get(project.key)  # dates are the project's wall-clock times

    def working(times: list[dt.datetime | None], fallback: dt.datetime) -> np.ndarray:
        return calendars.working(calendar, calendars.minutes([t or fallback for t in times], zone))

    def at(when: dt.datetime) -> np.ndarray:
        return calendars.working(calendar, np.full(len(tasks), calendars.minute(when, zone), dtype=np.int64))

    return Progress(
        project=project,
        status_date=status,
        plan_name=plan_name,
        budget_source=budget_source,
        budget=budget,
        start=working(list(starts), project_start),
        finish=working(list(finishes), project_start),
        percent=np.asarray([t.percent_complete for t in tasks], dtype=np.int64),
        actual_start=working([t.actual_start for t in tasks], status_clock),
        last_finish=max([project_start, *(f for f in finishes if f is not None)]),
        entries=tuple(entries),
        at=at,
    )
