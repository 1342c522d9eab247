"""The critical path method over compiled arrays: forward pass, backward pass, floats, drivers.

All arithmetic is in working minutes of each node's own calendar (`CompiledCalendars.working`);
a link converts through clock time only where it joins two calendars or has an elapsed lag.
Both passes walk the topological levels and compute each level with array operations.

Conventions (those of MS Project):
- a lag in working time counts in the successor's calendar; a percentage lag is a share of the
  predecessor's duration;
- tasks honour their constraints: a must-start-on date or a start/finish-no-later-than date
  wins over a link, and the conflict shows as negative float;
- a deadline never moves a task; missing it shows as negative float;
- work not done is scheduled after the status date; an as-late-as-possible task finishes as late
  as its successors' scheduled dates allow.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.scheduling.calendars import CompiledCalendars
from accord.scheduling.network import (
    ALAP,
    ELAPSED,
    FF,
    FNET,
    FNLT,
    FS,
    MFO,
    MSO,
    NO_TIME,
    PERCENT,
    SNET,
    SNLT,
    SS,
    Network,
)
from accord.scheduling.topology import Levels, levels

I64 = NDArray[np.int64]
BIG = np.int64(1) << np.int64(60)


class ScheduleStatus(enum.Enum):
    SCHEDULED = "scheduled"
    """Every link, constraint and deadline is met."""
    CONFLICTS = "conflicts"
    """Scheduled, but some constraints, deadlines or links conflict: negative float shows where."""
    CYCLE = "cycle"
    """Not scheduled: links form a loop (`Schedule.cycle` names its nodes)."""


class Driver(enum.IntEnum):
    """What fixes a node's early start."""

    START = 0
    """The project's start."""
    LINK = 1
    """A link from a predecessor (`Schedule.driving_link`)."""
    CONSTRAINT = 2
    STATUS_DATE = 3
    ACTUAL = 4
    """The actual start reported."""


@dataclass(frozen=True)
class Schedule:
    status: ScheduleStatus
    early_start: I64
    """Clock minutes; NO_TIME everywhere when the status is CYCLE."""
    early_finish: I64
    late_start: I64
    late_finish: I64
    total_float: I64
    """Working minutes of the node's calendar; negative where something conflicts."""
    free_float: I64
    critical: NDArray[np.bool_]
    driver: NDArray[np.int8]
    driving_link: I64
    """Edge index of the driving link, or -1."""
    finish: int
    """The latest early finish, clock minutes."""
    violated_links: I64
    """Edges whose successor is scheduled earlier than the link allows (a constraint won)."""
    cycle: tuple[int, ...] = ()


