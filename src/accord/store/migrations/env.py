"""Alembic environment: runs on the engine handed over by `accord.store.migrate`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from accord.store.schema import metadata

engine = context.config.attributes["engine"]
assert isinstance(engine, Engine), "run migrations through accord.store.migrate"

with engine.connect().execution_options(accord_write=True) as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        user_module_prefix="accord.store.types.",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
