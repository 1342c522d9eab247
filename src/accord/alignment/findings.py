"""Findings: role confusion and misalignment found in an organisation, each routed to the person
accountable for resolving it.

Rules read a `Portfolio` (plain data) and yield findings. A finding's id is made of its rule
and the keys of the entities involved, so the same facts give the same id on every run. The
decider is whoever the RACI in force makes accountable for the decision that resolves it; a
conflict between two owners goes to the lowest level accountable for both (a project against
the roadmap: its program if it has one, else its sponsor).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from accord.alignment.decision_rights import Context, resolve
from accord.domain.codec import canonical_amount
from accord.domain.objectives import KeyResult, Objective
from accord.domain.people import Person
from accord.domain.product import Feature, FeatureStatus, Product, Release, ReleaseState
from accord.domain.program import Benefit, Milestone, Program
from accord.domain.project import Dependency, Project, ScopeItem, Task
from accord.domain.resources import Assignment, Resource, ResourceKind
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

    def context(self) -> Context:
        roles = {t.key: t.role for t in self.titles}
        titled: dict[Role, list[str]] = defaultdict(list)
        for person in self.people:
            if person.title in roles:
                titled[roles[person.title]].append(person.key)
        parents = {p.key: p.program for p in self.projects if p.program}
        return Context(self.holders, self.overrides, {k: v for k, v in parents.items() if v}, titled)


Rule = Callable[[Portfolio, "Router"], Iterable[Finding]]


class Router:
    """Finds the decider for a decision type on an entity, under the RACI in force."""

    def __init__(self, portfolio: Portfolio) -> None:
        self._types = {t.key: t for t in portfolio.decision_types}
        self._context = portfolio.context()
        self._organization = portfolio.organization

    def decider(self, decision_type: str, entity: str | None = None) -> Decider | None:
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


# -- role confusion ---------------------------------------------------------------------------------


LEVEL_KINDS = {"product": "products", "project": "projects", "program": "programs"}


def accountability(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ROLE-NO-ACCOUNTABLE and ROLE-MULTI-ACCOUNTABLE, for every decision on every entity."""
    for decision_type in portfolio.decision_types:
        kind = decision_type.level.value
        if kind not in LEVEL_KINDS:
            continue
        for entity in getattr(portfolio, LEVEL_KINDS[kind]):
            accountable = route.answer_for(decision_type.key, entity.key)
            resolver = route.decider("organization.role_definition")
            if not accountable:
                yield finding(
                    "ROLE-NO-ACCOUNTABLE",
                    Severity.HIGH,
                    [entity.key, decision_type.key],
                    f"Nobody is accountable for {decision_type.key} ({decision_type.name.lower()}) on {entity.key}: "
                    "no one holds the accountable role there.",
                    resolver,
                    decision_type=decision_type.key,
                )
            elif len(accountable) > 1:
                yield finding(
                    "ROLE-MULTI-ACCOUNTABLE",
                    Severity.HIGH,
                    [entity.key, decision_type.key],
                    f"{len(accountable)} people are accountable for {decision_type.key} on {entity.key}: "
                    f"{', '.join(accountable)}. Exactly one should be.",
                    resolver,
                    decision_type=decision_type.key,
                    accountable=list(accountable),
                )


