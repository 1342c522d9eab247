"""The composition root: settings → database → unit of work → services.

Nothing in Accord opens a database or reads settings at import time; every entry point calls
`bootstrap()` and uses the services it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from sqlalchemy import Engine

from accord.domain.errors import NotFoundError, ValidationError
from accord.services.actor import Actor
from accord.services.backup import BackupService
from accord.services.baselines import BaselineService
from accord.services.decision_rights import DecisionRightsService
from accord.services.demo import DemoService
from accord.services.earned_value import EarnedValueService
from accord.services.entities import Clock, EntityService, utc_now
from accord.services.exports import ExportService
from accord.services.findings import FindingsService
from accord.services.imports import ImportService
from accord.services.levelling import LevellingService
from accord.services.organizations import OrganizationService
from accord.services.overview import OverviewService
from accord.services.resident_plans import ResidentPlans
from accord.services.risk import RiskService
from accord.services.scheduling import SchedulingService
from accord.settings import Settings
from accord.store import migrate
from accord.store.database import make_engine
from accord.store.unit_of_work import UnitOfWork


@dataclass
class Accord:
    settings: Settings
    engine: Engine
    organizations: OrganizationService
    entities: EntityService
    backup: BackupService
    demo: DemoService
    overview: OverviewService
    scheduling: SchedulingService
    baselines: BaselineService
    earned_value: EarnedValueService
    levelling: LevellingService
    imports: ImportService
    exports: ExportService
    risk: RiskService
    decision_rights: DecisionRightsService
    findings: FindingsService

    def actor(self) -> Actor:
        """Who acts: the configured person in the configured (or only) organisation."""
        organization = self.settings.organization
        if organization is None:
            known = [o.key for o in self.organizations.all()]
            if len(known) != 1:
                hint = (
                    "there is none yet: run 'accord demo' or 'accord orgs add'"
                    if not known
                    else ("choose one of " + ", ".join(known) + " with --org or ACCORD_ORG")
                )
                raise NotFoundError(f"which organization? {hint}")
            organization = known[0]
        if self.settings.actor is not None:
            return Actor(organization, self.settings.actor)
        return self.organizations.administrator(organization)

    def close(self) -> None:
        self.engine.dispose()


def bootstrap(
    settings: Settings | None = None, *, clock: Clock = utc_now, migrate_empty: bool = True, resident: bool = False
) -> Accord:
    """Wire Accord for `settings`. With `migrate_empty`, an empty database gets the schema; a
    database at another schema revision is refused (run `accord db upgrade`). A `resident`
    process (one that serves many requests) keeps schedules between them."""
    settings = settings or Settings.load()
    try:
        engine = make_engine(settings.database_url)
    except Exception as exc:  # a malformed URL or a driver that is not installed
        raise ValidationError("settings", "database", f"cannot use {settings.database_url!r}: {exc}") from None
    if migrate_empty:
        migrate.ensure_current(engine)
    unit_of_work = partial(UnitOfWork, engine)
    organizations = OrganizationService(unit_of_work, clock)
    backup = BackupService(unit_of_work)
    entities = EntityService(unit_of_work, clock)
    return Accord(
        settings=settings,
        engine=engine,
        organizations=organizations,
        entities=entities,
        backup=backup,
        demo=DemoService(organizations, backup, clock),
        overview=OverviewService(unit_of_work),
        scheduling=SchedulingService(unit_of_work, clock, ResidentPlans() if resident else None),
        baselines=BaselineService(unit_of_work, clock),
        earned_value=EarnedValueService(unit_of_work),
        levelling=LevellingService(unit_of_work, clock),
        imports=ImportService(entities),
        exports=ExportService(unit_of_work, clock),
        risk=RiskService(unit_of_work),
        decision_rights=DecisionRightsService(unit_of_work),
        findings=FindingsService(unit_of_work, clock),
    )
