"""Baselines 0 to 10 in MS Project XML: each task's saved start, finish, duration, work and cost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from lxml import etree

from accord.domain.baseline import Baseline, BaselineTask
from accord.interchange.mspdi_extra import fragment
from accord.interchange.mspdi_format import CENTS, datetime_of, fields_of, minutes, money


class BaselineReader:
    """Collects the baselines of a file's tasks, task by task, into Accord's baselines."""

    def __init__(self, project: str) -> None:
        self.project = project
        self.rows: dict[int, list[BaselineTask]] = {}  # by baseline number
        self.unusable: dict[int, int] = {}  # task entries kept only as extra, by number

    def read(self, rows: Sequence[etree._Element], task: str, extra: dict[str, str]) -> None:
        """A task's `<Baseline>` elements. An entry without both dates, or finishing before it
        starts, is no baseline Accord can use: it is kept in the task's `extra` instead."""
        for n, raw in enumerate(rows, start=1):
            saved = fields_of(raw)
            number = int(saved.get("Number", "0"))
            where = f"baseline {number} of task {task}"
            start = datetime_of(saved.get("Start"), where, "Start")
            finish = datetime_of(saved.get("Finish"), where, "Finish")
            if not 0 <= number <= 10 or start is None or finish is None or finish < start:
                extra[f"Baseline[{n}]"] = fragment(raw)
                self.unusable[number] = self.unusable.get(number, 0) + 1
                continue
            self.rows.setdefault(number, []).append(
                BaselineTask(
                    task=task,
                    start=start,
                    finish=finish,
                    duration=minutes(saved.get("Duration"), where),
                    work=minutes(saved.get("Work"), where),
                    cost=money(saved.get("Cost"), where) / CENTS,
                )
            )

    def baselines(self, saved_at: dt.datetime) -> list[Baseline]:
        """The baselines collected. MSPDI does not say when a baseline was saved: `saved_at`
        (the file's last save, or else the project's start) stands for it."""
        return [
            Baseline(key=f"{self.project}-BL{number}", project=self.project, number=number, saved_at=saved_at, tasks=tuple(tasks))
            for number, tasks in sorted(self.rows.items())
        ]

    def notes(self) -> list[str]:
        """What was left out of the baselines, and why."""
        return [
            f"baseline {number}: {count} task(s) without a start and finish in order, kept only to be written back"
            for number, count in sorted(self.unusable.items())
        ]
