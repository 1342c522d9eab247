"""The command line's one mapping of Accord's errors: a message on stderr and an exit status.

Exit status 1: Accord refused (invalid value, unknown key, conflict, permission, database).
Exit status 2: the command line itself was wrong (Typer reports those).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.markup import escape

from accord.cli.output import errors
from accord.domain.errors import AccordError

F = TypeVar("F", bound=Callable[..., Any])

REJECTED = 1
USAGE = 2


def fail(message: str, status: int = REJECTED) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(status)


def reports_errors(command: F) -> F:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AccordError as exc:
            raise fail(exc.message) from None

    return wrapper  # type: ignore[return-value]
