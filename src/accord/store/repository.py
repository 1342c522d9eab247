"""Reading and writing entities of one organisation.

Every statement here is scoped to the organisation the repository was opened for, so no code
path can read or change another organisation's rows. Lists load with one query per kind (plus
one per list-of-references field), never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Connection, Text, cast, delete, func, select, type_coerce, update
from sqlalchemy.sql.elements import ColumnElement

from accord.domain.base import Entity, reference_fields
from accord.domain.errors import DuplicateKeyError, NotFoundError, StaleVersionError, ValidationError
from accord.store.bulk import insert_rows
from accord.store.rows import REFERENCE, Stored, column_plan, decoder
from accord.store.schema import KIND_MAPS, KindMap, entities

E = TypeVar("E", bound=Entity)
_CHUNK = 5000


class Referrer(NamedTuple):
    kind: str
    key: str
    field: str


class EntityRepository:
    def __init__(self, connection: Connection, organization_id: int) -> None:
        self._conn = connection
        self.organization_id = organization_id

    # -- keys -------------------------------------------------------------------------------

    def locate(self, keys: Iterable[str]) -> dict[str, tuple[int, str]]:
        """The id and kind of each key that exists in the organisation."""
        found: dict[str, tuple[int, str]] = {}
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), _CHUNK):
            rows = self._conn.execute(
                select(entities.c.key, entities.c.id, entities.c.kind).where(
                    entities.c.organization_id == self.organization_id,
                    entities.c.key.in_(wanted[start : start + _CHUNK]),
                )
            )
            found.update({key: (id_, kind) for key, id_, kind in rows})
        return found

    def kind_of(self, key: str) -> str | None:
        found = self.locate([key]).get(key)
        return found[1] if found else None

    def next_key(self, cls: type[Entity]) -> str:
        """The next free PREFIX-n key for a kind with generated keys."""
        prefix = f"{cls.key_prefix}-"
        keys = self._conn.scalars(
            select(entities.c.key).where(
                entities.c.organization_id == self.organization_id,
                entities.c.kind == cls.kind,
                entities.c.key.startswith(prefix),
            )
        )
        numbers = [int(k[len(prefix) :]) for k in keys if k[len(prefix) :].isdigit()]
        return f"{prefix}{max(numbers, default=0) + 1}"

    # -- reading ----------------------------------------------------------------------------

    def get(self, cls: type[E], key: str, *, lock: bool = False) -> Stored:
        """One entity; with `lock`, its row stays locked against other writers until commit."""
        found = self.find(cls, keys=[key], lock=lock)
        if not found:
            raise NotFoundError(f"no {cls.kind.replace('_', ' ')} has the key {key!r}", kind=cls.kind, key=key)
        return found[0]

    def find(
        self,
        cls: type[Entity],
        *,
        where: Mapping[str, str] | None = None,
        keys: Sequence[str] | None = None,
        lock: bool = False,
    ) -> list[Stored]:
        """Entities of a kind in creation order; `where` filters single references by key."""
        kind_map, rows, lists = self._read(cls, where, keys, lock)
        return decoder(kind_map, versioned=True)(rows, lists)  # type: ignore[return-value]

    def every(self, cls: type[E]) -> list[E]:
        """Every entity of a kind in creation order, without versions: for reading in bulk."""
        kind_map, rows, lists = self._read(cls, None, None, False)
        return decoder(kind_map, versioned=False)(rows, lists)  # type: ignore[return-value]

    def _read(
        self, cls: type[Entity], where: Mapping[str, str] | None, keys: Sequence[str] | None, lock: bool
    ) -> tuple[KindMap, Sequence[Any], Mapping[tuple[str, int], list[str]]]:
        kind_map = KIND_MAPS[cls.kind]
        table = kind_map.table
        columns: list[Any] = [
            entities.c.id.label("e_id"),
            entities.c.key.label("e_key"),
            entities.c.version.label("e_version"),
        ]
        query_from: Any = table.join(entities, entities.c.id == table.c.id)
        # The kind narrows the (organisation, kind) index to this kind's rows.
        conditions: list[ColumnElement[bool]] = [
            entities.c.organization_id == self.organization_id,
            entities.c.kind == cls.kind,
        ]
        singles = [f for f in kind_map.fields if f.column is not None]
        for f in singles:
            assert f.column is not None
            if f.reference:
                target = entities.alias(f"ref_{f.name}")
                query_from = query_from.outerjoin(target, target.c.id == table.c[f.column])
                columns.append(target.c.key.label(f"f_{f.name}"))
                if where and f.name in where:
                    conditions.append(target.c.key == where[f.name])
            elif f.encoded and f.type == dict[str, str]:  # mostly empty: read as NULL, which costs nothing
                columns.append(func.nullif(cast(table.c[f.column], Text), "{}").label(f"f_{f.name}"))
            elif f.encoded:  # JSON: decoded in one step with the field's type (see _decode_stored)
                columns.append(type_coerce(table.c[f.column], Text).label(f"f_{f.name}"))
            else:
                columns.append(table.c[f.column].label(f"f_{f.name}"))
        unknown = set(where or ()) - {f.name for f in singles if f.reference}
        if unknown:
            raise ValidationError(cls.kind, sorted(unknown)[0], "cannot filter on this field")
        if keys is not None:
            conditions.append(entities.c.key.in_(list(keys)))
        query = select(*columns).select_from(query_from).where(*conditions).order_by(entities.c.id)
        if lock:
            query = query.with_for_update(of=entities)
        rows = self._conn.execute(query).all()
        has_lists = rows and any(f.table is not None for f in kind_map.fields)
        lists = self._load_lists(kind_map, [row.e_id for row in rows]) if has_lists else {}
        # A million new objects would set off the cycle collector again and again over an
        # ever larger heap; these hold no cycles, so it waits until they are built.
        return kind_map, rows, lists

    def _load_lists(self, kind_map: KindMap, ids: list[int]) -> dict[tuple[str, int], list[str]]:
        found: dict[tuple[str, int], list[str]] = defaultdict(list)
        for f in kind_map.fields:
            if f.table is None:
                continue
            link = f.table
            for start in range(0, len(ids), _CHUNK):
                rows = self._conn.execute(
                    select(link.c.owner_id, entities.c.key)
                    .join(entities, entities.c.id == link.c.target_id)
                    .where(link.c.owner_id.in_(ids[start : start + _CHUNK]))
                    .order_by(link.c.owner_id, link.c.position)
                )
                for owner, key in rows:
                    found[(f.name, owner)].append(key)
        return found

    # -- writing ----------------------------------------------------------------------------

    def add(self, entity: Entity, version: int = 1) -> int:
        return self.add_many([entity], [version])[0]

    def add_many(self, batch: Sequence[Entity], versions: Sequence[int] | None = None) -> list[int]:
        """Insert entities (all of one kind or mixed) and return their ids, in order.

        Raises DuplicateKeyError for a key that is taken and NotFoundError for a reference to a
        key that does not exist (or is of the wrong kind); nothing is written then.
        """
        if not batch:
            return []
        keys = [e.key for e in batch]
        taken = self.locate(keys)
        repeated = {k for k in keys if keys.count(k) > 1} if len(set(keys)) != len(keys) else set()
        if taken or repeated:
            key = next(iter(taken)) if taken else next(iter(repeated))
            raise DuplicateKeyError(f"the key {key!r} is already used in this organization", key=key)
        ids_by_key = self._resolve_references(batch, pending={e.key: e.kind for e in batch})
        rows = [
            {"organization_id": self.organization_id, "kind": e.kind, "key": e.key, "version": v}
            for e, v in zip(batch, versions or [1] * len(batch), strict=True)
        ]
        # Plain multi-row inserts, then the new ids read back by key: inserts that return their
        # ids in order run row by row on SQLite.
        insert_rows(self._conn, entities, rows)
        located = self.locate(keys)
        new_ids = [located[key][0] for key in keys]
        ids_by_key.update(zip(keys, new_ids, strict=True))
        by_kind: dict[str, list[tuple[int, Entity]]] = defaultdict(list)
        for id_, e in zip(new_ids, batch, strict=True):
            by_kind[e.kind].append((id_, e))
        for kind, members in by_kind.items():
            kind_map = KIND_MAPS[kind]
            insert_rows(self._conn, kind_map.table, [{"id": id_, **self._columns(kind_map, e, ids_by_key)} for id_, e in members])
            self._insert_lists(kind_map, members, ids_by_key)
        return new_ids

    def update(self, entity: Entity, expected_version: int) -> int:
        """Store a changed entity if nobody changed it since `expected_version`; the new version."""
        kind_map = KIND_MAPS[entity.kind]
        located = self.locate([entity.key]).get(entity.key)
        if located is None or located[1] != entity.kind:
            raise NotFoundError(f"no {entity.kind} has the key {entity.key!r}", key=entity.key)
        id_ = located[0]
        bumped = self._conn.execute(
            update(entities)
            .where(entities.c.id == id_, entities.c.version == expected_version)
            .values(version=entities.c.version + 1)
        )
        if bumped.rowcount != 1:
            current = self._conn.scalar(select(entities.c.version).where(entities.c.id == id_))
            raise StaleVersionError(
                f"{entity.kind} {entity.key} was changed by someone else (version {current}, you read "
                f"version {expected_version}); read it again and repeat your change",
                key=entity.key,
                current=current,
                expected=expected_version,
            )
        ids_by_key = self._resolve_references([entity], pending={})
        self._conn.execute(
            update(kind_map.table)
            .where(kind_map.table.c.id == id_)
            .values(**self._columns(kind_map, entity, ids_by_key))
        )
        for f in kind_map.fields:
            if f.table is not None:
                self._conn.execute(delete(f.table).where(f.table.c.owner_id == id_))
        self._insert_lists(kind_map, [(id_, entity)], ids_by_key)
        return expected_version + 1

    def delete(self, entity: Entity, expected_version: int) -> None:
        removed = self._conn.execute(
            delete(entities).where(
                entities.c.organization_id == self.organization_id,
                entities.c.key == entity.key,
                entities.c.version == expected_version,
            )
        )
        if removed.rowcount != 1:
            raise StaleVersionError(
                f"{entity.kind} {entity.key} was changed by someone else since version {expected_version}",
                key=entity.key,
            )

    def referrers(self, key: str) -> list[Referrer]:
        """Every entity whose fields name `key`, with the field."""
        located = self.locate([key]).get(key)
        if located is None:
            return []
        target_id = located[0]
        found: list[Referrer] = []
        for kind_map in KIND_MAPS.values():
            for f in kind_map.references:
                if f.table is not None:
                    owner = f.table.c.owner_id
                    condition = f.table.c.target_id == target_id
                    source: Any = f.table.join(entities, entities.c.id == owner)
                else:
                    assert f.column is not None
                    condition = kind_map.table.c[f.column] == target_id
                    source = kind_map.table.join(entities, entities.c.id == kind_map.table.c.id)
                for (referrer,) in self._conn.execute(select(entities.c.key).select_from(source).where(condition)):
                    found.append(Referrer(kind_map.cls.kind, referrer, f.name))
        return found

    def count(self, cls: type[Entity]) -> int:
        return int(
            self._conn.scalar(
                select(func.count()).where(
                    entities.c.organization_id == self.organization_id, entities.c.kind == cls.kind
                )
            )
            or 0
        )

    # -- helpers ----------------------------------------------------------------------------

    def _resolve_references(self, batch: Sequence[Entity], pending: Mapping[str, str]) -> dict[str, int]:
        """Ids of every key the batch names; keys in `pending` are being inserted with it."""
        references = [e.references() for e in batch]
        wanted = {key for named in references for keys in named.values() for key in keys}
        located = self.locate(k for k in wanted if k not in pending)
        for e, named in zip(batch, references, strict=True):
            for name, reference in reference_fields(type(e)):
                for key in named.get(name, ()):
                    kind = pending.get(key) or (located[key][1] if key in located else None)
                    if kind is None:
                        raise NotFoundError(
                            f"{e.kind} {e.key}: {name}: nothing has the key {key!r}", field=name, key=key
                        )
                    if kind not in reference.kinds:
                        expected = " or ".join(reference.kinds)
                        raise ValidationError(f"{e.kind} {e.key}", name, f"{key!r} is a {kind}, not a {expected}")
        return {key: id_ for key, (id_, _) in located.items()}

    @staticmethod
    def _columns(kind_map: KindMap, entity: Entity, ids_by_key: Mapping[str, int]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for column, name, how in column_plan(kind_map):
            value = getattr(entity, name)
            if how is None or value is None:
                values[column] = value
            elif how is REFERENCE:
                values[column] = ids_by_key[value]
            else:
                values[column] = how(value)
        return values

    def _insert_lists(
        self, kind_map: KindMap, members: Sequence[tuple[int, Entity]], ids_by_key: Mapping[str, int]
    ) -> None:
        for f in kind_map.fields:
            if f.table is None:
                continue
            rows = [
                {"owner_id": id_, "target_id": ids_by_key[key], "position": position}
                for id_, e in members
                for position, key in enumerate(getattr(e, f.name))
            ]
            insert_rows(self._conn, f.table, rows)
