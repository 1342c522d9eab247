"""A use case that fails part-way leaves nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accord.bootstrap import Accord
from accord.domain.errors import NotFoundError, StaleVersionError
from accord.services.actor import Actor
from accord.services.demo import ORGANIZATION
from accord.store.audit import AuditLog
from accord.store.schema import audit_events, entities, organizations
from tests.factories import new_organization


class Injected(RuntimeError):
    """The failure a test plants."""


def counts(accord: Accord) -> tuple[int, int, int]:
    with accord.engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in (organizations, entities, audit_events)
        )


def test_a_demo_load_that_fails_at_its_last_step_writes_nothing(
    accord: Accord, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: AuditLog, events: object) -> None:
        raise Injected("the audit trail could not be written")

    monkeypatch.setattr(AuditLog, "record", fail)
    with pytest.raises(Injected):
        accord.demo.load()
    assert counts(accord) == (0, 0, 0)
    monkeypatch.undo()
    assert accord.demo.load()
    assert counts(accord)[1] > 400


@pytest.fixture
def actor(accord: Accord) -> Actor:
    actor = new_organization(accord)
    accord.entities.add(actor, "account", {"key": "A", "name": "A"})
    accord.entities.add(actor, "project", {"key": "P", "name": "P", "account": "A", "start": "2027-01-04"})
    for i in range(5):
        accord.entities.add(actor, "task", {"key": f"P-{i}", "name": f"T{i}", "project": "P"})
    return actor


def test_a_cascade_that_fails_at_the_end_removes_nothing(accord: Accord, actor: Actor) -> None:
    before = counts(accord)
    with pytest.raises(StaleVersionError):
        accord.entities.remove(actor, "project", "P", expected_version=7, cascade=True)
    assert counts(accord) == before
    assert len(accord.entities.find(actor, "task")) == 5


def test_an_update_refused_after_its_version_was_bumped_leaves_the_version(accord: Accord, actor: Actor) -> None:
    with pytest.raises(NotFoundError):
        accord.entities.update(actor, "project", "P", {"objectives": ["NO-SUCH-OBJECTIVE"]})
    stored = accord.entities.get(actor, "project", "P")
    assert stored.version == 1
    assert [e.action for e in accord.entities.history(actor, "P")] == ["create"]


def test_an_add_whose_audit_fails_is_not_stored(accord: Accord, actor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: AuditLog, events: object) -> None:
        raise Injected("disk full")

    monkeypatch.setattr(AuditLog, "record", fail)
    with pytest.raises(Injected):
        accord.entities.add(actor, "task", {"key": "P-9", "name": "late", "project": "P"})
    monkeypatch.undo()
    with pytest.raises(NotFoundError):
        accord.entities.get(actor, "task", "P-9")
    assert ORGANIZATION.key not in [o.key for o in accord.organizations.all()]
