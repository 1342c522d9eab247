"""Critical path method at scale: forward and backward pass over generated networks.

Networks: projects of 1,000 tasks; about 2 links per task to earlier tasks of the same project
(plus a few between projects), all four link types, 30% with lags (working, elapsed, percent,
some negative), three calendars with public holidays (standard, Norway, Sweden): by default one
per project with 5% of tasks on another; `--calendars task` draws each task's at random.

Targets (issue: scheduling engine): 1,000,000 tasks scheduled in at most 2 s, peak memory at
most 2 GB, on a 2-core machine.

    python bench/cpm.py [--tasks N ...] [--seed S] [--repeat R]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
import tracemalloc

import numpy as np

from accord.domain.calendar import Calendar
from accord.scheduling.calendars import CompiledCalendars, compile_calendars, resolve, standard
from accord.scheduling.cpm import schedule
from accord.scheduling.network import NO_TIME, Network

START = dt.date(2027, 1, 4)
PROJECT_SIZE = 1000


def make_calendars(years: int) -> CompiledCalendars:
    norway = Calendar(key="NO", name="Norway", holiday_region="NO")
    sweden = Calendar(key="SE", name="Sweden", holiday_region="SE")
    by_key = {"NO": norway, "SE": sweden}
    span = range(START.year - 1, START.year + years + 1)
    resolved = [standard(), resolve(norway, by_key, span), resolve(sweden, by_key, span)]
    return compile_calendars(resolved, START - dt.timedelta(days=365), START + dt.timedelta(days=365 * years))


def make_network(tasks: int, calendars: CompiledCalendars, seed: int, mix: str = "project") -> Network:
    """`mix`: "project" gives each project one of the three calendars and 5% of its tasks another
    (a resource's); "task" draws every task's calendar at random (most links then join calendars)."""
    rng = np.random.default_rng(seed)
    index = np.arange(tasks, dtype=np.int64)
    position = index % PROJECT_SIZE
    links_per_task = np.where(position == 0, 0, rng.integers(1, 4, size=tasks))  # 1-3, mean 2
    successor = np.repeat(index, links_per_task)
    back = rng.integers(1, 31, size=successor.size)
    back = np.minimum(back, position[successor])  # stay inside the project
    predecessor = successor - back
    duplicate = np.zeros(successor.size, dtype=bool)
    order = np.lexsort((predecessor, successor))
    same = (successor[order][1:] == successor[order][:-1]) & (predecessor[order][1:] == predecessor[order][:-1])
    duplicate[order[1:][same]] = True
    successor, predecessor = successor[~duplicate], predecessor[~duplicate]
    # A few links between projects, from an early task of one project to a later task of the next.
    cross = rng.choice(np.flatnonzero(position[successor] > 500), size=max(1, tasks // 2000), replace=False)
    predecessor[cross] = np.maximum(predecessor[cross] - PROJECT_SIZE, predecessor[cross] % PROJECT_SIZE)
    m = successor.size
    link_type = rng.choice(np.array([0, 1, 2, 3], dtype=np.int8), size=m, p=[0.7, 0.1, 0.1, 0.1])
    lagged = rng.random(m) < 0.3
    lag_format = np.where(
        lagged, rng.choice(np.array([0, 1, 2], dtype=np.int8), size=m, p=[0.7, 0.15, 0.15]), 0
    ).astype(np.int8)
    lag = np.where(lagged, rng.integers(-480, 2401, size=m), 0)
    lag = np.where(lag_format == 2, rng.integers(0, 101, size=m), lag).astype(np.int64)
    start = calendars.minute(dt.datetime.combine(START, dt.time()))
    none = np.full(tasks, NO_TIME, dtype=np.int64)
    return Network(
        duration=rng.choice(np.array([0, 240, 480, 960, 2400, 4800], dtype=np.int64), size=tasks),
        elapsed=np.zeros(tasks, dtype=bool),
        calendar=_calendars(rng, tasks, mix),
        earliest=np.full(tasks, start, dtype=np.int64),
        constraint=np.zeros(tasks, dtype=np.int8),
        constraint_time=none,
        deadline=none,
        actual_start=none,
        actual_finish=none,
        percent_complete=np.zeros(tasks, dtype=np.int64),
        status_time=none,
        predecessor=predecessor,
        successor=successor,
        link_type=link_type,
        lag=lag,
        lag_format=lag_format,
    )


def _calendars(rng: np.random.Generator, tasks: int, mix: str) -> np.ndarray:
    if mix == "task":
        return rng.integers(0, 3, size=tasks).astype(np.int64)
    project = np.arange(tasks) // PROJECT_SIZE
    own = rng.integers(0, 3, size=project.max() + 1)[project]
    other = rng.random(tasks) < 0.05
    return np.where(other, rng.integers(0, 3, size=tasks), own).astype(np.int64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--calendars", choices=["project", "task"], default="project", help="how tasks get calendars")
    arguments = parser.parse_args()
    calendars = make_calendars(years=12)
    print(f"{'tasks':>10} {'links':>10} {'levels':>7} {'best s':>8} {'median s':>9} {'peak MB':>8}  status")
    for tasks in arguments.tasks:
        network = make_network(tasks, calendars, arguments.seed, arguments.calendars)
        times = []
        for run in range(arguments.repeat):
            if run == 0:
                tracemalloc.start()
            started = time.perf_counter()
            result = schedule(network, calendars)
            times.append(time.perf_counter() - started)
            if run == 0:
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
        from accord.scheduling.topology import levels

        depth = levels(network.nodes, network.predecessor, network.successor).count
        print(
            f"{tasks:>10,} {network.edges:>10,} {depth:>7} {min(times):>8.3f} {float(np.median(times)):>9.3f} "
            f"{peak:>8.0f}  {result.status.value}, finish {calendars.clock(result.finish):%Y-%m-%d}"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory: {rss:.0f} MB (generation included)")


if __name__ == "__main__":
    main()
