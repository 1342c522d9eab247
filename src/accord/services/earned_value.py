"""Earned value of a project at a status date, with its time-phased curves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from accord.domain.baseline import Baseline
from accord.domain.codec import Json
from accord.domain.errors import NotFoundError, ValidationError
from accord.domain.project import Project
from accord.domain.resources import Assignment, CostEntry, Resource
from accord.scheduling.costs import task_work_and_cost
from accord.scheduling.cpm import ScheduleStatus
from accord.scheduling.earned_value import Measures, measure, planned_fraction
from accord.services.actor import Actor, authorized
from accord.services.scheduling import compute
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
    computed = compute(repository, project, status)
    if computed.result.status is ScheduleStatus.CYCLE:
        raise ValidationError(f"project {project}", "links", f"form a cycle: {' → '.join(computed.report.cycle)}")
    plan = computed.plan
    nodes = [i for i, t in enumerate(plan.tasks) if t.project == project and not plan.children[i]]
    tasks = [plan.tasks[i] for i in nodes]
    baseline = next(
        (
            b.entity
            for b in repository.find(Baseline, where={"project": project})
            if isinstance(b.entity, Baseline) and b.entity.number == 0
        ),
        None,
    )
    if baseline is not None:
        saved = {row.task: row for row in baseline.tasks}
        starts = [saved[t.key].start if t.key in saved else None for t in tasks]
        finishes = [saved[t.key].finish if t.key in saved else None for t in tasks]
        costs = [saved[t.key].cost if t.key in saved else Decimal(0) for t in tasks]
        plan_name = f"baseline 0 ({baseline.key})"
    else:
        current = {t.key: t for t in computed.report.tasks}
        starts = [current[t.key].early_start for t in tasks]
        finishes = [current[t.key].early_finish for t in tasks]
        keys = {t.key for t in tasks}
        assignments = [
            a.entity for a in repository.find(Assignment) if isinstance(a.entity, Assignment) and a.entity.task in keys
        ]
        resources = {r.entity.key: r.entity for r in repository.find(Resource) if isinstance(r.entity, Resource)}
        work_cost = task_work_and_cost(tasks, assignments, resources)
        costs = [work_cost[t.key][1] for t in tasks]
        plan_name = "current schedule"
    # The budget at completion is the project's budget where it has one; it is shared
    # among tasks by their planned cost, or by their duration where nothing is costed.
    weights = np.asarray([float(c) for c in costs])
    shared_by = "planned cost"
    if weights.sum() <= 0:
        weights = np.asarray([t.duration for t in tasks], dtype=np.float64)
        shared_by = "duration"
    if record.budget is not None:
        total = float(record.budget)
        budget_source = f"project budget, shared by {shared_by}"
    elif shared_by == "planned cost":
        total = float(weights.sum())
        budget_source = "planned cost"
    else:
        raise ValidationError(f"project {project}", "budget", "no costs are planned and no budget is set")
    budget = total * weights / weights.sum() if weights.sum() else weights
    entries = [
        e.entity for e in repository.find(CostEntry, where={"project": project}) if isinstance(e.entity, CostEntry)
    ]
    calendars = plan.calendars
    calendar = plan.network.calendar[np.asarray(nodes, dtype=np.int64)]

    def working(times: list[dt.datetime | None], fallback: dt.datetime) -> np.ndarray:
        minutes = np.asarray([calendars.minute(t or fallback) for t in times], dtype=np.int64)
        return calendars.working(calendar, minutes)

    project_start = dt.datetime.combine(record.start, dt.time())
    start_w = working(list(starts), project_start)
    finish_w = working(list(finishes), project_start)
    percent = np.asarray([t.percent_complete for t in tasks], dtype=np.int64)
    status_clock = dt.datetime.combine(status + dt.timedelta(days=1), dt.time())

    def at(when: dt.datetime) -> np.ndarray:
        return calendars.working(calendar, np.full(len(tasks), calendars.minute(when), dtype=np.int64))

    def spent(day: dt.date) -> float:
        return float(sum((e.amount for e in entries if e.incurred_on <= day), Decimal(0)))

    measures = measure(budget, start_w, finish_w, percent, at(status_clock), spent(status))
    # Earned value so far is taken to have accrued evenly from each task's actual start.
    actual_start = working([t.actual_start for t in tasks], status_clock)
    curve = []
    last = max([status_clock, *(f for f in finishes if f is not None)])
    day = record.start
    while dt.datetime.combine(day, dt.time()) <= last + CURVE_STEP:
        moment = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
        pv = float((budget * planned_fraction(start_w, finish_w, at(moment))).sum())
        if day <= status:
            share = planned_fraction(actual_start, at(status_clock), at(moment))
            ev: float | None = float((budget * percent / 100.0 * share).sum())
            ac: float | None = spent(day)
        else:
            ev = ac = None
        curve.append((day, pv, ev, ac))
        day += CURVE_STEP
    return EarnedValueReport(project, status, plan_name, budget_source, measures, tuple(curve))
