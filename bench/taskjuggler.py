"""Cross-check against TaskJuggler (Debian package `tj3`), and compare speed in the same run.

Generates a project both can express: working-time durations, finish-to-start links with
working-time lags, a weekly calendar (08:00-12:00, 13:00-17:00) with Norway's public holidays.
Both schedule it; every task's start and finish are compared as instants of working time (where
TaskJuggler puts a successor's start at its predecessor's finish, 17:00, Accord shows the next
working morning: the same instant). Target: Accord at least 100 times faster at 5,000 tasks.

    python bench/taskjuggler.py [--tasks N] [--seed S]

Runs only where `tj3` is installed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from accord.domain.calendar import Calendar
from accord.scheduling.calendars import compile_calendars, resolve
from accord.scheduling.cpm import ScheduleStatus, schedule
from accord.scheduling.network import NO_TIME, Network

START = dt.date(2027, 1, 4)
HOUR = 60


def generate(tasks: int, seed: int) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """Durations (minutes, whole hours) and FS links (predecessor, successor, lag in minutes)."""
    rng = np.random.default_rng(seed)
    durations = rng.choice(np.array([1, 4, 8, 16, 24, 40]) * HOUR, size=tasks)
    links: list[tuple[int, int, int]] = []
    for successor in range(1, tasks):
        count = int(rng.integers(0, 4))
        predecessors = set(rng.integers(max(0, successor - 30), successor, size=count).tolist())
        for predecessor in sorted(predecessors):
            links.append((predecessor, successor, int(rng.choice([0, 0, 1, 4, 8, 16]) * HOUR)))
    return durations, links


def write_tjp(path: Path, durations: np.ndarray, links: list[tuple[int, int, int]], holidays: dict[dt.date, str]) -> None:
    by_successor: dict[int, list[tuple[int, int]]] = {}
    for p, s, lag in links:
        by_successor.setdefault(s, []).append((p, lag))
    lines = [
        f'project acc "Accord cross-check" {START.isoformat()} +8y {{',
        '  timezone "UTC"',
        '  timeformat "%Y-%m-%d %H:%M"',
        "  dailyworkinghours 8",
        "  workinghours mon-fri 8:00-12:00, 13:00-17:00",
        "  workinghours sat, sun off",
        "}",
    ]
    lines += [f'leaves holiday "{name}" {day.isoformat()}' for day, name in sorted(holidays.items())]
    for i, minutes in enumerate(durations.tolist()):
        body = [f"length {minutes // HOUR}h"]
        if i in by_successor:
            body.insert(0, "depends " + ", ".join(f"t{p} {{ gaplength {lag // HOUR}h }}" if lag else f"t{p}" for p, lag in by_successor[i]))
        else:
            body.insert(0, f"start {START.isoformat()}")
        lines.append(f'task t{i} "T{i}" {{ {" ".join(body)} }}')
    lines.append('taskreport out "out" { formats csv columns id, start, end timeformat "%Y-%m-%d %H:%M" }')
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=11)
    arguments = parser.parse_args()
    if shutil.which("tj3") is None:
        print("tj3 is not installed (Debian: apt-get install tj3); nothing to compare.")
        sys.exit(0)
    norway = Calendar(key="NO", name="Norway", holiday_region="NO")
    years = range(START.year, START.year + 9)
    resolved = resolve(norway, {"NO": norway}, years)
    calendars = compile_calendars([resolved], START, START + dt.timedelta(days=365 * 8))
    durations, links = generate(arguments.tasks, arguments.seed)
    n = len(durations)
    none = np.full(n, NO_TIME, dtype=np.int64)
    network = Network(
        duration=durations.astype(np.int64), elapsed=np.zeros(n, dtype=bool), calendar=np.zeros(n, dtype=np.int64),
        earliest=np.full(n, calendars.minute(dt.datetime.combine(START, dt.time())), dtype=np.int64),
        constraint=np.zeros(n, dtype=np.int8), constraint_time=none, deadline=none, actual_start=none,
        actual_finish=none, percent_complete=np.zeros(n, dtype=np.int64), status_time=none,
        predecessor=np.asarray([p for p, _, _ in links], dtype=np.int64),
        successor=np.asarray([s for _, s, _ in links], dtype=np.int64),
        link_type=np.zeros(len(links), dtype=np.int8), lag=np.asarray([lag for _, _, lag in links], dtype=np.int64),
        lag_format=np.zeros(len(links), dtype=np.int8),
    )
    started = time.perf_counter()
    result = schedule(network, calendars)
    ours = time.perf_counter() - started
    assert result.status is ScheduleStatus.SCHEDULED
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "crosscheck.tjp"
        write_tjp(project, durations, links, resolved.holidays)
        started = time.perf_counter()
        subprocess.run(["tj3", "--silent", "--no-color", project.name], cwd=scratch, check=True, capture_output=True)
        theirs = time.perf_counter() - started
        with open(Path(scratch) / "out.csv", newline="") as report:
            rows = {row["Id"]: row for row in csv.DictReader(report, delimiter=";")}
    calendar = np.zeros(1, dtype=np.int64)

    def working(text: str) -> int:
        minute = calendars.minute(dt.datetime.strptime(text, "%Y-%m-%d %H:%M"))
        return int(calendars.working(calendar, np.asarray([minute]))[0])

    mismatches = []
    for i in range(n):
        row = rows[f"t{i}"]
        ours_start = int(calendars.working(calendar, result.early_start[[i]])[0])
        ours_finish = int(calendars.working(calendar, result.early_finish[[i]])[0])
        if (working(row["Start"]), working(row["End"])) != (ours_start, ours_finish):
            mismatches.append((i, row["Start"], row["End"], calendars.clock(result.early_start[i]), calendars.clock(result.early_finish[i])))
    print(f"tasks compared: {n}, links: {len(links)}, mismatches: {len(mismatches)}")
    for i, their_start, their_end, our_start, our_end in mismatches[:10]:
        print(f"  t{i}: TaskJuggler {their_start} - {their_end}, Accord {our_start} - {our_end}")
    print(f"TaskJuggler: {theirs:.3f} s (whole run of tj3)   Accord: {ours:.4f} s (schedule)   ratio: {theirs / ours:.0f}x")


if __name__ == "__main__":
    main()
