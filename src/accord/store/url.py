"""Database URLs (apart from the engine, so that naming a database loads no database code)."""

from __future__ import annotations

from pathlib import Path


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
