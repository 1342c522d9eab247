"""Hypothesis strategies: whole, coherent organisations of random shape and content."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from accord.domain.base import Entity
from accord.domain.calendar import Calendar, CalendarException, Weekday, WorkingTime
from accord.domain.objectives import KeyResult, Objective
from accord.domain.organization import Organization
from accord.domain.people import Account, AccountKind, Person, Team
from accord.domain.product import Feature, FeatureStatus, Product, Release, ReleaseState
from accord.domain.program import Benefit, Milestone, Program
from accord.domain.project import ConstraintType, Dependency, LagFormat, LinkType, Project, ScopeItem, Task
from accord.domain.resources import Assignment, CostEntry, Resource
from accord.domain.roles import Decision, Role, RoleAssignment, Title

text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=24).filter(
    lambda s: s.strip() != ""
)
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
times = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)
amounts = st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False).map(Decimal)
finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@st.composite
def organizations(draw: st.DrawFn) -> tuple[Organization, list[Entity]]:  # noqa: C901 - one section per kind
    made: list[Entity] = []

    def pick(pool: list[str]) -> str:
        return draw(st.sampled_from(pool))

    def maybe(pool: list[str]) -> str | None:
        return draw(st.none() | st.sampled_from(pool)) if pool else None

    def some(pool: list[str]) -> tuple[str, ...]:
        return tuple(draw(st.lists(st.sampled_from(pool), unique=True, max_size=3))) if pool else ()

    def n(low: int, high: int) -> range:
        return range(draw(st.integers(low, high)))

    titles = [f"title-{i}" for i in n(0, 3)]
    made += [Title(key=k, name=draw(text), role=draw(st.sampled_from(Role))) for k in titles]
    people = [f"person-{i}" for i in n(1, 5)]
    made += [
        Person(
            key=k,
            name=draw(text),
            title=maybe(titles),
            administrator=i == 0,
            email=draw(st.none() | st.just(f"{k}@x.example")),
        )
        for i, k in enumerate(people)
    ]
    made += [Team(key=f"team-{i}", name=draw(text), members=some(people)) for i in n(0, 2)]
    accounts = [f"ACC-{i}" for i in n(1, 3)]
    made += [Account(key=k, name=draw(text), account_kind=draw(st.sampled_from(AccountKind))) for k in accounts]
    objectives: list[str] = []
    for i in n(0, 4):
        made.append(
            Objective(
                key=f"OBJ-{i}",
                name=draw(text),
                parent=maybe(objectives),
                owner=maybe(people),
                due=draw(st.none() | dates),
            )
        )
        objectives.append(f"OBJ-{i}")
    for i, objective in enumerate(objectives):
        baseline = draw(finite)
        made.append(
            KeyResult(
                key=f"KR-{i}",
                name=draw(text),
                objective=objective,
                metric=draw(text),
                baseline=baseline,
                target=baseline + draw(st.floats(1, 1e6)),
                current=draw(st.none() | finite),
            )
        )
    calendars: list[str] = []
    for i in n(0, 2):
        week = {
            day: (WorkingTime(480, 720), WorkingTime(780, 1020))
            for day in draw(st.lists(st.sampled_from(Weekday), unique=True))
        }
        start = draw(dates)
        exceptions = tuple(
            CalendarException(name=draw(text), start=start, finish=start + dt.timedelta(days=draw(st.integers(0, 10))))
            for _ in n(0, 2)
        )
        made.append(
            Calendar(
                key=f"CAL-{i}",
                name=draw(text),
                base=maybe(calendars),
                week=week,
                exceptions=exceptions,
                holiday_region=draw(st.sampled_from([None, "NO", "SE", "FI", "DK"])),
            )
        )
        calendars.append(f"CAL-{i}")
    products = [f"PROD-{i}" for i in n(0, 2)]
    made += [Product(key=k, name=draw(text), objectives=some(objectives)) for k in products]
    releases: dict[str, str] = {}
    for product in products:
        for i in n(0, 3):
            state = draw(st.sampled_from(ReleaseState))
            planned = draw(dates)
            made.append(
                Release(
                    key=f"{product}-R{i}",
                    name=draw(text),
                    product=product,
                    version=f"{i}.0",
                    planned_date=planned,
                    state=state,
                    released_on=planned if state is ReleaseState.RELEASED else None,
                )
            )
            releases[f"{product}-R{i}"] = product
    features: list[str] = []
    for product in products:
        for i in n(0, 4):
            own = [r for r, p in releases.items() if p == product]
            release = maybe(own)
            statuses = (
                list(FeatureStatus) if release else [FeatureStatus.IDEA, FeatureStatus.PLANNED, FeatureStatus.RETIRED]
            )
            made.append(
                Feature(
                    key=f"{product}-F{i}",
                    name=draw(text),
                    product=product,
                    release=release,
                    status=draw(st.sampled_from(statuses)),
                    reach=draw(st.none() | st.integers(0, 10**6)),
                    impact=draw(st.none() | st.sampled_from([0.25, 0.5, 1, 2, 3])),
                    confidence=draw(st.none() | st.floats(0, 1)),
                    effort=draw(st.none() | st.floats(0.1, 100)),
                    job_size=draw(st.none() | st.integers(1, 21)),
                    requested_by=some(accounts),
                    objectives=some(objectives),
                )
            )
            features.append(f"{product}-F{i}")
    programs = [f"PGM-{i}" for i in n(0, 2)]
    made += [
        Program(key=k, name=draw(text), objectives=some(objectives), budget=draw(st.none() | amounts)) for k in programs
    ]
    resources = [f"RES-{i}" for i in n(0, 3)]
    made += [
        Resource(
            key=k,
            name=draw(text),
            person=maybe(people),
            calendar=maybe(calendars),
            max_units=draw(st.floats(0.1, 10)),
            standard_rate=draw(amounts),
        )
        for k in resources
    ]
    tasks: dict[str, str] = {}
    milestones_of: dict[str, list[str]] = {}
    project_program: dict[str, str | None] = {}
    for p in n(0, 3):
        key = f"PRJ-{p}"
        start = draw(dates)
        program = maybe(programs)
        project_program[key] = program
        made.append(
            Project(
                key=key,
                name=draw(text),
                account=pick(accounts),
                program=program,
                start=start,
                deadline=draw(st.none() | st.just(start + dt.timedelta(days=90))),
                budget=draw(st.none() | amounts),
                calendar=maybe(calendars),
                objectives=some(objectives),
                status_date=draw(st.none() | dates),
            )
        )
        own: list[str] = []
        for t in n(0, 6):
            milestone = draw(st.booleans())
            constraint = draw(st.sampled_from(ConstraintType))
            made.append(
                Task(
                    key=f"{key}-{t}",
                    name=draw(text),
                    project=key,
                    parent=maybe(own),
                    position=t,
                    duration=0 if milestone else draw(st.integers(0, 48000)),
                    milestone=milestone,
                    constraint=constraint,
                    constraint_date=draw(times) if constraint.dated else None,
                    deadline=draw(st.none() | times),
                    calendar=maybe(calendars),
                )
            )
            own.append(f"{key}-{t}")
            tasks[f"{key}-{t}"] = key
            if milestone:
                milestones_of.setdefault(key, []).append(f"{key}-{t}")
    pairs = (
        draw(
            st.lists(st.tuples(st.sampled_from(sorted(tasks)), st.sampled_from(sorted(tasks))), unique=True, max_size=8)
        )
        if tasks
        else []
    )
    made += [
        Dependency(
            key=f"DEP-{i}",
            predecessor=a,
            successor=b,
            type=draw(st.sampled_from(LinkType)),
            lag=draw(st.integers(-4800, 4800)),
            lag_format=draw(st.sampled_from(LagFormat)),
        )
        for i, (a, b) in enumerate(pairs)
        if a != b
    ]
    if tasks and resources:
        made += [
            Assignment(
                key=f"ASG-{i}", task=pick(sorted(tasks)), resource=pick(resources), units=draw(st.floats(0.1, 4))
            )
            for i in n(0, 4)
        ]
    projects = sorted(project_program)
    if projects and features:
        made += [
            ScopeItem(key=f"SCOPE-{i}", project=pick(projects), feature=pick(features), needed_by=draw(dates))
            for i in n(0, 3)
        ]
    if projects:
        made += [
            CostEntry(
                key=f"COST-{i}", project=pick(projects), incurred_on=draw(dates), amount=draw(amounts.filter(bool))
            )
            for i in n(0, 3)
        ]
    for program in programs:
        eligible = [m for p, ms in milestones_of.items() if project_program[p] == program for m in ms]
        made.append(
            Milestone(key=f"{program}-M", name=draw(text), program=program, date=draw(dates), depends_on=some(eligible))
        )
        made.append(
            Benefit(
                key=f"{program}-B",
                name=draw(text),
                program=program,
                measure=draw(st.none() | text),
                planned_value=draw(finite),
            )
        )
    holders = [*products, *projects, *programs]
    if holders:
        made += [
            RoleAssignment(
                key=f"RA-{i}",
                person=pick(people),
                role=draw(st.sampled_from(Role)),
                entity=pick(holders),
                title=maybe(titles),
            )
            for i in n(0, 4)
        ]
    made += [
        Decision(
            key=f"DEC-{i}",
            question=draw(text),
            decision_type="project.scope_change",
            entity=maybe(holders),
            choice=draw(text),
            decided_by=pick(people),
            decided_on=draw(dates),
        )
        for i in n(0, 2)
    ]
    organization = Organization(key=draw(st.from_regex(r"[A-Z][A-Z0-9]{1,8}", fullmatch=True)), name=draw(text))
    return organization, made


def with_catalog(entities: list[Entity]) -> list[Entity]:
    from accord.domain.catalog import default_decision_types

    return [*default_decision_types(), *entities]


def versions_for(draw: Any, entities: list[Entity]) -> list[int]:
    return [draw(st.integers(1, 50)) for _ in entities]
