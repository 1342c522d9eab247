"""Tasks and features as CSV: the spreadsheet way in and out.

A file has a heading row; each column is an entity field (or, for tasks, `predecessors`: keys
separated by ';', each a finish-to-start link). Columns named otherwise are mapped with
`COLUMN=FIELD` pairs; columns left unmapped are refused, so nothing is dropped by mistake.
Values are written as on the command line: dates as YYYY-MM-DD, times as YYYY-MM-DDTHH:MM,
lists separated by ';', true/false for flags, maps as JSON, empty for none. Reading checks every row and
reports every bad one with its line number; one bad row and nothing is taken.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from accord.domain.base import Entity
from accord.domain.codec import Json, decode, encode_value, field_types, is_optional
from accord.domain.errors import AccordError, ValidationError
from accord.domain.product import Feature
from accord.domain.project import Dependency, LinkType, Task

PREDECESSORS = "predecessors"
MAX_ERRORS = 20
"""Bad rows named in one message (the count says how many there were)."""
OWNER = {Task: "project", Feature: "product"}
"""The field every row shares: the project of tasks, the product of features."""


@dataclass(frozen=True)
class Table:
    entities: list[Entity]
    rows: int


def columns(cls: type[Entity]) -> list[str]:
    names = [f.name for f in dataclasses.fields(cls) if f.name != OWNER.get(cls)]
    return [*names, PREDECESSORS] if cls is Task else names


def write(cls: type[Entity], entities: Sequence[Entity], links: Sequence[Dependency] = ()) -> str:
    """The entities as CSV; for tasks, the finish-to-start links into each as `predecessors`
    (other links cannot be told in one column and are left to MS Project XML)."""
    heading = columns(cls)
    hints = field_types(cls)
    before: dict[str, list[str]] = {}
    for link in links:
        if link.lag == 0 and link.type is LinkType.FINISH_TO_START:
            before.setdefault(link.successor, []).append(link.predecessor)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(heading)
    for entity in entities:
        row = []
        for name in heading:
            if name == PREDECESSORS:
                row.append(";".join(before.get(entity.key, [])))
                continue
            value = encode_value(hints[name], getattr(entity, name))
            row.append(_text(value))
        writer.writerow(row)
    return out.getvalue()


def read(
    cls: type[Entity], text: str, owner: str, mapping: Mapping[str, str] | None = None, where: str = "CSV file"
) -> Table:
    """Entities of `cls` from CSV text, every one belonging to `owner` (a project's key for
    tasks, a product's for features); tasks' `predecessors` become finish-to-start links."""
    mapping = dict(mapping or {})
    reader = csv.DictReader(io.StringIO(text))
    heading = reader.fieldnames or []
    if not heading:
        raise ValidationError(where, "heading", "is missing: the first row names the columns")
    fields = set(columns(cls))
    for column, target in mapping.items():
        if column not in heading:
            raise ValidationError(where, "mapping", f"there is no column {column!r} (columns: {', '.join(heading)})")
        if target not in fields:
            raise ValidationError(where, "mapping", f"{cls.kind.replace('_', ' ')}s have no field {target!r}")
    named = {column: mapping.get(column, column) for column in heading}
    unknown = [c for c, f in named.items() if f not in fields]
    if unknown:
        raise ValidationError(
            where,
            "columns",
            f"{', '.join(unknown)} match no field: map them with COLUMN=FIELD (fields: {', '.join(sorted(fields))})",
        )
    hints = field_types(cls)
    found: list[Entity] = []
    links: list[Dependency] = []
    errors: list[str] = []
    count = 0
    for row in reader:
        count += 1
        line = reader.line_num
        values: dict[str, Json] = {OWNER[cls]: owner}
        before: list[str] = []
        for column, raw in row.items():
            if column is None:
                errors.append(f"line {line}: more cells than columns")
                break
            name = named[column]
            if name == PREDECESSORS:
                before = [k.strip() for k in (raw or "").split(";") if k.strip()]
            elif raw is not None and raw.strip() != "":  # an empty cell leaves the field's default
                values[name] = _value(hints[name], raw.strip())
        try:
            entity = decode(cls, values)
        except AccordError as error:
            errors.append(f"line {line}: {error.message}")
            continue
        found.append(entity)
        links += [
            Dependency(key=f"{entity.key}-P{n}", predecessor=key, successor=entity.key)
            for n, key in enumerate(before, start=1)
        ]
    if errors:
        shown = "; ".join(errors[:MAX_ERRORS])
        more = f" (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
        raise ValidationError(where, "rows", f"{len(errors)} bad of {count}: {shown}{more}; nothing was taken")
    return Table([*found, *links], count)


def _value(tp: Any, raw: str) -> Json:
    core = tp
    if is_optional(tp):
        core = next(a for a in typing.get_args(tp) if a is not type(None))
    if core is bool:
        lowered = raw.lower()
        if lowered in ("true", "yes", "1", "y"):
            return True
        if lowered in ("false", "no", "0", "n"):
            return False
        return raw  # refused by the decoder with the field's name
    if typing.get_origin(core) is tuple:
        return [part.strip() for part in raw.split(";") if part.strip()]
    if typing.get_origin(core) is dict:
        try:
            return typing.cast(Json, json.loads(raw))
        except json.JSONDecodeError:
            return raw  # refused by the decoder with the field's name
    if core is int and raw.replace(".", "", 1).lstrip("+-").isdigit() and "." in raw:
        whole = float(raw)
        return int(whole) if whole.is_integer() else raw
    return raw


def _text(value: Json) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value)
