"""Project management: a client implementation with its tasks, links, scope and risks.

Dates and times of tasks are wall-clock times in the project's time zone. Durations and working
lags are in minutes of working time of the task's calendar (a standard day is 480 minutes).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal

from accord.domain.base import Entity, described, extra_attributes, ref, refs
from accord.domain.organization import check_currency, check_time_zone

DEFAULT_PRIORITY = 500
"""MS Project's default priority; levelling delays lower priorities first (0 to 1000)."""


@dataclass(frozen=True, kw_only=True)
class Project(Entity):
    """Delivers a specific implementation for an account, within a timeframe and a budget."""

    kind = "project"
    plural = "projects"

    name: str
    account: str = ref("account", required=True, help="The client the project is delivered for.")
    program: str | None = ref("program", help="The program this project belongs to, if any.")
    start: dt.date
    start_time: dt.time | None = described(
        None, help="Time of day work may start on the start date (default: the calendar's first working minute)."
    )
    deadline: dt.date | None = described(None, help="Contractual finish date.")
    budget: Decimal | None = described(None, help="Budget at completion, in the project's currency.")
    currency: str = "EUR"
    calendar: str | None = ref("calendar", help="Default calendar of its tasks.")
    time_zone: str = "UTC"
    priority: int = DEFAULT_PRIORITY
    status_date: dt.date | None = described(None, help="Date progress is reported up to.")
    objectives: tuple[str, ...] = refs(
        "objective", "key_result", help="Objectives (or key results) the project serves."
    )
    extra: dict[str, str] = extra_attributes()

    def validate(self) -> None:
        self.require_text("name", self.name)
        if self.deadline is not None:
            self.require(self.deadline >= self.start, "deadline", f"{self.deadline} is before the start {self.start}")
        if self.budget is not None:
            self.require(self.budget >= 0, "budget", "must not be negative")
        self.require(0 <= self.priority <= 1000, "priority", "must be between 0 and 1000")
        check_currency(f"project {self.key}", self.currency)
        check_time_zone(f"project {self.key}", self.time_zone)


class ConstraintType(enum.Enum):
    AS_SOON_AS_POSSIBLE = "asap"
    AS_LATE_AS_POSSIBLE = "alap"
    START_NO_EARLIER_THAN = "snet"
    START_NO_LATER_THAN = "snlt"
    FINISH_NO_EARLIER_THAN = "fnet"
    FINISH_NO_LATER_THAN = "fnlt"
    MUST_START_ON = "mso"
    MUST_FINISH_ON = "mfo"

    @property
    def dated(self) -> bool:
        return self not in (ConstraintType.AS_SOON_AS_POSSIBLE, ConstraintType.AS_LATE_AS_POSSIBLE)


@dataclass(frozen=True, kw_only=True)
class Task(Entity):
    """A unit of work in a project's WBS. A task with children is a summary task."""

    kind = "task"
    plural = "tasks"

    name: str
    project: str = ref("project", required=True)
    parent: str | None = ref("task", help="Summary task this task sits under in the WBS.")
    position: int = described(0, help="Order among its siblings in the WBS.")
    duration: int = described(0, help="Duration in minutes of working time (480 = one standard day).")
    elapsed: bool = described(False, help="The duration is calendar time, not working time.")
    milestone: bool = False
    constraint: ConstraintType = ConstraintType.AS_SOON_AS_POSSIBLE
    constraint_date: dt.datetime | None = None
    deadline: dt.datetime | None = described(None, help="Shows negative float when missed; never moves the task.")
    percent_complete: int = 0
    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    calendar: str | None = ref("calendar", help="Overrides the project's calendar.")
    priority: int = DEFAULT_PRIORITY
    optimistic: int | None = described(
        None, help="Shortest likely duration in minutes, for schedule risk (the duration is the most likely)."
    )
    pessimistic: int | None = described(None, help="Longest likely duration in minutes, for schedule risk.")
    fixed_cost: Decimal = described(
        Decimal("0"), help="Cost of the task beyond its resources' (MS Project's fixed cost)."
    )
    levelling_delay: int = described(
        0,
        help="Working minutes levelling put between when the task could start and when it does "
        "(set by 'accord level --apply', cleared by 'accord level --clear'); a task as late as possible "
        "with one stays there. Negative only on a task as late as possible: an advance, it finishes that "
        "much before as late as it could.",
    )
    notes: str = ""
    extra: dict[str, str] = extra_attributes()

    def validate(self) -> None:
        self.require_text("name", self.name)
        self.require(self.parent != self.key, "parent", "a task cannot be its own parent")
        self.require(self.duration >= 0, "duration", "must not be negative")
        self.require(
            self.levelling_delay >= 0 or self.constraint is ConstraintType.AS_LATE_AS_POSSIBLE,
            "levelling_delay",
            "may be negative (an advance) only on a task as late as possible: set it to 0 with the change "
            "(--levelling-delay 0), or remove the levelling with 'accord level KEY --clear'",
        )
        if self.optimistic is not None:
            self.require(0 <= self.optimistic <= self.duration, "optimistic", "must be between 0 and the duration")
        if self.pessimistic is not None:
            self.require(self.pessimistic >= self.duration, "pessimistic", "must not be below the duration")
        if self.milestone:
            self.require(self.duration == 0, "duration", "a milestone has no duration")
        self.require(
            self.constraint.dated == (self.constraint_date is not None),
            "constraint_date",
            f"is required exactly when the constraint ({self.constraint.value}) is dated",
        )
        self.require(0 <= self.percent_complete <= 100, "percent_complete", "must be between 0 and 100")
        self.require(0 <= self.priority <= 1000, "priority", "must be between 0 and 1000")
        if self.actual_finish is not None:
            self.require(self.actual_start is not None, "actual_finish", "needs an actual start")
            assert self.actual_start is not None
            self.require(self.actual_finish >= self.actual_start, "actual_finish", "is before the actual start")
            self.require(self.percent_complete == 100, "percent_complete", "must be 100 when the task has finished")
        elif self.percent_complete == 100:
            self.require(False, "actual_finish", "is required when the task is 100% complete")
        if self.percent_complete > 0:
            self.require(self.actual_start is not None, "actual_start", "is required once work has started")


