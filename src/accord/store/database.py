"""Engines for the embedded default (SQLite) and for PostgreSQL.

SQLite runs in WAL mode with a busy timeout, foreign keys on and a page cache sized for large
plans; a writing unit of work begins
with `BEGIN IMMEDIATE`, so two writers queue instead of failing half-way with "database is
locked". pysqlite's own transaction handling is switched off so that SQLAlchemy's BEGIN is the
one that runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from accord.store.url import sqlite_url

__all__ = ["make_engine", "sqlite_url"]

WRITE = "accord_write"
"""Execution option set on connections of writing units of work."""

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 65_536
MMAP_BYTES = 1 << 30


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
            json_serializer=json_text,
            json_deserializer=orjson.loads,
        )
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, json_serializer=json_text, json_deserializer=orjson.loads)


def json_text(value: Any) -> str:
    """JSON columns' text, written by orjson (several times faster than the standard library's,
    for the audit trail of a 100,000-task import)."""
    return orjson.dumps(value).decode()


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Large plans: a 64 MiB page cache (of pages, as needed; the default is 2 MiB) and reads
    # through a memory map keep imports and whole-portfolio reads off the disk.
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
