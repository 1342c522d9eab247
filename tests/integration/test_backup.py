"""A backup restores exactly: export → import into an empty database → export gives the same
document, on SQLite and PostgreSQL, for the demo and for generated organisations."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from accord.bootstrap import Accord, bootstrap
from accord.domain.base import Entity
from accord.domain.errors import AccordError, DuplicateKeyError, NotFoundError, ValidationError
from accord.domain.organization import Organization
from accord.services.demo import ORGANIZATION
from accord.settings import Settings
from accord.store.database import sqlite_url
from accord.store.schema import entities, organizations
from tests.conftest import empty_postgres
from tests.strategies import organizations as generated_organizations
from tests.strategies import with_catalog


def fresh(url: str, tmp_path: Path, name: str) -> Accord:
    """Another empty database of the same backend as `url`."""
    if url.startswith("sqlite"):
        return bootstrap(Settings(database_url=sqlite_url(tmp_path / f"{name}.db")))
    empty_postgres(url)
    return bootstrap(Settings(database_url=url))


def row_count(accord: Accord) -> int:
    with accord.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(entities)) or 0) + int(
            connection.scalar(select(func.count()).select_from(organizations)) or 0
        )


def test_the_demo_survives_export_and_import(accord: Accord, database_url: str, tmp_path: Path) -> None:
    assert accord.demo.load()
    first = accord.backup.export(ORGANIZATION.key)
    assert sum(len(rows) for rows in first["entities"].values()) > 400
    text = json.dumps(first)
    accord.close()
    target = fresh(database_url, tmp_path, "target")
    restored = target.backup.restore(json.loads(text))
    assert restored == ORGANIZATION
    assert target.backup.export(ORGANIZATION.key) == first
    target.close()


def test_a_backup_moves_between_backends(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    source = bootstrap(Settings(database_url=sqlite_url(tmp_path / "source.db")))
    source.demo.load()
    document = source.backup.export(ORGANIZATION.key)
    source.close()
    url: str = request.getfixturevalue("postgres_database")
    empty_postgres(url)
    target = bootstrap(Settings(database_url=url))
    target.backup.restore(document)
    assert target.backup.export(ORGANIZATION.key) == document
    target.close()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_generated_organizations_roundtrip(accord: Accord, data: st.DataObject) -> None:
    organization, made = data.draw(generated_organizations())
    made = with_catalog(made)
    versions = [data.draw(st.integers(1, 50)) for _ in made]
    for existing in accord.organizations.all():  # left by an earlier, failed example
        accord.organizations.remove(existing.key)
    accord.backup.write(organization, made, versions, [])
    first = accord.backup.export(organization.key)
    accord.organizations.remove(organization.key)
    assert row_count(accord) == 0
    accord.backup.restore(json.loads(json.dumps(first)))
    second = accord.backup.export(organization.key)
    assert second == first
    restored = {e["key"]: e for rows in second["entities"].values() for e in rows}
    for entity, version in zip(made, versions, strict=True):
        assert restored[entity.key]["lock_version"] == version


def _demo_document(accord: Accord) -> dict:  # type: ignore[type-arg]
    accord.demo.load()
    document = accord.backup.export(ORGANIZATION.key)
    accord.organizations.remove(ORGANIZATION.key)
    return document


def _broken(document: dict, change: str) -> dict:  # type: ignore[type-arg]
    broken = copy.deepcopy(document)
    if change == "format":
        broken["format"] = "something-else"
    elif change == "version":
        broken["format_version"] = 99
    elif change == "field":
        broken["entities"]["tasks"][3]["duration"] = "three days"
    elif change == "reference":
        broken["entities"]["scope-items"][0]["feature"] = "NO-SUCH-FEATURE"
    elif change == "duplicate":
        broken["entities"]["people"].append(copy.deepcopy(broken["entities"]["people"][0]))
    elif change == "kind":
        broken["entities"]["spaceships"] = []
    elif change == "loop":
        tasks = broken["entities"]["tasks"]
        tasks[0]["parent"] = tasks[1]["key"]
    return broken


@pytest.mark.parametrize(
    ("change", "error", "says"),
    [
        ("format", ValidationError, "not an Accord backup"),
        ("version", ValidationError, "version 99"),
        ("field", ValidationError, "entities.tasks[3]"),
        ("reference", NotFoundError, "NO-SUCH-FEATURE"),
        ("duplicate", DuplicateKeyError, "already used"),
        ("kind", ValidationError, "spaceships"),
        ("loop", ValidationError, "loop"),
    ],
)
def test_a_bad_backup_is_refused_whole(accord: Accord, change: str, error: type[AccordError], says: str) -> None:
    document = _demo_document(accord)
    with pytest.raises(error) as caught:
        accord.backup.restore(_broken(document, change))
    assert says in caught.value.message
    assert row_count(accord) == 0


def test_an_existing_organization_is_not_overwritten(accord: Accord) -> None:
    document = _demo_document(accord)
    accord.backup.restore(document)
    with pytest.raises(DuplicateKeyError):
        accord.backup.restore(document)
    assert accord.backup.export(ORGANIZATION.key) == document


def test_restoring_a_generated_entity_set_checks_integrity(accord: Accord) -> None:
    made: list[Entity] = with_catalog([])
    accord.backup.write(Organization(key="EMPTY", name="Empty"), made, [1] * len(made), [])
    assert accord.backup.export("EMPTY")["entities"]["decision-types"]
