"""Scheduling through the service: the demo's projects and program, stored, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from accord.bootstrap import Accord
from accord.domain.errors import ValidationError
from accord.scheduling.cpm import ScheduleStatus
from accord.services.actor import Actor
from accord.store.schema import task_schedules


@pytest.fixture
def actor(accord: Accord) -> Actor:
    accord.demo.load()
    return accord.demo.actor()


def by_key(report_tasks: tuple) -> dict:  # type: ignore[type-arg]
    return {t.key: t for t in report_tasks}


def test_a_project_is_scheduled_and_stored(accord: Accord, actor: Actor) -> None:
    report = accord.scheduling.schedule(actor, "NORD-ACME")
    assert report.status is ScheduleStatus.SCHEDULED
    tasks = by_key(report.tasks)
    assert len(tasks) == 31
    # The cut-over must start on 18 May; go-live follows it the same evening.
    assert tasks["NORD-ACME-5.3"].early_start == dt.datetime(2027, 5, 18, 8)
    assert tasks["NORD-ACME-5.4"].early_start == dt.datetime(2027, 5, 18, 17)
    assert tasks["NORD-ACME-5.3"].driver["kind"] == "constraint"
    assert tasks["NORD-ACME-3.4"].driver == {
        "kind": "link",
        "link": "NORD-ACME-L12",
        "predecessor": "NORD-ACME-3.2",
        "type": "FS",
        "text": "FS from NORD-ACME-3.2 (NORD-ACME-L12)",
    }
    # Summaries span their children.
    assert tasks["NORD-ACME-3"].early_start == min(tasks[f"NORD-ACME-3.{i}"].early_start for i in range(1, 7))
    assert tasks["NORD-ACME-3"].early_finish == max(tasks[f"NORD-ACME-3.{i}"].early_finish for i in range(1, 7))
    # Work not done waits for the status date (1 March 2027).
    assert tasks["NORD-ACME-3.5"].early_start >= dt.datetime(2027, 3, 2, 8)
    assert report.finish == max(t.early_finish for t in report.tasks)
    with accord.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(task_schedules)) == 31
    again = accord.scheduling.schedule(actor, "NORD-ACME")
    assert again.tasks == report.tasks
    with accord.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(task_schedules)) == 31


def test_a_program_schedules_its_projects_together_across_links(accord: Accord, actor: Actor) -> None:
    report = accord.scheduling.schedule(actor, "NORDICS")
    assert report.projects == ("NORD-ACME", "NORD-SVEA", "NORD-SUOMI")
    tasks = by_key(report.tasks)
    # Svea's bank integration starts two working days after Acme's is done.
    acme, svea = tasks["NORD-ACME-3.3"], tasks["NORD-SVEA-3.3"]
    assert svea.early_start > acme.early_finish + dt.timedelta(days=1)
    alone = by_key(accord.scheduling.schedule(actor, "NORD-SVEA").tasks)
    assert alone["NORD-SVEA-3.3"].early_start == svea.early_start, "the feeding project is scheduled with it"


def test_a_missed_deadline_shows_as_negative_float(accord: Accord, actor: Actor) -> None:
    report = accord.scheduling.schedule(actor, "UK-BRIT")
    assert report.status is ScheduleStatus.CONFLICTS
    tasks = by_key(report.tasks)
    assert tasks["UK-BRIT-6.2"].total_float_minutes < 0 and tasks["UK-BRIT-6.2"].critical
    assert report.violated_links == ("UK-BRIT-L31",)
    assert tasks["UK-BRIT-1.1"].total_float_minutes == 0, "finished work has no float"


def test_the_status_date_can_be_given(accord: Accord, actor: Actor) -> None:
    report = accord.scheduling.schedule(actor, "NORD-SVEA", status_date=dt.date(2027, 4, 30))
    assert report.status_date == dt.date(2027, 4, 30)
    assert min(t.early_start for t in report.tasks) >= dt.datetime(2027, 5, 3, 8)


def test_a_cycle_is_reported_not_stored(accord: Accord, actor: Actor) -> None:
    accord.scheduling.schedule(actor, "NORD-ACME")
    accord.entities.add(actor, "dependency", {"predecessor": "NORD-ACME-6.3", "successor": "NORD-ACME-1.1"})
    report = accord.scheduling.schedule(actor, "NORD-ACME")
    assert report.status is ScheduleStatus.CYCLE
    assert "NORD-ACME-6.3" in report.cycle and "NORD-ACME-1.1" in report.cycle
    with accord.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(task_schedules)) == 31, (
            "the last good schedule is kept"
        )


def test_only_projects_and_programs_are_scheduled(accord: Accord, actor: Actor) -> None:
    with pytest.raises(ValidationError, match="is a feature"):
        accord.scheduling.schedule(actor, "LC-PEPPOL")
    with pytest.raises(ValidationError, match="nothing has the key"):
        accord.scheduling.schedule(actor, "NOPE")


def test_a_change_rewrites_the_stored_dates_it_moves_and_only_those(accord: Accord, actor: Actor) -> None:
    def stored() -> dict[int, tuple]:  # type: ignore[type-arg]
        with accord.engine.connect() as connection:
            return {row[0]: tuple(row) for row in connection.execute(select(task_schedules))}

    first = accord.scheduling.schedule(actor, "NORD-ACME")
    before = stored()
    accord.entities.update(actor, "task", "NORD-ACME-5.4", {"name": "Go-live, renamed"})  # moves nothing
    accord.scheduling.schedule(actor, "NORD-ACME")
    assert stored() == before
    accord.entities.update(actor, "task", "NORD-ACME-3.5", {"duration": 480 * 30, "pessimistic": None})
    moved = accord.scheduling.schedule(actor, "NORD-ACME")
    after = stored()
    assert len(after) == 31
    changed = {t.key for t, u in zip(first.tasks, moved.tasks, strict=True) if t != u}
    assert "NORD-ACME-3.5" in changed and sum(after[k] != before.get(k) for k in after) >= 1
    with accord.engine.connect() as connection:
        rows = connection.execute(
            select(task_schedules.c.early_finish).where(task_schedules.c.task_id.in_(list(after)))
        ).scalars().all()
    assert max(rows) == moved.finish, "the stored dates are the new ones"
    accord.entities.remove(actor, "task", "NORD-ACME-5.4", cascade=True)
    accord.scheduling.schedule(actor, "NORD-ACME")
    assert len(stored()) == 30, "a removed task's row goes"
