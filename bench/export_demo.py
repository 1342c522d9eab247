"""Export of the demo organisation on SQLite: the backup's speed on a realistic organisation.

Target: under 1 s. Prints the median and worst of several runs, through the service and through
the command line (`accord export`, process start included).

    python bench/export_demo.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from accord.bootstrap import bootstrap
from accord.services.demo import ORGANIZATION
from accord.settings import Settings
from accord.store.database import sqlite_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        url = sqlite_url(Path(scratch) / "bench.db")
        accord = bootstrap(Settings(database_url=url))
        accord.demo.load()
        service: list[float] = []
        for _ in range(runs):
            started = time.perf_counter()
            document = accord.backup.export(ORGANIZATION.key)
            json.dumps(document)
            service.append(time.perf_counter() - started)
        accord.close()
        entities = sum(len(rows) for rows in document["entities"].values())
        command: list[float] = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "accord.cli", "--database", url, "export", str(Path(scratch) / "out.json")],
                check=True,
                capture_output=True,
            )
            command.append(time.perf_counter() - started)
    print(f"demo organisation: {entities} entities, {len(document['audit'])} audit events")
    print(f"export (service, JSON included): median {statistics.median(service):.3f} s, worst {max(service):.3f} s")
    print(f"accord export (whole process):   median {statistics.median(command):.3f} s, worst {max(command):.3f} s")
    print(f"target < 1 s: {'met' if max(command) < 1.0 else 'NOT met'} (whole process, worst run)")


if __name__ == "__main__":
    main()
