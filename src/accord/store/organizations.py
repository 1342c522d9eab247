"""Organisations, the tenants every other row belongs to."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from accord.domain.errors import DuplicateKeyError, NotFoundError
from accord.domain.organization import Organization
from accord.store.schema import organizations


class OrganizationRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def id_of(self, key: str) -> int:
        found = self._conn.scalar(select(organizations.c.id).where(organizations.c.key == key))
        if found is None:
            raise NotFoundError(f"no organization has the key {key!r}", key=key)
        return int(found)

    def get(self, key: str) -> Organization:
        row = self._conn.execute(select(organizations).where(organizations.c.key == key)).first()
        if row is None:
            raise NotFoundError(f"no organization has the key {key!r}", key=key)
        return Organization(key=row.key, name=row.name, time_zone=row.time_zone, currency=row.currency)

    def all(self) -> list[Organization]:
        rows = self._conn.execute(select(organizations).order_by(organizations.c.id))
        return [Organization(key=r.key, name=r.name, time_zone=r.time_zone, currency=r.currency) for r in rows]

    def add(self, organization: Organization) -> int:
        if self._conn.scalar(select(organizations.c.id).where(organizations.c.key == organization.key)) is not None:
            raise DuplicateKeyError(
                f"an organization with the key {organization.key!r} already exists", key=organization.key
            )
        result = self._conn.execute(
            insert(organizations).returning(organizations.c.id),
            {
                "key": organization.key,
                "name": organization.name,
                "time_zone": organization.time_zone,
                "currency": organization.currency,
                "version": 1,
            },
        )
        return int(result.scalar_one())

    def remove(self, key: str) -> None:
        self._conn.execute(delete(organizations).where(organizations.c.id == self.id_of(key)))
