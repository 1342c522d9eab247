"""Handing plans to other tools: a project as an MS Project XML file."""

from __future__ import annotations

from accord.domain.calendar import Calendar
from accord.domain.errors import NotFoundError, ValidationError
from accord.domain.project import Dependency, Project, Task
from accord.domain.resources import Assignment, Resource
from accord.interchange import mspdi
from accord.scheduling.cpm import ScheduleStatus
from accord.services.actor import Actor, authorized
from accord.services.scheduling import compute
from accord.services.unit_of_work import UnitOfWorkFactory


class ExportService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def mspdi(self, actor: Actor, key: str) -> bytes:
        """The project as MS Project XML: its calendars (and their bases), tasks with their
        computed dates, links between its tasks, the resources assigned and the assignments."""
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
            computed = compute(repository, key)
        if computed.result.status is ScheduleStatus.CYCLE:
            raise ValidationError(key, "links", f"form a cycle: {' → '.join(computed.report.cycle)}")
        dates = {t.key: mspdi.Scheduled(t.early_start, t.early_finish) for t in computed.report.tasks}
        return mspdi.write(project, calendars, tasks, links, resources, assignments, dates)


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
