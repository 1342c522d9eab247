"""Exact levelling with OR-Tools CP-SAT (the optional extra `exact`).

The problem becomes a constraint model: one start variable per activity (between its earliest
start and the latest that still lets what follows it end by the upper bound), precedences as
least distances between starts, one cumulative constraint per resource, and the makespan to
minimise, no shorter than any activity's start plus the least time from it to the end. A heuristic schedule is
given as a hint (the solver starts from it) and as the first upper bound. Within the time limit
the solver either proves its schedule optimal or reports the best schedule and the best bound it
found.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.domain.errors import UnavailableError
from accord.levelling.problem import I64, Problem

WORKERS = 8
"""Search workers of the solver: its portfolio of strategies pays even on two cores."""
LINEARIZATION = 2
"""The solver's linear relaxation of the cumulative constraints: tighter bounds on makespans."""


@dataclass(frozen=True)
class Solved:
    start: I64
    makespan: int
    bound: int
    """No schedule is shorter than this."""
    proven: bool
    """The makespan is optimal (it equals the bound)."""
    seconds: float


def solve(problem: Problem, *, hint: I64, time_limit: float, seed: int = 0) -> Solved:
    """The best schedule CP-SAT finds within `time_limit` seconds, starting from `hint` (a
    feasible schedule); never worse than the hint."""
    cp_model = _cp_model()
    if not problem.uniform:
        raise UnavailableError(
            "exact levelling needs every period alike: this plan has days off or part days in its calendars; "
            "level it without --exact"
        )
    began = time.perf_counter()
    span = -(-problem.duration // problem.works[0, 0])  # periods each activity occupies
    duration = span.tolist()
    upper = int((hint + span).max(initial=0))
    early, late = problem.unconstrained()
    lower = int((early + span).max(initial=0))
    tail = (lower - late).tolist()  # the least time from each activity's start to the end
    model = cp_model.CpModel()
    start = [
        model.new_int_var(int(early[a]), max(int(early[a]), upper - tail[a]), f"s{a}") for a in range(problem.size)
    ]
    for b in range(problem.size):
        for i in range(int(problem.pred_start[b]), int(problem.pred_start[b + 1])):
            before = int(problem.pred[i])
            after_finish = duration[before] if problem.after_finish[i] else 0
            to_finish = duration[b] if problem.to_finish[i] else 0
            model.add(start[b] + to_finish >= start[before] + after_finish + int(problem.lag[i]))
    for r in range(len(problem.capacity)):
        users = [a for a in range(problem.size) if problem.demand[a, r] > 0 and duration[a] > 0]
        if users:
            intervals = [model.new_fixed_size_interval_var(start[a], duration[a], f"i{a}_{r}") for a in users]
            need = [int(problem.demand[a, r]) for a in users]
            model.add_cumulative(intervals, need, int(problem.capacity[r]))
            # Redundant, for stronger propagation: activities needing more than half of a
            # resource can never overlap one another.
            heavy = [i for i, d in zip(intervals, need, strict=True) if 2 * d > problem.capacity[r]]
            if len(heavy) > 1:
                model.add_no_overlap(heavy)
    makespan = model.new_int_var(lower, upper, "makespan")
    for a in range(problem.size):
        model.add(makespan >= start[a] + tail[a])
    model.minimize(makespan)
    for a in range(problem.size):
        model.add_hint(start[a], int(hint[a]))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
    solver.parameters.num_workers = WORKERS
    solver.parameters.random_seed = seed
    solver.parameters.linearization_level = LINEARIZATION
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Solved(hint.copy(), upper, lower, upper == lower, time.perf_counter() - began)
    found = np.asarray([solver.value(s) for s in start], dtype=np.int64)
    length = int(solver.value(makespan))
    bound = max(lower, int(solver.best_objective_bound))
    return Solved(found, length, bound, status == cp_model.OPTIMAL or length == bound, time.perf_counter() - began)


def _cp_model() -> Any:
    try:
        from ortools.sat.python import cp_model
    except ImportError:
        raise UnavailableError(
            "exact levelling needs OR-Tools: install Accord with the 'exact' extra (pip install 'accord[exact]')"
        ) from None
    return cp_model
