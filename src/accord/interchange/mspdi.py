"""MS Project XML (MSPDI) import: project, calendars, WBS, links, constraints, progress,
resources with their cost rate tables, assignments and baselines 0 to 10; what Accord does not
model is kept in the entities' `extra` (see `mspdi_extra`). (Writing is in `mspdi_writer`.)

Read with lxml and a hardened parser: no DTD, no entity expansion, no network, a size limit;
a document type declaration is refused outright (MS Project never writes one, and bombs and
external entities hide there). Errors name the element (task UID, link) and, where the XML is
malformed, the line.
"""

from __future__ import annotations

import datetime as dt
import graphlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from accord.domain.base import Entity
from accord.domain.calendar import STANDARD_WEEK, Calendar, CalendarException, Weekday, WorkingTime
from accord.domain.errors import ValidationError
from accord.domain.project import ConstraintType, Dependency, Project, Task
from accord.domain.resources import RATE_TABLES, Assignment, Resource, ResourceKind
from accord.interchange.mspdi_baselines import BaselineReader
from accord.interchange.mspdi_extra import NS, WRITTEN, keep, split
from accord.interchange.mspdi_format import (
    CENTS,
    CONSTRAINTS,
    DAYS,
    LINK_TYPES,
    RESOURCE_KINDS,
    datetime_of,
    is_elapsed,
    lag_format_of,
    minutes,
    money,
    period_of,
    rates_of,
    text_of,
    whole_minutes,
    working_times_of,
)

MAX_BYTES = 200_000_000


@dataclass(frozen=True)
class Stored:
    """The dates MS Project computed for a task, as saved in the file."""

    start: dt.datetime | None
    finish: dt.datetime | None
    summary: bool


@dataclass
class Plan:
    """A file read: its entities, in an order they can be added in, and what MS Project stored."""

    project: Project
    entities: list[Entity]
    stored: dict[str, Stored] = field(default_factory=dict)
    """By task key."""
    skipped: list[str] = field(default_factory=list)
    """What was not brought in, and why."""

    def of(self, kind: type[Entity]) -> list[Entity]:
        return [e for e in self.entities if isinstance(e, kind)]


def read(path: Path, *, key: str, account: str) -> Plan:
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError(str(path), "size", f"is over {MAX_BYTES:,} bytes")
    return parse(path.read_bytes(), key=key, account=account, where=str(path))


def parse(data: bytes, *, key: str, account: str, where: str = "MSPDI file") -> Plan:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ValidationError(where, f"line {error.lineno}", f"is not well-formed XML: {error.msg}") from None
    if getattr(root.getroottree().docinfo, "doctype", ""):
        raise ValidationError(where, "DOCTYPE", "document type declarations are not accepted (entities hide there)")
    if root.tag != f"{NS}Project":
        raise ValidationError(where, "root", "is not an MS Project XML document (no <Project> in its namespace)")
    return _Reader(root, key, account, where).plan()


