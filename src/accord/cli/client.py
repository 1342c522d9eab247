"""The front of the `accord` command. Where `accord serve` is running for the database a command
names, the command runs there — in a process that has Accord loaded and keeps plans between
commands — and its output and exit status come back here; else it runs in this process.

This module loads nothing of Accord but its settings, so that a served command starts fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

DATABASE_URL, ORGANIZATION, ACTOR = "ACCORD_DATABASE_URL", "ACCORD_ORG", "ACCORD_AS"
"""As `accord.settings` names them (it is loaded only where the default database is wanted)."""
FORWARDED = (DATABASE_URL, ORGANIZATION, ACTOR)
"""The environment a served command sees of the client's."""
_VALUED = {"--database", "--org", "--as"}
"""Global options that take a value."""


def socket_path(database_url: str) -> Path:
    """Where `accord serve` listens for commands on a database: a socket in a folder of the
    user's own, named after the database's URL."""
    runtime = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:20]
    return Path(runtime) / f"accord-{os.getuid()}" / f"{digest}.sock"


def database_of(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The database a command line names: its --database option, the environment, or the
    default."""
    given = None
    for i, argument in enumerate(argv):
        if argument == "--database" and i + 1 < len(argv):
            given = argv[i + 1]
        elif argument.startswith("--database="):
            given = argument.split("=", 1)[1]
        elif not argument.startswith("-") and (i == 0 or argv[i - 1] not in _VALUED):
            break  # the command: options after it are its own
    if given or environ.get(DATABASE_URL):
        return given or environ[DATABASE_URL]
    from accord.settings import Settings

    return Settings.load(environ).database_url


def command_of(argv: Sequence[str]) -> str | None:
    """The command a command line runs (after the global options), if any."""
    skip = False
    for argument in argv:
        if skip:
            skip = False
        elif argument in _VALUED:
            skip = True
        elif not argument.startswith("-"):
            return argument
    return None


def request(path: Path, argv: Sequence[str]) -> dict[str, Any] | None:
    """Run a command line where `accord serve` listens at `path`: its exit status and output,
    or None where nothing listens there."""
    message = {
        "argv": list(argv),
        "cwd": os.getcwd(),
        "environ": {name: os.environ[name] for name in FORWARDED if name in os.environ},
        "columns": _columns(),
    }
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(str(path))
            connection.sendall(json.dumps(message).encode() + b"\n")
            with connection.makefile("rb") as answer:
                found: dict[str, Any] = json.loads(answer.read())
                return found
    except (FileNotFoundError, ConnectionRefusedError):
        return None


def main() -> None:
    argv = sys.argv[1:]
    if command_of(argv) != "serve" and "-" not in argv:  # a command reading standard input runs here
        path = socket_path(database_of(argv, os.environ))
        if path.exists():
            answer = request(path, argv)
            if answer is not None:
                sys.stdout.write(answer["stdout"])
                sys.stderr.write(answer["stderr"])
                sys.exit(int(answer["exit"]))
    from accord.cli.main import main as run_here

    run_here()


def _columns() -> int:
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        return int(os.environ.get("COLUMNS") or 100)
