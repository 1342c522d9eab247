"""Role confusion: who is accountable, owners, titles, decisions taken, segregation of duties."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from accord.alignment.findings import Finding, Portfolio, Router, Severity, finding
from accord.domain.roles import Role

LEVEL_KINDS = {"product": "products", "project": "projects", "program": "programs"}


def accountability(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ROLE-NO-ACCOUNTABLE and ROLE-MULTI-ACCOUNTABLE, for every decision on every entity."""
    for decision_type in portfolio.decision_types:
        kind = decision_type.level.value
        if kind not in LEVEL_KINDS:
            continue
        for entity in getattr(portfolio, LEVEL_KINDS[kind]):
            accountable = route.answer_for(decision_type.key, entity.key)
            resolver = route.decider("organization.role_definition")
            if not accountable:
                yield finding(
                    "ROLE-NO-ACCOUNTABLE",
                    Severity.HIGH,
                    [entity.key, decision_type.key],
                    f"Nobody is accountable for {decision_type.key} ({decision_type.name.lower()}) on {entity.key}: "
                    "no one holds the accountable role there.",
                    resolver,
                    decision_type=decision_type.key,
                )
            elif len(accountable) > 1:
                yield finding(
                    "ROLE-MULTI-ACCOUNTABLE",
                    Severity.HIGH,
                    [entity.key, decision_type.key],
                    f"{len(accountable)} people are accountable for {decision_type.key} on {entity.key}: "
                    f"{', '.join(accountable)}. Exactly one should be.",
                    resolver,
                    decision_type=decision_type.key,
                    accountable=list(accountable),
                )


def owners(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ROLE-OWNER-MISSING: products, projects and programs need their manager."""
    needed = (
        ("products", Role.PRODUCT_MANAGER),
        ("projects", Role.PROJECT_MANAGER),
        ("programs", Role.PROGRAM_MANAGER),
    )
    held = {(h.entity, h.role) for h in portfolio.holders}
    for attribute, role in needed:
        for entity in getattr(portfolio, attribute):
            if (entity.key, role) not in held:
                yield finding(
                    "ROLE-OWNER-MISSING",
                    Severity.HIGH,
                    [entity.key],
                    f"{entity.label} ({entity.key}) has no {role.value.replace('_', ' ')}.",
                    route.decider("organization.portfolio_investment"),
                    role=role.value,
                )


def ambiguous_titles(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ROLE-AMBIGUOUS-TITLE: one title, people acting under it in different canonical roles."""
    titles = {t.key: t for t in portfolio.titles}
    acting: dict[str, set[Role]] = defaultdict(set)
    people: dict[str, set[str]] = defaultdict(set)
    for holder in portfolio.holders:
        if holder.title in titles:
            acting[holder.title].add(holder.role)
            people[holder.title].add(holder.person)
    for key, roles in acting.items():
        if len(roles) > 1:
            title = titles[key]
            yield finding(
                "ROLE-AMBIGUOUS-TITLE",
                Severity.MEDIUM,
                [key],
                f'"{title.name}" means {title.role.value.replace("_", " ")} here, yet people with this title act as '
                f"{', '.join(sorted(r.value.replace('_', ' ') for r in roles))} ({', '.join(sorted(people[key]))}).",
                route.decider("organization.role_definition"),
                roles=sorted(r.value for r in roles),
            )


def unauthorised_decisions(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ROLE-UNAUTHORISED-DECISION: a decision logged by someone not accountable for its type."""
    for decision in portfolio.decisions:
        decider = route.decider(decision.decision_type, decision.entity)
        if decider is None or decision.decided_by in decider.accountable:
            continue
        yield finding(
            "ROLE-UNAUTHORISED-DECISION",
            Severity.HIGH,
            [decision.key],
            f'{decision.decided_by} decided "{decision.question}" ({decision.decision_type} on '
            f"{decision.entity or portfolio.organization}) but {', '.join(decider.accountable) or 'nobody'} is accountable for it.",
            decider,
            decided_by=decision.decided_by,
        )


def segregation(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ROLE-SEGREGATION: one person both asks for a budget change (responsible) and approves it."""
    for project in portfolio.projects:
        decider = route.decider("project.budget_change", project.key)
        if decider is None:
            continue
        requesting = {h.person for h in portfolio.holders if h.entity == project.key and h.role is Role.PROJECT_MANAGER}
        both = sorted(requesting & set(decider.accountable))
        if both:
            yield finding(
                "ROLE-SEGREGATION",
                Severity.HIGH,
                [project.key],
                f"{', '.join(both)} manages {project.key} and also approves its budget changes: nobody above reviews them.",
                route.decider("organization.role_definition"),
                person=both[0],
            )
