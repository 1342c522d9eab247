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
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from accord.domain.base import Entity
from accord.domain.baseline import Baseline, BaselineTask
from accord.domain.calendar import STANDARD_WEEK, Calendar, CalendarException, Weekday, WorkingTime
from accord.domain.errors import ValidationError
from accord.domain.project import ConstraintType, Dependency, LagFormat, LinkType, Project, Task
from accord.domain.resources import RATE_TABLES, Assignment, CostRate, Resource, ResourceKind
from accord.interchange.mspdi_extra import NS, WRITTEN, fragment, keep, split

MAX_BYTES = 200_000_000
CENTS = Decimal(100)
"""MSPDI writes costs (fixed cost, cost per use, baseline cost) in hundredths of the currency."""
RATES_SINCE_EVER = dt.datetime(1984, 1, 1)
"""MS Project's first date: a rate from then applies from the start."""
_DURATION = re.compile(r"-?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?")
_ELAPSED_FORMATS = {4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44, 52}
_PERCENT_FORMATS = {19, 20, 51, 52}
LINK_TYPES = {
    0: LinkType.FINISH_TO_FINISH,
    1: LinkType.FINISH_TO_START,
    2: LinkType.START_TO_FINISH,
    3: LinkType.START_TO_START,
}
CONSTRAINTS = {
    0: ConstraintType.AS_SOON_AS_POSSIBLE,
    1: ConstraintType.AS_LATE_AS_POSSIBLE,
    2: ConstraintType.MUST_START_ON,
    3: ConstraintType.MUST_FINISH_ON,
    4: ConstraintType.START_NO_EARLIER_THAN,
    5: ConstraintType.START_NO_LATER_THAN,
    6: ConstraintType.FINISH_NO_EARLIER_THAN,
    7: ConstraintType.FINISH_NO_LATER_THAN,
}
DAYS = {
    1: Weekday.SUNDAY,
    2: Weekday.MONDAY,
    3: Weekday.TUESDAY,
    4: Weekday.WEDNESDAY,
    5: Weekday.THURSDAY,
    6: Weekday.FRIDAY,
    7: Weekday.SATURDAY,
}
RESOURCE_KINDS = {0: ResourceKind.MATERIAL, 1: ResourceKind.WORK, 2: ResourceKind.COST}


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
        self.baseline_rows: dict[int, list[BaselineTask]] = {}  # by baseline number
        self.unusable_baselines: dict[int, int] = {}  # task entries kept only as extra, by number
        self.link_rows: list[tuple[str, list[etree._Element]]] = []  # each task's predecessor links

    def plan(self) -> Plan:
        calendars = list(self._calendars())
        start = _datetime(_text(self.root, "StartDate"), self.where, "StartDate") or dt.datetime(2000, 1, 3, 8)
        status = _datetime(_text(self.root, "StatusDate"), self.where, "StatusDate")
        project = Project(
            key=self.key,
            name=_text(self.root, "Title") or _text(self.root, "Name") or self.key,
            account=self.account,
            start=start.date(),
            start_time=start.time() if start.time() != dt.time() else None,
            calendar=self.calendars.get(_text(self.root, "CalendarUID") or ""),
            status_date=status.date() if status else None,
            currency=(_text(self.root, "CurrencyCode") or "EUR")[:3].upper(),
            extra=_project_extra(keep(self.root, WRITTEN["Project"])),
        )
        tasks, stored, uids = self._tasks()
        links = list(self._links(uids))
        _refuse_cycles(links, self.where)
        resources, resource_keys = self._resources()
        assignments = list(self._assignments(uids, resource_keys))
        baselines = list(self._baselines(start))
        entities: list[Entity] = [*calendars, project, *tasks, *links, *resources, *assignments, *baselines]
        return Plan(project, entities, stored, self.skipped)

    # -- calendars ------------------------------------------------------------------------------

    def _calendars(self) -> Iterator[Calendar]:
        elements = self.root.findall(f"{NS}Calendars/{NS}Calendar")
        for element in elements:
            uid = _text(element, "UID") or ""
            self.calendars[uid] = f"{self.key}-CAL{uid}"
        bases = [e for e in elements if _text(e, "BaseCalendarUID") in (None, "-1", "")]
        derived = [e for e in elements if e not in bases]
        for element in [*bases, *derived]:
            yield self._calendar(element)

    def _calendar(self, element: etree._Element) -> Calendar:
        uid = _text(element, "UID") or ""
        week: dict[Weekday, tuple[WorkingTime, ...]] = {}
        exceptions: list[CalendarException] = []
        for day in element.findall(f"{NS}WeekDays/{NS}WeekDay"):
            kind = int(_text(day, "DayType") or "0")
            times = _working_times(day) if _text(day, "DayWorking") == "1" else ()
            if kind in DAYS:
                week[DAYS[kind]] = times
            elif kind == 0:  # an exception, in the format of MS Project 2003 and before
                period = day.find(f"{NS}TimePeriod")
                first, last = _period(period, self.where)
                if first is not None and last is not None:
                    exceptions.append(
                        CalendarException(name="exception", start=first, finish=last, working_times=times)
                    )
        for exception in element.findall(f"{NS}Exceptions/{NS}Exception"):
            first, last = _period(exception.find(f"{NS}TimePeriod"), self.where)
            recurrence = _text(exception, "Type") or "1"
            if first is None or last is None:
                continue
            if recurrence != "1" and (_text(exception, "Occurrences") or "1") != "1":
                self.skipped.append(f"calendar {uid}: a recurring exception (type {recurrence}) was read as one period")
            times = _working_times(exception) if _text(exception, "DayWorking") == "1" else ()
            exceptions.append(
                CalendarException(
                    name=_text(exception, "Name") or "exception", start=first, finish=last, working_times=times
                )
            )
        base = self.calendars.get(_text(element, "BaseCalendarUID") or "")
        if base is None:  # a base calendar's unsaid days are the standard ones, spelt out
            week = {day: week.get(day, STANDARD_WEEK[day]) for day in Weekday}
        return Calendar(
            key=self.calendars[uid],
            name=_text(element, "Name") or f"Calendar {uid}",
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
                _datetime(element.get("ConstraintDate"), where, "ConstraintDate") if constraint.dated else None
            )
            if constraint.dated and constraint_date is None:
                constraint = ConstraintType.AS_SOON_AS_POSSIBLE
            extra = {"UID": uid, "ID": element.get("ID") or uid, **kept}
            if element.get("Manual") == "1" and not summary:
                # Manually scheduled: MS Project leaves it where the user put it. The constraint
                # it had is kept, and written back with the task's manual mode.
                pinned = _datetime(element.get("ManualStart") or element.get("Start"), where, "ManualStart")
                if pinned is not None:
                    extra["ConstraintType"] = element.get("ConstraintType") or "0"
                    extra["ConstraintDate"] = element.get("ConstraintDate") or ""
                    constraint, constraint_date = ConstraintType.MUST_START_ON, pinned
                    self.skipped.append(
                        f"{where}: manually scheduled, kept at its start with a must-start-on constraint"
                    )
            percent = int(element.get("PercentComplete") or "0")
            actual_start = _datetime(element.get("ActualStart"), where, "ActualStart")
            actual_finish = _datetime(element.get("ActualFinish"), where, "ActualFinish")
            if actual_finish is not None and actual_start is None:
                actual_start = actual_finish
            if percent == 100 and actual_finish is None:
                percent = 99 if actual_start else 0
            if percent > 0 and actual_start is None:
                percent = 0
                self.skipped.append(f"{where}: percent complete without an actual start was read as not started")
            duration = 0 if summary else minutes(element.get("Duration"), where)
            if not summary and not _whole_minutes(element.get("Duration")):
                extra["Duration"] = element.get("Duration") or ""  # seconds, which Accord rounds away
            duration_format = int(element.get("DurationFormat") or "7")
            if duration_format not in (7, 8):
                extra["DurationFormat"] = str(duration_format)  # a display unit: hours, weeks...
            levelling_delay = 0
            waits = float(element.get("LevelingDelay") or "0")  # tenths of a minute
            if waits > 0 and not is_elapsed(int(element.get("LevelingDelayFormat") or "8")):
                levelling_delay = round(waits / 10)  # working time: Accord's own (elapsed ones are kept)
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
                    deadline=_datetime(element.get("Deadline"), where, "Deadline"),
                    percent_complete=percent,
                    actual_start=actual_start,
                    actual_finish=actual_finish if percent == 100 else None,
                    calendar=calendar,
                    priority=min(max(int(element.get("Priority") or "500"), 0), 1000),
                    fixed_cost=_money(element.get("FixedCost"), where) / CENTS,
                    levelling_delay=levelling_delay,
                    notes=element.get("Notes") or "",
                    extra=extra,
                )
            )
            uids[uid] = key
            self._task_baselines(nested.get("Baseline", ()), key, extra)
            self.link_rows.append((key, nested.get("PredecessorLink", [])))
            stored[key] = Stored(
                _datetime(element.get("Start"), where, "Start"),
                _datetime(element.get("Finish"), where, "Finish"),
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
            uid = _text(element, "UID") or ""
            name = _text(element, "Name")
            if uid == "0" or name is None or _text(element, "IsNull") == "1":
                continue
            key = f"{self.key}-RES{uid}"
            keys[uid] = key
            kind = RESOURCE_KINDS.get(int(_text(element, "Type") or "1"), ResourceKind.WORK)
            found.append(
                Resource(
                    key=key,
                    name=name,
                    resource_kind=kind,
                    calendar=self.calendars.get(_text(element, "CalendarUID") or ""),
                    max_units=max(float(_text(element, "MaxUnits") or "1"), 0.01),
                    standard_rate=_money(_text(element, "StandardRate"), f"resource UID {uid}"),
                    overtime_rate=_money(_text(element, "OvertimeRate"), f"resource UID {uid}"),
                    cost_per_use=_money(_text(element, "CostPerUse"), f"resource UID {uid}") / CENTS,
                    material_label=_text(element, "MaterialLabel") if kind is ResourceKind.MATERIAL else None,
                    rates=_rates(element, f"resource UID {uid}"),
                    extra={
                        "UID": uid,
                        "ID": _text(element, "ID") or uid,
                        **{  # the unit rates are shown in (Accord's are per hour, as MSPDI stores them)
                            name: shown
                            for name in ("StandardRateFormat", "OvertimeRateFormat")
                            if (shown := _text(element, name)) not in (None, "2")
                        },
                        **keep(element, WRITTEN["Resource"]),
                    },
                )
            )
        return found, keys

    def _assignments(self, uids: dict[str, str], resources: dict[str, str]) -> Iterator[Assignment]:
        for element in self.root.findall(f"{NS}Assignments/{NS}Assignment"):
            task, resource = (
                uids.get(_text(element, "TaskUID") or ""),
                resources.get(_text(element, "ResourceUID") or ""),
            )
            if task is None or resource is None:
                continue  # unassigned rows (resource -65535) and rows of the project summary
            units = float(_text(element, "Units") or "1")
            table = int(_text(element, "CostRateTable") or "0")
            yield Assignment(
                key=f"{self.key}-ASG{_text(element, 'UID')}",
                task=task,
                resource=resource,
                units=units if units > 0 else 1.0,
                work=minutes(_text(element, "Work"), f"assignment UID {_text(element, 'UID')}")
                if _text(element, "Work")
                else None,
                rate_table=RATE_TABLES[table] if 0 <= table < len(RATE_TABLES) else "A",
                extra={"UID": _text(element, "UID") or "", **keep(element, WRITTEN["Assignment"])},
            )

    # -- baselines ------------------------------------------------------------------------------

    def _task_baselines(self, rows: Sequence[etree._Element], task: str, extra: dict[str, str]) -> None:
        """Collect a task's baselines 0 to 10. An entry without both dates, or finishing before
        it starts, is no baseline Accord can use: it is kept in the task's `extra` instead."""
        for n, raw in enumerate(rows, start=1):
            saved = _fields(raw)
            number = int(saved.get("Number", "0"))
            where = f"baseline {number} of task {task}"
            start = _datetime(saved.get("Start"), where, "Start")
            finish = _datetime(saved.get("Finish"), where, "Finish")
            if not 0 <= number <= 10 or start is None or finish is None or finish < start:
                extra[f"Baseline[{n}]"] = fragment(raw)
                self.unusable_baselines[number] = self.unusable_baselines.get(number, 0) + 1
                continue
            self.baseline_rows.setdefault(number, []).append(
                BaselineTask(
                    task=task,
                    start=start,
                    finish=finish,
                    duration=minutes(saved.get("Duration"), where),
                    work=minutes(saved.get("Work"), where),
                    cost=_money(saved.get("Cost"), where) / CENTS,
                )
            )

    def _baselines(self, project_start: dt.datetime) -> Iterator[Baseline]:
        """The baselines collected from the tasks. MSPDI does not say when a baseline was
        saved: the file's last save stands for it, else the project's start."""
        for number, count in sorted(self.unusable_baselines.items()):
            self.skipped.append(
                f"baseline {number}: {count} task(s) without a start and finish in order, kept only to be written back"
            )
        saved_at = _datetime(_text(self.root, "LastSaved") or _text(self.root, "CreationDate"), self.where, "LastSaved")
        for number, tasks in sorted(self.baseline_rows.items()):
            yield Baseline(
                key=f"{self.key}-BL{number}",
                project=self.key,
                number=number,
                saved_at=saved_at or project_start,
                tasks=tuple(tasks),
            )


def _project_extra(kept: dict[str, str]) -> dict[str, str]:
    """What is kept of the project's own elements; the standard day and week go without saying
    (the writer writes them when nothing else is kept)."""
    for name, standard in (("MinutesPerDay", "480"), ("MinutesPerWeek", "2400")):
        if kept.get(name) == standard:
            del kept[name]
    return kept


def lag_format_of(code: int) -> LagFormat:
    """What an MSPDI lag format code measures (the code also says the unit it is shown in)."""
    if code in _PERCENT_FORMATS:
        return LagFormat.PERCENT
    return LagFormat.ELAPSED if code in _ELAPSED_FORMATS else LagFormat.WORKING


def is_elapsed(code: int) -> bool:
    """Whether an MSPDI duration format code counts calendar time."""
    return code in _ELAPSED_FORMATS


def _rates(element: etree._Element, where: str) -> tuple[CostRate, ...]:
    """A resource's cost rate tables (the first entry of each table and date)."""
    found: dict[tuple[str, dt.datetime | None], CostRate] = {}
    for raw in element.findall(f"{NS}Rates/{NS}Rate"):
        rate = _fields(raw)
        number = int(rate.get("RateTable", "0"))
        since = _datetime(rate.get("RatesFrom"), where, "RatesFrom")
        if not 0 <= number < len(RATE_TABLES):
            continue
        effective = None if since is None or since <= RATES_SINCE_EVER else since
        found.setdefault(
            (RATE_TABLES[number], effective),
            CostRate(
                table=RATE_TABLES[number],
                effective_from=effective,
                standard_rate=_money(rate.get("StandardRate"), where),
                overtime_rate=_money(rate.get("OvertimeRate"), where),
                cost_per_use=_money(rate.get("CostPerUse"), where) / CENTS,
            ),
        )
    return tuple(found.values())


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


def _fields(element: etree._Element) -> dict[str, str]:
    """The texts of an element's children, by name (the first of each name)."""
    found: dict[str, str] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and child.text is not None:
            name = tag[len(NS) :] if tag.startswith(NS) else tag
            text = child.text.strip()
            if text and name not in found:
                found[name] = text
    return found


def _text(element: etree._Element | dict[str, str] | None, name: str) -> str | None:
    if element is None:
        return None
    if isinstance(element, dict):
        return element.get(name)
    found = element.find(f"{NS}{name}")
    if found is None or found.text is None or not found.text.strip():
        return None
    return str(found.text).strip()


def _datetime(text: str | None, where: str, name: str) -> dt.datetime | None:
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None, second=0, microsecond=0)
    except ValueError:
        raise ValidationError(where, name, f"{text!r} is not a date and time") from None


