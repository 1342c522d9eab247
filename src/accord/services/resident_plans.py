"""Schedules kept between requests by a resident process (`accord serve`), so that rescheduling
a large project after a change to a few of its tasks costs the critical path method and the rows
that change, not loading and compiling the whole plan again.

A process that runs one command keeps none. An entry is used only while it is provably what the
database holds: the organisation's audit trail has recorded nothing since it was made but
updates of its own tasks (every change of an entity is audited, in the transaction that makes
it), and each of its projects' stored schedule is the one it wrote. Anything else — a task added
or deleted, a link, calendar, project, person or assignment changed, a schedule stored by another
process, a task moved to another parent or calendar — and the plan is compiled anew.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.domain.project import Project, Task
from accord.scheduling.calendars import HorizonExceeded
from accord.scheduling.cpm import ScheduleStatus, schedule
from accord.scheduling.plan import Plan, TaskDates, task_dates
from accord.scheduling.replan import with_task
from accord.services.scheduling import Computed, ScheduleReport, store_report, task_rows, violated_links
from accord.store.audit import AuditLog
from accord.store.repository import EntityRepository
from accord.store.schedules import ScheduleStore

TASKS_KEPT = 400_000
"""Tasks kept in all schedules together (about 5 kB each: some 2 GB); the schedule used least
recently goes first."""
_COMPARED = ("early_start", "early_finish", "late_start", "late_finish", "total_float", "free_float", "driver", "driving_link")

Key = tuple[int, str, dt.date | None]
"""An organisation, the project or program scheduled, and the status date asked for."""


@dataclass(frozen=True)
class _Entry:
    trail: tuple[int, int]
    """Where the audit trail stood: its latest event and how many events it held."""
    stamps: Mapping[str, int]
    """The stamp of each project's stored schedule, as stored here."""
    projects: Mapping[str, Project]
    index: Mapping[str, int]
    """Each task's place in the plan."""
    plan: Plan
    dates: TaskDates
    report: ScheduleReport
    row: Mapping[int, int]
    """Each reported task's place in the report, by its place in the plan."""
    members: Mapping[str, NDArray[np.int64]]
    """The places in the plan of each reported project's tasks."""


class ResidentPlans:
    def __init__(self, tasks_kept: int = TASKS_KEPT) -> None:
        self._tasks_kept = tasks_kept
        self._entries: OrderedDict[Key, _Entry] = OrderedDict()

    def reschedule(
        self,
        repository: EntityRepository,
        audit: AuditLog,
        store: ScheduleStore,
        key: str,
        status_date: dt.date | None,
        now: dt.datetime,
    ) -> ScheduleReport | None:
        """The schedule of `key`, computed from the entry kept for it and stored; None where no
        entry is kept or it no longer holds (the caller then computes it from the database)."""
        wanted = (repository.organization_id, key, status_date)
        entry = self._entries.pop(wanted, None)
        if entry is None or store.stamps(entry.projects) != entry.stamps:
            return None
        trail = _position(audit)
        changes = audit.since(entry.trail[0])
        if trail[1] - entry.trail[1] != len(changes):  # an event committed late, out of order
            return None
        changed = {k for _, _, k in changes}
        if any(action != "update" or kind != Task.kind or k not in entry.index for action, kind, k in changes):
            return None
        if not changed:  # what is stored holds: it is only computed again
            store_report(store, entry.report, now, [], _finishes(entry.plan, entry.dates, entry.members))
            self._keep(wanted, dataclasses.replace(entry, trail=trail, stamps=store.stamps(entry.projects)))
            return entry.report
        plan = entry.plan
        for stored in repository.find(Task, keys=sorted(changed)):
            task = stored.entity
            assert isinstance(task, Task)
            project = entry.projects.get(task.project)
            patched = None if project is None else with_task(plan, task, project, entry.index[task.key])
            if patched is None:
                return None
            plan = patched
        try:
            result = schedule(plan.network, plan.calendars)
        except HorizonExceeded:
            return None
        if result.status is ScheduleStatus.CYCLE:
            return None
        dates = task_dates(plan, result)
        moved = np.zeros(len(plan.tasks), dtype=bool)
        for name in _COMPARED:
            moved |= getattr(dates, name) != getattr(entry.dates, name)
        moved[[entry.index[k] for k in changed]] = True
        rewritten = [i for i in np.flatnonzero(moved).tolist() if i in entry.row]
        fresh = task_rows(plan, dates, rewritten, dict(entry.projects))
        rows = list(entry.report.tasks)
        for i, row in zip(rewritten, fresh, strict=True):
            rows[entry.row[i]] = row
        previous = entry.report
        finish = _finishes(plan, dates, entry.members)
        report = ScheduleReport(
            previous.key,
            previous.projects,
            result.status,
            max(finish.values(), default=None),
            previous.status_date,
            tuple(rows),
            violated_links=violated_links(plan, result),
        )
        store_report(store, report, now, fresh, finish)
        stamps = store.stamps(entry.projects)
        self._keep(wanted, dataclasses.replace(entry, trail=trail, stamps=stamps, plan=plan, dates=dates, report=report))
        return report

    def remember(
        self,
        repository: EntityRepository,
        audit: AuditLog,
        store: ScheduleStore,
        key: str,
        status_date: dt.date | None,
        computed: Computed,
    ) -> None:
        """Keep a schedule just computed from the database and stored."""
        if computed.result.status is ScheduleStatus.CYCLE:
            return
        plan, report = computed.plan, computed.report
        index = {t.key: i for i, t in enumerate(plan.tasks)}
        projects = {p.key: p for p in computed.projects}
        places = [index[t.key] for t in report.tasks]
        entry = _Entry(
            _position(audit),
            store.stamps(projects),
            projects,
            index,
            plan,
            task_dates(plan, computed.result),
            report,
            {i: n for n, i in enumerate(places)},
            {p: np.asarray([i for i in places if plan.tasks[i].project == p], dtype=np.int64) for p in report.projects},
        )
        self._keep((repository.organization_id, key, status_date), entry)

    def _keep(self, key: Key, entry: _Entry) -> None:
        self._entries[key] = entry
        while sum(len(e.plan.tasks) for e in self._entries.values()) > self._tasks_kept and len(self._entries) > 1:
            self._entries.popitem(last=False)


def _finishes(plan: Plan, dates: TaskDates, members: Mapping[str, NDArray[np.int64]]) -> dict[str, dt.datetime]:
    """The finish of each project, from the places in the plan of its tasks."""
    found: dict[str, dt.datetime] = {}
    for project, places in members.items():
        if len(places):
            last = int(places[np.argmax(dates.early_finish[places])])
            found[project] = plan.clocks(dates.early_finish[[last]], [last])[0]
    return found


def _position(audit: AuditLog) -> tuple[int, int]:
    return audit.last(), audit.count()

