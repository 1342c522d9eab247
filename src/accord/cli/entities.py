"""`accord <kind> list|show|add|update|remove`, generated for every kind from its fields.

Option values are text: amounts, numbers, dates (YYYY-MM-DD) and times (YYYY-MM-DDTHH:MM) as
written; lists of keys comma-separated (or as a JSON list); structured values (calendar weeks,
exceptions, RACI) as JSON. An empty value clears an optional field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import inspect
import json
import typing
from decimal import Decimal
from typing import Any

import typer

from accord.cli.errors import reports_errors
from accord.cli.output import console, emit_json, entity_json, table
from accord.cli.state import state
from accord.domain.base import Entity, reference_of
from accord.domain.codec import Json, encode, field_types, is_optional
from accord.domain.errors import ValidationError
from accord.domain.kinds import KINDS

JSON_OPTION = typer.Option(False, "--json", help="Print JSON only.")

LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("title", "email"),
    "feature": ("product", "status", "release"),
    "release": ("product", "version", "planned_date", "state"),
    "project": ("account", "program", "start", "deadline", "budget"),
    "task": ("project", "parent", "duration", "milestone", "percent_complete"),
    "program": ("start", "finish", "budget"),
    "objective": ("parent", "owner", "due"),
    "key_result": ("objective", "baseline", "target", "current"),
    "dependency": ("type", "lag", "lag_format"),
    "role_assignment": ("person", "role", "entity"),
    "decision": ("decision_type", "entity", "decided_by", "decided_on"),
    "scope_item": ("project", "feature", "needed_by"),
    "milestone": ("program", "date"),
}


def _core(tp: Any) -> Any:
    if is_optional(tp):
        return next(a for a in typing.get_args(tp) if a is not type(None))
    return tp


def _help(cls: type[Entity], f: dataclasses.Field[Any]) -> str:
    tp = _core(field_types(cls)[f.name])
    text = str(f.metadata.get("help", ""))
    reference = reference_of(f)
    if reference is not None:
        kinds = " or ".join(reference.kinds)
        text = f"{text} Key of a {kinds}{'; comma-separated' if reference.many else ''}.".strip()
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        text = f"{text} One of: {', '.join(str(m.value) for m in tp)}.".strip()
    return text


def _metavar(cls: type[Entity], f: dataclasses.Field[Any]) -> str:
    tp = _core(field_types(cls)[f.name])
    reference = reference_of(f)
    if reference is not None:
        return "KEYS" if reference.many else "KEY"
    if _is_structured(tp):
        return "JSON"
    if typing.get_origin(tp) is tuple:
        return "TEXT,..."
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "|".join(str(m.value) for m in tp) if len(tp) <= 4 else "CHOICE"
    return {
        int: "INTEGER",
        float: "NUMBER",
        Decimal: "AMOUNT",
        dt.date: "YYYY-MM-DD",
        dt.datetime: "YYYY-MM-DDTHH:MM",
    }.get(tp, "TEXT")


def _is_structured(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    if origin is dict:
        return True
    if origin is tuple:
        item = typing.get_args(tp)[0]
        return item is not str
    return False


def parse_option(cls: type[Entity], name: str, text: str) -> Json:
    """Turn an option's text into the JSON-ready value the services take."""
    tp = field_types(cls)[name]
    core = _core(tp)
    if text == "" and (is_optional(tp) or typing.get_origin(core) is tuple):
        return [] if typing.get_origin(core) is tuple else None
    if _is_structured(core) or (typing.get_origin(core) is tuple and text.lstrip().startswith("[")):
        try:
            return typing.cast(Json, json.loads(text))
        except json.JSONDecodeError as exc:
            raise ValidationError(f"--{name.replace('_', '-')}", name, f"is not valid JSON ({exc.msg})") from None
    if typing.get_origin(core) is tuple:
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def _options(cls: type[Entity], *, for_update: bool) -> list[inspect.Parameter]:
    params: list[inspect.Parameter] = []
    hints = field_types(cls)
    for f in dataclasses.fields(cls):
        if f.name == "key":
            continue
        flag = f"--{f.name.replace('_', '-')}"
        required = not for_update and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if _core(hints[f.name]) is bool:
            option = typer.Option(None, f"{flag}/--no-{f.name.replace('_', '-')}", help=_help(cls, f))
            params.append(
                inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=bool | None)
            )
        else:
            option = typer.Option(
                ... if required else None, flag, help=_help(cls, f), show_default=False, metavar=_metavar(cls, f)
            )
            params.append(
                inspect.Parameter(
                    f.name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=str if required else str | None
                )
            )
    return params


def _values(cls: type[Entity], given: dict[str, Any]) -> dict[str, Json]:
    return {
        name: value if isinstance(value, bool) else parse_option(cls, name, value)
        for name, value in given.items()
        if value is not None
    }


def _with_signature(function: Any, params: list[inspect.Parameter]) -> Any:
    context = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    function.__signature__ = inspect.Signature([context, *params])
    return function


