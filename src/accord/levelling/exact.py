"""Exact levelling with OR-Tools CP-SAT (the optional extra `exact`).

The problem becomes a constraint model: one start variable per activity, precedences as least
distances between starts and finishes, the capacity of every resource, and the makespan to
minimise, no shorter than the critical path (the bound reported is also no shorter than any
resource needs for its work). Two forms:

- **Every period alike** (the classic problem): each activity occupies a fixed number of
  periods, between its earliest start and the latest that still lets what follows it end by the
  upper bound; one cumulative constraint per resource, plus a no-overlap constraint over the
  activities needing more than half of it (stronger propagation). Only semi-active schedules
  are looked at (`_semi_active`): no activity could start a period earlier.
- **Calendars** (days off, part days, people on calendars of their own): how long an activity
  runs, and in which periods it loads each resource, depend on the period it starts in. Each
  activity gets one "started by period t" literal per period it may start in (a step function of
  t); its start, its finish, and whether it works in period u are then linear in those literals
  (a difference of two), so each resource's load in each period is a linear sum held to its
  capacity — the time-indexed model of the problem, whose linear relaxation is the strongest of
  the usual ones. Its size grows with activities × periods, and a plan too large for it is
  refused plainly.

A heuristic schedule is given as a hint (the solver starts from it) and as the first upper bound.
Within the time limit the solver either proves its schedule optimal or reports the best schedule
and the best bound it found.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.domain.errors import UnavailableError
from accord.levelling.problem import I64, B, Problem

PORTFOLIO_CORES = 8
"""With this many cores or more, the solver runs its whole portfolio of searches, one per core.
With fewer, its eight or more searches would share too little time, and the one that proves
most schedules optimal — clause learning without a linear relaxation — would crawl. So it gets a
core of its own; the next core goes to the large neighbourhood searches that improve the schedule
(interleaved), and any more to the other complete searches in `PROVING`, in order. On two cores
this proves all 480 of PSPLIB's j30 instances optimal within 10 s each (the hardest, j3029_3,
in 6–8 s), where the whole portfolio proves 474."""
PROVING = ["no_lp", "max_lp", "reduced_costs", "quick_restart"]
LINEARIZATION = 2
"""The solver's linear relaxation of the cumulative constraints: tighter bounds on makespans."""
DOMINANCE_TERMS = 1_000_000
"""The most terms the semi-active rule may add to a model where every period is alike (start
literals and the reasons in their clauses); beyond, the model goes without it."""
TERMS_LIMIT = 4_000_000
"""The most load terms (activity × period × resource) a model with calendars may have: beyond,
building and solving it would take longer than any time limit worth setting."""


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
    began = time.perf_counter()
    model = cp_model.CpModel()
    early, late = problem.unconstrained()
    critical = int(problem.finish(early).max(initial=0))
    upper = int(problem.finish(hint).max(initial=0))
    build = _alike if problem.uniform else _by_calendar
    start, finish = build(cp_model, model, problem, early, late, upper, hint)
    for b in np.flatnonzero(~problem.fixed).tolist():  # a fixed activity's date wins over its links
        for i in range(int(problem.pred_start[b]), int(problem.pred_start[b + 1])):
            before = int(problem.pred[i])
            origin = finish[before] if problem.after_finish[i] else start[before]
            model.add((finish[b] if problem.to_finish[i] else start[b]) >= origin + int(problem.lag[i]))
    makespan = model.new_int_var(critical, upper, "makespan")
    for a in range(problem.size):
        model.add(makespan >= finish[a])
    model.minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit - (time.perf_counter() - began), 0.01)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    solver.parameters.num_workers = max(cores, 2)
    if cores < PORTFOLIO_CORES:
        solver.parameters.subsolvers.extend(PROVING)
    solver.parameters.random_seed = seed
    solver.parameters.linearization_level = LINEARIZATION
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        lower = max(critical, problem.resource_bound())
        return Solved(hint.copy(), upper, lower, upper == lower, time.perf_counter() - began)
    found = np.asarray([solver.value(s) for s in start], dtype=np.int64)
    length = int(solver.value(makespan))
    # What a resource needs for its work bounds the makespan too, often far above the critical
    # path; it is only reported (as the makespan's least value, it did not help the proofs).
    bound = max(critical, int(solver.best_objective_bound), problem.resource_bound())
    return Solved(found, length, bound, status == cp_model.OPTIMAL or length == bound, time.perf_counter() - began)


