"""The compiled inner loops of the Monte Carlo simulation (see `risk.py`): per iteration, draw
the durations, add the risks that happen, run the forward pass, find the nodes without float,
and add to the sums the report needs."""

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
    order, earliest, delay, low, likely, high, spread, mode, triangular, tables, row, draws,
    happens, impact, risk_start, risk_nodes,
    pred_start, pred, pred_kind, pred_lag, pred_percent,
    watch_start, watch_nodes, finish, watched, critical, sums,
):  # fmt: skip
    """One iteration after another: draw the durations, add the risks that happen, then the
    forward pass and the nodes without float, and keep what the report needs."""
    n = len(earliest)
    duration = np.empty(n)
    start = np.empty(n)
    on = np.zeros(n, dtype=np.bool_)
    for it in range(draws.shape[0]):
        _durations(
            duration, low, likely, high, spread, mode, triangular, tables, row, draws[it], happens[it], impact, risk_start, risk_nodes
        )
        end = _forward(start, duration, order, earliest, delay, pred_start, pred, pred_kind, pred_lag, pred_percent)
        finish[it] = end
        _critical(on, start, duration, delay, end, order, pred_start, pred, pred_kind, pred_lag, pred_percent, critical)
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
def _forward(start, duration, order, earliest, delay, pred_start, pred, kind, lag, percent):  # type: ignore[no-untyped-def]
    """Early starts (a levelling delay after what the links and the earliest start allow); the end."""
    end = -1e300
    for k in range(len(order)):
        a = order[k]
        best = earliest[a]
        for i in range(pred_start[a], pred_start[a + 1]):
            p = pred[i]
            best = max(best, start[p] + _gap(kind[i], lag[i], percent[i], duration[p], duration[a]))
        start[a] = best + delay[a]
        end = max(end, start[a] + duration[a])
    return end


@njit(cache=True, nogil=True)
def _critical(on, start, duration, delay, end, order, pred_start, pred, kind, lag, percent, critical):  # type: ignore[no-untyped-def]
    """Count the nodes without float: those that end the network, and, going backwards, every
    predecessor a link holds tight against one of them (its levelling delay aside) — the same
    nodes as a backward pass would find with late dates equal to early ones, at a fraction of
    its cost (only the predecessors of critical nodes are read)."""
    for k in range(len(order) - 1, -1, -1):
        a = order[k]
        if start[a] + duration[a] >= end - 1e-6:
            on[a] = True
        if not on[a]:
            continue
        on[a] = False  # cleared for the next iteration
        critical[a] += 1
        allowed = start[a] - delay[a]
        for i in range(pred_start[a], pred_start[a + 1]):
            p = pred[i]
            if start[p] + _gap(kind[i], lag[i], percent[i], duration[p], duration[a]) >= allowed - 1e-6:
                on[p] = True
