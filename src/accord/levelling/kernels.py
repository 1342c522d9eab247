"""The inner loops of levelling, compiled (numba): schedule generation, justification, and the
genetic operators on activity lists. Everything here works on plain arrays of a `Problem`.

A schedule is built from an activity list (every activity after its predecessors) by the serial
schedule generation scheme: each activity in turn starts at the earliest period at which its
predecessors have finished, its release has come, and every resource it needs has room for it
for its whole duration. Every schedule of the problem that is "active" can be built this way
from some list, so searching lists searches the schedules worth having.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def serial(order, duration, demand, capacity, release, pred_start, pred, lag, usage):  # type: ignore[no-untyped-def]
    """Starts of the serial schedule of `order`. Activity a starts at least `lag[i]` periods
    after the start of its predecessor `pred[i]` (the predecessor's duration for finish-to-
    start). `usage` is a zeroed work area of at least horizon × resources periods; it is zeroed
    again before returning."""
    n = len(order)
    resources = len(capacity)
    start = np.zeros(n, dtype=np.int64)
    end = 0
    for k in range(n):
        a = order[k]
        earliest = release[a]
        for i in range(pred_start[a], pred_start[a + 1]):
            if start[pred[i]] + lag[i] > earliest:
                earliest = start[pred[i]] + lag[i]
        d = duration[a]
        t = earliest
        if d > 0:
            u = t
            while u < t + d:  # first window of d periods from t where it fits
                fits = True
                for r in range(resources):
                    if demand[a, r] > 0 and usage[u, r] + demand[a, r] > capacity[r]:
                        fits = False
                        break
                if fits:
                    u += 1
                else:
                    t = u + 1
                    u = t
            for u in range(t, t + d):
                for r in range(resources):
                    usage[u, r] += demand[a, r]
            if t + d > end:
                end = t + d
        start[a] = t
    usage[:end, :] = 0
    return start


@njit(cache=True, nogil=True)
def justify(start, duration, demand, capacity, release, pred_start, pred, lag, succ_start, succ, succ_lag, usage):  # type: ignore[no-untyped-def]
    """Double justification: every activity as late as the makespan allows (latest finish
    first), then every activity as early as possible (earliest of those starts first). Returns
    the new starts; the caller keeps whichever schedule is shorter."""
    n = len(start)
    end = 0
    for a in range(n):
        if start[a] + duration[a] > end:
            end = start[a] + duration[a]
    late_first = np.empty(n, dtype=np.int64)
    for a in range(n):
        late_first[a] = -(start[a] + duration[a])
    backward = ordered(late_first, succ_start, succ, pred_start, pred)
    no_release = np.zeros(n, dtype=np.int64)
    reversed_start = serial(backward, duration, demand, capacity, no_release, succ_start, succ, succ_lag, usage)
    right = np.empty(n, dtype=np.int64)
    for a in range(n):
        right[a] = end - reversed_start[a] - duration[a]
    forward = ordered(right, pred_start, pred, succ_start, succ)
    return serial(forward, duration, demand, capacity, release, pred_start, pred, lag, usage)


@njit(cache=True, nogil=True)
def ordered(key, pred_start, pred, succ_start, succ):  # type: ignore[no-untyped-def]
    """A list with every activity after its predecessors, lowest key first among those whose
    predecessors are listed (lowest index among equal keys)."""
    n = len(key)
    waiting, eligible, count = _first_eligible(pred_start, n)
    order = np.empty(n, dtype=np.int64)
    for k in range(n):
        chosen = 0
        for i in range(1, count):
            e, c = eligible[i], eligible[chosen]
            if key[e] < key[c] or (key[e] == key[c] and e < c):
                chosen = i
        order[k] = eligible[chosen]
        count = _list(chosen, eligible, count, waiting, succ_start, succ)
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
def parallel(order, duration, demand, capacity, release, pred_start, pred, lag, usage):  # type: ignore[no-untyped-def]
    """Starts of the parallel schedule of `order`: at each decision time, in list order, every
    activity whose predecessors allow it then and that fits from then on starts then (a
    non-delay schedule); the next decision time is the next finish or the next time a waiting
    activity's predecessors allow it. Takes the same work area as `serial`."""
    n = len(order)
    start = np.full(n, -1, dtype=np.int64)
    done = 0
    end = 0
    t = release[0] if n else 0  # the first decision time: the earliest release
    for a in range(1, n):
        if release[a] < t:
            t = release[a]
    while done < n:
        for k in range(n):
            a, d = order[k], duration[order[k]]
            if start[a] >= 0 or not 0 <= _allowed(a, start, release, pred_start, pred, lag) <= t:
                continue
            if _fits(a, t, d, demand, capacity, usage):
                for u in range(t, t + d):
                    for r in range(len(capacity)):
                        usage[u, r] += demand[a, r]
                start[a] = t
                done += 1
                end = max(end, t + d)
        t = _next_decision(t, start, duration, release, pred_start, pred, lag)
    usage[:end, :] = 0
    return start


@njit(cache=True, nogil=True)
def _allowed(a, start, release, pred_start, pred, lag):  # type: ignore[no-untyped-def]
    """The earliest start an activity's release and scheduled predecessors allow; -1 while a
    predecessor is not scheduled."""
    earliest = release[a]
    for i in range(pred_start[a], pred_start[a + 1]):
        if start[pred[i]] < 0:
            return -1
        earliest = max(earliest, start[pred[i]] + lag[i])
    return earliest


@njit(cache=True, nogil=True)
def _fits(a, t, d, demand, capacity, usage):  # type: ignore[no-untyped-def]
    """Whether an activity has room on every resource for `d` periods from `t`."""
    for u in range(t, t + d):
        for r in range(len(capacity)):
            if demand[a, r] > 0 and usage[u, r] + demand[a, r] > capacity[r]:
                return False
    return True


@njit(cache=True, nogil=True)
def _next_decision(t, start, duration, release, pred_start, pred, lag):  # type: ignore[no-untyped-def]
    """The next time after `t` something can change: a finish, or a waiting activity allowed."""
    following = -1
    for a in range(len(start)):
        at = start[a] + duration[a] if start[a] >= 0 else _allowed(a, start, release, pred_start, pred, lag)
        if at > t and (following < 0 or at < following):
            following = at
    return following if following > t else t + 1
