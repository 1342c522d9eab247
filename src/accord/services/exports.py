"""Handing plans to other tools: a project as MS Project XML, a schedule as an Excel workbook,
milestones and releases as an iCalendar file."""

from __future__ import annotations

from accord.domain.baseline import Baseline
from accord.domain.calendar import Calendar
from accord.domain.errors import NotFoundError
from accord.domain.product import Feature, Product, Release
from accord.domain.program import Milestone
from accord.domain.project import Dependency, Project, Task
from accord.domain.resources import Assignment, Resource
from accord.interchange import csv_table, mspdi_writer
from accord.scheduling.cpm import ScheduleStatus
from accord.services.actor import Actor, authorized
from accord.services.entities import Clock, utc_now
from accord.services.scheduling import compute_projects, compute_schedulable
from accord.services.unit_of_work import UnitOfWorkFactory


class ExportService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock = utc_now) -> None:
        self._uow = unit_of_work
        self._clock = clock

    def csv(self, actor: Actor, key: str) -> str:
        """A project's tasks (with their finish-to-start predecessors) or a product's features,
        as CSV."""
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            kind = repository.kind_of(key)
            if kind == "project":
                tasks = [t for t in repository.every(Task) if t.project == key]
                own = {t.key for t in tasks}
                links = [d for d in repository.every(Dependency) if d.successor in own and d.predecessor in own]
                return csv_table.write(Task, tasks, links)
            if kind == "product":
                return csv_table.write(Feature, [f for f in repository.every(Feature) if f.product == key])
            raise NotFoundError(f"no project or product has the key {key!r}", key=key)

    def workbook(self, actor: Actor, key: str) -> bytes:
        """The schedule of a project or a program (as `accord schedule` computes it) as Excel."""
        from accord.interchange import excel  # openpyxl: loaded when first needed

        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            computed = compute_schedulable(repository, key)
        return excel.workbook(computed.report)

    def calendar(self, actor: Actor, key: str | None = None) -> bytes:
        """Project milestones (as scheduled), product releases and program milestones as
        iCalendar events: the whole organisation's, or those of one project, program or product
        (a program's include its projects')."""
        from accord.interchange import icalendar_export  # loaded when first needed

        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            kind = None if key is None else repository.kind_of(key)
            if key is not None and kind not in ("project", "program", "product"):
                raise NotFoundError(f"no project, program or product has the key {key!r}", key=key)
            projects = repository.every(Project)
            if kind == "project":
                projects = [p for p in projects if p.key == key]
            elif kind == "program":
                projects = [p for p in projects if p.program == key]
            elif kind == "product":
                projects = []
            events: list[icalendar_export.Event] = []
            if projects:  # scheduled together: one load, one pass
                computed = compute_projects(repository, key or actor.organization, [p.key for p in projects])
                if computed.result.status is not ScheduleStatus.CYCLE:  # `accord schedule` names a cycle
                    names = {p.key: p.name for p in projects}
                    marks = {t.key for t in computed.tasks if t.milestone and t.project in names}
                    events += [
                        icalendar_export.Event(
                            t.key, f"{t.name} ({names[t.project]})", t.early_finish.date(), "Project milestone"
                        )
                        for t in computed.report.tasks
                        if t.key in marks
                    ]
            if kind in (None, "product"):
                products = {p.key: p.name for p in repository.every(Product)}
                events += [
                    icalendar_export.Event(
                        r.key,
                        f"{products.get(r.product, r.product)} {r.version}",
                        r.released_on or r.planned_date,
                        "Release",
                    )
                    for r in repository.every(Release)
                    if key is None or r.product == key
                ]
            if kind in (None, "program"):
                events += [
                    icalendar_export.Event(m.key, m.name, m.date, "Program milestone")
                    for m in repository.every(Milestone)
                    if key is None or m.program == key
                ]
            return icalendar_export.document(actor.organization, events, self._clock())

    def mspdi(self, actor: Actor, key: str) -> bytes:
        """The project as MS Project XML: its calendars (and their bases), tasks with their
        computed dates, links between its tasks, the resources assigned, the assignments and
        the baselines."""
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            if repository.kind_of(key) != Project.kind:
                raise NotFoundError(f"no project has the key {key!r}", key=key)
            project = repository.get(Project, key).entity
            assert isinstance(project, Project)
            tasks = [t for t in repository.every(Task) if t.project == key]
            own = {t.key for t in tasks}
            links = [d for d in repository.every(Dependency) if d.predecessor in own and d.successor in own]
            assignments = [a for a in repository.every(Assignment) if a.task in own]
            people = {a.resource for a in assignments}
            resources = [r for r in repository.every(Resource) if r.key in people]
            calendars = _with_bases(
                repository.every(Calendar),
                {project.calendar, *(t.calendar for t in tasks), *(r.calendar for r in resources)},
            )
            baselines = [
                b.entity for b in repository.find(Baseline, where={"project": key}) if isinstance(b.entity, Baseline)
            ]
            computed = compute_schedulable(repository, key)
        dates = {t.key: mspdi_writer.Scheduled(t.early_start, t.early_finish) for t in computed.report.tasks}
        return mspdi_writer.write(project, calendars, tasks, links, resources, assignments, dates, baselines)


def _with_bases(calendars: list[Calendar], wanted: set[str | None]) -> list[Calendar]:
    """The calendars named and those they inherit from, bases first."""
    by_key = {c.key: c for c in calendars}
    found: list[Calendar] = []
    for key in sorted(k for k in wanted if k):
        chain = []
        current = by_key.get(key)
        while current is not None and current not in found and current not in chain:
            chain.append(current)
            current = by_key.get(current.base) if current.base else None
        found += reversed(chain)
    return found
