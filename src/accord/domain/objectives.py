"""Business goals: objectives (which may nest) and the key results that measure them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accord.domain.base import Entity, ref


@dataclass(frozen=True, kw_only=True)
class Objective(Entity):
    kind = "objective"
    plural = "objectives"

    name: str
    description: str = ""
    parent: str | None = ref("objective", help="The objective this one contributes to.")
    owner: str | None = ref("person")
    due: dt.date | None = None

    def validate(self) -> None:
        self.require_text("name", self.name)
        self.require(self.parent != self.key, "parent", "an objective cannot be its own parent")


@dataclass(frozen=True, kw_only=True)
class KeyResult(Entity):
    """A measurable result: progress runs from `baseline` (0%) to `target` (100%)."""

    kind = "key_result"
    plural = "key-results"

    name: str
    objective: str = ref("objective", required=True)
    metric: str
    unit: str = ""
    baseline: float = 0.0
    target: float
    current: float | None = None
    due: dt.date | None = None

    def validate(self) -> None:
        self.require_text("name", self.name)
        self.require_text("metric", self.metric)
        self.require(self.target != self.baseline, "target", "must differ from the baseline")

    @property
    def progress(self) -> float | None:
        """Fraction of the way from baseline to target (may exceed 1 or fall below 0)."""
        if self.current is None:
            return None
        return (self.current - self.baseline) / (self.target - self.baseline)
