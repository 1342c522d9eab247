"""Schema migrations (Alembic), run from the package so that no alembic.ini is needed.

Alembic is imported only when migrating: checking the revision of a database on every command
reads the `alembic_version` table directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, column, inspect, select, table
from sqlalchemy.exc import OperationalError

from accord.domain.errors import UnavailableError

if TYPE_CHECKING:
    from alembic.config import Config

HEAD = "5c1d2e7a9b40"
"""The newest revision under migrations/versions (a test keeps the two in step)."""


def _config(engine: Engine | None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "accord.store:migrations")
    config.attributes["engine"] = engine
    return config


def script_head() -> str:
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory.from_config(_config(None)).get_current_head())


def current(engine: Engine) -> str | None:
    """The database's revision; None for a database without Accord's schema."""
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            version = connection.scalar(select(column("version_num")).select_from(table("alembic_version")))
            return None if version is None else str(version)
    except OperationalError as exc:
        raise UnavailableError(f"cannot reach the database: {str(exc.orig).strip()}") from None


def has_tables(engine: Engine) -> bool:
    with engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def new_revision(engine: Engine, message: str) -> None:
    """Write a migration for the difference between `engine`'s schema and the model (developers)."""
    from alembic import command

    command.revision(_config(engine), message=message, autogenerate=True)


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(_config(engine), revision)


def ensure_current(engine: Engine) -> None:
    """Create the schema in an empty database; refuse to run on one at another revision."""
    at = current(engine)
    if at is None:
        if has_tables(engine):
            raise UnavailableError("the database has tables but no Accord schema version; is it Accord's?")
        upgrade(engine)
        return
    if at != HEAD:
        raise UnavailableError(
            f"the database schema is at revision {at}, this Accord needs {HEAD}: run 'accord db upgrade'"
        )
