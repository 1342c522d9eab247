"""Monte Carlo schedule risk: analytic means on chains, reproducible seeds, and with no spread
exactly the deterministic schedule, whatever the link types."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.scheduling.network import FF, FS, SF, SS
from accord.scheduling.risk import Distribution, Model, RiskEvent, simulate


def chain(n: int, low: float, likely: float, high: float) -> Model:
    return Model(
        earliest=np.zeros(n),
        low=np.full(n, low),
        likely=np.full(n, likely),
        high=np.full(n, high),
        predecessor=np.arange(n - 1),
        successor=np.arange(1, n),
        link_type=np.full(n - 1, FS),
        lag=np.zeros(n - 1),
        percent=np.zeros(n - 1, dtype=bool),
    )


@pytest.mark.parametrize(
    ("distribution", "mean"),
    [(Distribution.TRIANGULAR, (240 + 480 + 1440) / 3), (Distribution.PERT, (240 + 4 * 480 + 1440) / 6)],
)
def test_a_chain_of_independent_tasks_has_the_analytic_mean(distribution: Distribution, mean: float) -> None:
    found = simulate(chain(20, 240, 480, 1440), 10_000, seed=7, distribution=distribution)
    assert abs(found.finish.mean() / (20 * mean) - 1) < 0.005
    assert (found.criticality == 1).all(), "on a chain every task is always critical"
    assert (found.sensitivity > 0).all()


def test_a_seed_gives_the_same_futures_and_another_seed_others() -> None:
    model = chain(5, 100, 200, 900)
    first, again, other = (simulate(model, 500, seed=s) for s in (1, 1, 2))
    assert np.array_equal(first.finish, again.finish)
    assert not np.array_equal(first.finish, other.finish)


def test_a_risk_event_adds_its_impact_with_its_probability() -> None:
    model = chain(3, 480, 480, 480)
    risky = Model(**{**model.__dict__, "risks": (RiskEvent("late", 0.25, 960.0, (1,)),)})
    found = simulate(risky, 20_000, seed=3)
    assert set(np.unique(found.finish)) == {1440.0, 2400.0}
    assert abs((found.finish == 2400).mean() - 0.25) < 0.01


@st.composite
def networks(draw: st.DrawFn) -> tuple[Model, np.ndarray]:
    n = draw(st.integers(1, 12))
    duration = np.asarray(draw(st.lists(st.integers(0, 3000), min_size=n, max_size=n)), dtype=np.float64)
    edges = [e for e in draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n)) if e[0] < e[1]]
    kinds = draw(st.lists(st.sampled_from([FS, SS, FF, SF]), min_size=len(edges), max_size=len(edges)))
    lags = draw(st.lists(st.integers(-600, 1500), min_size=len(edges), max_size=len(edges)))
    percent = draw(st.lists(st.booleans(), min_size=len(edges), max_size=len(edges)))
    earliest = np.asarray(draw(st.lists(st.integers(0, 2000), min_size=n, max_size=n)), dtype=np.float64)
    delay = np.asarray(draw(st.lists(st.sampled_from([0, 0, 240, 960]), min_size=n, max_size=n)), dtype=np.float64)
    model = Model(
        earliest=earliest,
        low=duration,
        likely=duration,
        high=duration,
        predecessor=np.asarray([e[0] for e in edges], dtype=np.int64),
        successor=np.asarray([e[1] for e in edges], dtype=np.int64),
        link_type=np.asarray(kinds, dtype=np.int64),
        lag=np.asarray([abs(x) % 150 if p else x for x, p in zip(lags, percent, strict=True)], dtype=np.float64),
        percent=np.asarray(percent, dtype=bool),
        delay=delay if draw(st.booleans()) else None,
    )
    # The deterministic early starts, node by node (edges only go from lower to higher nodes),
    # each after its levelling delay.
    start = earliest.copy()
    for b in range(n):
        for (a, s), kind, lag, pct in zip(edges, kinds, model.lag.tolist(), percent, strict=True):
            if s != b:
                continue
            shift = lag / 100 * duration[a] if pct else lag
            gap = (duration[a] if kind in (FS, FF) else 0) + shift - (duration[b] if kind in (FF, SF) else 0)
            start[b] = max(start[b], start[a] + gap)
        if model.delay is not None:
            start[b] += delay[b]
    return model, start


@settings(max_examples=150, deadline=None)
@given(networks())
def test_without_spread_every_iteration_is_the_deterministic_schedule(case: tuple[Model, np.ndarray]) -> None:
    model, start = case
    found = simulate(model, 3, seed=1, watch={str(i): [i] for i in range(model.nodes)})
    end = float((start + model.likely).max())
    assert np.allclose(found.finish, end)
    for i in range(model.nodes):
        assert np.allclose(found.finishes[str(i)], start[i] + model.likely[i])
    # Critical: no float, read from late starts computed backwards here (a successor's
    # levelling delay asks its predecessors to be done that much earlier).
    delay = np.zeros(model.nodes) if model.delay is None else model.delay
    late = end - model.likely
    for a in range(model.nodes - 1, -1, -1):
        for p, s, kind, lag, pct in zip(model.predecessor, model.successor, model.link_type, model.lag, model.percent, strict=True):
            if p == a:
                shift = lag / 100 * model.likely[a] if pct else lag
                gap = (model.likely[a] if kind in (FS, FF) else 0) + shift - (model.likely[s] if kind in (FF, SF) else 0)
                late[a] = min(late[a], late[s] - delay[s] - gap)
    assert found.criticality.tolist() == (late - start <= 1e-6).astype(float).tolist()
