"""Levelling a large program end to end from the command line.

Creates (once) a SQLite database holding one program of P projects of N tasks each, sharing a
pool of people (each task needs one or two of them, some at 50%), with finish-to-start links
inside each project, the projects on Norway's calendar and every tenth person on a calendar of
their own with two weeks away (with `--hours`, about a task in five takes three hours, so the
levelling works in hours: eighths of a day; with `--late K`, every K-th task is as late as
possible; with `--zones`, every other project is in Helsinki, an hour ahead of the others in
Oslo, so the same working hours are an hour apart on the clock); then times `accord level PROGRAM --schedules S` as a whole process (start-up, load,
schedule, level, report) and prints what it moved, and how many people are still over capacity.

    python bench/levelling.py [--projects P] [--tasks N] [--people K] [--schedules S] [--hours] [--late K]
        [--zones] [--database PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from accord.bootstrap import bootstrap
from accord.domain.calendar import Calendar, CalendarException
from accord.domain.catalog import default_decision_types
from accord.domain.organization import Organization
from accord.domain.people import Account, Person
from accord.domain.program import Program
from accord.domain.project import ConstraintType, Dependency, Project, Task
from accord.domain.resources import Assignment, Resource
from accord.settings import Settings
from accord.store.database import sqlite_url


def build(path: Path, projects: int, tasks: int, people: int, hours: bool = False, late: int = 0, zones: bool = False) -> None:
    rng = np.random.default_rng(5)
    start = dt.date(2027, 1, 4)
    durations = [180, 480, 960, 1440, 2400] if hours else [480, 960, 1440, 2400]
    entities: list = [  # type: ignore[type-arg]
        *default_decision_types(),
        Person(key="admin", name="Admin", administrator=True),
        Account(key="CLIENT", name="Client"),
        Calendar(key="NO", name="Norway", holiday_region="NO"),
        Program(key="PG", name="Program"),
    ]
    for k in range(people):
        calendar = None
        if k % 10 == 0:  # away for two weeks somewhere in the first half year
            away = start + dt.timedelta(days=int(rng.integers(0, 180)))
            calendar = f"CAL-{k}"
            entities.append(
                Calendar(key=calendar, name=f"Person {k}", base="NO",
                         exceptions=(CalendarException(name="Away", start=away, finish=away + dt.timedelta(days=13)),))
            )  # fmt: skip
        entities += [Person(key=f"p{k}", name=f"Person {k}"), Resource(key=f"R{k}", name=f"Person {k}", person=f"p{k}", calendar=calendar)]
    for j in range(projects):
        key = f"P{j}"
        zone = {"time_zone": "Europe/Helsinki" if j % 2 else "Europe/Oslo"} if zones else {}
        entities.append(Project(key=key, name=f"Project {j}", account="CLIENT", start=start, calendar="NO", program="PG",
                                priority=int(rng.integers(300, 800)), **zone))  # fmt: skip
        for i in range(tasks):
            task = f"{key}-{i}"
            alap = {"constraint": ConstraintType.AS_LATE_AS_POSSIBLE} if late and i % late == late // 2 else {}
            entities.append(Task(key=task, name=f"Task {i}", project=key, duration=int(rng.choice(durations)), **alap))
            for n, who in enumerate(sorted(set(rng.integers(0, people, size=int(rng.integers(1, 3))).tolist()))):
                entities.append(Assignment(key=f"A-{task}-{n}", task=task, resource=f"R{who}", units=float(rng.choice([0.5, 1.0]))))
            first = i - i % 50  # streams of 50 tasks
            for p in sorted(set(rng.integers(max(first, i - 8), i, size=int(rng.integers(1, 3))).tolist())) if i > first else []:
                entities.append(Dependency(key=f"L-{task}-{p}", predecessor=f"{key}-{p}", successor=task))
    accord = bootstrap(Settings(database_url=sqlite_url(path)))
    accord.backup.write(Organization(key="BENCH", name="Bench"), entities, [1] * len(entities), [])
    accord.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument("--hours", action="store_true", help="about a task in five takes three hours (levelling in hours)")
    parser.add_argument("--late", type=int, default=0, metavar="K", help="every K-th task as late as possible")
    parser.add_argument("--zones", action="store_true", help="every other project in Helsinki, the others in Oslo")
    parser.add_argument("--database", type=Path, default=None, help="keep the database here (reused when it exists)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = arguments.database or Path(scratch) / "levelling.db"
        if not path.exists():
            started = time.perf_counter()
            build(path, arguments.projects, arguments.tasks, arguments.people, arguments.hours, arguments.late, arguments.zones)
            print(f"built {arguments.projects} projects × {arguments.tasks:,} tasks, {arguments.people} people in {time.perf_counter() - started:.1f} s")
        command = [sys.executable, "-m", "accord.cli", "--database", sqlite_url(path), "level", "PG", "--schedules", str(arguments.schedules), "--json"]
        started = time.perf_counter()
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - started
    report = json.loads(done.stdout)
    over = [k for k, h in report["histograms"].items() if max(h["after"], default=0) > h["capacity_percent"]]
    print(f"accord level PG ({arguments.projects * arguments.tasks:,} tasks, {arguments.schedules:,} schedules): {seconds:.1f} s "
          f"(of it searching: {report['seconds']:.1f} s)")  # fmt: skip
    print(f"working days {report['working_days_before']} → {report['working_days_after']}; "
          f"{len(report['tasks']):,} tasks moved; people over capacity after: {len(over)}; "
          f"unresolved: {len(report['unresolved'])}")  # fmt: skip


if __name__ == "__main__":
    main()