def owners(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ROLE-OWNER-MISSING: products, projects and programs need their manager."""
    needed = (
        ("products", Role.PRODUCT_MANAGER),
        ("projects", Role.PROJECT_MANAGER),
        ("programs", Role.PROGRAM_MANAGER),
    )
    held = {(h.entity, h.role) for h in portfolio.holders}
    for attribute, role in needed:
        for entity in getattr(portfolio, attribute):
            if (entity.key, role) not in held:
                yield finding(
                    "ROLE-OWNER-MISSING",
                    Severity.HIGH,
                    [entity.key],
                    f"{entity.label} ({entity.key}) has no {role.value.replace('_', ' ')}.",
                    route.decider("organization.portfolio_investment"),
                    role=role.value,
                )


def ambiguous_titles(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ROLE-AMBIGUOUS-TITLE: one title, people acting under it in different canonical roles."""
    titles = {t.key: t for t in portfolio.titles}
    acting: dict[str, set[Role]] = defaultdict(set)
    people: dict[str, set[str]] = defaultdict(set)
    for holder in portfolio.holders:
        if holder.title in titles:
            acting[holder.title].add(holder.role)
            people[holder.title].add(holder.person)
    for key, roles in acting.items():
        if len(roles) > 1:
            title = titles[key]
            yield finding(
                "ROLE-AMBIGUOUS-TITLE",
                Severity.MEDIUM,
                [key],
                f'"{title.name}" means {title.role.value.replace("_", " ")} here, yet people with this title act as '
                f"{', '.join(sorted(r.value.replace('_', ' ') for r in roles))} ({', '.join(sorted(people[key]))}).",
                route.decider("organization.role_definition"),
                roles=sorted(r.value for r in roles),
            )


def unauthorised_decisions(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ROLE-UNAUTHORISED-DECISION: a decision logged by someone not accountable for its type."""
    for decision in portfolio.decisions:
        decider = route.decider(decision.decision_type, decision.entity)
        if decider is None or decision.decided_by in decider.accountable:
            continue
        yield finding(
            "ROLE-UNAUTHORISED-DECISION",
            Severity.HIGH,
            [decision.key],
            f'{decision.decided_by} decided "{decision.question}" ({decision.decision_type} on '
            f"{decision.entity or portfolio.organization}) but {', '.join(decider.accountable) or 'nobody'} is accountable for it.",
            decider,
            decided_by=decision.decided_by,
        )


def segregation(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ROLE-SEGREGATION: one person both asks for a budget change (responsible) and approves it."""
    for project in portfolio.projects:
        decider = route.decider("project.budget_change", project.key)
        if decider is None:
            continue
        requesting = {h.person for h in portfolio.holders if h.entity == project.key and h.role is Role.PROJECT_MANAGER}
        both = sorted(requesting & set(decider.accountable))
        if both:
            yield finding(
                "ROLE-SEGREGATION",
                Severity.HIGH,
                [project.key],
                f"{', '.join(both)} manages {project.key} and also approves its budget changes: nobody above reviews them.",
                route.decider("organization.role_definition"),
                person=both[0],
            )


# -- misalignment -----------------------------------------------------------------------------------


def objectives(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ALIGN-NO-OBJECTIVE and ALIGN-UNSUPPORTED-OBJECTIVE."""
    products = {p.key: p for p in portfolio.products}
    programs = {p.key: p for p in portfolio.programs}
    for feature in portfolio.features:
        if feature.status is FeatureStatus.RETIRED or feature.objectives or products[feature.product].objectives:
            continue
        yield finding(
            "ALIGN-NO-OBJECTIVE",
            Severity.MEDIUM,
            [feature.key],
            f"Feature {feature.name} ({feature.key}) serves no objective, directly or through its product.",
            route.decider("product.prioritize", feature.product),
            kind="feature",
        )
    for project in portfolio.projects:
        if project.objectives or (project.program and programs[project.program].objectives):
            continue
        yield finding(
            "ALIGN-NO-OBJECTIVE",
            Severity.HIGH,
            [project.key],
            f"Project {project.name} ({project.key}) serves no objective, directly or through a program.",
            route.decider("organization.portfolio_investment"),
            kind="project",
        )
    for program in portfolio.programs:
        if not program.objectives:
            yield finding(
                "ALIGN-NO-OBJECTIVE",
                Severity.HIGH,
                [program.key],
                f"Program {program.name} ({program.key}) serves no objective.",
                route.decider("organization.portfolio_investment"),
                kind="program",
            )
    served: set[str] = {b.objective for b in portfolio.benefits if b.objective}
    for group in (portfolio.features, portfolio.projects, portfolio.programs, portfolio.products):
        for work in group:
            served.update(work.objectives)
    parents = {o.key: o.parent for o in portfolio.objectives}
    for key in list(served):  # serving a child objective serves its parents
        above = parents.get(key)
        while above is not None and above not in served:
            served.add(above)
            above = parents.get(above)
    for objective in portfolio.objectives:
        children = [o for o in portfolio.objectives if o.parent == objective.key and o.key in served]
        if objective.key not in served and not children:
            decider = route.decider("organization.portfolio_investment")
            yield finding(
                "ALIGN-UNSUPPORTED-OBJECTIVE",
                Severity.MEDIUM,
                [objective.key],
                f'Objective "{objective.name}" ({objective.key}) has no feature, project or program serving it.',
                decider,
                owner=objective.owner,
            )


def roadmap(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ALIGN-NOT-ON-ROADMAP and DATE-FEATURE-LATE: client promises against the roadmap."""
    features = {f.key: f for f in portfolio.features}
    releases = {r.key: r for r in portfolio.releases}
    projects = {p.key: p for p in portfolio.projects}
    for item in portfolio.scope:
        feature, project = features[item.feature], projects[item.project]
        decider = _conflict_decider(route, project)
        release = releases.get(feature.release) if feature.release else None
        if release is None or release.state is ReleaseState.CANCELLED:
            yield finding(
                "ALIGN-NOT-ON-ROADMAP",
                Severity.HIGH,
                [item.project, item.feature],
                f"{project.key} promised {feature.name} ({feature.key}) to its client by {item.needed_by}, "
                "but the feature is in no planned release.",
                decider,
                needed_by=item.needed_by.isoformat(),
            )
            continue
        ships = release.released_on or release.planned_date
        if ships > item.needed_by:
            late = (ships - item.needed_by).days
            yield finding(
                "DATE-FEATURE-LATE",
                Severity.CRITICAL if late > 30 else Severity.HIGH,
                [item.project, item.feature],
                f"{project.key} needs {feature.name} ({feature.key}) by {item.needed_by}; it ships with {release.key} on "
                f"{ships}, {late} days late.",
                decider,
                needed_by=item.needed_by.isoformat(),
                ships=ships.isoformat(),
                days_late=late,
            )


def _conflict_decider(route: Router, project: Project) -> Decider | None:
    """A client project against the roadmap: its program decides if it has one, else its sponsor."""
    if project.program:
        return route.decider("program.conflict_resolution", project.program)
    return route.decider("project.budget_change", project.key)


def budgets(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """BUD-PROGRAM-OVERCOMMITTED: member projects' budgets exceed the program's."""
    for program in portfolio.programs:
        if program.budget is None:
            continue
        members = [p for p in portfolio.projects if p.program == program.key and p.budget is not None]
        committed = sum((p.budget for p in members if p.budget is not None), Decimal(0))
        if committed > program.budget:
            yield finding(
                "BUD-PROGRAM-OVERCOMMITTED",
                Severity.HIGH,
                [program.key],
                f"The projects of {program.name} have budgets of {canonical_amount(committed)} {program.currency} in "
                f"total, {canonical_amount(committed - program.budget)} over the program's {canonical_amount(program.budget)}.",
                route.decider("organization.portfolio_investment"),
                committed=str(committed),
                budget=str(program.budget),
            )


def benefits(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """BEN-UNMEASURED: a benefit with no measure."""
    for benefit in portfolio.benefits:
        if benefit.measure is None:
            yield finding(
                "BEN-UNMEASURED",
                Severity.MEDIUM,
                [benefit.key],
                f'Benefit "{benefit.name}" of {benefit.program} has no measure: nobody can say whether it is realised.',
                route.decider("program.benefit_realisation", benefit.program),
            )


# -- dates ------------------------------------------------------------------------------------------


def deadlines(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """DATE-DEADLINE: a project's scheduled finish is after its contractual deadline."""
    finish: dict[str, dt.datetime] = {}
    for task in portfolio.tasks:
        timing = portfolio.dates.get(task.key)
        if timing is not None and (task.project not in finish or timing.early_finish > finish[task.project]):
            finish[task.project] = timing.early_finish
    for project in portfolio.projects:
        if project.deadline is None or project.key not in finish:
            continue
        due = dt.datetime.combine(project.deadline, dt.time(23, 59))
        if finish[project.key] > due:
            late = (finish[project.key].date() - project.deadline).days
            yield finding(
                "DATE-DEADLINE",
                Severity.CRITICAL,
                [project.key],
                f"{project.key} is scheduled to finish on {finish[project.key]:%Y-%m-%d %H:%M}, {late} days after its "
                f"contractual deadline of {project.deadline}.",
                route.decider("project.schedule_change", project.key),
                finish=finish[project.key].isoformat(),
                deadline=project.deadline.isoformat(),
                days_late=late,
            )


def program_milestones(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """DATE-PROGRAM-MILESTONE: a program milestone is due before the project milestones it needs."""
    for milestone in portfolio.milestones:
        due = dt.datetime.combine(milestone.date, dt.time(23, 59))
        for key in milestone.depends_on:
            timing = portfolio.dates.get(key)
            if timing is None or timing.early_finish <= due:
                continue
            late = (timing.early_finish.date() - milestone.date).days
            yield finding(
                "DATE-PROGRAM-MILESTONE",
                Severity.CRITICAL,
                [milestone.key, key],
                f"{milestone.name} ({milestone.key}) is due {milestone.date}, but {key} is scheduled for "
                f"{timing.early_finish:%Y-%m-%d %H:%M}, {late} days later.",
                route.decider("program.milestone", milestone.program),
                due=milestone.date.isoformat(),
                scheduled=timing.early_finish.isoformat(),
                days_late=late,
            )


def cross_project_links(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """DATE-CROSS-PROJECT: a link between two projects is not met, or its tasks have negative float."""
    project_of = {t.key: t.project for t in portfolio.tasks}
    program_of = {p.key: p.program for p in portfolio.projects}
    for link in portfolio.links:
        a, b = project_of.get(link.predecessor), project_of.get(link.successor)
        if a is None or b is None or a == b:
            continue
        floats = [
            portfolio.dates[k].total_float_minutes for k in (link.predecessor, link.successor) if k in portfolio.dates
        ]
        broken = link.key in portfolio.violated_links
        if not broken and not any(f < 0 for f in floats):
            continue
        shared = program_of.get(a) if program_of.get(a) == program_of.get(b) else None
        decider = (
            route.decider("program.conflict_resolution", shared)
            if shared
            else route.decider("organization.portfolio_investment")
        )
        what = "is not met" if broken else f"has negative float ({min(floats) / 480:g} days)"
        yield finding(
            "DATE-CROSS-PROJECT",
            Severity.HIGH,
            [link.key, a, b],
            f"The link {link.predecessor} → {link.successor} between {a} and {b} {what}.",
            decider,
        )


# -- resources --------------------------------------------------------------------------------------


def overallocation(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """RES-OVERALLOCATED: a person booked above capacity on working days, across projects."""
    tasks = {t.key: t for t in portfolio.tasks}
    programs = {p.key: p.program for p in portfolio.projects}
    resources = {r.key: r for r in portfolio.resources if r.resource_kind is ResourceKind.WORK}
    bookings: dict[str, list[tuple[dt.date, dt.date, float, str]]] = defaultdict(list)
    capacity: dict[str, float] = {}
    for assignment in portfolio.assignments:
        resource = resources.get(assignment.resource)
        timing = portfolio.dates.get(assignment.task)
        task = tasks.get(assignment.task)
        if resource is None or resource.person is None or timing is None or task is None or task.duration == 0:
            continue
        bookings[resource.person].append(
            (timing.early_start.date(), timing.early_finish.date(), assignment.units, task.project)
        )
        capacity[resource.person] = max(capacity.get(resource.person, 0.0), resource.max_units)
    for person, booked in sorted(bookings.items()):
        days: dict[dt.date, float] = defaultdict(float)
        projects_on: dict[dt.date, set[str]] = defaultdict(set)
        for first, last, units, project in booked:
            day = first
            while day <= last:
                if day.weekday() < 5:
                    days[day] += units
                    projects_on[day].add(project)
                day += dt.timedelta(days=1)
        over = sorted(d for d, load in days.items() if load > capacity[person] + 1e-9)
        if not over:
            continue
        involved = sorted({p for d in over for p in projects_on[d]})
        if len(involved) < 2:
            continue  # within one project it is the project manager's own levelling to do
        peak = max(days[d] for d in over)
        hours = sum(days[d] - capacity[person] for d in over) * 8
        shared = {programs.get(p) for p in involved}
        program = next(iter(shared)) if len(shared) == 1 else None
        decider = (
            route.decider("program.resource_arbitration", program)
            if program
            else route.decider("organization.portfolio_investment")
        )
        in_programs = sorted(p for p in shared if p)
        yield finding(
            "RES-OVERALLOCATED",
            Severity.HIGH,
            [person, *involved],
            f"{person} is booked at up to {peak:.0%} (capacity {capacity[person]:.0%}) on {len(over)} working days between {over[0]} and "
            f"{over[-1]} ({hours:.0f} hours too many), across {', '.join(involved)}"
            + (f" (programs: {', '.join(in_programs)})" if in_programs else "")
            + ".",
            decider,
            peak=round(peak, 2),
            days=len(over),
            first=over[0].isoformat(),
            last=over[-1].isoformat(),
            hours=round(hours),
        )


RULES: tuple[Rule, ...] = (
    accountability,
    owners,
    ambiguous_titles,
    unauthorised_decisions,
    segregation,
    objectives,
    roadmap,
    budgets,
    benefits,
    deadlines,
    program_milestones,
    cross_project_links,
    overallocation,
)


def check(portfolio: Portfolio) -> list[Finding]:
    """Every rule over the portfolio, most severe first."""
    route = Router(portfolio)
    found = [f for rule in RULES for f in rule(portfolio, route)]
    return sorted(found, key=lambda f: (f.severity.rank, f.rule, f.id))
