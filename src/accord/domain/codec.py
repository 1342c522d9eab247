"""Entities to JSON-ready values and back, driven by the classes' type hints.

The one place that knows how a date, an amount or a calendar exception is written down: the
backup file, the audit trail, the command line and the API all use it. Amounts are written as
decimal strings without trailing zeros so that equal amounts are written alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import math
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from accord.domain.base import Entity
from accord.domain.errors import AccordError, ValidationError

Json = Any
"""A value made of dicts, lists, str, int, float, bool and None."""


_HINTS: dict[type, dict[str, Any]] = {}


def field_types(cls: type) -> dict[str, Any]:
    """The resolved type hints of a dataclass, by field name (cached)."""
    found = _HINTS.get(cls)
    if found is None:
        found = _HINTS[cls] = typing.get_type_hints(cls)
    return found


def field_names(cls: type[Entity]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def encode(entity: Any) -> dict[str, Json]:
    """A dataclass instance as a dict of JSON-ready values, in field order."""
    encoded: dict[str, Json] = _encoding(entity.__class__)(entity)
    return encoded


@functools.cache
def _encoding(cls: type) -> Callable[[Any], dict[str, Json]]:
    """A class's encoder, generated once: one expression a field, the field's own `encoder`
    where its values are not JSON as they are (as `dataclasses` generates `__init__`: encoding a
    million entities, a loop over the fields costs several times more)."""
    hints = field_types(cls)
    names: dict[str, Any] = {}
    parts = []
    for n, f in enumerate(dataclasses.fields(cls)):
        convert = encoder(hints[f.name])
        if convert is _as_is:
            parts.append(f'"{f.name}": entity.{f.name}')
        else:
            names[f"convert_{n}"] = convert
            parts.append(f'"{f.name}": convert_{n}(entity.{f.name})')
    exec(f"def encode(entity):\n    return {{{', '.join(parts)}}}", names)  # built from field names only
    generated: Callable[[Any], dict[str, Json]] = names["encode"]
    return generated


def _as_is(value: Any) -> Json:
    return typing.cast(Json, value)


def _text_map(value: Any) -> Json:
    return None if value is None else dict(value)


def _member(value: Any) -> Json:
    return None if value is None else typing.cast(Json, value.value)


@functools.cache
def encoder(tp: Any) -> Callable[[Any], Json]:
    """`encode_value` for one type, made once: text, numbers and flags (optional or not) are
    JSON as they are, enums are their values, maps of text to text are copied. Encoding a
    million entities, most fields are one of these."""
    core = _non_none(tp)
    if core in (str, int, float, bool):
        return _as_is
    if isinstance(core, type) and issubclass(core, enum.Enum):
        return _member
    if core == dict[str, str]:
        return _text_map
    return functools.partial(encode_value, tp)


def decode(cls: type[Any], data: Mapping[str, Json], subject: str | None = None) -> Any:
    """Build `cls` from JSON-ready values; unknown or malformed fields raise ValidationError."""
    subject = subject or f"{getattr(cls, 'kind', cls.__name__.lower())} {data.get('key', '')}".strip()
    hints = field_types(cls)
    unknown = set(data) - set(hints)
    if unknown:
        raise ValidationError(subject, sorted(unknown)[0], "is not a field of this kind")
    values = {name: decode_value(hints[name], raw, subject, name) for name, raw in data.items()}
    try:
        return cls(**values)
    except TypeError as exc:
        missing = [f.name for f in dataclasses.fields(cls) if f.name not in data and _required(f)]
        raise ValidationError(
            subject, missing[0] if missing else "fields", "is required" if missing else str(exc)
        ) from None


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def canonical_amount(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def encode_value(tp: Any, value: Any) -> Json:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return canonical_amount(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    args = _non_none(tp)
    if isinstance(value, tuple):
        item = typing.get_args(args)[0] if typing.get_args(args) else Any
        return [encode_value(item, v) for v in value]
    if isinstance(value, dict):
        key_tp, value_tp = typing.get_args(args)
        return {encode_value(key_tp, k): encode_value(value_tp, v) for k, v in value.items()}
    if hasattr(type(value), "parse"):
        return str(value)
    if dataclasses.is_dataclass(value):
        return encode(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def _non_none(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        rest = [a for a in typing.get_args(tp) if a is not type(None)]
        return rest[0]
    return tp


def is_optional(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in typing.get_args(tp)


def decode_value(tp: Any, raw: Json, subject: str, field: str) -> Any:  # noqa: C901 - one branch per type
    if raw is None:
        if is_optional(tp):
            return None
        raise ValidationError(subject, field, "is required")
    tp = _non_none(tp)
    origin = typing.get_origin(tp)

    def bad(expected: str) -> ValidationError:
        return ValidationError(subject, field, f"{raw!r} is not {expected}")

    try:
        if tp is bool:
            if isinstance(raw, bool):
                return raw
            raise bad("true or false")
        if tp is int:
            if isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            if isinstance(raw, str) and raw.strip().lstrip("+-").isdigit():
                return int(raw)
            raise bad("a whole number")
        if tp is float:
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                raise bad("a number")
            number = float(raw)
            if not math.isfinite(number):
                raise bad("a finite number")
            return number
        if tp is str:
            if isinstance(raw, str):
                return raw
            raise bad("text")
        if tp is Decimal:
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                raise bad("an amount")
            value = Decimal(str(raw))
            if not value.is_finite():
                raise bad("a finite amount")
            return value
        if tp is dt.datetime:
            if not isinstance(raw, str):
                raise bad("a date and time (YYYY-MM-DDTHH:MM)")
            stamp = dt.datetime.fromisoformat(raw)
            if stamp.tzinfo is not None:
                raise ValidationError(subject, field, "give wall-clock time without a time zone offset")
            return stamp
        if tp is dt.date:
            if not isinstance(raw, str):
                raise bad("a date (YYYY-MM-DD)")
            return dt.date.fromisoformat(raw)
        if tp is dt.time:
            if not isinstance(raw, str):
                raise bad("a time of day (HH:MM)")
            moment = dt.time.fromisoformat(raw)
            if moment.tzinfo is not None:
                raise ValidationError(subject, field, "give wall-clock time without a time zone offset")
            return moment
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            try:
                return tp(raw)
            except ValueError:
                choices = ", ".join(str(m.value) for m in tp)
                raise ValidationError(subject, field, f"{raw!r} is not one of: {choices}") from None
        if origin is tuple:
            if not isinstance(raw, list | tuple):
                raise bad("a list")
            item = typing.get_args(tp)[0]
            return tuple(decode_value(item, v, subject, f"{field}[{i}]") for i, v in enumerate(raw))
        if origin is dict:
            if not isinstance(raw, dict):
                raise bad("an object")
            key_tp, value_tp = typing.get_args(tp)
            return {
                decode_value(key_tp, k, subject, field): decode_value(value_tp, v, subject, f"{field}.{k}")
                for k, v in raw.items()
            }
        if hasattr(tp, "parse"):
            if not isinstance(raw, str):
                raise bad("text")
            return tp.parse(raw)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            if not isinstance(raw, dict):
                raise bad("an object")
            return decode(tp, raw, subject=f"{subject}: {field}")
    except AccordError:
        raise
    except (ValueError, InvalidOperation, ArithmeticError):
        raise bad(_describe(tp)) from None
    raise TypeError(f"no decoder for {tp!r}")


def _describe(tp: Any) -> str:
    return {
        int: "a whole number",
        float: "a number",
        Decimal: "an amount",
        dt.date: "a date (YYYY-MM-DD)",
        dt.datetime: "a date and time (YYYY-MM-DDTHH:MM)",
        dt.time: "a time of day (HH:MM)",
    }.get(tp, f"a valid {getattr(tp, '__name__', 'value')}")
