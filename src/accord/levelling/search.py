"""Searching for a short levelled schedule: priority rules, biased random sampling and a genetic
algorithm over activity lists, its schedules built in both directions of time.

The genetic algorithm follows Hartmann (1998) — activity lists, two-point crossover (half of the
crossovers: the others are peak crossovers, `accord.levelling.crossover`), and both schedule
generation schemes (here the parallel one for part of the children in the first half of the
budget, half of those with a window: the parameterized active schedules of Gonçalves, Mendes
and Resende, 2008) — and mutates each child by neighbour swaps or by shifts, drawn in shares that
follow which kind's children have lately entered the population (`accord.levelling.mutation`).
Its first population is drawn by regret-based biased random sampling (Kolisch and Drexl, 1996),
each list on a priority rule drawn at random — latest finish, latest start or most immediate
successors — and one more such list joins every generation in the first half of the budget, so
the population does not close in on itself (later, newcomers cost more than they bring). The best
schedules survive, a child before a parent as good as it: the population moves across a plateau
of equal makespans instead of standing on it. Some children are not crossed but taken apart and
put together again, in the manner of ruin and recreate (Schrimpf et al., 2000): a stretch of
consecutive activities of one parent's schedule in a random order, the rest as it was.

Most children are built backwards, as in iterative forward–backward scheduling (Li and Willis,
1992) and the scatter searches that alternate direct and reverse schedules: their lists are read
from the parents' finishes, latest first, every activity placed as late as its successors and
the resources let it, and that schedule then justified to the left — every activity as early as
possible, earliest first. The rest are built forwards and improved by double justification
(Valls, Ballestín and Quintanilla, 2005). Either way the individual keeps the improved schedule,
whose order the next children read.

Each schedule generation pass counts against the budget, justification passes included. A list
already tried, or a pass giving a schedule already justified, is not justified again: the search
spends its budget on schedules it has not seen.
"""

from __future__ import annotations

import enum
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from accord.levelling import crossover, kernels, lists
from accord.levelling.mutation import Mutation
from accord.levelling.problem import I64, Problem

SHUFFLE = 0.2
"""Chance that a child is a parent with a stretch of its schedule shuffled, not a crossover."""
STRETCH = 10
"""Activities in a shuffled stretch: a neighbourhood of fixed size, as large neighbourhood
searches use, whatever the size of the plan."""
STALE_LIMIT = 200
"""Generations in a row without a new list, after which the search ends."""
PARALLEL = 0.7
"""In the first part of the budget (`EARLY`), the chance that a child is decoded by the parallel
scheme (good schedules come quickly) rather than the serial one (which can reach every active
schedule, the optimum among them); later, the serial scheme, or the parallel one with a window."""
PARALLEL_WITH_CALENDARS = 0.3
"""The same chance where periods differ (days off, parts of days). There the parallel scheme
also stops at every period in which a waiting activity's calendar starts work, and a pass costs
several times a serial one — eight times on a program of 10,000 tasks in whole days, ten in
hours — where, with every period alike, it costs one and a half to two times."""
EARLY = 0.5
WINDOWED = 0.5
"""Chance that a child decoded by the parallel scheme early has a window (`kernels.parallel`):
it may start an activity in the first period with room a few periods after the decision time.
Where periods differ, none: a 10,000-task program in hours took a fifth longer, no shorter."""
LATER = 0.2
"""Later, the chance of the parallel scheme with a window. On j30 at 1,000 schedules, windows took
the mean deviation from the optimum over 96 seeds from 0.109% to 0.102% early, and to 0.1004% with
these later ones (0.0987% with newcomers early only); j60 no worse (11.37% against 11.41%)."""
WINDOW = 0.5
"""The widest window, in tasks' mean length (each drawn from one period up to that: two or three
periods on PSPLIB's j30, tasks of 1–10). Up to six periods measured the same."""
BACKWARD = 0.8
"""Chance that a child is built backwards (then justified once) rather than forwards (then
justified twice): a backward child costs two passes, a forward one three, and the two kinds
reach different schedules from the same parents."""


class Rule(enum.Enum):
    """Priority rules for a single pass (lowest value first)."""

    LATEST_FINISH = "lft"
    LATEST_START = "lst"
    MOST_SUCCESSORS = "mts"
    SHORTEST = "spt"
    STANDARD = "standard"
    """MS Project's standard levelling order, as documented: higher task priority first, then
    less total slack, then the earlier start; we break remaining ties by task order."""


