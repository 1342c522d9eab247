"""Who decides: the RACI in force for a decision type on a product, project or program.

The RACI starts from the decision type's (by canonical role), then organisation-wide overrides,
then overrides on the entity's program (for a project), then on the entity itself: the nearest
wins. Each role is filled by the people holding it on the entity; a role nobody holds there is
filled from the program above (a project's program sponsor, say). An override may also name a
person directly. Every line of the answer says why it is there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from accord.domain.roles import DecisionLevel, DecisionType, RaciOverride, Responsibility, Role, RoleAssignment


@dataclass(frozen=True)
class Line:
    """One person (or, when nobody holds the role, one unfilled role) with a responsibility."""

    responsibility: Responsibility
    person: str | None
    role: Role | None
    reason: str


@dataclass(frozen=True)
class Answer:
    decision_type: str
    entity: str
    lines: tuple[Line, ...]

    def with_responsibility(self, responsibility: Responsibility) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.responsibility is responsibility and line.person is not None)

    @property
    def accountable(self) -> tuple[Line, ...]:
        return self.with_responsibility(Responsibility.ACCOUNTABLE)

    @property
    def unfilled(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.person is None)


@dataclass(frozen=True)
class Context:
    """What decision rights depend on, for one organisation."""

    holders: Sequence[RoleAssignment]
    overrides: Sequence[RaciOverride]
    parents: Mapping[str, str]
    """The entity above each entity, where there is one (a project's program)."""
    titled: Mapping[Role, Sequence[str]]
    """People whose title means each role: who fills organisation-level decisions."""


def chain(entity: str, parents: Mapping[str, str]) -> list[str]:
    """The entity, then the entities above it, nearest first."""
    found = [entity]
    while found[-1] in parents and parents[found[-1]] not in found:
        found.append(parents[found[-1]])
    return found


def resolve(decision_type: DecisionType, entity: str, context: Context) -> Answer:
    scope = chain(entity, context.parents)
    raci: dict[Role, tuple[Responsibility, str]] = {
        role: (given, f"default RACI of {decision_type.key}") for role, given in decision_type.raci.items()
    }
    named: list[Line] = []
    relevant = [o for o in context.overrides if o.decision_type == decision_type.key]
    # Organisation-wide first, then from the farthest entity to the entity itself: nearest wins.
    ordered = [o for o in relevant if o.entity is None] + [
        o for level in reversed(scope) for o in relevant if o.entity == level
    ]
    for override in ordered:
        where = "the organization" if override.entity is None else override.entity
        if override.role is not None:
            raci[override.role] = (override.responsibility, f"override {override.key} on {where}")
        elif override.person is not None:
            named.append(
                Line(override.responsibility, override.person, None, f"named by override {override.key} on {where}")
            )
    lines: list[Line] = []
    for role, (responsibility, rule) in sorted(raci.items(), key=lambda item: list(Role).index(item[0])):
        people = list(_people(role, scope, decision_type.level, context))
        if not people:
            lines.append(Line(responsibility, None, role, f"{rule}; nobody holds {role.value} on {' or '.join(scope)}"))
        for person, where in people:
            lines.append(Line(responsibility, person, role, f"{rule}; {where}"))
    lines += named
    order = list(Responsibility)
    lines.sort(
        key=lambda line: (order.index(line.responsibility), line.person or "", line.role.value if line.role else "")
    )
    return Answer(decision_type.key, entity, tuple(lines))


def _people(role: Role, scope: list[str], level: DecisionLevel, context: Context) -> Iterable[tuple[str, str]]:
    if level is DecisionLevel.ORGANIZATION:
        for person in context.titled.get(role, ()):
            yield person, f"{person}'s title means {role.value}"
        return
    for position, entity in enumerate(scope):
        found = [h for h in context.holders if h.entity == entity and h.role is role]
        if found:
            above = "" if position == 0 else f" (above {scope[0]})"
            for holder in found:
                yield holder.person, f"holds {role.value} on {entity}{above} ({holder.key})"
            return


@dataclass(frozen=True)
class RoleRights:
    """What one canonical role decides across the catalog."""

    role: Role
    titles: tuple[str, ...]
    """The organisation's titles that mean this role."""
    by_responsibility: dict[Responsibility, tuple[str, ...]]
    """Decision types, by the role's responsibility for them."""


def organisation_raci(decision_type: DecisionType, overrides: Sequence[RaciOverride]) -> dict[Role, Responsibility]:
    """The decision type's RACI with the organisation-wide role overrides applied."""
    raci = dict(decision_type.raci)
    for override in overrides:
        if override.decision_type == decision_type.key and override.entity is None and override.role is not None:
            raci[override.role] = override.responsibility
    return raci


def compare_roles(
    types: Sequence[DecisionType],
    overrides: Sequence[RaciOverride],
    titles: Mapping[Role, Sequence[str]],
    roles: Sequence[Role],
) -> tuple[list[RoleRights], list[tuple[Role, Role, tuple[str, ...]]]]:
    """Each role's decisions by responsibility, and for each pair of roles the decisions both
    take part in (where they must work together)."""
    rights: list[RoleRights] = []
    involved: dict[Role, set[str]] = {}
    for role in roles:
        found: dict[Responsibility, list[str]] = {r: [] for r in Responsibility}
        for decision_type in types:
            given = organisation_raci(decision_type, overrides).get(role)
            if given is not None:
                found[given].append(decision_type.key)
        involved[role] = {key for keys in found.values() for key in keys}
        rights.append(RoleRights(role, tuple(titles.get(role, ())), {r: tuple(v) for r, v in found.items()}))
    shared = [
        (a, b, tuple(sorted(involved[a] & involved[b])))
        for i, a in enumerate(roles)
        for b in roles[i + 1 :]
        if involved[a] & involved[b]
    ]
    return rights, shared
