"""A full, versioned JSON backup of one organisation, and its restore.

The document holds the organisation, every entity of every kind (with its version) and the
audit trail, with references written as keys. Restoring a document into a database that lacks
the organisation, then exporting again, gives the same document. A restore is all or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from accord import __version__
from accord.domain.base import Entity
from accord.domain.codec import Json, decode, encode
from accord.domain.errors import AccordError, ValidationError
from accord.domain.kinds import BY_PLURAL, KINDS
from accord.domain.organization import Organization
from accord.services import integrity
from accord.services.integrity import MemoryIndex
from accord.services.unit_of_work import UnitOfWorkFactory
from accord.store.audit import AuditEvent

FORMAT = "accord-backup"
FORMAT_VERSION = 1
LOCK_VERSION = "lock_version"
"""Name of an entity's version (for optimistic locking) in documents, beside its fields."""


class BackupService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def export(self, organization: str) -> dict[str, Json]:
        with self._uow(write=False) as uow:
            org = uow.organizations.get(organization)
            repository, audit = uow.scoped(organization)
            document: dict[str, Json] = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "organization": encode(org),
                "entities": {},
                "audit": [_encode_event(e) for e in audit.history()],
            }
            for cls in KINDS:
                rows = repository.find(cls)
                document["entities"][cls.plural] = [{**encode(s.entity), LOCK_VERSION: s.version} for s in rows]
            return document

    def restore(self, document: Mapping[str, Any]) -> Organization:
        """Create the organisation in `document` with all its entities and history."""
        organization, entities, versions, events = read_document(document)
        self.write(organization, entities, versions, events)
        return organization

    def write(
        self,
        organization: Organization,
        entities: Sequence[Entity],
        versions: Sequence[int],
        events: Sequence[AuditEvent],
    ) -> None:
        """Create an organisation holding exactly `entities` and the audit trail `events`."""
        index = MemoryIndex(entities)
        for entity in entities:
            integrity.check(entity, index)
        with self._uow(write=True) as uow:
            uow.organizations.add(organization)
            repository, audit = uow.scoped(organization.key)
            repository.add_many(entities, versions)
            audit.record(events)
            uow.commit()


def read_document(document: Mapping[str, Any]) -> tuple[Organization, list[Entity], list[int], list[AuditEvent]]:
    """Decode and validate a backup document; errors name the place in the document."""
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        raise ValidationError("backup", "format", f'this is not an Accord backup (no "format": "{FORMAT}")')
    if document.get("format_version") != FORMAT_VERSION:
        raise ValidationError(
            "backup",
            "format_version",
            f"version {document.get('format_version')!r} cannot be read by Accord {__version__} "
            f"(it reads version {FORMAT_VERSION})",
        )
    organization = decode(Organization, _mapping(document.get("organization"), "organization"), "organization")
    sections = _mapping(document.get("entities"), "entities")
    unknown = set(sections) - set(BY_PLURAL)
    if unknown:
        raise ValidationError("backup", f"entities.{sorted(unknown)[0]}", "is not a kind of entity")
    entities: list[Entity] = []
    versions: list[int] = []
    for cls in KINDS:
        rows = sections.get(cls.plural, [])
        if not isinstance(rows, list):
            raise ValidationError("backup", f"entities.{cls.plural}", "must be a list")
        for position, row in enumerate(rows):
            where = f"entities.{cls.plural}[{position}]"
            data = dict(_mapping(row, where))
            version = data.pop(LOCK_VERSION, 1)
            if not isinstance(version, int) or isinstance(version, bool) or version < 1:
                raise ValidationError("backup", f"{where}.version", "must be a whole number from 1")
            try:
                entities.append(decode(cls, data))
            except AccordError as exc:
                raise ValidationError("backup", where, exc.message) from None
            versions.append(version)
    events = [_decode_event(raw, f"audit[{i}]") for i, raw in enumerate(document.get("audit") or [])]
    return organization, entities, versions, events


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError("backup", where, "must be an object")
    return value


def _encode_event(event: AuditEvent) -> dict[str, Json]:
    return {**vars(event), "at": event.at.isoformat()}


def _decode_event(raw: Any, where: str) -> AuditEvent:
    data = _mapping(raw, where)
    try:
        return AuditEvent(
            at=dt.datetime.fromisoformat(data["at"]),
            actor=str(data["actor"]),
            action=str(data["action"]),
            kind=str(data["kind"]),
            key=str(data["key"]),
            version=data.get("version"),
            before=data.get("before"),
            after=data.get("after"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError("backup", where, f"is not an audit event ({exc})") from None
