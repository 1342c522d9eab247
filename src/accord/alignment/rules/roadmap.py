"""Client promises against the roadmap: a promised feature in no release, shipping too late, or
ranked below its release's cut line while a high-priority project or program waits for it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from accord.alignment.findings import Decider, Finding, Portfolio, Router, Severity, finding
from accord.domain.product import Feature, FeatureStatus, Release, ReleaseState
from accord.domain.project import Project

HIGH_PRIORITY = 700
"""A project is high-priority from this priority up (0 to 1000), its own or its program's."""


def roadmap(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ALIGN-NOT-ON-ROADMAP and DATE-FEATURE-LATE."""
    features = {f.key: f for f in portfolio.features}
    releases = {r.key: r for r in portfolio.releases}
    projects = {p.key: p for p in portfolio.projects}
    for item in portfolio.scope:
        feature, project = features[item.feature], projects[item.project]
        decider = conflict_decider(route, project)
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


def priority_inversions(portfolio: Portfolio, route: Router) -> Iterator[Finding]:
    """ALIGN-PRIORITY-INVERSION: a feature a high-priority project needs is below the cut line of
    its release (the release's capacity, filled in backlog order)."""
    priority = project_priorities(portfolio)
    demand: dict[str, int] = defaultdict(int)  # feature → highest priority of a project needing it
    needs: dict[str, list[str]] = defaultdict(list)
    for item in portfolio.scope:
        demand[item.feature] = max(demand[item.feature], priority[item.project])
        needs[item.feature].append(item.project)
    projects = {p.key: p for p in portfolio.projects}
    in_release: dict[str, list[Feature]] = defaultdict(list)
    for feature in portfolio.features:
        if feature.release and feature.status is not FeatureStatus.RETIRED:
            in_release[feature.release].append(feature)
    for release in portfolio.releases:
        if release.capacity is None or release.state in (ReleaseState.RELEASED, ReleaseState.CANCELLED):
            continue
        ranked = backlog_order(in_release[release.key])
        above, below = cut(ranked, release.capacity)
        for feature in below:
            if demand.get(feature.key, -1) < HIGH_PRIORITY:
                continue
            needers = sorted(needs[feature.key], key=lambda k: (-priority[k], k))
            ahead = [f.key for f in above if demand.get(f.key, -1) < demand[feature.key]]
            yield _inversion(route, release, feature, projects[needers[0]], needers, priority, ahead)


def _inversion(
    route: Router,
    release: Release,
    feature: Feature,
    first: Project,
    needers: Sequence[str],
    priority: Mapping[str, int],
    ahead: Sequence[str],
) -> Finding:
    who = ", ".join(f"{k} (priority {priority[k]})" for k in needers)
    explanation = (
        f"{feature.name} ({feature.key}) is below the cut line of {release.key}: the release's {release.capacity:g} "
        f"person-months are taken by the features ranked before it. {who} need{'s' if len(needers) == 1 else ''} it."
    )
    if ahead:
        explanation += f" Ranked ahead of it with less priority: {', '.join(ahead)}."
    return finding(
        "ALIGN-PRIORITY-INVERSION",
        Severity.HIGH,
        [feature.key, release.key],
        explanation,
        conflict_decider(route, first),
        needed_by=list(needers),
        ahead=list(ahead),
        capacity=release.capacity,
    )


def project_priorities(portfolio: Portfolio) -> dict[str, int]:
    """Each project's priority: its own or its program's, whichever is higher."""
    programs = {p.key: p.priority for p in portfolio.programs}
    return {p.key: max(p.priority, programs.get(p.program or "", 0)) for p in portfolio.projects}


def backlog_order(features: Sequence[Feature]) -> list[Feature]:
    """Ranked features by rank; then the unranked by WSJF, then RICE (highest first), then key."""

    def place(f: Feature) -> tuple[int, float, float, float, str]:
        wsjf, rice = f.wsjf_score, f.rice_score
        return (
            0 if f.rank is not None else 1,
            f.rank or 0,
            -(wsjf if wsjf is not None else float("-inf")),
            -(rice if rice is not None else float("-inf")),
            f.key,
        )

    return sorted(features, key=place)


def cut(ranked: Sequence[Feature], capacity: float) -> tuple[list[Feature], list[Feature]]:
    """Split a release's ranked features at the cut line. A feature is below it when the efforts
    known up to and including it already exceed the capacity; an unestimated effort counts as
    nothing, so no feature is put below the line on a guess."""
    above: list[Feature] = []
    below: list[Feature] = []
    used = 0.0
    for feature in ranked:
        used += feature.effort or 0.0
        (below if used > capacity else above).append(feature)
    return above, below


def conflict_decider(route: Router, project: Project) -> Decider | None:
    """A client project against the roadmap: its program decides if it has one, else its sponsor."""
    if project.program:
        return route.decider("program.conflict_resolution", project.program)
    return route.decider("project.budget_change", project.key)
