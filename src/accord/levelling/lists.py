"""Activity lists, compiled (numba): an activity list is an order of the activities with every
activity after its predecessors, the genetic algorithm's individual (`accord.levelling.search`),
which the schedule generation schemes (`accord.levelling.kernels`) turn into a schedule. Here:
the list of a priority (lowest first among the activities whose predecessors are listed), a
list drawn by regret-based biased random sampling, and the genetic operators — two-point
crossover, neighbour swaps, the shift of an activity and the shuffle of a stretch — which keep
every activity after its predecessors.
"""

from __future__ import annotations

import heapq

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def ordered(key, pred_start, pred, succ_start, succ):  # type: ignore[no-untyped-def]
    """A list with every activity after its predecessors, lowest key first among those whose
    predecessors are listed (lowest index among equal keys)."""
    n = len(key)
    waiting = np.empty(n, dtype=np.int64)
    ready = [(key[a], a) for a in range(0)]  # a heap of (key, activity)
    for a in range(n):
        waiting[a] = pred_start[a + 1] - pred_start[a]
        if waiting[a] == 0:
            ready.append((key[a], a))
    heapq.heapify(ready)
    order = np.empty(n, dtype=np.int64)
    for k in range(n):
        a = heapq.heappop(ready)[1]
        order[k] = a
        for i in range(succ_start[a], succ_start[a + 1]):
            b = succ[i]
            waiting[b] -= 1
            if waiting[b] == 0:
                heapq.heappush(ready, (key[b], b))
    return order


@njit(cache=True, nogil=True)
def biased_sample(priority, pred_start, pred, succ_start, succ, draws):  # type: ignore[no-untyped-def]
    """An activity list drawn by regret-based biased random sampling: among the activities
    whose predecessors are listed, one is picked with weight 1 + (worst priority - its
    priority), lower priority values first (a latest finish, say). `draws` are n uniforms."""
    n = len(priority)
    waiting, eligible, count = _first_eligible(pred_start, n)
    order = np.empty(n, dtype=np.int64)
    weight = np.empty(n, dtype=np.float64)
    for k in range(n):
        worst = priority[eligible[0]]
        for i in range(count):
            worst = max(worst, priority[eligible[i]])
        total = 0.0
        for i in range(count):
            weight[i] = 1.0 + (worst - priority[eligible[i]])
            total += weight[i]
        pick = draws[k] * total
        chosen = count - 1
        for i in range(count):
            pick -= weight[i]
            if pick < 0:
                chosen = i
                break
        order[k] = eligible[chosen]
        count = _list(chosen, eligible, count, waiting, succ_start, succ)
    return order


@njit(cache=True, nogil=True)
def _first_eligible(pred_start, n):  # type: ignore[no-untyped-def]
    """How many predecessors each activity waits for, and those waiting for none."""
    waiting = np.empty(n, dtype=np.int64)
    eligible = np.empty(n, dtype=np.int64)
    count = 0
    for a in range(n):
        waiting[a] = pred_start[a + 1] - pred_start[a]
        if waiting[a] == 0:
            eligible[count] = a
            count += 1
    return waiting, eligible, count


@njit(cache=True, nogil=True)
def _list(chosen, eligible, count, waiting, succ_start, succ):  # type: ignore[no-untyped-def]
    """Take eligible[chosen] off the eligible set; its successors waiting for nothing else join
    it. Returns the new size of the set."""
    a = eligible[chosen]
    eligible[chosen] = eligible[count - 1]
    count -= 1
    for i in range(succ_start[a], succ_start[a + 1]):
        b = succ[i]
        waiting[b] -= 1
        if waiting[b] == 0:
            eligible[count] = b
            count += 1
    return count


@njit(cache=True, nogil=True)
def crossover(mother, father, first, second):  # type: ignore[no-untyped-def]
    """Two-point crossover of activity lists: the child takes the mother's list up to `first`,
    then the father's order of the activities not yet taken up to `second`, then the mother's
    order of the rest. Children of precedence-feasible lists are precedence feasible."""
    n = len(mother)
    taken = np.zeros(n, dtype=np.bool_)
    child = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(first):
        child[k] = mother[i]
        taken[mother[i]] = True
        k += 1
    for i in range(n):
        if k >= second:
            break
        if not taken[father[i]]:
            child[k] = father[i]
            taken[father[i]] = True
            k += 1
    for i in range(n):
        if not taken[mother[i]]:
            child[k] = mother[i]
            taken[mother[i]] = True
            k += 1
    return child


@njit(cache=True, nogil=True)
def mutate(order, succ_start, succ, draws, rate):  # type: ignore[no-untyped-def]
    """Swaps neighbours of the list with probability `rate` each, where neither must precede
    the other. `draws` are n uniforms."""
    n = len(order)
    for i in range(n - 1):
        if draws[i] >= rate:
            continue
        a, b = order[i], order[i + 1]
        linked = False
        for j in range(succ_start[a], succ_start[a + 1]):
            if succ[j] == b:
                linked = True
                break
        if not linked:
            order[i] = b
            order[i + 1] = a
    return order


@njit(cache=True, nogil=True)
def shift(order, moved, draw, pred_start, pred, succ_start, succ):  # type: ignore[no-untyped-def]
    """The list with the activity at position `moved` taken out and put back at a place drawn
    (by the uniform `draw`) among those its links allow: after its last predecessor, before its
    first successor. A neighbour swap is the shortest such shift."""
    n = len(order)
    place = np.empty(n, dtype=np.int64)
    for i in range(n):
        place[order[i]] = i
    a = order[moved]
    first, last = 0, n - 1
    for i in range(pred_start[a], pred_start[a + 1]):
        first = max(first, place[pred[i]] + 1)
    for i in range(succ_start[a], succ_start[a + 1]):
        last = min(last, place[succ[i]] - 1)
    to = first + min(int(draw * (last - first + 1)), last - first)
    child = order.copy()
    if to < moved:
        child[to + 1 : moved + 1] = order[to:moved]
    else:
        child[moved:to] = order[moved + 1 : to + 1]
    child[to] = a
    return child


@njit(cache=True, nogil=True)
def shuffled(order, first, count, draws, pred_start, pred, succ_start, succ):  # type: ignore[no-untyped-def]
    """The list with the `count` activities from position `first` put in a random order (each
    still after its predecessors): a stretch of the schedule taken apart and put together
    again, the rest kept. `draws` are `count` uniforms."""
    n = len(order)
    key = np.empty(n, dtype=np.int64)
    for i in range(n):
        key[order[i]] = i
    rank = np.argsort(draws, kind="mergesort")  # the stretch's new order: by draw, ties as they were
    for k in range(count):
        key[order[first + rank[k]]] = first + k
    return ordered(key, pred_start, pred, succ_start, succ)
