"""PSPLIB single-mode instances (`.sm`): the standard benchmark of resource levelling.

A file lists jobs 1 … n+2 (1 and n+2 are the dummy start and end) with their successors, each
job's duration and per-period demand on the renewable resources, and the resources'
capacities. Errors name the file's line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from accord.domain.base import Entity
from accord.domain.errors import ValidationError
from accord.domain.project import Dependency, Project, Task
from accord.domain.resources import Assignment, Resource
from accord.levelling.problem import Problem

MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Instance:
    name: str
    durations: tuple[int, ...]
    """Of jobs 1 … n+2, in order."""
    demands: tuple[tuple[int, ...], ...]
    capacities: tuple[int, ...]
    successors: tuple[tuple[int, ...], ...]
    """Job numbers (1-based) following each job."""
    horizon: int | None = None

    @property
    def jobs(self) -> int:
        return len(self.durations)

    def entities(self, project: str, account: str, start: dt.date) -> list[Entity]:
        """The instance as an Accord project: jobs become tasks of whole days (the dummy
        start and end become milestones), successors finish-to-start links, each resource a
        team with its capacity as maximum units, each demand an assignment of that many units."""
        found: list[Entity] = [
            Project(key=project, name=f"PSPLIB {self.name}", account=account, start=start),
        ]
        last = self.jobs - 1
        for j, days in enumerate(self.durations):
            milestone = j in (0, last) and days == 0
            name = "Start" if j == 0 and milestone else "End" if milestone else f"Job {j + 1}"
            found.append(Task(key=f"{project}-{j + 1}", name=name, project=project, position=j, duration=days * 480, milestone=milestone))
        found += [
            Dependency(key=f"{project}-L{j + 1}-{s}", predecessor=f"{project}-{j + 1}", successor=f"{project}-{s}")
            for j, after in enumerate(self.successors)
            for s in after
        ]
        found += [
            Resource(key=f"{project}-R{r + 1}", name=f"{project} resource {r + 1}", max_units=float(c))
            for r, c in enumerate(self.capacities)
        ]
        found += [
            Assignment(key=f"{project}-A{j + 1}-{r + 1}", task=f"{project}-{j + 1}", resource=f"{project}-R{r + 1}", units=float(d))
            for j, row in enumerate(self.demands)
            for r, d in enumerate(row)
            if d > 0
        ]
        return found

    def problem(self) -> Problem:
        edges = [(j, s - 1) for j, after in enumerate(self.successors) for s in after]
        return Problem.of(
            self.durations,
            self.demands,
            self.capacities,
            edges,
            names=[f"job {j + 1}" for j in range(self.jobs)],
            resources=[f"R{r + 1}" for r in range(len(self.capacities))],
        )


def read(path: Path) -> Instance:
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError(str(path), "size", f"is over {MAX_BYTES:,} bytes: not a PSPLIB instance")
    try:
        text = path.read_text(encoding="ascii")
    except UnicodeDecodeError as error:
        raise ValidationError(str(path), "encoding", "a PSPLIB file is plain ASCII text") from error
    return parse(text, path.stem, str(path))


def parse(text: str, name: str, where: str = "PSPLIB file") -> Instance:
    lines = text.splitlines()
    jobs = _number(lines, r"jobs \(incl\. supersource/sink \)\s*:\s*(\d+)", where)
    resources = _number(lines, r"- renewable\s*:\s*(\d+)", where)
    horizon = _number(lines, r"horizon\s*:\s*(\d+)", where, required=False)
    successors: dict[int, tuple[int, ...]] = {}
    durations: dict[int, int] = {}
    demands: dict[int, tuple[int, ...]] = {}
    capacities: tuple[int, ...] | None = None
    section = ""
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if (stripped.endswith(":") and stripped.isupper()) or stripped.startswith(("PRECEDENCE", "REQUESTS", "RESOURCEAVAIL")):
            section = stripped.split(":")[0].split("/")[0]
            continue
        fields = stripped.split()
        if not fields or not fields[0].isdigit():
            continue
        values = _integers(fields, where, number)
        if section == "PRECEDENCE RELATIONS":
            job, count = values[0], values[2]
            if len(values) != 3 + count:
                raise ValidationError(where, f"line {number}", f"job {job} announces {count} successors, lists {len(values) - 3}")
            successors[job] = tuple(values[3:])
        elif section == "REQUESTS":
            if len(values) != 3 + resources:
                raise ValidationError(where, f"line {number}", f"expected a job, mode, duration and {resources} demands")
            durations[values[0]] = values[2]
            demands[values[0]] = tuple(values[3:])
        elif section == "RESOURCEAVAILABILITIES":
            if len(values) != resources:
                raise ValidationError(where, f"line {number}", f"expected {resources} capacities")
            capacities = tuple(values)
    expected = set(range(1, jobs + 1))
    _check_complete(where, jobs, successors, durations, capacities)
    assert capacities is not None
    return Instance(
        name=name,
        durations=tuple(durations[j] for j in sorted(expected)),
        demands=tuple(demands[j] for j in sorted(expected)),
        capacities=capacities,
        successors=tuple(successors[j] for j in sorted(expected)),
        horizon=horizon,
    )


def _check_complete(
    where: str,
    jobs: int,
    successors: dict[int, tuple[int, ...]],
    durations: dict[int, int],
    capacities: tuple[int, ...] | None,
) -> None:
    expected = set(range(1, jobs + 1))
    for what, found in (("precedence relations", successors), ("requests/durations", durations)):
        if set(found) != expected:
            missing = sorted(expected - set(found)) or sorted(set(found) - expected)
            raise ValidationError(where, what, f"do not list jobs 1 to {jobs} exactly (job {missing[0]})")
    if capacities is None:
        raise ValidationError(where, "resource availabilities", "are missing")
    for job, after in successors.items():
        for s in after:
            if s not in expected:
                raise ValidationError(where, "precedence relations", f"job {job} is followed by job {s}, which does not exist")


def _number(lines: list[str], pattern: str, where: str, *, required: bool = True) -> int:
    compiled = re.compile(pattern)
    for line in lines:
        found = compiled.search(line)
        if found:
            return int(found.group(1))
    if not required:
        return 0
    raise ValidationError(where, "header", f"has no line matching {pattern!r}")


def _integers(fields: list[str], where: str, number: int) -> list[int]:
    try:
        return [int(f) for f in fields]
    except ValueError as error:
        raise ValidationError(where, f"line {number}", f"expected whole numbers: {' '.join(fields)}") from error
