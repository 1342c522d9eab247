"""Creating and removing organisations, the tenants of Accord."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from accord.domain.base import Entity
from accord.domain.catalog import default_decision_types
from accord.domain.codec import encode
from accord.domain.errors import NotFoundError
from accord.domain.organization import Organization
from accord.domain.people import Person
from accord.services.actor import Actor
from accord.services.entities import Clock, utc_now
from accord.services.unit_of_work import UnitOfWorkFactory
from accord.store.audit import AuditEvent
from accord.store.repository import EntityRepository


class OrganizationService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock = utc_now) -> None:
        self._uow = unit_of_work
        self._clock = clock

    def all(self) -> list[Organization]:
        with self._uow(write=False) as uow:
            return uow.organizations.all()

    def create(self, organization: Organization, administrator: Person) -> Actor:
        """Create an organisation with its first administrator and the default decision catalog.

        Returns the administrator as the actor for what follows.
        """
        administrator = dataclasses.replace(administrator, administrator=True)
        with self._uow(write=True) as uow:
            uow.organizations.add(organization)
            repository, audit = uow.scoped(organization.key)
            created = [administrator, *default_decision_types()]
            repository.add_many(created)
            audit.record(self.creation_events(administrator.key, created))
            uow.commit()
        return Actor(organization.key, administrator.key)

    def remove(self, key: str) -> None:
        """Delete an organisation and everything in it."""
        with self._uow(write=True) as uow:
            uow.organizations.remove(key)
            uow.commit()

    def administrator(self, key: str) -> Actor:
        """The organisation's first administrator, who acts when no person is named."""
        with self._uow(write=False) as uow:
            repository, _ = uow.scoped(key)
            return Actor(key, first_administrator(repository, key))

    def creation_events(self, actor: str, created: Sequence[Entity]) -> list[AuditEvent]:
        at = self._clock()
        return [AuditEvent(at, actor, "create", e.kind, e.key, 1, None, encode(e)) for e in created]


def first_administrator(repository: EntityRepository, organization: str) -> str:
    for stored in repository.find(Person):
        if isinstance(stored.entity, Person) and stored.entity.administrator:
            return stored.entity.key
    raise NotFoundError(
        f"organization {organization!r} has no administrator; name a person to act as", key=organization
    )
