"""Program management: related projects coordinated toward a larger objective."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from accord.domain.base import Entity, described, ref, refs
from accord.domain.organization import check_currency
from accord.domain.project import DEFAULT_PRIORITY


@dataclass(frozen=True, kw_only=True)
class Program(Entity):
    """Member projects name their program (`Project.program`)."""

    kind = "program"
    plural = "programs"

    name: str
    description: str = ""
    objectives: tuple[str, ...] = refs("objective", "key_result", help="Objectives (or key results) the program serves.")
    budget: Decimal | None = None
    currency: str = "EUR"
    start: dt.date | None = None
    finish: dt.date | None = described(None, help="Target finish of the program.")
    priority: int = described(DEFAULT_PRIORITY, help="0 to 1000; its projects rank at least this high.")

    def validate(self) -> None:
        self.require_text("name", self.name)
        self.require(0 <= self.priority <= 1000, "priority", "must be between 0 and 1000")
        if self.budget is not None:
            self.require(self.budget >= 0, "budget", "must not be negative")
        if self.start is not None and self.finish is not None:
            self.require(self.finish >= self.start, "finish", "is before the start")
        check_currency(f"program {self.key}", self.currency)


@dataclass(frozen=True, kw_only=True)
class Milestone(Entity):
    """A program milestone: due on `date`, reached when every project milestone it depends on is."""

    kind = "milestone"
    plural = "milestones"

    name: str
    program: str = ref("program", required=True)
    date: dt.date
    depends_on: tuple[str, ...] = refs("task", help="Milestone tasks of member projects.")

    def validate(self) -> None:
        self.require_text("name", self.name)


@dataclass(frozen=True, kw_only=True)
class Benefit(Entity):
    """A program's expected value: what is measured, what is planned and what has been realised."""

    kind = "benefit"
    plural = "benefits"

    name: str
    program: str = ref("program", required=True)
    objective: str | None = ref("objective")
    measure: str | None = described(None, help="How the benefit is measured; none yet is a finding.")
    unit: str = ""
    planned_value: float = 0.0
    realised_value: float = 0.0
    planned_by: dt.date | None = None

    def validate(self) -> None:
        self.require_text("name", self.name)
        if self.measure is not None:
            self.require_text("measure", self.measure)
