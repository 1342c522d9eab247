"""Stored schedules: the latest computed dates of each project's tasks (derived data)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from accord.store.bulk import insert_rows
from accord.store.repository import EntityRepository
from accord.store.schema import entities, schedules, task_schedules

_CHUNK = 5000
"""Keys in one IN list."""
_VALUES = [c.name for c in task_schedules.columns if c.name not in ("task_id", "project_id")]


class ScheduleStore:
    def __init__(self, connection: Connection, repository: EntityRepository) -> None:
        self._conn = connection
        self._repository = repository

    def save(
        self,
        project: str,
        *,
        scheduled_at: dt.datetime,
        status: str,
        status_date: dt.date | None,
        finish: dt.datetime | None,
        tasks: Sequence[Mapping[str, Any]],
        changes_only: bool = False,
    ) -> None:
        """Replace the project's stored schedule. `tasks` rows carry `task` (a key) and the
        columns of `task_schedules`. Only rows that changed are written: after a change to one
        task, most of a large project's dates stay as they were. With `changes_only`, `tasks`
        are those rows alone (the caller knows what it stored last: see `stamps`)."""
        project_id = self._write_header(project, scheduled_at, status, status_date, finish)
        if changes_only:
            ids = self._repository.locate([row["task"] for row in tasks]) if tasks else {}
            self._write_rows(project_id, [ids[row["task"]][0] for row in tasks], tasks, ids)
            return
        values = _VALUES
        query = (
            select(entities.c.key, task_schedules.c.task_id, *(task_schedules.c[name] for name in values))
            .join(entities, entities.c.id == task_schedules.c.task_id)
            .where(task_schedules.c.project_id == project_id)
        )
        stored = {found[0]: (found[1], tuple(found[2:])) for found in self._conn.execute(query)}
        changed = [row for row in tasks if stored.get(row["task"], (0, None))[1] != tuple(row[n] for n in values)]
        kept, rewritten = {row["task"] for row in tasks}, {row["task"] for row in changed}
        stale = [task_id for key, (task_id, _) in stored.items() if key not in kept or key in rewritten]
        self._write_rows(project_id, stale, changed)

    def stamps(self, projects: Iterable[str]) -> dict[str, int]:
        """The stamp of each project's stored schedule, drawn anew each time one is stored
        (projects never scheduled: none)."""
        query = (
            select(entities.c.key, schedules.c.stamp)
            .join(entities, entities.c.id == schedules.c.project_id)
            .where(entities.c.organization_id == self._repository.organization_id, entities.c.key.in_(list(projects)))
        )
        return {key: at for key, at in self._conn.execute(query)}

    def _write_header(
        self, project: str, scheduled_at: dt.datetime, status: str, status_date: dt.date | None, finish: dt.datetime | None
    ) -> int:
        project_id = self._repository.locate([project])[project][0]
        self._conn.execute(delete(schedules).where(schedules.c.project_id == project_id))
        self._conn.execute(
            insert(schedules),
            {
                "project_id": project_id,
                "scheduled_at": scheduled_at,
                "status": status,
                "status_date": status_date,
                "finish": finish,
                "stamp": secrets.randbits(62),
            },
        )
        return project_id

    def _write_rows(
        self,
        project_id: int,
        stale: Sequence[int],
        rows: Sequence[Mapping[str, Any]],
        ids: Mapping[str, tuple[int, str]] | None = None,
    ) -> None:
        """Delete the rows of the tasks `stale`, then insert `rows`."""
        for start in range(0, len(stale), _CHUNK):
            self._conn.execute(delete(task_schedules).where(task_schedules.c.task_id.in_(stale[start : start + _CHUNK])))
        if ids is None:
            ids = self._repository.locate([row["task"] for row in rows]) if rows else {}
        insert_rows(
            self._conn,
            task_schedules,
            [
                {**{k: v for k, v in row.items() if k != "task"}, "task_id": ids[row["task"]][0], "project_id": project_id}
                for row in rows
            ],
        )

    def load(self, project: str) -> dict[str, dict[str, Any]]:
        """The stored dates of the project's tasks, by task key (empty if never scheduled)."""
        located = self._repository.locate([project]).get(project)
        if located is None:
            return {}
        query = (
            select(entities.c.key, task_schedules)
            .join(entities, entities.c.id == task_schedules.c.task_id)
            .where(task_schedules.c.project_id == located[0])
        )
        return {row.key: dict(row._mapping) for row in self._conn.execute(query)}
