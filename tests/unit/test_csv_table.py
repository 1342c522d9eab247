"""CSV in and out: columns mapped to fields, every bad row named by its line, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.domain.errors import ValidationError
from accord.domain.product import Feature, FeatureStatus
from accord.domain.project import ConstraintType, Dependency, Task
from accord.interchange import csv_table


def test_tasks_go_out_and_come_back_the_same() -> None:
    tasks = [
        Task(key="A", name="Design, phase 1", project="P", duration=960, optimistic=800, pessimistic=1440),
        Task(
            key="B", name="Build", project="P", duration=2400, constraint=ConstraintType.START_NO_EARLIER_THAN,
            constraint_date=dt.datetime(2027, 3, 1, 8), elapsed=True,
        ),
        Task(key="M", name="Done", project="P", milestone=True),
    ]
    links = [Dependency(key="L1", predecessor="A", successor="B"), Dependency(key="L2", predecessor="B", successor="M")]
    text = csv_table.write(Task, tasks, links)
    table = csv_table.read(Task, text, "P")
    back = [e for e in table.entities if isinstance(e, Task)]
    assert back == tasks and table.rows == 3
    assert {(d.predecessor, d.successor) for d in table.entities if isinstance(d, Dependency)} == {("A", "B"), ("B", "M")}


def test_features_with_lists_and_scores_round_trip() -> None:
    features = [
        Feature(key="F1", name="SSO", product="PR", status=FeatureStatus.PLANNED, release="R1", rank=2, effort=3.5,
                objectives=("O1", "O2"), requested_by=("ACME",)),
    ]
    assert [e for e in csv_table.read(Feature, csv_table.write(Feature, features), "PR").entities] == features


def test_columns_are_mapped_and_bad_rows_are_named_by_line() -> None:
    text = "ID,Task Name,duration,milestone\nT1,Design,480,no\nT2,,x,yes\nT3,Ship,0,maybe\n"
    with pytest.raises(ValidationError) as refused:
        csv_table.read(Task, text, "P", {"ID": "key", "Task Name": "name"})
    message = str(refused.value)
    assert "2 bad of 3" in message and "line 3" in message and "line 4" in message and "nothing was taken" in message
    good = csv_table.read(Task, "ID,Task Name,duration,milestone\nT1,Design,480,no\nT2,Done,0,yes\n", "P", {"ID": "key", "Task Name": "name"})
    assert [(t.key, t.milestone) for t in good.entities if isinstance(t, Task)] == [("T1", False), ("T2", True)]


@pytest.mark.parametrize(
    ("text", "mapping", "message"),
    [
        ("", None, "heading"),
        ("key,colour\nT1,red\n", None, "colour match no field"),
        ("key,name\nT1,A\n", {"Name": "name"}, "no column 'Name'"),
        ("key,name\nT1,A\n", {"name": "colour"}, "no field 'colour'"),
        ("key,name\nT1,A,extra\n", None, "more cells than columns"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(text: str, mapping: dict[str, str] | None, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        csv_table.read(Task, text, "P", mapping)
