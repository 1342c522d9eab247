"""Who decides: the RACI in force, people resolved, with reasons."""

from __future__ import annotations

from accord.alignment.decision_rights import Context, resolve
from accord.domain.catalog import default_decision_types
from accord.domain.roles import RaciOverride, Responsibility, Role, RoleAssignment

TYPES = {t.key: t for t in default_decision_types()}
A, C, R, I = Responsibility.ACCOUNTABLE, Responsibility.CONSULTED, Responsibility.RESPONSIBLE, Responsibility.INFORMED  # noqa: E741


def holders(*rows: tuple[str, Role, str]) -> list[RoleAssignment]:
    return [RoleAssignment(key=f"RA-{i}", person=p, role=r, entity=e) for i, (p, r, e) in enumerate(rows, start=1)]


def context(*rows: tuple[str, Role, str], overrides: tuple[RaciOverride, ...] = ()) -> Context:
    return Context(holders(*rows), overrides, {"P1": "PG"}, {Role.SPONSOR: ["boss"]})


def test_the_project_manager_decides_a_schedule_change() -> None:
    answer = resolve(
        TYPES["project.schedule_change"],
        "P1",
        context(("pm", Role.PROJECT_MANAGER, "P1"), ("pgm", Role.PROGRAM_MANAGER, "PG")),
    )
    assert [x.person for x in answer.accountable] == ["pm"]
    assert "holds project_manager on P1 (RA-1)" in answer.accountable[0].reason
    consulted = answer.with_responsibility(C)
    assert [x.person for x in consulted] == ["pgm"] and "above P1" in consulted[0].reason


def test_a_role_nobody_holds_is_reported_unfilled() -> None:
    answer = resolve(TYPES["project.budget_change"], "P1", context(("pm", Role.PROJECT_MANAGER, "P1")))
    assert answer.accountable == ()
    assert [(x.role, x.responsibility) for x in answer.unfilled if x.responsibility is A] == [(Role.SPONSOR, A)]


def test_the_nearest_override_wins_and_a_named_person_adds_to_the_role() -> None:
    overrides = (
        RaciOverride(key="O1", decision_type="project.schedule_change", role=Role.CLIENT_CONTACT, responsibility=I),
        RaciOverride(
            key="O2", decision_type="project.schedule_change", entity="PG", role=Role.CLIENT_CONTACT, responsibility=C
        ),
        RaciOverride(
            key="O3", decision_type="project.schedule_change", entity="P1", role=Role.CLIENT_CONTACT, responsibility=R
        ),
        RaciOverride(
            key="O4", decision_type="project.schedule_change", entity="P1", person="sponsor", responsibility=A
        ),
    )
    answer = resolve(
        TYPES["project.schedule_change"],
        "P1",
        context(("pm", Role.PROJECT_MANAGER, "P1"), ("client", Role.CLIENT_CONTACT, "P1"), overrides=overrides),
    )
    client = [x for x in answer.lines if x.person == "client"]
    assert [(x.responsibility, x.reason.split(";")[0]) for x in client] == [(R, "override O3 on P1")]
    assert sorted(x.person for x in answer.accountable) == ["pm", "sponsor"]


def test_organisation_decisions_go_to_people_by_title() -> None:
    answer = resolve(TYPES["organization.role_definition"], "ORG", context())
    assert [x.person for x in answer.accountable] == ["boss"]
    assert "title means sponsor" in answer.accountable[0].reason


def test_roles_compare_shows_who_is_accountable_alone_and_where_roles_meet() -> None:
    from accord.alignment.decision_rights import compare_roles

    override = RaciOverride(
        key="O", decision_type="project.schedule_change", role=Role.PRODUCT_MANAGER, responsibility=C
    )
    rights, shared = compare_roles(
        list(TYPES.values()),
        [override],
        {Role.PROJECT_MANAGER: ["Product Owner"]},
        [Role.PRODUCT_MANAGER, Role.PROJECT_MANAGER],
    )
    product, project = rights
    assert set(product.by_responsibility[A]) == {
        "product.prioritize",
        "product.release_plan",
        "product.feature_acceptance",
    }
    assert "project.schedule_change" in product.by_responsibility[C], "the organisation-wide override applies"
    assert project.titles == ("Product Owner",)
    assert "project.budget_change" not in project.by_responsibility[A]
    [(first, second, both)] = shared
    assert (first, second) == (Role.PRODUCT_MANAGER, Role.PROJECT_MANAGER)
    assert "product.release_plan" in both and "project.scope_change" in both
