"""Entities to JSON-ready values and back."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.domain import codec
from accord.domain.calendar import Calendar, CalendarException, Weekday, WorkingTime
from accord.domain.errors import ValidationError
from accord.domain.project import Project, Task
from accord.domain.roles import DecisionLevel, DecisionType, Responsibility, Role


def roundtrip(entity: object) -> object:
    return codec.decode(type(entity), json.loads(json.dumps(codec.encode(entity))))


def test_every_kind_of_value_survives_json() -> None:
    calendar = Calendar(
        key="NO",
        name="Norway",
        week={Weekday.MONDAY: (WorkingTime.parse("08:00-12:00"),)},
        exceptions=(CalendarException(name="Offsite", start=dt.date(2027, 1, 4), finish=dt.date(2027, 1, 4)),),
        holiday_region="NO",
    )
    project = Project(
        key="P", name="P", account="A", start=dt.date(2027, 1, 4), budget=Decimal("1250.50"), objectives=("O1", "O2")
    )
    decision_type = DecisionType(
        key="project.x", name="X", level=DecisionLevel.PROJECT, raci={Role.SPONSOR: Responsibility.ACCOUNTABLE}
    )
    for entity in (calendar, project, decision_type):
        assert roundtrip(entity) == entity


def test_amounts_are_written_alike_when_equal() -> None:
    assert codec.canonical_amount(Decimal("1250.50")) == "1250.5"
    assert codec.canonical_amount(Decimal("125000")) == "125000"
    assert codec.canonical_amount(Decimal("1.25E+5")) == "125000"
    assert codec.canonical_amount(Decimal("-0.00")) == "0"


@pytest.mark.parametrize(
    ("field", "raw", "reason"),
    [
        ("duration", "abc", "is not a whole number"),
        ("duration", True, "is not a whole number"),
        ("constraint", "soon", "is not one of"),
        ("constraint_date", "2027-13-01", "is not a date and time"),
        ("constraint_date", "2027-01-01T08:00+01:00", "without a time zone"),
        ("milestone", "yes", "true or false"),
        ("nonsense", 1, "is not a field"),
    ],
)
def test_bad_values_name_the_field(field: str, raw: object, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        codec.decode(Task, {"key": "T", "name": "n", "project": "P", field: raw})
    assert caught.value.field == field
    assert reason in caught.value.message


def test_missing_required_fields_are_named() -> None:
    with pytest.raises(ValidationError) as caught:
        codec.decode(Task, {"key": "T", "name": "n"})
    assert caught.value.field == "project"


@given(
    amount=st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False),
    start=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    days=st.integers(min_value=0, max_value=3650),
)
def test_projects_roundtrip_for_any_amount_and_dates(amount: Decimal, start: dt.date, days: int) -> None:
    project = Project(
        key="P", name="P", account="A", start=start, deadline=start + dt.timedelta(days=days), budget=abs(amount)
    )
    assert roundtrip(project) == project
