"""Accord's levelling engine on PSPLIB instances, against the published bounds.

For every `.sm` file given (or found in the folders given), runs the genetic algorithm at each
budget of schedules, and one pass of MS Project's standard levelling order, and prints per
instance the makespan in periods, the bound and the deviation, then the averages the literature
reports: from the optimum (instances with a proven optimum), from the critical-path bound (all
instances), and from the best known makespan; plus time per instance.

    python bench/psplib.py [PATH ...] [--schedules 1000 --schedules 5000]
        [--bounds CSV] [--seed S|FIRST-LAST] [--jobs N] [--exact SECONDS] [--week] [--json] [--quiet]

Bounds default to ../shared/data/psplib/reference.csv (columns instance, cpm_lb, best_known_ub,
optimal); without a row for an instance, its critical-path bound is computed.

With several seeds (`--seed 1-32`), a result depends on the random stream as much as on the
engine — on j30 at 1,000 schedules the averages of seeds 1–32 range from 0.09% to 0.14% — so
it prints each seed's averages, then their mean, least and most, and no table of instances.

`--week` puts every instance on a working calendar — its durations doubled (in half days), four
full days, a half Friday and a weekend off each week — which tests the engine, and the exact
model, with calendars; the published bounds do not hold then, so only the critical-path bound of
each such problem is used.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import itertools
import json
import statistics
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

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


def seeds_from(text: str) -> list[int]:
    """`S`, `FIRST-LAST` or `S,S,...`: the seeds to run."""
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-"))
            found = list(range(first, last + 1))
        else:
            found = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a seed, a range FIRST-LAST or a list S,S,...") from None
    if not found:
        raise argparse.ArgumentTypeError(f"{text!r} names no seed")
    return list(dict.fromkeys(found))  # each once


@dataclasses.dataclass(frozen=True)
class Run:
    """What to measure on every instance."""

    budgets: list[int]
    seed: int
    week: bool
    exact: float | None
    known: dict[str, dict[str, str]]


def measure(path: Path, run: Run) -> dict[str, Any]:
    """One instance: one pass of the standard order, the genetic algorithm at every budget, and
    (with `exact`) CP-SAT warm-started from the last."""
    instance = read(path)
    search = Search(on_a_week(instance.problem()) if run.week else instance.problem())
    row = run.known.get(path.stem, {})
    cpm = int(row.get("cpm_lb") or search.critical_path)
    best = int(row["best_known_ub"]) if row.get("best_known_ub") else None
    optimal = best if row.get("optimal") == "yes" else None
    standard = search.single_pass(Rule.STANDARD)
    result: dict[str, Any] = {"instance": path.stem, "cpm_lb": cpm, "best_known": best, "optimal": optimal, "standard": standard.makespan}
    for budget in run.budgets:
        found = search.genetic(schedules=budget, seed=run.seed)
        if not search.problem.feasible(found.start):
            raise SystemExit(f"{path.stem}: the schedule found is infeasible")
        result[f"makespan_{budget}"] = found.makespan
        result[f"seconds_{budget}"] = found.seconds
    if run.exact is not None:
        solved = solve(search.problem, hint=found.start, time_limit=run.exact, seed=run.seed)
        if not search.problem.feasible(solved.start):
            raise SystemExit(f"{path.stem}: the exact schedule is infeasible")
        result.update(exact=solved.makespan, exact_bound=solved.bound, proven=solved.proven, exact_seconds=solved.seconds)
    return result


def _compiled(path: Path) -> None:
    """Compile (or load) the engine once, outside the timings."""
    Search(read(path).problem()).genetic(schedules=10)


def pool(jobs: int, first: Path) -> contextlib.AbstractContextManager[ProcessPoolExecutor | None]:
    """Processes to measure `jobs` instances at once, each compiling the engine first; for one at
    a time, none (the engine compiled here)."""
    if jobs == 1:
        _compiled(first)
        return contextlib.nullcontext()
    return ProcessPoolExecutor(max_workers=jobs, initializer=_compiled, initargs=(first,))


def measured(files: list[Path], run: Run, workers: ProcessPoolExecutor | None) -> Iterator[dict[str, Any]]:
    """Every instance measured, in order."""
    if workers is None:
        return map(measure, files, itertools.repeat(run))
    return workers.map(measure, files, itertools.repeat(run), chunksize=4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders of .sm files (default: j30 and j60 beside the project)")
    parser.add_argument("--schedules", type=int, action="append", help="budget of schedules (repeatable; default 1000 and 5000)")
    parser.add_argument("--bounds", type=Path, default=DEFAULT_BOUNDS)
    parser.add_argument(
        "--seed", type=seeds_from, default=[1], metavar="S|FIRST-LAST",
        help="the random seed; several (a range or a list) print each seed's averages and their mean, least and most",
    )
    parser.add_argument("--jobs", type=int, default=1, help="instances measured at once, one process each (times then share the cores)")
    parser.add_argument("--exact", type=float, metavar="SECONDS", help="also solve exactly (OR-Tools CP-SAT), warm-started, with this time limit")
    parser.add_argument("--week", action="store_true", help="every instance on a working week with a half Friday (see above)")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of tables")
    parser.add_argument("--quiet", action="store_true", help="averages only")
    arguments = parser.parse_args()
    budgets = arguments.schedules or [1000, 5000]
    if any(budget < 1 for budget in budgets) or arguments.jobs < 1:
        parser.error("--schedules and --jobs take positive numbers")
    if not arguments.paths:
        arguments.paths = [DEFAULT_BOUNDS.parent / "j30", DEFAULT_BOUNDS.parent / "j60"]
    known = {} if arguments.week else bounds_from(arguments.bounds)
    files = instances(arguments.paths)
    if not files:
        sys.exit("no .sm files found")
    seeds: list[int] = arguments.seed
    quiet = arguments.quiet or len(seeds) > 1
    by_seed: dict[int, dict[str, dict[str, Any]]] = {}
    with pool(arguments.jobs, files[0]) as workers:
        for seed in seeds:
            run = Run(budgets, seed, arguments.week, arguments.exact, known)
            rows = []
            for result in measured(files, run, workers):
                rows.append(result)
                if not arguments.json and not quiet:
                    print(line(result, budgets, arguments.exact is not None), flush=True)
            by_seed[seed] = summary = summarise(rows, budgets, arguments.exact is not None)
            if len(seeds) > 1 and not arguments.json:
                against = "vs optimum" if "vs optimum" in summary["standard order, one pass"] else "vs critical path"
                averages = "  ".join(
                    f"{label}: {shown(values[against])}" if against in values else f"{label}: {shown(values['vs critical path'])} vs critical path"
                    for label, values in summary.items()
                )
                print(f"seed {seed:<4} {against}  {averages}", flush=True)
    overall: dict[str, dict[str, Any]] = by_seed[seeds[0]] if len(seeds) == 1 else over_seeds(list(by_seed.values()))
    if arguments.json:
        document: dict[str, Any] = {"summary": overall}
        if len(seeds) == 1:
            document["instances"] = rows
        else:
            document["seeds"] = by_seed
        print(json.dumps(document, indent=2))
        return
    print(f"\n{len(files)} instances" + (f", seeds {named(seeds)}: mean (least–most)" if len(seeds) > 1 else ""))
    for label, values in overall.items():
        print(f"{label:<44} " + "  ".join(f"{k}: {shown(v)}" for k, v in values.items()))


def named(seeds: list[int]) -> str:
    if seeds == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"{seeds[0]}–{seeds[-1]} ({len(seeds)})"
    return ", ".join(map(str, seeds))


def line(result: dict[str, Any], budgets: list[int], exact: bool) -> str:
    """One instance's row of the table."""
    cells = "  ".join(f"{budget}: {result[f'makespan_{budget}']:>4} ({result[f'seconds_{budget}']:.3f} s)" for budget in budgets)
    optimal = result["optimal"]
    bound = optimal if optimal is not None else result["cpm_lb"]
    last = result[f"makespan_{budgets[-1]}"]
    solved = ""
    if exact:
        proof = "proven" if result["proven"] else f"bound {result['exact_bound']}"
        solved = f"  exact {result['exact']:>4} ({proof}, {result['exact_seconds']:.2f} s)"
    return (
        f"{result['instance']:<12} bound {bound:>4} {'opt' if optimal is not None else 'cpm'}  standard {result['standard']:>4}  "
        f"{cells}  deviation {deviation(last, bound):6.2f}%{solved}"
    )


