"""The default decision catalog."""

from __future__ import annotations

from accord.domain.catalog import default_decision_types
from accord.domain.roles import DecisionLevel, Responsibility, Role


def test_every_default_decision_has_exactly_one_accountable_role() -> None:
    for decision_type in default_decision_types():
        assert len(decision_type.roles_with(Responsibility.ACCOUNTABLE)) == 1, decision_type.key


def test_the_catalog_covers_the_decisions_the_three_disciplines_argue_about() -> None:
    by_key = {d.key: d for d in default_decision_types()}
    expected = {
        "product.prioritize": Role.PRODUCT_MANAGER,
        "product.release_plan": Role.PRODUCT_MANAGER,
        "project.schedule_change": Role.PROJECT_MANAGER,
        "project.budget_change": Role.SPONSOR,
        "project.scope_change": Role.PROJECT_MANAGER,
        "program.milestone": Role.PROGRAM_MANAGER,
        "program.resource_arbitration": Role.PROGRAM_MANAGER,
        "program.conflict_resolution": Role.PROGRAM_MANAGER,
    }
    for key, accountable in expected.items():
        assert by_key[key].roles_with(Responsibility.ACCOUNTABLE) == (accountable,), key
    assert {d.level for d in by_key.values()} == set(DecisionLevel)
