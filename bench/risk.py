"""Monte Carlo schedule risk at scale: the simulation engine on a generated network.

A network of N tasks (default 10,000) in work streams of 500 running side by side, about two
links per task of all four types (30% with lags), three-point estimates on every task, and a
few risk events; then `simulate` runs I iterations (default 10,000). Target (issue: levelling
and risk): 10,000 tasks × 10,000 iterations in at most 5 s.

    python bench/risk.py [--tasks N] [--iterations I] [--distribution triangular|pert]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from accord.scheduling.network import FF, FS, SF, SS
from accord.scheduling.risk import Distribution, Model, RiskEvent, simulate

STREAM = 500


def network(tasks: int, seed: int = 5) -> Model:
    rng = np.random.default_rng(seed)
    likely = rng.choice([480.0, 960.0, 2400.0, 4800.0], size=tasks)
    predecessor, successor = [], []
    for i in range(tasks):
        first = i - i % STREAM
        if i > first:
            for p in sorted(set(rng.integers(max(first, i - 20), i, size=int(rng.integers(1, 4))).tolist())):
                predecessor.append(p)
                successor.append(i)
    m = len(predecessor)
    kind = rng.choice([FS, FS, FS, SS, FF, SF], size=m)
    lag = np.where(rng.random(m) < 0.3, rng.choice([-480.0, 480.0, 960.0], size=m), 0.0)
    risks = tuple(
        RiskEvent(f"R{k}", 0.2, 4800.0, tuple(rng.integers(0, tasks, size=5).tolist())) for k in range(20)
    )
    return Model(
        earliest=np.zeros(tasks),
        low=likely * 0.8,
        likely=likely,
        high=likely * 1.6,
        predecessor=np.asarray(predecessor, dtype=np.int64),
        successor=np.asarray(successor, dtype=np.int64),
        link_type=kind.astype(np.int64),
        lag=lag,
        percent=np.zeros(m, dtype=bool),
        risks=risks,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--distribution", default="triangular", choices=[d.value for d in Distribution])
    arguments = parser.parse_args()
    model = network(arguments.tasks)
    shape = Distribution(arguments.distribution)
    times = []
    for run in range(3):
        if run == 2:
            tracemalloc.start()
        started = time.perf_counter()
        found = simulate(model, arguments.iterations, seed=run, distribution=shape)
        times.append(time.perf_counter() - started)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    p10, p50, p90 = np.percentile(found.finish, [10, 50, 90]) / 480
    print(f"{arguments.tasks:,} tasks, {len(model.predecessor):,} links, {arguments.iterations:,} iterations ({shape.value})")
    print(f"finish in working days: P10 {p10:.1f}, P50 {p50:.1f}, P90 {p90:.1f}")
    print(f"simulate: best {min(times[:2]):.2f} s, worst {max(times[:2]):.2f} s; peak traced memory {peak / 2**20:.0f} MB")
    print(f"target 5 s: {'met' if min(times[:2]) <= 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
