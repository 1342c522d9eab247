"""The periods a levelling counts in, the work each calendar does in each, and links as least
distances in periods.

Levelling works in periods of working time (`accord.levelling.problem`): the days on which at
least one calendar in play works — a task's, or a person's own — from the day the plan starts to
the calendars' horizon, each cut into the same number of parts. Each calendar does its working
minutes of each day (none on a person's day off, half as many on a half day), shared evenly among
the day's parts (`WorkingDays.of`). Where calendars work different hours (8:00–16:00 against
10:00–18:00, or offices in two time zones) so far apart that one's part would overlap another's
next part on the clock (`WorkingDays.in_step`), the parts are instead stretches of the clock, the
same for every calendar: between every start and end of their working times, cut shorter where
a part would be longer than durations need; each calendar then does in each part the working
minutes it has in it (`WorkingDays.on_the_clock`). Either way, tasks in different periods never
work at the same time. A day starts at midnight on the plan's clock, unless a calendar works
then (a night shift, or an office in Tokyo levelled with one in Oslo, on UTC): then in the
longest stretch of the day nobody works in (`_day_start`). A task's duration is its working minutes, done in the parts
its calendar works; a task may start at the start of any part, so one that follows a task ending
at noon starts at noon when the day has two parts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from accord.domain.errors import ValidationError
from accord.levelling.problem import I64
from accord.scheduling.calendars import MINUTES_PER_DAY, CompiledCalendars
from accord.scheduling.network import ELAPSED, FF, FS, PERCENT, SS
from accord.services.scheduling import DAY_MINUTES

PARTS = (1, 2, 3, 4, 6, 8)
"""The parts a day may be cut into: whole days, halves, … eighths (an hour of an 8-hour day)."""


@dataclass(frozen=True)
class WorkingDays:
    calendars: CompiledCalendars
    first_minute: int
    """The start of the plan's first day on the plan's clock: midnight, or a minute of the day no
    calendar in play works at (`_day_start`)."""
    day: I64
    """Each period's day, counted from the first."""
    parts: int
    """Periods in each day."""
    row: dict[int, int]
    """Each calendar in play (by its index among the compiled calendars): its row below."""
    cumulative: I64
    """cumulative[row, period]: the calendar's working minutes before the period."""
    works: I64
    """works[row, period]: its working minutes in the period; a last column holds its usual
    day's share."""
    usual: I64
    """usual[row]: the calendar's working minutes on a usual working day."""

    @staticmethod
    def of(calendars: CompiledCalendars, used: Iterable[int], first: int, parts: int = 1) -> WorkingDays:
        """The working days of the calendars `used` (compiled indexes) from the day of minute
        `first` on, each in `parts` periods."""
        rows, midnights, before_day, day = _working_days(calendars, used, first)
        works = np.diff(before_day, axis=1)[:, day]
        part = np.arange(parts, dtype=np.int64)
        before = works[:, :, None] * part // parts  # working minutes of the day before each part
        after = works[:, :, None] * (part + 1) // parts
        cumulative = (before_day[:, day][:, :, None] + before).reshape(len(rows), -1)
        return _made(calendars, rows, midnights, works, day, parts, cumulative, (after - before).reshape(len(rows), -1))

    @staticmethod
    def on_the_clock(calendars: CompiledCalendars, used: Iterable[int], first: int, marks: I64) -> WorkingDays:
        """The working days of the calendars `used` from the day of minute `first` on, each cut
        at the same minutes of the day, `marks` (`clock_marks`): a period from each mark but the
        last to the next."""
        rows, midnights, before_day, day = _working_days(calendars, used, first)
        starts = (midnights[day][:, None] + marks[None, :-1]).reshape(-1)
        ends = (midnights[day][:, None] + marks[None, 1:]).reshape(-1)
        cumulative = np.stack([calendars.working(np.full(len(starts), c), starts) for c in rows])
        worked = np.stack([calendars.working(np.full(len(ends), c), ends) for c in rows]) - cumulative
        works = np.diff(before_day, axis=1)[:, day]
        return _made(calendars, rows, midnights, works, day, len(marks) - 1, cumulative, worked)

    @property
    def periods(self) -> int:
        return len(self.day)

    def in_step(self) -> bool:
        """Whether the calendars' periods meet on the clock only as the same period: no two
        tasks in different periods work at the same time. So it is where the calendars work the
        same hours, or hours apart by no more than their periods allow (whole days an hour apart)."""
        if len(self.row) < 2:
            return True
        compiled = np.asarray(sorted(self.row, key=self.row.__getitem__), dtype=np.int64)
        working = self.works[:, : self.periods] > 0
        rows, periods = np.nonzero(working)
        calendar = compiled[rows]
        begins = self.calendars.to_start(calendar, self.cumulative[rows, periods])
        ends = self.calendars.to_finish(calendar, self.cumulative[rows, periods] + self.works[rows, periods])
        order = np.lexsort((ends, begins))
        begins, ends, periods = begins[order], ends[order], periods[order]
        reach = np.maximum.accumulate(ends)  # the latest end of the periods begun so far
        latest = np.maximum.accumulate(np.where(ends == reach, periods, -1))  # ... and its period
        overlapping = begins[1:] < reach[:-1]
        return not (overlapping & (periods[1:] != latest[:-1])).any()

    def rows(self, calendars: Iterable[int]) -> I64:
        return np.asarray([self.row[c] for c in calendars], dtype=np.int64)

    def first_at(self, rows: I64, minutes: I64) -> I64:
        """For each row's calendar, the first period starting at or after the minute's working
        time (the start of the next one it works in, if it does not work then)."""
        return self._position(rows, minutes, "left")

    def at(self, rows: I64, minutes: I64) -> I64:
        """For each row's calendar, the period its working time is in at the minute."""
        return self._position(rows, minutes, "right") - 1

    def nearest(self, rows: I64, minutes: I64) -> I64:
        """For each row's calendar, the period whose start is nearest in its working time to
        the minute (a start at 16:59 is the next morning's, one at 13:00 the afternoon's)."""
        worked = self.worked(rows, minutes)
        period = np.maximum(self.at(rows, minutes), 0)
        following = np.minimum(period + 1, self.periods - 1)
        closer = self.cumulative[rows, following] - worked < worked - self.cumulative[rows, period]
        found: I64 = np.where(closer, following, period)
        return found

    def worked(self, rows: I64, minutes: I64) -> I64:
        """Each row's calendar's working minutes before the minute."""
        compiled = np.asarray(sorted(self.row, key=self.row.__getitem__), dtype=np.int64)
        found: I64 = self.calendars.working(compiled[rows], np.asarray(minutes, dtype=np.int64))
        return found

    def _position(self, rows: I64, minutes: I64, side: Literal["left", "right"]) -> I64:
        worked = self.worked(rows, minutes)
        found = np.empty(len(rows), dtype=np.int64)
        for r in np.unique(rows).tolist():
            mine = rows == r
            found[mine] = np.searchsorted(self.cumulative[r], worked[mine], side=side)
        return found

    def working(self, rows: I64, periods: I64) -> I64:
        """Working minutes of each row's calendar before each period (from the start of the
        calendars' horizon)."""
        if len(periods) and int(np.max(periods)) >= self.periods:
            raise ValidationError(
                "level", "horizon", "the levelled schedule runs past the calendars' horizon; shorten the plan or level it in parts"
            )
        found: I64 = self.cumulative[rows, periods]
        return found

    def days(self, periods: int) -> int:
        """The days that `periods` periods from the first touch."""
        return -(-periods // self.parts)

    def by_day(self, values: I64) -> I64:
        """Per-period values (periods down the first axis) as each day's highest."""
        length = self.days(len(values)) * self.parts
        padded = np.zeros((length, *values.shape[1:]), dtype=values.dtype)
        padded[: len(values)] = values
        found: I64 = padded.reshape(length // self.parts, self.parts, *values.shape[1:]).max(axis=1, initial=0)
        return found

    def date(self, day: int) -> dt.date:
        """The date of the day-th day (counted in days, not periods)."""
        middle = self.first_minute + int(self.day[day * self.parts]) * MINUTES_PER_DAY + MINUTES_PER_DAY // 2
        return (self.calendars.epoch + dt.timedelta(minutes=middle)).date()


def _working_days(calendars: CompiledCalendars, used: Iterable[int], first: int) -> tuple[list[int], I64, I64, I64]:
    """The calendars `used` (compiled indexes), in order; the starts of the days (`_day_start`)
    from the day of minute `first` to the horizon's end; each calendar's working minutes before
    each; and the days (counted from the first) on which any of them works."""
    rows = sorted(set(used))
    midnights = np.arange(_day_start(calendars, used, first), calendars.horizon_end + 1, MINUTES_PER_DAY, dtype=np.int64)
    before = np.stack([calendars.working(np.full(len(midnights), c), midnights) for c in rows])
    return rows, midnights, before, np.flatnonzero(np.diff(before, axis=1).any(axis=0))


def _made(
    calendars: CompiledCalendars, rows: list[int], midnights: I64, works: I64, day: I64, parts: int, cumulative: I64, worked: I64
) -> WorkingDays:
    """Working days of `parts` periods, which start with `cumulative` working minutes of each
    calendar and have `worked` in them; `works`: each calendar's working minutes on each of the
    `day`s."""
    usual = np.asarray([np.median(w[w > 0]) if (w > 0).any() else 1 for w in works], dtype=np.int64)
    return WorkingDays(
        calendars=calendars,
        first_minute=int(midnights[0]),
        day=np.repeat(day, parts),
        parts=parts,
        row={c: r for r, c in enumerate(rows)},
        cumulative=cumulative,
        works=np.concatenate([worked, np.maximum(usual // parts, 1)[:, None]], axis=1),
        usual=usual,
    )


def _day_start(calendars: CompiledCalendars, used: Iterable[int], first: int) -> int:
    """Where the day of minute `first` starts on the plan's clock: at midnight, unless one of the
    calendars `used` works then (an office in Tokyo levelled with one in Oslo, on UTC): then in
    the middle of the longest stretch of the day that none of them works in, if there is one."""
    midnight = first - first % MINUTES_PER_DAY
    busy = np.zeros(MINUTES_PER_DAY + 1, dtype=np.int64)
    for c in sorted(set(used)):
        span = slice(int(calendars.offsets[c]), int(calendars.offsets[c + 1]))
        starts, ends = calendars.starts[span], calendars.ends[span]
        starts, ends = starts[ends > midnight], ends[ends > midnight]
        if (ends - starts >= MINUTES_PER_DAY).any():
            return midnight  # working all day: no stretch free
        begin = starts % MINUTES_PER_DAY
        end = begin + ends - starts
        np.add.at(busy, begin, 1)
        np.add.at(busy, np.minimum(end, MINUTES_PER_DAY), -1)
        wrapped = end > MINUTES_PER_DAY
        np.add.at(busy, np.zeros(int(wrapped.sum()), dtype=np.int64), 1)
        np.add.at(busy, end[wrapped] - MINUTES_PER_DAY, -1)
    free = np.cumsum(busy)[:MINUTES_PER_DAY] == 0
    if free[0] or not free.any():
        return midnight
    # The longest run of free minutes (none is at midnight, so none wraps around it).
    edges = np.diff(np.concatenate(([0], free.astype(np.int64), [0])))
    runs = np.stack([np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)], axis=1)
    begin, end = runs[int(np.argmax(runs[:, 1] - runs[:, 0]))].tolist()
    minute = (begin + end) // 2
    return int(first - (first - minute) % MINUTES_PER_DAY)


def clock_marks(calendars: CompiledCalendars, used: Iterable[int], first: int, longest: int) -> I64 | None:
    """Where the calendars `used` (compiled indexes) do not all work the same hours: the minutes
    of the day (from the start of the day, `_day_start`, of minute `first` on) at which any of
    them starts or stops work, with more between two of them `longest` minutes apart or more, so
    that no stretch is longer. None where they all start and stop at the same minutes (the day's
    parts are then shares of each calendar's day, as exact), or where one works across the start
    of the day (they work at every minute of it)."""
    first_minute = _day_start(calendars, used, first)
    own: list[I64] = []
    for c in sorted(set(used)):
        span = slice(int(calendars.offsets[c]), int(calendars.offsets[c + 1]))
        starts, ends = calendars.starts[span] - first_minute, calendars.ends[span] - first_minute
        starts, ends = starts[ends > 0], ends[ends > 0]
        if (starts // MINUTES_PER_DAY != (ends - 1) // MINUTES_PER_DAY).any():
            return None
        own.append(np.unique(np.concatenate([starts % MINUTES_PER_DAY, (ends - 1) % MINUTES_PER_DAY + 1])))
    union = np.unique(np.concatenate(own)) if own else np.zeros(0, dtype=np.int64)
    if all(len(marks) == len(union) for marks in own):
        return None
    found = [int(union[0])]
    for a, b in zip(union[:-1].tolist(), union[1:].tolist(), strict=True):
        pieces = -(-(b - a) // longest)
        found += [a + (b - a) * k // pieces for k in range(1, pieces + 1)]
    return np.asarray(found, dtype=np.int64)


def parts_of_day(duration: I64, usual: I64, lags: I64) -> int:
    """The fewest parts of a day in which every duration (working minutes) is whole on its
    calendar's usual day (`usual`, working minutes), and every working lag on an 8-hour day
    (else the most: durations and lags are then rounded to an eighth of a day, up and down
    respectively)."""
    work = duration > 0
    for parts in PARTS:
        if not (duration[work] * parts % usual[work]).any() and not (lags * parts % DAY_MINUTES).any():
            return parts
    return PARTS[-1]


def link_distance(link_type: int, lag: int, lag_format: int, before: int, parts: int) -> tuple[int, str]:
    """A link as a least distance in periods (`parts` a day) and its type; `before` is the
    predecessor's usual span in periods (for a lag in percent of it)."""
    if lag_format == PERCENT:
        periods = round(before * lag / 100)
    elif lag_format == ELAPSED:  # about five working days a week
        periods = round(lag / MINUTES_PER_DAY * 5 / 7 * parts)
    else:
        periods = math.floor(lag * parts / DAY_MINUTES) if lag >= 0 else -math.floor(-lag * parts / DAY_MINUTES)
    return periods, {FS: "FS", SS: "SS", FF: "FF"}.get(link_type, "SF")
