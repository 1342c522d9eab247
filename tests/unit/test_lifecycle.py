"""Reconciling a run of the rules with the recorded findings."""

from __future__ import annotations

from accord.alignment.findings import Severity, finding
from accord.alignment.lifecycle import FindingState, Recorded, fingerprint, reconcile

A = finding("RULE-A", Severity.HIGH, ["X"], "A happened.", None)
B = finding("RULE-B", Severity.LOW, ["Y"], "B happened.", None)


def test_new_findings_open_and_vanished_ones_resolve() -> None:
    first = reconcile([A, B], {})
    assert first.opened == (A, B) and first.resolved == ()
    recorded = {
        A.id: Recorded(FindingState.OPEN, fingerprint(A)),
        B.id: Recorded(FindingState.ACKNOWLEDGED, fingerprint(B)),
    }
    second = reconcile([A], recorded)
    assert second.opened == () and second.refreshed == () and second.resolved == (B.id,)


def test_the_same_facts_change_nothing_and_changed_facts_refresh() -> None:
    recorded = {A.id: Recorded(FindingState.ACKNOWLEDGED, fingerprint(A))}
    assert reconcile([A], recorded) == reconcile([A], recorded)
    assert reconcile([A], recorded).opened == () and reconcile([A], recorded).refreshed == ()
    worse = finding("RULE-A", Severity.CRITICAL, ["X"], "A happened, and got worse.", None)
    assert reconcile([worse], recorded).refreshed == (worse,)


def test_resolved_findings_reopen_and_accepted_ones_stay() -> None:
    assert reconcile([A], {A.id: Recorded(FindingState.RESOLVED, fingerprint(A))}).opened == (A,)
    accepted = {A.id: Recorded(FindingState.ACCEPTED, fingerprint(A))}
    assert reconcile([A], accepted).opened == () and reconcile([], accepted).resolved == ()
