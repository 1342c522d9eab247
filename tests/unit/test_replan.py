"""One task changed in a compiled plan gives exactly the plan compiled anew, or says it cannot."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from accord.domain.calendar import Calendar
from accord.domain.project import ConstraintType, Dependency, Project, Task
from accord.scheduling.cpm import schedule
from accord.scheduling.plan import build
from accord.scheduling.replan import with_task

START = dt.date(2027, 1, 4)
PROJECT = Project(key="P", name="P", account="A", start=START, calendar="NO")
CALENDARS = [Calendar(key="NO", name="Norway", holiday_region="NO"), Calendar(key="X", name="Other")]
TASKS = [
    Task(key="a", name="A", project="P", duration=960),
    Task(key="phase", name="Phase", project="P"),
    Task(key="b", name="B", project="P", parent="phase", duration=480, levelling_delay=480),
    Task(key="c", name="C", project="P", parent="phase", duration=1440),
    Task(key="d", name="D", project="P", duration=480),
]
LINKS = [Dependency(key="L1", predecessor="a", successor="phase"), Dependency(key="L2", predecessor="c", successor="d")]

CHANGES = [
    {"duration": 2400},
    {"duration": 0},
    {"constraint": ConstraintType.MUST_START_ON, "constraint_date": dt.datetime(2027, 1, 6, 8)},
    {"constraint": ConstraintType.START_NO_EARLIER_THAN, "constraint_date": dt.datetime(2027, 1, 4, 8)},
    {"constraint": ConstraintType.FINISH_NO_LATER_THAN, "constraint_date": dt.datetime(2027, 1, 6, 17)},
    {"deadline": dt.datetime(2027, 1, 5, 17)},
    {"actual_start": dt.datetime(2027, 1, 5, 8), "percent_complete": 40},
    {"actual_start": dt.datetime(2027, 1, 4, 8), "actual_finish": dt.datetime(2027, 1, 8, 12), "percent_complete": 100},
    {"levelling_delay": 960},
    {"elapsed": True, "duration": 4320},
    {"name": "Renamed"},
]


@pytest.mark.parametrize("key", ["a", "b", "d"])
@pytest.mark.parametrize("change", CHANGES)
def test_a_patched_plan_is_the_plan_compiled_anew(key: str, change: dict[str, object]) -> None:
    plan = build([PROJECT], TASKS, LINKS, CALENDARS)
    untouched = build([PROJECT], TASKS, LINKS, CALENDARS)
    index = [t.key for t in plan.tasks].index(key)
    changed = dataclasses.replace(plan.tasks[index], **change)  # type: ignore[arg-type]
    patched = with_task(plan, changed, PROJECT, index)
    assert patched is not None
    fresh = build([PROJECT], [changed if t.key == key else t for t in TASKS], LINKS, CALENDARS)
    assert patched.tasks == fresh.tasks
    for field in dataclasses.fields(fresh.network):
        mine, theirs = getattr(patched.network, field.name), getattr(fresh.network, field.name)
        if field.name == "delay" and theirs is None:
            assert mine is None or not mine.any()
            continue
        assert np.array_equal(mine, theirs), field.name
    assert plan.tasks == untouched.tasks, "the plan given is left as it was"
    assert all(np.array_equal(getattr(plan.network, f.name), getattr(untouched.network, f.name)) for f in dataclasses.fields(plan.network) if f.name != "delay")
    ours, reference = schedule(patched.network, patched.calendars), schedule(fresh.network, fresh.calendars)
    assert np.array_equal(ours.early_start, reference.early_start) and np.array_equal(ours.late_finish, reference.late_finish)


def test_what_reaches_beyond_a_tasks_own_values_asks_for_a_new_plan() -> None:
    plan = build([PROJECT], TASKS, LINKS, CALENDARS)
    a = plan.tasks[0]
    assert with_task(plan, dataclasses.replace(a, calendar="X"), PROJECT, 0) is None
    assert with_task(plan, dataclasses.replace(a, parent="phase"), PROJECT, 0) is None
    assert with_task(plan, dataclasses.replace(plan.tasks[1], duration=480), PROJECT, 1) is None, "a summary"
    far = dt.datetime(2040, 1, 2, 8)
    assert with_task(plan, dataclasses.replace(a, deadline=far), PROJECT, 0) is None, "past the calendars' horizon"
