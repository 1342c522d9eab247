"""Earned value management (ANSI/EIA-748 terms) over arrays of tasks.

Each task has a budget (its share of the budget at completion, BAC) and planned start and finish
in working minutes of its calendar. Planned value accrues linearly over a task's planned working
time; earned value is the budget times the percent complete.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


def planned_fraction(start: I64, finish: I64, at: I64) -> F64:
    """How much of each task's planned work lies before `at` (0 to 1)."""
    span = (finish - start).astype(np.float64)
    done = (at - start).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(span > 0, done / span, np.where(at >= finish, 1.0, 0.0))
    return np.clip(fraction, 0.0, 1.0)


@dataclass(frozen=True)
class Measures:
    budget_at_completion: float
    planned_value: float
    earned_value: float
    actual_cost: float

    @property
    def schedule_variance(self) -> float:
        return self.earned_value - self.planned_value

    @property
    def cost_variance(self) -> float:
        return self.earned_value - self.actual_cost

    @property
    def schedule_performance_index(self) -> float | None:
        return self.earned_value / self.planned_value if self.planned_value else None

    @property
    def cost_performance_index(self) -> float | None:
        return self.earned_value / self.actual_cost if self.actual_cost else None

    @property
    def estimates_at_completion(self) -> dict[str, float | None]:
        """The common formulas: remaining work at the cost performance so far (the default);
        at the planned rate; at cost and schedule performance together."""
        bac, ev, ac = self.budget_at_completion, self.earned_value, self.actual_cost
        cpi, spi = self.cost_performance_index, self.schedule_performance_index
        return {
            "cpi": ac + (bac - ev) / cpi if cpi else None,
            "planned_rate": ac + bac - ev,
            "cpi_spi": ac + (bac - ev) / (cpi * spi) if cpi and spi else None,
        }

    @property
    def estimate_at_completion(self) -> float | None:
        return self.estimates_at_completion["cpi"]

    @property
    def estimate_to_complete(self) -> float | None:
        eac = self.estimate_at_completion
        return None if eac is None else eac - self.actual_cost

    @property
    def variance_at_completion(self) -> float | None:
        eac = self.estimate_at_completion
        return None if eac is None else self.budget_at_completion - eac

    @property
    def to_complete_performance_index(self) -> float | None:
        """The cost performance the remaining work needs to finish within the budget."""
        remaining_budget = self.budget_at_completion - self.actual_cost
        return (self.budget_at_completion - self.earned_value) / remaining_budget if remaining_budget else None


def measure(
    budget: F64, planned_start: I64, planned_finish: I64, percent_complete: I64, status: I64, actual_cost: float
) -> Measures:
    """Measures at the status date (`status`: the status time in each task's working minutes)."""
    return Measures(
        budget_at_completion=float(budget.sum()),
        planned_value=float((budget * planned_fraction(planned_start, planned_finish, status)).sum()),
        earned_value=float((budget * percent_complete / 100.0).sum()),
        actual_cost=actual_cost,
    )
