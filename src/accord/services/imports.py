"""Bringing plans made elsewhere into an organisation: MS Project XML files and PSPLIB instances."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from accord.domain.baseline import Baseline
from accord.domain.calendar import Calendar
from accord.domain.errors import NotFoundError, ValidationError
from accord.domain.people import Account
from accord.domain.product import Feature
from accord.domain.project import Dependency, Task
from accord.domain.resources import Assignment, Resource
from accord.interchange import csv_table, mpxj, mspdi, psplib
from accord.services.actor import Actor
from accord.services.entities import EntityService

BENCHMARK_ACCOUNT = "PSPLIB"
IMPORTED_ACCOUNT = "IMPORTED"
"""The account of projects read from other tools' files (they do not say whose they are)."""


@dataclass(frozen=True)
class Imported:
    project: str
    tasks: int
    links: int
    resources: int
    calendars: int = 0
    assignments: int = 0
    features: int = 0
    baselines: int = 0
    notes: tuple[str, ...] = ()
    """What was not brought in as it was, and why."""


class ImportService:
    def __init__(self, entities: EntityService) -> None:
        self._entities = entities

    def _exists(self, actor: Actor, kind: str, key: str) -> bool:
        try:
            self._entities.get(actor, kind, key)
        except NotFoundError:
            return False
        return True

    def plan(
        self,
        actor: Actor,
        path: Path,
        *,
        key: str | None = None,
        dry_run: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> Imported:
        """A plan made in another tool (MS Project XML, or any format MPXJ reads) as a project
        with its calendars, tasks, links, resources, assignments and baselines, for the account IMPORTED
        (created when missing). All or nothing; with
        `dry_run`, everything is read and checked, nothing is written. `progress` hears of each
        step done: "read", then "checked" and "written"."""
        _check_file(path)
        project = key or _key_from(path)
        if path.suffix.lower() == ".xml" and mpxj.is_mspdi(path):
            plan = mspdi.read(path, key=project, account=IMPORTED_ACCOUNT)
        else:  # another tool's format, read through MPXJ
            plan = mspdi.parse(mpxj.to_mspdi(path), key=project, account=IMPORTED_ACCOUNT, where=str(path))
        if progress:
            progress("read")
        batch = list(plan.entities)
        if not self._exists(actor, "account", IMPORTED_ACCOUNT):
            batch.insert(0, Account(key=IMPORTED_ACCOUNT, name="Plans imported from other tools"))
        if not dry_run:
            self._entities.add_all(actor, batch, progress)
        count = {cls: len(plan.of(cls)) for cls in (Task, Dependency, Resource, Calendar, Assignment, Baseline)}
        return Imported(
            project,
            count[Task],
            count[Dependency],
            count[Resource],
            count[Calendar],
            count[Assignment],
            baselines=count[Baseline],
            notes=tuple(plan.skipped),
        )

    def csv(
        self, actor: Actor, path: Path, into: str, mapping: dict[str, str] | None = None, *, dry_run: bool = False
    ) -> Imported:
        """Tasks of a project, or features of a product, from a CSV file (see
        `interchange.csv_table`). Every row is checked, and every bad one named with its line;
        one bad row and nothing is written. With `dry_run`, nothing is written either way."""
        _check_file(path)
        kinds = {"project": Task, "product": Feature}
        owner = next((kind for kind in kinds if self._exists(actor, kind, into)), None)
        if owner is None:
            raise NotFoundError(f"no project or product has the key {into!r}", key=into)
        cls = kinds[owner]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(str(path), "encoding", "a CSV file is read as UTF-8 text") from None
        table = csv_table.read(cls, text, into, mapping, where=str(path))
        if not dry_run:
            self._entities.add_all(actor, table.entities)
        links = sum(isinstance(e, Dependency) for e in table.entities)
        tasks = sum(isinstance(e, Task) for e in table.entities)
        features = sum(isinstance(e, Feature) for e in table.entities)
        return Imported(into, tasks, links, 0, features=features)

    def psplib(self, actor: Actor, path: Path, *, key: str | None = None, start: dt.date) -> Imported:
        """A PSPLIB `.sm` instance as a project (see `psplib.Instance.entities`), for the
        account PSPLIB (created when missing). All or nothing."""
        _check_file(path)
        instance = psplib.read(path)
        project = key or _key_from(path)
        batch = instance.entities(project, BENCHMARK_ACCOUNT, start)
        if not self._exists(actor, "account", BENCHMARK_ACCOUNT):
            batch.insert(0, Account(key=BENCHMARK_ACCOUNT, name="PSPLIB benchmark instances"))
        self._entities.add_all(actor, batch)
        return Imported(
            project,
            instance.jobs,
            sum(len(s) for s in instance.successors),
            len(instance.capacities),
            assignments=sum(d > 0 for row in instance.demands for d in row),
        )


def _key_from(path: Path) -> str:
    key = re.sub(r"[^A-Za-z0-9-]+", "-", path.stem).strip("-").upper()[:40]
    if not key:
        raise ValidationError(str(path), "key", "give a project key with --key")
    return key


def _check_file(path: Path) -> None:
    """A file that is not there, or cannot be read, is said so before anything else."""
    try:
        if not path.is_file():
            raise ValidationError(str(path), "file", "does not exist or is not a file")
        with path.open("rb"):
            pass
    except OSError as error:
        raise ValidationError(str(path), "file", f"cannot be read: {error.strerror}") from None
