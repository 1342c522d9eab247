"""Calendars: working times, exceptions and region holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.domain.calendar import Calendar, CalendarException, Weekday, WorkingTime
from accord.domain.errors import ValidationError


def test_working_times_read_and_write_as_text() -> None:
    morning = WorkingTime.parse("08:00-12:00")
    assert (morning.start, morning.end, morning.minutes) == (480, 720, 240)
    assert str(morning) == "08:00-12:00"
    assert WorkingTime.parse("22:00-24:00").end == 1440


@pytest.mark.parametrize("text", ["8-12", "12:00-08:00", "08:00-25:00", "08:61-09:00", "08:00-08:00"])
def test_malformed_working_times_are_rejected(text: str) -> None:
    with pytest.raises(ValidationError):
        WorkingTime.parse(text)


def test_a_day_working_times_must_not_overlap() -> None:
    with pytest.raises(ValidationError, match="overlap"):
        Calendar(
            key="C",
            name="C",
            week={Weekday.MONDAY: (WorkingTime.parse("08:00-12:00"), WorkingTime.parse("11:00-13:00"))},
        )


def test_exceptions_run_forward() -> None:
    with pytest.raises(ValidationError):
        CalendarException(name="x", start=dt.date(2027, 1, 2), finish=dt.date(2027, 1, 1))
    closed = CalendarException(name="Offsite", start=dt.date(2027, 1, 4), finish=dt.date(2027, 1, 5))
    assert closed.covers(dt.date(2027, 1, 5)) and not closed.covers(dt.date(2027, 1, 6))


def test_nordic_public_holidays_come_from_the_region() -> None:
    norway = Calendar(key="NO", name="Norway", holiday_region="NO")
    found = norway.holidays([2027])
    assert dt.date(2027, 5, 17) in found  # Constitution Day
    assert dt.date(2027, 12, 25) in found
    sweden = Calendar(key="SE", name="Sweden", holiday_region="SE").holidays([2027])
    assert dt.date(2027, 6, 6) in sweden  # National Day of Sweden
    assert dt.date(2027, 5, 17) not in sweden
    assert Calendar(key="X", name="X").holidays([2027]) == {}


@pytest.mark.parametrize("region", ["XX", "NO-ZZ", "no"])
def test_unknown_regions_are_rejected(region: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Calendar(key="C", name="C", holiday_region=region)
    assert caught.value.field == "holiday_region"


def test_subdivisions_are_regions_too() -> None:
    bavaria = Calendar(key="BY", name="Bavaria", holiday_region="DE-BY").holidays([2027])
    assert dt.date(2027, 1, 6) in bavaria  # Epiphany, a Bavarian holiday
