"""Levelling a program's projects against their shared people, through the service."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from accord.bootstrap import Accord
from accord.domain.base import Entity
from accord.domain.calendar import Calendar, CalendarException, Weekday, WorkingTime
from accord.domain.errors import ValidationError
from accord.domain.people import Account, Person
from accord.domain.program import Program
from accord.domain.project import ConstraintType, Dependency, Project, Task
from accord.domain.resources import Assignment, Resource
from accord.services.actor import Actor
from accord.services.scheduling import TaskSchedule
from tests.factories import new_organization


@pytest.fixture
def actor(accord: Accord) -> Actor:
    accord.demo.load()
    return accord.demo.actor()


def test_levelling_a_program_leaves_nobody_over_capacity_and_explains_each_move(accord: Accord, actor: Actor) -> None:
    report = accord.levelling.level(actor, "NORDICS", schedules=2000, seed=1)
    assert report.projects[:3] == ("NORD-ACME", "NORD-SVEA", "NORD-SUOMI")
    over_before = [k for k, h in report.histograms.items() if max(h["before"]) > h["capacity_percent"]]  # type: ignore[type-var, operator]
    assert over_before, "the demo books people on several projects at once"
    for key, histogram in report.histograms.items():
        assert max(histogram["after"], default=0) <= histogram["capacity_percent"], key  # type: ignore[type-var, operator]
    assert report.days_after >= report.days_before
    assert report.tasks and all(t.delay_days > 0 and t.reason for t in report.tasks)
    waiting = [t for t in report.tasks if t.reason.startswith("waiting for Ana Ruiz, busy on ")]
    assert waiting, "someone waits for Ana Ruiz"
    assert any("Lea Dubois" in line for line in report.unresolved), "an assignment above her 60% is reported"
    again = accord.levelling.level(actor, "NORDICS", schedules=2000, seed=1)
    assert again.as_json() | {"seconds": 0} == report.as_json() | {"seconds": 0}, "a seed gives one result"


def test_levelling_refuses_what_is_not_a_plan(accord: Accord, actor: Actor) -> None:
    with pytest.raises(ValidationError, match="give a project or a program"):
        accord.levelling.level(actor, "LC-SSO")
    with pytest.raises(ValidationError, match="nothing has the key"):
        accord.levelling.level(actor, "NOPE")
    with pytest.raises(ValidationError, match="at least 1"):
        accord.levelling.level(actor, "NORD-ACME", schedules=0)


def test_the_higher_priority_project_gets_the_shared_person_first(accord: Accord) -> None:
    actor = new_organization(accord)
    day = 480
    batch: list[Entity] = [Account(key="A", name="Client"), Person(key="ana", name="Ana"), Resource(key="R", name="Ana", person="ana")]
    for key, priority in (("LOW", 100), ("HIGH", 900), ("MID", 500)):
        batch += [
            Project(key=key, name=key, account="A", start=dt.date(2027, 3, 1), priority=priority),
            Task(key=f"{key}-1", name="Work", project=key, duration=5 * day),
            Assignment(key=f"{key}-A", task=f"{key}-1", resource="R"),
        ]
    accord.entities.add_all(actor, batch)
    accord.entities.add_all(actor, [Program(key="PG", name="Program", priority=0)])
    for key in ("LOW", "HIGH", "MID"):
        accord.entities.update(actor, "project", key, {"program": "PG"})
    report = accord.levelling.level(actor, "PG", schedules=300, seed=3)
    starts = {t.project: t.start for t in report.tasks}
    assert "HIGH" not in starts, "the most important project's work is not delayed"
    assert starts["MID"] < starts["LOW"]
    assert report.days_after == 15


def test_an_applied_levelling_is_the_schedule_until_it_is_cleared(accord: Accord) -> None:
    actor = new_organization(accord)
    day = 480
    batch: list[Entity] = [
        Account(key="A", name="Client"),
        Person(key="ana", name="Ana"),
        Resource(key="R", name="Ana", person="ana"),
        Project(key="P", name="P", account="A", start=dt.date(2027, 3, 1)),
        Task(key="P-1", name="First", project="P", duration=2 * day, priority=900),
        Task(key="P-2", name="Second", project="P", duration=3 * day),
        Task(key="P-3", name="After the second", project="P", duration=day),
        Assignment(key="A1", task="P-1", resource="R"),
        Assignment(key="A2", task="P-2", resource="R"),
    ]
    accord.entities.add_all(actor, batch)
    accord.entities.add_all(actor, [Dependency(key="L", predecessor="P-2", successor="P-3")])
    before = _dates(accord, actor)
    assert before["P-1"].early_start == before["P-2"].early_start, "Ana is booked twice"
    heard: list[str] = []
    report = accord.levelling.level(actor, "P", schedules=200, seed=1, apply=True, progress=heard.append)
    assert heard == ["scheduled", "levelled", "stored"]
    # Second, with a task after it, goes first: the shorter schedule (five days, not six).
    assert [t.key for t in report.tasks] == ["P-1"]
    stored = {s.entity.key: s.entity for s in accord.entities.find(actor, "task", {"project": "P"})}
    assert stored["P-1"].levelling_delay == 3 * day, "First waits three days for Ana"  # type: ignore[attr-defined]
    assert stored["P-2"].levelling_delay == stored["P-3"].levelling_delay == 0  # type: ignore[attr-defined]
    after = _dates(accord, actor)
    assert after["P-1"].early_start == dt.datetime(2027, 3, 4, 8), "the morning after Second ends"
    assert after["P-2"].early_finish < after["P-1"].early_start
    assert after["P-3"].early_start == before["P-3"].early_start
    assert "levelling delay of 3 working days" in after["P-1"].driver["text"]  # type: ignore[operator]
    preview = accord.levelling.level(actor, "P", schedules=200, seed=1)
    assert preview.tasks == report.tasks, "levelling always starts afresh from the plan without delays"
    again = accord.levelling.level(actor, "P", schedules=200, seed=1, apply=True)
    assert [t.key for t in again.tasks] == ["P-1"], "applied again, it levels afresh, not on top"
    assert accord.levelling.clear(actor, "P") == ["P-1"]
    cleared = _dates(accord, actor)
    assert cleared["P-1"].early_start == before["P-1"].early_start
    actions = [e.action for e in accord.entities.history(actor, "P-1")]
    assert actions == ["create", "update", "update", "update", "update"], "each change audited"


def test_levelling_follows_each_persons_calendar_days_off_and_part_days(accord: Accord) -> None:
    actor = new_organization(accord)
    day = 480
    half_fridays = {d: ("08:00-12:00", "13:00-17:00") for d in ("monday", "tuesday", "wednesday", "thursday")} | {"friday": ("08:00-12:00",)}
    batch: list[Entity] = [
        Account(key="A", name="Client"),
        Person(key="ana", name="Ana"),
        Person(key="bo", name="Bo"),
        # Ana is away Wednesday and Thursday of the first week; Bo works half days on Fridays.
        Calendar(key="ANA", name="Ana", exceptions=(CalendarException(name="Away", start=dt.date(2027, 3, 3), finish=dt.date(2027, 3, 4)),)),
        Calendar(key="BO", name="Bo", week={Weekday(k): tuple(WorkingTime.parse(t) for t in v) for k, v in half_fridays.items()}),
        Resource(key="RA", name="Ana", person="ana", calendar="ANA"),
        Resource(key="RB", name="Bo", person="bo", calendar="BO"),
        Project(key="P", name="P", account="A", start=dt.date(2027, 3, 1)),  # a Monday
        Task(key="P-1", name="Ana's first", project="P", duration=3 * day, priority=900),
        Task(key="P-2", name="Ana's second", project="P", duration=day),
        Task(key="P-3", name="Bo's first", project="P", duration=4 * day + day // 2, priority=900),
        Task(key="P-4", name="Bo's second", project="P", duration=day),
        *(Assignment(key=f"A{i}", task=f"P-{i}", resource="RA" if i < 3 else "RB") for i in range(1, 5)),
    ]
    accord.entities.add_all(actor, batch)
    report = accord.levelling.level(actor, "P", schedules=300, seed=1, apply=True)
    moved = {t.key: t for t in report.tasks}
    # Ana's first works Monday, Tuesday and (after her two days away) Friday; her second waits
    # for it: the next Monday. Bo's first takes four days and his half Friday; his second, Monday.
    assert moved["P-2"].start == dt.datetime(2027, 3, 8, 8) and "waiting for Ana" in moved["P-2"].reason
    assert moved["P-4"].start == dt.datetime(2027, 3, 8, 8) and "waiting for Bo" in moved["P-4"].reason
    assert set(moved) == {"P-2", "P-4"}
    assert report.days[:6] == tuple(dt.date(2027, 3, d) for d in (1, 2, 3, 4, 5, 8)), "the days someone works"
    assert report.histograms["RA"]["available"][:5] == [100, 100, 0, 0, 100]  # type: ignore[index]
    assert report.histograms["RA"]["after"][:6] == [100, 100, 0, 0, 100, 100]  # type: ignore[index]
    after = _dates(accord, actor)
    assert after["P-1"].early_finish == dt.datetime(2027, 3, 5, 17)
    assert after["P-2"].early_start == dt.datetime(2027, 3, 8, 8), "the stored delay gives the levelled date"
    assert after["P-3"].early_finish == dt.datetime(2027, 3, 5, 12)
    assert after["P-4"].early_start == dt.datetime(2027, 3, 8, 8)
    heard: list[str] = []
    exact = accord.levelling.level(actor, "P", exact=True, seed=1, progress=heard.append)
    assert heard == ["scheduled", "searched", "levelled"], "the solver's start is a step of its own"
    assert exact.proven_optimal is True, "exact mode levels a plan with days off and part days, too"
    assert exact.finish_after == report.finish_after and exact.days_after == exact.bound_days == report.days_after


def test_a_plan_without_tasks_or_with_another_projects_odd_calendar_is_levelled_or_refused_plainly(accord: Accord) -> None:
    actor = new_organization(accord)
    never = Calendar(key="NEVER", name="Never", week={d: () for d in Weekday})  # no working day at all
    accord.entities.add_all(actor, [Account(key="A", name="Client"), never])
    accord.entities.add_all(
        actor,
        [
            Project(key="EMPTY", name="Empty", account="A", start=dt.date(2027, 3, 1)),
            Project(key="ODD", name="Odd", account="A", start=dt.date(2027, 3, 1), calendar="NEVER"),
            Project(key="P", name="P", account="A", start=dt.date(2027, 3, 1)),
        ],
    )
    accord.entities.add_all(
        actor,
        [Task(key="ODD-1", name="Never done", project="ODD", duration=480), Task(key="P-1", name="Work", project="P", duration=480)],
    )
    with pytest.raises(ValidationError, match="has no tasks to level"):
        accord.levelling.level(actor, "EMPTY")
    with pytest.raises(ValidationError, match="calendar NEVER: working time: has none between"):
        accord.scheduling.schedule(actor, "ODD")
    with pytest.raises(ValidationError, match="calendar NEVER: working time: has none between"):
        accord.findings.check(actor)  # the portfolio's schedule, the same way
    assert accord.scheduling.schedule(actor, "P").finish == dt.datetime(2027, 3, 1, 17), "another project's calendar is no concern"
    assert accord.levelling.level(actor, "P").days_after == 1


def test_tasks_start_in_the_middle_of_a_day_where_work_ends_there(accord: Accord) -> None:
    actor = new_organization(accord)
    day = 480
    accord.entities.add_all(
        actor,
        [
            Account(key="A", name="Client"),
            Person(key="ana", name="Ana"),
            Person(key="bo", name="Bo"),
            Resource(key="RA", name="Ana", person="ana"),
            Resource(key="RB", name="Bo", person="bo"),
            Project(key="P", name="P", account="A", start=dt.date(2027, 3, 1)),  # a Monday
            Task(key="P-1", name="Ana's day and a half", project="P", duration=day + day // 2, priority=900),
            Task(key="P-2", name="Bo's day", project="P", duration=day),
            Task(key="P-3", name="Ana's next", project="P", duration=day, priority=900),
            Task(key="P-4", name="Ana's other day", project="P", duration=day),
            Task(key="P-5", name="Bo's two hours", project="P", duration=120),
            Dependency(key="D1", predecessor="P-1", successor="P-2"),
            Dependency(key="D2", predecessor="P-2", successor="P-3"),
            *(Assignment(key=f"A{i}", task=f"P-{i}", resource="RB" if i in (2, 5) else "RA") for i in range(1, 6)),
        ],
    )
    report = accord.levelling.level(actor, "P", schedules=300, seed=1, apply=True)
    moved = {t.key: t for t in report.tasks}
    # Ana: the first until Tuesday noon, her next from Wednesday 13:00: her other day fits
    # between, from Tuesday 13:00 — before, in whole days, it waited for Thursday and she was
    # booked twice on Wednesday afternoon once applied.
    assert moved["P-4"].start == dt.datetime(2027, 3, 2, 13) and moved["P-4"].delay_days == 1.5
    assert "waiting for Ana" in moved["P-4"].reason
    assert report.finish_after == report.finish_before == dt.datetime(2027, 3, 4, 12), "nothing else moves"
    assert set(moved) <= {"P-4", "P-5"}
    assert report.days_after == 4 and report.days[:4] == tuple(dt.date(2027, 3, d) for d in range(1, 5))
    assert report.histograms["RA"]["after"][:4] == [100, 100, 100, 100], "each day's peak"  # type: ignore[index]
    after = _dates(accord, actor)
    assert after["P-4"].early_start == dt.datetime(2027, 3, 2, 13), "the stored delay gives the levelled start"
    for person, keys in {"Ana": ("P-1", "P-3", "P-4"), "Bo": ("P-2", "P-5")}.items():
        spans = sorted((after[k].early_start, after[k].early_finish) for k in keys)
        assert all(f <= s for (_, f), (s, _) in itertools.pairwise(spans)), f"{person} is never booked twice"


def _dates(accord: Accord, actor: Actor, key: str = "P") -> dict[str, TaskSchedule]:
    """The schedule of a project (or program), task by task."""
    return {t.key: t for t in accord.scheduling.schedule(actor, key).tasks}


def _ana_and_project_p() -> list[Entity]:
    """Ana, and project P of a client, starting on Monday 1 March 2027."""
    return [
        Account(key="A", name="Client"),
        Person(key="ana", name="Ana"),
        Resource(key="RA", name="Ana", person="ana"),
        Project(key="P", name="P", account="A", start=dt.date(2027, 3, 1)),
    ]


def _bo() -> list[Entity]:
    """Bo, a second person."""
    return [Person(key="bo", name="Bo"), Resource(key="RB", name="Bo", person="bo")]


def test_work_under_way_fixed_dates_and_priority_1000_never_move(accord: Accord) -> None:
    actor = new_organization(accord)
    day = 480
    tuesday = dt.datetime(2027, 3, 2, 8)
    accord.entities.add_all(
        actor,
        [
            *_ana_and_project_p(),
            Task(key="P-1", name="Fixed Tuesday", project="P", duration=day, priority=100,
                 constraint=ConstraintType.MUST_START_ON, constraint_date=tuesday),
            Task(key="P-2", name="Important", project="P", duration=2 * day, priority=900),
            Task(key="P-3", name="Never levelled", project="P", duration=day, priority=1000),
            Task(key="P-4", name="Under way", project="P", duration=day, priority=0,
                 actual_start=dt.datetime(2027, 3, 4, 8), percent_complete=10),
            *(Assignment(key=f"A{i}", task=f"P-{i}", resource="RA") for i in range(1, 5)),
        ],
    )  # fmt: skip
    before = _dates(accord, actor)
    report = accord.levelling.level(actor, "P", schedules=300, seed=1, apply=True)
    moved = {t.key: t for t in report.tasks}
    # Monday is the never-levelled task's, Tuesday the fixed one's, Thursday the one under way's:
    # the important one's two days cannot come before Friday.
    assert set(moved) == {"P-2"} and moved["P-2"].start == dt.datetime(2027, 3, 5, 8)
    assert report.unresolved == ()
    after = _dates(accord, actor)
    for key in ("P-1", "P-3", "P-4"):
        assert after[key].early_start == before[key].early_start, key
    assert after["P-1"].early_start == tuesday
    # Two tasks that never move, on the same day: levelling cannot resolve it, and says so.
    accord.entities.add_all(actor, [Task(key="P-5", name="Also Tuesday", project="P", duration=day, priority=1000,
                                         constraint=ConstraintType.START_NO_EARLIER_THAN, constraint_date=tuesday),
                                    Assignment(key="A5", task="P-5", resource="RA")])  # fmt: skip
    clash = accord.levelling.level(actor, "P", schedules=300, seed=1)
    assert clash.unresolved == ("Ana is booked over capacity on 2027-03-02 by tasks that never move (under way, "
                                "on a must-start or must-finish date, or of priority 1000): P-1, P-5",)  # fmt: skip
    assert clash.days[0] == dt.date(2027, 3, 1), "day 0 is the project's start, not a date constraint's horizon"
    assert clash.histograms["RA"]["after"] == [100, 200, 0, 100, 100, 100]  # type: ignore[index]


def _booked_days(schedule: dict[str, Any], keys: list[str]) -> list[dt.date]:
    """The working days each of `keys` takes in a schedule of whole days, one entry per task."""
    days = []
    for key in keys:
        day = schedule[key].early_start.date()
        while day <= schedule[key].early_finish.date():
            if day.weekday() < 5:
                days.append(day)
            day += dt.timedelta(days=1)
    return days


def test_a_task_as_late_as_possible_is_levelled_where_the_schedule_puts_it(accord: Accord) -> None:
    actor = new_organization(accord)
    day = 480
    late = {"constraint": ConstraintType.AS_LATE_AS_POSSIBLE}
    friday = {"constraint": ConstraintType.START_NO_EARLIER_THAN, "constraint_date": dt.datetime(2027, 3, 5, 8)}
    accord.entities.add_all(
        actor,
        [
            *_ana_and_project_p(),
            Task(key="P-1", name="Soon", project="P", duration=2 * day),
            Task(key="P-2", name="The week", project="P", duration=5 * day),
            Task(key="P-3", name="Late", project="P", duration=day, **late),  # type: ignore[arg-type]
            Task(key="P-4", name="Friday", project="P", duration=day, **friday),  # type: ignore[arg-type]
            # A second plan: two of Ana's tasks at once, and one as late as possible at its end.
            Project(key="Q", name="Q", account="A", start=dt.date(2027, 3, 1)),
            Task(key="Q-1", name="One", project="Q", duration=3 * day),
            Task(key="Q-2", name="Two", project="Q", duration=3 * day),
            Task(key="Q-3", name="The week", project="Q", duration=5 * day),
            Task(key="Q-4", name="Wrap up", project="Q", duration=day, **late),  # type: ignore[arg-type]
            *(Assignment(key=f"A{k}", task=k, resource="RA") for k in ("P-1", "P-3", "P-4", "Q-1", "Q-2", "Q-4")),
        ],
    )  # fmt: skip
    before = _dates(accord, actor)
    assert before["P-3"].early_start == before["P-4"].early_start == dt.datetime(2027, 3, 5, 8), "both on Friday"
    report = accord.levelling.level(actor, "P", schedules=300, seed=1, apply=True)
    # Late is on Friday, not on Monday with Soon: Soon waits for nobody; one of the two on
    # Friday goes to Monday.
    assert [t.key for t in report.tasks] in (["P-3"], ["P-4"]) and report.unresolved == ()
    after = _dates(accord, actor)
    assert after["P-1"].early_start == before["P-1"].early_start
    assert report.tasks[0].start == after[report.tasks[0].key].early_start == dt.datetime(2027, 3, 8, 8)
    booked = _booked_days(after, ["P-1", "P-3", "P-4"])
    assert len(booked) == len(set(booked)) == 4, "Ana is on one task a day"

    report = accord.levelling.level(actor, "Q", schedules=300, seed=1, apply=True)
    assert report.unresolved == ()
    after = _dates(accord, actor, "Q")
    booked = _booked_days(after, ["Q-1", "Q-2", "Q-4"])
    assert len(booked) == len(set(booked)) == 7, "Ana is on one task a day"
    assert after["Q-4"].early_finish == max(t.early_finish for t in after.values()), "wrap up still ends the plan"
    for moved in report.tasks:
        assert moved.start == after[moved.key].early_start, moved.key


def test_a_task_as_late_as_possible_is_held_by_an_advance_where_the_levelled_plan_ends_later(
    accord: Accord, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.services import levelling, levelling_model

    monkeypatch.setattr(levelling, "ROUNDS", 1)  # one levelling: no second chance to put it right
    monkeypatch.setattr(levelling_model, "ROUNDS", 1)
    actor = new_organization(accord)
    day = 480
    accord.entities.add_all(
        actor,
        [
            *_ana_and_project_p(),
            Task(key="P-1", name="The week", project="P", duration=5 * day),
            Task(key="P-2", name="Late", project="P", duration=day, constraint=ConstraintType.AS_LATE_AS_POSSIBLE),
            Task(key="P-3", name="Friday", project="P", duration=day, constraint=ConstraintType.START_NO_EARLIER_THAN,
                 constraint_date=dt.datetime(2027, 3, 5, 8)),
            *(Assignment(key=f"A{k}", task=f"P-{k}", resource="RA") for k in (2, 3)),
        ],
    )  # fmt: skip
    advanced = []
    for seed in range(6):
        report = accord.levelling.level(actor, "P", schedules=50, seed=seed, apply=True)
        after = _dates(accord, actor)
        booked = _booked_days(after, ["P-2", "P-3"])
        assert len(booked) == len(set(booked)) == 2 and report.unresolved == (), seed
        assert {t.key: t.start for t in report.tasks} == {t.key: after[t.key].early_start for t in report.tasks}, seed
        stored = {s.entity.key: s.entity.levelling_delay for s in accord.entities.find(actor, "task", {"project": "P"})}  # type: ignore[attr-defined]
        if after["P-3"].early_start == dt.datetime(2027, 3, 8, 8):  # Friday went to Monday, the plan's end with it
            # Late stays on Friday, a day before as late as the plan now allows.
            assert after["P-2"].early_start == dt.datetime(2027, 3, 5, 8), seed
            assert stored["P-2"] == -day, seed
            assert "levelling advance of 1 working days" in after["P-2"].driver["text"], seed  # type: ignore[operator]
            advanced.append(seed)
        else:  # Late went to Monday: a delay holds it there
            assert after["P-2"].early_start == dt.datetime(2027, 3, 8, 8) and stored["P-2"] > 0, seed
    assert advanced, "a levelling moved Friday, not Late"


def test_a_task_waiting_behind_one_as_late_as_possible_keeps_its_levelled_start(accord: Accord) -> None:
    actor = new_organization(accord)
    day = 480
    thursday = dt.datetime(2027, 3, 4, 8)
    accord.entities.add_all(
        actor,
        [
            *_ana_and_project_p(),
            *_bo(),
            Task(key="P-1", name="Three days", project="P", duration=3 * day),
            Task(key="P-2", name="Late", project="P", duration=day, constraint=ConstraintType.AS_LATE_AS_POSSIBLE),
            Task(key="P-3", name="After both", project="P", duration=day),
            Task(key="P-4", name="Bo's Thursday and Friday", project="P", duration=2 * day,
                 constraint=ConstraintType.MUST_START_ON, constraint_date=thursday),
            Dependency(key="D1", predecessor="P-1", successor="P-3"),
            Dependency(key="D2", predecessor="P-2", successor="P-3"),
            Assignment(key="A2", task="P-2", resource="RA"),
            Assignment(key="A3", task="P-3", resource="RB"),
            Assignment(key="A4", task="P-4", resource="RB"),
        ],
    )  # fmt: skip
    before = _dates(accord, actor)
    assert before["P-3"].early_start == thursday and before["P-2"].early_start == dt.datetime(2027, 3, 3, 8)
    report = accord.levelling.level(actor, "P", schedules=300, seed=1, apply=True)
    assert report.unresolved == ()
    after = _dates(accord, actor)
    monday = dt.datetime(2027, 3, 8, 8)
    assert after["P-3"].early_start == monday, "Bo is busy on Thursday and Friday: the wait is stored"
    booked = _booked_days(after, ["P-3", "P-4"])
    assert len(booked) == len(set(booked)), "Bo is on one task a day"
    # A follower's levelling delay asks its predecessors to be done before it (as in the late
    # dates): Late stays on Wednesday, and the report says what the schedule does.
    assert after["P-2"].early_start == before["P-2"].early_start
    assert [(t.key, t.start) for t in report.tasks] == [("P-3", monday)]


def test_a_task_of_priority_1000_is_never_delayed_but_follows_its_links(accord: Accord) -> None:
    actor = new_organization(accord)
    day = 480
    monday = dt.datetime(2027, 3, 1, 8)
    accord.entities.add_all(
        actor,
        [
            *_ana_and_project_p(),
            *_bo(),
            Task(key="P-1", name="Fixed Monday", project="P", duration=2 * day, constraint=ConstraintType.MUST_START_ON,
                 constraint_date=monday),
            Task(key="P-2", name="Waits for Ana", project="P", duration=2 * day),
            Task(key="P-3", name="Never levelled", project="P", duration=day, priority=1000),
            Dependency(key="D1", predecessor="P-2", successor="P-3"),
            Assignment(key="A1", task="P-1", resource="RA"),
            Assignment(key="A2", task="P-2", resource="RA"),
            Assignment(key="A3", task="P-3", resource="RB"),
        ],
    )  # fmt: skip
    before = _dates(accord, actor)
    assert before["P-3"].early_start == dt.datetime(2027, 3, 3, 8)
    report = accord.levelling.level(actor, "P", schedules=300, seed=1, apply=True)
    after = _dates(accord, actor)
    # Ana's second task waits for Wednesday; the one never levelled follows it to Friday.
    assert after["P-2"].early_start == dt.datetime(2027, 3, 3, 8)
    assert after["P-3"].early_start == dt.datetime(2027, 3, 5, 8)
    moved = {t.key: t for t in report.tasks}
    assert moved["P-3"].reason == "follows P-2, itself moved" and moved["P-3"].start == after["P-3"].early_start
    assert report.unresolved == ()
    assert "levelling_delay_minutes" not in after["P-3"].driver, "never delayed itself"


def test_a_task_that_never_moves_books_its_people_to_its_finish_wherever_in_the_day_it_starts(accord: Accord) -> None:
    """Fixed must start on Tuesday at 10:00 and takes a day, to Wednesday 10:00 (plus lunch);
    levelled in whole days, it books Ana on Wednesday too, so Later goes to Thursday."""
    actor = new_organization(accord)
    day = 480
    accord.entities.add_all(
        actor,
        [
            *_ana_and_project_p(),
            Task(key="P-1", name="Fixed", project="P", duration=day, constraint=ConstraintType.MUST_START_ON,
                 constraint_date=dt.datetime(2027, 3, 2, 10)),
            Task(key="P-2", name="Later", project="P", duration=day, constraint=ConstraintType.START_NO_EARLIER_THAN,
                 constraint_date=dt.datetime(2027, 3, 3, 8)),
            *(Assignment(key=f"A{k}", task=f"P-{k}", resource="RA") for k in (1, 2)),
        ],
    )  # fmt: skip
    before = _dates(accord, actor)
    assert before["P-1"].early_finish == dt.datetime(2027, 3, 3, 10) and before["P-2"].early_start == dt.datetime(2027, 3, 3, 8)
    report = accord.levelling.level(actor, "P", schedules=50, apply=True)
    after = _dates(accord, actor)
    assert after["P-1"].early_start == dt.datetime(2027, 3, 2, 10), "Fixed never moves"
    assert after["P-2"].early_start == dt.datetime(2027, 3, 4, 8), "Later waits until Ana is done, on Thursday"
    assert report.unresolved == () and [t.key for t in report.tasks] == ["P-2"]


def test_tasks_on_calendars_of_different_hours_do_not_overlap_on_the_clock(accord: Accord) -> None:
    """Afternoon takes Ana from 13:00 to 17:00; Late, on a calendar two hours later (10:00-14:00,
    15:00-19:00), would take her from 10:00 to 14:00 the same Monday. By halves of each
    calendar's day they are in different periods; on the clock they overlap from 13:00."""
    actor = new_organization(accord)
    later = {Weekday(d): (WorkingTime.parse("10:00-14:00"), WorkingTime.parse("15:00-19:00"))
             for d in ("monday", "tuesday", "wednesday", "thursday", "friday")}  # fmt: skip
    accord.entities.add_all(
        actor,
        [
            *_ana_and_project_p(),
            Calendar(key="LATER", name="Later hours", week=later),
            Task(key="P-1", name="Afternoon", project="P", duration=240, constraint=ConstraintType.START_NO_EARLIER_THAN,
                 constraint_date=dt.datetime(2027, 3, 1, 13)),
            Task(key="P-2", name="Late", project="P", duration=240, calendar="LATER"),
            *(Assignment(key=f"A{k}", task=f"P-{k}", resource="RA") for k in (1, 2)),
        ],
    )  # fmt: skip
    before = _dates(accord, actor)
    assert before["P-2"].early_start == dt.datetime(2027, 3, 1, 10) and before["P-2"].early_finish == dt.datetime(2027, 3, 1, 14)
    assert before["P-1"].early_start == dt.datetime(2027, 3, 1, 13), "Ana is on both from 13:00 to 14:00"
    report = accord.levelling.level(actor, "P", schedules=50, apply=True)
    after = _dates(accord, actor)
    one, two = sorted((after["P-1"], after["P-2"]), key=lambda t: t.early_start)
    assert one.early_finish <= two.early_start, "one after the other"
    assert report.unresolved == () and len(report.tasks) == 1
