"""Findings rules: each fires on a minimal case, stays silent on the nearest correct one, and
routes to the right person."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from accord.alignment.findings import Portfolio, Severity
from accord.alignment.rules import check
from accord.domain.catalog import default_decision_types
from accord.domain.objectives import Objective
from accord.domain.people import Person
from accord.domain.product import Feature, FeatureStatus, Product, Release
from accord.domain.program import Benefit, Program
from accord.domain.project import Project, ScopeItem
from accord.domain.roles import Decision, Role, RoleAssignment, Title
from accord.services.demo import demo_entities

D = dt.date


def ra(n: int, person: str, role: Role, entity: str, title: str | None = None) -> RoleAssignment:
    return RoleAssignment(key=f"RA-{n}", person=person, role=role, entity=entity, title=title)


def base(**changes: object) -> Portfolio:
    """A small, aligned organisation: no findings at all."""
    values: dict[str, object] = {
        "organization": "ORG",
        "people": [
            Person(key=k, name=k, title=t)
            for k, t in [("boss", "sponsor-title"), ("pgm", None), ("pm", None), ("pdm", None)]
        ],
        "titles": [
            Title(key="sponsor-title", name="Director", role=Role.SPONSOR),
            Title(key="po", name="Product Owner", role=Role.PRODUCT_MANAGER),
        ],
        "holders": [
            ra(1, "pgm", Role.PROGRAM_MANAGER, "PG"),
            ra(2, "boss", Role.SPONSOR, "PG"),
            ra(3, "pm", Role.PROJECT_MANAGER, "P1"),
            ra(4, "pdm", Role.PRODUCT_MANAGER, "PR"),
        ],
        "overrides": [],
        "decision_types": list(default_decision_types()),
        "decisions": [],
        "objectives": [Objective(key="O1", name="Grow")],
        "key_results": [],
        "products": [Product(key="PR", name="Product", objectives=("O1",))],
        "features": [Feature(key="F1", name="Feature", product="PR", release="R1", status=FeatureStatus.PLANNED)],
        "releases": [Release(key="R1", name="R1", product="PR", version="1", planned_date=D(2027, 3, 1))],
        "projects": [
            Project(key="P1", name="Project", account="A", program="PG", start=D(2027, 1, 1), budget=Decimal(100))
        ],
        "programs": [Program(key="PG", name="Program", objectives=("O1",), budget=Decimal(100))],
        "scope": [ScopeItem(key="S1", project="P1", feature="F1", needed_by=D(2027, 4, 1))],
        "benefits": [Benefit(key="B1", name="Benefit", program="PG", measure="revenue")],
    }
    values.update(changes)
    return Portfolio(**values)  # type: ignore[arg-type]


def rules(portfolio: Portfolio) -> dict[str, list]:  # type: ignore[type-arg]
    found: dict[str, list] = {}  # type: ignore[type-arg]
    for f in check(portfolio):
        found.setdefault(f.rule, []).append(f)
    return found


def test_an_aligned_organisation_has_no_findings() -> None:
    assert check(base()) == []


def test_a_late_feature_goes_to_the_program() -> None:
    late = base(scope=[ScopeItem(key="S1", project="P1", feature="F1", needed_by=D(2027, 2, 1))])
    [finding] = rules(late)["DATE-FEATURE-LATE"]
    assert finding.decider.accountable == ("pgm",) and finding.decider.decision_type == "program.conflict_resolution"
    assert finding.facts["days_late"] == 28 and finding.severity is Severity.HIGH


def test_outside_a_program_the_sponsor_decides_a_roadmap_conflict() -> None:
    alone = base(
        projects=[Project(key="P1", name="Project", account="A", start=D(2027, 1, 1), objectives=("O1",))],
        holders=[
            ra(3, "pm", Role.PROJECT_MANAGER, "P1"),
            ra(5, "boss", Role.SPONSOR, "P1"),
            ra(4, "pdm", Role.PRODUCT_MANAGER, "PR"),
            ra(1, "pgm", Role.PROGRAM_MANAGER, "PG"),
        ],
        features=[Feature(key="F1", name="Feature", product="PR")],
    )
    [finding] = rules(alone)["ALIGN-NOT-ON-ROADMAP"]
    assert finding.decider.accountable == ("boss",)


def test_owners_titles_and_decisions() -> None:
    found = rules(
        base(
            holders=[
                ra(1, "pgm", Role.PROGRAM_MANAGER, "PG"),
                ra(2, "boss", Role.SPONSOR, "PG"),
                ra(4, "pdm", Role.PRODUCT_MANAGER, "PR", "po"),
                ra(3, "pm", Role.PROJECT_MANAGER, "P1", "po"),
            ]
        )
    )
    assert [f.id for f in found["ROLE-AMBIGUOUS-TITLE"]] == ["ROLE-AMBIGUOUS-TITLE:po"]
    missing = rules(
        base(
            holders=[
                ra(1, "pgm", Role.PROGRAM_MANAGER, "PG"),
                ra(2, "boss", Role.SPONSOR, "PG"),
                ra(4, "pdm", Role.PRODUCT_MANAGER, "PR"),
            ]
        )
    )
    assert [f.id for f in missing["ROLE-OWNER-MISSING"]] == ["ROLE-OWNER-MISSING:P1"]
    assert missing["ROLE-OWNER-MISSING"][0].decider.accountable == ("boss",), "the sponsor by title decides investments"
    decided = base(
        decisions=[
            Decision(
                key="DEC-1",
                question="Q?",
                decision_type="project.schedule_change",
                entity="P1",
                choice="x",
                decided_by="pgm",
                decided_on=D(2027, 1, 5),
            )
        ]
    )
    [unauthorised] = rules(decided)["ROLE-UNAUTHORISED-DECISION"]
    assert unauthorised.decider.accountable == ("pm",)
    fine = dataclasses.replace(decided, decisions=[dataclasses.replace(decided.decisions[0], decided_by="pm")])
    assert "ROLE-UNAUTHORISED-DECISION" not in rules(fine)


def test_objectives_budgets_and_benefits() -> None:
    found = rules(
        base(
            programs=[Program(key="PG", name="Program", budget=Decimal(50))],
            benefits=[Benefit(key="B1", name="B", program="PG")],
        )
    )
    assert {f.id for f in found["ALIGN-NO-OBJECTIVE"]} == {"ALIGN-NO-OBJECTIVE:PG", "ALIGN-NO-OBJECTIVE:P1"}
    assert [f.id for f in found["BUD-PROGRAM-OVERCOMMITTED"]] == ["BUD-PROGRAM-OVERCOMMITTED:PG"]
    assert [f.id for f in found["BEN-UNMEASURED"]] == ["BEN-UNMEASURED:B1"]
    unsupported = rules(base(objectives=[Objective(key="O1", name="Grow"), Objective(key="O2", name="Idle")]))
    assert [f.id for f in unsupported["ALIGN-UNSUPPORTED-OBJECTIVE"]] == ["ALIGN-UNSUPPORTED-OBJECTIVE:O2"]
    child = base(objectives=[Objective(key="O0", name="Top"), Objective(key="O1", name="Grow", parent="O0")])
    assert "ALIGN-UNSUPPORTED-OBJECTIVE" not in rules(child), "serving a child objective serves its parent"


def test_the_demo_triggers_the_rules_and_ids_are_stable() -> None:
    entities = demo_entities()

    def of(cls: type) -> list:  # type: ignore[type-arg]
        return [e for e in entities if isinstance(e, cls)]

    from accord.domain.objectives import KeyResult
    from accord.domain.roles import DecisionType, RaciOverride

    portfolio = Portfolio(
        "LEDGER",
        of(Person),
        of(Title),
        of(RoleAssignment),
        of(RaciOverride),
        of(DecisionType),
        of(Decision),
        of(Objective),
        of(KeyResult),
        of(Product),
        of(Feature),
        of(Release),
        of(Project),
        of(Program),
        of(ScopeItem),
        of(Benefit),
    )
    first = check(portfolio)
    assert {f.rule for f in first} >= {
        "ROLE-NO-ACCOUNTABLE",
        "ROLE-MULTI-ACCOUNTABLE",
        "ROLE-OWNER-MISSING",
        "ROLE-AMBIGUOUS-TITLE",
        "ROLE-UNAUTHORISED-DECISION",
        "ROLE-SEGREGATION",
        "ALIGN-NO-OBJECTIVE",
        "ALIGN-UNSUPPORTED-OBJECTIVE",
        "ALIGN-NOT-ON-ROADMAP",
        "DATE-FEATURE-LATE",
        "BUD-PROGRAM-OVERCOMMITTED",
        "BEN-UNMEASURED",
    }
    assert [f.id for f in check(portfolio)] == [f.id for f in first]
    assert len({f.id for f in first}) == len(first)


def test_date_rules_read_the_schedule() -> None:
    from accord.alignment.findings import TaskTiming
    from accord.domain.program import Milestone
    from accord.domain.project import Dependency, Task

    tasks = [
        Task(key="P1-1", name="Go-live", project="P1", milestone=True),
        Task(key="P2-1", name="Work", project="P2", duration=480),
    ]
    projects = [
        Project(
            key="P1",
            name="One",
            account="A",
            program="PG",
            start=D(2027, 1, 1),
            deadline=D(2027, 3, 1),
            budget=Decimal(50),
        ),
        Project(key="P2", name="Two", account="A", program="PG", start=D(2027, 1, 1), budget=Decimal(50)),
    ]
    timing = {
        "P1-1": TaskTiming(dt.datetime(2027, 3, 3, 17), dt.datetime(2027, 3, 3, 17), 0),
        "P2-1": TaskTiming(dt.datetime(2027, 2, 1, 8), dt.datetime(2027, 2, 1, 17), -480),
    }
    portfolio = base(
        projects=projects,
        tasks=tasks,
        dates=timing,
        holders=[*base().holders, ra(9, "pm", Role.PROJECT_MANAGER, "P2")],
        milestones=[Milestone(key="M", name="Go-live", program="PG", date=D(2027, 3, 2), depends_on=("P1-1",))],
        links=[Dependency(key="X", predecessor="P2-1", successor="P1-1")],
    )
    found = rules(portfolio)
    [deadline] = found["DATE-DEADLINE"]
    assert deadline.facts["days_late"] == 2 and deadline.decider.accountable == ("pm",)
    [milestone] = found["DATE-PROGRAM-MILESTONE"]
    assert milestone.entities == ("M", "P1-1") and milestone.decider.accountable == ("pgm",)
    [cross] = found["DATE-CROSS-PROJECT"]
    assert cross.decider.decision_type == "program.conflict_resolution"
    on_time = dataclasses.replace(
        portfolio,
        dates={
            "P1-1": TaskTiming(dt.datetime(2027, 2, 26, 17), dt.datetime(2027, 2, 26, 17), 0),
            "P2-1": TaskTiming(dt.datetime(2027, 2, 1, 8), dt.datetime(2027, 2, 1, 17), 0),
        },
    )
    assert not {"DATE-DEADLINE", "DATE-PROGRAM-MILESTONE", "DATE-CROSS-PROJECT"} & set(rules(on_time))


def test_a_person_booked_on_two_projects_at_once_is_overallocated() -> None:
    from accord.alignment.findings import TaskTiming
    from accord.domain.project import Task
    from accord.domain.resources import Assignment, Resource

    projects = [
        Project(key="P1", name="One", account="A", program="PG", start=D(2027, 1, 1), objectives=("O1",)),
        Project(key="P2", name="Two", account="A", program="PG", start=D(2027, 1, 1), objectives=("O1",)),
    ]
    tasks = [Task(key="A", name="A", project="P1", duration=960), Task(key="B", name="B", project="P2", duration=960)]
    monday = dt.datetime(2027, 1, 4, 8)
    timing = {
        "A": TaskTiming(monday, monday + dt.timedelta(days=1, hours=9), 0),
        "B": TaskTiming(monday + dt.timedelta(days=1), monday + dt.timedelta(days=2, hours=9), 0),
    }
    portfolio = base(
        projects=projects,
        tasks=tasks,
        dates=timing,
        resources=[Resource(key="R", name="Ana", person="ana")],
        assignments=[Assignment(key="X1", task="A", resource="R"), Assignment(key="X2", task="B", resource="R")],
        holders=[*base().holders, ra(9, "pm", Role.PROJECT_MANAGER, "P2")],
    )
    [found] = rules(portfolio)["RES-OVERALLOCATED"]
    assert found.entities == ("ana", "P1", "P2") and found.facts["days"] == 1 and found.facts["hours"] == 8
    assert found.decider.decision_type == "program.resource_arbitration" and found.decider.accountable == ("pgm",)
    apart = dataclasses.replace(
        portfolio,
        dates={**timing, "B": TaskTiming(monday + dt.timedelta(days=2), monday + dt.timedelta(days=3, hours=9), 0)},
    )
    assert "RES-OVERALLOCATED" not in rules(apart)


def test_a_forecast_overrun_beyond_tolerance_goes_to_the_budget_owner() -> None:
    from accord.alignment.findings import Forecast

    over = base(
        forecasts={"P1": Forecast(D(2027, 3, 1), 100.0, 125.0, 0.8)},
        holders=[*base().holders, ra(9, "boss", Role.SPONSOR, "P1")],
    )
    [found] = rules(over)["BUD-FORECAST-OVERRUN"]
    assert found.severity is Severity.HIGH and found.facts["estimate_at_completion"] == 125.0
    assert found.decider.decision_type == "project.budget_change" and found.decider.accountable == ("boss",)
    within = dataclasses.replace(over, forecasts={"P1": Forecast(D(2027, 3, 1), 100.0, 109.0, 0.92)})
    assert "BUD-FORECAST-OVERRUN" not in rules(within)


def _crowded_release(capacity: float, *, project_priority: int = 500, program_priority: int = 800) -> Portfolio:
    """R1 holds F0 (rank 1, 3 person-months, needed by nobody) and F1 (rank 2, 2 person-months),
    which P1 needs; P1 is in program PG."""
    return base(
        releases=[Release(key="R1", name="R1", product="PR", version="1", planned_date=D(2027, 3, 1), capacity=capacity)],
        features=[
            Feature(key="F0", name="Nice to have", product="PR", release="R1", rank=1, effort=3, objectives=("O1",)),
            Feature(key="F1", name="Feature", product="PR", release="R1", rank=2, effort=2),
        ],
        projects=[
            Project(
                key="P1", name="Project", account="A", program="PG", start=D(2027, 1, 1), budget=Decimal(100),
                priority=project_priority,
            )
        ],
        programs=[Program(key="PG", name="Program", objectives=("O1",), budget=Decimal(100), priority=program_priority)],
    )


def test_a_feature_a_priority_program_needs_below_the_cut_line_is_an_inversion() -> None:
    [finding] = rules(_crowded_release(4))["ALIGN-PRIORITY-INVERSION"]
    assert finding.id == "ALIGN-PRIORITY-INVERSION:F1+R1"
    assert finding.facts["ahead"] == ["F0"] and finding.facts["needed_by"] == ["P1"]
    assert finding.decider.accountable == ("pgm",) and finding.decider.decision_type == "program.conflict_resolution"
    assert "P1 (priority 800)" in finding.explanation


def test_no_inversion_when_it_fits_or_nobody_important_waits() -> None:
    assert "ALIGN-PRIORITY-INVERSION" not in rules(_crowded_release(5)), "3 + 2 fits a capacity of 5"
    assert "ALIGN-PRIORITY-INVERSION" not in rules(_crowded_release(4, program_priority=500)), "priority 500 is not high"
    assert "ALIGN-PRIORITY-INVERSION" in rules(_crowded_release(4, project_priority=900, program_priority=100))


def test_the_cut_line_follows_the_backlog_order_and_never_guesses_an_effort() -> None:
    from accord.alignment.rules.roadmap import backlog_order, cut

    a = Feature(key="A", name="A", product="PR", effort=2, business_value=1, time_criticality=1, risk_reduction=1, job_size=1)
    b = Feature(key="B", name="B", product="PR", effort=2, rank=1)
    c = Feature(key="C", name="C", product="PR", effort=None, business_value=20, time_criticality=20, risk_reduction=20, job_size=1)
    d = Feature(key="D", name="D", product="PR", effort=1)
    ranked = backlog_order([d, a, c, b])
    assert [f.key for f in ranked] == ["B", "C", "A", "D"], "ranked first, then WSJF, then the unscored"
    above, below = cut(ranked, 4)
    assert [f.key for f in above] == ["B", "C", "A"] and [f.key for f in below] == ["D"]


def test_a_benefit_behind_its_plan_goes_to_the_benefit_owner() -> None:
    due = Benefit(
        key="B1", name="Benefit", program="PG", measure="revenue", planned_value=10, realised_value=4,
        planned_by=D(2027, 1, 31),
    )
    [finding] = rules(base(benefits=[due], as_of=D(2027, 2, 1)))["BEN-UNMEASURED"]
    assert finding.facts["behind_plan"] is True and "(40%)" in finding.explanation
    assert finding.decider.decision_type == "program.benefit_realisation" and finding.decider.entity == "PG"
    assert "BEN-UNMEASURED" not in rules(base(benefits=[due], as_of=D(2027, 1, 31))), "not due yet"
    met = dataclasses.replace(due, realised_value=10)
    assert "BEN-UNMEASURED" not in rules(base(benefits=[met], as_of=D(2027, 6, 1))), "realised as planned"


def test_a_key_result_without_work_is_unsupported_once_work_is_tracked_by_key_result() -> None:
    from accord.domain.objectives import KeyResult

    results = [
        KeyResult(key="KR1", name="Revenue", objective="O1", metric="EUR", target=10),
        KeyResult(key="KR2", name="Churn", objective="O1", metric="%", target=2, baseline=5),
    ]
    by_objective = rules(base(key_results=results))
    assert "ALIGN-UNSUPPORTED-OBJECTIVE" not in by_objective, "work names the objective only: nothing to say per result"
    by_result = rules(
        base(key_results=results, products=[Product(key="PR", name="Product", objectives=("KR1",))])
    )
    [finding] = by_result["ALIGN-UNSUPPORTED-OBJECTIVE"]
    assert finding.entities == ("KR2",) and finding.decider.decision_type == "organization.portfolio_investment"
    assert "ALIGN-NO-OBJECTIVE" not in by_result, "serving a key result serves its objective"
