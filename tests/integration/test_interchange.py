"""MS Project XML out and back in: the same plan, the same dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.bootstrap import Accord
from accord.domain.baseline import Baseline
from accord.domain.errors import NotFoundError
from accord.domain.project import Dependency, Task
from accord.domain.resources import Assignment, Resource
from accord.interchange import mspdi


@pytest.fixture
def demo(accord: Accord) -> Accord:
    accord.demo.load()
    return accord


def test_a_project_exported_and_read_back_is_the_same_plan(demo: Accord) -> None:
    actor = demo.demo.actor()
    data = demo.exports.mspdi(actor, "NORD-ACME")
    plan = mspdi.parse(data, key="BACK", account="A")
    original = [s.entity for s in demo.entities.find(actor, "task", {"project": "NORD-ACME"})]
    back = [t for t in plan.of(Task) if isinstance(t, Task)]
    assert len(back) == len(original) == 31
    rename = {}
    for before, after in zip(sorted(original, key=lambda t: t.position), back, strict=True):  # type: ignore[attr-defined]
        rename[before.key] = after.key
        fields = ("name", "duration", "elapsed", "milestone", "constraint", "constraint_date", "deadline")
        fields += ("percent_complete", "actual_start", "actual_finish", "priority")
        assert {f: getattr(after, f) for f in fields} == {f: getattr(before, f) for f in fields}, before.key
        assert (after.parent is None) == (before.parent is None)
        if before.parent:
            assert after.parent == rename[before.parent]
    links = {(d.predecessor, d.successor): d for d in plan.of(Dependency) if isinstance(d, Dependency)}
    stored = [s.entity for s in demo.entities.find(actor, "dependency") if s.entity.successor in rename]  # type: ignore[attr-defined]
    inside = [d for d in stored if d.predecessor in rename]  # type: ignore[attr-defined]
    assert len(links) == len(inside)
    for link in inside:
        copy = links[(rename[link.predecessor], rename[link.successor])]  # type: ignore[attr-defined]
        assert (copy.type, copy.lag, copy.lag_format) == (link.type, link.lag, link.lag_format)  # type: ignore[attr-defined]
    assert {r.name for r in plan.of(Resource) if isinstance(r, Resource)} >= {"Ana Ruiz"}
    units = sorted(a.units for a in plan.of(Assignment) if isinstance(a, Assignment))
    assert units and all(u > 0 for u in units)
    assert plan.project.status_date is not None


def test_the_exported_dates_are_the_schedule_and_the_imported_copy_keeps_them(demo: Accord, tmp_path: Path) -> None:
    actor = demo.demo.actor()
    report = demo.scheduling.schedule(actor, "NORD-ACME")
    data = demo.exports.mspdi(actor, "NORD-ACME")
    plan = mspdi.parse(data, key="BACK", account="A")
    written = sorted((s.start, s.finish) for s in plan.stored.values())
    assert written == sorted((t.early_start, t.early_finish) for t in report.tasks)
    file = tmp_path / "acme.xml"
    file.write_bytes(data)
    imported = demo.imports.plan(actor, file, key="COPY")
    assert imported.tasks == 31 and imported.calendars >= 1
    copy = demo.scheduling.schedule(actor, "COPY")
    assert sorted((t.early_start, t.early_finish) for t in copy.tasks) == written
    assert copy.finish == report.finish


def test_only_projects_are_exported(demo: Accord) -> None:
    with pytest.raises(NotFoundError, match="no project"):
        demo.exports.mspdi(demo.demo.actor(), "NORDICS")


def test_baselines_go_out_and_come_back_in(demo: Accord, tmp_path: Path) -> None:
    actor = demo.demo.actor()
    saved = demo.baselines.save(actor, "NORD-ACME", 1, "Contract signed").entity
    assert isinstance(saved, Baseline)
    file = tmp_path / "acme.xml"
    file.write_bytes(demo.exports.mspdi(actor, "NORD-ACME"))
    imported = demo.imports.plan(actor, file, key="COPY")
    assert imported.baselines >= 1
    [copy] = [b.entity for b in demo.baselines.list(actor, "COPY") if b.entity.number == 1]  # type: ignore[attr-defined]
    assert isinstance(copy, Baseline)
    assert sorted((t.start, t.finish, t.duration, t.work, t.cost) for t in copy.tasks) == sorted(
        (t.start, t.finish, t.duration, t.work, t.cost) for t in saved.tasks
    )
