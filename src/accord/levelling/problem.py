"""A resource-constrained scheduling problem in whole periods (the RCPSP), with calendars.

Activities 0 … n-1 with durations, precedences, and per-period demands on renewable resources of
fixed capacity. A precedence is a least distance in periods from the finish or the start of one
activity to the start or the finish of another: finish-to-start (the classic problem),
start-to-start, finish-to-finish or start-to-finish, with a lag or a lead. An activity may also have a release period before which it cannot start (its project's
start, its status date, a constraint).

Calendars say how much work is done in each period (`works`, see `accord.levelling.kernels`): a
duration is an amount of work, done in the periods the activity's calendar works — a person's
day off pauses it, a half day does half a day's work — and a resource on a calendar of its own
is loaded only in the periods it works. Without calendars every period does one unit of work:
a duration is a number of periods, as in the classic problem.

This is the form every levelling engine here works on: a project's tasks and people become one
(see `accord.services.levelling`), and so does a PSPLIB instance.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]
B = NDArray[np.bool_]
Needs = tuple[I64, I64, I64]
Network = tuple[I64, Needs, I64, I64, I64, I64, I64, B, B, I64, I64, I64, B]


_UNLIMITED = np.zeros((1 << 40, 0), dtype=np.int64)
"""The work area of a schedule without resources: no columns, and room for any length."""


@dataclass(frozen=True)
class Problem:
    duration: I64
    demand: I64
    """demand[activity, resource] per period."""
    capacity: I64
    release: I64
    pred_start: I64
    """Predecessors of activity a are pred[pred_start[a]:pred_start[a + 1]]."""
    pred: I64
    lag: I64
    """For each predecessor entry: a starts (where `to_finish`, finishes) at least this many
    periods after it finishes (where `after_finish`) or starts."""
    after_finish: B
    to_finish: B
    succ_start: I64
    succ: I64
    succ_lag: I64
    """For each successor entry, the same precedence in reversed time (used to push work as
    late as possible): a reversed start is a finish, a reversed finish a start."""
    succ_after_finish: B
    succ_to_finish: B
    names: tuple[str, ...]
    resources: tuple[str, ...]
    priority: I64
    """Higher first where a rule ties (MS Project's task priority, 0 to 1000)."""
    calendar: I64
    """Each activity's row of `works`."""
    works: I64
    """works[calendar, period]: the work done in the period; the last column, in every later
    period."""
    resource_calendar: I64
    """Each resource's row of `works`; -1: it works whenever its activities do."""
    fixed: B
    """Activities that start at their release, whatever their predecessors and resources say
    (work under way, a must-start-on date): the others fit around them. Where fixed
    activities alone overbook a resource, it stays overbooked there."""

    @property
    def size(self) -> int:
        return len(self.duration)

    @functools.cached_property
    def uniform(self) -> bool:
        """Every period of every calendar does the same work: durations are spans."""
        return bool((self.works == self.works[0, 0]).all())

    @staticmethod
    def of(
        duration: Sequence[int],
        demand: Sequence[Sequence[int]],
        capacity: Sequence[int],
        precedences: Sequence[tuple[int, int] | tuple[int, int, int] | tuple[int, int, int, str]],
        *,
        names: Sequence[str] | None = None,
        resources: Sequence[str] | None = None,
        release: Sequence[int] | None = None,
        priority: Sequence[int] | None = None,
        calendar: Sequence[int] | None = None,
        works: Sequence[Sequence[int]] | NDArray[np.int64] | None = None,
        resource_calendar: Sequence[int] | None = None,
        fixed: Sequence[bool] | None = None,
    ) -> Problem:
        """Check and compile a problem; `precedences` are (before, after) pairs, finish to start;
        (before, after, distance) triples: `after` starts at least `distance` periods after
        `before` starts; or (before, after, distance, link) with `link` one of "FS", "SS", "FF",
        "SF" (from `before`'s finish or start to `after`'s start or finish). Without `works`,
        one calendar doing one unit of work in every period. A `fixed` activity starts at its
        release."""
        n = len(duration)
        dur = np.asarray(duration, dtype=np.int64)
        cap = np.asarray(capacity, dtype=np.int64)
        need = np.asarray(demand, dtype=np.int64).reshape(n, len(cap))
        if (dur < 0).any():
            raise ValueError("a duration is negative")
        if (cap < 0).any() or (need < 0).any():
            raise ValueError("a capacity or a demand is negative")
        over = np.flatnonzero((need > cap).any(axis=1))
        if len(over):
            raise ValueError(f"activity {over[0]} needs more of a resource than its capacity")
        work = np.ones((1, 1), dtype=np.int64) if works is None else np.asarray(works, dtype=np.int64)
        on = np.zeros(n, dtype=np.int64) if calendar is None else np.asarray(calendar, dtype=np.int64)
        resource_on = np.full(len(cap), -1, dtype=np.int64) if resource_calendar is None else np.asarray(resource_calendar, dtype=np.int64)
        if work.ndim != 2 or work.shape[1] == 0 or (work < 0).any() or (work[:, -1] <= 0).any():
            raise ValueError("works must give each calendar's work per period, and some in its last")
        if (on < 0).any() or (on >= len(work)).any() or (resource_on >= len(work)).any() or len(on) != n:
            raise ValueError("a calendar that does not exist")
        edges = np.asarray(sorted({_precedence(e) for e in precedences}), dtype=np.int64).reshape(-1, 5)
        if len(edges) and (edges[:, :2].min() < 0 or edges[:, :2].max() >= n):
            raise ValueError("a precedence names an activity that does not exist")
        before, after, distance, from_finish, to_finish = edges.T
        pred_start, pred, lag, after_finish, finishing = _csr(n, after, before, distance, from_finish, to_finish)
        # In reversed time a start is a finish: from X of the predecessor to Y of the successor
        # becomes from (not Y) of the successor to (not X) of the predecessor.
        succ_start, succ, succ_lag, succ_after_finish, succ_to_finish = _csr(n, before, after, distance, 1 - to_finish, 1 - from_finish)
        problem = Problem(
            duration=dur,
            demand=need,
            capacity=cap,
            release=np.zeros(n, dtype=np.int64) if release is None else np.asarray(release, dtype=np.int64),
            pred_start=pred_start,
            pred=pred,
            lag=lag,
            after_finish=after_finish.astype(np.bool_),
            to_finish=finishing.astype(np.bool_),
            succ_start=succ_start,
            succ=succ,
            succ_lag=succ_lag,
            succ_after_finish=succ_after_finish.astype(np.bool_),
            succ_to_finish=succ_to_finish.astype(np.bool_),
            names=tuple(names) if names is not None else tuple(str(i) for i in range(n)),
            resources=tuple(resources) if resources is not None else tuple(f"R{r + 1}" for r in range(len(cap))),
            priority=np.zeros(n, dtype=np.int64) if priority is None else np.asarray(priority, dtype=np.int64),
            calendar=on,
            works=work,
            resource_calendar=resource_on,
            fixed=np.zeros(n, dtype=np.bool_) if fixed is None else np.asarray(fixed, dtype=np.bool_).reshape(n),
        )
        problem.topological_order()  # refuses a cycle
        return problem

    def predecessors(self, a: int) -> I64:
        return self.pred[self.pred_start[a] : self.pred_start[a + 1]]

    def successors(self, a: int) -> I64:
        return self.succ[self.succ_start[a] : self.succ_start[a + 1]]

    def topological_order(self) -> I64:
        """Activities with every predecessor before its successors; lowest index first among
        those ready."""
        remaining = np.diff(self.pred_start).copy()
        ready = sorted(np.flatnonzero(remaining == 0).tolist(), reverse=True)
        order: list[int] = []
        while ready:
            a = ready.pop()
            order.append(a)
            for b in self.successors(a).tolist():
                remaining[b] -= 1
                if remaining[b] == 0:
                    ready.append(b)
            ready.sort(reverse=True)
        if len(order) != self.size:
            raise ValueError("the precedences form a cycle")
        return np.asarray(order, dtype=np.int64)

    def finish(self, start: I64) -> I64:
        """The finish of each activity started as `start` says."""
        from accord.levelling import kernels  # compiled: loaded when first needed

        found: I64 = kernels.finishes(start, self.duration, self.calendar, self.works)
        return found

    @functools.cached_property
    def needs(self) -> Needs:
        """`demand` as lists: the resources activity a needs are need[need_start[a]:need_start[a + 1]],
        each in the amount `amount` says."""
        activity, resource = np.nonzero(self.demand)
        need_start = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(activity, minlength=self.size), out=need_start[1:])
        return need_start, resource.astype(np.int64), self.demand[activity, resource].astype(np.int64)

    @functools.cached_property
    def forward(self) -> Network:
        """The problem as the schedule generation passes take it (`accord.levelling.kernels`)."""
        return (self.duration, self.needs, self.capacity, self.release, self.pred_start, self.pred, self.lag,
                self.after_finish, self.to_finish, self.calendar, self.works, self.resource_calendar, self.fixed)  # fmt: skip

    @functools.cached_property
    def backward(self) -> Network:
        """The problem in reversed time (its calendars as they are: reversed from a makespan; its
        fixed activities' releases too: set from a schedule)."""
        return (self.duration, self.needs, self.capacity, np.zeros(self.size, dtype=np.int64), self.succ_start,
                self.succ, self.succ_lag, self.succ_after_finish, self.succ_to_finish, self.calendar, self.works,
                self.resource_calendar, self.fixed)  # fmt: skip

    def unconstrained(self) -> tuple[I64, I64]:
        """Earliest starts and latest starts without resource limits (latest against the
        earliest possible end). Latest starts are read backwards in time, and a part day's work
        is done from its start going forwards but from its end going backwards: with part days
        they are an order for priority rules, not always dates an activity could start on."""
        from accord.levelling import kernels

        early, _ = kernels.serial(self.topological_order(), self._without_resources(self.forward), _UNLIMITED)
        return early, self.latest(early, ~self.fixed)

    def allowed(self, start: I64, release: I64) -> I64:
        """For each activity, the earliest start that `release` and its predecessors, where the
        schedule `start` has them, allow: what its links ask of it (to its start or its finish),
        its own place aside."""
        from accord.levelling import kernels

        found: I64 = kernels.allowed(start, self.finish(start), (*self.forward[:3], release, *self.forward[4:]))
        return found

    def earliest(self, start: I64, free: B, release: I64) -> I64:
        """The earliest starts of the `free` activities (none before `release`), without resource
        limits, in the schedule `start` (the others stay where it has them)."""
        from accord.levelling import kernels

        forward = self._without_resources(self.forward)
        held = ~free
        forward = (*forward[:3], np.where(held, start, release), *forward[4:12], held)
        early, _ = kernels.serial(self.topological_order(), forward, _UNLIMITED)
        found: I64 = np.where(free, early, start)
        return found

    def latest(self, start: I64, free: B, end: int | None = None) -> I64:
        """The latest starts of the `free` activities, without resource limits, in the schedule
        `start` (the others stay where it has them): before what follows them (but a fixed
        activity: a link into it does not hold) and by `end` (by default the schedule's)."""
        from accord.levelling import kernels

        finish = self.finish(start)
        end = int(finish.max(initial=0)) if end is None else end
        b = self.backward
        held = ~free
        release = np.where(held, end - finish, 0)
        # A link into a fixed activity does not hold (its date wins): in reversed time, a link out of it.
        kept = ~self.fixed[b[5]]
        links = (np.concatenate(([0], np.cumsum(kept)))[b[4]], *(column[kept] for column in b[5:9]))
        backward = (*b[:3], release, *links, b[9], kernels.reversed_works(self.works, end), *b[11:12], held)
        _, late_finish = kernels.serial(self.topological_order()[::-1].copy(), self._without_resources(backward), _UNLIMITED)
        late: I64 = np.where(free, end - late_finish, start)
        return late

    @staticmethod
    def _without_resources(network: Network) -> Network:
        none = np.zeros(0, dtype=np.int64)
        no_demand = (np.zeros(len(network[0]) + 1, dtype=np.int64), none, none)
        return (network[0], no_demand, none, *network[3:11], none, network[12])

    def spans(self) -> I64:
        """The periods each activity works, at its calendar's work in a full period (its last,
        which holds for every later one): exact where every period is alike."""
        found: I64 = -(-self.duration // self.works[self.calendar, -1])
        return found

    def horizon(self) -> int:
        """A first guess at the periods a serial schedule needs (the engine grows its work area
        where a schedule needs more)."""
        span = self.spans()
        positive = int(np.maximum(self.lag, 0).sum())
        return int(self.works.shape[1]) + int(self.release.max(initial=0)) + int(span.sum()) + positive + 1

    def resource_bound(self) -> int:
        """No schedule is shorter than the periods a resource needs to do all the work asked of
        it, at full capacity in every period it works, from period 0. Counted: the activities
        that may move (fixed ones may overbook), and of a resource on a calendar of its own only
        those on the same calendar (on another, work goes on while it is away)."""
        periods = -(-self.duration // np.maximum(self.works[self.calendar].max(axis=1), 1))  # the fewest each works
        found = 0
        for r, c in enumerate(self.resource_calendar.tolist()):
            counted = ~self.fixed & ((self.calendar == c) if c >= 0 else True)
            energy = int((periods * counted * self.demand[:, r]).sum())
            if energy == 0:
                continue
            works = self.works[c] > 0 if c >= 0 else np.ones(self.works.shape[1], dtype=np.bool_)
            room = np.cumsum(works * int(self.capacity[r]))  # by the end of each period
            if room[-1] >= energy:
                found = max(found, int(np.searchsorted(room, energy)) + 1)
            elif works[-1]:  # every later period works as the last
                found = max(found, len(works) + -(-(energy - int(room[-1])) // int(self.capacity[r])))
        return found

    def critical_path_bound(self) -> int:
        """The makespan without resource limits: no levelling can finish sooner."""
        early, _ = self.unconstrained()
        return int(self.finish(early).max(initial=0))

    def usage(self, start: I64) -> I64:
        """The load of each resource in each period of a schedule."""
        from accord.levelling import kernels

        finish = self.finish(start)
        found: I64 = kernels.load(start, finish, self.needs, len(self.capacity), self.calendar, self.works, self.resource_calendar)
        return found

    def feasible(self, start: I64) -> bool:
        """Whether starts honour releases, fixed starts, precedences (but those into fixed
        activities), calendars and capacities (but where fixed activities alone overbook)."""
        finish = self.finish(start)
        if (start < self.release).any() or (start[self.fixed] != self.release[self.fixed]).any():
            return False
        working = self.works[self.calendar, np.minimum(start, self.works.shape[1] - 1)] > 0
        if not (working | (self.duration == 0) | self.fixed).all():
            return False
        for b in np.flatnonzero(~self.fixed).tolist():
            for i in range(self.pred_start[b], self.pred_start[b + 1]):
                p = self.pred[i]
                origin = finish[p] if self.after_finish[i] else start[p]
                if (finish[b] if self.to_finish[i] else start[b]) < origin + self.lag[i]:
                    return False
        usage = self.usage(start)
        if not self.fixed.any():
            return bool((usage <= self.capacity).all())
        alone = dataclasses.replace(self, demand=self.demand * self.fixed[:, None]).usage(start)
        return bool(((usage <= self.capacity) | (usage == alone)).all())


LINKS = {"FS": (1, 0), "SS": (0, 0), "FF": (1, 1), "SF": (0, 1)}
"""A link type: (from the predecessor's finish, to the successor's finish)."""


def _precedence(given: Sequence[int | str]) -> tuple[int, int, int, int, int]:
    """(before, after, distance, from the finish, to the finish) of a precedence as given."""
    if len(given) == 2:
        return int(given[0]), int(given[1]), 0, 1, 0
    link = str(given[3]) if len(given) == 4 else "SS"
    if link not in LINKS:
        raise ValueError(f"{link!r} is not a link type: FS, SS, FF or SF")
    return int(given[0]), int(given[1]), int(given[2]), *LINKS[link]


def _csr(n: int, owner: I64, other: I64, *values: I64) -> tuple[I64, ...]:
    order = np.lexsort((other, owner))
    counts = np.bincount(owner, minlength=n)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    return (start, other[order].astype(np.int64), *(v[order].astype(np.int64) for v in values))
