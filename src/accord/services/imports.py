"""Bringing plans made elsewhere into an organisation: PSPLIB instances (more formats to come)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from accord.domain.errors import ValidationError
from accord.domain.people import Account
from accord.interchange import psplib
from accord.services.actor import Actor
from accord.services.entities import EntityService

BENCHMARK_ACCOUNT = "PSPLIB"


@dataclass(frozen=True)
class Imported:
    project: str
    tasks: int
    links: int
    resources: int


class ImportService:
    def __init__(self, entities: EntityService) -> None:
        self._entities = entities

    def psplib(self, actor: Actor, path: Path, *, key: str | None = None, start: dt.date) -> Imported:
        """A PSPLIB `.sm` instance as a project (see `psplib.Instance.entities`), for the
        account PSPLIB (created when missing). All or nothing."""
        instance = psplib.read(path)
        project = key or re.sub(r"[^A-Za-z0-9-]+", "-", instance.name).upper()
        if not project:
            raise ValidationError(str(path), "key", "give a project key with --key")
        batch = instance.entities(project, BENCHMARK_ACCOUNT, start)
        if not any(s.entity.key == BENCHMARK_ACCOUNT for s in self._entities.find(actor, "account")):
            batch.insert(0, Account(key=BENCHMARK_ACCOUNT, name="PSPLIB benchmark instances"))
        self._entities.add_all(actor, batch)
        return Imported(
            project, instance.jobs, sum(len(s) for s in instance.successors), len(instance.capacities)
        )
