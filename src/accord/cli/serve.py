"""`accord serve`: keep Accord running for one database, so that `accord` commands on it run in
this process — loaded once, with plans kept between commands — instead of each starting afresh."""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import json
import os
import shlex
import signal
import socket
import time
import traceback
from collections.abc import Iterator, Mapping
from typing import Any

import typer

from accord.bootstrap import bootstrap
from accord.cli import state as shared
from accord.cli.client import FORWARDED, request, socket_path
from accord.cli.errors import fail, reports_errors
from accord.cli.output import JsonFlag, console, errors


@reports_errors
def serve(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Keep Accord running for the database: until stopped (Ctrl-C, or a TERM signal), every
    `accord` command on this database runs here, and a large project is rescheduled after a
    change to some of its tasks without being loaded again.

    Commands reach it through a socket only the user can open, named after the database; each
    is logged here with its exit status and time (`--json`: one JSON object a line). Commands
    that read standard input, and everything when it is not running, run in their own process
    as before.
    """
    gc.enable()  # a one-off command runs without the cycle collector; a server must not
    settings = shared.state(ctx).settings
    path = socket_path(settings.database_url)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.exists():
        if request(path, ["--version"]) is not None:
            raise fail(f"accord serve is already running for this database ({path})")
        path.unlink()  # left by a server that did not stop cleanly
    accord = bootstrap(settings, resident=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o600)
    listener.listen()
    signal.signal(signal.SIGTERM, _stop)
    shared.serving = accord
    log = _json_log if as_json else _log
    log({"serving": settings.database_url, "socket": str(path)}, f"Serving {settings.database_url} on {path}: accord commands on it run here. Ctrl-C stops.")
    try:
        while True:
            connection, _ = listener.accept()
            with connection:
                try:
                    argv, status, seconds = _answer(connection)
                except (OSError, ValueError, KeyError) as exc:  # a client gone, or not one of ours
                    errors.print(f"a request failed: {exc}", markup=False, highlight=False)
                    continue
            line = " ".join(shlex.quote(a) for a in argv)
            log({"command": argv, "exit": status, "seconds": round(seconds, 3)}, f"accord {line} → {status} in {seconds:.2f} s")
    except KeyboardInterrupt:
        log({"stopped": True}, "Stopped.")
    finally:
        shared.serving = None
        listener.close()
        path.unlink(missing_ok=True)
        accord.close()


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _log(_: dict[str, object], text: str) -> None:
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _json_log(record: dict[str, object], _: str) -> None:
    print(json.dumps(record), flush=True)


def _answer(connection: socket.socket) -> tuple[list[str], int, float]:
    """Run one command sent on `connection` and send back its output: the command, its exit
    status and how long it took."""
    with connection.makefile("rb") as incoming:
        asked = json.loads(incoming.readline())
    out, err = io.StringIO(), io.StringIO()
    began = time.perf_counter()
    with (
        _as_asked(asked["cwd"], asked["environ"], int(asked["columns"])),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        status = _run(asked["argv"])
    connection.sendall(json.dumps({"exit": status, "stdout": out.getvalue(), "stderr": err.getvalue()}).encode())
    return list(asked["argv"]), status, time.perf_counter() - began


@functools.cache
def _command_line() -> Any:  # Typer's own Click command
    """The whole command line, built once (Typer builds it anew on every call of the app)."""
    from accord.cli.main import app

    return typer.main.get_command(app)


def _run(argv: list[str]) -> int:
    try:
        _command_line().main(args=argv, prog_name="accord")
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except Exception:  # a failing command must not stop the server
        errors.print(traceback.format_exc(), markup=False, highlight=False)
        return 1
    return 0


@contextlib.contextmanager
def _as_asked(cwd: str, environ: Mapping[str, str], columns: int) -> Iterator[None]:
    """Run a command in the client's folder, with its settings and its terminal's width."""
    saved = {name: os.environ.get(name) for name in FORWARDED}
    before, widths = os.getcwd(), (console.width, errors.width)
    try:
        for name in FORWARDED:
            os.environ.pop(name, None)
        os.environ.update({name: environ[name] for name in FORWARDED if name in environ})
        os.chdir(cwd)
        console.width = errors.width = columns
        yield
    finally:
        os.chdir(before)
        console.width, errors.width = widths
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
