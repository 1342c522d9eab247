"""Schedule risk through the service: with no spread it is the schedule, to the minute; with
spread the percentiles order themselves and a seed repeats a run."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.bootstrap import Accord
from accord.domain.base import Entity
from accord.domain.errors import ValidationError
from accord.domain.people import Account
from accord.domain.project import Dependency, LagFormat, LinkType, Project, Task
from accord.scheduling.risk import Distribution
from tests.factories import new_organization

DAY = 480


def _client_project() -> list[Entity]:
    """A client's project P, starting on Monday 1 March 2027."""
    return [Account(key="A", name="Client"), Project(key="P", name="P", account="A", start=dt.date(2027, 3, 1))]


def test_without_spread_the_percentiles_are_the_schedule(accord: Accord) -> None:
    actor = new_organization(accord)
    accord.entities.add_all(
        actor,
        [
            *_client_project(),
            Task(key="T1", name="Design", project="P", duration=3 * DAY + 120),
            Task(key="T2", name="Build", project="P", duration=5 * DAY),
            Task(key="T3", name="Test", project="P", duration=2 * DAY),
            Task(key="T4", name="Docs", project="P", duration=4 * DAY),
            Task(key="M", name="Done", project="P", milestone=True),
            Dependency(key="L1", predecessor="T1", successor="T2", lag=DAY),
            Dependency(key="L2", predecessor="T2", successor="T3", type=LinkType.START_TO_START, lag=2 * DAY),
            Dependency(key="L3", predecessor="T2", successor="T4", type=LinkType.FINISH_TO_FINISH, lag=60),
            Dependency(key="L4", predecessor="T1", successor="T4", lag=50, lag_format=LagFormat.PERCENT),
            Dependency(key="L5", predecessor="T3", successor="M"),
            Dependency(key="L6", predecessor="T4", successor="M", lag=-DAY),
        ],
    )
    schedule = accord.scheduling.schedule(actor, "P")
    report = accord.risk.analyse(actor, "P", iterations=200, seed=1)
    assert report.approximations == ()
    assert report.finish.planned == schedule.finish
    assert set(report.finish.percentiles.values()) == {schedule.finish}
    done = next(m for m in report.milestones if m.key == "M")
    assert set(done.percentiles.values()) == {next(t.early_finish for t in schedule.tasks if t.key == "M")}


def test_a_stored_levelling_delay_is_part_of_the_schedule_it_simulates(accord: Accord) -> None:
    actor = new_organization(accord)
    accord.entities.add_all(
        actor,
        [
            *_client_project(),
            Task(key="T1", name="Design", project="P", duration=3 * DAY),
            Task(key="T2", name="Build", project="P", duration=2 * DAY, levelling_delay=2 * DAY + 240),
            Task(key="T3", name="Test", project="P", duration=DAY, optimistic=DAY, pessimistic=DAY),
            Task(key="T4", name="Docs", project="P", duration=DAY, levelling_delay=DAY),
            Dependency(key="L1", predecessor="T1", successor="T2"),
            Dependency(key="L2", predecessor="T2", successor="T3"),
        ],
    )
    schedule = accord.scheduling.schedule(actor, "P")
    assert schedule.finish == dt.datetime(2027, 3, 11, 12), "three days, two and a half waiting, two, one"
    report = accord.risk.analyse(actor, "P", iterations=50, seed=1)
    assert set(report.finish.percentiles.values()) == {schedule.finish}, "the delays are simulated as scheduled"
    critical = {t["key"]: t["criticality"] for t in report.tasks}
    assert critical["T1"] == critical["T2"] == critical["T3"] == 1.0 and critical["T4"] == 0.0


@pytest.fixture
def demo(accord: Accord) -> Accord:
    accord.demo.load()
    return accord


def test_the_demo_program_has_a_spread_and_a_chance_of_its_milestones(demo: Accord) -> None:
    actor = demo.demo.actor()
    report = demo.risk.analyse(actor, "NORDICS", iterations=2000, seed=5)
    p = report.finish.percentiles
    assert p[10] <= p[50] <= p[80] <= p[90] and p[10] < p[90]
    program = [m for m in report.milestones if m.due is not None]
    assert program and all(m.on_time is not None and 0 <= m.on_time <= 1 for m in program)
    assert sum(int(h["count"]) for h in report.histogram) == 2000  # type: ignore[call-overload]
    drivers = [t for t in report.tasks if float(t["sensitivity"]) > 0.2]  # type: ignore[arg-type]
    assert drivers, "some task drives the spread"
    again = demo.risk.analyse(actor, "NORDICS", iterations=2000, seed=5)
    assert again.as_json() == report.as_json()
    pert = demo.risk.analyse(actor, "NORDICS", iterations=2000, seed=5, distribution=Distribution.PERT)
    assert pert.finish.percentiles[90] <= p[90], "PERT puts less weight on the tails"
    with pytest.raises(ValidationError, match="at least 1"):
        demo.risk.analyse(actor, "NORDICS", iterations=0)
