"""Levelling agrees with the schedule: on random plans — links of every type with leads and lags,
half days, dated constraints, tasks as late as possible, priorities (1000: never levelled),
part-time assignments, a person away, a person on a four-day week (in one variant, on other
hours than the rest) — the plan stored by `level --apply` books nobody over capacity where the
result does not say so, and every move the result reports is where the schedule then puts the
task."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest

from accord.bootstrap import Accord
from accord.domain.base import Entity
from accord.domain.calendar import Calendar, CalendarException, Weekday, WorkingTime
from accord.domain.people import Account, Person
from accord.domain.project import ConstraintType, Dependency, LinkType, Project, Task
from accord.domain.resources import Assignment, Resource
from accord.services.scheduling import TaskSchedule
from tests.factories import new_organization

HALF_DAY = 240
MONDAY = dt.datetime(2027, 3, 1, 8)
PLANS = 80
STANDARD = (WorkingTime.parse("08:00-12:00"), WorkingTime.parse("13:00-17:00"))
FOUR_DAYS = {d: ("08:00-12:00", "13:00-17:00") for d in ("monday", "tuesday", "wednesday", "thursday")} | {"friday": ()}
LATER_HOURS = {d: ("10:00-14:00", "15:00-19:00") for d in ("monday", "tuesday", "wednesday", "thursday")} | {"friday": ()}
"""The four-day week two hours later, 10:00 to 19:00: its mornings overlap others' afternoons."""


def _plan(rng: np.random.Generator, progress: bool, later: bool = False) -> list[Entity]:
    """A random plan; with `progress`, a status date on the Wednesday and some tasks under way
    since the Monday, a quarter, half or three quarters done; with `later`, the person on a
    four-day week works two hours later than the others."""
    people = int(rng.integers(1, 4))
    tasks = int(rng.integers(4, 13))
    status = {"status_date": MONDAY.date() + dt.timedelta(days=2)} if progress else {}
    found: list[Entity] = [Account(key="A", name="Client"), Project(key="P", name="P", account="A", start=MONDAY.date(), **status)]
    # Person 1 is away a day or two; person 2 does not work on Fridays.
    away = MONDAY.date() + dt.timedelta(days=int(rng.integers(0, 10)))
    found += [
        Calendar(key="AWAY", name="Away", exceptions=(CalendarException(name="Away", start=away, finish=away + dt.timedelta(days=int(rng.integers(0, 2)))),)),
        Calendar(key="FOUR", name="Four days",
                 week={Weekday(k): tuple(WorkingTime.parse(t) for t in v) for k, v in (LATER_HOURS if later else FOUR_DAYS).items()}),
    ]  # fmt: skip
    for p in range(people):
        found += [Person(key=f"p{p}", name=f"Person {p}"),
                  Resource(key=f"R{p}", name=f"Person {p}", person=f"p{p}", calendar=[None, "AWAY", "FOUR"][p])]  # fmt: skip
    for t in range(tasks):
        kind = rng.choice(["asap", "alap", "snet", "fnet", "mso", "mfo"], p=[0.6, 0.2, 0.08, 0.06, 0.03, 0.03])
        dated = {}
        if kind != "asap" and kind != "alap":
            dated = {"constraint_date": MONDAY + dt.timedelta(days=int(rng.integers(0, 8)))}
        under_way = {}
        if progress and rng.random() < 0.25:
            kind, dated, under_way = "asap", {}, {"actual_start": MONDAY, "percent_complete": int(rng.choice([25, 50, 75]))}
        found.append(
            Task(key=f"P-{t}", name=f"Task {t}", project="P", duration=(4 if under_way else int(rng.integers(0, 7))) * HALF_DAY,
                 priority=int(rng.choice([500, 500, 100, 900, 1000])), constraint=ConstraintType(str(kind)), **dated, **under_way)  # type: ignore[arg-type]
        )  # fmt: skip
        for p in rng.choice(people, size=int(rng.integers(0, min(people, 2) + 1)), replace=False).tolist():
            found.append(Assignment(key=f"A{t}-{p}", task=f"P-{t}", resource=f"R{p}", units=float(rng.choice([0.5, 1.0, 1.0]))))
    for i, (a, b) in enumerate(itertools.combinations(range(tasks), 2)):
        if rng.random() < 0.25:
            lag = int(rng.choice([0, 0, 0, HALF_DAY, 2 * HALF_DAY, -HALF_DAY]))
            found.append(Dependency(key=f"D{i}", predecessor=f"P-{a}", successor=f"P-{b}",
                                    type=LinkType(str(rng.choice(["FS", "FS", "SS", "FF", "SF"]))), lag=lag))  # fmt: skip
    return found


