"""MS Project XML import: what MS Project scheduled, Accord schedules the same; bad files are
refused with a message that names the place."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.domain.calendar import Calendar
from accord.domain.errors import ValidationError
from accord.domain.project import ConstraintType, Dependency, LagFormat, LinkType, Task
from accord.domain.resources import Assignment, Resource
from accord.interchange import mspdi
from accord.scheduling.cpm import ScheduleStatus, schedule
from accord.scheduling.plan import build, resource_calendars, task_dates

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "mspdi"


def mismatches(plan: mspdi.Plan) -> list[str]:
    """Tasks whose start or finish differ from MS Project's, as instants of working time."""
    tasks = [t for t in plan.of(Task) if isinstance(t, Task)]
    links = [d for d in plan.of(Dependency) if isinstance(d, Dependency)]
    calendars = [c for c in plan.of(Calendar) if isinstance(c, Calendar)]
    people = resource_calendars(plan.of(Assignment), plan.of(Resource))  # type: ignore[arg-type]
    built = build([plan.project], tasks, links, calendars, resource_calendars=people)
    result = schedule(built.network, built.calendars)
    assert result.status is ScheduleStatus.SCHEDULED
    dates, clocks = task_dates(built, result), built.calendars
    found = []
    for i, task in enumerate(built.tasks):
        stored = plan.stored[task.key]
        assert stored.start is not None and stored.finish is not None
        ours = np.asarray([dates.early_start[i], dates.early_finish[i]])
        theirs = np.asarray([clocks.minute(stored.start), clocks.minute(stored.finish)])
        calendar = np.full(2, built.network.calendar[i])
        if not np.array_equal(clocks.working(calendar, ours), clocks.working(calendar, theirs)):
            found.append(task.key)
    return found


@pytest.mark.parametrize(
    "name",
    [
        "generated/task-links/task-links-project2010-mspdi.xml",
        "generated/task-links/task-links-project2003-mspdi.xml",
        "generated/task-durations/task-durations-project2010-mspdi.xml",
        "legacy/caltest.xml",
        "generated/task-dates/task-dates-project2010-mspdi.xml",
        "generated/assignment-flags/assignment-flags-project2007-mspdi.xml",
        "mspdirelations.xml",
        "synthetic_1000_mspdi.xml",
        "legacy/sample.xml",  # people on a day shift and a night shift on one task
        "legacy/sample1.xml",
        "mspdiresource.xml",
        "mspditimephasedsegments.xml",
    ],
)
def test_the_dates_ms_project_stored_are_the_dates_accord_computes(name: str) -> None:
    plan = mspdi.read(DATA / name, key="P", account="A")
    assert plan.stored, "the file has tasks"
    assert mismatches(plan) == []


def test_links_lags_calendars_and_resources_come_in() -> None:
    plan = mspdi.read(DATA / "synthetic_1000_mspdi.xml", key="SYN", account="A")
    links = [d for d in plan.of(Dependency) if isinstance(d, Dependency)]
    assert len(plan.of(Task)) == 1000 and len(links) == 1990
    assert {d.type for d in links} == set(LinkType)
    assert sum(d.lag != 0 for d in links) == 617
    assert {d.lag_format for d in links if d.lag} >= {LagFormat.WORKING}
    relations = mspdi.read(DATA / "mspdirelations.xml", key="R", account="A")
    assert len(relations.of(Dependency)) >= 1
    resources = mspdi.read(DATA / "generated/assignment-assignments/assignment-assignments-project2010-mspdi.xml", key="AS", account="A")
    assert resources.of(mspdi.Resource) and resources.of(mspdi.Assignment)
    pinned = [t for t in mspdi.read(DATA / "generated/assignment-flags/assignment-flags-project2010-mspdi.xml", key="M", account="A").of(Task)]
    assert all(isinstance(t, Task) and t.constraint is ConstraintType.MUST_START_ON for t in pinned), "manual tasks stay put"


HEADER = b'<?xml version="1.0"?>\n'
PROJECT = b'<Project xmlns="http://schemas.microsoft.com/project"><StartDate>2027-01-04T08:00:00</StartDate><Tasks>%s</Tasks></Project>'


def task(uid: int, links: bytes = b"") -> bytes:
    return b"<Task><UID>%d</UID><ID>%d</ID><Name>T%d</Name><Duration>PT8H0M0S</Duration>%s</Task>" % (uid, uid, uid, links)


def link(before: int, kind: int = 1) -> bytes:
    return b"<PredecessorLink><PredecessorUID>%d</PredecessorUID><Type>%d</Type></PredecessorLink>" % (before, kind)


def test_a_small_file_reads() -> None:
    plan = mspdi.parse(HEADER + PROJECT % (task(1) + task(2, link(1))), key="S", account="A")
    assert [t.key for t in plan.of(Task)] == ["S-1", "S-2"]
    [only] = plan.of(Dependency)
    assert isinstance(only, Dependency) and (only.predecessor, only.successor) == ("S-1", "S-2")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (HEADER + b"<Project xmlns='http://schemas.microsoft.com/project'>\n<Tasks>\n<Task>", "line"),
        (HEADER + b"<Other/>", "not an MS Project XML document"),
        (
            HEADER
            + b'<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            + b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            + PROJECT % task(1).replace(b"T1", b"&c;"),
            "DOCTYPE",
        ),
        (
            HEADER + b'<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + PROJECT % task(1).replace(b"T1", b"&x;"),
            "DOCTYPE",
        ),
        (HEADER + PROJECT % (task(1) + task(2, link(1, kind=7))), "link type 7"),
        (HEADER + PROJECT % (task(1) + task(2, link(9))), "predecessor UID 9"),
        (HEADER + PROJECT % (task(1, link(2)) + task(2, link(1))), "cycle"),
        (HEADER + PROJECT % task(1).replace(b"PT8H0M0S", b"eight hours"), "ISO 8601 duration"),
    ],
)
def test_bad_files_are_refused_naming_the_place(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        mspdi.parse(data, key="B", account="A")


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(HEADER + PROJECT % task(1))
    monkeypatch.setattr(mspdi, "MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="over 100 bytes"):
        mspdi.read(big, key="B", account="A")


def test_other_formats_come_in_through_mpxj(tmp_path: Path) -> None:
    from accord.interchange import mpxj

    reader, _ = mpxj._mpxj()
    from org.mpxj.mpx import MPXWriter

    source = DATA / "generated" / "task-links" / "task-links-project2010-mspdi.xml"
    converted = tmp_path / "links.mpx"
    MPXWriter().write(reader().read(str(source)), str(converted))
    plan = mspdi.parse(mpxj.to_mspdi(converted), key="MPX", account="A")
    original = mspdi.read(source, key="MPX", account="A")
    assert [t.name for t in plan.of(Task)] == [t.name for t in original.of(Task)]  # type: ignore[attr-defined]
    assert len(plan.of(Dependency)) == len(original.of(Dependency))
    assert all(d.start is not None and d.finish is not None for d in plan.stored.values())
    assert mpxj.is_mspdi(source) and not mpxj.is_mspdi(converted)
    junk = tmp_path / "junk.mpp"
    junk.write_bytes(b"not a project at all")
    with pytest.raises(ValidationError, match=r"junk\.mpp"):
        mpxj.to_mspdi(junk)


def test_without_mpxj_the_message_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from accord.domain.errors import UnavailableError
    from accord.interchange import mpxj

    monkeypatch.setitem(sys.modules, "mpxj", None)
    with pytest.raises(UnavailableError, match="'mpxj' extra"):
        mpxj.to_mspdi(DATA / "mspdirelations.xml")
