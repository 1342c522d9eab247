"""A one-screen summary of an organisation: products and releases, programs, projects, people."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from accord.domain.codec import Json, encode_value
from accord.domain.kinds import KINDS
from accord.domain.people import Person
from accord.domain.product import Feature, Product, Release
from accord.domain.program import Milestone, Program
from accord.domain.project import Project, Task
from accord.services.actor import Actor, authorized
from accord.services.unit_of_work import UnitOfWorkFactory


class OverviewService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def summary(self, actor: Actor) -> dict[str, Json]:
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            organization = uow.organizations.get(actor.organization)

            def load(cls: type[Any]) -> list[Any]:
                return repository.every(cls)

            tasks: list[Task] = load(Task)
            features: list[Feature] = load(Feature)
            per_release = Counter(f.release for f in features)
            tasks_per_project = Counter(t.project for t in tasks)
            milestones_per_project = Counter(t.project for t in tasks if t.milestone)
            projects: list[Project] = load(Project)
            members: dict[str | None, list[str]] = defaultdict(list)
            for p in projects:
                members[p.program].append(p.key)
            milestones: list[Milestone] = load(Milestone)
            releases: list[Release] = load(Release)  # once, not once per product
            return {
                "organization": {"key": organization.key, "name": organization.name},
                "counts": {cls.plural: repository.count(cls) for cls in KINDS},
                "products": [
                    {
                        "key": product.key,
                        "name": product.name,
                        "features": sum(1 for f in features if f.product == product.key),
                        "releases": [
                            {
                                "key": r.key,
                                "version": r.version,
                                "planned_date": encode_value(None, r.planned_date),
                                "state": r.state.value,
                                "features": per_release[r.key],
                            }
                            for r in releases
                            if r.product == product.key
                        ],
                    }
                    for product in load(Product)
                ],
                "programs": [
                    {
                        "key": program.key,
                        "name": program.name,
                        "projects": members[program.key],
                        "milestones": [
                            {"key": m.key, "name": m.name, "date": encode_value(None, m.date)}
                            for m in milestones
                            if m.program == program.key
                        ],
                    }
                    for program in load(Program)
                ],
                "projects": [
                    {
                        "key": p.key,
                        "name": p.name,
                        "account": p.account,
                        "program": p.program,
                        "start": encode_value(None, p.start),
                        "deadline": encode_value(None, p.deadline),
                        "budget": encode_value(None, p.budget),
                        "currency": p.currency,
                        "tasks": tasks_per_project[p.key],
                        "milestones": milestones_per_project[p.key],
                    }
                    for p in projects
                ],
                "people": len(load(Person)),
            }
