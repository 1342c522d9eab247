"""MS Project XML round trips: a file read into Accord and written back holds everything it
held (what Accord models and what it only keeps), read by Accord and by MPXJ alike."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from accord.domain.baseline import Baseline, BaselineTask
from accord.domain.calendar import Calendar
from accord.domain.project import ConstraintType, Dependency, Project, Task
from accord.domain.resources import Assignment, CostRate, Resource
from accord.interchange import mspdi, mspdi_writer
from accord.interchange.mspdi_extra import NS, TASK

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "mspdi"
FILES = sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*.xml"))


def written(plan: mspdi.Plan) -> bytes:
    """The plan written back, with the dates MS Project had stored."""
    dates = {k: mspdi_writer.Scheduled(s.start, s.finish) for k, s in plan.stored.items() if s.start and s.finish}
    return mspdi_writer.write(
        plan.project,
        [c for c in plan.of(Calendar) if isinstance(c, Calendar)],
        [t for t in plan.of(Task) if isinstance(t, Task)],
        [d for d in plan.of(Dependency) if isinstance(d, Dependency)],
        [r for r in plan.of(Resource) if isinstance(r, Resource)],
        [a for a in plan.of(Assignment) if isinstance(a, Assignment)],
        dates,
        [b for b in plan.of(Baseline) if isinstance(b, Baseline)],
    )


@pytest.mark.parametrize("name", FILES)
def test_every_file_through_accord_and_back_is_the_same_plan(name: str) -> None:
    """MSPDI → Accord → MSPDI → Accord: every entity comes back equal, field by field (custom
    fields, timephased data and the rest of what Accord does not model included)."""
    first = mspdi.read(DATA / name, key="RT", account="A")
    again = mspdi.parse(written(first), key="RT", account="A")
    assert {e.key: e for e in again.entities} == {e.key: e for e in first.entities}
    assert again.stored == first.stored


def test_what_accord_does_not_model_is_kept_and_written_back_in_schema_order() -> None:
    plan = mspdi.read(DATA / "generated/task-text/task-text-project2010-mspdi.xml", key="X", account="A")
    task = next(
        t for t in plan.of(Task) if isinstance(t, Task) and any(k.startswith("ExtendedAttribute") for k in t.extra)
    )
    assert task.extra["WBS"] and task.extra["UID"]
    root = etree.fromstring(written(plan))
    rows = {r.findtext(f"{NS}UID"): r for r in root.iter(f"{NS}Task")}
    row = rows[task.extra["UID"]]
    names = [str(c.tag).removeprefix(NS) for c in row]
    assert "ExtendedAttribute" in names and "WBS" in names
    assert names == sorted(names, key=TASK.index), "elements are in the order of the MSPDI schema"
    definitions = root.find(f"{NS}ExtendedAttributes")
    assert definitions is not None and len(definitions) > 0, "the project's custom field definitions come back too"


def test_the_model_wins_over_what_was_kept() -> None:
    plan = mspdi.read(DATA / "mspdirelations.xml", key="X", account="A")
    task = next(t for t in plan.of(Task) if isinstance(t, Task) and t.extra.get("Name") is None)
    changed = dataclasses.replace(task, name="Renamed", duration=960, extra={**task.extra, "Name": "stale"})
    root = etree.fromstring(mspdi_writer.write(plan.project, [], [changed], []))
    [row] = root.iter(f"{NS}Task")
    assert [n.text for n in row.iter(f"{NS}Name")] == ["Renamed"]
    assert row.findtext(f"{NS}Duration") == "PT16H0M0S"


def test_baselines_come_in_and_go_out() -> None:
    saved = b"""<Baseline><Number>%d</Number><Start>2027-01-04T08:00:00</Start><Finish>2027-01-05T17:00:00</Finish>
        <Duration>PT16H0M0S</Duration><Work>PT32H0M0S</Work><Cost>%d</Cost></Baseline>"""
    unusable = (
        b"<Baseline><Number>4</Number><Start>2027-01-04T08:00:00</Start><Finish>2026-01-05T17:00:00</Finish></Baseline>"
    )
    data = (
        b'<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">'
        b"<StartDate>2027-01-04T08:00:00</StartDate><LastSaved>2026-12-01T10:00:00</LastSaved><Tasks>"
        b"<Task><UID>1</UID><ID>1</ID><Name>Build</Name><Duration>PT16H0M0S</Duration><FixedCost>12550</FixedCost>"
        b"<Notes>Ask Ana first</Notes>"
        + saved % (0, 123456)
        + saved % (3, 100)
        + unusable
        + b"</Task></Tasks></Project>"
    )
    plan = mspdi.parse(data, key="B", account="A")
    baselines = {b.number: b for b in plan.of(Baseline) if isinstance(b, Baseline)}
    assert sorted(baselines) == [0, 3]
    assert baselines[0].tasks == (
        BaselineTask(
            task="B-1",
            start=dt.datetime(2027, 1, 4, 8),
            finish=dt.datetime(2027, 1, 5, 17),
            duration=960,
            work=1920,
            cost=Decimal("1234.56"),
        ),
    )
    assert baselines[0].saved_at == dt.datetime(2026, 12, 1, 10) and baselines[0].project == "B"
    [task] = plan.of(Task)
    assert isinstance(task, Task) and task.fixed_cost == Decimal("125.5") and task.notes == "Ask Ana first"
    assert any("baseline 4" in note for note in plan.skipped)
    assert "Baseline[3]" in task.extra, "the unusable entry is kept to be written back"
    again = mspdi.parse(written(plan), key="B", account="A")
    assert {e.key: e for e in again.entities} == {e.key: e for e in plan.entities}


def test_cost_rate_tables_come_in() -> None:
    plan = mspdi.read(DATA / "mspdicostratetable.xml", key="C", account="A")
    resources = {r.name: r for r in plan.of(Resource) if isinstance(r, Resource)}
    two = resources["Resource Two"]
    assert two.cost_per_use == Decimal(15), "MSPDI writes a cost per use in hundredths"
    assert two.rate("B") == CostRate(
        table="B", standard_rate=Decimal(20), overtime_rate=Decimal(25), cost_per_use=Decimal(30)
    )
    three = resources["Resource Three"]
    assert three.rate("A", dt.datetime(2009, 6, 15, 7)).standard_rate == Decimal(5)
    assert three.rate("A", dt.datetime(2009, 6, 15, 8)).standard_rate == Decimal(1200), "20 a minute"


def test_a_manual_task_keeps_its_own_constraint_in_the_file() -> None:
    plan = mspdi.read(DATA / "generated/assignment-flags/assignment-flags-project2010-mspdi.xml", key="M", account="A")
    task = next(t for t in plan.of(Task) if isinstance(t, Task) and t.extra.get("Manual") == "1")
    assert task.constraint is ConstraintType.MUST_START_ON, "Accord keeps it where the user put it"
    row = next(
        r for r in etree.fromstring(written(plan)).iter(f"{NS}Task") if r.findtext(f"{NS}UID") == task.extra["UID"]
    )
    assert row.findtext(f"{NS}Manual") == "1"
    assert row.findtext(f"{NS}ConstraintType") == task.extra["ConstraintType"]


def test_entities_made_in_accord_are_numbered_after_those_from_the_file() -> None:
    plan = mspdi.read(DATA / "mspdirelations.xml", key="X", account="A")
    tasks = [t for t in plan.of(Task) if isinstance(t, Task)]
    added = Task(key="X-NEW", name="Added in Accord", project="X", position=len(tasks), duration=480)
    root = etree.fromstring(mspdi_writer.write(plan.project, [], [*tasks, added], []))
    uids = [int(r.findtext(f"{NS}UID") or 0) for r in root.iter(f"{NS}Task")]
    assert len(set(uids)) == len(uids) == len(tasks) + 1
    assert uids[-1] == max(int(t.extra["UID"]) for t in tasks) + 1


# -- read back by MPXJ ----------------------------------------------------------------------------


def mpxj_view(path: Path) -> dict[str, Any]:
    """What MPXJ reads from a file: tasks, links, lags, constraints, calendars, resources with
    their cost rate tables, assignments, baselines 0-10 and costs."""
    from accord.interchange import mpxj

    reader, _ = mpxj._mpxj()
    from org.mpxj import TimeUnit

    project = reader().read(str(path))
    properties = project.getProjectProperties()

    def minutes(lag: Any) -> float:
        return round(float(lag.convertUnits(TimeUnit.MINUTES, properties).getDuration()), 3)

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    def hourly(rate: Any) -> str:
        """A rate per hour, whatever unit it is shown in."""
        if rate is None:
            return ""
        hours = {"MINUTES": 1 / 60, "HOURS": 1, "DAYS": 8, "WEEKS": 40, "MONTHS": 160, "YEARS": 2080}
        per = hours[str(rate.getUnits().name())]
        return f"{float(rate.getAmount()) / per:.6g}/h"

    def baselines(t: Any) -> list[tuple[str, ...]]:
        found = [(text(t.getBaselineStart()), text(t.getBaselineFinish()), text(t.getBaselineCost()))]
        found += [
            (text(t.getBaselineStart(n)), text(t.getBaselineFinish(n)), text(t.getBaselineCost(n)))
            for n in range(1, 11)
        ]
        return found

    tasks = [t for t in project.getTasks() if t.getUniqueID() and int(t.getUniqueID()) != 0 and t.getName()]
    days = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
    from java.time import DayOfWeek

    return {
        "tasks": [
            (
                text(t.getName()),
                text(t.getDuration()),
                text(t.getConstraintType()),
                text(t.getFixedCost()) or "0.0",  # no fixed cost is none at all, whether written or not
                text(t.getCost()),
                text(t.getNotes()),
                baselines(t),
            )
            for t in tasks
        ],
        "links": sorted(
            (
                text(r.getPredecessorTask().getName()),
                text(r.getSuccessorTask().getName()),
                text(r.getType()),
                minutes(r.getLag()),
            )
            for t in tasks
            for r in t.getPredecessors()
        ),
        "calendars": sorted(
            (text(c.getName()), tuple(text(c.getCalendarDayType(DayOfWeek.valueOf(d))) for d in days))
            for c in project.getCalendars()
        ),
        "resources": sorted(
            (
                text(r.getName()),
                hourly(r.getStandardRate()),
                text(r.getCostPerUse()),
                tuple(
                    tuple(
                        (text(e.getStartDate()), hourly(e.getStandardRate()), text(e.getCostPerUse()))
                        for e in r.getCostRateTable(i)
                    )
                    for i in range(5)
                    if r.getCostRateTable(i) is not None
                ),
            )
            for r in project.getResources()
            if r.getName()
        ),
        "assignments": sorted(
            (
                text(a.getTask().getName()),
                text(a.getResource().getName()),
                text(a.getCostRateTableIndex()),
                text(a.getWork()),
            )
            for a in project.getResourceAssignments()
            if a.getResource() is not None and a.getTask() is not None
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "synthetic_1000_mspdi.xml",
        "baselines.xml",
        "mspdicostratetable.xml",
        "mspdiresource.xml",
        "legacy/caltest.xml",
        "generated/task-links/task-links-project2010-mspdi.xml",
        "generated/assignment-assignments/assignment-assignments-project2007-mspdi.xml",
        "generated/task-durations/task-durations-project2010-mspdi.xml",
        "generated/task-costs/task-costs-project2010-mspdi.xml",
    ],
)
def test_ms_project_xml_through_accord_and_back_reads_the_same_in_mpxj(tmp_path: Path, name: str) -> None:
    """MSPDI → Accord → MSPDI, both read by MPXJ: the same tasks, links and lags, constraints,
    calendars, resources with their cost rate tables, assignments, baselines and costs."""
    source = DATA / name
    out = tmp_path / "roundtrip.xml"
    out.write_bytes(written(mspdi.read(source, key="RT", account="A")))
    assert mpxj_view(out) == mpxj_view(source)


def test_a_project_made_in_accord_keeps_its_baselines_and_costs_through_mpxj(tmp_path: Path) -> None:
    project = Project(key="P", name="Payroll", account="A", start=dt.date(2027, 1, 4))
    task = Task(key="P-1", name="Build", project="P", duration=960, fixed_cost=Decimal("250"))
    resource = Resource(
        key="R",
        name="Ana Ruiz",
        standard_rate=Decimal(80),
        rates=(
            CostRate(table="B", standard_rate=Decimal(100)),
            CostRate(table="B", effective_from=dt.datetime(2027, 6, 1, 8), standard_rate=Decimal(110)),
        ),
    )
    baseline = Baseline(
        key="P-BL2",
        project="P",
        number=2,
        saved_at=dt.datetime(2026, 12, 1),
        tasks=(
            BaselineTask(
                task="P-1",
                start=dt.datetime(2027, 1, 4, 8),
                finish=dt.datetime(2027, 1, 5, 17),
                duration=960,
                cost=Decimal(1850),
            ),
        ),
    )
    assignment = Assignment(key="A1", task="P-1", resource="R", rate_table="B")
    out = tmp_path / "made.xml"
    out.write_bytes(mspdi_writer.write(project, [], [task], [], [resource], [assignment], baselines=[baseline]))
    view = mpxj_view(out)
    [(_, _, _, fixed, _, _, saved)] = view["tasks"]
    assert fixed == "250.0"
    assert saved[2] == ("2027-01-04T08:00", "2027-01-05T17:00", "1850.0")
    [(_, rate, _, tables)] = view["resources"]
    assert rate == "80/h" and ("2027-06-01T08:00", "110/h", "0.0") in tables[1]
    [(_, _, table, _)] = view["assignments"]
    assert table == "1"


def test_a_levelling_delay_goes_out_and_comes_back() -> None:
    project = Project(key="P", name="Payroll", account="A", start=dt.date(2027, 1, 4))
    tasks = [
        Task(key="P-1", name="Build", project="P", duration=960, levelling_delay=1440),
        Task(key="P-2", name="Test", project="P", position=1, duration=480),
    ]
    back = mspdi.parse(mspdi_writer.write(project, [], tasks, []), key="P", account="A")
    assert [t.levelling_delay for t in back.of(Task)] == [1440, 0]  # type: ignore[attr-defined]
    assert not any("LevelingDelay" in t.extra for t in back.of(Task))  # type: ignore[attr-defined]


def test_a_levelling_advance_goes_out_and_comes_back_only_on_a_task_as_late_as_possible() -> None:
    """MS Project applies a negative levelling delay from the task's finish, as Accord applies an
    advance; on a task that is not as late as possible, Accord keeps it without applying it."""
    project = Project(key="P", name="Payroll", account="A", start=dt.date(2027, 1, 4))
    late = ConstraintType.AS_LATE_AS_POSSIBLE
    tasks = [Task(key="P-1", name="Order", project="P", duration=480, constraint=late, levelling_delay=-960)]
    written = mspdi_writer.write(project, [], tasks, [])
    back = mspdi.parse(written, key="P", account="A")
    assert [t.levelling_delay for t in back.of(Task)] == [-960]  # type: ignore[attr-defined]
    soon = written.replace(b"<ConstraintType>1</ConstraintType>", b"<ConstraintType>0</ConstraintType>")
    assert soon != written
    [kept] = mspdi.parse(soon, key="P", account="A").of(Task)
    assert kept.levelling_delay == 0 and kept.extra["LevelingDelay"] == "-9600"  # type: ignore[attr-defined]
