"""What every Accord entity shares: a human key, validation on construction, declared references.

Entities are frozen dataclasses. A change is a new instance (`dataclasses.replace`), so every
invariant is checked again by `__post_init__`. References to other entities are held as keys;
the field's metadata says which kinds it may name, so storage, backup and the command line all
learn the model from the classes themselves.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from accord.domain.errors import ValidationError

KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True)
class Reference:
    """A field that names other entities by key: one (`many=False`) or an ordered set."""

    kinds: tuple[str, ...]
    many: bool


def ref(*kinds: str, required: bool = False, help: str = "") -> Any:
    """A field naming one entity of one of `kinds`; optional unless `required`."""
    meta = {"reference": Reference(kinds, many=False), "help": help}
    if required:
        return dataclasses.field(metadata=meta)
    return dataclasses.field(default=None, metadata=meta)


def refs(*kinds: str, help: str = "") -> Any:
    """A field naming any number of entities of `kinds`, in order, without repeats."""
    return dataclasses.field(default=(), metadata={"reference": Reference(kinds, many=True), "help": help})


def described(default: Any = dataclasses.MISSING, *, help: str) -> Any:
    """A plain field with a help text (shown by `--help` and in the docs)."""
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata={"help": help})
    return dataclasses.field(default=default, metadata={"help": help})


def reference_of(field: dataclasses.Field[Any]) -> Reference | None:
    found = field.metadata.get("reference")
    return found if isinstance(found, Reference) else None


def extra_attributes() -> Any:
    """A field keeping what an imported file said that Accord does not model (custom fields,
    display formats, fields the other tool computes), by the file's element name, so an export
    writes it back and a round trip loses nothing."""
    return dataclasses.field(
        default_factory=dict,
        metadata={"help": "Attributes from an imported file that Accord does not model, written back on export."},
    )


_REFERENCE_FIELDS: dict[type, tuple[tuple[str, Reference], ...]] = {}


def reference_fields(cls: type) -> tuple[tuple[str, Reference], ...]:
    """A kind's reference fields, with what they refer to (read once per kind)."""
    found = _REFERENCE_FIELDS.get(cls)
    if found is None:
        pairs = ((f.name, reference_of(f)) for f in dataclasses.fields(cls))
        found = _REFERENCE_FIELDS[cls] = tuple((name, r) for name, r in pairs if r is not None)
    return found


@dataclass(frozen=True, kw_only=True)
class Entity:
    """Base of every entity. `kind` names it in keys, storage and messages; `plural` on the CLI.

    `key_prefix`, when set, lets a key be generated as PREFIX-n for entities people rarely name
    (assignments, decisions, links).
    """

    kind: ClassVar[str] = "entity"
    plural: ClassVar[str] = "entities"
    key_prefix: ClassVar[str | None] = None

    key: str

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not KEY_PATTERN.fullmatch(self.key):
            raise ValidationError(
                self.kind,
                "key",
                f"{self.key!r} is not a key: use 1-64 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit",
            )
        for name, reference in reference_fields(type(self)):
            if reference.many:
                value = getattr(self, name)
                self.require(len(set(value)) == len(value), name, "names the same entity twice")
        self.validate()

    @property
    def label(self) -> str:
        """What people call it: its name where it has one."""
        return str(getattr(self, "name", self.key))

    def validate(self) -> None:
        """Check invariants that span fields. Raise `ValidationError` via `self.require`."""

    def require(self, condition: bool, field: str, reason: str) -> None:
        if not condition:
            raise ValidationError(f"{self.kind} {self.key}", field, reason)

    def require_text(self, field: str, value: str | None, *, optional: bool = False) -> None:
        if value is None and optional:
            return
        self.require(isinstance(value, str) and value.strip() != "", field, "must not be empty")

    def references(self) -> dict[str, tuple[str, ...]]:
        """Every key this entity names, by field."""
        found: dict[str, tuple[str, ...]] = {}
        for name, _ in reference_fields(type(self)):
            value = getattr(self, name)
            if isinstance(value, tuple):
                found[name] = value
            elif value is not None:
                found[name] = (value,)
        return found