class _Passes:
    """Working state of one scheduling run."""

    def __init__(self, network: Network, calendars: CompiledCalendars, order: Levels) -> None:
        self.net = network
        self.cal = calendars
        self.levels = order
        c = network.calendar
        self.c = c
        n = network.nodes
        # Working duration of each node in its own calendar; elapsed ones are converted per use.
        self.work = np.where(network.elapsed, 0, network.duration)
        p, s = network.predecessor, network.successor
        percent_lag = network.lag_format == PERCENT
        lag_minutes = np.where(percent_lag, network.lag * network.duration[p] // 100, network.lag)
        lag_elapsed = (network.lag_format == ELAPSED) | (percent_lag & network.elapsed[p])
        self.working_lag = np.where(lag_elapsed, 0, lag_minutes)
        self.elapsed_lag = np.where(lag_elapsed, lag_minutes, 0)
        self.convert = (c[p] != c[s]) | lag_elapsed
        self.from_finish = (network.link_type == FS) | (network.link_type == FF)
        self.to_start = (network.link_type == FS) | (network.link_type == SS)
        self.es = np.zeros(n, dtype=np.int64)
        self.ef = np.zeros(n, dtype=np.int64)
        self.ls = np.zeros(n, dtype=np.int64)
        self.lf = np.zeros(n, dtype=np.int64)

    # -- durations across calendars ---------------------------------------------------------------

    def finish_of(self, nodes: I64, start: I64) -> I64:
        finish = start + self.work[nodes]
        el = self.net.elapsed[nodes]
        if el.any():
            c = self.c[nodes][el]
            clock = self.cal.to_start(c, start[el]) + self.net.duration[nodes][el]
            finish[el] = self.cal.working(c, clock)
        return finish

    def start_of(self, nodes: I64, finish: I64) -> I64:
        start = finish - self.work[nodes]
        el = self.net.elapsed[nodes]
        if el.any():
            c = self.c[nodes][el]
            clock = self.cal.to_finish(c, np.maximum(finish[el], 0)) - self.net.duration[nodes][el]
            start[el] = self.cal.working(c, clock)
        return start

    # -- links ------------------------------------------------------------------------------------

    def candidates(self, edges: I64, es: I64, ef: I64) -> I64:
        """For each edge, the earliest start its link allows its successor, in the successor's
        working time, given the predecessors' dates `es` and `ef`."""
        p = self.net.predecessor[edges]
        s = self.net.successor[edges]
        from_finish = self.from_finish[edges]
        value = np.where(from_finish, ef[p], es[p])
        conv = self.convert[edges]
        if conv.any():
            cp, cs = self.c[p][conv], self.c[s][conv]
            v = value[conv]
            clock = np.where(from_finish[conv], self.cal.to_finish(cp, v), self.cal.to_start(cp, v))
            value[conv] = self.cal.working(cs, clock + self.elapsed_lag[edges][conv])
        value += self.working_lag[edges]
        finish_type = ~self.to_start[edges]
        if finish_type.any():
            value[finish_type] = self.start_of(s[finish_type], value[finish_type])
        return value

    def bounds(self, edges: I64, ls: I64, lf: I64) -> I64:
        """For each edge, the latest finish its link allows its predecessor, in the predecessor's
        working time, given the successors' dates `ls` and `lf`: the exact inverse of
        `candidates` (the latest predecessor date whose candidate stays within the successor's)."""
        p = self.net.predecessor[edges]
        s = self.net.successor[edges]
        to_start = self.to_start[edges]
        value = np.where(to_start, ls[s], lf[s]) - self.working_lag[edges]
        conv = self.convert[edges]
        if conv.any():
            cp, cs = self.c[p][conv], self.c[s][conv]
            # The latest clock time whose working time in the successor's calendar is at most
            # `value` is the start reading of `value`: working time stands still until then.
            clock = self.cal.to_start(cs, np.maximum(value[conv], 0)) - self.elapsed_lag[edges][conv]
            clock = np.maximum(clock, 0)
            bound = self.cal.working(cp, clock)
            # A start reading must not pass `clock`: in a gap, the latest start is a minute earlier.
            from_start = ~self.from_finish[edges][conv]
            if from_start.any():
                late = self.cal.to_start(cp[from_start], bound[from_start]) > clock[from_start]
                bound[from_start] -= late
            value[conv] = bound
        start_type = ~self.from_finish[edges]
        if start_type.any():
            value[start_type] = self.finish_of(p[start_type], value[start_type])
        return value


def _segments(keys: I64) -> tuple[I64, I64]:
    """Start positions of runs of equal keys in a sorted array, and the keys."""
    if keys.size == 0:
        return np.empty(0, dtype=np.int64), keys
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return starts, keys[starts]


def schedule(network: Network, calendars: CompiledCalendars) -> Schedule:
    """Schedule a network. Raises `HorizonExceeded` when a date falls outside the calendars."""
    order = levels(network.nodes, network.predecessor, network.successor)
    if order.cycle:
        empty = np.full(network.nodes, NO_TIME, dtype=np.int64)
        return Schedule(
            ScheduleStatus.CYCLE,
            empty,
            empty,
            empty,
            empty,
            np.zeros_like(empty),
            np.zeros_like(empty),
            np.zeros(network.nodes, dtype=bool),
            np.zeros(network.nodes, dtype=np.int8),
            np.full(network.nodes, -1, dtype=np.int64),
            0,
            np.empty(0, dtype=np.int64),
            order.cycle,
        )
    run = _Passes(network, calendars, order)
    net, cal, c = network, calendars, run.c
    n = net.nodes
    everything = np.arange(n, dtype=np.int64)

    def w(times: I64, nodes: I64 = everything) -> I64:
        return cal.working(c[nodes], times)

    def w_where(times: I64) -> tuple[NDArray[np.bool_], I64]:
        """Working time of the times that are given (others 0), converting only those."""
        given = times != NO_TIME
        found = np.zeros(n, dtype=np.int64)
        if given.any():
            found[given] = cal.working(c[given], times[given])
        return given, found

    # Lower bounds on the start, and what sets them.
    start = w(net.earliest)
    driver = np.full(n, Driver.START, dtype=np.int8)
    has_status, status_w = w_where(net.status_time)
    not_started = net.actual_start == NO_TIME
    later = has_status & not_started & (status_w > start)
    start = np.where(later, status_w, start)
    driver[later] = Driver.STATUS_DATE
    _, constraint_w = w_where(net.constraint_time)
    lower = np.full(n, -BIG, dtype=np.int64)
    upper = np.full(n, BIG, dtype=np.int64)
    fixed = np.full(n, -BIG, dtype=np.int64)
    kind = net.constraint
    constraint_start = constraint_w.copy()  # the start a finish constraint implies
    by_finish = np.flatnonzero((kind == FNET) | (kind == FNLT) | (kind == MFO))
    if by_finish.size:
        constraint_start[by_finish] = run.start_of(by_finish, constraint_w[by_finish])
    lower = np.where((kind == SNET) | (kind == FNET), constraint_start, lower)
    upper = np.where((kind == SNLT) | (kind == FNLT), constraint_start, upper)
    fixed = np.where((kind == MSO) | (kind == MFO), constraint_start, fixed)
    floor = start.copy()  # nothing starts before the project (or, if not started, the status date)
    raised = lower > start
    start = np.where(raised, lower, start)
    driver[raised] = Driver.CONSTRAINT
    _, actual_start_w = w_where(net.actual_start)
    finished, actual_finish_w = w_where(net.actual_finish)
    driving_link = np.full(n, -1, dtype=np.int64)
    es, ef = run.es, run.ef
    es[:] = start
    candidates = np.zeros(net.edges, dtype=np.int64)  # what each link asked of its successor

    # Forward pass.
    for k in range(order.count):
        nodes = order.order[order.node_bounds[k] : order.node_bounds[k + 1]]
        edges = order.in_edges[order.in_bounds[k] : order.in_bounds[k + 1]]
        if edges.size:
            candidate = run.candidates(edges, es, ef)
            candidates[edges] = candidate
            seg, targets = _segments(net.successor[edges])
            best = np.maximum.reduceat(candidate, seg)
            wins = best > es[targets]
            es[targets] = np.where(wins, best, es[targets])
            driver[targets[wins]] = Driver.LINK
            # The first edge reaching the maximum drives its successor.
            hit = candidate == es[net.successor[edges]]
            driven, first = np.unique(net.successor[edges][hit], return_index=True)
            driving_link[driven] = np.where(driver[driven] == Driver.LINK, edges[hit][first], driving_link[driven])
        capped = es[nodes] > np.maximum(upper[nodes], floor[nodes])
        if capped.any():
            es[nodes[capped]] = np.maximum(upper[nodes[capped]], floor[nodes[capped]])
            driver[nodes[capped]] = Driver.CONSTRAINT
        pinned = fixed[nodes] > -BIG
        if pinned.any():
            es[nodes[pinned]] = fixed[nodes[pinned]]
            driver[nodes[pinned]] = Driver.CONSTRAINT
        started = ~not_started[nodes]
        if started.any():
            es[nodes[started]] = actual_start_w[nodes[started]]
            driver[nodes[started]] = Driver.ACTUAL
        ef[nodes] = run.finish_of(nodes, es[nodes])
        if started.any():
            _progress(run, nodes[started], finished, actual_finish_w, status_w, has_status)
    not_link = driver != Driver.LINK
    driving_link[not_link] = -1

    # Project finish, then the backward pass.
    finish_clock = _finish_clock(run, everything)
    project_finish = int(finish_clock.max()) if n else 0
    lf = w(np.full(n, project_finish, dtype=np.int64))
    has_deadline, deadline_w = w_where(net.deadline)
    lf = np.where(has_deadline, np.minimum(lf, deadline_w), lf)
    lf = np.where(kind == FNLT, np.minimum(lf, constraint_w), lf)
    by_start = np.flatnonzero(kind == SNLT)
    if by_start.size:
        lf[by_start] = np.minimum(lf[by_start], run.finish_of(by_start, constraint_w[by_start]))
    pinned_all = (fixed > -BIG) | finished
    lf = np.where(pinned_all, np.minimum(lf, ef), lf)
    run.lf[:] = lf
    _backward(run, run.es, run.ef, run.lf, run.ls)
    ls, lf = run.ls, run.lf

    # As late as possible: finish as late as the successors' scheduled dates allow.
    if np.any(kind == ALAP):
        _as_late_as_possible(run, kind == ALAP, project_finish)
        finish_clock = _finish_clock(run, everything)

    total_float = np.where(finished, 0, ls - es)  # work that is done has no float to give
    if np.any(kind == ALAP):  # predecessors moved: ask the links again
        candidates = run.candidates(np.arange(net.edges, dtype=np.int64), es, ef)
    slack = es[net.successor] - candidates
    free = w(np.full(n, project_finish, dtype=np.int64)) - ef
    if net.edges:
        np.minimum.at(free, net.predecessor, slack)
    free_float = np.maximum(np.minimum(free, total_float), 0)
    violated = np.flatnonzero(slack < 0)
    complete = finished
    critical = (total_float <= 0) & ~complete
    status = ScheduleStatus.CONFLICTS if (np.any(total_float < 0) or violated.size) else ScheduleStatus.SCHEDULED
    start_clock = _start_clock(run, everything, driver)
    return Schedule(
        status=status,
        early_start=start_clock,
        early_finish=finish_clock,
        late_start=cal.to_start(c, np.maximum(ls, 0)),
        late_finish=cal.to_finish(c, np.maximum(lf, 0)),
        total_float=total_float,
        free_float=free_float,
        critical=critical,
        driver=driver,
        driving_link=driving_link,
        finish=int(finish_clock.max()) if n else 0,
        violated_links=violated,
    )


def _progress(
    run: _Passes,
    nodes: I64,
    finished: NDArray[np.bool_],
    actual_finish_w: I64,
    status_w: I64,
    has_status: NDArray[np.bool_],
) -> None:
    """Started nodes: finished ones keep their actual finish; the rest of the work follows the
    status date (or what was done, if later)."""
    net = run.net
    done = finished[nodes]
    run.ef[nodes[done]] = actual_finish_w[nodes[done]]
    going = nodes[~done]
    if going.size:
        worked = run.work[going] * net.percent_complete[going] // 100
        remaining = run.work[going] - worked
        resume = run.es[going] + worked
        resume = np.where(has_status[going], np.maximum(resume, status_w[going]), resume)
        run.ef[going] = resume + remaining


def _backward(run: _Passes, es: I64, ef: I64, lf: I64, ls: I64) -> None:
    """Late dates: walk the levels backwards, each node finishing as late as its successors allow."""
    order, net = run.levels, run.net
    for k in reversed(range(order.count)):
        nodes = order.order[order.node_bounds[k] : order.node_bounds[k + 1]]
        edges = order.out_edges[order.out_bounds[k] : order.out_bounds[k + 1]]
        if edges.size:
            bound = run.bounds(edges, ls, lf)
            seg, sources = _segments(net.predecessor[edges])
            lf[sources] = np.minimum(lf[sources], np.minimum.reduceat(bound, seg))
        ls[nodes] = run.start_of(nodes, lf[nodes])


def _as_late_as_possible(run: _Passes, alap: NDArray[np.bool_], project_finish: int) -> None:
    order, net = run.levels, run.net
    es, ef = run.es, run.ef
    for k in reversed(range(order.count)):
        nodes = order.order[order.node_bounds[k] : order.node_bounds[k + 1]]
        nodes = nodes[alap[nodes]]
        if nodes.size == 0:
            continue
        latest = run.cal.working(run.c[nodes], np.full(nodes.size, project_finish, dtype=np.int64))
        edges = order.out_edges[order.out_bounds[k] : order.out_bounds[k + 1]]
        edges = edges[alap[net.predecessor[edges]]]
        if edges.size:
            bound = run.bounds(edges, es, ef)
            seg, sources = _segments(net.predecessor[edges])
            limits = np.minimum.reduceat(bound, seg)
            at = np.minimum(np.searchsorted(sources, nodes), sources.size - 1)
            linked = sources[at] == nodes
            latest = np.where(linked, np.minimum(latest, limits[at]), latest)
        latest = np.minimum(latest, run.lf[nodes])
        move = latest > ef[nodes]
        if move.any():
            moved = nodes[move]
            ef[moved] = latest[move]
            es[moved] = run.start_of(moved, ef[moved])


def _finish_clock(run: _Passes, nodes: I64) -> I64:
    finish: I64 = run.cal.to_finish(run.c[nodes], np.maximum(run.ef[nodes], 0))
    return finish


def _start_clock(run: _Passes, nodes: I64, driver: NDArray[np.int8]) -> I64:
    """A zero-length node reached by a link sits at its predecessor's finish (Monday 17:00),
    not at the next working morning; everything else starts at a working instant."""
    es = np.maximum(run.es[nodes], 0)
    zero = (run.ef[nodes] == run.es[nodes]) & (driver[nodes] == Driver.LINK)
    start: I64 = np.where(zero, run.cal.to_finish(run.c[nodes], es), run.cal.to_start(run.c[nodes], es))
    return start
