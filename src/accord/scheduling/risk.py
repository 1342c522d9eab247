"""Schedule risk: Monte Carlo simulation of a network whose durations are uncertain.

Each iteration draws every task's duration from its three-point estimate (triangular or
Beta-PERT), lets risk events happen with their probability (adding their impact to the tasks
they hit), and computes early and late starts. The random numbers are drawn in blocks of
iterations with numpy; the passes over the network run compiled (numba), one iteration after
another, and keep only what the report needs: the end, the watched finishes, how often each
node had no float, and the sums for the correlation of each duration with the end.

Times are working minutes. A link is a least distance between two starts, computed per
iteration from the drawn durations: finish-to-start is the predecessor's duration plus the lag,
start-to-start the lag, finish-to-finish the predecessor's duration plus the lag minus the
successor's, start-to-finish the lag minus the successor's duration; a percent lag is that share
of the predecessor's drawn duration.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.scheduling.topology import levels

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
BLOCK_CELLS = 4_000_000
"""Random numbers drawn at once (memory: one array of this many floats)."""


class Distribution(enum.Enum):
    TRIANGULAR = "triangular"
    PERT = "pert"


@dataclass(frozen=True)
class RiskEvent:
    name: str
    probability: float
    impact: float
    """Working minutes added to each of its nodes' durations when it happens."""
    nodes: tuple[int, ...]


@dataclass(frozen=True)
class Model:
    """What the simulation reads: per node its earliest start, its three-point duration (low =
    likely = high for a certain one) and any levelling delay, per edge its type, lag and whether
    the lag is a percentage."""

    earliest: F64
    low: F64
    likely: F64
    high: F64
    predecessor: I64
    successor: I64
    link_type: I64
    lag: F64
    percent: NDArray[np.bool_]
    risks: tuple[RiskEvent, ...] = ()
    delay: F64 | None = None
    """Per node: a levelling delay, in working minutes after what its links and its earliest
    start allow (as the schedule has it)."""

    @property
    def nodes(self) -> int:
        return len(self.earliest)


@dataclass(frozen=True)
class Simulation:
    iterations: int
    finish: F64
    """The end of the whole network in each iteration."""
    finishes: dict[str, F64]
    """The finish of each watched event (a milestone, a set of nodes) in each iteration."""
    criticality: F64
    """Per node: the share of iterations in which it had no float."""
    sensitivity: F64
    """Per node: correlation of its drawn duration with the end (0 where it has no spread)."""
    mean_duration: F64


