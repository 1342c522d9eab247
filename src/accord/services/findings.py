"""Running the findings rules over an organisation (or the part around one entity)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from accord.alignment.findings import Finding, Forecast, Portfolio, TaskTiming
from accord.alignment.lifecycle import FindingState, reconcile
from accord.alignment.rules import check
from accord.domain.baseline import Baseline
from accord.domain.calendar import Calendar
from accord.domain.errors import AccordError, NotFoundError, ValidationError
from accord.domain.objectives import KeyResult, Objective
from accord.domain.people import Person
from accord.domain.product import Feature, Product, Release
from accord.domain.program import Benefit, Milestone, Program
from accord.domain.project import Dependency, Project, ScopeItem, Task
from accord.domain.resources import Assignment, CostEntry, Resource
from accord.domain.roles import Decision, DecisionType, RaciOverride, RoleAssignment, Title
from accord.scheduling.cpm import ScheduleStatus
from accord.scheduling.plan import Plan, resource_calendars, task_dates
from accord.services.actor import Actor, authorized
from accord.services.earned_value import leaves, progress_of
from accord.services.entities import Clock, utc_now
from accord.services.scheduling import plan_and_schedule, violated_links
from accord.services.unit_of_work import UnitOfWorkFactory
from accord.store.audit import AuditEvent
from accord.store.findings import FindingStore
from accord.store.repository import EntityRepository

SCOPES = ("product", "project", "program")


@dataclass(frozen=True)
class Tracked:
    """A finding as recorded: its short handle (F-n) and its lifecycle state."""

    finding: Finding
    handle: str
    state: FindingState


class FindingsService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock = utc_now) -> None:
        self._uow = unit_of_work
        self._clock = clock

    def check(self, actor: Actor, scope: str | None = None) -> list[Tracked]:
        """Run every rule, reconcile with what was recorded (new findings open, vanished ones
        resolve themselves) and return the current findings; with `scope` (a product, project
        or program), those that involve it or what belongs to it."""
        with self._uow(write=True) as uow:
            repository, _ = authorized(uow, actor)
            now = self._clock()
            portfolio = _portfolio(repository, actor.organization, now.date())
            found = check(portfolio)
            related = None if scope is None else _related(portfolio, _scope(repository, scope))
            store = FindingStore(uow.connection, repository.organization_id)
            recorded = store.recorded()
            changes = reconcile(found, recorded)
            store.open(changes.opened, now, set(recorded))
            store.refresh(changes.refreshed, now)
            store.resolve(changes.resolved, now, None)
            rows = {row["fact_id"]: row for row in store.rows()}
            uow.commit()
            return [
                Tracked(f, rows[f.id]["handle"], FindingState(rows[f.id]["state"]))
                for f in found
                if related is None or related & set(f.entities)
            ]

    def recorded(self, actor: Actor, state: FindingState | None = None) -> list[dict[str, Any]]:
        """Recorded findings (as last seen), optionally in one state."""
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            rows = FindingStore(uow.connection, repository.organization_id).rows()
            return [r for r in rows if state is None or r["state"] == state.value]

    def change(self, actor: Actor, handle: str, state: FindingState, decision: str | None = None) -> dict[str, Any]:
        """Acknowledge, resolve or accept a finding (accepting needs a decision of the log)."""
        if state is FindingState.OPEN:
            raise ValidationError(f"finding {handle}", "state", "findings open by themselves when their facts appear")
        if (state is FindingState.ACCEPTED) != (decision is not None):
            raise ValidationError(f"finding {handle}", "decision", "give a decision exactly when accepting a finding")
        with self._uow(write=True) as uow:
            repository, audit = authorized(uow, actor)
            if decision is not None and repository.kind_of(decision) != "decision":
                raise NotFoundError(f"no decision has the key {decision!r}", key=decision)
            store = FindingStore(uow.connection, repository.organization_id)
            before = store.get(handle)
            now = self._clock()
            after = store.set_state(handle, state, now, actor.person, decision)
            audit.record(
                [
                    AuditEvent(
                        now,
                        actor.person,
                        "update",
                        "finding",
                        before["handle"],
                        None,
                        {"state": before["state"], "decision": before["decision"]},
                        {"state": after["state"], "decision": after["decision"]},
                    )
                ]
            )
            uow.commit()
            return after


def _scope(repository: EntityRepository, scope: str) -> str:
    kind = repository.kind_of(scope)
    if kind is None:
        raise NotFoundError(f"nothing has the key {scope!r}", key=scope)
    if kind not in SCOPES:
        raise ValidationError(
            "check", "scope", f"{scope} is a {kind.replace('_', ' ')}; give a product, project or program"
        )
    return scope


def _all(repository: EntityRepository, cls: type[Any]) -> list[Any]:
    return repository.every(cls)


def _portfolio(repository: EntityRepository, organization: str, as_of: dt.date) -> Portfolio:
    projects = _all(repository, Project)
    tasks = _all(repository, Task)
    links = _all(repository, Dependency)
    assignments = _all(repository, Assignment)
    resources = _all(repository, Resource)
    by_resource = resource_calendars(assignments, resources) if any(r.calendar for r in resources) else {}
    scheduled = _schedule(projects, tasks, links, _all(repository, Calendar), by_resource)
    forecasts = _forecasts(repository, projects, scheduled, assignments, resources) if scheduled else {}
    return Portfolio(
        organization=organization,
        people=_all(repository, Person),
        titles=_all(repository, Title),
        holders=_all(repository, RoleAssignment),
        overrides=_all(repository, RaciOverride),
        decision_types=_all(repository, DecisionType),
        decisions=_all(repository, Decision),
        objectives=_all(repository, Objective),
        key_results=_all(repository, KeyResult),
        products=_all(repository, Product),
        features=_all(repository, Feature),
        releases=_all(repository, Release),
        projects=projects,
        programs=_all(repository, Program),
        scope=_all(repository, ScopeItem),
        benefits=_all(repository, Benefit),
        milestones=_all(repository, Milestone),
        tasks=tasks,
        links=links,
        dates=scheduled.timing if scheduled else {},
        violated_links=scheduled.violated if scheduled else frozenset(),
        assignments=assignments,
        resources=resources,
        forecasts=forecasts,
        as_of=as_of,
    )


@dataclass(frozen=True)
class _Scheduled:
    plan: Plan
    timing: dict[str, TaskTiming]
    violated: frozenset[str]


def _forecasts(
    repository: EntityRepository,
    projects: list[Project],
    scheduled: _Scheduled,
    assignments: list[Assignment],
    resources: list[Resource],
) -> dict[str, Forecast]:
    """Earned value of each project that reports progress (a status date and a budget), on the
    schedule computed for the whole organisation."""
    reporting = [p for p in projects if p.status_date is not None and p.budget is not None]
    if not reporting:
        return {}
    by_key = {r.key: r for r in resources}
    nodes = leaves(scheduled.plan)
    project_of = {t.key: t.project for t in scheduled.plan.tasks}
    assigned: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        assigned[project_of.get(assignment.task, "")].append(assignment)
    baselines = {b.project: b for b in _all(repository, Baseline) if b.number == 0}
    entries: dict[str, list[CostEntry]] = defaultdict(list)
    for entry in _all(repository, CostEntry):
        entries[entry.project].append(entry)
    found: dict[str, Forecast] = {}
    tasks = scheduled.plan.tasks
    for project in reporting:
        assert project.status_date is not None
        timing = (scheduled.timing[tasks[i].key] for i in nodes[project.key])
        try:
            m = progress_of(
                project,
                project.status_date,
                scheduled.plan,
                nodes[project.key],
                {tasks[i].key: (t.early_start, t.early_finish) for i, t in zip(nodes[project.key], timing, strict=True)},
                baselines.get(project.key),
                assigned[project.key],
                by_key,
                entries[project.key],
            ).measures()
        except AccordError:
            continue  # nothing to measure (no budget, no costs): reported by `accord evm`
        found[project.key] = Forecast(
            project.status_date, m.budget_at_completion, m.estimate_at_completion, m.cost_performance_index
        )
    return found


def _schedule(
    projects: list[Project],
    tasks: list[Task],
    links: list[Dependency],
    calendars: list[Calendar],
    by_resource: dict[str, str],
) -> _Scheduled | None:
    """Every project scheduled together (links between projects honoured); nothing when the
    links form a cycle (`accord schedule` names it)."""
    if not tasks:
        return None
    plan, result = plan_and_schedule(projects, tasks, links, calendars, None, by_resource)
    if result.status is ScheduleStatus.CYCLE:
        return None
    computed = task_dates(plan, result)
    starts = plan.clocks(computed.early_start)
    finishes = plan.clocks(computed.early_finish)
    keys = [t.key for t in plan.tasks]
    timing = {
        key: TaskTiming(start, finish, total_float)
        for key, start, finish, total_float in zip(keys, starts, finishes, computed.total_float.tolist(), strict=True)
    }
    violated = frozenset(violated_links(plan, result))
    return _Scheduled(plan, timing, violated)


def _related(portfolio: Portfolio, key: str) -> set[str]:
    """The entity and what belongs to it: a program's projects, a product's features, and the
    decisions and titles used on them."""
    found = {key}
    found |= {p.key for p in portfolio.projects if p.program == key}
    found |= {f.key for f in portfolio.features if f.product == key}
    found |= {b.key for b in portfolio.benefits if b.program == key}
    found |= {d.key for d in portfolio.decisions if d.entity in found}
    found |= {h.title for h in portfolio.holders if h.entity in found and h.title}
    found |= {m.key for m in portfolio.milestones if m.program in found}
    found |= {t.key for t in portfolio.tasks if t.project in found}
    return found
