"""The critical path method on small networks whose dates a planner can check by hand.

Standard calendar: Monday to Friday, 08:00-12:00 and 13:00-17:00. Day 0 is Monday 4 January 2027.
"""

from __future__ import annotations

import datetime as dt

import pytest

from accord.domain.calendar import Calendar, CalendarException, Weekday, WorkingTime
from accord.scheduling.cpm import Driver, ScheduleStatus
from accord.scheduling.network import ALAP, ELAPSED, FF, FNLT, FS, MFO, MSO, PERCENT, SF, SNET, SNLT, SS
from tests.unit.scheduling_helpers import DAY, Net, at, calendars, dates


def test_finish_to_start_chain() -> None:
    net = Net()
    a, b = net.task(2 * DAY), net.task(3 * DAY)
    net.link(a, b, FS)
    result = net.run()
    assert dates(net, result, a) == (at(0, 8), at(1, 17))
    assert dates(net, result, b) == (at(2, 8), at(4, 17))
    assert result.status is ScheduleStatus.SCHEDULED
    assert list(result.total_float) == [0, 0] and result.critical.all()
    assert result.driver[b] == Driver.LINK and result.driving_link[b] == 0
    assert result.driver[a] == Driver.START


@pytest.mark.parametrize(
    ("kind", "lag", "fmt", "start", "finish"),
    [
        (FS, DAY, 0, at(3, 8), at(3, 17)),  # a working day after Tuesday's finish
        (FS, -DAY, 0, at(1, 8), at(1, 17)),  # a lead: a day before the finish
        (SS, DAY, 0, at(1, 8), at(1, 17)),
        (FF, 0, 0, at(1, 8), at(1, 17)),  # finishes with the predecessor
        (FF, DAY, 0, at(2, 8), at(2, 17)),
        (SS, 50, PERCENT, at(1, 8), at(1, 17)),  # half of two days in
        (FS, 24 * 60, ELAPSED, at(2, 17, 0) + dt.timedelta(hours=15), at(3, 17)),  # Tue 17:00 + 24 h → Wed 17:00 → Thu
    ],
)
def test_link_types_and_lags(kind: int, lag: int, fmt: int, start: dt.datetime, finish: dt.datetime) -> None:
    net = Net()
    a, b = net.task(2 * DAY), net.task(DAY)
    net.link(a, b, kind, lag, fmt)
    result = net.run()
    assert dates(net, result, b) == (start, finish)


def test_start_to_finish() -> None:
    net = Net()
    a = net.task(DAY, constraint=SNET, constraint_time=at(2, 8))
    b = net.task(DAY)
    net.link(a, b, SF)
    result = net.run()
    assert dates(net, result, a) == (at(2, 8), at(2, 17))
    assert dates(net, result, b) == (at(1, 8), at(1, 17))  # finishes when A starts


def test_weekends_and_holidays_are_not_worked() -> None:
    norway = Calendar(key="NO", name="Norway", holiday_region="NO")
    net = Net(cal=calendars(norway))
    a = net.task(2 * DAY, calendar=1, constraint=SNET, constraint_time=dt.datetime(2027, 5, 14, 8))
    result = net.run()
    # Friday 14 May, then the weekend, then Monday 17 May (Constitution Day): Tuesday 18 May.
    assert dates(net, result, a) == (dt.datetime(2027, 5, 14, 8), dt.datetime(2027, 5, 18, 17))


def test_a_calendar_exception_closes_days() -> None:
    offsite = Calendar(
        key="X",
        name="X",
        exceptions=(CalendarException(name="Offsite", start=dt.date(2027, 1, 5), finish=dt.date(2027, 1, 6)),),
    )
    net = Net(cal=calendars(offsite))
    a = net.task(2 * DAY, calendar=1)
    assert dates(net, net.run(), a) == (at(0, 8), at(3, 17))


def test_links_between_calendars_convert_through_clock_time() -> None:
    late = Calendar(
        key="L", name="Late shift", week={d: (WorkingTime.parse("12:00-20:00"),) for d in list(Weekday)[:5]}
    )
    net = Net(cal=calendars(late))
    a = net.task(DAY)  # standard: Monday 08:00-17:00
    b = net.task(60, calendar=1)  # late shift, one hour
    net.link(a, b, FS)
    assert dates(net, net.run(), b) == (at(0, 17), at(0, 18))