def shown(value: Any) -> str:
    """A figure as printed: deviations (floats, in per cent) to three places; over seeds, their
    mean (least–most)."""
    if isinstance(value, dict):
        return f"{value['mean']:.3f}% ({value['least']:.3f}–{value['most']:.3f}%)"
    return f"{value:.3f}%" if isinstance(value, float) else str(value)


def summarise(rows: list[dict[str, Any]], budgets: list[int], exact: bool) -> dict[str, dict[str, Any]]:
    """The averages the literature reports, for each plan: deviations in per cent (floats)."""
    proven = [r for r in rows if r["optimal"] is not None]
    with_best = [r for r in rows if r["best_known"] is not None]
    plans = {"standard order, one pass": "standard", **{f"genetic, {b:,} schedules": f"makespan_{b}" for b in budgets}}
    summary: dict[str, dict[str, Any]] = {}
    for label, column in plans.items():
        values: dict[str, Any] = {}
        if proven:
            values["vs optimum"] = statistics.fmean(deviation(r[column], r["optimal"]) for r in proven)
            values["optimal found"] = f"{sum(r[column] == r['optimal'] for r in proven)} of {len(proven)}"
        values["vs critical path"] = statistics.fmean(deviation(r[column], r["cpm_lb"]) for r in rows)
        if with_best:
            values["vs best known"] = statistics.fmean(deviation(r[column], r["best_known"]) for r in with_best)
        if column != "standard":
            budget = column.split("_")[1]
            seconds = [r[f"seconds_{budget}"] for r in rows]
            values["time"] = f"mean {statistics.fmean(seconds):.3f} s, max {max(seconds):.3f} s"
        summary[label] = values
    if exact:
        seconds = [r["exact_seconds"] for r in rows]
        summary["exact (CP-SAT, warm-started)"] = {
            "proven optimal": f"{sum(r['proven'] for r in rows)} of {len(rows)}",
            "vs critical path": statistics.fmean(deviation(r["exact"], r["cpm_lb"]) for r in rows),
            "time": f"mean {statistics.fmean(seconds):.2f} s, max {max(seconds):.2f} s",
        }
    return summary


def over_seeds(summaries: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, dict[str, float]]]:
    """The seeds' average deviations: their mean, least and most."""
    overall: dict[str, dict[str, dict[str, float]]] = {}
    for label, values in summaries[0].items():
        overall[label] = {}
        for key, value in values.items():
            if isinstance(value, float):
                figures = [summary[label][key] for summary in summaries]
                overall[label][key] = {"mean": statistics.fmean(figures), "least": min(figures), "most": max(figures)}
    return overall


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"(total {time.perf_counter() - started:.0f} s)", file=sys.stderr)
