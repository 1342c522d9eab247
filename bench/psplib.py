"""Accord's levelling engine on PSPLIB instances, against the published bounds.

For every `.sm` file given (or found in the folders given), runs the genetic algorithm at each
budget of schedules, and one pass of MS Project's standard levelling order, and prints per
instance the makespan in periods, the bound and the deviation, then the averages the literature
reports: from the optimum (instances with a proven optimum), from the critical-path bound (all
instances), and from the best known makespan; plus time per instance.

    python bench/psplib.py [PATH ...] [--schedules 1000 --schedules 5000]
        [--bounds CSV] [--seed S] [--exact SECONDS] [--week] [--json] [--quiet]

Bounds default to ../shared/data/psplib/reference.csv (columns instance, cpm_lb, best_known_ub,
optimal); without a row for an instance, its critical-path bound is computed.

`--week` puts every instance on a working calendar — its durations doubled (in half days), four
full days, a half Friday and a weekend off each week — which tests the engine, and the exact
model, with calendars; the published bounds do not hold then, so only the critical-path bound of
each such problem is used.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from accord.interchange.psplib import read
from accord.levelling.exact import solve
from accord.levelling.problem import Problem
from accord.levelling.search import Rule, Search

DEFAULT_BOUNDS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "psplib" / "reference.csv"
WEEK = [2, 2, 2, 2, 1, 0, 0]
"""Half days of work on each day of a week (for --week)."""


def on_a_week(problem: Problem) -> Problem:
    """The problem in half days of work, on a week of four full days, a half Friday and a weekend."""
    weeks = int(problem.duration.sum()) // 4 + 1  # more than any schedule needs; full days after
    return dataclasses.replace(problem, duration=problem.duration * 2, works=np.asarray([WEEK * weeks + [2]], dtype=np.int64))


def instances(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.rglob("*.sm"), key=_natural) if path.is_dir() else [path]
    return found


def _natural(path: Path) -> tuple[str, ...]:
    stem = path.stem.replace("_", " ")
    return tuple(part.zfill(6) if part.isdigit() else part for part in stem.split())


def bounds_from(path: Path | None) -> dict[str, dict[str, str]]:
    if path is None or not path.exists():
        return {}
    with path.open(newline="") as handle:
        return {row["instance"]: row for row in csv.DictReader(handle)}


def deviation(makespan: int, bound: int) -> float:
    return 100.0 * (makespan - bound) / bound if bound else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders of .sm files (default: j30 and j60 beside the project)")
    parser.add_argument("--schedules", type=int, action="append", help="budget of schedules (repeatable; default 1000 and 5000)")
    parser.add_argument("--bounds", type=Path, default=DEFAULT_BOUNDS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--exact", type=float, metavar="SECONDS", help="also solve exactly (OR-Tools CP-SAT), warm-started, with this time limit")
    parser.add_argument("--week", action="store_true", help="every instance on a working week with a half Friday (see above)")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of tables")
    parser.add_argument("--quiet", action="store_true", help="averages only")
    arguments = parser.parse_args()
    budgets = arguments.schedules or [1000, 5000]
    if not arguments.paths:
        arguments.paths = [DEFAULT_BOUNDS.parent / "j30", DEFAULT_BOUNDS.parent / "j60"]
    known = {} if arguments.week else bounds_from(arguments.bounds)
    files = instances(arguments.paths)
    if not files:
        sys.exit("no .sm files found")
    Search(read(files[0]).problem()).genetic(schedules=10)  # compile once, outside the timings
    rows = []
    for path in files:
        instance = read(path)
        search = Search(on_a_week(instance.problem()) if arguments.week else instance.problem())
        row = known.get(path.stem, {})
        cpm = int(row.get("cpm_lb") or search.critical_path)
        best = int(row["best_known_ub"]) if row.get("best_known_ub") else None
        optimal = best if row.get("optimal") == "yes" else None
        standard = search.single_pass(Rule.STANDARD)
        result = {"instance": path.stem, "cpm_lb": cpm, "best_known": best, "optimal": optimal, "standard": standard.makespan}
        for budget in budgets:
            found = search.genetic(schedules=budget, seed=arguments.seed)
            if not search.problem.feasible(found.start):
                sys.exit(f"{path.stem}: the schedule found is infeasible")
            result[f"makespan_{budget}"] = found.makespan
            result[f"seconds_{budget}"] = found.seconds
        if arguments.exact is not None:
            solved = solve(search.problem, hint=found.start, time_limit=arguments.exact, seed=arguments.seed)
            if not search.problem.feasible(solved.start):
                sys.exit(f"{path.stem}: the exact schedule is infeasible")
            result.update(exact=solved.makespan, exact_bound=solved.bound, proven=solved.proven, exact_seconds=solved.seconds)
        rows.append(result)
        if not arguments.json and not arguments.quiet:
            cells = "  ".join(
                f"{budget}: {result[f'makespan_{budget}']:>4} ({result[f'seconds_{budget}']:.3f} s)" for budget in budgets
            )
            bound = optimal if optimal is not None else cpm
            last = result[f"makespan_{budgets[-1]}"]
            exact = ""
            if arguments.exact is not None:
                proof = "proven" if result["proven"] else f"bound {result['exact_bound']}"
                exact = f"  exact {result['exact']:>4} ({proof}, {result['exact_seconds']:.2f} s)"
            print(
                f"{path.stem:<12} bound {bound:>4} {'opt' if optimal is not None else 'cpm'}  standard {standard.makespan:>4}  "
                f"{cells}  deviation {deviation(last, bound):6.2f}%{exact}"
            )
    summary = summarise(rows, budgets)
    if arguments.exact is not None:
        seconds = [r["exact_seconds"] for r in rows]
        summary["exact (CP-SAT, warm-started)"] = {
            "proven optimal": f"{sum(r['proven'] for r in rows)} of {len(rows)}",
            "vs critical path": f"{statistics.fmean(deviation(r['exact'], r['cpm_lb']) for r in rows):.2f}%",
            "time": f"mean {statistics.fmean(seconds):.2f} s, max {max(seconds):.2f} s",
        }
    if arguments.json:
        print(json.dumps({"instances": rows, "summary": summary}, indent=2))
        return
    print(f"\n{len(rows)} instances")
    for label, values in summary.items():
        print(f"{label:<44} " + "  ".join(f"{k}: {v}" for k, v in values.items()))


def summarise(rows: list[dict], budgets: list[int]) -> dict[str, dict[str, str]]:  # type: ignore[type-arg]
    proven = [r for r in rows if r["optimal"] is not None]
    with_best = [r for r in rows if r["best_known"] is not None]
    plans = {"standard order, one pass": "standard", **{f"genetic, {b:,} schedules": f"makespan_{b}" for b in budgets}}
    summary: dict[str, dict[str, str]] = {}
    for label, column in plans.items():
        values: dict[str, str] = {}
        if proven:
            values["vs optimum"] = f"{statistics.fmean(deviation(r[column], r['optimal']) for r in proven):.2f}% ({len(proven)})"
            values["optimal found"] = f"{sum(r[column] == r['optimal'] for r in proven)}"
        values["vs critical path"] = f"{statistics.fmean(deviation(r[column], r['cpm_lb']) for r in rows):.2f}%"
        if with_best:
            values["vs best known"] = f"{statistics.fmean(deviation(r[column], r['best_known']) for r in with_best):.2f}%"
        if column != "standard":
            budget = column.split("_")[1]
            seconds = [r[f"seconds_{budget}"] for r in rows]
            values["time"] = f"mean {statistics.fmean(seconds):.3f} s, max {max(seconds):.3f} s"
        summary[label] = values
    return summary


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"(total {time.perf_counter() - started:.0f} s)", file=sys.stderr)