def kind_app(cls: type[Entity]) -> typer.Typer:
    noun = cls.kind.replace("_", " ")
    app = typer.Typer(help=f"List, show, add, update and remove {cls.plural.replace('-', ' ')}.", no_args_is_help=True)
    filters = [f.name for f in dataclasses.fields(cls) if (r := reference_of(f)) is not None and not r.many]
    key_param = inspect.Parameter(
        "key", inspect.Parameter.KEYWORD_ONLY, annotation=str, default=typer.Argument(..., help=f"Key of the {noun}.")
    )
    json_param = inspect.Parameter("as_json", inspect.Parameter.KEYWORD_ONLY, annotation=bool, default=JSON_OPTION)

    @reports_errors
    def list_command(ctx: typer.Context, as_json: bool = False, **where: str | None) -> None:
        s = state(ctx)
        found = s.accord.entities.find(s.actor(), cls.kind, {k: v for k, v in where.items() if v})
        if as_json:
            emit_json([entity_json(stored) for stored in found])
            return
        columns = LIST_COLUMNS.get(cls.kind, ())
        rows = []
        for stored in found:
            encoded = encode(stored.entity)
            rows.append([stored.entity.key, stored.entity.label, *(encoded.get(c) for c in columns)])
        console.print(
            table(f"{cls.plural.replace('-', ' ').capitalize()} ({len(rows)})", ["key", "name", *columns], rows)
        )

    filter_params = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=str | None,
            default=typer.Option(None, f"--{name.replace('_', '-')}", help=f"Only those of this {name}."),
        )
        for name in filters
    ]
    app.command("list", help=f"List {cls.plural.replace('-', ' ')}.")(
        _with_signature(list_command, [json_param, *filter_params])
    )

    @reports_errors
    def show_command(ctx: typer.Context, key: str, as_json: bool = False) -> None:
        s = state(ctx)
        stored = s.accord.entities.get(s.actor(), cls.kind, key)
        printed = entity_json(stored)
        if as_json:
            emit_json(printed)
            return
        console.print(table(f"{noun.capitalize()} {key}", ["field", "value"], printed.items()))

    app.command("show", help=f"Show one {noun}.")(_with_signature(show_command, [key_param, json_param]))

    @reports_errors
    def add_command(ctx: typer.Context, key: str | None = None, as_json: bool = False, **fields: Any) -> None:
        s = state(ctx)
        values = _values(cls, fields)
        if key:
            values["key"] = key
        stored = s.accord.entities.add(s.actor(), cls.kind, values)
        _report(stored, "added", as_json)

    add_key = inspect.Parameter(
        "key",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=str | None if cls.key_prefix else str,
        default=typer.Option(
            None if cls.key_prefix else ...,
            "--key",
            help=f"Key of the new {noun}" + (f" (default: the next {cls.key_prefix}-n)." if cls.key_prefix else "."),
        ),
    )
    app.command("add", help=f"Add a {noun}.")(
        _with_signature(add_command, [add_key, json_param, *_options(cls, for_update=False)])
    )

    @reports_errors
    def update_command(
        ctx: typer.Context, key: str, lock_version: int | None = None, as_json: bool = False, **fields: Any
    ) -> None:
        s = state(ctx)
        values = _values(cls, fields)
        if not values:
            raise ValidationError(f"{noun} {key}", "options", "name at least one field to change")
        stored = s.accord.entities.update(s.actor(), cls.kind, key, values, lock_version)
        _report(stored, "updated", as_json)

    version_param = inspect.Parameter(
        "lock_version",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=int | None,
        default=typer.Option(
            None, "--lock-version", help="Refuse the change unless the entity's lock_version is still this one."
        ),
    )
    app.command("update", help=f"Change fields of a {noun}.")(
        _with_signature(update_command, [key_param, version_param, json_param, *_options(cls, for_update=True)])
    )

    @reports_errors
    def remove_command(
        ctx: typer.Context, key: str, lock_version: int | None = None, cascade: bool = False, as_json: bool = False
    ) -> None:
        s = state(ctx)
        removed = s.accord.entities.remove(s.actor(), cls.kind, key, lock_version, cascade=cascade)
        if as_json:
            emit_json({"removed": removed})
        else:
            console.print(f"Removed {', '.join(removed)}.")

    cascade_param = inspect.Parameter(
        "cascade",
        inspect.Parameter.KEYWORD_ONLY,
        annotation=bool,
        default=typer.Option(False, "--cascade", help="Also remove what depends on it; clear optional references."),
    )
    app.command("remove", help=f"Remove a {noun}.")(
        _with_signature(remove_command, [key_param, version_param, cascade_param, json_param])
    )
    return app


def _report(stored: Any, verb: str, as_json: bool) -> None:
    if as_json:
        emit_json(entity_json(stored))
    else:
        console.print(
            f"{stored.entity.kind.replace('_', ' ').capitalize()} {stored.entity.key} {verb} "
            f"(version {stored.version})."
        )


def register(app: typer.Typer) -> None:
    panels = {
        "product": "Product management",
        "feature": "Product management",
        "release": "Product management",
        "project": "Project management",
        "task": "Project management",
        "dependency": "Project management",
        "program": "Program management",
        "milestone": "Program management",
        "benefit": "Program management",
        "objective": "Objectives",
        "key_result": "Objectives",
    }
    for cls in KINDS:
        app.add_typer(kind_app(cls), name=cls.plural, rich_help_panel=panels.get(cls.kind, "Organization and roles"))