class _Reader:
    def __init__(self, root: etree._Element, key: str, account: str, where: str) -> None:
        self.root, self.key, self.account, self.where = root, key, account, where
        self.skipped: list[str] = []
        self.calendars: dict[str, str] = {}  # UID → key
        self.baselines = BaselineReader(key)
        self.link_rows: list[tuple[str, list[etree._Element]]] = []  # each task's predecessor links

    def plan(self) -> Plan:
        calendars = list(self._calendars())
        start = datetime_of(text_of(self.root, "StartDate"), self.where, "StartDate") or dt.datetime(2000, 1, 3, 8)
        status = datetime_of(text_of(self.root, "StatusDate"), self.where, "StatusDate")
        project = Project(
            key=self.key,
            name=text_of(self.root, "Title") or text_of(self.root, "Name") or self.key,
            account=self.account,
            start=start.date(),
            start_time=start.time() if start.time() != dt.time() else None,
            calendar=self.calendars.get(text_of(self.root, "CalendarUID") or ""),
            status_date=status.date() if status else None,
            currency=(text_of(self.root, "CurrencyCode") or "EUR")[:3].upper(),
            extra=_project_extra(keep(self.root, WRITTEN["Project"])),
        )
        tasks, stored, uids = self._tasks()
        links = list(self._links(uids))
        _refuse_cycles(links, self.where)
        resources, resource_keys = self._resources()
        assignments = list(self._assignments(uids, resource_keys))
        saved = datetime_of(text_of(self.root, "LastSaved") or text_of(self.root, "CreationDate"), self.where, "LastSaved")
        baselines = self.baselines.baselines(saved or start)
        self.skipped += self.baselines.notes()
        entities: list[Entity] = [*calendars, project, *tasks, *links, *resources, *assignments, *baselines]
        return Plan(project, entities, stored, self.skipped)

    # -- calendars ------------------------------------------------------------------------------

    def _calendars(self) -> Iterator[Calendar]:
        elements = self.root.findall(f"{NS}Calendars/{NS}Calendar")
        for element in elements:
            uid = text_of(element, "UID") or ""
            self.calendars[uid] = f"{self.key}-CAL{uid}"
        bases = [e for e in elements if text_of(e, "BaseCalendarUID") in (None, "-1", "")]
        derived = [e for e in elements if e not in bases]
        for element in [*bases, *derived]:
            yield self._calendar(element)

    def _calendar(self, element: etree._Element) -> Calendar:
        uid = text_of(element, "UID") or ""
        week: dict[Weekday, tuple[WorkingTime, ...]] = {}
        exceptions: list[CalendarException] = []
        for day in element.findall(f"{NS}WeekDays/{NS}WeekDay"):
            kind = int(text_of(day, "DayType") or "0")
            times = working_times_of(day) if text_of(day, "DayWorking") == "1" else ()
            if kind in DAYS:
                week[DAYS[kind]] = times
            elif kind == 0:  # an exception, in the format of MS Project 2003 and before
                period = day.find(f"{NS}TimePeriod")
                first, last = period_of(period, self.where)
                if first is not None and last is not None:
                    exceptions.append(
                        CalendarException(name="exception", start=first, finish=last, working_times=times)
                    )
        for exception in element.findall(f"{NS}Exceptions/{NS}Exception"):
            first, last = period_of(exception.find(f"{NS}TimePeriod"), self.where)
            recurrence = text_of(exception, "Type") or "1"
            if first is None or last is None:
                continue
            if recurrence != "1" and (text_of(exception, "Occurrences") or "1") != "1":
                self.skipped.append(f"calendar {uid}: a recurring exception (type {recurrence}) was read as one period")
            times = working_times_of(exception) if text_of(exception, "DayWorking") == "1" else ()
            exceptions.append(
                CalendarException(
                    name=text_of(exception, "Name") or "exception", start=first, finish=last, working_times=times
                )
            )
        base = self.calendars.get(text_of(element, "BaseCalendarUID") or "")
        if base is None:  # a base calendar's unsaid days are the standard ones, spelt out
            week = {day: week.get(day, STANDARD_WEEK[day]) for day in Weekday}
        return Calendar(
            key=self.calendars[uid],
            name=text_of(element, "Name") or f"Calendar {uid}",
            base=base,
            week=week,
            exceptions=tuple(exceptions),
            extra={"UID": uid, **keep(element, WRITTEN["Calendar"])},
        )

    # -- tasks ----------------------------------------------------------------------------------

    def _tasks(self) -> tuple[list[Task], dict[str, Stored], dict[str, str]]:
        tasks: list[Task] = []
        stored: dict[str, Stored] = {}
        uids: dict[str, str] = {}
        parents: list[tuple[int, str]] = []  # (outline level, key) of the open summaries
        self.link_rows.clear()
        for row in self.root.findall(f"{NS}Tasks/{NS}Task"):
            element, kept, nested = split(row, WRITTEN["Task"])  # one pass over the task's fields
            uid = element.get("UID") or ""
            if uid == "0" or element.get("IsNull") == "1" or element.get("Name") is None:
                continue  # the project's own summary row (MS Project makes it anew), and empty rows
            position = len(tasks)
            key = f"{self.key}-{element.get('ID') or uid}"
            level = int(element.get("OutlineLevel") or "1")
            while parents and parents[-1][0] >= level:
                parents.pop()
            parent = parents[-1][1] if parents else None
            summary = element.get("Summary") == "1"
            if summary:
                parents.append((level, key))
            where = f"task UID {uid}"
            constraint = CONSTRAINTS.get(
                int(element.get("ConstraintType") or "0"), ConstraintType.AS_SOON_AS_POSSIBLE
            )
            constraint_date = (
                datetime_of(element.get("ConstraintDate"), where, "ConstraintDate") if constraint.dated else None
            )
            if constraint.dated and constraint_date is None:
                constraint = ConstraintType.AS_SOON_AS_POSSIBLE
            extra = {"UID": uid, "ID": element.get("ID") or uid, **kept}
            if element.get("Manual") == "1" and not summary:
                # Manually scheduled: MS Project leaves it where the user put it. The constraint
                # it had is kept, and written back with the task's manual mode.
                pinned = datetime_of(element.get("ManualStart") or element.get("Start"), where, "ManualStart")
                if pinned is not None:
                    extra["ConstraintType"] = element.get("ConstraintType") or "0"
                    extra["ConstraintDate"] = element.get("ConstraintDate") or ""
                    constraint, constraint_date = ConstraintType.MUST_START_ON, pinned
                    self.skipped.append(
                        f"{where}: manually scheduled, kept at its start with a must-start-on constraint"
                    )
            percent = int(element.get("PercentComplete") or "0")
            actual_start = datetime_of(element.get("ActualStart"), where, "ActualStart")
            actual_finish = datetime_of(element.get("ActualFinish"), where, "ActualFinish")
            if actual_finish is not None and actual_start is None:
                actual_start = actual_finish
            if percent == 100 and actual_finish is None:
                percent = 99 if actual_start else 0
            if percent > 0 and actual_start is None:
                percent = 0
                self.skipped.append(f"{where}: percent complete without an actual start was read as not started")
            duration = 0 if summary else minutes(element.get("Duration"), where)
            if not summary and not whole_minutes(element.get("Duration")):
                extra["Duration"] = element.get("Duration") or ""  # seconds, which Accord rounds away
            duration_format = int(element.get("DurationFormat") or "7")
            if duration_format not in (7, 8):
                extra["DurationFormat"] = str(duration_format)  # a display unit: hours, weeks...
            levelling_delay = 0
            waits = float(element.get("LevelingDelay") or "0")  # tenths of a minute
            # Working time is Accord's own (elapsed delays are kept, not applied); a negative one
            # (an advance, applied from the finish) only on a task as late as possible.
            late = constraint is ConstraintType.AS_LATE_AS_POSSIBLE
            if (waits > 0 or (waits < 0 and late)) and not is_elapsed(int(element.get("LevelingDelayFormat") or "8")):
                levelling_delay = round(waits / 10)
                for name in ("LevelingDelay", "LevelingDelayFormat"):
                    extra.pop(name, None)
            milestone = element.get("Milestone") == "1" and duration == 0
            calendar = self.calendars.get(element.get("CalendarUID") or "")
            tasks.append(
                Task(
                    key=key,
                    name=element.get("Name") or key,
                    project=self.key,
                    parent=parent,
                    position=position,
                    duration=duration,
                    elapsed=is_elapsed(duration_format),
                    milestone=milestone,
                    constraint=constraint,
                    constraint_date=constraint_date,
                    deadline=datetime_of(element.get("Deadline"), where, "Deadline"),
                    percent_complete=percent,
                    actual_start=actual_start,
                    actual_finish=actual_finish if percent == 100 else None,
                    calendar=calendar,
                    priority=min(max(int(element.get("Priority") or "500"), 0), 1000),
                    fixed_cost=money(element.get("FixedCost"), where) / CENTS,
                    levelling_delay=levelling_delay,
                    notes=element.get("Notes") or "",
                    extra=extra,
                )
            )
            uids[uid] = key
            self.baselines.read(nested.get("Baseline", ()), key, extra)
            self.link_rows.append((key, nested.get("PredecessorLink", [])))
            stored[key] = Stored(
                datetime_of(element.get("Start"), where, "Start"),
                datetime_of(element.get("Finish"), where, "Finish"),
                summary,
            )
        return tasks, stored, uids

    def _links(self, uids: dict[str, str]) -> Iterator[Dependency]:
        for successor, rows in self.link_rows:
            for n, raw in enumerate(rows, start=1):
                link, extra, _ = split(raw, WRITTEN["PredecessorLink"])
                before = link.get("PredecessorUID") or ""
                where = f"link {n} of task {successor}"
                if before not in uids:
                    raise ValidationError(
                        self.where, where, f"names predecessor UID {before}, which is no task of the file"
                    )
                code = int(link.get("Type") or "1")
                if code not in LINK_TYPES:
                    raise ValidationError(self.where, where, f"has link type {code}; MSPDI knows 0 to 3")
                lag_format = int(link.get("LagFormat") or "7")
                if lag_format not in (7, 8, 19):
                    extra["LagFormat"] = str(lag_format)  # a display unit: hours, weeks, elapsed percent...
                lag = int(float(link.get("LinkLag") or "0"))  # tenths of a minute; tenths of a percent
                lag_value, format_ = lag // 10, lag_format_of(lag_format)
                yield Dependency(
                    key=f"{successor}-P{n}",
                    predecessor=uids[before],
                    successor=successor,
                    type=LINK_TYPES[code],
                    lag=lag_value,
                    lag_format=format_,
                    extra=extra,
                )

    # -- resources ------------------------------------------------------------------------------

    def _resources(self) -> tuple[list[Resource], dict[str, str]]:
        found: list[Resource] = []
        keys: dict[str, str] = {}
        for element in self.root.findall(f"{NS}Resources/{NS}Resource"):
            uid = text_of(element, "UID") or ""
            name = text_of(element, "Name")
            if uid == "0" or name is None or text_of(element, "IsNull") == "1":
                continue
            key = f"{self.key}-RES{uid}"
            keys[uid] = key
            kind = RESOURCE_KINDS.get(int(text_of(element, "Type") or "1"), ResourceKind.WORK)
            found.append(
                Resource(
                    key=key,
                    name=name,
                    resource_kind=kind,
                    calendar=self.calendars.get(text_of(element, "CalendarUID") or ""),
                    max_units=max(float(text_of(element, "MaxUnits") or "1"), 0.01),
                    standard_rate=money(text_of(element, "StandardRate"), f"resource UID {uid}"),
                    overtime_rate=money(text_of(element, "OvertimeRate"), f"resource UID {uid}"),
                    cost_per_use=money(text_of(element, "CostPerUse"), f"resource UID {uid}") / CENTS,
                    material_label=text_of(element, "MaterialLabel") if kind is ResourceKind.MATERIAL else None,
                    rates=rates_of(element, f"resource UID {uid}"),
                    extra={
                        "UID": uid,
                        "ID": text_of(element, "ID") or uid,
                        **{  # the unit rates are shown in (Accord's are per hour, as MSPDI stores them)
                            name: shown
                            for name in ("StandardRateFormat", "OvertimeRateFormat")
                            if (shown := text_of(element, name)) not in (None, "2")
                        },
                        **keep(element, WRITTEN["Resource"]),
                    },
                )
            )
        return found, keys

    def _assignments(self, uids: dict[str, str], resources: dict[str, str]) -> Iterator[Assignment]:
        for element in self.root.findall(f"{NS}Assignments/{NS}Assignment"):
            task, resource = (
                uids.get(text_of(element, "TaskUID") or ""),
                resources.get(text_of(element, "ResourceUID") or ""),
            )
            if task is None or resource is None:
                continue  # unassigned rows (resource -65535) and rows of the project summary
            units = float(text_of(element, "Units") or "1")
            table = int(text_of(element, "CostRateTable") or "0")
            yield Assignment(
                key=f"{self.key}-ASG{text_of(element, 'UID')}",
                task=task,
                resource=resource,
                units=units if units > 0 else 1.0,
                work=minutes(text_of(element, "Work"), f"assignment UID {text_of(element, 'UID')}")
                if text_of(element, "Work")
                else None,
                rate_table=RATE_TABLES[table] if 0 <= table < len(RATE_TABLES) else "A",
                extra={"UID": text_of(element, "UID") or "", **keep(element, WRITTEN["Assignment"])},
            )

    # -- baselines ------------------------------------------------------------------------------


def _project_extra(kept: dict[str, str]) -> dict[str, str]:
    """What is kept of the project's own elements; the standard day and week go without saying
    (the writer writes them when nothing else is kept)."""
    for name, standard in (("MinutesPerDay", "480"), ("MinutesPerWeek", "2400")):
        if kept.get(name) == standard:
            del kept[name]
    return kept


def _refuse_cycles(links: list[Dependency], where: str) -> None:
    """Links that loop back would leave no schedule: refused with the tasks of the loop."""
    graph: dict[str, set[str]] = {}
    for link in links:
        graph.setdefault(link.successor, set()).add(link.predecessor)
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        loop = " → ".join(str(k) for k in error.args[1])
        raise ValidationError(where, "links", f"form a cycle: {loop}") from None
