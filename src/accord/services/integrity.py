"""Rules that span entities, checked before a change is stored.

They read through an `Index`, so the same rules run against the database (one change) and
against a whole backup in memory (an import).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from accord.domain.base import Entity, reference_fields
from accord.domain.baseline import Baseline
from accord.domain.errors import ValidationError
from accord.domain.product import Feature, Release
from accord.domain.program import Milestone
from accord.domain.project import Dependency, Project, Task


class Index(Protocol):
    def get(self, key: str) -> Entity | None: ...

    def where(self, cls: type[Entity], field: str, key: str) -> Iterable[Entity]: ...


class MemoryIndex:
    """`integrity.Index` over the entities of a document being restored."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._by_key = {e.key: e for e in entities}
        self._by_field: dict[tuple[str, str, str], list[Entity]] = defaultdict(list)
        for e in self._by_key.values():
            for field, keys in e.references().items():
                for key in keys:
                    self._by_field[(e.kind, field, key)].append(e)

    def get(self, key: str) -> Entity | None:
        return self._by_key.get(key)

    def where(self, cls: type[Entity], field: str, key: str) -> Iterable[Entity]:
        return self._by_field.get((cls.kind, field, key), ())


def check(entity: Entity, index: Index) -> None:
    """Raise ValidationError if `entity` (about to be stored) contradicts what it refers to."""
    _check_hierarchies(entity, index)
    rule = _RULES.get(type(entity))
    if rule is not None:
        rule(entity, index)


def _task(task: Task, index: Index) -> None:
    if task.parent is not None:
        parent = index.get(task.parent)
        if isinstance(parent, Task) and parent.project != task.project:
            _fail(task, "parent", f"{task.parent} belongs to project {parent.project}, not {task.project}")


def _feature(feature: Feature, index: Index) -> None:
    if feature.release is not None:
        release = index.get(feature.release)
        if isinstance(release, Release) and release.product != feature.product:
            _fail(feature, "release", f"{feature.release} is a release of {release.product}, not of {feature.product}")


def _milestone(milestone: Milestone, index: Index) -> None:
    for key in milestone.depends_on:
        task = index.get(key)
        if not isinstance(task, Task):
            continue
        if not task.milestone:
            _fail(milestone, "depends_on", f"{key} is not a milestone task")
        project = index.get(task.project)
        if isinstance(project, Project) and project.program != milestone.program:
            _fail(
                milestone, "depends_on", f"{key} belongs to {task.project}, which is not in program {milestone.program}"
            )


def _baseline(baseline: Baseline, index: Index) -> None:
    for other in index.where(Baseline, "project", baseline.project):
        if isinstance(other, Baseline) and other.key != baseline.key and other.number == baseline.number:
            _fail(
                baseline, "number", f"project {baseline.project} already has baseline {baseline.number} ({other.key})"
            )


def _dependency(link: Dependency, index: Index) -> None:
    for other in index.where(Dependency, "successor", link.successor):
        if isinstance(other, Dependency) and other.key != link.key and other.predecessor == link.predecessor:
            _fail(link, "predecessor", f"{other.key} already links {link.predecessor} to {link.successor}")


_RULES: dict[type[Entity], Callable[[Any, Index], None]] = {
    Task: _task,
    Feature: _feature,
    Milestone: _milestone,
    Baseline: _baseline,
    Dependency: _dependency,
}


def _check_hierarchies(entity: Entity, index: Index) -> None:
    """A field naming the entity's own kind (a parent, a base calendar) must not form a loop."""
    for name, reference in reference_fields(type(entity)):
        if reference.many or reference.kinds != (entity.kind,):
            continue
        chain = [entity.key]
        current: Entity | None = entity
        while current is not None:
            above = getattr(current, name)
            if above is None:
                break
            if above in chain:
                _fail(entity, name, f"{above} would make a loop ({' → '.join([*chain, above])})")
            chain.append(above)
            current = index.get(above)


def _fail(entity: Entity, field: str, reason: str) -> None:
    raise ValidationError(f"{entity.kind} {entity.key}", field, reason)
