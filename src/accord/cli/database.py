"""`accord db`: the database schema."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.cli.errors import reports_errors
from accord.cli.output import JsonFlag, console, emit_json
from accord.cli.state import state
from accord.store import migrate
from accord.store.database import make_engine

db = typer.Typer(help="Create and migrate the database schema.", no_args_is_help=True)


def _report(ctx: typer.Context, as_json: bool, verb: str) -> None:
    engine = make_engine(state(ctx).settings.database_url)
    try:
        revision = migrate.current(engine)
    finally:
        engine.dispose()
    if as_json:
        emit_json({"revision": revision, "head": migrate.HEAD})
    else:
        console.print(f"{verb}: the database is at revision {revision or '(empty)'}; the newest is {migrate.HEAD}.")


@db.command("upgrade")
@reports_errors
def upgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    as_json: JsonFlag = False,
) -> None:
    """Migrate the database to a newer schema (by default the newest)."""
    engine = make_engine(state(ctx).settings.database_url)
    try:
        migrate.upgrade(engine, revision)
    finally:
        engine.dispose()
    _report(ctx, as_json, "Upgraded")


@db.command("downgrade")
@reports_errors
def downgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision; 'base' removes every table.")],
    as_json: JsonFlag = False,
) -> None:
    """Migrate the database back to an older schema."""
    engine = make_engine(state(ctx).settings.database_url)
    try:
        migrate.downgrade(engine, revision)
    finally:
        engine.dispose()
    _report(ctx, as_json, "Downgraded")


@db.command("current")
@reports_errors
def current(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show the database's schema revision."""
    _report(ctx, as_json, "Current")
