"""Baselines: frozen copies of a project's planned dates, work and cost, numbered 0 to 10."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from accord.domain.base import Entity, described, ref
from accord.domain.errors import ValidationError

BASELINE_NUMBERS = range(11)


@dataclass(frozen=True, kw_only=True)
class BaselineTask:
    task: str
    start: dt.datetime
    finish: dt.datetime
    duration: int
    work: int = 0
    cost: Decimal = Decimal("0")

    def __post_init__(self) -> None:
        if self.finish < self.start:
            raise ValidationError(f"baseline task {self.task}", "finish", "is before its start")


@dataclass(frozen=True, kw_only=True)
class Baseline(Entity):
    kind = "baseline"
    plural = "baselines"
    key_prefix = "BL"

    project: str = ref("project", required=True)
    number: int = described(0, help="Baseline number, 0 to 10 (as in MS Project).")
    name: str = ""
    saved_at: dt.datetime
    tasks: tuple[BaselineTask, ...] = ()

    def validate(self) -> None:
        self.require(self.number in BASELINE_NUMBERS, "number", "must be between 0 and 10")
        seen = [t.task for t in self.tasks]
        self.require(len(seen) == len(set(seen)), "tasks", "lists a task twice")

    @property
    def label(self) -> str:
        return self.name or f"Baseline {self.number} of {self.project}"
