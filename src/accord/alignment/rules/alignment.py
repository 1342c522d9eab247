"""Misalignment: work without objectives, objectives without work, budgets, benefits."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from accord.alignment.findings import BUDGET_TOLERANCE, Finding, Portfolio, Router, Severity, finding
from accord.domain.codec import canonical_amount
from accord.domain.product import FeatureStatus


def work_without_objective(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ALIGN-NO-OBJECTIVE: a feature, project or program serving no objective."""
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


def unsupported_objectives(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ALIGN-UNSUPPORTED-OBJECTIVE: an objective no work serves (directly, through a child
    objective or through one of its key results); a key result no work serves where other key
    results of its objective are served."""
    served: set[str] = {b.objective for b in portfolio.benefits if b.objective}
    for group in (portfolio.features, portfolio.projects, portfolio.programs, portfolio.products):
        for work in group:
            served.update(work.objectives)
    measured_by = {r.key: r.objective for r in portfolio.key_results}
    tracked = {measured_by[k] for k in served if k in measured_by}
    """Objectives some work names a key result of: their work is tracked key result by key result."""
    served |= tracked
    parents = {o.key: o.parent for o in portfolio.objectives}
    for key in list(served):  # serving a child objective serves its parents
        above = parents.get(key)
        while above is not None and above not in served:
            served.add(above)
            above = parents.get(above)
    children: dict[str, list[str]] = {}
    for o in portfolio.objectives:
        if o.parent is not None and o.key in served:
            children.setdefault(o.parent, []).append(o.key)
    decider = route.decider("organization.portfolio_investment")
    for objective in portfolio.objectives:
        if objective.key not in served and not children.get(objective.key):
            yield finding(
                "ALIGN-UNSUPPORTED-OBJECTIVE",
                Severity.MEDIUM,
                [objective.key],
                f'Objective "{objective.name}" ({objective.key}) has no feature, project or program serving it.',
                decider,
                owner=objective.owner,
            )
    owners = {o.key: o.owner for o in portfolio.objectives}
    for result in portfolio.key_results:
        if result.objective in tracked and result.key not in served:
            yield finding(
                "ALIGN-UNSUPPORTED-OBJECTIVE",
                Severity.MEDIUM,
                [result.key],
                f'Key result "{result.name}" ({result.key}) of {result.objective} has no work serving it, while other '
                "key results of that objective have.",
                decider,
                owner=owners.get(result.objective),
            )


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
    """BEN-UNMEASURED: a benefit with no measure, or one whose planned date has passed with less
    realised than planned."""
    for benefit in portfolio.benefits:
        decider = route.decider("program.benefit_realisation", benefit.program)
        if benefit.measure is None:
            yield finding(
                "BEN-UNMEASURED",
                Severity.MEDIUM,
                [benefit.key],
                f'Benefit "{benefit.name}" of {benefit.program} has no measure: nobody can say whether it is realised.',
                decider,
            )
            continue
        due = benefit.planned_by
        if due is None or portfolio.as_of is None or due >= portfolio.as_of:
            continue
        if benefit.realised_value < benefit.planned_value:
            unit = f" {benefit.unit}" if benefit.unit else ""
            share = benefit.realised_value / benefit.planned_value if benefit.planned_value else 0.0
            yield finding(
                "BEN-UNMEASURED",
                Severity.HIGH,
                [benefit.key],
                f'Benefit "{benefit.name}" of {benefit.program} is behind its plan: {benefit.planned_value:g}{unit} were '
                f"due by {due}, {benefit.realised_value:g}{unit} ({share:.0%}) are realised.",
                decider,
                behind_plan=True,
                planned_value=benefit.planned_value,
                realised_value=benefit.realised_value,
                planned_by=due.isoformat(),
            )
