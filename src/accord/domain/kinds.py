"""The registry of entity kinds, in an order where every kind comes after those it refers to
(references of a kind to itself aside)."""

from __future__ import annotations

import dataclasses
import graphlib

from accord.domain.base import Entity, reference_of
from accord.domain.baseline import Baseline
from accord.domain.calendar import Calendar
from accord.domain.errors import NotFoundError
from accord.domain.objectives import KeyResult, Objective
from accord.domain.people import Account, Person, Team
from accord.domain.product import Feature, Product, Release
from accord.domain.program import Benefit, Milestone, Program
from accord.domain.project import Dependency, Project, Risk, ScopeItem, Task
from accord.domain.resources import Assignment, CostEntry, Resource
from accord.domain.roles import Decision, DecisionType, RaciOverride, RoleAssignment, Title

_ALL: tuple[type[Entity], ...] = (
    Title,
    Person,
    Team,
    Account,
    DecisionType,
    Objective,
    KeyResult,
    Product,
    Release,
    Feature,
    Calendar,
    Program,
    Project,
    Task,
    Dependency,
    Resource,
    Assignment,
    CostEntry,
    Baseline,
    Risk,
    ScopeItem,
    Milestone,
    Benefit,
    RoleAssignment,
    RaciOverride,
    Decision,
)


def _dependency_order(classes: tuple[type[Entity], ...]) -> tuple[type[Entity], ...]:
    by_kind = {cls.kind: cls for cls in classes}
    graph: dict[str, set[str]] = {}
    for cls in classes:
        needs = graph.setdefault(cls.kind, set())
        for f in dataclasses.fields(cls):
            reference = reference_of(f)
            if reference is not None:
                needs.update(k for k in reference.kinds if k != cls.kind)
    return tuple(by_kind[kind] for kind in graphlib.TopologicalSorter(graph).static_order())


KINDS: tuple[type[Entity], ...] = _dependency_order(_ALL)
BY_KIND: dict[str, type[Entity]] = {cls.kind: cls for cls in KINDS}
BY_PLURAL: dict[str, type[Entity]] = {cls.plural: cls for cls in KINDS}


def kind_named(name: str) -> type[Entity]:
    """The entity class for a kind (`project`) or its plural (`projects`)."""
    found = BY_KIND.get(name) or BY_PLURAL.get(name)
    if found is None:
        raise NotFoundError(f"no kind of entity is called {name!r}", kind=name)
    return found
