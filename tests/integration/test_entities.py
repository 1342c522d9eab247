"""Create, read, update and delete through the services, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from accord.bootstrap import Accord
from accord.domain.errors import (
    DuplicateKeyError,
    NotFoundError,
    PermissionDeniedError,
    StaleVersionError,
    StillReferencedError,
    ValidationError,
)
from accord.services.actor import Actor
from tests.factories import new_organization


@pytest.fixture
def actor(accord: Accord) -> Actor:
    actor = new_organization(accord)
    add = accord.entities.add
    add(actor, "account", {"key": "BRIT", "name": "Britannia Foods"})
    add(actor, "objective", {"key": "OBJ", "name": "Grow"})
    add(
        actor,
        "project",
        {
            "key": "P1",
            "name": "One",
            "account": "BRIT",
            "start": "2027-01-04",
            "budget": "1000.50",
            "objectives": ["OBJ"],
        },
    )
    add(actor, "task", {"key": "P1-1", "name": "Phase", "project": "P1"})
    add(actor, "task", {"key": "P1-1.1", "name": "Work", "project": "P1", "parent": "P1-1", "duration": 960})
    return actor


def test_added_entities_read_back_with_their_version(accord: Accord, actor: Actor) -> None:
    stored = accord.entities.get(actor, "project", "P1")
    assert stored.version == 1
    assert str(stored.entity.budget) == "1000.5"  # type: ignore[attr-defined]
    assert stored.entity.objectives == ("OBJ",)  # type: ignore[attr-defined]
    tasks = accord.entities.find(actor, "tasks", {"project": "P1"})
    assert [t.entity.key for t in tasks] == ["P1-1", "P1-1.1"]


def test_generated_keys_count_up(accord: Accord, actor: Actor) -> None:
    first = accord.entities.add(actor, "dependency", {"predecessor": "P1-1", "successor": "P1-1.1"})
    accord.entities.add(actor, "person", {"key": "ana", "name": "Ana"})
    second = accord.entities.add(actor, "role_assignment", {"person": "ana", "role": "team_member", "entity": "P1"})
    assert (first.entity.key, second.entity.key) == ("DEP-1", "RA-1")


def test_an_update_states_the_version_it_read(accord: Accord, actor: Actor) -> None:
    updated = accord.entities.update(actor, "project", "P1", {"name": "One, renamed"}, expected_version=1)
    assert updated.version == 2
    with pytest.raises(StaleVersionError, match="changed by someone else"):
        accord.entities.update(actor, "project", "P1", {"name": "Lost update"}, expected_version=1)
    assert accord.entities.get(actor, "project", "P1").entity.name == "One, renamed"  # type: ignore[attr-defined]


def test_keys_are_unique_across_kinds(accord: Accord, actor: Actor) -> None:
    with pytest.raises(DuplicateKeyError):
        accord.entities.add(actor, "product", {"key": "P1", "name": "Clash"})


def test_references_must_name_existing_entities_of_the_right_kind(accord: Accord, actor: Actor) -> None:
    with pytest.raises(NotFoundError, match="NOPE"):
        accord.entities.add(actor, "task", {"key": "T9", "name": "x", "project": "NOPE"})
    with pytest.raises(ValidationError, match="is a account, not a project"):
        accord.entities.add(actor, "task", {"key": "T9", "name": "x", "project": "BRIT"})


def test_cross_entity_rules_hold(accord: Accord, actor: Actor) -> None:
    accord.entities.add(actor, "project", {"key": "P2", "name": "Two", "account": "BRIT", "start": "2027-01-04"})
    with pytest.raises(ValidationError, match="belongs to project P1"):
        accord.entities.add(actor, "task", {"key": "P2-1", "name": "x", "project": "P2", "parent": "P1-1"})
    with pytest.raises(ValidationError, match="loop"):
        accord.entities.update(actor, "task", "P1-1", {"parent": "P1-1.1"})


def test_removal_is_refused_while_referenced_and_cascades_on_request(accord: Accord, actor: Actor) -> None:
    with pytest.raises(StillReferencedError, match="task P1-1"):
        accord.entities.remove(actor, "project", "P1")
    with pytest.raises(StillReferencedError):
        accord.entities.remove(actor, "objective", "OBJ")
    removed = accord.entities.remove(actor, "objective", "OBJ", cascade=True)
    assert removed == ["OBJ"]
    assert accord.entities.get(actor, "project", "P1").entity.objectives == ()  # type: ignore[attr-defined]
    removed = accord.entities.remove(actor, "project", "P1", cascade=True)
    assert set(removed) == {"P1", "P1-1", "P1-1.1"} and removed[-1] == "P1"
    assert accord.entities.find(actor, "task") == []
    actions = [(e.action, e.key) for e in accord.entities.history(actor) if e.key in {"P1", "P1-1", "OBJ"}]
    assert ("update", "P1") in actions and ("delete", "P1") in actions and ("delete", "OBJ") in actions


def test_every_change_is_in_the_audit_trail(accord: Accord, actor: Actor) -> None:
    accord.entities.update(actor, "project", "P1", {"deadline": "2027-06-30"})
    history = accord.entities.history(actor, "P1")
    assert [(e.action, e.version, e.actor) for e in history] == [("create", 1, "root"), ("update", 2, "root")]
    assert history[1].before is not None and history[1].after is not None
    assert (history[1].before["deadline"], history[1].after["deadline"]) == (None, "2027-06-30")


def test_organizations_cannot_see_each_other(accord: Accord, actor: Actor) -> None:
    other = new_organization(accord, key="OTHER", admin="boss")
    assert accord.entities.find(other, "project") == []
    with pytest.raises(NotFoundError):
        accord.entities.get(other, "project", "P1")
    accord.entities.add(other, "account", {"key": "BRIT", "name": "Same key, other tenant"})
    with pytest.raises(NotFoundError):
        accord.entities.add(other, "task", {"key": "X", "name": "x", "project": "P1"})
    assert [h.key for h in accord.entities.history(other, "P1")] == []


def test_only_people_of_the_organization_may_act(accord: Accord, actor: Actor) -> None:
    new_organization(accord, key="OTHER", admin="boss")
    with pytest.raises(PermissionDeniedError):
        accord.entities.find(Actor("ACME", "boss"), "project")
    with pytest.raises(PermissionDeniedError):
        accord.entities.find(Actor("ACME", "BRIT"), "project")
