"""MS Project XML (MSPDI) export: a project with its calendars, WBS, computed dates, links,
constraints, progress, resources with their cost rate tables, assignments and baselines, as MS
Project (and `mspdi.read`) open it. What an imported file said that Accord does not model (the
entities' `extra`) is written back in its place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from accord.domain.baseline import Baseline, BaselineTask
from accord.domain.calendar import STANDARD_WEEK, Calendar, CalendarException, Weekday, WorkingTime
from accord.domain.project import Dependency, LagFormat, Project, Task
from accord.domain.resources import RATE_TABLES, Assignment, Resource
from accord.interchange.mspdi_extra import NS, numbers, restore
from accord.interchange.mspdi_format import (
    CENTS,
    CONSTRAINTS,
    DAYS,
    LINK_TYPES,
    RATES_SINCE_EVER,
    RESOURCE_KINDS,
    is_elapsed,
    lag_format_of,
    minutes,
)

_LINK_CODES = {kind: code for code, kind in LINK_TYPES.items()}
_CONSTRAINT_CODES = {kind: code for code, kind in CONSTRAINTS.items()}
_DAY_CODES = {day: code for code, day in DAYS.items()}
_RESOURCE_CODES = {kind: code for code, kind in RESOURCE_KINDS.items()}
_LAG_FORMAT_CODES = {LagFormat.WORKING: 7, LagFormat.ELAPSED: 8, LagFormat.PERCENT: 19}
RATES_UNTIL_EVER = dt.datetime(2049, 12, 31, 23, 59)
"""MS Project's last date: the end of a cost rate table's last entry."""
PER_HOUR = "2"
"""The rate format of rates per hour (Accord's), where nothing else was kept."""
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
    baselines: Sequence[Baseline] = (),
) -> bytes:
    """An MSPDI document of the project, which MS Project (and `read`) open. Calendars are
    written with their own weekdays and exceptions, and their region's public holidays for ten
    years from the project's start as exceptions; tasks in WBS order with their computed dates
    where `dates` gives them."""
    root = etree.Element(f"{NS}Project", nsmap={None: NS[1:-1]})  # type: ignore[dict-item]
    start = dt.datetime.combine(project.start, project.start_time or dt.time(8))
    calendar_uid = numbers(calendars)
    _add(root, "Name", project.name)
    _add(root, "Title", project.name)
    _add(root, "ScheduleFromStart", "1")
    _add(root, "StartDate", start.isoformat())
    if project.status_date is not None:
        _add(root, "StatusDate", dt.datetime.combine(project.status_date, dt.time(17)).isoformat())
    _add(root, "CurrencyCode", project.currency)
    _add(root, "CalendarUID", str(calendar_uid.get(project.calendar or "", -1)))
    for name, default in (("MinutesPerDay", "480"), ("MinutesPerWeek", "2400")):
        if name not in project.extra:
            _add(root, name, default)
    years = range(project.start.year, project.start.year + HOLIDAY_YEARS)
    element = etree.SubElement(root, f"{NS}Calendars")
    for calendar in calendars:
        _write_calendar(element, calendar, calendar_uid, years)
    order = _wbs_order(tasks)
    task_uid, task_id = numbers(order), numbers(order, "ID")
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

    saved: dict[str, list[tuple[int, BaselineTask]]] = {}
    for baseline in sorted(baselines, key=lambda b: b.number):
        for entry in baseline.tasks:
            saved.setdefault(entry.task, []).append((baseline.number, entry))
    for task in order:
        _write_task(
            element,
            task,
            depth(task),
            task_uid,
            task_id[task.key],
            calendar_uid,
            task.key in parents,
            into.get(task.key, ()),
            dates or {},
            saved.get(task.key, ()),
        )
    element = etree.SubElement(root, f"{NS}Resources")
    resource_uid, resource_id = numbers(resources), numbers(resources, "ID")
    for resource in resources:
        _write_resource(element, resource, (resource_uid[resource.key], resource_id[resource.key]), calendar_uid)
    element = etree.SubElement(root, f"{NS}Assignments")
    written = [a for a in assignments if a.task in task_uid and a.resource in resource_uid]
    assignment_uid = numbers(written, lowest=0)  # MS Project numbers assignments from 0
    for assignment in written:
        _write_assignment(
            element,
            assignment,
            assignment_uid[assignment.key],
            task_uid[assignment.task],
            resource_uid[assignment.resource],
        )
    restore(root, "Project", project.extra)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True, pretty_print=True)
    return result


