"""Entities as rows and rows as entities: how each kind's fields become its table's columns, and
the decoders that turn a query's rows back into entities."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import orjson

from accord.domain.base import Entity
from accord.domain.codec import decode_value, encoder
from accord.store.schema import FieldMap, KindMap


class Stored(NamedTuple):
    entity: Entity
    version: int


def _reference(value: Any) -> Any:  # a marker: the value is a key, stored as its entity's id
    return value


REFERENCE: Callable[[Any], Any] = _reference


_COLUMN_PLANS: dict[type[Entity], tuple[tuple[str, str, Callable[[Any], Any] | None], ...]] = {}


def column_plan(kind_map: KindMap) -> tuple[tuple[str, str, Callable[[Any], Any] | None], ...]:
    """For each single field of a kind: its column, its name, and how a value becomes the
    column's (None: as it is). Kept by class: a kind map's own hash would walk all its fields,
    for every row."""
    found = _COLUMN_PLANS.get(kind_map.cls)
    if found is None:
        found = _COLUMN_PLANS[kind_map.cls] = _make_column_plan(kind_map)
    return found


def _make_column_plan(kind_map: KindMap) -> tuple[tuple[str, str, Callable[[Any], Any] | None], ...]:
    plan: list[tuple[str, str, Callable[[Any], Any] | None]] = []
    for f in kind_map.fields:
        if f.column is None:
            continue
        if f.reference:
            plan.append((f.column, f.name, REFERENCE))
        elif f.encoded:
            plan.append((f.column, f.name, encoder(f.type)))
        elif f.enum is not None:
            plan.append((f.column, f.name, _member_value))
        else:
            plan.append((f.column, f.name, None))
    return tuple(plan)


def _member_value(value: Any) -> Any:
    return value.value


Decoder = Callable[[Sequence[Sequence[Any]], Mapping[tuple[str, int], list[str]]], list[Stored] | list[Entity]]


def decoder(kind_map: KindMap, *, versioned: bool) -> Decoder:
    decode = _decoders(kind_map, versioned)

    def guarded(rows: Sequence[Sequence[Any]], found: Mapping[tuple[str, int], list[str]]) -> list[Any]:
        # A million new objects would set off the cycle collector again and again over an
        # ever larger heap; these hold no cycles, so it waits until they are built.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return decode(rows, found)
        finally:
            if collecting:
                gc.enable()

    return guarded


@functools.cache
def _decoders(kind_map: KindMap, versioned: bool) -> Decoder:
    """Turns rows of `find`'s query (id, key, version, then the single fields in order) into
    entities, without checking their invariants again: they were checked when they were
    written (reading 100,000 tasks should not validate 100,000 tasks).

    The loop is generated for the kind, one expression a field (as `dataclasses` generates
    `__init__`): reading a million rows, a loop over the fields costs several times more."""
    names: dict[str, Any] = {"new": object.__new__, "cls": kind_map.cls, "Stored": Stored, "pair": tuple.__new__}
    values = ['"key": row[1]']
    index = 3
    for f in kind_map.fields:
        if f.table is not None:
            values.append(f'"{f.name}": tuple(found.get(("{f.name}", row[0]), ()))')
            continue
        value = f"row[{index}]"
        if f.enum is not None:
            names[f"members_{f.name}"] = {m.value: m for m in f.enum}
            value = f"None if {value} is None else members_{f.name}[{value}]"
        elif f.encoded:
            names[f"convert_{f.name}"] = _decode_stored(kind_map.cls.kind, f)
            empty = "{}" if f.type == dict[str, str] else "None"  # an empty map is read as NULL
            value = f"{empty} if {value} is None else convert_{f.name}({value}, row[1])"
        values.append(f'"{f.name}": {value}')
        index += 1
    source = "\n".join(
        [
            "def decode(rows, found):",
            "    out = []",
            "    append = out.append",
            "    for row in rows:",
            "        entity = new(cls)",
            f"        entity.__dict__.update({{{', '.join(values)}}})",
            "        append(pair(Stored, (entity, row[2])))" if versioned else "        append(entity)",
            "    return out",
        ]
    )
    exec(source, names)  # the source is built from the schema above, never from data
    decode: Decoder = names["decode"]
    return decode


def _decode_stored(kind: str, f: FieldMap) -> Callable[[Any, str], Any]:
    """A JSON column's value (its text, or what the driver made of it) as the field's type.
    A map of text to text, such as the attributes an imported file kept, is taken as it is:
    most are empty, and there are a million of them in a large portfolio."""
    text_map = f.type == dict[str, str]

    def convert(raw: Any, key: str) -> Any:
        if isinstance(raw, str):
            if text_map and raw == "{}":
                return {}
            raw = orjson.loads(raw)
        if text_map and isinstance(raw, dict) and all(type(v) is str for v in raw.values()):
            return raw
        return decode_value(f.type, raw, f"{kind} {key}", f.name)

    return convert
