"""Invariants of the schedule on random networks, and agreement with a plain networkx longest path."""

from __future__ import annotations

import dataclasses
import datetime as dt

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.calendar import Calendar
from accord.scheduling.cpm import Driver, ScheduleStatus, schedule
from accord.scheduling.network import FF, FS, SF, SS
from tests.unit.scheduling_helpers import Net, calendars

CALENDARS = calendars(
    Calendar(key="NO", name="Norway", holiday_region="NO"), Calendar(key="SE", name="Sweden", holiday_region="SE")
)


@st.composite
def networks(draw: st.DrawFn, *, one_calendar: bool = False) -> Net:
    net = Net(cal=CALENDARS)
    size = draw(st.integers(1, 25))
    for _ in range(size):
        net.task(
            draw(st.sampled_from([0, 60, 240, 480, 960, 2400])), calendar=0 if one_calendar else draw(st.integers(0, 2))
        )
    if size > 1:
        pairs = draw(
            st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=3 * size, unique=True)
        )
        for a, b in pairs:
            if a < b:
                net.link(
                    a, b, draw(st.sampled_from([FS, SS, FF, SF])), draw(st.sampled_from([0, 0, 0, 120, 480, -240]))
                )
    return net


def working(net: Net, node_calendars: np.ndarray, clock: np.ndarray) -> np.ndarray:
    return net.cal.working(node_calendars, clock)


@settings(max_examples=150, deadline=None)
@given(networks())
def test_every_link_holds_and_every_start_is_as_early_as_allowed(net: Net) -> None:
    network = net.network()
    result = net.run()
    assert result.status is ScheduleStatus.SCHEDULED
    c = network.calendar
    es = working(net, c, result.early_start)
    ef = working(net, c, result.early_finish)
    # Durations are worked in full, in working time only.
    assert np.array_equal(ef - es, network.duration)
    positive = network.duration > 0
    starts = result.early_start[positive]
    index = np.searchsorted(net.cal.start_keys, c[positive] * (1 << 40) + starts, side="right") - 1
    assert np.all(net.cal.starts[index] <= starts) and np.all(starts < net.cal.ends[index]), (
        "a start in non-working time"
    )
    # Every link is satisfied, measured in the successor's working time.
    tight: set[int] = set()
    for e in range(network.edges):
        p, s, kind, lag = (
            int(network.predecessor[e]),
            int(network.successor[e]),
            int(network.link_type[e]),
            int(network.lag[e]),
        )
        # The predecessor's finish is read as the end of its last working minute, its start as
        # the beginning of its first (they differ for a milestone that ends a working day).
        if kind in (FS, FF):
            source_clock = net.cal.to_finish(c[[p]], ef[[p]])[0]
        else:
            source_clock = net.cal.to_start(c[[p]], es[[p]])[0]
        required = int(working(net, c[[s]], np.array([source_clock]))[0]) + lag
        actual = int(ef[s] if kind in (FF, SF) else es[s])
        assert actual >= required, (e, kind)
        if actual == required:
            tight.add(e)
    # Each start is bound by its driver: the project start, or a link that is tight.
    floor = working(net, c, network.earliest)
    for node in range(network.nodes):
        if result.driver[node] == Driver.START:
            assert es[node] == floor[node]
        else:
            assert result.driver[node] == Driver.LINK
            assert int(result.driving_link[node]) in tight
            assert network.successor[result.driving_link[node]] == node
            assert es[node] > floor[node]
    # Floats are consistent; with nothing constraining the finish the critical path has none.
    assert np.all(result.total_float >= 0)
    assert np.all(result.free_float <= result.total_float)
    last = int(np.argmax(result.early_finish))
    assert result.total_float[last] == 0 and result.critical[last]


@settings(max_examples=150, deadline=None)
@given(networks(one_calendar=True))
def test_early_dates_match_a_plain_longest_path(net: Net) -> None:
    network = net.network()
    result = net.run()
    graph = nx.DiGraph()
    graph.add_nodes_from(range(network.nodes))
    for e in range(network.edges):
        graph.add_edge(int(network.predecessor[e]), int(network.successor[e]))
    d = network.duration
    reference = {}
    for node in nx.topological_sort(graph):
        best = 0
        for e in range(network.edges):
            if network.successor[e] != node:
                continue
            p, kind, lag = int(network.predecessor[e]), int(network.link_type[e]), int(network.lag[e])
            candidate = {
                FS: reference[p] + d[p] + lag,
                SS: reference[p] + lag,
                FF: reference[p] + d[p] + lag - d[node],
                SF: reference[p] + lag - d[node],
            }[kind]
            best = max(best, candidate)
        reference[node] = best
    start = working(net, network.calendar, network.earliest)
    es = working(net, network.calendar, result.early_start)
    assert [int(x) for x in es - start] == [reference[i] for i in range(network.nodes)]


def test_the_horizon_is_long_enough_for_the_project() -> None:
    assert CALENDARS.last_day > dt.date(2030, 1, 1)


@settings(max_examples=100, deadline=None)
@given(networks(one_calendar=True), st.data())
def test_levelling_delays_add_to_the_plain_longest_path(net: Net, data: st.DataObject) -> None:
    plain = net.network()
    delay = np.asarray(data.draw(st.lists(st.sampled_from([0, 0, 480, 960]), min_size=plain.nodes, max_size=plain.nodes)))
    network = dataclasses.replace(plain, delay=delay)
    result = schedule(network, net.cal)
    d = network.duration
    reference: dict[int, int] = {}
    for node in range(network.nodes):  # nodes were added in link order: a < b for every link
        best = 0
        for e in np.flatnonzero(network.successor == node).tolist():
            p, kind, lag = int(network.predecessor[e]), int(network.link_type[e]), int(network.lag[e])
            best = max(best, {FS: reference[p] + d[p], SS: reference[p], FF: reference[p] + d[p] - d[node], SF: reference[p] - d[node]}[kind] + lag)
        reference[node] = best + int(delay[node])
    start = working(net, network.calendar, network.earliest)
    es = working(net, network.calendar, result.early_start)
    assert [int(x) for x in es - start] == [reference[i] for i in range(network.nodes)]
    assert np.all(result.total_float >= 0), "a delay uses float up, it never makes a task late"
    last = int(np.argmax(result.early_finish))
    assert result.total_float[last] == 0
