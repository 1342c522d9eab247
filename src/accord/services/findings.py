"""Running the findings rules over an organisation (or the part around one entity)."""

from __future__ import annotations

from typing import Any

from accord.alignment.findings import Finding, Portfolio, check
from accord.domain.errors import NotFoundError, ValidationError
from accord.domain.objectives import KeyResult, Objective
from accord.domain.people import Person
from accord.domain.product import Feature, Product, Release
from accord.domain.program import Benefit, Program
from accord.domain.project import Project, ScopeItem
from accord.domain.roles import Decision, DecisionType, RaciOverride, RoleAssignment, Title
from accord.services.actor import Actor, authorized
from accord.services.unit_of_work import UnitOfWorkFactory
from accord.store.repository import EntityRepository

SCOPES = ("product", "project", "program")


class FindingsService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def check(self, actor: Actor, scope: str | None = None) -> list[Finding]:
        """Every finding in the organisation; with `scope` (a product, project or program), those
        that involve it or what belongs to it."""
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            portfolio = _portfolio(repository, actor.organization)
            found = check(portfolio)
            if scope is None:
                return found
            kind = repository.kind_of(scope)
            if kind is None:
                raise NotFoundError(f"nothing has the key {scope!r}", key=scope)
            if kind not in SCOPES:
                raise ValidationError(
                    "check", "scope", f"{scope} is a {kind.replace('_', ' ')}; give a product, project or program"
                )
            related = _related(portfolio, scope)
            return [f for f in found if related & set(f.entities)]


def _all(repository: EntityRepository, cls: type[Any]) -> list[Any]:
    return [s.entity for s in repository.find(cls)]


def _portfolio(repository: EntityRepository, organization: str) -> Portfolio:
    return Portfolio(
        organization=organization,
        people=_all(repository, Person),
        titles=_all(repository, Title),
        holders=_all(repository, RoleAssignment),
        overrides=_all(repository, RaciOverride),
        decision_types=_all(repository, DecisionType),
        decisions=_all(repository, Decision),
        objectives=_all(repository, Objective),
        key_results=_all(repository, KeyResult),
        products=_all(repository, Product),
        features=_all(repository, Feature),
        releases=_all(repository, Release),
        projects=_all(repository, Project),
        programs=_all(repository, Program),
        scope=_all(repository, ScopeItem),
        benefits=_all(repository, Benefit),
    )


def _related(portfolio: Portfolio, key: str) -> set[str]:
    """The entity and what belongs to it: a program's projects, a product's features, and the
    decisions and titles used on them."""
    found = {key}
    found |= {p.key for p in portfolio.projects if p.program == key}
    found |= {f.key for f in portfolio.features if f.product == key}
    found |= {b.key for b in portfolio.benefits if b.program == key}
    found |= {d.key for d in portfolio.decisions if d.entity in found}
    found |= {h.title for h in portfolio.holders if h.entity in found and h.title}
    return found
