"""Create, read, update and delete any kind of entity, on behalf of a person.

Values arrive JSON-ready (as the CLI and the API receive them) and are decoded and validated by
the domain. Every change is checked against what it refers to, refused if the entity changed
since the version the caller read, and written to the audit trail in the same transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from accord.domain.base import Entity, reference_of
from accord.domain.codec import Json, decode, encode
from accord.domain.errors import NotFoundError, StillReferencedError
from accord.domain.kinds import BY_KIND, kind_named
from accord.domain.product import Feature
from accord.services import integrity
from accord.services.actor import Actor, authorized
from accord.services.integrity import MemoryIndex
from accord.services.unit_of_work import UnitOfWorkFactory
from accord.store.audit import AuditEvent, AuditLog
from accord.store.repository import EntityRepository
from accord.store.rows import Stored

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class RepositoryIndex:
    """`integrity.Index` over the database."""

    def __init__(self, repository: EntityRepository, pending: Entity | None = None) -> None:
        self._repository = repository
        self._pending = pending

    def get(self, key: str) -> Entity | None:
        if self._pending is not None and key == self._pending.key:
            return self._pending
        kind = self._repository.kind_of(key)
        return None if kind is None else self._repository.get(BY_KIND[kind], key).entity

    def where(self, cls: type[Entity], field: str, key: str) -> Iterable[Entity]:
        return [stored.entity for stored in self._repository.find(cls, where={field: key})]


class BatchIndex:
    """`integrity.Index` over entities about to be added together, then the database."""

    def __init__(self, repository: EntityRepository, batch: Sequence[Entity]) -> None:
        self._batch = MemoryIndex(batch)
        self._new = {e.key for e in batch}
        self._stored = RepositoryIndex(repository)

    def get(self, key: str) -> Entity | None:
        return self._batch.get(key) or self._stored.get(key)

    def where(self, cls: type[Entity], field: str, key: str) -> Iterable[Entity]:
        found = list(self._batch.where(cls, field, key))
        if key not in self._new:  # nothing stored can refer to a key that is only now being added
            found += self._stored.where(cls, field, key)
        return found


class EntityService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock = utc_now) -> None:
        self._uow = unit_of_work
        self._clock = clock

    def find(self, actor: Actor, kind: str, where: Mapping[str, str] | None = None) -> list[Stored]:
        cls = kind_named(kind)
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            return repository.find(cls, where=where)

    def get(self, actor: Actor, kind: str, key: str) -> Stored:
        cls = kind_named(kind)
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            return repository.get(cls, key)

    def add(self, actor: Actor, kind: str, values: Mapping[str, Json]) -> Stored:
        """Create an entity. A kind with generated keys gets the next PREFIX-n when no key is given."""
        cls = kind_named(kind)
        with self._uow(write=True) as uow:
            repository, audit = authorized(uow, actor)
            values = dict(values)
            if not values.get("key") and cls.key_prefix:
                values["key"] = repository.next_key(cls)
            entity = decode(cls, values)
            integrity.check(entity, RepositoryIndex(repository, entity))
            repository.add(entity)
            audit.record([self._event(actor, "create", entity.kind, entity.key, 1, None, entity)])
            uow.commit()
            return Stored(entity, 1)

    def add_all(self, actor: Actor, batch: Sequence[Entity], progress: Callable[[str], None] | None = None) -> None:
        """Create entities together (they may refer to each other): all or none. `progress`
        hears of each step done ("checked", "written")."""
        with self._uow(write=True) as uow:
            repository, audit = authorized(uow, actor)
            index = BatchIndex(repository, batch)
            for entity in batch:
                integrity.check(entity, index)
            if progress:
                progress("checked")
            repository.add_many(batch)
            audit.record([self._event(actor, "create", e.kind, e.key, 1, None, e) for e in batch])
            uow.commit()
            if progress:
                progress("written")

    def update(
        self,
        actor: Actor,
        kind: str,
        key: str,
        changes: Mapping[str, Json],
        expected_version: int | None = None,
    ) -> Stored:
        """Change fields of an entity. `expected_version` is the version the caller read; without
        it, the change applies to the version read in this transaction."""
        cls = kind_named(kind)
        with self._uow(write=True) as uow:
            repository, audit = authorized(uow, actor)
            before, version = repository.get(cls, key, lock=True)
            merged = {**encode(before), **changes, "key": key}
            after = decode(cls, merged)
            if isinstance(before, Feature) and isinstance(after, Feature):
                before.check_transition(after.status)
            integrity.check(after, RepositoryIndex(repository, after))
            new_version = repository.update(after, expected_version if expected_version is not None else version)
            audit.record([self._event(actor, "update", cls.kind, key, new_version, before, after)])
            uow.commit()
            return Stored(after, new_version)

    def remove(
        self, actor: Actor, kind: str, key: str, expected_version: int | None = None, *, cascade: bool = False
    ) -> list[str]:
        """Delete an entity; the keys removed, dependents first.

        Refused with StillReferencedError while anything refers to it, unless `cascade`: then what
        cannot exist without it is removed too, and optional references to it are cleared.
        """
        cls = kind_named(kind)
        with self._uow(write=True) as uow:
            repository, audit = authorized(uow, actor)
            stored = repository.get(cls, key, lock=True)
            if expected_version is not None:
                stored = Stored(stored.entity, expected_version)
            removal = _Removal(repository, audit, lambda *a: self._event(actor, *a))
            removal.remove(stored, cascade=cascade)
            uow.commit()
            return removal.removed

    def history(self, actor: Actor, key: str | None = None) -> list[AuditEvent]:
        with self._uow(write=False) as uow:
            _, audit = authorized(uow, actor)
            return audit.history(key)

    def _event(
        self,
        actor: Actor,
        action: str,
        kind: str,
        key: str,
        version: int | None,
        before: Entity | None,
        after: Entity | None,
    ) -> AuditEvent:
        return change_event(self._clock(), actor, action, kind, key, version, before, after)


def change_event(
    at: dt.datetime,
    actor: Actor,
    action: str,
    kind: str,
    key: str,
    version: int | None,
    before: Entity | None,
    after: Entity | None,
) -> AuditEvent:
    """The audit record of one change: `action` is create, update or delete."""
    return AuditEvent(
        at=at,
        actor=actor.person,
        action=action,
        kind=kind,
        key=key,
        version=version,
        before=None if before is None else encode(before),
        after=None if after is None else encode(after),
    )


class _Removal:
    """Removes an entity and, on cascade, what depends on it, recording each change."""

    def __init__(self, repository: EntityRepository, audit: AuditLog, event: Callable[..., AuditEvent]) -> None:
        self._repository = repository
        self._audit = audit
        self._event = event
        self.removed: list[str] = []

    def remove(self, stored: Stored, *, cascade: bool) -> None:
        entity = stored.entity
        referrers = [r for r in self._repository.referrers(entity.key) if r.key != entity.key]
        if referrers and not cascade:
            shown = ", ".join(f"{r.kind} {r.key} ({r.field})" for r in referrers[:5])
            more = f" and {len(referrers) - 5} more" if len(referrers) > 5 else ""
            raise StillReferencedError(
                f"{entity.kind} {entity.key} is still referred to by {shown}{more}; "
                "remove those first or remove with cascade",
                key=entity.key,
                referrers=len(referrers),
            )
        for referrer in referrers:
            try:
                current = self._repository.get(BY_KIND[referrer.kind], referrer.key)
            except NotFoundError:
                continue  # already removed by an earlier step of this cascade
            field = next(f for f in dataclasses.fields(current.entity) if f.name == referrer.field)
            reference = reference_of(field)
            assert reference is not None
            value = getattr(current.entity, referrer.field)
            if reference.many:
                cleared = _replace(current.entity, referrer.field, tuple(k for k in value if k != entity.key))
            elif field.default is None:
                cleared = _replace(current.entity, referrer.field, None)
            else:
                self.remove(current, cascade=True)
                continue
            version = self._repository.update(cleared, current.version)
            self._audit.record([self._event("update", cleared.kind, cleared.key, version, current.entity, cleared)])
        self._repository.delete(entity, stored.version)
        self._audit.record([self._event("delete", entity.kind, entity.key, None, entity, None)])
        self.removed.append(entity.key)


def _replace(entity: Entity, field: str, value: Any) -> Entity:
    changes: dict[str, Any] = {field: value}
    return dataclasses.replace(entity, **changes)
