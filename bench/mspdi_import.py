"""Importing large MS Project XML files into SQLite, end to end from the command line.

Writes an MSPDI file of N tasks (default 10,000 and 100,000) in work streams of 500 with about
two links per task of all four types (30% with lags), one calendar with holidays, WBS summaries
every 50 tasks; then times `accord import FILE.xml` as a whole process into a fresh SQLite
database. Where MPXJ is installed (`pip install mpxj JPype1`, Java), prints in the same run the
time MPXJ takes to read the same file. Targets (issue: interchange): 10,000 tasks in at most
2 s, 100,000 in at most 15 s.

    python bench/mspdi_import.py [--tasks N ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

STREAM = 500


def write(path: Path, tasks: int, seed: int = 9) -> int:
    rng = np.random.default_rng(seed)
    start = dt.datetime(2027, 1, 4, 8)
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Project xmlns="http://schemas.microsoft.com/project">',
        f"<Name>bench</Name><StartDate>{start.isoformat()}</StartDate><CalendarUID>1</CalendarUID>",
        "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>-1</BaseCalendarUID><WeekDays>",
    ]
    for day in range(1, 8):
        if day in (1, 7):
            out.append(f"<WeekDay><DayType>{day}</DayType><DayWorking>0</DayWorking></WeekDay>")
        else:
            out.append(
                f"<WeekDay><DayType>{day}</DayType><DayWorking>1</DayWorking><WorkingTimes>"
                "<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>"
                "<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>"
            )
    out.append("</WeekDays><Exceptions>")
    for year in range(2027, 2040):
        out.append(
            f"<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod><FromDate>{year}-12-25T00:00:00</FromDate>"
            f"<ToDate>{year}-12-26T23:59:00</ToDate></TimePeriod><Occurrences>1</Occurrences><Name>Christmas</Name>"
            "<Type>1</Type><DayWorking>0</DayWorking></Exception>"
        )
    out.append("</Exceptions></Calendar></Calendars><Tasks>")
    uid = links = 0
    for i in range(tasks):
        if i % 50 == 0:
            uid += 1
            out.append(f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>Package {i // 50}</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary></Task>")
        uid += 1
        body = [
            f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>Task {i}</Name><OutlineLevel>2</OutlineLevel>",
            f"<Duration>PT{int(rng.choice([8, 16, 40, 80]))}H0M0S</Duration><DurationFormat>7</DurationFormat>",
        ]
        first = i - i % STREAM
        if i > first:
            for p in sorted(set(rng.integers(max(first, i - 20), i, size=int(rng.integers(1, 4))).tolist())):
                kind = int(rng.choice([1, 1, 1, 0, 2, 3]))
                lag = int(rng.choice([0, 0, 4800, 9600, -4800])) if rng.random() < 0.3 else 0
                before = p + p // 50 + 2
                body.append(
                    f"<PredecessorLink><PredecessorUID>{before}</PredecessorUID><Type>{kind}</Type>"
                    f"<LinkLag>{lag}</LinkLag><LagFormat>7</LagFormat></PredecessorLink>"
                )
                links += 1
        body.append("</Task>")
        out.append("".join(body))
    out.append("</Tasks></Project>")
    path.write_text("\n".join(out), encoding="utf-8")
    return links


def mpxj_seconds(path: Path) -> float | None:
    code = (
        "import time, jpype, mpxj; jpype.startJVM(); from org.mpxj.reader import UniversalProjectReader; "
        f"t = time.perf_counter(); UniversalProjectReader().read({str(path)!r}); print(time.perf_counter() - t)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return float(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, action="append")
    arguments = parser.parse_args()
    for tasks in arguments.tasks or [10_000, 100_000]:
        with tempfile.TemporaryDirectory() as scratch:
            source = Path(scratch) / f"plan-{tasks}.xml"
            links = write(source, tasks)
            database = f"sqlite:///{Path(scratch) / 'import.db'}"
            subprocess.run([sys.executable, "-m", "accord.cli", "--database", database, "demo"], check=True, capture_output=True)
            began = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "accord.cli", "--database", database, "--org", "LEDGER", "import", str(source), "--key", "BIG"],
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - began
            if done.returncode != 0:
                raise SystemExit(done.stderr)
            size = source.stat().st_size / 2**20
            print(f"{tasks:,} tasks, {links:,} links ({size:.0f} MB): accord import {seconds:.2f} s")
            reference = mpxj_seconds(source)
            print(f"  MPXJ reads the same file in {reference:.2f} s" if reference is not None else "  (MPXJ not installed)")
            target = 2 if tasks <= 10_000 else 15
            print(f"  target {target} s: {'met' if seconds <= target else 'NOT met'}")


if __name__ == "__main__":
    main()
