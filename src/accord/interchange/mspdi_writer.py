"""MS Project XML (MSPDI) export: a project with its calendars, WBS, computed dates, links,
constraints, progress, resources and assignments, as MS Project (and `mspdi.read`) open it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from accord.domain.calendar import STANDARD_WEEK, Calendar, CalendarException, Weekday, WorkingTime
from accord.domain.project import Dependency, LagFormat, Project, Task
from accord.domain.resources import Assignment, Resource
from accord.interchange.mspdi import CONSTRAINTS, DAYS, LINK_TYPES, NS, RESOURCE_KINDS

_LINK_CODES = {kind: code for code, kind in LINK_TYPES.items()}
_CONSTRAINT_CODES = {kind: code for code, kind in CONSTRAINTS.items()}
_DAY_CODES = {day: code for code, day in DAYS.items()}
_RESOURCE_CODES = {kind: code for code, kind in RESOURCE_KINDS.items()}
HOLIDAY_YEARS = 10
"""Years of a calendar's public holidays written out as exceptions, from the project's start."""


@dataclass(frozen=True)
class Scheduled:
    """A task's computed dates, written as MS Project's Start and Finish."""

    start: dt.datetime
    finish: dt.datetime


def write(
    project: Project,
    calendars: Sequence[Calendar],
    tasks: Sequence[Task],
    links: Sequence[Dependency],
    resources: Sequence[Resource] = (),
    assignments: Sequence[Assignment] = (),
    dates: Mapping[str, Scheduled] | None = None,
) -> bytes:
    """An MSPDI document of the project, which MS Project (and `read`) open. Calendars are
    written with their own weekdays and exceptions, and their region's public holidays for ten
    years from the project's start as exceptions; tasks in WBS order with their computed dates
    where `dates` gives them."""
    root = etree.Element(f"{NS}Project", nsmap={None: NS[1:-1]})  # type: ignore[dict-item]
    start = dt.datetime.combine(project.start, project.start_time or dt.time(8))
    calendar_uid = {c.key: i for i, c in enumerate(calendars, start=1)}
    _add(root, "Name", project.name)
    _add(root, "Title", project.name)
    _add(root, "ScheduleFromStart", "1")
    _add(root, "StartDate", start.isoformat())
    if project.status_date is not None:
        _add(root, "StatusDate", dt.datetime.combine(project.status_date, dt.time(17)).isoformat())
    _add(root, "CurrencyCode", project.currency)
    _add(root, "CalendarUID", str(calendar_uid.get(project.calendar or "", -1)))
    _add(root, "MinutesPerDay", "480")
    _add(root, "MinutesPerWeek", "2400")
    years = range(project.start.year, project.start.year + HOLIDAY_YEARS)
    element = etree.SubElement(root, f"{NS}Calendars")
    for calendar in calendars:
        _write_calendar(element, calendar, calendar_uid, years)
    order = _wbs_order(tasks)
    task_uid = {t.key: i for i, t in enumerate(order, start=1)}
    parents = {t.parent for t in tasks if t.parent}
    element = etree.SubElement(root, f"{NS}Tasks")
    into: dict[str, list[Dependency]] = {}
    for link in links:
        if link.predecessor in task_uid and link.successor in task_uid:
            into.setdefault(link.successor, []).append(link)
    parent_of = {t.key: t.parent for t in tasks}

    def depth(task: Task) -> int:
        level, above = 1, task.parent
        while above is not None and above in parent_of and level <= len(tasks):
            level, above = level + 1, parent_of[above]
        return level

    for task in order:
        _write_task(
            element, task, depth(task), task_uid, calendar_uid, task.key in parents, into.get(task.key, ()), dates or {}
        )
    element = etree.SubElement(root, f"{NS}Resources")
    resource_uid = {r.key: i for i, r in enumerate(resources, start=1)}
    for resource in resources:
        row = etree.SubElement(element, f"{NS}Resource")
        for name, value in (
            ("UID", resource_uid[resource.key]),
            ("ID", resource_uid[resource.key]),
            ("Name", resource.name),
            ("Type", _RESOURCE_CODES[resource.resource_kind]),
            ("MaxUnits", _number(resource.max_units)),
            ("StandardRate", resource.standard_rate),
            ("OvertimeRate", resource.overtime_rate),
            ("CostPerUse", resource.cost_per_use),
            ("CalendarUID", calendar_uid.get(resource.calendar or "", -1)),
        ):
            _add(row, name, str(value))
    element = etree.SubElement(root, f"{NS}Assignments")
    for n, assignment in enumerate(assignments, start=1):
        if assignment.task not in task_uid or assignment.resource not in resource_uid:
            continue
        row = etree.SubElement(element, f"{NS}Assignment")
        _add(row, "UID", str(n))
        _add(row, "TaskUID", str(task_uid[assignment.task]))
        _add(row, "ResourceUID", str(resource_uid[assignment.resource]))
        _add(row, "Units", _number(assignment.units))
        if assignment.work is not None:
            _add(row, "Work", _duration(assignment.work))
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True, pretty_print=True)
    return result


def _write_calendar(parent: etree._Element, calendar: Calendar, uid: Mapping[str, int], years: range) -> None:
    element = etree.SubElement(parent, f"{NS}Calendar")
    _add(element, "UID", str(uid[calendar.key]))
    _add(element, "Name", calendar.name)
    is_base = calendar.base is None or calendar.base not in uid
    _add(element, "IsBaseCalendar", "1" if is_base else "0")
    _add(element, "BaseCalendarUID", str(uid[calendar.base]) if calendar.base is not None and calendar.base in uid else "-1")
    week = etree.SubElement(element, f"{NS}WeekDays")
    days = {day: calendar.week.get(day, STANDARD_WEEK[day]) for day in Weekday} if is_base else dict(calendar.week)
    for day, times in days.items():
        row = etree.SubElement(week, f"{NS}WeekDay")
        _add(row, "DayType", str(_DAY_CODES[day]))
        _working(row, times)
    exceptions = [*calendar.exceptions]
    exceptions += [
        CalendarException(name=name, start=day, finish=day) for day, name in calendar.holidays(years).items()
    ]
    if exceptions:
        element_exceptions = etree.SubElement(element, f"{NS}Exceptions")
        for exception in exceptions:
            row = etree.SubElement(element_exceptions, f"{NS}Exception")
            period = etree.SubElement(row, f"{NS}TimePeriod")
            _add(period, "FromDate", dt.datetime.combine(exception.start, dt.time()).isoformat())
            _add(period, "ToDate", dt.datetime.combine(exception.finish, dt.time(23, 59)).isoformat())
            _add(row, "Occurrences", "1")
            _add(row, "Name", exception.name)
            _add(row, "Type", "1")
            _working(row, exception.working_times)


def _write_task(
    parent: etree._Element,
    task: Task,
    depth: int,
    uid: Mapping[str, int],
    calendar_uid: Mapping[str, int],
    summary: bool,
    links: Sequence[Dependency],
    dates: Mapping[str, Scheduled],
) -> None:
    row = etree.SubElement(parent, f"{NS}Task")
    values: list[tuple[str, object]] = [
        ("UID", uid[task.key]),
        ("ID", uid[task.key]),
        ("Name", task.name),
        ("OutlineLevel", depth),
        ("Priority", task.priority),
        ("Duration", _duration(task.duration)),
        ("DurationFormat", 8 if task.elapsed else 7),
        ("Milestone", int(task.milestone)),
        ("Summary", int(summary)),
        ("ConstraintType", _CONSTRAINT_CODES[task.constraint]),
        ("CalendarUID", calendar_uid.get(task.calendar or "", -1)),
        ("PercentComplete", task.percent_complete),
    ]
    scheduled = dates.get(task.key)
    if scheduled is not None:
        values += [("Start", scheduled.start.isoformat()), ("Finish", scheduled.finish.isoformat())]
    for name, when in (
        ("ConstraintDate", task.constraint_date),
        ("Deadline", task.deadline),
        ("ActualStart", task.actual_start),
        ("ActualFinish", task.actual_finish),
    ):
        if when is not None:
            values.append((name, when.isoformat()))
    for name, value in values:
        _add(row, name, str(value))
    for link in links:
        element = etree.SubElement(row, f"{NS}PredecessorLink")
        _add(element, "PredecessorUID", str(uid[link.predecessor]))
        _add(element, "Type", str(_LINK_CODES[link.type]))
        _add(element, "LinkLag", str(link.lag * 10))
        _add(element, "LagFormat", {LagFormat.WORKING: "7", LagFormat.ELAPSED: "8", LagFormat.PERCENT: "19"}[link.lag_format])


def _wbs_order(tasks: Sequence[Task]) -> list[Task]:
    """Tasks in outline order: each summary followed by its children, by position."""
    children: dict[str | None, list[Task]] = {}
    keys = {t.key for t in tasks}
    for task in tasks:
        children.setdefault(task.parent if task.parent in keys else None, []).append(task)
    ordered: list[Task] = []
    pending = sorted(children.get(None, []), key=lambda t: t.position, reverse=True)
    while pending:
        task = pending.pop()
        ordered.append(task)
        pending += sorted(children.get(task.key, []), key=lambda t: t.position, reverse=True)
    return ordered


def _working(row: etree._Element, times: Sequence[WorkingTime]) -> None:
    _add(row, "DayWorking", "1" if times else "0")
    if times:
        element = etree.SubElement(row, f"{NS}WorkingTimes")
        for time in times:
            period = etree.SubElement(element, f"{NS}WorkingTime")
            _add(period, "FromTime", f"{time.start // 60:02d}:{time.start % 60:02d}:00")
            end = time.end % 1440
            _add(period, "ToTime", f"{end // 60:02d}:{end % 60:02d}:00")


def _add(parent: etree._Element, name: str, text: str) -> None:
    etree.SubElement(parent, f"{NS}{name}").text = text


def _duration(minutes: int) -> str:
    return f"PT{minutes // 60}H{minutes % 60}M0S"


def _number(value: float) -> str:
    return f"{value:g}"
