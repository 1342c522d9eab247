"""The migrations build exactly the schema the model describes, and run both ways."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from accord.store import migrate
from accord.store.database import make_engine
from accord.store.schema import metadata


def test_models_and_migrations_agree(blank_database_url: str) -> None:
    engine = make_engine(blank_database_url)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_downgrade_upgrade(blank_database_url: str) -> None:
    engine = make_engine(blank_database_url)
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.HEAD
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= {t.name for t in metadata.sorted_tables}
    engine.dispose()


def test_the_recorded_head_is_the_newest_migration() -> None:
    assert migrate.script_head() == migrate.HEAD