def simulate(
    model: Model,
    iterations: int,
    *,
    seed: int = 0,
    distribution: Distribution = Distribution.TRIANGULAR,
    watch: Mapping[str, Sequence[int]] | None = None,
) -> Simulation:
    """Run `iterations` iterations; `watch` names sets of nodes whose latest finish to record."""
    from accord.scheduling import risk_passes as passes  # compiled: loaded when first needed

    if iterations < 1:
        raise ValueError("iterations must be at least 1")
    n = model.nodes
    rng = np.random.default_rng(seed)
    order = levels(n, model.predecessor, model.successor)
    if order.cycle:
        raise ValueError("the network has a cycle")
    topological = order.order
    pred_start, pred, pred_edge = _csr(n, model.successor, model.predecessor)
    names = list((watch or {}).keys())
    watch_start = np.zeros(len(names) + 1, dtype=np.int64)
    watch_start[1:] = np.cumsum([len((watch or {})[k]) for k in names])
    watch_nodes = np.asarray([v for k in names for v in (watch or {})[k]], dtype=np.int64)
    low, likely, high = (np.asarray(x, dtype=np.float64) for x in (model.low, model.likely, model.high))
    spread = np.flatnonzero(high > low)
    mode = np.where(high > low, (likely - low) / np.where(high > low, high - low, 1.0), 0.0)
    block = max(1, min(iterations, BLOCK_CELLS // max(len(spread), 1)))
    finish = np.empty(iterations)
    watched = np.empty((iterations, len(names)))
    critical = np.zeros(n)
    sums = np.zeros((3, n))  # sum of durations, of their squares, of duration × end
    # Each node's incoming links, their type, lag and lag format in the same order.
    pred_kind = np.asarray(model.link_type, dtype=np.int64)[pred_edge]
    pred_lag = np.asarray(model.lag, dtype=np.float64)[pred_edge]
    pred_percent = np.asarray(model.percent, dtype=np.bool_)[pred_edge]
    risk_start = np.zeros(len(model.risks) + 1, dtype=np.int64)
    risk_start[1:] = np.cumsum([len(r.nodes) for r in model.risks])
    risk_nodes = np.asarray([v for r in model.risks for v in r.nodes], dtype=np.int64)
    impact = np.asarray([r.impact for r in model.risks], dtype=np.float64)
    probability = np.asarray([r.probability for r in model.risks], dtype=np.float64)
    triangular = distribution is Distribution.TRIANGULAR
    delay = np.zeros(n) if model.delay is None else np.asarray(model.delay, dtype=np.float64)
    tables, row = _pert_quantiles(mode) if not triangular else (np.zeros((1, 2)), np.zeros(n, dtype=np.int64))
    for first in range(0, iterations, block):
        count = min(block, iterations - first)
        draws = rng.random((count, len(spread)))
        happens = rng.random((count, len(model.risks))) < probability
        passes.iterate(
            topological, np.asarray(model.earliest, dtype=np.float64), delay, low, likely, high, spread, mode, triangular, tables, row, draws,
            happens, impact, risk_start, risk_nodes,
            pred_start, pred, pred_kind, pred_lag, pred_percent,
            watch_start, watch_nodes,
            finish[first : first + count], watched[first : first + count], critical, sums,
        )  # fmt: skip
    finishes = {name: watched[:, k].copy() for k, name in enumerate(names)}
    mean = sums[0] / iterations
    correlation = _correlation(sums, finish, iterations)
    return Simulation(iterations, finish, finishes, critical / iterations, correlation, mean)


QUANTILES = 4096
"""Steps of a Beta-PERT quantile table; interpolating in it is exact to about 1e-6."""


def _pert_quantiles(mode: F64) -> tuple[F64, I64]:
    """For each distinct mode (as a share of the range), the quantiles of the Beta-PERT
    distribution over [0, 1]: shape parameters 1 + 4m and 1 + 4(1 - m), so that its mean is
    (low + 4 likely + high) / 6. The distribution function is integrated on a fine grid (the
    density is bounded: both parameters are at least 1) and inverted."""
    distinct, row = np.unique(np.round(mode, 9), return_inverse=True)
    grid = np.linspace(0.0, 1.0, 8 * QUANTILES + 1)
    probabilities = np.linspace(0.0, 1.0, QUANTILES + 1)
    tables = np.empty((len(distinct), QUANTILES + 1))
    for k, m in enumerate(distinct.tolist()):
        alpha, beta = 1 + 4 * m, 1 + 4 * (1 - m)
        with np.errstate(divide="ignore", invalid="ignore"):  # 0 × log 0 at the ends: density 0 or 1
            log_density = (alpha - 1) * np.log(grid) + (beta - 1) * np.log1p(-grid)
        density = np.exp(np.nan_to_num(log_density, nan=0.0, neginf=-np.inf))
        cumulative = np.concatenate([[0.0], np.cumsum((density[1:] + density[:-1]) / 2)])
        cumulative /= cumulative[-1]
        tables[k] = np.interp(probabilities, cumulative, grid)
    return tables, row.astype(np.int64)


def _csr(n: int, owner: I64, other: I64) -> tuple[I64, I64, I64]:
    """For each node, the other ends of its edges and the edges' indexes."""
    edge = np.argsort(owner, kind="stable").astype(np.int64)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=n), out=start[1:])
    return start, np.asarray(other, dtype=np.int64)[edge], edge


def _correlation(sums: F64, finish: F64, n: int) -> F64:
    x, xx, xy = sums[0] / n, sums[1] / n, sums[2] / n
    y, yy = float(finish.mean()), float((finish * finish).mean())
    spread_x = np.sqrt(np.maximum(xx - x * x, 0.0))
    spread_y = np.sqrt(max(yy - y * y, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        found = np.where((spread_x > 1e-9) & (spread_y > 1e-9), (xy - x * y) / (spread_x * spread_y), 0.0)
    result: F64 = np.clip(found, -1.0, 1.0)
    return result
