"""A peak crossover, after Valls, Ballestín and Quintanilla (2008): a child keeps the stretch of time
in which its mother's schedule loads the resources most, the part of a schedule that is hardest to
pack well, and takes the rest from its father.

The child's list holds the father's activities that the mother starts before the stretch, in the
father's order; then the mother's activities that start within it, in hers; then the father's
others, in his (each activity after its predecessors). In the genetic algorithm
(`accord.levelling.search`) half of the crossovers are peak crossovers, the rest two-point ones.
On PSPLIB at 1,000 schedules this took the mean deviation of j30 from the optimum over seeds 1–96
from 0.0987% to 0.0920% (each third of the seeds 0.003–0.010 points lower), and j60's from the
critical path over seeds 1–8 from 11.38% to 11.33%; at 5,000 schedules, j30 from 0.0217% to
0.0192% (seeds 1–8) and j60 from about 10.96% to 10.90% (seeds 1–4). Over seeds 1–32 of j30 at
1,000, stretches of a tenth to three tenths of the makespan gave 0.103%, three to seven tenths
0.099%, half to nine tenths 0.102%: no better than two-point crossovers alone (0.098%); 0.15 to
0.45 and 0.25 to 0.55 gave 0.095% and 0.096%; peak crossovers only, 0.090%, as with half.
"""

from __future__ import annotations

import numpy as np

from accord.levelling import lists
from accord.levelling.problem import I64, Problem

PEAK = 0.5
"""Chance that a crossover is a peak crossover rather than a two-point one."""
STRETCH = (0.2, 0.5)
"""The shortest and the longest stretch, as shares of the mother's makespan (drawn between)."""


def peak(
    problem: Problem,
    mother: tuple[int, I64],
    lists_of: tuple[I64, I64],
    links: tuple[I64, I64, I64, I64],
    draw: float,
    *,
    backward: bool = False,
) -> I64:
    """The child of `mother` (her makespan and starts) and a father, given their lists
    (`lists_of`: hers, his) and the links the lists follow (`links`, as `Search.links`); `draw`
    (in [0, 1)) sets the stretch's length. `backward`: the lists are read in reversed time, so
    the stretch is too."""
    makespan, start = mother
    load = (problem.usage(start)[:makespan] / np.maximum(problem.capacity, 1)).sum(axis=1)
    position = makespan - problem.finish(start) if backward else start
    if backward:
        load = load[::-1]
    low, high = STRETCH
    length = max(round(makespan * (low + (high - low) * draw)), 1)
    first = 0
    if length < len(load):
        total = np.concatenate(([0.0], np.cumsum(load)))
        sums = total[length:] - total[:-length]
        first = int(np.flatnonzero(sums >= sums.max() - 1e-9)[0])  # the busiest stretch, the first of equals
    hers, his = lists_of
    taken = np.zeros(problem.size, dtype=np.bool_)
    before = his[position[his] < first]
    taken[before] = True
    within = hers[(position[hers] >= first) & (position[hers] < first + length) & ~taken[hers]]
    taken[within] = True
    child = np.concatenate((before, within, his[~taken[his]]))
    key = np.empty(problem.size, dtype=np.int64)
    key[child] = np.arange(problem.size)
    found: I64 = lists.ordered(key, *links)
    return found
