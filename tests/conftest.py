"""Databases for tests: a fresh SQLite file or a freshly emptied PostgreSQL database per test.

PostgreSQL is reached at ACCORD_TEST_POSTGRES_URL (default: postgres on 127.0.0.1:5432). Each
test worker gets a database of its own. Where the server cannot be reached, tests that need it
are skipped — except under CI=true, where that is an error.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from accord.bootstrap import Accord, bootstrap
from accord.settings import Settings
from accord.store import migrate
from accord.store.database import make_engine, sqlite_url
from accord.store.schema import metadata

POSTGRES_URL = os.environ.get("ACCORD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated once, copied for every test that needs one."""
    path = tmp_path_factory.mktemp("template") / "accord.db"
    engine = make_engine(sqlite_url(path))
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """This worker's own PostgreSQL database, migrated to the newest schema."""
    admin_url = make_url(POSTGRES_URL)
    name = f"accord_test_{_worker()}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        message = f"PostgreSQL is not reachable at {admin_url.render_as_string()}: {exc.orig}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def empty_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database at the newest schema, on each backend in turn."""
    if request.param == "sqlite":
        path = tmp_path / "accord.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return sqlite_url(path)
    url: str = request.getfixturevalue("postgres_database")
    empty_postgres(url)
    return url


@pytest.fixture(params=BACKENDS)
def blank_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of a database with no tables at all, on each backend in turn."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "blank.db")
        return
    url: str = request.getfixturevalue("postgres_database")
    engine = make_engine(url)
    migrate.downgrade(engine, "base")
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    yield url
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()


@pytest.fixture
def accord(database_url: str) -> Iterator[Accord]:
    wired = bootstrap(Settings(database_url=database_url))
    yield wired
    wired.close()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    yield made
    made.dispose()
