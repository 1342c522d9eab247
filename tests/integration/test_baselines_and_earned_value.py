"""Baselines and earned value through the services, on both databases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accord.bootstrap import Accord
from accord.domain.baseline import Baseline
from accord.domain.errors import NotFoundError, ValidationError
from accord.services.actor import Actor


@pytest.fixture
def actor(accord: Accord) -> Actor:
    accord.demo.load()
    return accord.demo.actor()


def test_a_baseline_freezes_the_schedule_and_is_replaced_by_number(accord: Accord, actor: Actor) -> None:
    first = accord.baselines.save(actor, "NORD-ACME", 0, "Contract")
    baseline = first.entity
    assert isinstance(baseline, Baseline) and len(baseline.tasks) == 31 and baseline.name == "Contract"
    rows = {row.task: row for row in baseline.tasks}
    assert rows["NORD-ACME-5.3"].start == dt.datetime(2027, 5, 18, 8)
    assert rows["NORD-ACME-3.3"].work == 4800 and rows["NORD-ACME-3.3"].cost == Decimal(145) * 80
    again = accord.baselines.save(actor, "NORD-ACME", 0)
    assert again.entity.key == baseline.key and again.version == 2 and again.entity.name == "Contract"
    accord.baselines.save(actor, "NORD-ACME", 1, "Replan")
    assert [b.entity.number for b in accord.baselines.list(actor, "NORD-ACME")] == [0, 1]  # type: ignore[attr-defined]
    assert [e.action for e in accord.entities.history(actor, baseline.key)] == ["create", "update"]


def test_comparing_shows_where_the_plan_moved(accord: Accord, actor: Actor) -> None:
    accord.baselines.save(actor, "NORD-SVEA")
    unchanged = accord.baselines.compare(actor, "NORD-SVEA")
    assert all(v.start_variance_minutes == 0 and v.finish_variance_minutes == 0 for v in unchanged.tasks)
    duration = accord.entities.get(actor, "task", "NORD-SVEA-2.1").entity.duration  # type: ignore[attr-defined]
    accord.entities.update(actor, "task", "NORD-SVEA-2.1", {"duration": duration + 960})
    moved = {v.task: v for v in accord.baselines.compare(actor, "NORD-SVEA").tasks}
    assert moved["NORD-SVEA-2.1"].duration_variance_minutes == 960
    assert moved["NORD-SVEA-2.1"].finish_variance_minutes == 960
    assert moved["NORD-SVEA-2.3"].start_variance_minutes == 960
    with pytest.raises(NotFoundError, match="no baseline 3"):
        accord.baselines.compare(actor, "NORD-SVEA", 3)


def test_earned_value_of_the_demo(accord: Accord, actor: Actor) -> None:
    report = accord.earned_value.measure(actor, "NORD-ACME")
    m = report.measures
    assert report.status_date == dt.date(2027, 3, 1)
    assert m.budget_at_completion == pytest.approx(900_000)
    assert m.actual_cost == pytest.approx(62_000 + 88_500.50 + 3_400)
    assert 0 < m.earned_value < m.budget_at_completion
    assert 0 < m.planned_value < m.budget_at_completion
    curve = report.curve
    assert curve[0][0] == dt.date(2027, 1, 4) and curve[-1][1] == pytest.approx(900_000)
    assert all(ev is None for day, _, ev, _ in curve if day > report.status_date)
    assert [pv for _, pv, _, _ in curve] == sorted(pv for _, pv, _, _ in curve), "planned value never falls"
    with_baseline = accord.baselines.save(actor, "NORD-ACME")
    assert accord.earned_value.measure(actor, "NORD-ACME").plan == f"baseline 0 ({with_baseline.entity.key})"


def test_earned_value_needs_a_status_date(accord: Accord, actor: Actor) -> None:
    with pytest.raises(ValidationError, match="status_date"):
        accord.earned_value.measure(actor, "NORD-SVEA")
    assert accord.earned_value.measure(actor, "NORD-SVEA", dt.date(2027, 4, 1)).measures.earned_value == 0
