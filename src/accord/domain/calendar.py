"""Working calendars: weekly working times, dated exceptions and region public holidays.

Times are wall-clock minutes in the calendar's time zone. A weekday absent from `week` is
inherited from the base calendar, or is non-working when there is none. An exception replaces
the working times of every day in its date range (no working times: a non-working period).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from accord.domain.base import Entity, described, extra_attributes, ref
from accord.domain.errors import ValidationError
from accord.domain.organization import check_time_zone

_TIME_RANGE = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")


class Weekday(enum.Enum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @classmethod
    def of(cls, day: dt.date) -> Weekday:
        return list(cls)[day.weekday()]


@dataclass(frozen=True, order=True)
class WorkingTime:
    """One working interval of a day, [start, end) in minutes after midnight; 24:00 is 1440."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end <= 1440):
            raise ValidationError("working time", "range", f"{self} must run forward within one day")

    @classmethod
    def parse(cls, text: str) -> WorkingTime:
        match = _TIME_RANGE.fullmatch(text.strip())
        if match is None:
            raise ValidationError("working time", "range", f"{text!r} is not of the form HH:MM-HH:MM")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if m1 > 59 or m2 > 59:
            raise ValidationError("working time", "range", f"{text!r} has minutes above 59")
        return cls(h1 * 60 + m1, h2 * 60 + m2)

    def __str__(self) -> str:
        return f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}"

    @property
    def minutes(self) -> int:
        return self.end - self.start


def check_day(subject: str, field_name: str, times: Iterable[WorkingTime]) -> None:
    ordered = list(times)
    for earlier, later in itertools.pairwise(ordered):
        if later.start < earlier.end:
            raise ValidationError(subject, field_name, f"{earlier} and {later} overlap or are out of order")


@dataclass(frozen=True, kw_only=True)
class CalendarException:
    """Other working times (none: not working) for every day from `start` to `finish` inclusive."""

    name: str
    start: dt.date
    finish: dt.date
    working_times: tuple[WorkingTime, ...] = ()

    def __post_init__(self) -> None:
        if self.finish < self.start:
            raise ValidationError(f"calendar exception {self.name}", "finish", "must not be before start")
        check_day(f"calendar exception {self.name}", "working_times", self.working_times)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.finish


STANDARD_DAY = (WorkingTime(8 * 60, 12 * 60), WorkingTime(13 * 60, 17 * 60))
STANDARD_WEEK: dict[Weekday, tuple[WorkingTime, ...]] = {
    **{day: STANDARD_DAY for day in list(Weekday)[:5]},
    Weekday.SATURDAY: (),
    Weekday.SUNDAY: (),
}


@cache
def is_holiday_region(region: str) -> bool:
    """Whether `holidays` knows the region: a country code ('NO') or a subdivision ('DE-BY').

    Only the named country's holiday class is loaded, not every country's.
    """
    import holidays as holiday_data  # imported when first needed: it is slow to load
    from holidays.registry import EntityLoader

    country, _, subdivision = region.partition("-")
    if country not in set(EntityLoader.get_country_codes(include_aliases=False)):
        return False
    if not subdivision:
        return True
    return subdivision in holiday_data.country_holidays(country).subdivisions


@dataclass(frozen=True, kw_only=True)
class Calendar(Entity):
    kind = "calendar"
    plural = "calendars"

    name: str
    base: str | None = ref("calendar", help="Calendar whose week and exceptions this one inherits.")
    week: dict[Weekday, tuple[WorkingTime, ...]] = field(
        default_factory=dict,
        metadata={"help": 'Working times by weekday, as JSON: {"monday": ["08:00-12:00", "13:00-17:00"], ...}.'},
    )
    exceptions: tuple[CalendarException, ...] = described(
        (), help='Dated exceptions, as JSON: [{"name": ..., "start": ..., "finish": ..., "working_times": [...]}].'
    )
    holiday_region: str | None = described(
        None, help="Public holidays of this region are non-working: a country code (NO) or subdivision (DE-BY)."
    )
    time_zone: str | None = described(
        None,
        help="IANA zone its working hours are in (default: that of the project whose work it times, "
        "or its base calendar's).",
    )
    extra: dict[str, str] = extra_attributes()

    def validate(self) -> None:
        self.require_text("name", self.name)
        self.require(self.base != self.key, "base", "a calendar cannot be its own base")
        for day, times in self.week.items():
            check_day(f"calendar {self.key}", f"week.{day.value}", times)
        if self.holiday_region is not None:
            self.require(
                is_holiday_region(self.holiday_region),
                "holiday_region",
                f"{self.holiday_region!r} is not a region with known public holidays (e.g. NO, SE, DE-BY)",
            )
        if self.time_zone is not None:
            check_time_zone(f"calendar {self.key}", self.time_zone)

    def holidays(self, years: Iterable[int]) -> dict[dt.date, str]:
        """The region's public holidays in `years`, by date (empty without a region)."""
        if self.holiday_region is None:
            return {}
        import holidays as holiday_data

        country, _, subdivision = self.holiday_region.partition("-")
        found = holiday_data.country_holidays(country, subdiv=subdivision or None, years=list(years))
        return {day: str(name) for day, name in sorted(found.items())}
