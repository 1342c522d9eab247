"""Misalignment: work without objectives, objectives without work, client promises against the roadmap, budgets, benefits."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from accord.alignment.findings import BUDGET_TOLERANCE, Decider, Finding, Portfolio, Router, Severity, finding
from accord.domain.codec import canonical_amount
from accord.domain.product import FeatureStatus, ReleaseState
from accord.domain.project import Project


def objectives(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ALIGN-NO-OBJECTIVE and ALIGN-UNSUPPORTED-OBJECTIVE."""
    products = {p.key: p for p in portfolio.products}
    programs = {p.key: p for p in portfolio.programs}
    for feature in portfolio.features:
        if feature.status is FeatureStatus.RETIRED or feature.objectives or products[feature.product].objectives:
            continue
        yield finding(
            "ALIGN-NO-OBJECTIVE",
            Severity.MEDIUM,
            [feature.key],
            f"Feature {feature.name} ({feature.key}) serves no objective, directly or through its product.",
            route.decider("product.prioritize", feature.product),
            kind="feature",
        )
    for project in portfolio.projects:
        if project.objectives or (project.program and programs[project.program].objectives):
            continue
        yield finding(
            "ALIGN-NO-OBJECTIVE",
            Severity.HIGH,
            [project.key],
            f"Project {project.name} ({project.key}) serves no objective, directly or through a program.",
            route.decider("organization.portfolio_investment"),
            kind="project",
        )
    for program in portfolio.programs:
        if not program.objectives:
            yield finding(
                "ALIGN-NO-OBJECTIVE",
                Severity.HIGH,
                [program.key],
                f"Program {program.name} ({program.key}) serves no objective.",
                route.decider("organization.portfolio_investment"),
                kind="program",
            )
    served: set[str] = {b.objective for b in portfolio.benefits if b.objective}
    for group in (portfolio.features, portfolio.projects, portfolio.programs, portfolio.products):
        for work in group:
            served.update(work.objectives)
    parents = {o.key: o.parent for o in portfolio.objectives}
    for key in list(served):  # serving a child objective serves its parents
        above = parents.get(key)
        while above is not None and above not in served:
            served.add(above)
            above = parents.get(above)
    for objective in portfolio.objectives:
        children = [o for o in portfolio.objectives if o.parent == objective.key and o.key in served]
        if objective.key not in served and not children:
            decider = route.decider("organization.portfolio_investment")
            yield finding(
                "ALIGN-UNSUPPORTED-OBJECTIVE",
                Severity.MEDIUM,
                [objective.key],
                f'Objective "{objective.name}" ({objective.key}) has no feature, project or program serving it.',
                decider,
                owner=objective.owner,
            )


def roadmap(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ALIGN-NOT-ON-ROADMAP and DATE-FEATURE-LATE: client promises against the roadmap."""
    features = {f.key: f for f in portfolio.features}
    releases = {r.key: r for r in portfolio.releases}
    projects = {p.key: p for p in portfolio.projects}
    for item in portfolio.scope:
        feature, project = features[item.feature], projects[item.project]
        decider = _conflict_decider(route, project)
        release = releases.get(feature.release) if feature.release else None
        if release is None or release.state is ReleaseState.CANCELLED:
            yield finding(
                "ALIGN-NOT-ON-ROADMAP",
                Severity.HIGH,
                [item.project, item.feature],
                f"{project.key} promised {feature.name} ({feature.key}) to its client by {item.needed_by}, "
                "but the feature is in no planned release.",
                decider,
                needed_by=item.needed_by.isoformat(),
            )
            continue
        ships = release.released_on or release.planned_date
        if ships > item.needed_by:
            late = (ships - item.needed_by).days
            yield finding(
                "DATE-FEATURE-LATE",
                Severity.CRITICAL if late > 30 else Severity.HIGH,
                [item.project, item.feature],
                f"{project.key} needs {feature.name} ({feature.key}) by {item.needed_by}; it ships with {release.key} on "
                f"{ships}, {late} days late.",
                decider,
                needed_by=item.needed_by.isoformat(),
                ships=ships.isoformat(),
                days_late=late,
            )


def _conflict_decider(route: Router, project: Project) -> Decider | None:
    """A client project against the roadmap: its program decides if it has one, else its sponsor."""
    if project.program:
        return route.decider("program.conflict_resolution", project.program)
    return route.decider("project.budget_change", project.key)


def budgets(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """BUD-PROGRAM-OVERCOMMITTED: member projects' budgets exceed the program's."""
    for program in portfolio.programs:
        if program.budget is None:
            continue
        members = [p for p in portfolio.projects if p.program == program.key and p.budget is not None]
        committed = sum((p.budget for p in members if p.budget is not None), Decimal(0))
        if committed > program.budget:
            yield finding(
                "BUD-PROGRAM-OVERCOMMITTED",
                Severity.HIGH,
                [program.key],
                f"The projects of {program.name} have budgets of {canonical_amount(committed)} {program.currency} in "
                f"total, {canonical_amount(committed - program.budget)} over the program's {canonical_amount(program.budget)}.",
                route.decider("organization.portfolio_investment"),
                committed=str(committed),
                budget=str(program.budget),
            )


def forecasts(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """BUD-FORECAST-OVERRUN: the estimate at completion exceeds the budget beyond tolerance."""
    projects = {p.key: p for p in portfolio.projects}
    for key, forecast in sorted(portfolio.forecasts.items()):
        eac, bac = forecast.estimate_at_completion, forecast.budget_at_completion
        if eac is None or bac <= 0 or eac <= bac * (1 + BUDGET_TOLERANCE):
            continue
        project = projects[key]
        cpi = forecast.cost_performance_index
        yield finding(
            "BUD-FORECAST-OVERRUN",
            Severity.CRITICAL if eac > bac * 1.5 else Severity.HIGH,
            [key],
            f"At {forecast.status_date} {key} is forecast to cost {eac:,.0f} {project.currency} against a budget of "
            f"{bac:,.0f} ({eac / bac - 1:.0%} over; cost performance index {cpi:.2f}).",
            route.decider("project.budget_change", key),
            estimate_at_completion=round(eac, 2),
            budget=round(bac, 2),
        )


def benefits(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """BEN-UNMEASURED: a benefit with no measure."""
    for benefit in portfolio.benefits:
        if benefit.measure is None:
            yield finding(
                "BEN-UNMEASURED",
                Severity.MEDIUM,
                [benefit.key],
                f'Benefit "{benefit.name}" of {benefit.program} has no measure: nobody can say whether it is realised.',
                route.decider("program.benefit_realisation", benefit.program),
            )
