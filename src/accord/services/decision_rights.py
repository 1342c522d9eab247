"""Who decides what: decision rights resolved for a product, project, program or organisation."""

from __future__ import annotations

from collections import defaultdict

from accord.alignment.decision_rights import Answer, Context, RoleRights, compare_roles, resolve
from accord.domain.errors import NotFoundError, ValidationError
from accord.domain.people import Person
from accord.domain.project import Project
from accord.domain.roles import DecisionLevel, DecisionType, RaciOverride, Role, RoleAssignment, Title
from accord.services.actor import Actor, authorized
from accord.services.unit_of_work import UnitOfWorkFactory
from accord.store.repository import EntityRepository

LEVEL_OF_KIND = {"product": DecisionLevel.PRODUCT, "project": DecisionLevel.PROJECT, "program": DecisionLevel.PROGRAM}


class DecisionRightsService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def who_decides(self, actor: Actor, decision_type: str, entity: str | None = None) -> Answer:
        """The RACI in force for one decision on one entity (none for organisation decisions).

        Raises ValidationError when the decision is not taken at the entity's level.
        """
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            found = repository.get(DecisionType, decision_type).entity
            assert isinstance(found, DecisionType)
            target = _target(repository, found, entity, actor.organization)
            return resolve(found, target, _context(repository))

    def matrix(self, actor: Actor, entity: str) -> list[Answer]:
        """Every decision type of the entity's level, resolved for it."""
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            kind = repository.kind_of(entity)
            if kind is None:
                raise NotFoundError(f"nothing has the key {entity!r}", key=entity)
            level = LEVEL_OF_KIND.get(kind)
            if level is None:
                raise ValidationError(
                    "raci", "entity", f"{entity} is a {kind.replace('_', ' ')}; give a product, project or program"
                )
            context = _context(repository)
            types = [
                s.entity
                for s in repository.find(DecisionType)
                if isinstance(s.entity, DecisionType) and s.entity.level is level
            ]
            return [resolve(t, entity, context) for t in types]

    def compare_roles(
        self, actor: Actor, roles: list[Role] | None = None
    ) -> tuple[list[RoleRights], list[tuple[Role, Role, tuple[str, ...]]]]:
        """How canonical roles' decision rights align and diverge in the organisation, with the
        organisation's titles for each."""
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            types = repository.every(DecisionType)
            overrides = repository.every(RaciOverride)
            titles: dict[Role, list[str]] = defaultdict(list)
            for stored in repository.find(Title):
                if isinstance(stored.entity, Title):
                    titles[stored.entity.role].append(stored.entity.name)
            return compare_roles(types, overrides, titles, roles or list(Role))


def _target(repository: EntityRepository, decision_type: DecisionType, entity: str | None, organization: str) -> str:
    if decision_type.level is DecisionLevel.ORGANIZATION:
        if entity not in (None, organization):
            raise ValidationError(decision_type.key, "entity", "is decided for the whole organization; give no entity")
        return organization
    if entity is None:
        raise ValidationError(decision_type.key, "entity", f"is decided on a {decision_type.level.value}; give its key")
    kind = repository.kind_of(entity)
    if kind is None:
        raise NotFoundError(f"nothing has the key {entity!r}", key=entity)
    if LEVEL_OF_KIND.get(kind) is not decision_type.level:
        raise ValidationError(
            decision_type.key,
            "entity",
            f"is decided on a {decision_type.level.value}; {entity} is a {kind.replace('_', ' ')}",
        )
    return entity


def _context(repository: EntityRepository) -> Context:
    holders = repository.every(RoleAssignment)
    overrides = repository.every(RaciOverride)
    parents = {
        s.entity.key: s.entity.program
        for s in repository.find(Project)
        if isinstance(s.entity, Project) and s.entity.program
    }
    titles = {s.entity.key: s.entity.role for s in repository.find(Title) if isinstance(s.entity, Title)}
    titled: dict[Role, list[str]] = defaultdict(list)
    for stored in repository.find(Person):
        person = stored.entity
        if isinstance(person, Person) and person.title in titles:
            titled[titles[person.title]].append(person.key)
    return Context(holders, overrides, {k: v for k, v in parents.items() if v is not None}, titled)
