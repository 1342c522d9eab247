"""The demo organisation: Ledger Systems, its "Ledger Cloud" product and the Nordics expansion."""

from __future__ import annotations

from accord.domain.base import Entity
from accord.domain.catalog import default_decision_types
from accord.domain.errors import DuplicateKeyError
from accord.domain.organization import Organization
from accord.services.actor import Actor
from accord.services.backup import BackupService
from accord.services.entities import Clock
from accord.services.organizations import OrganizationService

ORGANIZATION = Organization(key="LEDGER", name="Ledger Systems", time_zone="Europe/Oslo", currency="EUR")
ADMINISTRATOR = "ingrid"


def demo_entities() -> list[Entity]:
    """Every entity of the demo organisation, each after those it refers to.

    The data modules are imported here, not at start-up: building them loads holiday calendars.
    """
    from accord.services.demo import governance, people, portfolio, projects

    return [
        *default_decision_types(),
        *people.TITLES,
        people.ADMINISTRATOR,
        *people.ALL[len(people.TITLES) :],
        *portfolio.ALL,
        *projects.entities(),
        *portfolio.LATE,
        *governance.ALL,
    ]


class DemoService:
    def __init__(self, organizations: OrganizationService, backup: BackupService, clock: Clock) -> None:
        self._organizations = organizations
        self._backup = backup
        self._clock = clock

    def actor(self) -> Actor:
        """The demo organisation's administrator."""
        return self._organizations.administrator(ORGANIZATION.key)

    def exists(self) -> bool:
        return any(o.key == ORGANIZATION.key for o in self._organizations.all())

    def load(self, *, reset: bool = False) -> bool:
        """Load the demo organisation; False when it was there already and `reset` was not asked.

        With `reset`, an existing demo organisation is replaced (in one transaction per step).
        """
        if self.exists():
            if not reset:
                return False
            self._organizations.remove(ORGANIZATION.key)
        entities = demo_entities()
        events = self._organizations.creation_events(ADMINISTRATOR, entities)
        try:
            self._backup.write(ORGANIZATION, entities, [1] * len(entities), events)
        except DuplicateKeyError:
            return False  # loaded meanwhile by someone else
        return True
