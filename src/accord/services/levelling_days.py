"""The days a levelling counts in, and the work each calendar does on each.

Levelling works in whole days (`accord.levelling.problem`). Its periods are the days on which at
least one calendar in play works — a task's, or a person's own — from the day the plan starts to
the calendars' horizon. On each, each calendar does its working minutes of that day: none on a
person's day off, half as many on a half day. A task's duration is its working minutes, done
on the days its calendar works.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from accord.domain.errors import ValidationError
from accord.levelling.problem import I64
from accord.scheduling.calendars import MINUTES_PER_DAY, CompiledCalendars


@dataclass(frozen=True)
class WorkingDays:
    calendars: CompiledCalendars
    first_minute: int
    """Midnight of the plan's first day, on the plan's clock."""
    day: I64
    """Each period's day, counted from the first."""
    row: dict[int, int]
    """Each calendar in play (by its index among the compiled calendars): its row below."""
    cumulative: I64
    """cumulative[row, period]: the calendar's working minutes before the period's day."""
    works: I64
    """works[row, period]: its working minutes that day; a last column holds its usual day."""

    @staticmethod
    def of(calendars: CompiledCalendars, used: Iterable[int], first: int) -> WorkingDays:
        """The working days of the calendars `used` (compiled indexes) from the day of minute
        `first` on."""
        rows = sorted(set(used))
        first_minute = first - first % MINUTES_PER_DAY
        midnights = np.arange(first_minute, calendars.horizon_end + 1, MINUTES_PER_DAY, dtype=np.int64)
        cumulative = np.stack([calendars.working(np.full(len(midnights), c), midnights) for c in rows])
        per_day = np.diff(cumulative, axis=1)
        day = np.flatnonzero(per_day.any(axis=0))
        works = per_day[:, day]
        usual = np.asarray([np.median(w[w > 0]) if (w > 0).any() else 1 for w in works], dtype=np.int64)
        return WorkingDays(
            calendars=calendars,
            first_minute=first_minute,
            day=day,
            row={c: r for r, c in enumerate(rows)},
            cumulative=cumulative[:, day],
            works=np.concatenate([works, np.maximum(usual, 1)[:, None]], axis=1),
        )

    @property
    def periods(self) -> int:
        return len(self.day)

    def rows(self, calendars: Iterable[int]) -> I64:
        return np.asarray([self.row[c] for c in calendars], dtype=np.int64)

    def period(self, minutes: I64) -> I64:
        """The period of each minute's day (the next working day's, if nobody works that day)."""
        days = (np.asarray(minutes, dtype=np.int64) - self.first_minute) // MINUTES_PER_DAY
        found: I64 = np.searchsorted(self.day, days, side="left")
        return found

    def working(self, rows: I64, periods: I64) -> I64:
        """Working minutes of each row's calendar before each period's day (from the start of
        the calendars' horizon)."""
        if len(periods) and int(np.max(periods)) >= self.periods:
            raise ValidationError(
                "level", "horizon", "the levelled schedule runs past the calendars' horizon; shorten the plan or level it in parts"
            )
        found: I64 = self.cumulative[rows, periods]
        return found

    def date(self, period: int) -> dt.date:
        return (self.calendars.epoch + dt.timedelta(minutes=self.first_minute + int(self.day[period]) * MINUTES_PER_DAY)).date()