def _write_resource(
    parent: etree._Element, resource: Resource, uid_and_id: tuple[int, int], calendar_uid: Mapping[str, int]
) -> None:
    row = etree.SubElement(parent, f"{NS}Resource")
    for name, value in (
        ("UID", uid_and_id[0]),
        ("ID", uid_and_id[1]),
        ("Name", resource.name),
        ("Type", _RESOURCE_CODES[resource.resource_kind]),
        ("MaxUnits", _number(resource.max_units)),
        ("StandardRate", resource.standard_rate),
        ("OvertimeRate", resource.overtime_rate),
        ("CostPerUse", _cents(resource.cost_per_use)),
        ("CalendarUID", calendar_uid.get(resource.calendar or "", -1)),
    ):
        _add(row, name, str(value))
    for name in ("StandardRateFormat", "OvertimeRateFormat"):
        _add(row, name, resource.extra.get(name, PER_HOUR))  # how the file showed its rates, else per hour
    if resource.material_label is not None:
        _add(row, "MaterialLabel", resource.material_label)
    if resource.rates:
        rates = etree.SubElement(row, f"{NS}Rates")
        table_a = [] if any(r.table == "A" for r in resource.rates) else [resource.rate("A")]  # its own rates
        ordered = sorted([*table_a, *resource.rates], key=lambda r: (r.table, r.effective_from or RATES_SINCE_EVER))
        for rate, following in zip(ordered, [*ordered[1:], None], strict=True):
            entry = etree.SubElement(rates, f"{NS}Rate")
            since = rate.effective_from or RATES_SINCE_EVER
            until = RATES_UNTIL_EVER
            if following is not None and following.table == rate.table and following.effective_from is not None:
                until = following.effective_from - dt.timedelta(minutes=1)
            _add(entry, "RatesFrom", since.isoformat())
            _add(entry, "RatesTo", until.isoformat())
            _add(entry, "RateTable", str(RATE_TABLES.index(rate.table)))
            _add(entry, "StandardRate", str(rate.standard_rate))
            _add(entry, "StandardRateFormat", PER_HOUR)
            _add(entry, "OvertimeRate", str(rate.overtime_rate))
            _add(entry, "OvertimeRateFormat", PER_HOUR)
            _add(entry, "CostPerUse", _cents(rate.cost_per_use))
    restore(row, "Resource", resource.extra)


def _write_assignment(parent: etree._Element, assignment: Assignment, uid: int, task: int, resource: int) -> None:
    row = etree.SubElement(parent, f"{NS}Assignment")
    _add(row, "UID", str(uid))
    _add(row, "TaskUID", str(task))
    _add(row, "ResourceUID", str(resource))
    _add(row, "Units", _number(assignment.units))
    if assignment.work is not None:
        _add(row, "Work", _duration(assignment.work))
    _add(row, "CostRateTable", str(RATE_TABLES.index(assignment.rate_table)))
    restore(row, "Assignment", assignment.extra)


def _write_calendar(parent: etree._Element, calendar: Calendar, uid: Mapping[str, int], years: range) -> None:
    element = etree.SubElement(parent, f"{NS}Calendar")
    _add(element, "UID", str(uid[calendar.key]))
    _add(element, "Name", calendar.name)
    is_base = calendar.base is None or calendar.base not in uid
    _add(element, "IsBaseCalendar", "1" if is_base else "0")
    _add(
        element,
        "BaseCalendarUID",
        str(uid[calendar.base]) if calendar.base is not None and calendar.base in uid else "-1",
    )
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
    restore(element, "Calendar", calendar.extra)


