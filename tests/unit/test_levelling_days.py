"""The periods levelling counts in: shares of each calendar's day where calendars keep in step,
stretches of the clock where their hours are too far apart for that."""

from __future__ import annotations

import datetime as dt

import numpy as np

from accord.domain.calendar import Calendar, Weekday, WorkingTime
from accord.services.levelling_days import WorkingDays, _day_start, clock_marks
from tests.unit.scheduling_helpers import calendars

WEEKDAYS = (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY)


def _hours(key: str, *times: str) -> Calendar:
    return Calendar(key=key, name=key, week={d: tuple(WorkingTime.parse(t) for t in times) for d in WEEKDAYS})


# The standard calendar (08:00-12:00, 13:00-17:00) is compiled first, index 0.
LATER = calendars(_hours("LATER", "10:00-14:00", "15:00-19:00"))
HOUR_LATER = calendars(_hours("LATER", "09:00-13:00", "14:00-18:00"))
FIRST = int(np.int64(0))  # minute 0: Monday 4 January 2027, midnight


def test_calendars_of_the_same_hours_keep_in_step_and_need_no_clock() -> None:
    same = calendars(Calendar(key="AWAY", name="Away", base=None))
    for parts in (1, 2, 8):
        assert WorkingDays.of(same, [0, 1], FIRST, parts).in_step()
    assert clock_marks(same, [0, 1], FIRST, 60) is None


def test_hours_an_hour_apart_keep_in_step_by_the_day_and_half_day_but_not_by_the_hour() -> None:
    """09:00-18:00 against 08:00-17:00: the same day, or the same half day, overlaps only itself;
    an hour of one overlaps the other's next hour."""
    assert WorkingDays.of(HOUR_LATER, [0, 1], FIRST, 1).in_step()
    assert WorkingDays.of(HOUR_LATER, [0, 1], FIRST, 2).in_step()
    assert not WorkingDays.of(HOUR_LATER, [0, 1], FIRST, 8).in_step()
    assert not WorkingDays.of(LATER, [0, 1], FIRST, 2).in_step(), "10:00-14:00 overlaps 13:00-17:00"


def test_on_the_clock_every_calendar_works_in_the_stretches_it_has_hours_in() -> None:
    marks = clock_marks(LATER, [0, 1], FIRST, 240)
    assert marks is not None
    assert marks.tolist() == [480, 600, 720, 780, 840, 900, 1020, 1140]  # 08:00 ... 19:00
    days = WorkingDays.on_the_clock(LATER, [0, 1], FIRST, marks)
    assert days.parts == 7 and days.in_step()
    # Monday: the standard calendar works 08-10, 10-12, -, 13-14, 14-15, 15-17, -; the later one
    # -, 10-12, 12-13, 13-14, -, 15-17, 17-19.
    assert days.works[0, :7].tolist() == [120, 120, 0, 60, 60, 120, 0]
    assert days.works[1, :7].tolist() == [0, 120, 60, 60, 0, 120, 120]
    assert days.usual.tolist() == [480, 480]
    # Each calendar's working minutes before each period, and the period a clock minute is in.
    assert days.cumulative[:, 7].tolist() == [480, 480], "Tuesday starts after a whole day of each"
    tuesday_nine = np.asarray([(24 + 9) * 60] * 2)  # minutes from Monday midnight
    assert days.at(np.asarray([0, 1]), tuesday_nine).tolist() == [7, 8], "the later calendar's Tuesday starts at 10:00"


def test_long_stretches_are_cut_to_what_durations_need() -> None:
    marks = clock_marks(LATER, [0, 1], FIRST, 60)
    assert marks is not None
    assert np.diff(marks).max() == 60 and marks[0] == 480 and marks[-1] == 1140


def test_a_calendar_working_across_midnight_starts_the_day_where_none_works() -> None:
    """Nights from 20:00 to 04:00 with days from 08:00 to 17:00: nobody works from 04:00 to
    08:00, the longest such stretch, so the day starts at 06:00, and the periods are cut from
    there: 08:00, 12:00, 13:00, 17:00, 20:00, midnight (where a night starts or ends: Monday's
    and Friday's) and 04:00 the next morning."""
    night = calendars(_hours("NIGHT", "00:00-04:00", "20:00-24:00"))
    assert _day_start(night, [0, 1], FIRST) == (6 - 24) * 60, "Sunday 06:00"
    marks = clock_marks(night, [0, 1], FIRST, 480)
    assert marks is not None and marks.tolist() == [120, 360, 420, 660, 840, 1080, 1320]
    days = WorkingDays.on_the_clock(night, [0, 1], FIRST, marks)
    assert days.in_step() and days.parts == 6
    # A day is told by the date of its middle: Sunday 06:00 to Monday 06:00 (Monday's night work
    # from 00:00) is Sunday; Monday 06:00 to Tuesday 06:00 is Monday.
    assert [days.date(0), days.date(1)] == [dt.date(2027, 1, 3), dt.date(2027, 1, 4)]


def test_a_calendar_working_round_the_clock_is_left_to_shares() -> None:
    always = calendars(_hours("ALWAYS", "00:00-24:00"))
    assert clock_marks(always, [0, 1], FIRST, 60) is None
