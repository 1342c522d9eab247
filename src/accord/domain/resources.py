"""Resources (people, materials, cost items), their assignments to tasks and actual costs."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal

from accord.domain.base import Entity, described, extra_attributes, ref


class ResourceKind(enum.Enum):
    WORK = "work"
    MATERIAL = "material"
    COST = "cost"


RATE_TABLES = ("A", "B", "C", "D", "E")
"""MS Project's five cost rate tables; an assignment names the one it is costed at."""


@dataclass(frozen=True, kw_only=True)
class CostRate:
    """The rates of one cost rate table from a date on (until the table's next entry)."""

    table: str = "A"
    effective_from: dt.datetime | None = described(None, help="When these rates start to apply (none: from the start).")
    standard_rate: Decimal = Decimal("0")
    overtime_rate: Decimal = Decimal("0")
    cost_per_use: Decimal = Decimal("0")


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
    rates: tuple[CostRate, ...] = described(
        (),
        help="Cost rate tables A to E with the dates their rates change (JSON list); "
        "without an entry, table A is the rates above.",
    )
    extra: dict[str, str] = extra_attributes()

    def validate(self) -> None:
        self.require_text("name", self.name)
        self.require(self.max_units > 0, "max_units", "must be positive")
        for name in ("standard_rate", "overtime_rate", "cost_per_use"):
            self.require(getattr(self, name) >= 0, name, "must not be negative")
        seen: set[tuple[str, dt.datetime | None]] = set()
        for rate in self.rates:
            self.require(rate.table in RATE_TABLES, "rates", f"table {rate.table!r} is not one of A to E")
            self.require(
                min(rate.standard_rate, rate.overtime_rate, rate.cost_per_use) >= 0, "rates", "must not be negative"
            )
            self.require(
                (rate.table, rate.effective_from) not in seen,
                "rates",
                f"table {rate.table} has two entries from one date",
            )
            seen.add((rate.table, rate.effective_from))
        if self.person is not None:
            self.require(self.resource_kind is ResourceKind.WORK, "person", "only a work resource can be a person")
        if self.material_label is not None:
            self.require(
                self.resource_kind is ResourceKind.MATERIAL, "material_label", "only a material resource has one"
            )

    def rate(self, table: str = "A", on: dt.datetime | None = None) -> CostRate:
        """The rates of `table` in effect at a time (the first ones when no time is given); a
        table with no entries falls back to the resource's own rates."""
        entries = sorted((r for r in self.rates if r.table == table), key=lambda r: r.effective_from or dt.datetime.min)
        found = next(iter(entries), None)
        for entry in entries:
            if on is not None and (entry.effective_from or dt.datetime.min) <= on:
                found = entry
        if found is None:
            return CostRate(
                table=table,
                standard_rate=self.standard_rate,
                overtime_rate=self.overtime_rate,
                cost_per_use=self.cost_per_use,
            )
        return found


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
    rate_table: str = described("A", help="The resource's cost rate table it is costed at, A to E.")
    extra: dict[str, str] = extra_attributes()

    def validate(self) -> None:
        self.require(self.units > 0, "units", "must be positive")
        self.require(self.rate_table in RATE_TABLES, "rate_table", f"{self.rate_table!r} is not one of A to E")
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