def _alike(cp_model: Any, model: Any, problem: Problem, early: I64, late: I64, upper: int, hint: I64) -> tuple[list[Any], list[Any]]:
    """Start variables and finish expressions of the model where every period is alike (`early`
    and `late`: starts without resource limits)."""
    span = problem.spans().tolist()  # periods each activity occupies
    # The least time from each activity's start to the end (with fixed activities, whose links
    # in do not hold, only its own span).
    end = int((late + np.asarray(span, dtype=np.int64)).max(initial=0))
    tail = (span if problem.fixed.any() else (end - late).tolist())
    latest = [int(early[a]) if problem.fixed[a] else max(int(early[a]), upper - tail[a]) for a in range(problem.size)]
    start = [model.new_int_var(int(early[a]), latest[a], f"s{a}") for a in range(problem.size)]
    blocked = _blocked(problem, upper)
    for r in range(len(problem.capacity)):
        users = [a for a in range(problem.size) if problem.demand[a, r] > 0 and span[a] > 0 and not problem.fixed[a]]
        if users:
            intervals = [model.new_fixed_size_interval_var(start[a], span[a], f"i{a}_{r}") for a in users]
            need = [int(problem.demand[a, r]) for a in users]
            for u in np.flatnonzero(blocked[:, r]).tolist():
                intervals.append(model.new_fixed_size_interval_var(u, 1, f"b{u}_{r}"))
                need.append(int(blocked[u, r]))
            model.add_cumulative(intervals, need, int(problem.capacity[r]))
            heavy = [i for i, d in zip(intervals, need, strict=True) if 2 * d > problem.capacity[r]]
            if len(heavy) > 1:
                model.add_no_overlap(heavy)
    for a, t in enumerate(_semi_active(model, problem, start, early.tolist(), latest, span, hint).tolist()):
        model.add_hint(start[a], t)
    return start, [start[a] + span[a] for a in range(problem.size)]


def _semi_active(
    model: Any, problem: Problem, start: list[Any], early: list[int], latest: list[int], span: list[int], hint: I64
) -> I64:
    """Only semi-active schedules: an activity that may move starts at its earliest start, where
    one of its links binds it, or where an activity sharing one of its resources finishes. Else
    it could start a period earlier — whatever runs in that period also runs in its first one, or
    finishes there — and so could every schedule, until each of its activities starts so; some
    schedule of least makespan is left. The solver then need not look at the others, which
    shortens its proofs: PSPLIB's j3029_3 is infeasible at 77 in about 6 s on one core, where it
    took about 10 s. Each start gets one literal per period it may start in, as in the
    time-indexed model, and a clause per period; a plan needing more than `DOMINANCE_TERMS` terms
    goes without. Returns the hint to give the solver: `hint` so shifted."""
    free = np.flatnonzero(~problem.fixed).tolist()
    works = _works(problem, span).astype(np.int64)
    reach = works @ works.sum(axis=0) + np.diff(problem.pred_start)  # >= the reasons of each
    if sum((latest[a] - early[a] + 1) * int(reach[a] + 1) for a in free) > DOMINANCE_TERMS:
        return hint
    at: dict[tuple[int, int], Any] = {}  # (activity, period): it starts then
    for a in free:
        literals = [model.new_bool_var(f"s{a}={t}") for t in range(early[a], latest[a] + 1)]
        model.add_map_domain(start[a], literals, early[a])
        at.update(((a, early[a] + k), x) for k, x in enumerate(literals))
    binding = _binding(problem, span)
    for b in free:
        for t in range(early[b] + 1, latest[b] + 1):
            reasons = [(a, t - gap) for a, gap in binding[b]]
            if not any(problem.fixed[a] and problem.release[a] == u for a, u in reasons):  # none binds it for sure
                model.add_bool_or([at[r] for r in reasons if r in at] + [at[b, t].Not()])
    return _left_shifted(problem, hint, early, binding)


def _binding(problem: Problem, span: list[int]) -> list[list[tuple[int, int]]]:
    """For each activity b, pairs (a, gap): a starting `gap` periods before b binds b — by a link
    to b, or by finishing and so freeing a resource b needs."""
    works = _works(problem, span)
    users = [np.flatnonzero(works[:, r]).tolist() for r in range(works.shape[1])]
    found: list[list[tuple[int, int]]] = []
    for b in range(problem.size):
        if problem.fixed[b]:
            found.append([])  # nothing moves it
            continue
        gaps = [
            (a, int(problem.lag[i]) + (span[a] if problem.after_finish[i] else 0) - (span[b] if problem.to_finish[i] else 0))
            for i in range(int(problem.pred_start[b]), int(problem.pred_start[b + 1]))
            for a in [int(problem.pred[i])]
        ]
        sharing = set().union(*(users[r] for r in np.flatnonzero(works[b]).tolist())) - {b}
        found.append(gaps + [(i, span[i]) for i in sorted(sharing)])
    return found


def _works(problem: Problem, span: list[int]) -> B:
    """works[activity, resource]: the activity loads the resource in the periods it occupies."""
    found: B = (problem.demand > 0) & (np.asarray(span) > 0)[:, None]
    return found


def _left_shifted(problem: Problem, start: I64, early: list[int], binding: list[list[tuple[int, int]]]) -> I64:
    """A feasible schedule made semi-active: every activity that may move and that nothing binds
    starts a period earlier, until none can (each such step keeps the schedule feasible)."""
    shifted = start.copy()
    moved = True
    while moved:
        moved = False
        for b in sorted(np.flatnonzero(~problem.fixed).tolist(), key=lambda a: int(shifted[a])):
            while shifted[b] > early[b] and not any(shifted[a] == shifted[b] - gap for a, gap in binding[b]):
                shifted[b] -= 1
                moved = True
    return shifted


