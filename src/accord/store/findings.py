"""Recorded findings of one organisation, with their lifecycle state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select, update

from accord.alignment.findings import Finding
from accord.alignment.lifecycle import FindingState, Recorded, fingerprint
from accord.domain.errors import NotFoundError
from accord.store.schema import findings

_HANDLE = "F-"


class FindingStore:
    def __init__(self, connection: Connection, organization_id: int) -> None:
        self._conn = connection
        self._organization_id = organization_id

    def recorded(self) -> dict[str, Recorded]:
        rows = self._conn.execute(
            select(findings.c.fact_id, findings.c.state, findings.c.fingerprint).where(
                findings.c.organization_id == self._organization_id
            )
        )
        return {r.fact_id: Recorded(FindingState(r.state), r.fingerprint) for r in rows}

    def rows(self) -> list[dict[str, Any]]:
        query = select(findings).where(findings.c.organization_id == self._organization_id).order_by(findings.c.id)
        return [dict(r._mapping) for r in self._conn.execute(query)]

    def open(self, found: Sequence[Finding], at: dt.datetime, known: set[str]) -> None:
        """Record new findings as open; reopen resolved ones (`known`: fact ids already stored)."""
        fresh = [f for f in found if f.id not in known]
        again = [f for f in found if f.id in known]
        if fresh:
            numbers = [
                int(h[len(_HANDLE) :])
                for h in self._conn.scalars(
                    select(findings.c.handle).where(findings.c.organization_id == self._organization_id)
                )
            ]
            start = max(numbers, default=0) + 1
            self._conn.execute(
                insert(findings),
                [
                    {
                        "organization_id": self._organization_id,
                        "handle": f"{_HANDLE}{start + i}",
                        "fact_id": f.id,
                        "first_seen": at,
                        **self._content(f, FindingState.OPEN, at, None),
                    }
                    for i, f in enumerate(fresh)
                ],
            )
        for f in again:
            self._conn.execute(
                update(findings).where(self._match(f.id)).values(**self._content(f, FindingState.OPEN, at, None))
            )

    def refresh(self, found: Sequence[Finding], at: dt.datetime) -> None:
        for f in found:
            values = self._content(f, None, at, None)
            self._conn.execute(update(findings).where(self._match(f.id)).values(**values))

    def resolve(self, fact_ids: Sequence[str], at: dt.datetime, by: str | None) -> None:
        for fact_id in fact_ids:
            self._conn.execute(
                update(findings)
                .where(self._match(fact_id))
                .values(state=FindingState.RESOLVED.value, changed_at=at, changed_by=by)
            )

    def set_state(
        self, handle_or_id: str, state: FindingState, at: dt.datetime, by: str, decision: str | None = None
    ) -> dict[str, Any]:
        row = self.get(handle_or_id)
        self._conn.execute(
            update(findings)
            .where(findings.c.id == row["id"])
            .values(state=state.value, changed_at=at, changed_by=by, decision=decision)
        )
        return {**row, "state": state.value, "changed_at": at, "changed_by": by, "decision": decision}

    def get(self, handle_or_id: str) -> dict[str, Any]:
        column = (
            findings.c.handle
            if handle_or_id.startswith(_HANDLE) and handle_or_id[len(_HANDLE) :].isdigit()
            else findings.c.fact_id
        )
        row = self._conn.execute(
            select(findings).where(findings.c.organization_id == self._organization_id, column == handle_or_id)
        ).first()
        if row is None:
            raise NotFoundError(f"no finding is called {handle_or_id!r}", key=handle_or_id)
        return dict(row._mapping)

    def _match(self, fact_id: str) -> Any:
        return (findings.c.organization_id == self._organization_id) & (findings.c.fact_id == fact_id)

    @staticmethod
    def _content(f: Finding, state: FindingState | None, at: dt.datetime, by: str | None) -> dict[str, Any]:
        decider = None
        if f.decider is not None:
            decider = {
                "people": list(f.decider.accountable),
                "decision_type": f.decider.decision_type,
                "entity": f.decider.entity,
                "consult": list(f.decider.consult),
                "inform": list(f.decider.inform),
            }
        values: dict[str, Any] = {
            "rule": f.rule,
            "severity": f.severity.value,
            "entities": list(f.entities),
            "explanation": f.explanation,
            "decider": decider,
            "fingerprint": fingerprint(f),
            "changed_at": at,
            "changed_by": by,
        }
        if state is not None:
            values["state"] = state.value
            values["decision"] = None
        return values
