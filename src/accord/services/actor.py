"""Who is acting: every use case runs on behalf of a person of one organisation."""

from __future__ import annotations

from dataclasses import dataclass

from accord.domain.errors import PermissionDeniedError
from accord.domain.people import Person
from accord.store.audit import AuditLog
from accord.store.repository import EntityRepository
from accord.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Actor:
    organization: str
    person: str


def authorized(uow: UnitOfWork, actor: Actor) -> tuple[EntityRepository, AuditLog]:
    """The actor's organisation's repository and audit log; refused unless the actor is a
    person of that organisation."""
    repository, audit = uow.scoped(actor.organization)
    if repository.kind_of(actor.person) != Person.kind:
        raise PermissionDeniedError(
            f"{actor.person!r} is not a person of organization {actor.organization!r}",
            person=actor.person,
            organization=actor.organization,
        )
    return repository, audit
