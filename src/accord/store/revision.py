"""Developers: write the migration for a model change. `python -m accord.store.revision "message"`.

Upgrades a scratch SQLite database to the current head, then lets Alembic compare it with the
model and write the difference as a new revision under `store/migrations/versions/`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from accord.store import migrate
from accord.store.database import make_engine, sqlite_url


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(sqlite_url(Path(scratch) / "scratch.db"))
        migrate.upgrade(engine)
        migrate.new_revision(engine, message)
        engine.dispose()


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "schema change")
