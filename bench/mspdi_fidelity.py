"""Fidelity of MS Project XML import: Accord's schedule against the dates MS Project stored.

For every MSPDI file given (default: every .xml under ../shared/data/mspdi), reads it as
`accord import` does, schedules it from its project start, and compares every task's start and
finish with the dates MS Project computed and saved in the file. Dates are compared as
instants of working time in the task's calendar (Friday 17:00 and the next Monday 08:00 are the
same instant of work, as MS Project itself treats them). Prints, per file, tasks compared and
mismatches, then the totals.

    python bench/mspdi_fidelity.py [PATH ...] [--show N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from accord.domain.calendar import Calendar
from accord.domain.errors import AccordError
from accord.domain.project import Dependency, Task
from accord.domain.resources import Assignment, Resource
from accord.interchange import mspdi
from accord.scheduling.cpm import ScheduleStatus, schedule
from accord.scheduling.plan import build, resource_calendars, task_dates

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mspdi"


def compare(path: Path, show: int) -> tuple[int, int, str]:
    try:
        plan = mspdi.read(path, key="P", account="A")
    except AccordError as error:
        return 0, 0, f"not read: {error}"
    tasks = [t for t in plan.of(Task) if isinstance(t, Task)]
    if not tasks:
        return 0, 0, "no tasks"
    links = [d for d in plan.of(Dependency) if isinstance(d, Dependency)]
    calendars = [c for c in plan.of(Calendar) if isinstance(c, Calendar)]
    people = resource_calendars(plan.of(Assignment), plan.of(Resource))  # type: ignore[arg-type]
    built = build([plan.project], tasks, links, calendars, resource_calendars=people)
    result = schedule(built.network, built.calendars)
    if result.status is ScheduleStatus.CYCLE:
        return 0, 0, "links form a cycle"
    dates = task_dates(built, result)
    cal = built.network.calendar[: len(built.tasks)]
    clocks = built.calendars
    compared = mismatched = 0
    lines = []
    for i, task in enumerate(built.tasks):
        stored = plan.stored.get(task.key)
        if stored is None or stored.start is None or stored.finish is None:
            continue
        compared += 1
        mine = np.asarray([dates.early_start[i], dates.early_finish[i]], dtype=np.int64)
        theirs = np.asarray([clocks.minute(stored.start), clocks.minute(stored.finish)], dtype=np.int64)
        c = np.full(2, cal[i])
        if not np.array_equal(clocks.working(c, mine), clocks.working(c, theirs)):
            mismatched += 1
            if len(lines) < show:
                lines.append(
                    f"    {task.key} {task.name!r}: ours {clocks.clock(int(mine[0]))} → {clocks.clock(int(mine[1]))}, "
                    f"MS Project {stored.start} → {stored.finish}"
                )
    return compared, mismatched, "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--show", type=int, default=3, help="mismatches to print per file")
    arguments = parser.parse_args()
    files = []
    for path in arguments.paths or [DATA]:
        files += sorted(path.rglob("*.xml")) if path.is_dir() else [path]
    total = bad = perfect = 0
    for path in files:
        compared, mismatched, detail = compare(path, arguments.show)
        total, bad = total + compared, bad + mismatched
        perfect += compared > 0 and mismatched == 0
        name = path.relative_to(DATA) if path.is_relative_to(DATA) else path
        print(f"{name!s:<75} {compared:>5} tasks  {mismatched:>4} mismatches")
        if detail:
            print(detail)
    print(f"\n{len(files)} files, {total:,} tasks compared, {bad:,} mismatches; {perfect} files without any")


if __name__ == "__main__":
    main()
