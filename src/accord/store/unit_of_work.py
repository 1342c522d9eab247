"""One use case, one transaction: everything a service does commits together or not at all."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from accord.domain.errors import UnavailableError
from accord.store.audit import AuditLog
from accord.store.database import WRITE
from accord.store.organizations import OrganizationRepository
from accord.store.repository import EntityRepository


class UnitOfWork:
    """Opens a transaction on enter; rolls it back on exit unless `commit()` was called.

    `write=True` marks the transaction as a writer (on SQLite: `BEGIN IMMEDIATE`).
    """

    def __init__(self, engine: Engine, *, write: bool) -> None:
        self._engine = engine
        self._write = write
        self._connection: Connection | None = None
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        try:
            self._connection = self._engine.connect().execution_options(**{WRITE: self._write})
            self._connection.begin()
        except OperationalError as exc:
            raise UnavailableError(f"cannot open the database: {exc.orig}") from None
        self.organizations = OrganizationRepository(self._connection)
        return self

    @property
    def connection(self) -> Connection:
        assert self._connection is not None, "use the unit of work in a with-block"
        return self._connection

    def scoped(self, organization_key: str) -> tuple[EntityRepository, AuditLog]:
        """The entity repository and audit log of one organisation (NotFoundError if none)."""
        organization_id = self.organizations.id_of(organization_key)
        return EntityRepository(self.connection, organization_id), AuditLog(self.connection, organization_id)

    def commit(self) -> None:
        self.connection.commit()
        self._committed = True

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if not self._committed:
                connection.rollback()
        finally:
            connection.close()