def _working(when: dt.datetime, resource: Resource, calendars: dict[str, Calendar]) -> bool:
    """Whether the resource works at the instant (on its own calendar, else the standard one; a
    task works whenever any of its people does)."""
    own = calendars.get(resource.calendar or "")
    if own is not None and any(e.start <= when.date() <= e.finish for e in own.exceptions):
        return False
    week = own.week if own is not None else {}
    times = week.get(Weekday.of(when.date()), STANDARD if when.weekday() < 5 else ())
    return any(t.start <= when.hour * 60 + when.minute < t.end for t in times)


def _resume(task: Task, finish: dt.datetime, entities: list[Entity]) -> dt.datetime:
    """Where work under way resumes: what remains of its work before its finish, in the time
    its people work (any of them; everyone's, without people)."""
    calendars = {e.key: e for e in entities if isinstance(e, Calendar)}
    people = {e.resource for e in entities if isinstance(e, Assignment) and e.task == task.key}
    resources = [e for e in entities if isinstance(e, Resource) and e.key in people] or [Resource(key="anyone", name="Anyone")]
    left, when = task.duration * (100 - task.percent_complete) // 100, finish
    while left > 0:
        when -= dt.timedelta(minutes=30)
        if any(_working(when, r, calendars) for r in resources):
            left -= 30
    return when


def _overbooked(after: dict[str, TaskSchedule], entities: list[Entity]) -> set[str]:
    """The people some half hour of whose working time has more asked of them than they have."""
    found = set()
    assignments = [e for e in entities if isinstance(e, Assignment)]
    calendars = {e.key: e for e in entities if isinstance(e, Calendar)}
    begin, end = min(t.early_start for t in after.values()), max(t.early_finish for t in after.values())
    begin = dt.datetime.combine(begin.date(), dt.time(0))
    slots = [begin + dt.timedelta(minutes=30 * k) for k in range(int((end - begin) / dt.timedelta(minutes=30)) + 1)]
    resumes = {e.key: _resume(e, after[e.key].early_finish, entities) for e in entities if isinstance(e, Task) and e.actual_start}
    for resource in (e for e in entities if isinstance(e, Resource)):
        spans = [(max(after[a.task].early_start, resumes.get(a.task, after[a.task].early_start)), after[a.task].early_finish, a.units)
                 for a in assignments if a.resource == resource.key]  # fmt: skip
        for slot in slots:
            if _working(slot, resource, calendars) and sum(u for s, f, u in spans if s <= slot < f) > resource.max_units + 1e-9:
                found.add(resource.name)
                break
    return found


@pytest.mark.parametrize(
    ("exact", "progress", "later"),
    [(False, False, False), (True, False, False), (False, True, False), (False, False, True)],
    ids=["heuristic", "exact", "under way", "other hours"],
)
def test_an_applied_levelling_books_nobody_over_capacity_but_whom_it_names(
    accord: Accord, exact: bool, progress: bool, later: bool
) -> None:
    rng = np.random.default_rng(13 if later else 11 if progress else 7 if exact else 3)
    for plan in range(PLANS // 2 if exact or progress or later else PLANS):
        actor = new_organization(accord, key=f"org{plan}")
        entities = _plan(rng, progress, later)
        accord.entities.add_all(actor, entities)
        report = accord.levelling.level(actor, "P", schedules=200, seed=plan, exact=exact, seconds=5 if exact else None, apply=True)
        after = {t.key: t for t in accord.scheduling.schedule(actor, "P").tasks}
        said = {name for name in (f"Person {p}" for p in range(3)) if any(u.startswith(name + " ") for u in report.unresolved)}
        assert _overbooked(after, entities) == said, (plan, report.unresolved)  # no more, and no less
        for moved in report.tasks:
            assert (moved.start, moved.finish) == (after[moved.key].early_start, after[moved.key].early_finish), (plan, moved.key)
