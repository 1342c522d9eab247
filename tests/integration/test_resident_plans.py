"""A resident process brings a kept schedule up to date after changes to some tasks: the same
report and the same stored rows as computing it afresh; and it computes afresh whenever it
cannot prove the kept schedule is what the database holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from accord.bootstrap import Accord, bootstrap
from accord.domain.project import Dependency, Project, Task
from accord.services import scheduling
from accord.services.actor import Actor
from accord.services.scheduling import ScheduleReport
from accord.settings import Settings
from accord.store.schedules import ScheduleStore
from tests.factories import new_organization

DAY = 480


@pytest.fixture
def resident(database_url: str) -> Iterator[Accord]:
    wired = bootstrap(Settings(database_url=database_url), resident=True)
    yield wired
    wired.close()


@pytest.fixture
def actor(accord: Accord) -> Actor:
    actor = new_organization(accord)
    from accord.domain.people import Account

    accord.entities.add_all(actor, [Account(key="A", name="Client")])
    accord.entities.add_all(actor, [Project(key="P", name="P", account="A", start=dt.date(2027, 3, 1))])
    accord.entities.add_all(
        actor,
        [
            Task(key="P-0", name="Phase", project="P"),
            *(Task(key=f"P-{i}", name=f"T{i}", project="P", parent="P-0" if i < 4 else None, duration=(i % 3 + 1) * DAY) for i in range(1, 9)),
        ],
    )
    accord.entities.add_all(actor, [Dependency(key=f"L{i}", predecessor=f"P-{i}", successor=f"P-{i + 1}") for i in range(1, 8)])
    return actor


def stored(accord: Accord, actor: Actor) -> dict[str, dict[str, Any]]:
    with accord.scheduling._uow(write=False) as uow:  # what the database holds
        repository, _ = uow.scoped(actor.organization)
        return {k: {c: v for c, v in row.items() if c not in ("task_id", "project_id")} for k, row in ScheduleStore(uow.connection, repository).load("P").items()}


def afresh(accord: Accord, actor: Actor) -> ScheduleReport:
    return accord.scheduling.schedule(actor, "P")


def test_changed_tasks_give_what_computing_afresh_gives(accord: Accord, resident: Accord, actor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    changes: list[tuple[str, dict[str, object]]] = [
        ("P-2", {"duration": 5 * DAY}),
        ("P-5", {"constraint": "mso", "constraint_date": "2027-03-22T08:00:00"}),
        ("P-6", {"actual_start": "2027-03-02T08:00:00", "percent_complete": 50}),
        ("P-7", {"deadline": "2027-03-10T17:00:00", "name": "Renamed"}),
        ("P-8", {"levelling_delay": 2 * DAY}),
        ("P-3", {"elapsed": True, "duration": 3 * 1440}),
    ]
    computed = scheduling.compute
    for key, values in changes:
        resident.scheduling.schedule(actor, "P")  # kept (computed afresh: another process stored last)
        accord.entities.update(actor, "task", key, values)
        accord.entities.update(actor, "task", "P-1", {"duration": len(values) * DAY})  # two at once
        monkeypatch.setattr(scheduling, "compute", lambda *a, **k: pytest.fail("the kept schedule was not used"))
        heard: list[str] = []
        kept = resident.scheduling.schedule(actor, "P", progress=heard.append)
        assert heard == ["scheduled", "stored"]
        kept_rows = stored(accord, actor)
        monkeypatch.setattr(scheduling, "compute", computed)
        assert kept == afresh(accord, actor), key
        assert kept_rows == stored(accord, actor), f"{key}: the rows stored are those computed afresh"


@pytest.mark.parametrize(
    "change",
    ["a new task", "a deleted link", "a task moved out of its summary", "a changed project", "a schedule stored by another process"],
)
def test_what_the_kept_schedule_cannot_prove_is_computed_afresh(
    accord: Accord, resident: Accord, actor: Actor, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident.scheduling.schedule(actor, "P")
    if change == "a new task":
        accord.entities.add_all(actor, [Task(key="P-9", name="New", project="P", duration=DAY)])
        accord.entities.add_all(actor, [Dependency(key="L9", predecessor="P-8", successor="P-9")])
    elif change == "a deleted link":
        accord.entities.remove(actor, "dependency", "L4")
    elif change == "a task moved out of its summary":
        accord.entities.update(actor, "task", "P-2", {"parent": None})
    elif change == "a changed project":
        accord.entities.update(actor, "project", "P", {"start": "2027-04-05"})
    else:
        accord.entities.update(actor, "task", "P-3", {"duration": 9 * DAY})
        afresh(accord, actor)  # stored by a process that keeps nothing
        accord.entities.update(actor, "task", "P-3", {"duration": DAY})
        afresh(accord, actor)
    calls: list[str] = []
    computed = scheduling.compute
    monkeypatch.setattr(scheduling, "compute", lambda *a, **k: calls.append("afresh") or computed(*a, **k))
    kept = resident.scheduling.schedule(actor, "P")
    assert calls == ["afresh"], "the kept schedule is not used"
    monkeypatch.setattr(scheduling, "compute", computed)
    rows = stored(accord, actor)
    assert kept == afresh(accord, actor)
    assert rows == stored(accord, actor)


def test_the_schedules_kept_stay_within_their_bound_of_tasks(database_url: str, actor: Actor, accord: Accord) -> None:
    from accord.services.resident_plans import ResidentPlans

    plans = ResidentPlans(tasks_kept=12)
    service = scheduling.SchedulingService(accord.scheduling._uow, resident=plans)
    service.schedule(actor, "P")  # 9 tasks
    service.schedule(actor, "P", dt.date(2027, 3, 3))  # 9 more: over the bound, the first goes
    assert [k[2] for k in plans._entries] == [dt.date(2027, 3, 3)]
