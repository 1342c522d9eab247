"""Fidelity of MS Project XML import: Accord's schedule against the dates MS Project stored.

For every MSPDI file given (default: every .xml under ../shared/data/mspdi), reads it as
`accord import` does, schedules it from its project start, and compares every task's start and
finish with the dates MS Project computed and saved in the file. Dates are compared as
instants of working time in the task's calendar (Friday 17:00 and the next Monday 08:00 are the
same instant of work, as MS Project itself treats them). Prints, per file, tasks compared and
mismatches, then the totals.

With `--mpxj` (needs the `mpxj` extra and Java), MPXJ's own `MicrosoftScheduler` reschedules
each file as well, and is compared with MS Project the same way: the acceptance measure is no
mismatch of Accord's on any file where MPXJ's scheduler reproduces MS Project.

    python bench/mspdi_fidelity.py [PATH ...] [--show N] [--mpxj]
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
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


Dates = dict[str, tuple[dt.datetime, dt.datetime]]
"""Start and finish by task key."""


def mpxj_scheduler() -> Callable[[Path], Dates | None]:
    """MPXJ's reading of a file rescheduled by its `MicrosoftScheduler` (None where it fails)."""
    from accord.interchange import mpxj

    reader, _ = mpxj._mpxj()
    from org.mpxj.cpm import MicrosoftScheduler

    def when(value: object) -> dt.datetime:
        return dt.datetime.fromisoformat(str(value))

    def scheduled(path: Path) -> Dates | None:
        try:
            project = reader().read(str(path))
            MicrosoftScheduler().schedule(project, project.getProjectProperties().getStartDate())
        except Exception:  # a Java exception: MPXJ cannot schedule this file
            return None
        return {
            f"P-{t.getID()}": (when(t.getStart()), when(t.getFinish()))
            for t in project.getTasks()
            if t.getID() is not None and t.getStart() is not None and t.getFinish() is not None
        }

    return scheduled


def compare(path: Path, show: int, reference: Callable[[Path], Dates | None] | None = None) -> tuple[int, int, int | None, str]:
    """Tasks compared, Accord's mismatches, MPXJ's mismatches (None: not asked, or it failed)
    and the mismatches to show."""
    try:
        plan = mspdi.read(path, key="P", account="A")
    except AccordError as error:
        return 0, 0, None, f"not read: {error}"
    tasks = [t for t in plan.of(Task) if isinstance(t, Task)]
    if not tasks:
        return 0, 0, None, "no tasks"
    links = [d for d in plan.of(Dependency) if isinstance(d, Dependency)]
    calendars = [c for c in plan.of(Calendar) if isinstance(c, Calendar)]
    people = resource_calendars(plan.of(Assignment), plan.of(Resource))  # type: ignore[arg-type]
    built = build([plan.project], tasks, links, calendars, resource_calendars=people)
    result = schedule(built.network, built.calendars)
    if result.status is ScheduleStatus.CYCLE:
        return 0, 0, None, "links form a cycle"
    dates = task_dates(built, result)
    cal = built.network.calendar[: len(built.tasks)]
    clocks = built.calendars
    compared = mismatched = 0
    lines = []
    others = reference(path) if reference is not None else None
    others_mismatched = None if others is None else 0
    for i, task in enumerate(built.tasks):
        stored = plan.stored.get(task.key)
        if stored is None or stored.start is None or stored.finish is None:
            continue
        compared += 1
        mine = np.asarray([dates.early_start[i], dates.early_finish[i]], dtype=np.int64)
        theirs = np.asarray([clocks.minute(stored.start), clocks.minute(stored.finish)], dtype=np.int64)
        c = np.full(2, cal[i])
        if others is not None and others_mismatched is not None:
            start, finish = others.get(task.key, (stored.start, stored.finish))
            by_mpxj = np.asarray([clocks.minute(start), clocks.minute(finish)], dtype=np.int64)
            others_mismatched += not np.array_equal(clocks.working(c, by_mpxj), clocks.working(c, theirs))
        if not np.array_equal(clocks.working(c, mine), clocks.working(c, theirs)):
            mismatched += 1
            if len(lines) < show:
                lines.append(
                    f"    {task.key} {task.name!r}: ours {clocks.clock(int(mine[0]))} → {clocks.clock(int(mine[1]))}, "
                    f"MS Project {stored.start} → {stored.finish}"
                )
    return compared, mismatched, others_mismatched, "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--show", type=int, default=3, help="mismatches to print per file")
    parser.add_argument("--mpxj", action="store_true", help="also reschedule with MPXJ's MicrosoftScheduler")
    arguments = parser.parse_args()
    files = []
    for path in arguments.paths or [DATA]:
        files += sorted(path.rglob("*.xml")) if path.is_dir() else [path]
    reference = mpxj_scheduler() if arguments.mpxj else None
    total = bad = perfect = 0
    where_mpxj_agrees: list[tuple[Path, int]] = []
    for path in files:
        compared, mismatched, by_mpxj, detail = compare(path, arguments.show, reference)
        total, bad = total + compared, bad + mismatched
        perfect += compared > 0 and mismatched == 0
        name = path.relative_to(DATA) if path.is_relative_to(DATA) else path
        mpxj = "" if reference is None else f"   MPXJ: {'failed' if by_mpxj is None else by_mpxj:>6}"
        print(f"{name!s:<75} {compared:>5} tasks  {mismatched:>4} mismatches{mpxj}")
        if by_mpxj == 0 and compared:
            where_mpxj_agrees.append((path, mismatched))
        if detail:
            print(detail)
    print(f"\n{len(files)} files, {total:,} tasks compared, {bad:,} mismatches; {perfect} files without any")
    if reference is not None:
        ours = sum(m for _, m in where_mpxj_agrees)
        print(
            f"MPXJ's scheduler reproduces MS Project on {len(where_mpxj_agrees)} files; "
            f"Accord's mismatches on those files: {ours}"
        )


if __name__ == "__main__":
    main()
