"""How the genetic algorithm mutates a child's activity list: by neighbour swaps, the small move
of Hartmann (1998), or by shifts, which take an activity to any place its links allow and so move
work across the schedule. Neither is best everywhere. On PSPLIB's j30 at 1,000 schedules, shifts
alone took the mean deviation from the optimum over 96 seeds from 0.112% to 0.107%; on j60 they
cost about 0.02 points against the critical-path bound. Half and half was no better than swaps
alone. So each child draws its kind, and the shares follow which kind's children have lately
entered the population, as adaptive operator selection does: on j30 that keeps most of the gain,
and on j60 it is within noise of swaps alone.
"""

from __future__ import annotations

import numpy as np

from accord.levelling import lists
from accord.levelling.problem import I64

SWAPS = 0.05
"""Chance of each neighbour swap in a list mutated by swaps."""
SHIFTS = 1.0
"""Mean number of shifts (a Poisson draw) in a list mutated by shifts."""
MEMORY = 0.98
"""How much of its past a kind's record keeps at each of its children: each kind is judged on
its last fifty or so."""
LEAST = 0.1
"""The least share of either kind, so that each keeps being tried."""


class Mutation:
    """Mutates lists, each by swaps or by shifts, and learns from which of them entered the
    population which kind to draw more often."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.shifts = 0.5
        """The share of children mutated by shifts."""
        self._made = np.zeros(2)
        self._entered = np.zeros(2)

    def mutate(self, order: I64, links: tuple[I64, I64, I64, I64]) -> tuple[I64, bool]:
        """The list mutated (in place, or a new list), and whether by shifts. `links` are the
        predecessors and successors in the list's direction (`Search.links`)."""
        rng, n = self.rng, len(order)
        if rng.random() >= self.shifts:
            swapped: I64 = lists.mutate(order, links[2], links[3], rng.random(n), SWAPS)
            return swapped, False
        for _ in range(int(rng.poisson(SHIFTS))):
            order = lists.shift(order, int(rng.integers(n)), rng.random(), *links)
        return order, True

    def learn(self, shifted: list[bool], entered: list[bool]) -> None:
        """Each child's kind and whether it is in the population after selection, in the order
        made. A child that gives back a schedule the population already held counts as in it
        while that schedule stays: counting only new schedules measured within noise of this
        (j30 and j60 at 1,000 schedules)."""
        for kind, success in zip(shifted, entered, strict=True):
            k = int(kind)
            self._made[k] = self._made[k] * MEMORY + 1
            self._entered[k] = self._entered[k] * MEMORY + success
        rate = (self._entered + 1) / (self._made + 2)
        self.shifts = float(np.clip(rate[1] / rate.sum(), LEAST, 1 - LEAST))