def _blocked(problem: Problem, upper: int) -> I64:
    """blocked[period, resource]: what the fixed activities take of each resource in each
    period up to `upper` (no more than all of it)."""
    alone = dataclasses.replace(problem, demand=problem.demand * problem.fixed[:, None])
    usage = alone.usage(np.where(problem.fixed, problem.release, 0))[:upper]
    found: I64 = np.minimum(np.pad(usage, ((0, upper - len(usage)), (0, 0))), problem.capacity)
    return found


def _by_calendar(cp_model: Any, model: Any, problem: Problem, early: I64, late: I64, upper: int, hint: I64) -> tuple[list[Any], list[Any]]:
    """Start variables and finish expressions of the time-indexed model with calendars."""
    worked = problem.works[:, np.minimum(np.arange(upper + 1), problem.works.shape[1] - 1)] > 0  # [calendar, period]
    present = np.ones((len(problem.capacity), upper + 1), dtype=np.bool_)
    for r, c in enumerate(problem.resource_calendar.tolist()):
        if c >= 0:
            present[r] = worked[c]
    need_start, need, amount = problem.needs
    load: dict[tuple[int, int], list[tuple[int, Any]]] = {}
    terms = 0
    start: list[Any] = []
    finish: list[Any] = []
    for a in range(problem.size):
        first, ends, started = _steps(cp_model, model, problem, a, int(early[a]), upper, worked, int(hint[a]))
        later = [s.Not() for s in started]  # later[k]: it starts after first[k]
        start.append(model.new_int_var_from_domain(cp_model.Domain.from_values(first.tolist()), f"s{a}"))
        model.add(start[a] == int(first[0]) + cp_model.LinearExpr.weighted_sum(later, np.diff(first).tolist()))
        model.add_hint(start[a], int(hint[a]))
        finish.append(int(ends[0]) + cp_model.LinearExpr.weighted_sum(later, np.diff(ends).tolist()))
        needs = range(int(need_start[a]), int(need_start[a + 1]))
        if problem.duration[a] == 0 or not needs or problem.fixed[a]:
            continue
        for u, on, off in _working(first, ends, started, np.flatnonzero(worked[problem.calendar[a], :upper])):
            for j in needs:
                if present[need[j], u]:
                    loads = load.setdefault((int(need[j]), u), [])
                    loads.append((int(amount[j]), on))
                    if off is not None:
                        loads.append((-int(amount[j]), off))
                    terms += 2
        if terms > TERMS_LIMIT:
            raise UnavailableError(
                f"this plan is too large for exact levelling with its calendars (over {TERMS_LIMIT:,} load terms "
                f"before {problem.names[a]!r}); level it without --exact"
            )
    blocked = _blocked(problem, upper)
    for (r, u), loads in load.items():
        room = int(problem.capacity[r] - blocked[u, r])
        if sum(amount for amount, _ in loads if amount > 0) > room:
            model.add(sum(amount * literal for amount, literal in loads) <= room)
    return start, finish


def _steps(cp_model: Any, model: Any, problem: Problem, a: int, early: int, upper: int, worked: Any, hint: int) -> tuple[I64, I64, list[Any]]:
    """The periods activity a may start in (`first`), its finish from each (`ends`), and its
    literals `started[k]`: it starts in period first[k] or before (always so in the last)."""
    from accord.levelling import kernels

    c, d = int(problem.calendar[a]), int(problem.duration[a])
    first = np.arange(early, early + 1 if problem.fixed[a] else upper + 1, dtype=np.int64)
    if d > 0 and not problem.fixed[a]:
        first = first[worked[c, first]]
    ends = kernels.finishes(first, np.full(len(first), d), np.full(len(first), c), problem.works)
    first, ends = first[ends <= upper], ends[ends <= upper]
    started = [model.new_bool_var(f"s{a}<={t}") for t in first[:-1].tolist()]
    for k in range(1, len(started)):
        model.add_implication(started[k - 1], started[k])
    for k, t in enumerate(first[:-1].tolist()):
        model.add_hint(started[k], hint <= t)
    return first, ends, started


def _working(first: I64, ends: I64, started: list[Any], periods: I64) -> Iterator[tuple[int, Any, Any]]:
    """For each period u the activity may work in: u, and the two literals whose difference says
    it works then — started by u, and started by the last start that finishes by u (None: no
    such start)."""
    for u in periods.tolist():
        k = int(np.searchsorted(first, u, side="right")) - 1
        g = int(np.searchsorted(ends, u, side="right")) - 1
        if k >= 0 and g < k:
            yield u, (1 if k == len(started) else started[k]), (started[g] if g >= 0 else None)


def _cp_model() -> Any:
    try:
        from ortools.sat.python import cp_model
    except ImportError:
        raise UnavailableError(
            "exact levelling needs OR-Tools: install Accord with the 'exact' extra (pip install 'accord[exact]')"
        ) from None
    return cp_model
