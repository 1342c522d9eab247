"""The compiled inner loops of the Monte Carlo simulation (see `risk.py`): per iteration, draw
the durations, add the risks that happen, run the forward and backward passes, and add to the
sums the report needs."""

from __future__ import annotations

import numpy as np
from numba import njit

from accord.scheduling.network import FF, FS, SF


@njit(cache=True, nogil=True)
def _gap(kind, lag, percent, before, after):  # type: ignore[no-untyped-def]
    """Least distance between the starts of a link's ends, given their drawn durations."""
    gap = lag / 100.0 * before if percent else lag
    if kind in (FS, FF):
        gap += before
    if kind in (FF, SF):
        gap -= after
    return gap


@njit(cache=True, nogil=True)
def iterate(  # type: ignore[no-untyped-def]
    order, earliest, low, likely, high, spread, mode, triangular, tables, row, draws,
    happens, impact, risk_start, risk_nodes,
    pred_start, pred, pred_edge, succ_start, succ, succ_edge, kind, lag, percent,
    watch_start, watch_nodes, finish, watched, critical, sums,
):  # fmt: skip
    """One iteration after another: draw the durations, add the risks that happen, then the
    forward and backward passes, and keep what the report needs."""
    n = len(earliest)
    duration = np.empty(n)
    start = np.empty(n)
    late = np.empty(n)
    for it in range(draws.shape[0]):
        _durations(
            duration, low, likely, high, spread, mode, triangular, tables, row, draws[it], happens[it], impact, risk_start, risk_nodes
        )
        end = _forward(start, duration, order, earliest, pred_start, pred, pred_edge, kind, lag, percent)
        finish[it] = end
        _backward(late, start, duration, end, order, succ_start, succ, succ_edge, kind, lag, percent, critical)
        for a in range(n):
            sums[0, a] += duration[a]
            sums[1, a] += duration[a] * duration[a]
            sums[2, a] += duration[a] * end
        for w in range(len(watch_start) - 1):
            latest = end if watch_start[w + 1] == watch_start[w] else -1e300
            for i in range(watch_start[w], watch_start[w + 1]):
                latest = max(latest, start[watch_nodes[i]] + duration[watch_nodes[i]])
            watched[it, w] = latest


@njit(cache=True, nogil=True)
def _durations(duration, low, likely, high, spread, mode, triangular, tables, row, draws, happens, impact, risk_start, risk_nodes):  # type: ignore[no-untyped-def]
    """Each uniform draw goes through the inverse of the task's distribution over its range:
    exactly for the triangular, by its quantile table for the Beta-PERT."""
    duration[:] = likely
    steps = tables.shape[1] - 1
    for j in range(len(spread)):
        a = spread[j]
        u = draws[j]
        if triangular:
            m = mode[a]
            share = np.sqrt(u * m) if u < m else 1.0 - np.sqrt((1.0 - u) * (1.0 - m))
        else:
            x = u * steps
            k = min(int(x), steps - 1)
            share = tables[row[a], k] + (x - k) * (tables[row[a], k + 1] - tables[row[a], k])
        duration[a] = low[a] + (high[a] - low[a]) * share
    for r in range(len(impact)):
        if happens[r]:
            for i in range(risk_start[r], risk_start[r + 1]):
                duration[risk_nodes[i]] += impact[r]


@njit(cache=True, nogil=True)
def _forward(start, duration, order, earliest, pred_start, pred, pred_edge, kind, lag, percent):  # type: ignore[no-untyped-def]
    end = -1e300
    for k in range(len(order)):
        a = order[k]
        best = earliest[a]
        for i in range(pred_start[a], pred_start[a + 1]):
            e, p = pred_edge[i], pred[i]
            best = max(best, start[p] + _gap(kind[e], lag[e], percent[e], duration[p], duration[a]))
        start[a] = best
        end = max(end, best + duration[a])
    return end


@njit(cache=True, nogil=True)
def _backward(late, start, duration, end, order, succ_start, succ, succ_edge, kind, lag, percent, critical):  # type: ignore[no-untyped-def]
    for k in range(len(order) - 1, -1, -1):
        a = order[k]
        best = end - duration[a]
        for i in range(succ_start[a], succ_start[a + 1]):
            e, s = succ_edge[i], succ[i]
            best = min(best, late[s] - _gap(kind[e], lag[e], percent[e], duration[a], duration[s]))
        late[a] = best
        if best - start[a] <= 1e-6:
            critical[a] += 1
