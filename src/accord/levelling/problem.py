"""A resource-constrained scheduling problem in whole periods (the RCPSP).

Activities 0 … n-1 with durations in periods, precedences, and per-period demands on renewable
resources of fixed capacity. A precedence is a least distance between two starts: finish-to-
start is the predecessor's duration (the classic problem); start-to-start, finish-to-finish,
start-to-finish and lags or leads come to other distances, negative ones included. An activity may also have a release period
before which it cannot start (its project's start, its status date, a constraint). This is the
form every levelling engine here works on: a project's tasks and people become one (see
`accord.services.levelling`), and so does a PSPLIB instance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]


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
    """For each predecessor entry: a starts at least this many periods after it starts."""
    succ_start: I64
    succ: I64
    succ_lag: I64
    """For each successor entry, the same precedence in reversed time (used to push work as
    late as possible): the predecessor's reversed start is at least the successor's plus this."""
    names: tuple[str, ...]
    resources: tuple[str, ...]
    priority: I64
    """Higher first where a rule ties (MS Project's task priority, 0 to 1000)."""

    @property
    def size(self) -> int:
        return len(self.duration)

    @staticmethod
    def of(
        duration: Sequence[int],
        demand: Sequence[Sequence[int]],
        capacity: Sequence[int],
        precedences: Sequence[tuple[int, int] | tuple[int, int, int]],
        *,
        names: Sequence[str] | None = None,
        resources: Sequence[str] | None = None,
        release: Sequence[int] | None = None,
        priority: Sequence[int] | None = None,
    ) -> Problem:
        """Check and compile a problem; `precedences` are (before, after) pairs, finish to start,
        or (before, after, distance) triples: `after` starts at least `distance` periods after
        `before` starts."""
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
        triples = {(e[0], e[1], e[2] if len(e) == 3 else int(dur[e[0]])) for e in precedences}
        edges = np.asarray(sorted(triples), dtype=np.int64).reshape(-1, 3)
        if len(edges) and (edges[:, :2].min() < 0 or edges[:, :2].max() >= n):
            raise ValueError("a precedence names an activity that does not exist")
        before, after, distance = edges[:, 0], edges[:, 1], edges[:, 2]
        pred_start, pred, lag = _csr(n, after, before, distance)
        # Reversed: start_a - start_p >= d becomes r_p - r_a >= d + dur_a - dur_p, with r the
        # reversed starts (end - start - duration).
        succ_start, succ, succ_lag = _csr(n, before, after, distance + dur[after] - dur[before])
        problem = Problem(
            duration=dur,
            demand=need,
            capacity=cap,
            release=np.zeros(n, dtype=np.int64) if release is None else np.asarray(release, dtype=np.int64),
            pred_start=pred_start,
            pred=pred,
            lag=lag,
            succ_start=succ_start,
            succ=succ,
            succ_lag=succ_lag,
            names=tuple(names) if names is not None else tuple(str(i) for i in range(n)),
            resources=tuple(resources) if resources is not None else tuple(f"R{r + 1}" for r in range(len(cap))),
            priority=np.zeros(n, dtype=np.int64) if priority is None else np.asarray(priority, dtype=np.int64),
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

    def unconstrained(self) -> tuple[I64, I64]:
        """Earliest starts and latest starts without resource limits (latest against the
        earliest possible end)."""
        order = self.topological_order()
        early = self.release.copy()
        for b in order.tolist():
            for i in range(self.pred_start[b], self.pred_start[b + 1]):
                early[b] = max(early[b], early[self.pred[i]] + self.lag[i])
        end = int((early + self.duration).max(initial=0))
        late = end - self.duration
        for b in order[::-1].tolist():
            for i in range(self.pred_start[b], self.pred_start[b + 1]):
                a = self.pred[i]
                late[a] = min(late[a], late[b] - self.lag[i])
        return early, late

    def horizon(self) -> int:
        """No serial schedule ends later: each activity can start once those before it end."""
        positive = int(np.maximum(self.lag, 0).sum())
        return int(self.release.max(initial=0)) + int(self.duration.sum()) + positive + 1

    def critical_path_bound(self) -> int:
        """The makespan without resource limits: no levelling can finish sooner."""
        early, _ = self.unconstrained()
        return int((early + self.duration).max(initial=0))

    def feasible(self, start: I64) -> bool:
        """Whether starts honour releases, precedences and capacities."""
        if (start < self.release).any():
            return False
        for b in range(self.size):
            for i in range(self.pred_start[b], self.pred_start[b + 1]):
                if start[b] < start[self.pred[i]] + self.lag[i]:
                    return False
        end = int((start + self.duration).max(initial=0))
        usage = np.zeros((end + 1, len(self.capacity)), dtype=np.int64)
        for a in range(self.size):
            usage[start[a] : start[a] + self.duration[a]] += self.demand[a]
        return bool((usage <= self.capacity).all())


def _csr(n: int, owner: I64, other: I64, value: I64) -> tuple[I64, I64, I64]:
    order = np.lexsort((other, owner))
    counts = np.bincount(owner, minlength=n)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    return start, other[order].astype(np.int64), value[order].astype(np.int64)