def _write_task(
    parent: etree._Element,
    task: Task,
    depth: int,
    uid: Mapping[str, int],
    number: int,
    calendar_uid: Mapping[str, int],
    summary: bool,
    links: Sequence[Dependency],
    dates: Mapping[str, Scheduled],
    baselines: Sequence[tuple[int, BaselineTask]],
) -> None:
    row = etree.SubElement(parent, f"{NS}Task")
    extra = task.extra
    shown_as = extra.get("DurationFormat", "")  # a display unit kept from the file, if it still fits
    duration_format = (
        int(shown_as)
        if shown_as.isdigit() and is_elapsed(int(shown_as)) == task.elapsed
        else (8 if task.elapsed else 7)
    )
    constraint, constraint_date = (
        str(_CONSTRAINT_CODES[task.constraint]),
        task.constraint_date and task.constraint_date.isoformat(),
    )
    if extra.get("Manual") == "1" and "ConstraintType" in extra:  # a manual task's own constraint, kept on import
        constraint, constraint_date = extra["ConstraintType"], extra.get("ConstraintDate") or None
    values: list[tuple[str, object]] = [
        ("UID", uid[task.key]),
        ("ID", number),
        ("Name", task.name),
        ("OutlineLevel", depth),
        ("Priority", task.priority),
        ("Duration", _duration_of(task)),
        ("DurationFormat", duration_format),
        ("Milestone", int(task.milestone)),
        ("Summary", int(summary)),
        ("ConstraintType", constraint),
        ("CalendarUID", calendar_uid.get(task.calendar or "", -1)),
        ("PercentComplete", task.percent_complete),
    ]
    if task.fixed_cost:
        values.append(("FixedCost", _cents(task.fixed_cost)))
    if task.levelling_delay:  # in working time, shown in days
        values += [("LevelingDelay", task.levelling_delay * 10), ("LevelingDelayFormat", 7)]
    scheduled = dates.get(task.key)
    if scheduled is not None:
        values += [("Start", scheduled.start.isoformat()), ("Finish", scheduled.finish.isoformat())]
    for name, when in (
        ("Deadline", task.deadline),
        ("ActualStart", task.actual_start),
        ("ActualFinish", task.actual_finish),
    ):
        if when is not None:
            values.append((name, when.isoformat()))
    if constraint_date:
        values.append(("ConstraintDate", constraint_date))
    if task.notes:
        values.append(("Notes", task.notes))
    for name, value in values:
        _add(row, name, str(value))
    for link in links:
        element = etree.SubElement(row, f"{NS}PredecessorLink")
        _add(element, "PredecessorUID", str(uid[link.predecessor]))
        _add(element, "Type", str(_LINK_CODES[link.type]))
        _add(element, "LinkLag", str(link.lag * 10))
        shown_in = link.extra.get("LagFormat", "")
        fits = shown_in.isdigit() and lag_format_of(int(shown_in)) is link.lag_format
        _add(element, "LagFormat", shown_in if fits else str(_LAG_FORMAT_CODES[link.lag_format]))
        restore(element, "PredecessorLink", link.extra)
    for number, saved in baselines:
        element = etree.SubElement(row, f"{NS}Baseline")
        _add(element, "Number", str(number))
        _add(element, "Start", saved.start.isoformat())
        _add(element, "Finish", saved.finish.isoformat())
        _add(element, "Duration", _duration(saved.duration))
        _add(element, "DurationFormat", str(duration_format))
        _add(element, "Work", _duration(saved.work))
        _add(element, "Cost", _cents(saved.cost))
    restore(row, "Task", extra)


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


def _duration_of(task: Task) -> str:
    """A task's duration; to the second where the file it came from said so, and it still holds."""
    kept = task.extra.get("Duration")
    if kept and minutes(kept, task.key) == task.duration:
        return kept
    return _duration(task.duration)


def _cents(amount: Decimal) -> str:
    """An amount in hundredths of the currency, as MSPDI writes costs."""
    return f"{(amount * CENTS).normalize():f}"


def _number(value: float) -> str:
    return f"{value:g}"
