"""Findings recorded across runs of `check`, on both databases."""

from __future__ import annotations

import pytest

from accord.alignment.lifecycle import FindingState
from accord.bootstrap import Accord
from accord.domain.errors import NotFoundError, ValidationError
from accord.services.actor import Actor


@pytest.fixture
def actor(accord: Accord) -> Actor:
    accord.demo.load()
    return accord.demo.actor()


def states(accord: Accord, actor: Actor) -> dict[str, str]:
    return {r["fact_id"]: r["state"] for r in accord.findings.recorded(actor)}


def test_checking_twice_records_the_same_findings(accord: Accord, actor: Actor) -> None:
    first = accord.findings.check(actor)
    assert all(t.state is FindingState.OPEN for t in first)
    assert [(t.handle, t.finding.id) for t in accord.findings.check(actor)] == [(t.handle, t.finding.id) for t in first]
    assert len(accord.findings.recorded(actor)) == len(first)


def test_a_finding_whose_facts_disappear_resolves_itself(accord: Accord, actor: Actor) -> None:
    accord.findings.check(actor)
    missing = "ROLE-OWNER-MISSING:LEDGER-PAYROLL"
    assert states(accord, actor)[missing] == "open"
    accord.entities.add(
        actor, "role_assignment", {"person": "lars", "role": "product_manager", "entity": "LEDGER-PAYROLL"}
    )
    found = {t.finding.id for t in accord.findings.check(actor)}
    assert missing not in found
    assert states(accord, actor)[missing] == "resolved"


def test_acknowledge_and_accept_with_a_decision(accord: Accord, actor: Actor) -> None:
    tracked = accord.findings.check(actor)
    first, second = tracked[0], tracked[1]
    accord.findings.change(actor, first.handle, FindingState.ACKNOWLEDGED)
    accord.findings.change(actor, second.finding.id, FindingState.ACCEPTED, decision="DEC-3")
    again = {t.handle: t.state for t in accord.findings.check(actor)}
    assert again[first.handle] is FindingState.ACKNOWLEDGED and again[second.handle] is FindingState.ACCEPTED
    with pytest.raises(ValidationError, match="give a decision"):
        accord.findings.change(actor, first.handle, FindingState.ACCEPTED)
    with pytest.raises(NotFoundError):
        accord.findings.change(actor, first.handle, FindingState.ACCEPTED, decision="NOPE")
    with pytest.raises(NotFoundError):
        accord.findings.change(actor, "F-999", FindingState.RESOLVED)
    assert [e.after for e in accord.entities.history(actor, first.handle)] == [
        {"state": "acknowledged", "decision": None}
    ]
