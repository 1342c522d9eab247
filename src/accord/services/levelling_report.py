"""What levelling a project or program found: the tasks it moves and why, the loads before and
after, and how the finish changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accord.domain.codec import Json


@dataclass(frozen=True)
class LevelledTask:
    key: str
    name: str
    project: str
    start: dt.datetime
    finish: dt.datetime
    delay_days: float
    """Working days of its calendar it waits (a half day: 0.5)."""
    reason: str


@dataclass(frozen=True)
class LevellingReport:
    key: str
    projects: tuple[str, ...]
    first_day: dt.date
    """Day 0 of the histograms."""
    days_before: int
    """Working days (days on which someone in the plan works) from day 0 to the end, with
    unlimited resources."""
    days_after: int
    finish_before: dt.datetime
    finish_after: dt.datetime
    schedules: int
    seconds: float
    tasks: tuple[LevelledTask, ...]
    unresolved: tuple[str, ...] = ()
    """Assignments above what their resource can ever give: no delay resolves them."""
    proven_optimal: bool | None = None
    """With the exact solver: whether no levelled schedule can finish sooner."""
    bound_days: int = 0
    """No levelled schedule takes fewer working days: the critical path, what a person or team
    needs for the work asked of them at full capacity, or the solver's bound."""
    histograms: dict[str, dict[str, Json]] = field(default_factory=dict)
    days: tuple[dt.date, ...] = ()
    """The date of each day of the histograms: the days on which someone in the plan works."""

    def as_json(self) -> dict[str, Json]:
        return {
            "key": self.key,
            "projects": list(self.projects),
            "first_day": self.first_day.isoformat(),
            "finish_before": self.finish_before.isoformat(),
            "finish_after": self.finish_after.isoformat(),
            "working_days_before": self.days_before,
            "working_days_after": self.days_after,
            "schedules": self.schedules,
            "proven_optimal": self.proven_optimal,
            "bound_working_days": self.bound_days,
            "seconds": round(self.seconds, 3),
            "tasks": [
                {
                    "key": t.key,
                    "name": t.name,
                    "project": t.project,
                    "start": t.start.isoformat(),
                    "finish": t.finish.isoformat(),
                    "delay_working_days": t.delay_days,
                    "reason": t.reason,
                }
                for t in self.tasks
            ],
            "unresolved": list(self.unresolved),
            "days": [d.isoformat() for d in self.days],
            "histograms": dict(self.histograms),
        }
