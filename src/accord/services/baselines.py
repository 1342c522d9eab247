"""Baselines: freeze a project's current schedule, work and cost; compare the schedule with it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from accord.domain.baseline import Baseline, BaselineTask
from accord.domain.errors import NotFoundError
from accord.domain.project import Project, Task
from accord.domain.resources import Assignment, Resource
from accord.scheduling.costs import task_work_and_cost
from accord.services.actor import Actor, authorized
from accord.services.entities import Clock, change_event, utc_now
from accord.services.scheduling import Computed, compute_schedulable
from accord.services.unit_of_work import UnitOfWorkFactory
from accord.store.repository import EntityRepository
from accord.store.rows import Stored


@dataclass(frozen=True)
class TaskVariance:
    task: str
    name: str
    start_variance_minutes: int
    """Working minutes the current start lies after the baseline's (negative: earlier)."""
    finish_variance_minutes: int
    duration_variance_minutes: int
    work_variance_minutes: int
    cost_variance: Decimal


@dataclass(frozen=True)
class Comparison:
    project: str
    baseline: str
    number: int
    tasks: tuple[TaskVariance, ...]
    finish_variance_minutes: int
    cost_variance: Decimal
    missing: tuple[str, ...]
    """Tasks added since the baseline was saved."""


class BaselineService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock = utc_now) -> None:
        self._uow = unit_of_work
        self._clock = clock

    def save(self, actor: Actor, project: str, number: int = 0, name: str = "") -> Stored:
        """Save (or replace) baseline `number` of a project from its schedule as of now."""
        with self._uow(write=True) as uow:
            repository, audit = authorized(uow, actor)
            _require_project(repository, project)
            computed = compute_schedulable(repository, project, subject=f"project {project}")
            rows = _baseline_rows(repository, computed, project)
            now = self._clock()
            existing = _baseline(repository, project, number, required=False)
            if existing is None:
                key = repository.next_key(Baseline)
                baseline = Baseline(key=key, project=project, number=number, name=name, saved_at=now, tasks=rows)
                repository.add(baseline)
                stored = Stored(baseline, 1)
                audit.record([change_event(now, actor, "create", baseline.kind, key, 1, None, baseline)])
            else:
                before = existing.entity
                assert isinstance(before, Baseline)
                baseline = dataclasses.replace(before, name=name or before.name, saved_at=now, tasks=rows)
                version = repository.update(baseline, existing.version)
                stored = Stored(baseline, version)
                audit.record(
                    [change_event(now, actor, "update", baseline.kind, baseline.key, version, before, baseline)]
                )
            uow.commit()
            return stored

    def list(self, actor: Actor, project: str) -> list[Stored]:
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            _require_project(repository, project)
            return sorted(repository.find(Baseline, where={"project": project}), key=lambda s: s.entity.number)  # type: ignore[attr-defined]

    def compare(self, actor: Actor, project: str, number: int = 0) -> Comparison:
        """The current schedule against a baseline, task by task."""
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            _require_project(repository, project)
            stored = _baseline(repository, project, number, required=True)
            assert stored is not None and isinstance(stored.entity, Baseline)
            baseline = stored.entity
            computed = compute_schedulable(repository, project, subject=f"project {project}")
            current = {row.task: row for row in _baseline_rows(repository, computed, project)}
            saved = {row.task: row for row in baseline.tasks}
            calendars = computed.plan.calendars
            index = {t.key: i for i, t in enumerate(computed.plan.tasks)}
            names = {t.key: t.name for t in computed.plan.tasks}

            def working(task: str, when: dt.datetime) -> int:
                node = np.asarray([index[task]])
                calendar = computed.plan.network.calendar[node]
                minute = computed.plan.minute(when, index[task])
                return int(calendars.working(calendar, np.asarray([minute]))[0])

            variances = []
            for key, now in current.items():
                then = saved.get(key)
                if then is None:
                    continue
                variances.append(
                    TaskVariance(
                        task=key,
                        name=names[key],
                        start_variance_minutes=working(key, now.start) - working(key, then.start),
                        finish_variance_minutes=working(key, now.finish) - working(key, then.finish),
                        duration_variance_minutes=now.duration - then.duration,
                        work_variance_minutes=now.work - then.work,
                        cost_variance=now.cost - then.cost,
                    )
                )
            finish_now = max((r.finish for r in current.values()), default=None)
            finish_then = max((r.finish for r in saved.values()), default=None)
            last = max(current, key=lambda k: current[k].finish) if current else None
            finish_variance = (
                working(last, finish_now) - working(last, finish_then) if last and finish_now and finish_then else 0
            )
            return Comparison(
                project=project,
                baseline=baseline.key,
                number=number,
                tasks=tuple(variances),
                finish_variance_minutes=finish_variance,
                cost_variance=sum((v.cost_variance for v in variances), Decimal(0)),
                missing=tuple(k for k in current if k not in saved),
            )


def _require_project(repository: EntityRepository, key: str) -> None:
    kind = repository.kind_of(key)
    if kind != Project.kind:
        raise NotFoundError(f"no project has the key {key!r}", key=key)


def _baseline(repository: EntityRepository, project: str, number: int, *, required: bool) -> Stored | None:
    for stored in repository.find(Baseline, where={"project": project}):
        if isinstance(stored.entity, Baseline) and stored.entity.number == number:
            return stored
    if required:
        raise NotFoundError(
            f"project {project} has no baseline {number}; save one with 'accord baseline save'", key=project
        )
    return None


def _baseline_rows(repository: EntityRepository, computed: Computed, project: str) -> tuple[BaselineTask, ...]:
    tasks = [t for t in computed.tasks if t.project == project]
    keys = {t.key for t in tasks}
    assignments = [
        a.entity for a in repository.find(Assignment) if isinstance(a.entity, Assignment) and a.entity.task in keys
    ]
    resources = {r.key: r for r in repository.every(Resource)}
    dates = {t.key: t for t in computed.report.tasks}
    work_cost = task_work_and_cost(tasks, assignments, resources, {k: d.early_start for k, d in dates.items()})
    return tuple(
        BaselineTask(
            task=t.key,
            start=dates[t.key].early_start,
            finish=dates[t.key].early_finish,
            duration=t.duration,
            work=work_cost[t.key][0],
            cost=work_cost[t.key][1],
        )
        for t in tasks
        if isinstance(t, Task)
    )
