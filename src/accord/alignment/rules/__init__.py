"""Every findings rule, and `check`, which runs them all."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from accord.alignment.findings import Finding, Portfolio, Router
from accord.alignment.rules.alignment import (
    benefits,
    budgets,
    forecasts,
    unsupported_objectives,
    work_without_objective,
)
from accord.alignment.rules.dates import cross_project_links, deadlines, program_milestones
from accord.alignment.rules.resources import overallocation
from accord.alignment.rules.roadmap import priority_inversions, roadmap
from accord.alignment.rules.roles import accountability, ambiguous_titles, owners, segregation, unauthorised_decisions

Rule = Callable[[Portfolio, Router], Iterable[Finding]]

CODES: tuple[str, ...] = (
    "ROLE-NO-ACCOUNTABLE",
    "ROLE-MULTI-ACCOUNTABLE",
    "ROLE-OWNER-MISSING",
    "ROLE-AMBIGUOUS-TITLE",
    "ROLE-UNAUTHORISED-DECISION",
    "ROLE-SEGREGATION",
    "ALIGN-NO-OBJECTIVE",
    "ALIGN-UNSUPPORTED-OBJECTIVE",
    "ALIGN-NOT-ON-ROADMAP",
    "ALIGN-PRIORITY-INVERSION",
    "DATE-FEATURE-LATE",
    "DATE-DEADLINE",
    "DATE-PROGRAM-MILESTONE",
    "DATE-CROSS-PROJECT",
    "RES-OVERALLOCATED",
    "BUD-PROGRAM-OVERCOMMITTED",
    "BUD-FORECAST-OVERRUN",
    "BEN-UNMEASURED",
)
"""Every rule code the rules can report: part of the interface (see docs/findings.md)."""

RULES: tuple[Rule, ...] = (
    accountability,
    owners,
    ambiguous_titles,
    unauthorised_decisions,
    segregation,
    work_without_objective,
    unsupported_objectives,
    roadmap,
    priority_inversions,
    budgets,
    forecasts,
    benefits,
    deadlines,
    program_milestones,
    cross_project_links,
    overallocation,
)


def check(portfolio: Portfolio) -> list[Finding]:
    """Every rule over the portfolio, most severe first."""
    route = Router(portfolio)
    found = [f for rule in RULES for f in rule(portfolio, route)]
    return sorted(found, key=lambda f: (f.severity.rank, f.rule, f.id))
