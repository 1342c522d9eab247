"""Build small networks on the standard calendar for scheduling tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.domain.calendar import Calendar
from accord.scheduling.calendars import CompiledCalendars, compile_calendars, resolve, standard
from accord.scheduling.cpm import Schedule, schedule
from accord.scheduling.network import ASAP, NO_TIME, Network

MONDAY = dt.date(2027, 1, 4)
MONDAY_MIDNIGHT = dt.datetime.combine(MONDAY, dt.time())
DAY = 480


def calendars(*extra: Calendar) -> CompiledCalendars:
    by_key = {c.key: c for c in extra}
    resolved = [standard(), *(resolve(c, by_key, range(2026, 2032)) for c in extra)]
    return compile_calendars(resolved, MONDAY, dt.date(2031, 12, 31))


@dataclass
class Net:
    """A network under construction; times are datetimes, durations working minutes."""

    cal: CompiledCalendars = field(default_factory=calendars)
    start: dt.datetime = MONDAY_MIDNIGHT
    tasks: list[dict[str, object]] = field(default_factory=list)
    links: list[tuple[int, int, int, int, int]] = field(default_factory=list)

    def task(self, duration: int, **options: object) -> int:
        self.tasks.append({"duration": duration, **options})
        return len(self.tasks) - 1

    def link(self, a: int, b: int, kind: int = 0, lag: int = 0, fmt: int = 0) -> None:
        self.links.append((a, b, kind, lag, fmt))

    def minutes(self, when: object) -> int:
        return NO_TIME if when is None else self.cal.minute(when)  # type: ignore[arg-type]

    def network(self) -> Network:
        t = self.tasks

        def col(name: str, default: object, convert: object = None) -> np.ndarray:
            values = [x.get(name, default) for x in t]
            if convert is not None:
                values = [convert(v) for v in values]  # type: ignore[operator]
            return np.asarray(values)

        links = self.links or []
        return Network(
            duration=col("duration", 0).astype(np.int64),
            elapsed=col("elapsed", False).astype(bool),
            calendar=col("calendar", 0).astype(np.int64),
            earliest=np.full(len(t), self.cal.minute(self.start), dtype=np.int64),
            constraint=col("constraint", ASAP).astype(np.int8),
            constraint_time=col("constraint_time", None, self.minutes).astype(np.int64),
            deadline=col("deadline", None, self.minutes).astype(np.int64),
            actual_start=col("actual_start", None, self.minutes).astype(np.int64),
            actual_finish=col("actual_finish", None, self.minutes).astype(np.int64),
            percent_complete=col("percent", 0).astype(np.int64),
            status_time=col("status", None, self.minutes).astype(np.int64),
            predecessor=np.asarray([x[0] for x in links], dtype=np.int64),
            successor=np.asarray([x[1] for x in links], dtype=np.int64),
            link_type=np.asarray([x[2] for x in links], dtype=np.int8),
            lag=np.asarray([x[3] for x in links], dtype=np.int64),
            lag_format=np.asarray([x[4] for x in links], dtype=np.int8),
        )

    def run(self) -> Schedule:
        return schedule(self.network(), self.cal)

    def clock(self, minutes: int) -> dt.datetime:
        return self.cal.clock(minutes)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """Day 0 is Monday 4 January 2027."""
    return dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(hour, minute))


def dates(net: Net, result: Schedule, node: int) -> tuple[dt.datetime, dt.datetime]:
    return net.clock(result.early_start[node]), net.clock(result.early_finish[node])


def keys(items: Sequence[int]) -> list[int]:
    return list(items)