def test_a_milestone_sits_at_its_predecessors_finish() -> None:
    net = Net()
    a, m, b = net.task(DAY), net.task(0), net.task(DAY)
    net.link(a, m)
    net.link(m, b)
    result = net.run()
    assert dates(net, result, m) == (at(0, 17), at(0, 17))
    assert dates(net, result, b) == (at(1, 8), at(1, 17))


def test_must_start_on_wins_over_a_link_and_shows_negative_float() -> None:
    net = Net()
    a, b = net.task(3 * DAY), net.task(DAY, constraint=MSO, constraint_time=at(1, 8))
    net.link(a, b)
    result = net.run()
    assert dates(net, result, b) == (at(1, 8), at(1, 17))
    assert result.status is ScheduleStatus.CONFLICTS
    assert list(result.violated_links) == [0]
    assert result.total_float[a] == -2 * DAY
    assert result.driver[b] == Driver.CONSTRAINT


def test_no_later_than_constraints_and_deadlines_show_negative_float() -> None:
    net = Net()
    a = net.task(3 * DAY, constraint=FNLT, constraint_time=at(1, 17))
    b = net.task(2 * DAY, deadline=at(0, 17))
    c = net.task(DAY, constraint=SNLT, constraint_time=at(4, 8))
    result = net.run()
    assert result.total_float[a] == -DAY
    assert dates(net, result, b) == (at(0, 8), at(1, 17))  # a deadline never moves a task
    assert result.total_float[b] == -DAY
    assert result.total_float[c] >= 0
    assert result.status is ScheduleStatus.CONFLICTS


def test_must_finish_on() -> None:
    net = Net()
    a = net.task(2 * DAY, constraint=MFO, constraint_time=at(3, 17))
    assert dates(net, net.run(), a) == (at(2, 8), at(3, 17))


def test_as_late_as_possible_waits_for_its_successor() -> None:
    net = Net()
    a, b, c = net.task(4 * DAY), net.task(DAY, constraint=ALAP), net.task(DAY)
    net.link(a, c)
    net.link(b, c)
    result = net.run()
    assert dates(net, result, b) == (at(3, 8), at(3, 17))
    assert dates(net, result, c) == (at(4, 8), at(4, 17))


def test_progress_is_scheduled_from_the_status_date() -> None:
    net = Net()
    status = at(2, 0)  # Wednesday 00:00: everything before is reported
    done = net.task(DAY, actual_start=at(0, 8), actual_finish=at(0, 17), percent=100, status=status)
    half = net.task(2 * DAY, actual_start=at(1, 8), percent=50, status=status)
    waiting = net.task(DAY, status=status)
    after = net.task(DAY, status=status)
    net.link(done, after)
    result = net.run()
    assert dates(net, result, done) == (at(0, 8), at(0, 17))
    assert dates(net, result, half) == (at(1, 8), at(2, 17))  # one day left, from Wednesday
    assert dates(net, result, waiting) == (at(2, 8), at(2, 17))
    assert result.driver[waiting] == Driver.STATUS_DATE and result.driver[half] == Driver.ACTUAL
    assert not result.critical[done]


def test_a_cycle_is_reported_with_its_tasks() -> None:
    net = Net()
    a, b, c, d = (net.task(DAY) for _ in range(4))
    net.link(a, b)
    net.link(b, c)
    net.link(c, b)
    net.link(c, d)
    result = net.run()
    assert result.status is ScheduleStatus.CYCLE
    assert sorted(result.cycle) == [b, c]


def test_free_float_and_total_float() -> None:
    net = Net()
    long, short, end = net.task(5 * DAY), net.task(2 * DAY), net.task(DAY)
    net.link(long, end)
    net.link(short, end)
    result = net.run()
    assert result.total_float[short] == 3 * DAY
    assert result.free_float[short] == 3 * DAY
    assert result.total_float[long] == 0 and result.free_float[long] == 0
    assert list(result.critical) == [True, False, True]
    assert net.clock(result.late_start[short]) == at(3, 8)


def test_a_start_constraint_drives() -> None:
    net = Net()
    a = net.task(DAY, constraint=SNET, constraint_time=at(2, 10))
    result = net.run()
    assert dates(net, result, a) == (at(2, 10), at(3, 10))
    assert result.driver[a] == Driver.CONSTRAINT


def test_elapsed_durations_run_through_nights_and_weekends() -> None:
    net = Net()
    a = net.task(DAY)
    b = net.task(48 * 60, elapsed=True)  # two calendar days
    net.link(a, b)
    result = net.run()
    # B starts Monday 17:00's next working instant (Tuesday 08:00) and runs 48 hours of clock time.
    assert dates(net, result, b) == (at(1, 8), at(3, 8))