@dataclass(frozen=True)
class Levelled:
    start: I64
    makespan: int
    schedules: int
    """Schedule generation passes used."""
    seconds: float
    lower_bound: int
    """No schedule finishes sooner: the larger of the critical-path bound and the resource bound
    (`Problem.resource_bound`)."""


class Search:
    """The levelling engine for one problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = p = problem
        self._usage = np.zeros((p.horizon(), len(p.capacity)), dtype=np.int64)
        self._early, self.latest_start = p.unconstrained()
        self.latest_finish = p.finish(self.latest_start)
        self.critical_path = int(p.finish(self._early).max(initial=0))
        self.lower_bound = max(self.critical_path, p.resource_bound())
        self.schedules = 0

    # -- one schedule ---------------------------------------------------------------------

    def schedule(self, order: I64, *, window: int | None = None) -> I64:
        """Starts of the serial schedule of an activity list, or of its parallel schedule with a
        `window` of periods (0: non-delay; `kernels.parallel`)."""
        p = self.problem
        self.schedules += 1
        if window is not None:
            return self._generated(lambda usage: kernels.parallel(order, p.forward, p.uniform, usage, window))[0]
        return self._generated(lambda usage: kernels.serial(order, p.forward, usage))[0]

    def backward_schedule(self, order: I64, end: int, *, window: int | None = None) -> I64:
        """Finishes, in reversed time from period `end`, of the serial (or, with a `window`, the
        parallel) schedule of a list of the network in reversed time
        (`activity_list(…, backward=True)`)."""
        p = self.problem
        self.schedules += 1
        delay = -1 if window is None else window
        return self._generated(lambda usage: kernels.late(order, end, p.forward, p.backward, p.uniform, usage, delay))[1]

    def left_justified(self, reversed_finish: I64) -> I64:
        """Starts of the serial schedule of the activities in the order a backward schedule
        starts them in forward time (`backward_schedule`): each as early as possible."""
        return self.schedule(self.activity_list(-reversed_finish))

    def justify(self, start: I64) -> I64:
        p = self.problem
        self.schedules += 2
        finish = p.finish(start)
        better, better_finish = self._generated(lambda usage: kernels.justify(start, finish, p.forward, p.backward, usage))
        return better if better_finish.max(initial=0) <= finish.max(initial=0) else start

    def _generated(self, generate: Callable[[I64], tuple[I64, I64]]) -> tuple[I64, I64]:
        """A schedule generation pass, its work area grown until the schedule fits in it."""
        while True:
            start, finish = generate(self._usage)
            if len(finish) == len(start):
                return start, finish
            self._usage = np.zeros((2 * len(self._usage), len(self.problem.capacity)), dtype=np.int64)

    def makespan(self, start: I64) -> int:
        return int(self.problem.finish(start).max(initial=0))

    def activity_list(self, start: I64, *, backward: bool = False) -> I64:
        """The list of a schedule: its activities by start; `backward`, a list of the network in
        reversed time: by finish, latest first."""
        found: I64 = lists.ordered(-self.problem.finish(start) if backward else start, *self.links(backward=backward))
        return found

    def links(self, *, backward: bool = False) -> tuple[I64, I64, I64, I64]:
        """Predecessors and successors (`pred_start`, `pred`, `succ_start`, `succ`), in reversed
        time where `backward`: what the list operators take."""
        p = self.problem
        if backward:
            return p.succ_start, p.succ, p.pred_start, p.pred
        return p.pred_start, p.pred, p.succ_start, p.succ

    # -- rules ----------------------------------------------------------------------------

    def rule_list(self, rule: Rule) -> I64:
        """The activity list a priority rule gives: at each step, among the activities whose
        predecessors are listed, the one of lowest value."""
        p = self.problem
        slack = self.latest_start - self._early
        keys: dict[Rule, tuple[I64, ...]] = {
            Rule.LATEST_FINISH: (self.latest_finish,),
            Rule.LATEST_START: (self.latest_start,),
            Rule.MOST_SUCCESSORS: (-self._descendants(),),
            Rule.SHORTEST: (p.duration,),
            Rule.STANDARD: (-p.priority, slack, self._early),
        }
        key = np.lexsort((np.arange(p.size), *reversed(keys[rule])))
        place = np.empty(p.size, dtype=np.int64)
        place[key] = np.arange(p.size)
        found: I64 = lists.ordered(place, *self.links())
        return found

    def _descendants(self) -> I64:
        p = self.problem
        below = [set[int]() for _ in range(p.size)]
        for a in p.topological_order()[::-1].tolist():
            for b in p.successors(a).tolist():
                below[a].add(b)
                below[a] |= below[b]
        return np.asarray([len(s) for s in below], dtype=np.int64)

    def single_pass(self, rule: Rule) -> Levelled:
        began = time.perf_counter()
        self.schedules = 0
        start = self.schedule(self.rule_list(rule))
        return Levelled(start, self.makespan(start), self.schedules, time.perf_counter() - began, self.lower_bound)

    # -- the genetic algorithm ------------------------------------------------------------

    def genetic(self, *, schedules: int | None = None, seconds: float | None = None, seed: int = 0) -> Levelled:
        """The best schedule found within a budget of schedule generation passes or of time
        (or both; without either, 5,000 passes)."""
        if schedules is None and seconds is None:
            schedules = 5000
        began = time.perf_counter()
        self.schedules = 0
        evolution = _Evolution(self, schedules, seconds, np.random.default_rng(seed))
        best = evolution.run()
        return Levelled(best[1], best[0], self.schedules, time.perf_counter() - began, self.lower_bound)


Scored = tuple[int, I64]
"""A schedule: its makespan and its starts."""


def _key(values: I64) -> bytes:
    """A list's or a schedule's fingerprint: a short digest, so that remembering what was tried
    on a plan of 10,000 tasks takes bytes, not 80 kB, for each."""
    return hashlib.blake2b(values.tobytes(), digest_size=16).digest()


class _Evolution:
    """One run of the genetic algorithm: a population of distinct schedules, ranked by makespan
    (then, where task priorities differ, by starting important work first)."""

    def __init__(self, search: Search, schedules: int | None, seconds: float | None, rng: np.random.Generator) -> None:
        self.search, self.rng = search, rng
        self.problem = p = search.problem
        self.budget = schedules if schedules is not None else 1 << 62
        self.deadline = time.perf_counter() + seconds if seconds is not None else float("inf")
        self.size = int(np.clip(self.budget // 40, 20, 80)) if schedules is not None else 60
        self.priorities = [
            search.latest_finish.astype(np.float64),
            search.latest_start.astype(np.float64),
            -np.diff(p.succ_start).astype(np.float64),  # most immediate successors first
        ]
        work = p.priority[p.duration > 0]  # events (a summary's finish) carry no priority of their own
        self.weight = np.maximum(p.priority - (work.min() if len(work) else 0), 0).astype(np.float64)
        self.ranked = bool(self.weight.max(initial=0) > self.weight.min(initial=0))
        self.seen: dict[tuple[bool, bytes], Scored] = {}
        """Each list tried (and whether backward): its schedule, justified."""
        self.justified: dict[tuple[bool, bytes], Scored] = {}
        """Each schedule generated (and whether backward): the same, justified."""
        self.lists: dict[tuple[bool, bytes], I64] = {}
        """The lists of the population's schedules, forward and backward, as they are read."""
        self.parallel_share = PARALLEL if p.uniform else PARALLEL_WITH_CALENDARS
        self.windowed, self.later = (WINDOWED, LATER) if p.uniform else (0.0, 0.0)
        spans = p.spans()[p.duration > 0]
        self.widest = max(round(WINDOW * float(spans.mean())), 1) if len(spans) else 1
        self.mutation = Mutation(rng)
        self.best: Scored | None = None

    def run(self) -> Scored:
        population: list[Scored] = []
        while len(population) < self.size and not self.spent():
            population.append(self.evaluate(self.sample()))
            if self.finished():
                break
        stale = 0
        while not self.spent() and not self.finished():
            before = self.search.schedules
            children, shifted = self.breed(population)
            stale = stale + 1 if self.search.schedules == before else 0
            if stale > STALE_LIMIT:
                break  # no list tried for a long while was new: small problems run out of them
            if self.early() and not self.spent():  # a newcomer keeps the population open
                children.append(self.evaluate(self.sample()))
            population = self.select(children + population)
            alive = {_key(c[1]) for c in population}
            self.mutation.learn(shifted, [_key(c[1]) in alive for c in children[: len(shifted)]])
        assert self.best is not None
        return self.best

    def breed(self, population: list[Scored]) -> tuple[list[Scored], list[bool]]:
        """The children of a generation, and whether each was mutated by shifts."""
        rng, n = self.rng, self.problem.size
        children: list[Scored] = []
        shifted: list[bool] = []
        rng.shuffle(population)
        for mother, father in zip(population[::2], population[1::2], strict=False):
            for a, b in ((mother, father), (father, mother)):
                if self.spent():
                    return children, shifted
                backward = bool(rng.random() < BACKWARD)
                links = self.search.links(backward=backward)
                if rng.random() < SHUFFLE:
                    child = self.shuffled(a, backward)
                else:
                    parents = (self.listed(a, backward), self.listed(b, backward))
                    if rng.random() < crossover.PEAK:
                        child = crossover.peak(self.problem, a, parents, links, float(rng.random()), backward=backward)
                    else:
                        first, second = np.sort(rng.integers(0, n + 1, size=2))
                        child = lists.crossover(*parents, first, second)
                child, by_shifts = self.mutation.mutate(child, links)
                children.append(self.evaluate(child, backward=backward, end=max(a[0], b[0])))
                shifted.append(by_shifts)
        return children, shifted

    def shuffled(self, parent: Scored, backward: bool) -> I64:
        """The parent's list with a stretch of consecutive activities in a random order."""
        p, rng = self.problem, self.rng
        count = min(p.size, STRETCH)
        first = int(rng.integers(0, p.size - count + 1))
        order = self.listed(parent, backward)
        child: I64 = lists.shuffled(order, first, count, rng.random(count), *self.search.links(backward=backward))
        return child

    def listed(self, scored: Scored, backward: bool) -> I64:
        """A schedule's list. Its forward list gives the schedule again (a justified schedule is
        active): that list is known, and not decoded again."""
        key = (backward, _key(scored[1]))
        order = self.lists.get(key)
        if order is None:
            order = self.lists[key] = self.search.activity_list(scored[1], backward=backward)
            if not backward:
                self.seen.setdefault((False, _key(order)), scored)
        return order

    def sample(self) -> I64:
        """A list drawn by biased random sampling on a priority rule drawn at random: latest
        finish, latest start or most immediate successors."""
        p = self.problem
        priority = self.priorities[int(self.rng.integers(len(self.priorities)))]
        order: I64 = lists.biased_sample(priority, p.pred_start, p.pred, p.succ_start, p.succ, self.rng.random(p.size))
        return order

    def rank(self, scored: Scored) -> tuple[int, float]:
        return scored[0], float(self.weight @ scored[1]) if self.ranked else 0.0

    def evaluate(self, order: I64, *, backward: bool = False, end: int = 0) -> Scored:
        """The schedule of a list, justified: a forward list's twice, a backward list's (in
        reversed time from period `end`) once, to the left."""
        known = self.seen.get((backward, _key(order)))
        if known is not None:  # the same list gives the same schedule: nothing to generate
            return known
        window = self.window()
        if backward:
            generated = self.search.backward_schedule(order, end, window=window)
        else:
            generated = self.search.schedule(order, window=window)
        scored = self.justified.get((backward, _key(generated)))
        if scored is None:  # a schedule not seen before: justify it
            start = self.search.left_justified(generated) if backward else self.search.justify(generated)
            scored = (self.search.makespan(start), start)
            self.justified[(backward, _key(generated))] = scored
        self.seen[(backward, _key(order))] = scored
        if self.best is None or self.rank(scored) < self.rank(self.best):
            self.best = scored
        return scored

    def window(self) -> int | None:
        """How a list is decoded: by the serial scheme (None), or by the parallel one with a
        window of that many periods (0: non-delay; in the first part of the budget only)."""
        rng = self.rng
        if not self.early():
            return int(rng.integers(1, self.widest + 1)) if rng.random() < self.later else None
        if rng.random() >= self.parallel_share:
            return None
        return int(rng.integers(1, self.widest + 1)) if rng.random() < self.windowed else 0

    def select(self, candidates: list[Scored]) -> list[Scored]:
        """The best `size` distinct schedules; among equals, those first in `candidates` (the
        children: a child as good as a parent at the cut takes that parent's place, so the
        population moves across a plateau of equal makespans instead of standing on it)."""
        unique = {_key(c[1]): c for c in candidates}
        kept = sorted(unique.values(), key=self.rank)[: self.size]
        alive = {_key(c[1]) for c in kept}
        self.lists = {key: order for key, order in self.lists.items() if key[1] in alive}
        return kept

    def early(self) -> bool:
        """In the first part of the budget of schedules (`EARLY`)."""
        return self.search.schedules < EARLY * self.budget

    def spent(self) -> bool:
        return self.search.schedules + 3 > self.budget or time.perf_counter() > self.deadline

    def finished(self) -> bool:
        """Nothing can be shorter than the critical path (and no priority orders the work)."""
        return self.best is not None and self.best[0] == self.search.lower_bound and not self.ranked
