"""Working calendars compiled to arrays, and conversions between clock time and working time.

Times are whole minutes since an epoch: wall-clock, naive, where everything scheduled together
is in one time zone; UTC where projects or calendars in different zones are scheduled together
(`utc`), each calendar's working hours then read in its own zone and each date in its
project's. Each calendar becomes a sorted list
of working intervals over a horizon, with the working minutes before each interval. Working
time `w` of calendar `c` is then a plain integer: scheduling adds durations and lags to it, and
only converts back to clock time at the end or where a link joins two calendars.

A working instant has two clock readings at an interval's edge: as a start it is the beginning
of the next working period (Tuesday 08:00), as a finish the end of the previous one (Monday
17:00). `to_start` and `to_finish` give the two readings.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from accord.domain.calendar import STANDARD_WEEK, Calendar, CalendarException, Weekday, WorkingTime

I64 = NDArray[np.int64]
MINUTES_PER_DAY = 1440
_SPAN = np.int64(1) << np.int64(40)
"""Separates calendars in the combined search keys (larger than any horizon, in minutes)."""


class NoWorkingTime(ValueError):
    """A calendar in use has no working time at all over the horizon: nothing on it can be done."""

    def __init__(self, calendar: str, first_day: dt.date, last_day: dt.date) -> None:
        super().__init__(f"calendar {calendar} has no working time between {first_day} and {last_day}")
        self.calendar, self.first_day, self.last_day = calendar, first_day, last_day


class HorizonExceeded(Exception):
    """A time fell outside the compiled horizon; compile a wider one and try again."""


@dataclass(frozen=True)
class ResolvedCalendar:
    """A calendar with what it inherits from its base calendars filled in."""

    key: str
    week: Mapping[Weekday, tuple[WorkingTime, ...]]
    exceptions: tuple[CalendarException, ...]
    """Base calendars' first, the calendar's own last: a later one wins on the same day."""
    holidays: Mapping[dt.date, str]
    union_of: tuple[ResolvedCalendar, ...] = ()
    """Set for a calendar that works whenever any of these works (a task whose people are on
    different calendars: a day shift and a night shift); `week` and the rest are then unused."""
    time_zone: str | None = None
    """The zone its working hours are in; None: that of the project whose work it times."""


UNION = "+"
"""Joins the keys of calendars worked together (no calendar key can contain it)."""


def union(members: Sequence[ResolvedCalendar]) -> ResolvedCalendar:
    """The calendar that works whenever any of `members` works."""
    ordered = sorted({m.key: m for m in members}.values(), key=lambda m: m.key)
    if len(ordered) == 1:
        return ordered[0]
    return ResolvedCalendar(UNION.join(m.key for m in ordered), {}, (), {}, tuple(ordered))


def resolve(calendar: Calendar, by_key: Mapping[str, Calendar], years: range) -> ResolvedCalendar:
    """Fill in inherited weekdays, exceptions and holidays from the chain of base calendars."""
    chain = [calendar]
    while chain[-1].base is not None and chain[-1].base in by_key and len(chain) <= len(by_key):
        chain.append(by_key[chain[-1].base])
    week: dict[Weekday, tuple[WorkingTime, ...]] = {}
    for day in Weekday:
        found = next((c.week[day] for c in chain if day in c.week), STANDARD_WEEK[day] if len(chain) == 1 else None)
        week[day] = found if found is not None else STANDARD_WEEK[day]
    exceptions = tuple(e for c in reversed(chain) for e in c.exceptions)
    holidays: dict[dt.date, str] = {}
    for c in reversed(chain):
        holidays.update(c.holidays(years))
    zone = next((c.time_zone for c in chain if c.time_zone is not None), None)
    return ResolvedCalendar(calendar.key, week, exceptions, holidays, time_zone=zone)


def standard(key: str = "(standard)") -> ResolvedCalendar:
    """Monday to Friday, 08:00-12:00 and 13:00-17:00, no holidays."""
    return ResolvedCalendar(key, dict(STANDARD_WEEK), (), {})


@dataclass(frozen=True)
class CompiledCalendars:
    """Working intervals of several calendars over one horizon, for vectorised conversions."""

    epoch: dt.datetime
    first_day: dt.date
    last_day: dt.date
    keys: tuple[str, ...]
    starts: I64
    ends: I64
    cumulative: I64
    """Working minutes of the interval's calendar before the interval starts."""
    offsets: I64
    """Index of each calendar's first interval; `offsets[len(keys)]` is the total."""
    totals: I64
    """Working minutes in the horizon, per calendar."""
    start_keys: I64
    """`starts`, made comparable across calendars: calendar × span + start."""
    cumulative_keys: I64
    """`cumulative`, made comparable across calendars likewise."""
    horizon_end: int
    """Minutes from the epoch to the end of the horizon's last day."""
    utc: bool = False
    """Minutes count UTC time (projects in several zones); else wall-clock time."""

    # -- conversions -----------------------------------------------------------------------------

    def working(self, calendar: NDArray[np.integer], time: I64) -> I64:
        """Working minutes of each calendar from the horizon's start up to `time`."""
        calendar = np.asarray(calendar, dtype=np.int64)
        index = np.searchsorted(self.start_keys, calendar * _SPAN + time, side="right") - 1
        before = index < self.offsets[calendar]
        index = np.maximum(index, self.offsets[calendar])
        inside = np.clip(time - self.starts[index], 0, self.ends[index] - self.starts[index])
        found = self.cumulative[index] + inside
        if np.any(time > self.horizon_end):
            raise HorizonExceeded("a time lies after the calendars' horizon")
        return np.where(before, 0, found)

    def to_start(self, calendar: NDArray[np.integer], working: I64) -> I64:
        """The clock time at which working minute `working` begins (a start reading)."""
        return self._clock(calendar, working, side="right")

    def to_finish(self, calendar: NDArray[np.integer], working: I64) -> I64:
        """The clock time at which `working` minutes have been worked (a finish reading)."""
        return self._clock(calendar, working, side="left")

    def _clock(self, calendar: NDArray[np.integer], working: I64, side: str) -> I64:
        calendar = np.asarray(calendar, dtype=np.int64)
        if np.any(working < 0) or np.any(working > self.totals[calendar]):
            raise HorizonExceeded("a working time lies outside the calendars' horizon")
        keys = calendar * _SPAN + working
        index = np.searchsorted(self.cumulative_keys, keys, side=side) - 1  # type: ignore[call-overload]
        index = np.clip(index, self.offsets[calendar], self.offsets[calendar + 1] - 1)
        clock: I64 = self.starts[index] + (working - self.cumulative[index])
        return clock

    # -- clock time ------------------------------------------------------------------------------

    def minute(self, when: dt.datetime, zone: str | None = None) -> int:
        """The minute of a wall-clock time in `zone` (where minutes count UTC time)."""
        local = int((when - self.epoch).total_seconds() // 60)
        if self.utc and zone is not None:
            local -= zone_offset(zone, when.toordinal())
        return local

    def minutes(self, moments: Sequence[dt.datetime], zone: str | None = None) -> I64:
        """`minute` of many moments at once."""
        epoch, minute = self.epoch, dt.timedelta(minutes=1)
        local = np.asarray([(m - epoch) // minute for m in moments], dtype=np.int64)
        return self.from_local(local, zone)

    def from_local(self, local: I64, zone: str | None) -> I64:
        """Minutes of wall-clock readings in `zone` (as minutes from the epoch) on this clock."""
        if not self.utc or zone is None or len(local) == 0:
            return local
        result: I64 = local - offsets(zone, self.first_day, local // MINUTES_PER_DAY)
        return result

    def clock(self, minute: int, zone: str | None = None) -> dt.datetime:
        """The wall-clock time (in `zone`, where minutes count UTC time) of a minute."""
        return self.clocks(np.asarray([minute], dtype=np.int64), zone)[0]

    def clocks(self, minutes: NDArray[np.integer], zone: str | None = None) -> list[dt.datetime]:
        """`clock` of many minutes at once."""
        values: I64 = np.asarray(minutes, dtype=np.int64)
        if self.utc and zone is not None and len(values):
            values = values + offsets(zone, self.first_day, values // MINUTES_PER_DAY)
        moments = np.datetime64(self.epoch, "m") + values.astype("timedelta64[m]")
        found: list[dt.datetime] = moments.astype("datetime64[us]").tolist()
        return found


@functools.cache
def zone_offset(zone: str, ordinal: int) -> int:
    """Minutes a zone is ahead of UTC on a day (at noon: a day's working hours lie on one side
    of a daylight-saving change)."""
    day = dt.date.fromordinal(ordinal)
    ahead = ZoneInfo(zone).utcoffset(dt.datetime.combine(day, dt.time(12)))
    return 0 if ahead is None else int(ahead.total_seconds() // 60)


def offsets(zone: str, first_day: dt.date, days: I64) -> I64:
    """`zone_offset` of each day (counted from `first_day`)."""
    unique, inverse = np.unique(days, return_inverse=True)
    base = first_day.toordinal()
    values = np.asarray([zone_offset(zone, base + int(d)) for d in unique.tolist()], dtype=np.int64)
    found: I64 = values[inverse]
    return found


def compile_calendars(
    calendars: Sequence[ResolvedCalendar],
    first_day: dt.date,
    last_day: dt.date,
    zones: Sequence[str] | None = None,
) -> CompiledCalendars:
    """Intervals of every calendar for the days from `first_day` to `last_day` inclusive. With
    `zones` (one a calendar: the zone of the projects it times), minutes count UTC time and each
    calendar's working hours are read in its own zone, else in the one given for it."""
    epoch = dt.datetime.combine(first_day, dt.time())
    days = (last_day - first_day).days + 1
    starts: list[I64] = []
    ends: list[I64] = []
    cumulative: list[I64] = []
    offsets = [0]
    totals = []
    for n, calendar in enumerate(calendars):
        s, e = _intervals(calendar, first_day, days, None if zones is None else zones[n])
        if len(s) == 0:
            raise NoWorkingTime(calendar.key, first_day, last_day)
        lengths = e - s
        c = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
        starts.append(s)
        ends.append(e)
        cumulative.append(c)
        offsets.append(offsets[-1] + len(s))
        totals.append(int(lengths.sum()))
    offset_array = np.asarray(offsets, dtype=np.int64)
    owner = np.repeat(np.arange(len(calendars), dtype=np.int64), np.diff(offset_array))
    all_starts = np.concatenate(starts)
    all_cumulative = np.concatenate(cumulative)
    return CompiledCalendars(
        epoch=epoch,
        first_day=first_day,
        last_day=last_day,
        keys=tuple(c.key for c in calendars),
        starts=all_starts,
        ends=np.concatenate(ends),
        cumulative=all_cumulative,
        offsets=offset_array,
        totals=np.asarray(totals, dtype=np.int64),
        start_keys=owner * _SPAN + all_starts,
        cumulative_keys=owner * _SPAN + all_cumulative,
        horizon_end=days * MINUTES_PER_DAY,
        utc=zones is not None,
    )


def _intervals(calendar: ResolvedCalendar, first_day: dt.date, days: int, zone: str | None) -> tuple[I64, I64]:
    """Working intervals, as minutes since `first_day` 00:00, in order: wall-clock time, or UTC
    time where a `zone` is given (the calendar's own zone, if it has one, wins over it)."""
    if calendar.union_of:
        return _merged([_intervals(member, first_day, days, zone) for member in calendar.union_of])
    starts, ends = _local_intervals(calendar, first_day, days)
    if zone is None:
        return starts, ends
    shift = offsets(calendar.time_zone or zone, first_day, starts // MINUTES_PER_DAY)
    return starts - shift, ends - shift


def _local_intervals(calendar: ResolvedCalendar, first_day: dt.date, days: int) -> tuple[I64, I64]:
    weekly = [calendar.week.get(day, ()) for day in Weekday]
    overrides: dict[int, tuple[WorkingTime, ...]] = {}
    for day in calendar.holidays:
        overrides[(day - first_day).days] = ()
    for exception in calendar.exceptions:
        first = max((exception.start - first_day).days, 0)
        last = min((exception.finish - first_day).days, days - 1)
        for number in range(first, last + 1):
            overrides[number] = exception.working_times
    starts: list[int] = []
    ends: list[int] = []
    weekday = first_day.weekday()
    for number in range(days):
        times = overrides.get(number)
        if times is None:
            times = weekly[(weekday + number) % 7]
        base = number * MINUTES_PER_DAY
        for working_time in times:
            if starts and ends[-1] == base + working_time.start:
                ends[-1] = base + working_time.end  # work running on past midnight
            else:
                starts.append(base + working_time.start)
                ends.append(base + working_time.end)
    return np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)


def _merged(parts: Sequence[tuple[I64, I64]]) -> tuple[I64, I64]:
    """The union of several calendars' working intervals, overlapping and touching ones joined."""
    starts = np.concatenate([s for s, _ in parts])
    ends = np.concatenate([e for _, e in parts])
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    opens = np.ones(len(starts), dtype=bool)
    opens[1:] = starts[1:] > reach[:-1]  # a gap before it: a new interval begins
    first = np.flatnonzero(opens)
    last = np.append(first[1:], len(starts)) - 1
    return starts[first], reach[last]
