"""The `accord` front reads which database and which command a command line names, as the
command line itself does, without loading Accord."""

from __future__ import annotations

import subprocess
import sys

from accord import settings
from accord.cli import client


def test_the_database_is_the_global_option_then_the_environment_then_the_default() -> None:
    env = {settings.DATABASE_URL: "sqlite:///env.db"}
    assert client.database_of(["--database", "sqlite:///a.db", "schedule", "P"], env) == "sqlite:///a.db"
    assert client.database_of(["--org", "X", "--database=sqlite:///b.db", "schedule", "P"], env) == "sqlite:///b.db"
    assert client.database_of(["schedule", "P", "--database", "sqlite:///c.db"], env) == "sqlite:///env.db", "a command's own option"
    assert client.database_of(["schedule", "P"], {}) == settings.Settings.load({}).database_url


def test_the_command_follows_the_global_options() -> None:
    assert client.command_of(["--database", "schedule", "--as", "ana", "level", "P"]) == "level"
    assert client.command_of(["--version"]) is None
    assert client.command_of(["--org", "serve", "serve"]) == "serve"


def test_the_front_names_the_environment_as_the_settings_do_and_loads_no_database_code() -> None:
    assert (client.DATABASE_URL, client.ORGANIZATION, client.ACTOR) == (settings.DATABASE_URL, settings.ORGANIZATION, settings.ACTOR)
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, accord.cli.client; print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'numpy', 'typer')))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert loaded.stdout.strip() == "[]"
