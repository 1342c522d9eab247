"""The `accord` command: global options, then one sub-command per task or kind of entity."""

from __future__ import annotations

import gc
from typing import Annotated

import typer

from accord import __version__
from accord.cli import entities, organization
from accord.cli.database import db
from accord.cli.decisions import decide, raci, roles, who_decides
from accord.cli.findings import check, findings
from accord.cli.levelling import level
from accord.cli.risk import risk
from accord.cli.scheduling import baseline, evm, schedule
from accord.cli.serve import serve
from accord.cli.state import State
from accord.settings import ACTOR, DATABASE_URL, ORGANIZATION, Settings

app = typer.Typer(
    name="accord",
    help="Accord: product, project and program management on one aligned plan.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    database: Annotated[
        str | None,
        typer.Option(
            "--database", envvar=DATABASE_URL, help="Database URL (default: SQLite in the user's data directory)."
        ),
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", envvar=ORGANIZATION, help="Organization to work in (default: the only one).")
    ] = None,
    acting_as: Annotated[
        str | None,
        typer.Option(
            "--as", envvar=ACTOR, help="Key of the person acting (default: the organization's administrator)."
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    state = State(Settings.load(database_url=database, organization=org, actor=acting_as))
    ctx.obj = state
    ctx.call_on_close(state.close)


app.command(rich_help_panel="Start here")(organization.demo)
app.command(rich_help_panel="Start here")(organization.overview)
app.command(rich_help_panel="Start here")(check)
app.add_typer(findings, name="findings", rich_help_panel="Start here")
app.command(rich_help_panel="Scheduling")(schedule)
app.add_typer(baseline, name="baseline", rich_help_panel="Scheduling")
app.command(rich_help_panel="Scheduling")(evm)
app.command(rich_help_panel="Scheduling")(level)
app.command(rich_help_panel="Scheduling")(risk)
app.command(rich_help_panel="Backup")(organization.export)
app.command("import", rich_help_panel="Backup")(organization.import_)
app.command("who-decides", rich_help_panel="Organization and roles")(who_decides)
app.command(rich_help_panel="Organization and roles")(raci)
app.add_typer(roles, name="roles", rich_help_panel="Organization and roles")
app.command(rich_help_panel="Organization and roles")(decide)
app.command(rich_help_panel="Organization and roles")(organization.history)
app.add_typer(organization.orgs, name="orgs", rich_help_panel="Administration")
app.add_typer(db, name="db", rich_help_panel="Administration")
app.command(rich_help_panel="Administration")(serve)
entities.register(app)


def main() -> None:
    # A command runs once and exits. Reference counting frees what it drops; the cycle
    # collector would only rescan the hundreds of thousands of tasks and links a large plan
    # loads, again and again, for nothing (a third of `accord check` on a large portfolio).
    gc.disable()
    app()
