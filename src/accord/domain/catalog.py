"""The default catalog of decision types and their RACI, seeded into every new organisation.

Each decision type has exactly one accountable canonical role. The reasoning, in short:
product managers own *what* the product becomes and when it ships; project managers own *how
and when* a client implementation is delivered within its budget; program managers own what
spans projects (shared milestones, shared people, conflicts between projects); sponsors own
money and the organisation-wide calls. `docs/decision-rights.md` explains each line.
"""

from __future__ import annotations

from accord.domain.roles import DecisionLevel, DecisionType, Responsibility, Role

R, A, C, I = (  # noqa: E741 - the RACI letters
    Responsibility.RESPONSIBLE,
    Responsibility.ACCOUNTABLE,
    Responsibility.CONSULTED,
    Responsibility.INFORMED,
)
PdM, PjM, PgM = Role.PRODUCT_MANAGER, Role.PROJECT_MANAGER, Role.PROGRAM_MANAGER
SPO, TM, CC, STK = Role.SPONSOR, Role.TEAM_MEMBER, Role.CLIENT_CONTACT, Role.STAKEHOLDER

_CATALOG: tuple[tuple[str, str, str, dict[Role, Responsibility]], ...] = (
    (
        "product.prioritize",
        "Prioritise the product backlog",
        "Order features by value; decide what is in and out of the product.",
        {PdM: A, TM: C, PjM: C, PgM: C, STK: I, SPO: I},
    ),
    (
        "product.release_plan",
        "Plan a release",
        "Decide a release's date and which features it carries.",
        {PdM: A, TM: R, PjM: C, PgM: C, SPO: I, CC: I},
    ),
    (
        "product.feature_acceptance",
        "Accept a feature as done",
        "Decide that a feature meets its acceptance criteria and can ship.",
        {PdM: A, TM: R, STK: I},
    ),
    (
        "project.schedule_change",
        "Change a project's schedule",
        "Move a project's committed dates, milestones or phase boundaries.",
        {PjM: A, TM: R, CC: C, PgM: C, PdM: I, SPO: I},
    ),
    (
        "project.budget_change",
        "Change a project's budget",
        "Raise or reallocate a project's budget.",
        {SPO: A, PjM: R, PgM: C, CC: C},
    ),
    (
        "project.scope_change",
        "Change a project's scope",
        "Add or remove scope items (features promised to the client).",
        {PjM: A, CC: C, PdM: C, PgM: C, SPO: I},
    ),
    (
        "project.resource_assignment",
        "Assign people to project work",
        "Decide who works on which task within the project.",
        {PjM: A, TM: C, PgM: I},
    ),
    (
        "program.milestone",
        "Set or move a program milestone",
        "Decide the date of a milestone that several projects must meet.",
        {PgM: A, PjM: C, PdM: C, SPO: I, STK: I},
    ),
    (
        "program.resource_arbitration",
        "Arbitrate shared people between projects",
        "Decide which project gets a person both need in the same period.",
        {PgM: A, PjM: C, TM: I},
    ),
    (
        "program.conflict_resolution",
        "Resolve a conflict between projects",
        "Decide between member projects (or a project and the product roadmap) that disagree.",
        {PgM: A, PjM: C, PdM: C, SPO: I},
    ),
    (
        "program.benefit_realisation",
        "Confirm a program benefit",
        "Decide how a benefit is measured and whether it has been realised.",
        {SPO: A, PgM: R, STK: C},
    ),
    (
        "organization.portfolio_investment",
        "Invest in a product, project or program",
        "Start, stop or fund work at portfolio level.",
        {SPO: A, PgM: C, PdM: C, PjM: C, STK: I},
    ),
    (
        "organization.role_definition",
        "Define titles and decision rights",
        "Decide which title means which role and who decides what.",
        {SPO: A, PgM: C, PdM: C, PjM: C, TM: I, STK: I},
    ),
)


def default_decision_types() -> tuple[DecisionType, ...]:
    return tuple(
        DecisionType(
            key=key,
            name=name,
            level=DecisionLevel(key.split(".", 1)[0]),
            description=description,
            raci=dict(raci),
        )
        for key, name, description, raci in _CATALOG
    )
