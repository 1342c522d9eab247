"""The audit trail: who changed what, when, with the entity before and after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from accord.store.bulk import insert_rows
from accord.store.schema import audit_events


@dataclass(frozen=True)
class AuditEvent:
    at: dt.datetime
    actor: str
    action: str
    """create, update or delete"""
    kind: str
    key: str
    version: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditLog:
    def __init__(self, connection: Connection, organization_id: int) -> None:
        self._conn = connection
        self._organization_id = organization_id

    def record(self, events: Sequence[AuditEvent]) -> None:
        insert_rows(self._conn, audit_events, [{"organization_id": self._organization_id, **vars(event)} for event in events])

    def history(self, key: str | None = None) -> list[AuditEvent]:
        """Events in the order they happened, for one key or for the whole organisation."""
        query = select(audit_events).where(audit_events.c.organization_id == self._organization_id)
        if key is not None:
            query = query.where(audit_events.c.key == key)
        rows = self._conn.execute(query.order_by(audit_events.c.id))
        return [AuditEvent(r.at, r.actor, r.action, r.kind, r.key, r.version, r.before, r.after) for r in rows]

    def last(self) -> int:
        """Where the trail stands: the number of the latest event (0 for none)."""
        found = self._conn.scalar(
            select(func.max(audit_events.c.id)).where(audit_events.c.organization_id == self._organization_id)
        )
        return int(found or 0)

    def count(self) -> int:
        """How many events the trail holds."""
        found = self._conn.scalar(
            select(func.count()).select_from(audit_events).where(audit_events.c.organization_id == self._organization_id)
        )
        return int(found or 0)

    def since(self, last: int) -> list[tuple[str, str, str]]:
        """(action, kind, key) of each event after event number `last`, in order."""
        query = (
            select(audit_events.c.action, audit_events.c.kind, audit_events.c.key)
            .where(audit_events.c.organization_id == self._organization_id, audit_events.c.id > last)
            .order_by(audit_events.c.id)
        )
        return [(action, kind, key) for action, kind, key in self._conn.execute(query)]
