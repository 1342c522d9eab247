"""Where Accord keeps its data, read once by the composition root (never at import time)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

from accord.store.url import sqlite_url

DATABASE_URL = "ACCORD_DATABASE_URL"
ORGANIZATION = "ACCORD_ORG"
ACTOR = "ACCORD_AS"


@dataclass(frozen=True)
class Settings:
    database_url: str
    organization: str | None = None
    """Organisation to work in; may be omitted while the database holds only one."""
    actor: str | None = None
    """Key of the person acting; by default the organisation's first administrator."""

    @classmethod
    def load(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        database_url: str | None = None,
        organization: str | None = None,
        actor: str | None = None,
    ) -> Settings:
        """Explicit values win over the environment, which wins over the embedded default."""
        env = os.environ if environ is None else environ
        return cls(
            database_url=database_url or env.get(DATABASE_URL) or default_database_url(),
            organization=organization or env.get(ORGANIZATION) or None,
            actor=actor or env.get(ACTOR) or None,
        )


def default_database_url() -> str:
    """SQLite in the user's data directory (e.g. ~/.local/share/accord/accord.db)."""
    return sqlite_url(Path(user_data_path("accord")) / "accord.db")
