"""`accord check` over a large portfolio, end to end from the command line, on SQLite.

Creates (once) a SQLite database holding one organisation of P projects × T tasks (default
200 × 2,000), 500 people, 50 programs of 4 projects and 20 products with releases and features.
Tasks run in work streams of 200 with one to three finish-to-start links to the 20 before them,
each task has one person from its program's pool of ten (a few specialists serve two programs),
half the projects report progress (status date, percent complete, budget), and programs have
milestones on their projects' finishes and benefits. Then it times `accord check` as a whole
process (start-up, load, schedule, every rule, earned value, recording the findings), once to
record and then again on the same facts. Target (issue: alignment engine): at most 10 s.

    python bench/check.py [--projects P] [--tasks T] [--database PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

from accord.bootstrap import bootstrap
from accord.domain.base import Entity
from accord.domain.calendar import Calendar
from accord.domain.catalog import default_decision_types
from accord.domain.objectives import Objective
from accord.domain.organization import Organization
from accord.domain.people import Account, Person
from accord.domain.product import Feature, FeatureStatus, Product, Release
from accord.domain.program import Benefit, Milestone, Program
from accord.domain.project import Dependency, Project, ScopeItem, Task
from accord.domain.resources import Assignment, Resource
from accord.domain.roles import Role, RoleAssignment
from accord.settings import Settings
from accord.store.database import sqlite_url

PEOPLE = 500
PROGRAMS = 50
PRODUCTS = 20
STREAM = 200
POOL = 10
DAY = 480


def portfolio(projects: int, tasks: int) -> list[Entity]:
    rng = np.random.default_rng(11)
    start = dt.date(2027, 1, 4)
    entities: list[Entity] = [*default_decision_types(), Person(key="admin", name="Admin", administrator=True)]
    entities += [Calendar(key=c, name=c, holiday_region=c) for c in ("NO", "SE", "FI")]
    entities += [Person(key=f"u{i}", name=f"Person {i}") for i in range(PEOPLE)]
    entities += [Resource(key=f"r{i}", name=f"Person {i}", person=f"u{i}", standard_rate=Decimal(90)) for i in range(PEOPLE)]
    entities += [Account(key=f"ACC-{i}", name=f"Client {i}") for i in range(projects)]
    entities += [Objective(key=f"OBJ-{i}", name=f"Objective {i}") for i in range(PRODUCTS + PROGRAMS)]
    ra = 0

    def hold(person: str, role: Role, entity: str) -> RoleAssignment:
        nonlocal ra
        ra += 1
        return RoleAssignment(key=f"RA-{ra}", person=person, role=role, entity=entity)

    for p in range(PRODUCTS):
        key = f"PRD-{p}"
        entities += [Product(key=key, name=f"Product {p}", objectives=(f"OBJ-{p}",)), hold(f"u{p}", Role.PRODUCT_MANAGER, key)]
        for r in range(4):
            entities.append(
                Release(key=f"{key}-R{r}", name=f"{key} {r}", product=key, version=f"{r}", planned_date=start + dt.timedelta(days=91 * (r + 1)), capacity=20)
            )
        for f in range(12):
            entities.append(
                Feature(
                    key=f"{key}-F{f}", name=f"Feature {f}", product=key, release=f"{key}-R{f % 4}", status=FeatureStatus.PLANNED,
                    rank=f // 4 + 1, effort=float(rng.integers(2, 9)),
                )
            )
    for g in range(PROGRAMS):
        key = f"PGM-{g}"
        entities += [
            Program(key=key, name=f"Program {g}", objectives=(f"OBJ-{PRODUCTS + g}",), budget=Decimal(4_000_000), priority=int(rng.choice([500, 800]))),
            hold(f"u{100 + g}", Role.PROGRAM_MANAGER, key),
            hold(f"u{200 + g}", Role.SPONSOR, key),
        ]
    links = asg = 0
    calendars = ("NO", "SE", "FI")
    for j in range(projects):
        key, program = f"PRJ-{j}", j * PROGRAMS // projects
        progress = j % 2 == 0
        entities += [
            Project(
                key=key, name=f"Project {j}", account=f"ACC-{j}", program=f"PGM-{program}", start=start, calendar=calendars[j % 3],
                budget=Decimal(1_000_000), deadline=start + dt.timedelta(days=300), status_date=dt.date(2027, 3, 31) if progress else None,
            ),
            hold(f"u{300 + j % 200}", Role.PROJECT_MANAGER, key),
            ScopeItem(key=f"SCOPE-{j}", project=key, feature=f"PRD-{j % PRODUCTS}-F{j % 12}", needed_by=start + dt.timedelta(days=150)),
        ]
        durations = rng.choice([DAY, 2 * DAY, 3 * DAY, 5 * DAY], size=tasks)
        pool = [f"r{(program * POOL + k) % PEOPLE}" for k in range(POOL)]
        for i in range(tasks):
            done = 100 if progress and i % STREAM < 4 else (50 if progress and i % STREAM < 8 else 0)
            began = dt.datetime.combine(start, dt.time(8)) if done else None
            ended = began + dt.timedelta(days=int(durations[i]) // DAY, hours=9) if began and done == 100 else None
            entities.append(
                Task(
                    key=f"{key}-{i}", name=f"Task {i}", project=key, duration=int(durations[i]), percent_complete=done,
                    actual_start=began, actual_finish=ended,
                )
            )
            first = i - i % STREAM
            for p in sorted(set(rng.integers(max(first, i - 20), i, size=int(rng.integers(1, 4))).tolist())) if i > first else ():
                links += 1
                entities.append(Dependency(key=f"DEP-{links}", predecessor=f"{key}-{p}", successor=f"{key}-{i}"))
            asg += 1
            resource = f"r{rng.integers(PEOPLE)}" if rng.random() < 0.01 else pool[i % STREAM % POOL]
            entities.append(Assignment(key=f"ASG-{asg}", task=f"{key}-{i}", resource=resource))
        entities.append(Task(key=f"{key}-DONE", name="Go-live", project=key, milestone=True))
        entities += [
            Dependency(key=f"DEP-{key}-{s}", predecessor=f"{key}-{s + STREAM - 1}", successor=f"{key}-DONE")
            for s in range(0, tasks, STREAM)
        ]
    for g in range(PROGRAMS):
        members = [f"PRJ-{j}-DONE" for j in range(projects) if j * PROGRAMS // projects == g]
        entities += [
            Milestone(key=f"MS-{g}", name=f"Program {g} live", program=f"PGM-{g}", date=start + dt.timedelta(days=200), depends_on=tuple(members)),
            Benefit(key=f"BEN-{g}", name=f"Benefit {g}", program=f"PGM-{g}", measure="Revenue", planned_value=1, planned_by=dt.date(2028, 6, 30)),
        ]
    return entities


def build(path: Path, projects: int, tasks: int) -> int:
    entities = portfolio(projects, tasks)
    accord = bootstrap(Settings(database_url=sqlite_url(path)))
    accord.backup.write(Organization(key="BENCH", name="Bench"), entities, [1] * len(entities), [])
    accord.close()
    return len(entities)


def run(*args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "accord.cli", *args], capture_output=True, text=True)
    if done.returncode not in (0, 3):
        raise SystemExit(done.stderr)
    return time.perf_counter() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--database", type=Path, default=None, help="keep the database here (reused when it exists)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = arguments.database or Path(scratch) / "check.db"
        if not path.exists():
            started = time.perf_counter()
            count = build(path, arguments.projects, arguments.tasks)
            print(f"built {count:,} entities in {time.perf_counter() - started:.1f} s")
        base = ["--database", sqlite_url(path), "--org", "BENCH", "--as", "admin"]
        first, _ = run(*base, "check", "--json")
        runs = [run(*base, "check", "--json") for _ in range(3)]
        startup = min(run("--version")[0] for _ in range(3))
    times = [t for t, _ in runs]
    found = json.loads(runs[-1][1])
    rules: dict[str, int] = {}
    for f in found:
        rules[f["rule"]] = rules.get(f["rule"], 0) + 1
    print(f"findings: {len(found)} ({', '.join(f'{k} {v}' for k, v in sorted(rules.items()))})")
    size = f"{arguments.projects} projects x {arguments.tasks:,} tasks"
    print(f"accord check, first run ({size}):  {first:.2f} s")
    print(f"accord check, again ({size}):      best {min(times):.2f} s, worst {max(times):.2f} s")
    print(f"accord --version (process start-up):  best {startup:.2f} s")
    print(f"target 10 s: {'met' if min(times) <= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
