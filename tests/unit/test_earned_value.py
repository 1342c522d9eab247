"""Earned value measures on numbers a controller can check by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from accord.domain.project import Task
from accord.domain.resources import Assignment, CostRate, Resource, ResourceKind
from accord.scheduling.costs import task_work_and_cost
from accord.scheduling.earned_value import measure, planned_fraction


def test_planned_value_accrues_evenly_over_planned_working_time() -> None:
    start, finish = np.array([0, 100, 50]), np.array([100, 300, 50])
    assert list(planned_fraction(start, finish, np.array([50, 50, 50]))) == [0.5, 0.0, 1.0]
    assert list(planned_fraction(start, finish, np.array([200, 200, 49]))) == [1.0, 0.5, 0.0]


def test_the_measures_and_their_formulas() -> None:
    budget = np.array([100.0, 300.0])
    m = measure(
        budget, np.array([0, 100]), np.array([100, 300]), np.array([100, 20]), np.array([200, 200]), actual_cost=180.0
    )
    assert m.budget_at_completion == 400
    assert m.planned_value == pytest.approx(100 + 150)
    assert m.earned_value == pytest.approx(100 + 60)
    assert m.schedule_variance == pytest.approx(-90)
    assert m.cost_variance == pytest.approx(-20)
    assert m.schedule_performance_index == pytest.approx(160 / 250)
    assert m.cost_performance_index == pytest.approx(160 / 180)
    assert m.estimate_at_completion == pytest.approx(180 + 240 / (160 / 180))
    assert m.estimates_at_completion["planned_rate"] == pytest.approx(180 + 240)
    assert m.estimates_at_completion["cpi_spi"] == pytest.approx(180 + 240 / ((160 / 180) * (160 / 250)))
    assert m.estimate_to_complete == pytest.approx(m.estimate_at_completion - 180)  # type: ignore[operator]
    assert m.variance_at_completion == pytest.approx(400 - m.estimate_at_completion)  # type: ignore[operator]
    assert m.to_complete_performance_index == pytest.approx(240 / 220)


def test_indices_are_undefined_before_anything_is_planned_or_spent() -> None:
    m = measure(np.array([100.0]), np.array([10]), np.array([20]), np.array([0]), np.array([0]), actual_cost=0.0)
    assert m.schedule_performance_index is None and m.cost_performance_index is None
    assert m.estimate_at_completion is None


def test_work_and_cost_come_from_assignments_and_rates() -> None:
    task = Task(key="T", name="Build", project="P", duration=960)
    resources = {
        "ana": Resource(key="ana", name="Ana", standard_rate=Decimal(100), cost_per_use=Decimal(50)),
        "lic": Resource(key="lic", name="Licence", resource_kind=ResourceKind.MATERIAL, standard_rate=Decimal(12)),
        "trip": Resource(key="trip", name="Travel", resource_kind=ResourceKind.COST, cost_per_use=Decimal(300)),
    }
    assignments = [
        Assignment(key="A1", task="T", resource="ana", units=0.5),
        Assignment(key="A2", task="T", resource="lic", units=3),
        Assignment(key="A3", task="T", resource="trip"),
    ]
    work, cost = task_work_and_cost([task], assignments, resources)["T"]
    assert work == 480
    assert cost == Decimal(100) * 8 + 50 + 36 + 300


def test_cost_rate_tables_price_work_at_the_rates_in_effect_when_the_task_starts() -> None:
    raise_on = dt.datetime(2027, 7, 1, 8)
    ana = Resource(
        key="ana",
        name="Ana",
        standard_rate=Decimal(100),
        rates=(
            CostRate(table="B", standard_rate=Decimal(150), cost_per_use=Decimal(20)),
            CostRate(table="B", effective_from=raise_on, standard_rate=Decimal(160), cost_per_use=Decimal(20)),
        ),
    )
    early = Task(key="E", name="Early", project="P", duration=480, fixed_cost=Decimal(1000))
    late = Task(key="L", name="Late", project="P", duration=480)
    assignments = [
        Assignment(key="A1", task="E", resource="ana", rate_table="B"),
        Assignment(key="A2", task="L", resource="ana", rate_table="B"),
        Assignment(key="A3", task="L", resource="ana", units=0.5),  # table A: no entries, its own rate
    ]
    starts = {"E": dt.datetime(2027, 6, 30, 8), "L": raise_on}
    found = task_work_and_cost([early, late], assignments, {"ana": ana}, starts)
    assert found["E"] == (480, Decimal(150) * 8 + 20 + 1000)
    assert found["L"] == (720, Decimal(160) * 8 + 20 + Decimal(100) * 4)
    assert ana.rate("C") == CostRate(table="C", standard_rate=Decimal(100))
