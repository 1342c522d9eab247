"""Invariants of the domain model: invalid states are rejected, naming the field and the reason."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from accord.domain.errors import ValidationError
from accord.domain.objectives import KeyResult
from accord.domain.people import Person
from accord.domain.product import Feature, FeatureStatus, Release, ReleaseState
from accord.domain.project import ConstraintType, Dependency, Project, Task
from accord.domain.resources import Resource, ResourceKind
from accord.domain.roles import Decision, DecisionLevel, DecisionType, RaciOverride, Responsibility, Role

START = dt.datetime(2027, 1, 4, 8)


def task(**changes: object) -> Task:
    values: dict[str, object] = {"key": "T1", "name": "Build", "project": "P", "duration": 480}
    return Task(**{**values, **changes})  # type: ignore[arg-type]


def rejected(field: str, build: object) -> ValidationError:
    assert callable(build)
    with pytest.raises(ValidationError) as caught:
        build()
    assert caught.value.field == field, caught.value.message
    return caught.value


@pytest.mark.parametrize("key", ["", " A", "-A", "a b", "x" * 65, "é"])
def test_a_key_must_be_short_and_plain(key: str) -> None:
    error = rejected("key", lambda: Person(key=key, name="Ana"))
    assert "is not a key" in error.message


def test_names_must_not_be_blank() -> None:
    rejected("name", lambda: Person(key="ana", name="  "))


def test_a_milestone_has_no_duration() -> None:
    rejected("duration", lambda: task(milestone=True, duration=480))
    assert task(milestone=True, duration=0).milestone


def test_a_dated_constraint_needs_its_date_and_an_undated_one_refuses_it() -> None:
    rejected("constraint_date", lambda: task(constraint=ConstraintType.MUST_START_ON))
    rejected("constraint_date", lambda: task(constraint_date=START))
    assert task(constraint=ConstraintType.FINISH_NO_LATER_THAN, constraint_date=START).constraint_date == START


def test_progress_needs_actual_dates_that_agree() -> None:
    rejected("actual_start", lambda: task(percent_complete=40))
    rejected("actual_finish", lambda: task(percent_complete=100, actual_start=START))
    rejected(
        "actual_finish",
        lambda: task(actual_start=START, actual_finish=START - dt.timedelta(hours=1), percent_complete=100),
    )
    rejected("percent_complete", lambda: task(actual_start=START, actual_finish=START, percent_complete=50))
    rejected("percent_complete", lambda: task(percent_complete=101, actual_start=START))
    done = task(percent_complete=100, actual_start=START, actual_finish=START + dt.timedelta(days=1))
    assert done.percent_complete == 100


def test_only_a_task_as_late_as_possible_takes_a_levelling_advance() -> None:
    error = rejected("levelling_delay", lambda: task(levelling_delay=-480))
    assert "only on a task as late as possible" in error.message
    assert task(levelling_delay=-480, constraint=ConstraintType.AS_LATE_AS_POSSIBLE).levelling_delay == -480
    late = task(levelling_delay=-480, constraint=ConstraintType.AS_LATE_AS_POSSIBLE)
    rejected("levelling_delay", lambda: dataclasses.replace(late, constraint=ConstraintType.AS_SOON_AS_POSSIBLE))


def test_a_task_cannot_be_its_own_parent_nor_a_link_its_own_loop() -> None:
    rejected("parent", lambda: task(parent="T1"))
    rejected("successor", lambda: Dependency(key="L", predecessor="T1", successor="T1"))


def test_a_project_deadline_cannot_precede_its_start() -> None:
    error = rejected(
        "deadline",
        lambda: Project(key="P", name="P", account="A", start=dt.date(2027, 5, 1), deadline=dt.date(2027, 4, 1)),
    )
    assert "before the start" in error.message
    rejected("budget", lambda: Project(key="P", name="P", account="A", start=dt.date(2027, 5, 1), budget=Decimal(-1)))
    rejected("currency", lambda: Project(key="P", name="P", account="A", start=dt.date(2027, 5, 1), currency="euro"))
    rejected(
        "time_zone", lambda: Project(key="P", name="P", account="A", start=dt.date(2027, 5, 1), time_zone="Mars/Base")
    )


def test_list_references_do_not_repeat() -> None:
    rejected(
        "objectives", lambda: Project(key="P", name="P", account="A", start=dt.date(2027, 5, 1), objectives=("O", "O"))
    )


def feature(**changes: object) -> Feature:
    values: dict[str, object] = {"key": "F", "name": "SSO", "product": "LC"}
    return Feature(**{**values, **changes})  # type: ignore[arg-type]


def test_feature_scores_need_all_their_inputs() -> None:
    assert feature().rice_score is None and feature().wsjf_score is None
    scored = feature(
        reach=1000,
        impact=2,
        confidence=0.5,
        effort=4,
        business_value=8,
        time_criticality=5,
        risk_reduction=3,
        job_size=8,
    )
    assert scored.rice_score == pytest.approx(250.0)
    assert scored.wsjf_score == pytest.approx(2.0)
    rejected("impact", lambda: feature(impact=1.5))
    rejected("confidence", lambda: feature(confidence=1.2))
    rejected("job_size", lambda: feature(job_size=0))


def test_the_feature_workflow_moves_forward_and_back_only_before_release() -> None:
    planned = feature(status=FeatureStatus.PLANNED, release="R1")
    planned.check_transition(FeatureStatus.IN_DEVELOPMENT)
    planned.check_transition(FeatureStatus.IDEA)
    released = feature(status=FeatureStatus.RELEASED, release="R1")
    error = rejected("status", lambda: released.check_transition(FeatureStatus.PLANNED))
    assert "allowed: retired" in error.message
    rejected("status", lambda: feature(status=FeatureStatus.RETIRED).check_transition(FeatureStatus.IDEA))
    rejected("release", lambda: feature(status=FeatureStatus.IN_DEVELOPMENT))


def test_a_release_is_released_exactly_when_it_has_a_release_date() -> None:
    base = {"key": "R", "name": "R", "product": "LC", "version": "1", "planned_date": dt.date(2027, 1, 1)}
    rejected("released_on", lambda: Release(**base, state=ReleaseState.RELEASED))  # type: ignore[arg-type]
    rejected("released_on", lambda: Release(**base, released_on=dt.date(2027, 1, 2)))  # type: ignore[arg-type]


def test_key_result_progress_runs_from_baseline_to_target() -> None:
    result = KeyResult(key="KR", name="n", objective="O", metric="days", baseline=120, target=60, current=90)
    assert result.progress == pytest.approx(0.5)
    rejected("target", lambda: KeyResult(key="KR", name="n", objective="O", metric="m", baseline=1, target=1))


def test_decisions_choose_among_their_options_and_revisit_later() -> None:
    base = {
        "key": "D",
        "question": "Q?",
        "decision_type": "project.scope_change",
        "decided_by": "p",
        "decided_on": dt.date(2027, 1, 10),
    }
    rejected("choice", lambda: Decision(**base, options=("a", "b"), choice="c"))  # type: ignore[arg-type]
    rejected("revisit_on", lambda: Decision(**base, choice="a", revisit_on=dt.date(2027, 1, 1)))  # type: ignore[arg-type]


def test_decision_type_keys_name_their_level() -> None:
    rejected("key", lambda: DecisionType(key="project.Budget", name="x", level=DecisionLevel.PROJECT))
    rejected("key", lambda: DecisionType(key="program.budget", name="x", level=DecisionLevel.PROJECT))
    assert DecisionType(
        key="project.budget", name="x", level=DecisionLevel.PROJECT, raci={Role.SPONSOR: Responsibility.ACCOUNTABLE}
    )


def test_a_raci_override_names_a_role_or_a_person() -> None:
    rejected("role", lambda: RaciOverride(key="O", decision_type="t", responsibility=Responsibility.ACCOUNTABLE))
    rejected(
        "role",
        lambda: RaciOverride(
            key="O", decision_type="t", role=Role.SPONSOR, person="p", responsibility=Responsibility.ACCOUNTABLE
        ),
    )


def test_only_work_resources_are_people() -> None:
    rejected("person", lambda: Resource(key="R", name="Licence", resource_kind=ResourceKind.MATERIAL, person="ana"))
    rejected("max_units", lambda: Resource(key="R", name="Ana", max_units=0))


def test_changes_are_new_values_checked_again() -> None:
    original = task()
    with pytest.raises(ValidationError):
        dataclasses.replace(original, duration=-1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        original.duration = 5  # type: ignore[misc]
