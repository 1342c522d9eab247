"""Findings: role confusion and misalignment found in an organisation, each routed to the person
accountable for resolving it.

Rules (in `accord.alignment.rules`) read a `Portfolio` (plain data) and yield findings. A
finding's id is made of its rule and the keys of the entities involved, so the same facts give
the same id on every run. The decider is whoever the RACI in force makes accountable for the
decision that resolves it; a conflict between two owners goes to the lowest level accountable
for both (a project against the roadmap: its program if it has one, else its sponsor).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from accord.alignment.decision_rights import Context, resolve
from accord.domain.objectives import KeyResult, Objective
from accord.domain.people import Person
from accord.domain.product import Feature, Product, Release
from accord.domain.program import Benefit, Milestone, Program
from accord.domain.project import Dependency, Project, ScopeItem, Task
from accord.domain.resources import Assignment, Resource
from accord.domain.roles import Decision, DecisionType, RaciOverride, Responsibility, Role, RoleAssignment, Title


class Severity(enum.Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    def at_least(self, other: Severity) -> bool:
        return self.rank <= other.rank


@dataclass(frozen=True)
class Decider:
    decision_type: str
    entity: str
    accountable: tuple[str, ...]
    consult: tuple[str, ...]
    inform: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    id: str
    rule: str
    severity: Severity
    entities: tuple[str, ...]
    explanation: str
    facts: dict[str, object] = field(default_factory=dict)
    decider: Decider | None = None


@dataclass(frozen=True)
class TaskTiming:
    early_start: dt.datetime
    early_finish: dt.datetime
    total_float_minutes: int


@dataclass(frozen=True)
class Forecast:
    status_date: dt.date
    budget_at_completion: float
    estimate_at_completion: float | None
    cost_performance_index: float | None


BUDGET_TOLERANCE = 0.10
"""How far the estimate at completion may exceed the budget before it is a finding."""


@dataclass(frozen=True)
class Portfolio:
    """Everything the rules read, for one organisation."""

    organization: str
    people: Sequence[Person]
    titles: Sequence[Title]
    holders: Sequence[RoleAssignment]
    overrides: Sequence[RaciOverride]
    decision_types: Sequence[DecisionType]
    decisions: Sequence[Decision]
    objectives: Sequence[Objective]
    key_results: Sequence[KeyResult]
    products: Sequence[Product]
    features: Sequence[Feature]
    releases: Sequence[Release]
    projects: Sequence[Project]
    programs: Sequence[Program]
    scope: Sequence[ScopeItem]
    benefits: Sequence[Benefit]
    milestones: Sequence[Milestone] = ()
    tasks: Sequence[Task] = ()
    links: Sequence[Dependency] = ()
    dates: Mapping[str, TaskTiming] = field(default_factory=dict)
    """The computed schedule, by task key (empty when the plan could not be scheduled)."""
    violated_links: frozenset[str] = frozenset()
    assignments: Sequence[Assignment] = ()
    resources: Sequence[Resource] = ()
    forecasts: Mapping[str, Forecast] = field(default_factory=dict)
    """Earned-value forecasts of projects that report progress (a status date and a budget)."""
    as_of: dt.date | None = None
    """The day of the check, for facts that depend on it (a benefit behind its plan)."""

    def context(self) -> Context:
        roles = {t.key: t.role for t in self.titles}
        titled: dict[Role, list[str]] = defaultdict(list)
        for person in self.people:
            if person.title in roles:
                titled[roles[person.title]].append(person.key)
        parents = {p.key: p.program for p in self.projects if p.program}
        return Context(self.holders, self.overrides, {k: v for k, v in parents.items() if v}, titled)


class Router:
    """Finds the decider for a decision type on an entity, under the RACI in force."""

    def __init__(self, portfolio: Portfolio) -> None:
        self._types = {t.key: t for t in portfolio.decision_types}
        self._context = portfolio.context()
        self._organization = portfolio.organization
        self._answers: dict[tuple[str, str | None], Decider | None] = {}

    def decider(self, decision_type: str, entity: str | None = None) -> Decider | None:
        asked = (decision_type, entity)
        if asked not in self._answers:
            self._answers[asked] = self._decide(decision_type, entity)
        return self._answers[asked]

    def _decide(self, decision_type: str, entity: str | None) -> Decider | None:
        found = self._types.get(decision_type)
        if found is None:
            return None
        answer = resolve(found, entity or self._organization, self._context)

        def people(responsibility: Responsibility) -> tuple[str, ...]:
            return tuple(sorted({x.person for x in answer.with_responsibility(responsibility) if x.person}))

        return Decider(
            decision_type,
            entity or self._organization,
            people(Responsibility.ACCOUNTABLE),
            people(Responsibility.CONSULTED),
            people(Responsibility.INFORMED),
        )

    def answer_for(self, decision_type: str, entity: str) -> tuple[str, ...]:
        decider = self.decider(decision_type, entity)
        return decider.accountable if decider else ()


def finding(
    rule: str, severity: Severity, entities: Sequence[str], explanation: str, decider: Decider | None, **facts: object
) -> Finding:
    return Finding(f"{rule}:{'+'.join(entities)}", rule, severity, tuple(entities), explanation, facts, decider)
