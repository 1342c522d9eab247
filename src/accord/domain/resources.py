"""Resources (people, materials, cost items), their assignments to tasks and actual costs."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal

from accord.domain.base import Entity, described, ref


class ResourceKind(enum.Enum):
    WORK = "work"
    MATERIAL = "material"
    COST = "cost"


@dataclass(frozen=True, kw_only=True)
class Resource(Entity):
    """Capacity that tasks consume. A work resource may be a person; `max_units` 1.0 is one
    full-time person, 3.0 a team of three, 0.5 a part-timer. Rates are per hour of work (for a
    material, per unit)."""

    kind = "resource"
    plural = "resources"

    name: str
    resource_kind: ResourceKind = ResourceKind.WORK
    person: str | None = ref("person")
    calendar: str | None = ref("calendar")
    max_units: float = 1.0
    standard_rate: Decimal = Decimal("0")
    overtime_rate: Decimal = Decimal("0")
    cost_per_use: Decimal = Decimal("0")
    material_label: str | None = described(None, help="Unit of a material resource, e.g. 'licence'.")

    def validate(self) -> None:
        self.require_text("name", self.name)
        self.require(self.max_units > 0, "max_units", "must be positive")
        for name in ("standard_rate", "overtime_rate", "cost_per_use"):
            self.require(getattr(self, name) >= 0, name, "must not be negative")
        if self.person is not None:
            self.require(self.resource_kind is ResourceKind.WORK, "person", "only a work resource can be a person")
        if self.material_label is not None:
            self.require(
                self.resource_kind is ResourceKind.MATERIAL, "material_label", "only a material resource has one"
            )


@dataclass(frozen=True, kw_only=True)
class Assignment(Entity):
    """A resource working on a task at `units` (1.0 = full time), for `work` minutes if fixed."""

    kind = "assignment"
    plural = "assignments"
    key_prefix = "ASG"

    task: str = ref("task", required=True)
    resource: str = ref("resource", required=True)
    units: float = 1.0
    work: int | None = described(None, help="Planned work in minutes; by default duration × units.")

    def validate(self) -> None:
        self.require(self.units > 0, "units", "must be positive")
        if self.work is not None:
            self.require(self.work >= 0, "work", "must not be negative")

    @property
    def label(self) -> str:
        return f"{self.resource} on {self.task} at {self.units:.0%}"


@dataclass(frozen=True, kw_only=True)
class CostEntry(Entity):
    """An actual cost incurred on a project (optionally on one task or by one resource)."""

    kind = "cost_entry"
    plural = "cost-entries"
    key_prefix = "COST"

    project: str = ref("project", required=True)
    task: str | None = ref("task")
    resource: str | None = ref("resource")
    incurred_on: dt.date
    amount: Decimal
    description: str = ""

    def validate(self) -> None:
        self.require(self.amount != 0, "amount", "must not be zero")

    @property
    def label(self) -> str:
        return f"{self.amount} on {self.project} ({self.incurred_on})"
