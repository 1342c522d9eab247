"""Compiling projects, tasks and links into a network: summaries, calendars, cycles."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from accord.domain.calendar import Calendar, Weekday, WorkingTime
from accord.domain.project import ConstraintType, Dependency, LinkType, Project, Task
from accord.domain.resources import Assignment, Resource
from accord.scheduling.cpm import ScheduleStatus, schedule
from accord.scheduling.plan import build, resource_calendars, task_dates

START = dt.date(2027, 1, 4)
PROJECT = Project(key="P", name="P", account="A", start=START, calendar="NO")


def run(tasks: list[Task], links: list[Dependency]) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    plan = build([PROJECT], tasks, links, [Calendar(key="NO", name="Norway", holiday_region="NO")])
    result = schedule(plan.network, plan.calendars)
    assert result.status is not ScheduleStatus.CYCLE
    dates = task_dates(plan, result)
    clock = plan.calendars.clock
    return {t.key: (clock(dates.early_start[i]), clock(dates.early_finish[i])) for i, t in enumerate(plan.tasks)}


def test_links_into_and_out_of_a_summary_apply_to_its_children() -> None:
    tasks = [
        Task(key="before", name="Before", project="P", duration=960),
        Task(key="phase", name="Phase", project="P"),
        Task(key="a", name="A", project="P", parent="phase", duration=480),
        Task(key="b", name="B", project="P", parent="phase", duration=1440),
        Task(key="after", name="After", project="P", duration=480),
    ]
    links = [
        Dependency(key="L1", predecessor="before", successor="phase"),
        Dependency(key="L2", predecessor="phase", successor="after"),
    ]
    found = run(tasks, links)
    # 4 January 2027 is a Monday; 6 January is no holiday in Norway.
    assert found["a"][0] == found["b"][0] == dt.datetime(2027, 1, 6, 8)
    assert found["phase"] == (dt.datetime(2027, 1, 6, 8), dt.datetime(2027, 1, 8, 17))
    assert found["after"][0] == dt.datetime(2027, 1, 11, 8)


def test_the_project_calendar_applies_and_holidays_are_skipped() -> None:
    found = run([Task(key="t", name="T", project="P", duration=480 * 3, constraint_date=None)], [])
    # Friday 1 January is New Year's Day in Norway, and the project starts on Monday 4 January.
    assert found["t"] == (dt.datetime(2027, 1, 4, 8), dt.datetime(2027, 1, 6, 17))


def test_a_cycle_through_a_summary_is_found() -> None:
    tasks = [
        Task(key="phase", name="Phase", project="P"),
        Task(key="a", name="A", project="P", parent="phase", duration=480),
        Task(key="z", name="Z", project="P", duration=480),
    ]
    links = [
        Dependency(key="L1", predecessor="phase", successor="z"),
        Dependency(key="L2", predecessor="z", successor="a", type=LinkType.START_TO_START),
    ]
    plan = build([PROJECT], tasks, links, [Calendar(key="NO", name="Norway", holiday_region="NO")])
    result = schedule(plan.network, plan.calendars)
    assert result.status is ScheduleStatus.CYCLE and result.cycle


def test_a_task_whose_people_work_different_shifts_is_worked_whenever_one_of_them_works() -> None:
    night = Calendar(
        key="NIGHT",
        name="Night shift",
        week={day: (WorkingTime(0, 6 * 60), WorkingTime(22 * 60, 24 * 60)) for day in list(Weekday)[:5]},
    )
    people = [
        Resource(key="day-crew", name="Day crew"),  # on the project's calendar
        Resource(key="night-crew", name="Night crew", calendar="NIGHT"),
    ]
    tasks = [
        Task(key="both", name="Both shifts", project="P", duration=480 * 2),
        Task(key="nights", name="Nights only", project="P", duration=480 * 2),
    ]
    on = resource_calendars(
        [
            Assignment(key="A1", task="both", resource="day-crew"),
            Assignment(key="A2", task="both", resource="night-crew"),
            Assignment(key="A3", task="nights", resource="night-crew"),
        ],
        people,
    )
    assert on == {"both": "+NIGHT", "nights": "NIGHT"}
    morning = dataclasses.replace(PROJECT, start_time=dt.time(8))
    plan = build([morning], tasks, [], [Calendar(key="NO", name="Norway", holiday_region="NO"), night], resource_calendars=on)
    result = schedule(plan.network, plan.calendars)
    dates, clock = task_dates(plan, result), plan.calendars.clock
    found = {t.key: (clock(dates.early_start[i]), clock(dates.early_finish[i])) for i, t in enumerate(plan.tasks)}
    # Sixteen hours of work a day: day 08:00-17:00 (less lunch) and night 22:00-06:00.
    assert found["both"] == (dt.datetime(2027, 1, 4, 8), dt.datetime(2027, 1, 5, 6))
    assert found["nights"] == (dt.datetime(2027, 1, 4, 22), dt.datetime(2027, 1, 6, 6))


def test_projects_in_different_time_zones_are_scheduled_on_one_clock() -> None:
    """Helsinki is an hour ahead of Oslo: work finished at 17:00 in Helsinki is done at 16:00 in
    Oslo, while Oslo still has an hour of its working day left."""
    oslo = Project(key="OSL", name="Oslo", account="A", start=START, time_zone="Europe/Oslo", start_time=dt.time(8))
    helsinki = dataclasses.replace(oslo, key="HEL", name="Helsinki", time_zone="Europe/Helsinki")
    london_hours = Calendar(key="LON", name="London office", time_zone="Europe/London")
    tasks = [
        Task(key="design", name="Design", project="HEL", duration=480),
        Task(key="build", name="Build", project="OSL", duration=120),
        Task(key="review", name="Review", project="OSL", duration=60, calendar="LON"),
    ]
    links = [
        Dependency(key="L1", predecessor="design", successor="build"),
        Dependency(key="L2", predecessor="build", successor="review"),
    ]
    plan = build([oslo, helsinki], tasks, links, [london_hours])
    result = schedule(plan.network, plan.calendars)
    dates = task_dates(plan, result)
    starts, finishes = plan.clocks(dates.early_start), plan.clocks(dates.early_finish)
    found = {t.key: (starts[i], finishes[i]) for i, t in enumerate(plan.tasks)}
    assert found["design"] == (dt.datetime(2027, 1, 4, 8), dt.datetime(2027, 1, 4, 17)), "Helsinki time"
    # 16:00 in Oslo: an hour of its working day left, then the first hour of the next.
    assert found["build"] == (dt.datetime(2027, 1, 4, 16), dt.datetime(2027, 1, 5, 9)), "Oslo time"
    # The London office works 08:00-17:00 London time, 09:00-18:00 in Oslo, told in Oslo time.
    assert found["review"] == (dt.datetime(2027, 1, 5, 9), dt.datetime(2027, 1, 5, 10))
    assert plan.zones == {"OSL": "Europe/Oslo", "HEL": "Europe/Helsinki"}


def test_projects_in_one_zone_keep_their_wall_clock() -> None:
    oslo = dataclasses.replace(PROJECT, time_zone="Europe/Oslo")
    plan = build([oslo], [Task(key="t", name="T", project="P", duration=480)], [], [Calendar(key="NO", name="Norway")])
    assert plan.zones == {} and not plan.calendars.utc


def test_a_levelling_delay_starts_a_task_later_and_uses_up_float() -> None:
    tasks = [
        Task(key="a", name="A", project="P", duration=480),
        Task(key="b", name="B", project="P", duration=480, levelling_delay=960),
        Task(key="c", name="C", project="P", duration=480 * 5),
    ]
    links = [Dependency(key="L1", predecessor="a", successor="b")]
    plan = build([PROJECT], tasks, links, [Calendar(key="NO", name="Norway", holiday_region="NO")])
    result = schedule(plan.network, plan.calendars)
    dates = task_dates(plan, result)
    starts = plan.clocks(dates.early_start)
    found = {t.key: i for i, t in enumerate(plan.tasks)}
    # A on Monday 4 January; B could start on Tuesday, and starts two working days later.
    assert starts[found["b"]] == dt.datetime(2027, 1, 7, 8)
    assert dates.total_float[found["b"]] == 480, "a day before C's end on Friday"
    assert dates.total_float[found["a"]] == 480, "A must be done two days before B's latest start"
    assert int(dates.driver[found["b"]]) == 1, "B still follows A (a link drives it)"


def test_a_levelling_advance_holds_a_task_as_late_as_possible_before_the_end() -> None:
    """A, then B as late as possible; C runs the week. B goes to Friday, the week's end; an
    advance of two days holds it on Wednesday, a delay of a day on Tuesday, and an advance larger
    than its slack no earlier than right after A."""
    late = ConstraintType.AS_LATE_AS_POSSIBLE

    def b_with(delay: int) -> tuple[dt.datetime, int]:
        tasks = [
            Task(key="a", name="A", project="P", duration=480),
            Task(key="b", name="B", project="P", duration=480, constraint=late, levelling_delay=delay),
            Task(key="c", name="C", project="P", duration=480 * 5),
        ]
        plan = build([PROJECT], tasks, [Dependency(key="L1", predecessor="a", successor="b")], [Calendar(key="NO", name="Norway")])
        result = schedule(plan.network, plan.calendars)
        assert result.status is ScheduleStatus.SCHEDULED
        dates = task_dates(plan, result)
        return plan.clocks(dates.early_start)[1], int(result.finish)

    assert b_with(0)[0] == dt.datetime(2027, 1, 8, 8), "as late as possible: Friday"
    assert b_with(-2 * 480)[0] == dt.datetime(2027, 1, 6, 8), "two days before: Wednesday"
    assert b_with(-240)[0] == dt.datetime(2027, 1, 7, 13), "half a day before: Thursday noon"
    assert b_with(-10 * 480)[0] == dt.datetime(2027, 1, 5, 8), "never before A is done"
    assert b_with(480)[0] == dt.datetime(2027, 1, 6, 8), "a delay holds it a day after it could start"
    assert b_with(-2 * 480)[1] == b_with(0)[1], "the plan still ends with C"


def test_a_negative_levelling_delay_is_refused_on_a_task_that_is_not_as_late_as_possible() -> None:
    tasks = [Task(key="a", name="A", project="P", duration=480)]
    plan = build([PROJECT], tasks, [], [Calendar(key="NO", name="Norway")])
    with pytest.raises(ValueError, match="only for a node as late as possible"):
        dataclasses.replace(plan.network, delay=np.asarray([-480], dtype=np.int64))
