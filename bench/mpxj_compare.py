"""Compare with MPXJ's CPM scheduler (`MicrosoftScheduler`, which follows MS Project) in one run.

Builds the same generated network in MPXJ (through JPype, Java 17) and in Accord: projects of
1,000 tasks, about 2 links per task of types FS, SS and FF with working-time lags, MPXJ's
default calendar (Monday to Friday 08:00-12:00, 13:00-17:00). Prints both schedulers' times
and the ratio, and compares every task's start and finish as instants of working time.
Target: Accord at least 10 times faster at 100,000 tasks.

    pip install mpxj JPype1
    python bench/mpxj_compare.py [--tasks N ...] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

import numpy as np

from accord.scheduling.calendars import compile_calendars, standard
from accord.scheduling.cpm import schedule
from accord.scheduling.network import FF, FS, NO_TIME, SS, Network

START = dt.datetime(2027, 1, 4, 8, 0)
PROJECT_SIZE = 1000


def generate(tasks: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    index = np.arange(tasks)
    position = index % PROJECT_SIZE
    per_task = np.where(position == 0, 0, rng.integers(1, 4, size=tasks))
    successor = np.repeat(index, per_task)
    predecessor = successor - np.minimum(rng.integers(1, 31, size=successor.size), position[successor])
    pairs = np.unique(np.stack([predecessor, successor], axis=1), axis=0)
    predecessor, successor = pairs[:, 0], pairs[:, 1]
    kind = rng.choice(np.array([FS, SS, FF], dtype=np.int8), size=successor.size, p=[0.8, 0.1, 0.1])
    lag = np.where(rng.random(successor.size) < 0.3, rng.choice([60, 240, 480, 960], size=successor.size), 0)
    duration = rng.choice(np.array([60, 240, 480, 960, 2400]), size=tasks)
    return duration, predecessor, successor, kind, lag


def accord_network(duration: np.ndarray, predecessor: np.ndarray, successor: np.ndarray, kind: np.ndarray, lag: np.ndarray, start: int) -> Network:
    n = len(duration)
    none = np.full(n, NO_TIME, dtype=np.int64)
    return Network(
        duration=duration.astype(np.int64), elapsed=np.zeros(n, dtype=bool), calendar=np.zeros(n, dtype=np.int64),
        earliest=np.full(n, start, dtype=np.int64), constraint=np.zeros(n, dtype=np.int8), constraint_time=none,
        deadline=none, actual_start=none, actual_finish=none, percent_complete=np.zeros(n, dtype=np.int64),
        status_time=none, predecessor=predecessor.astype(np.int64), successor=successor.astype(np.int64),
        link_type=kind.astype(np.int8), lag=lag.astype(np.int64), lag_format=np.zeros(len(kind), dtype=np.int8),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=5)
    arguments = parser.parse_args()
    try:
        import jpype
        import mpxj  # noqa: F401 - puts MPXJ's jars on the class path
    except ImportError:
        print("MPXJ is not installed (pip install mpxj JPype1); nothing to compare.")
        sys.exit(0)
    jpype.startJVM("-Xss512m")
    from java.time import LocalDateTime  # type: ignore[import-not-found]
    from org.mpxj import Duration, ProjectFile, Relation, RelationType, TimeUnit  # type: ignore[import-not-found]
    from org.mpxj.cpm import MicrosoftScheduler  # type: ignore[import-not-found]

    calendars = compile_calendars([standard()], START.date() - dt.timedelta(days=7), START.date() + dt.timedelta(days=365 * 30))
    types = {FS: RelationType.FINISH_START, SS: RelationType.START_START, FF: RelationType.FINISH_FINISH}
    print(f"{'tasks':>9} {'MPXJ s':>8} {'Accord s':>9} {'ratio':>6}  compared  mismatches")
    for tasks in arguments.tasks:
        duration, predecessor, successor, kind, lag = generate(tasks, arguments.seed)
        project = ProjectFile()
        project.setDefaultCalendar(project.addDefaultBaseCalendar())
        zero = Duration.getInstance(0, TimeUnit.MINUTES)
        made = []
        for minutes in duration.tolist():
            task = project.addTask()
            task.setDuration(Duration.getInstance(minutes, TimeUnit.MINUTES))
            task.setActualDuration(zero)
            task.setRemainingDuration(Duration.getInstance(minutes, TimeUnit.MINUTES))
            made.append(task)
        for p, s, k, minutes in zip(predecessor.tolist(), successor.tolist(), kind.tolist(), lag.tolist(), strict=True):
            made[s].addPredecessor(Relation.Builder().predecessorTask(made[p]).type(types[k]).lag(Duration.getInstance(minutes, TimeUnit.MINUTES)))
        started = time.perf_counter()
        MicrosoftScheduler().schedule(project, LocalDateTime.of(START.year, START.month, START.day, START.hour, START.minute))
        theirs = time.perf_counter() - started
        network = accord_network(duration, predecessor, successor, kind, lag, calendars.minute(START))
        started = time.perf_counter()
        result = schedule(network, calendars)
        ours = time.perf_counter() - started
        calendar = np.zeros(tasks, dtype=np.int64)

        def minutes_of(values: list[object]) -> np.ndarray:
            return np.asarray([calendars.minute(dt.datetime.fromisoformat(str(v))) for v in values], dtype=np.int64)

        their_start = calendars.working(calendar, minutes_of([t.getStart() for t in made]))
        their_finish = calendars.working(calendar, minutes_of([t.getFinish() for t in made]))
        our_start = calendars.working(calendar, result.early_start)
        our_finish = calendars.working(calendar, result.early_finish)
        wrong = np.flatnonzero((their_start != our_start) | (their_finish != our_finish))
        print(f"{tasks:>9,} {theirs:>8.3f} {ours:>9.4f} {theirs / ours:>5.0f}x  {tasks:>8,}  {wrong.size:>10}")
        for i in wrong[:5].tolist():
            print(f"    task {i}: MPXJ {made[i].getStart()} - {made[i].getFinish()}, "
                  f"Accord {calendars.clock(result.early_start[i])} - {calendars.clock(result.early_finish[i])}")


if __name__ == "__main__":
    main()
