"""The lifecycle of findings: open → acknowledged → resolved, or accepted with a decision.

Each run of the rules is reconciled with what was recorded: a new finding opens; one whose facts
disappeared resolves itself; a resolved one whose facts came back opens again; acknowledged and
accepted findings keep their state while their facts remain. Reconciling the same facts twice
changes nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from accord.alignment.findings import Finding


class FindingState(enum.Enum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    ACCEPTED = "accepted"
    """Known and left as it is, by a decision in the decision log."""

    @property
    def active(self) -> bool:
        """Still wants attention (for gating)."""
        return self in (FindingState.OPEN, FindingState.ACKNOWLEDGED)


@dataclass(frozen=True)
class Reconciliation:
    opened: tuple[Finding, ...]
    """New findings, and resolved ones whose facts are back."""
    refreshed: tuple[Finding, ...]
    """Findings still there whose explanation, severity or decider changed."""
    resolved: tuple[str, ...]
    """Fact ids of open or acknowledged findings whose facts are gone."""


@dataclass(frozen=True)
class Recorded:
    state: FindingState
    fingerprint: str
    """What the finding said when last recorded (see `fingerprint`)."""


def fingerprint(finding: Finding) -> str:
    """The finding's text, severity and decider: a change in any of them refreshes the record."""
    decider = finding.decider
    who = "" if decider is None else f"{decider.decision_type}|{decider.entity}|{','.join(decider.accountable)}"
    return f"{finding.severity.value}|{finding.explanation}|{who}"


def reconcile(current: Sequence[Finding], recorded: Mapping[str, Recorded]) -> Reconciliation:
    seen = {f.id for f in current}
    opened = []
    refreshed = []
    for finding in current:
        before = recorded.get(finding.id)
        if before is None or before.state is FindingState.RESOLVED:
            opened.append(finding)
        elif before.fingerprint != fingerprint(finding):
            refreshed.append(finding)
    resolved = tuple(sorted(k for k, r in recorded.items() if k not in seen and r.state.active))
    return Reconciliation(tuple(opened), tuple(refreshed), resolved)