class LinkType(enum.Enum):
    FINISH_TO_START = "FS"
    START_TO_START = "SS"
    FINISH_TO_FINISH = "FF"
    START_TO_FINISH = "SF"


class LagFormat(enum.Enum):
    WORKING = "working"
    """Lag in minutes of working time of the successor's calendar."""
    ELAPSED = "elapsed"
    """Lag in minutes of calendar time."""
    PERCENT = "percent"
    """Lag as a percentage of the predecessor's duration."""


@dataclass(frozen=True, kw_only=True)
class Dependency(Entity):
    """A link between two tasks, possibly in different projects. Negative lag is a lead."""

    kind = "dependency"
    plural = "dependencies"
    key_prefix = "DEP"

    predecessor: str = ref("task", required=True)
    successor: str = ref("task", required=True)
    type: LinkType = LinkType.FINISH_TO_START
    lag: int = described(0, help="Minutes (working or elapsed) or percent, per lag_format.")
    lag_format: LagFormat = LagFormat.WORKING
    extra: dict[str, str] = extra_attributes()

    def validate(self) -> None:
        self.require(self.predecessor != self.successor, "successor", "a task cannot depend on itself")

    @property
    def label(self) -> str:
        lag = f" {self.lag:+d}{'%' if self.lag_format is LagFormat.PERCENT else 'min'}" if self.lag else ""
        return f"{self.predecessor} → {self.successor} ({self.type.value}{lag})"


@dataclass(frozen=True, kw_only=True)
class ScopeItem(Entity):
    """The bridge between a client commitment and the roadmap: the project delivers a feature,
    which it needs by a date."""

    kind = "scope_item"
    plural = "scope-items"
    key_prefix = "SCOPE"

    project: str = ref("project", required=True)
    feature: str = ref("feature", required=True)
    needed_by: dt.date
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.project} needs {self.feature} by {self.needed_by}"


class RiskStatus(enum.Enum):
    OPEN = "open"
    MITIGATING = "mitigating"
    CLOSED = "closed"


@dataclass(frozen=True, kw_only=True)
class Risk(Entity):
    kind = "risk"
    plural = "risks"

    name: str
    entity: str = ref("product", "project", "program", required=True, help="What the risk threatens.")
    probability: float = described(help="Probability of occurring, 0 to 1.")
    impact_days: int = described(0, help="Schedule impact in working days if it occurs.")
    impact_cost: Decimal = Decimal("0")
    owner: str | None = ref("person")
    status: RiskStatus = RiskStatus.OPEN
    response: str = ""
    tasks: tuple[str, ...] = refs("task", help="Tasks delayed if it occurs.")

    def validate(self) -> None:
        self.require_text("name", self.name)
        self.require(0 <= self.probability <= 1, "probability", "must be between 0 and 1")
        self.require(self.impact_days >= 0, "impact_days", "must not be negative")
        self.require(self.impact_cost >= 0, "impact_cost", "must not be negative")