def _period(element: etree._Element | None, where: str) -> tuple[dt.date | None, dt.date | None]:
    first = _datetime(_text(element, "FromDate"), where, "FromDate")
    last = _datetime(_text(element, "ToDate"), where, "ToDate")
    if first is None or last is None:
        return None, None
    if last.time() == dt.time(0, 0) and last.date() > first.date():
        last -= dt.timedelta(minutes=1)  # to midnight: the day before is the last one
    return first.date(), last.date()


def _working_times(element: etree._Element) -> tuple[WorkingTime, ...]:
    found = []
    for period in element.findall(f"{NS}WorkingTimes/{NS}WorkingTime"):
        start, end = _text(period, "FromTime"), _text(period, "ToTime")
        if start is None or end is None:
            continue
        a, b = _clockminutes(start), _clockminutes(end)
        found.append(WorkingTime(a, 1440 if b == 0 else b))
    return tuple(sorted(found))


def _clockminutes(text: str) -> int:
    hours, minutes, *_ = (int(x) for x in text.split(":"))
    return hours * 60 + minutes


def minutes(text: str | None, where: str) -> int:
    """An ISO 8601 duration (as MSPDI writes them) in whole minutes."""
    if text is None:
        return 0
    match = _DURATION.fullmatch(text)
    if match is None:
        raise ValidationError(where, "Duration", f"{text!r} is not an ISO 8601 duration")
    years, months, days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    if years or months:
        raise ValidationError(where, "Duration", f"{text!r} counts years or months, which MSPDI does not")
    return max(0, round(days * 1440 + hours * 60 + minutes + seconds / 60))


def _whole_minutes(text: str | None) -> bool:
    """Whether an ISO 8601 duration is a whole number of minutes."""
    match = _DURATION.fullmatch(text or "")
    return match is None or not match.group(6) or float(match.group(6)) % 60 == 0


def _money(text: str | None, where: str) -> Decimal:
    if text is None:
        return Decimal(0)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(where, "rate", f"{text!r} is not a number") from None
    return max(value, Decimal(0))
