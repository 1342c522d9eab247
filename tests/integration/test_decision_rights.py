"""Decision rights on the demo organisation, through the service."""

from __future__ import annotations

import pytest

from accord.bootstrap import Accord
from accord.domain.errors import NotFoundError, ValidationError
from accord.services.actor import Actor


@pytest.fixture
def actor(accord: Accord) -> Actor:
    accord.demo.load()
    return accord.demo.actor()


def test_the_demo_planted_two_accountable_people(accord: Accord, actor: Actor) -> None:
    milestone = accord.decision_rights.who_decides(actor, "program.milestone", "NORDICS")
    assert sorted(x.person for x in milestone.accountable) == ["astrid", "erik"]
    prioritise = accord.decision_rights.who_decides(actor, "product.prioritize", "LEDGER-CLOUD")
    assert sorted(x.person for x in prioritise.accountable) == ["lars", "maria"]


def test_a_project_inherits_its_program_sponsor(accord: Accord, actor: Actor) -> None:
    budget = accord.decision_rights.who_decides(actor, "project.budget_change", "NORD-SUOMI")
    assert [x.person for x in budget.accountable] == ["astrid"]
    own = accord.decision_rights.who_decides(actor, "project.budget_change", "UK-BRIT")
    assert [x.person for x in own.accountable] == ["liam"]  # its manager is also its sponsor


def test_the_matrix_covers_every_decision_of_the_level(accord: Accord, actor: Actor) -> None:
    matrix = accord.decision_rights.matrix(actor, "NORD-ACME")
    assert {a.decision_type for a in matrix} == {
        "project.schedule_change",
        "project.budget_change",
        "project.scope_change",
        "project.resource_assignment",
    }


def test_decisions_are_asked_at_their_level(accord: Accord, actor: Actor) -> None:
    with pytest.raises(ValidationError, match="is decided on a project"):
        accord.decision_rights.who_decides(actor, "project.budget_change", "NORDICS")
    with pytest.raises(ValidationError, match="give its key"):
        accord.decision_rights.who_decides(actor, "project.budget_change")
    with pytest.raises(NotFoundError):
        accord.decision_rights.who_decides(actor, "project.nonsense", "NORD-ACME")
    with pytest.raises(ValidationError, match="give a product, project or program"):
        accord.decision_rights.matrix(actor, "LC-PEPPOL")
