"""Printing results: JSON only (for machines) or Rich tables (for people)."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from accord.domain.base import Entity
from accord.domain.codec import Json, encode, encode_value
from accord.services.backup import LOCK_VERSION
from accord.store.rows import Stored

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON only.")]
"""The option every command takes: print machine-readable JSON only."""

console = Console()
errors = Console(stderr=True)


def emit_json(value: Json) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def derived(entity: Entity) -> dict[str, Json]:
    """Values an entity computes from its fields (its public properties), e.g. RICE score."""
    found: dict[str, Json] = {}
    for cls in type(entity).__mro__:
        for name, member in vars(cls).items():
            if isinstance(member, property) and not name.startswith("_") and name not in found:
                found[name] = encode_value(None, getattr(entity, name))
    found.pop("label", None)
    return found


def entity_json(stored: Stored) -> dict[str, Json]:
    """An entity as printed by --json: its fields, `name` (its label when it has no name field),
    its version and what it computes."""
    encoded = encode(stored.entity)
    return {
        **encoded,
        "name": encoded.get("name") or stored.entity.label,
        LOCK_VERSION: stored.version,
        **derived(stored.entity),
    }


def cell(value: Json) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


WRAPPING = frozenset({"name", "changes", "value", "description", "driver", "explanation"})


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    out = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        # Only prose wraps: keys, dates and amounts stay whole to be read and copied.
        prose = column in WRAPPING
        out.add_column(
            column.replace("_", " "),
            no_wrap=not prose,
            overflow="fold" if prose else "ellipsis",
            ratio=2 if prose else None,
            min_width=8 if prose else None,
        )
    for row in rows:
        out.add_row(*(cell(v) for v in row))
    return out


@contextlib.contextmanager
def steps(names: Sequence[str], description: str, *, quiet: bool = False) -> Iterator[Callable[[str], None]]:
    """A progress bar on standard error over the named steps of a long task; the callback it
    gives advances it as each step is done. It goes away when the task ends, and does not show
    when `quiet` or when standard error is not a terminal."""
    errors = Console(stderr=True)
    if quiet or not errors.is_terminal:
        yield lambda name: None
        return
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[step]}"), TimeElapsedColumn(),
        console=errors, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task(description, total=len(names), step="")

        def done(name: str) -> None:
            progress.update(task, advance=1, step=name)

        yield done
