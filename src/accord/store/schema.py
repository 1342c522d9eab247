"""The database schema, derived from the domain classes.

Every entity has a row in `entities` (organisation, kind, key, version) and one in its kind's
table with the same id. Keys are unique within an organisation across all kinds, so a key alone
names an entity (`accord history NORD-ACME`). A reference is a foreign key to `entities`; a
list of references is an association table with the position of each item.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.types import TypeEngine

from accord.domain.base import Entity, reference_of
from accord.domain.codec import field_types, is_optional
from accord.domain.kinds import KINDS
from accord.store.types import Money

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

organizations = Table(
    "organizations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("version", Integer, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("key", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("organization_id", "key", name="uq_entities_organization_key"),
    Index("ix_entities_organization_kind", "organization_id", "kind"),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("key", String(64), nullable=False),
    Column("version", Integer),
    Column("before", JSON),
    Column("after", JSON),
    Index("ix_audit_events_organization_key", "organization_id", "key"),
    Index("ix_audit_events_organization_order", "organization_id", "id"),
)


schedules = Table(
    "schedules",
    metadata,
    Column("project_id", ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("scheduled_at", DateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("status_date", Date),
    Column("finish", DateTime),
    Column("stamp", BigInteger, nullable=False),
)
"""The latest schedule of each project (derived data: recomputed, never edited). Its `stamp` is
drawn anew each time one is stored: whoever stored it last knows it by that."""

task_schedules = Table(
    "task_schedules",
    metadata,
    Column("task_id", ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("project_id", ForeignKey("entities.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("early_start", DateTime, nullable=False),
    Column("early_finish", DateTime, nullable=False),
    Column("late_start", DateTime, nullable=False),
    Column("late_finish", DateTime, nullable=False),
    Column("total_float", BigInteger, nullable=False),
    Column("free_float", BigInteger, nullable=False),
    Column("critical", Boolean, nullable=False),
    Column("driver", JSON, nullable=False),
)


findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
    Column("handle", String(16), nullable=False),
    Column("fact_id", Text, nullable=False),
    Column("rule", String(64), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("state", String(16), nullable=False),
    Column("entities", JSON, nullable=False),
    Column("explanation", Text, nullable=False),
    Column("decider", JSON),
    Column("fingerprint", Text, nullable=False),
    Column("first_seen", DateTime, nullable=False),
    Column("changed_at", DateTime, nullable=False),
    Column("changed_by", String(64)),
    Column("decision", String(64)),
    UniqueConstraint("organization_id", "fact_id", name="uq_findings_organization_fact"),
    UniqueConstraint("organization_id", "handle", name="uq_findings_organization_handle"),
)
"""Findings as last seen, with their lifecycle: open, acknowledged, resolved, accepted."""


@dataclass(frozen=True)
class FieldMap:
    """How one domain field is stored."""

    name: str
    type: Any
    column: str | None = None
    """Column in the kind's table; None for a list of references."""
    table: Table | None = None
    """Association table, for a list of references."""
    reference: bool = False
    encoded: bool = False
    """Stored as JSON in its encoded form (value objects, lists, mappings)."""
    enum: type[enum.Enum] | None = None
    """The enumeration whose values the column holds, if it holds one."""


@dataclass(frozen=True)
class KindMap:
    cls: type[Entity]
    table: Table
    fields: tuple[FieldMap, ...]

    @property
    def references(self) -> tuple[FieldMap, ...]:
        return tuple(f for f in self.fields if f.reference)


_SCALARS: dict[Any, TypeEngine[Any] | type[TypeEngine[Any]]] = {
    str: Text,
    int: BigInteger,
    float: Float,
    bool: Boolean,
    dt.date: Date,
    dt.datetime: DateTime,
    dt.time: Time,
    Decimal: Money,
}


def _column_type(tp: Any) -> tuple[TypeEngine[Any] | type[TypeEngine[Any]], bool]:
    """The column type for a (non-optional) hint, and whether values are stored encoded."""
    if tp in _SCALARS:
        return _SCALARS[tp], False
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return String(32), False
    return JSON, True


def _reference() -> ForeignKey:
    """A reference between entities, checked at commit: removing an organisation deletes rows
    that refer to each other, and only the whole transaction has to be consistent."""
    return ForeignKey("entities.id", deferrable=True, initially="DEFERRED")


def table_name(cls: type[Entity]) -> str:
    return cls.plural.replace("-", "_")


def _kind_map(cls: type[Entity]) -> KindMap:
    hints = field_types(cls)
    name = table_name(cls)
    columns: list[Column[Any]] = [Column("id", ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)]
    fields: list[FieldMap] = []
    for f in dataclasses.fields(cls):
        if f.name == "key":
            continue
        tp = hints[f.name]
        reference = reference_of(f)
        if reference is not None and reference.many:
            link = Table(
                f"{name}__{f.name}",
                metadata,
                Column("owner_id", ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
                Column("target_id", _reference(), primary_key=True, index=True),
                Column("position", Integer, nullable=False),
            )
            fields.append(FieldMap(f.name, tp, table=link, reference=True))
        elif reference is not None:
            column = f"{f.name}_id"
            columns.append(Column(column, _reference(), nullable=is_optional(tp), index=True))
            fields.append(FieldMap(f.name, tp, column=column, reference=True))
        else:
            core = tp if not is_optional(tp) else next(a for a in tp.__args__ if a is not type(None))
            sql_type, encoded = _column_type(core)
            columns.append(Column(f.name, sql_type, nullable=is_optional(tp)))
            enumeration = core if isinstance(core, type) and issubclass(core, enum.Enum) else None
            fields.append(FieldMap(f.name, tp, column=f.name, encoded=encoded, enum=enumeration))
    return KindMap(cls, Table(name, metadata, *columns), tuple(fields))


KIND_MAPS: dict[str, KindMap] = {cls.kind: _kind_map(cls) for cls in KINDS}
