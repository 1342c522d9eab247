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
  as its successors' scheduled dates allow;
- a levelling delay starts a task that much working time later than it could (and holds an
  as-late-as-possible task there); a negative one (an advance, only on an as-late-as-possible
  task) has it finish that much before as late as it could.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.scheduling.calendars import CompiledCalendars
from accord.scheduling.links import LinksByLevel, segments
from accord.scheduling.network import (
    ALAP,
    FNET,
    FNLT,
    MFO,
    MSO,
    NO_TIME,
    SNET,
    SNLT,
    Network,
)
from accord.scheduling.passes import Passes
from accord.scheduling.topology import levels

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


def schedule(network: Network, calendars: CompiledCalendars) -> Schedule:
    """Schedule a network. Raises `HorizonExceeded` when a date falls outside the calendars."""
    order = levels(network.nodes, network.predecessor, network.successor)
    if order.cycle:
        return _unscheduled(network.nodes, order.cycle)
    run = Passes(network, calendars, order)
    net, cal, c = network, calendars, run.c
    everything = np.arange(net.nodes, dtype=np.int64)
    known = _Knowns(run)
    driver, driving_link, candidates = _forward(run, known)

    finish_clock = _finish_clock(run, everything)
    project_finish = int(finish_clock.max()) if net.nodes else 0
    run.lf[:] = _latest_finish(run, known, project_finish)
    _backward(run, run.es, run.ef, run.lf, run.ls)
    es, ef, ls, lf = run.es, run.ef, run.ls, run.lf

    alap = net.constraint == ALAP
    if net.delay is not None:
        alap &= net.delay <= 0  # a levelling delay holds the task where it puts it
    if alap.any():
        _as_late_as_possible(run, alap, project_finish)
        finish_clock = _finish_clock(run, everything)
        candidates = run.candidates(run.edges, es, ef)  # predecessors moved

    total_float = np.where(known.finished, 0, ls - es)  # work that is done has no float to give
    slack = es[net.successor] - candidates
    free = cal.working(c, np.full(net.nodes, project_finish, dtype=np.int64)) - ef
    if net.edges:
        np.minimum.at(free, net.predecessor, slack)
    violated = np.flatnonzero(slack < 0)
    start_clock = _start_clock(run, everything, driver)
    instant = (ef == es) & (net.actual_finish == NO_TIME)  # a milestone finishes when it starts
    finish_clock = np.where(instant, start_clock, finish_clock)
    conflicts = bool(np.any(total_float < 0) or violated.size)
    return Schedule(
        status=ScheduleStatus.CONFLICTS if conflicts else ScheduleStatus.SCHEDULED,
        early_start=start_clock,
        early_finish=finish_clock,
        late_start=cal.to_start(c, np.maximum(ls, 0)),
        late_finish=cal.to_finish(c, np.maximum(lf, 0)),
        total_float=total_float,
        free_float=np.maximum(np.minimum(free, total_float), 0),
        critical=(total_float <= 0) & ~known.finished,
        driver=driver,
        driving_link=driving_link,
        finish=int(finish_clock.max()) if net.nodes else 0,
        violated_links=violated,
    )


def _unscheduled(nodes: int, cycle: tuple[int, ...]) -> Schedule:
    empty = np.full(nodes, NO_TIME, dtype=np.int64)
    return Schedule(
        ScheduleStatus.CYCLE,
        empty,
        empty,
        empty,
        empty,
        np.zeros_like(empty),
        np.zeros_like(empty),
        np.zeros(nodes, dtype=bool),
        np.zeros(nodes, dtype=np.int8),
        np.full(nodes, -1, dtype=np.int64),
        0,
        np.empty(0, dtype=np.int64),
        cycle,
    )


class _Knowns:
    """What is fixed before the passes, in working time: bounds from the project start, the
    status date and constraints, and the progress reported."""

    def __init__(self, run: Passes) -> None:
        net, n = run.net, run.net.nodes
        self.start = run.cal.working(run.c, net.earliest)
        self.driver = np.full(n, Driver.START, dtype=np.int8)
        self.has_status, self.status = self._working(run, net.status_time)
        self.not_started = net.actual_start == NO_TIME
        later = self.has_status & self.not_started & (self.status > self.start)
        self.start = np.where(later, self.status, self.start)
        self.driver[later] = Driver.STATUS_DATE
        self.floor = self.start.copy()  # nothing starts before the project (or the status date)
        _, self.constraint = self._working(run, net.constraint_time)
        kind = net.constraint
        implied = self.constraint.copy()  # the start a finish constraint implies
        by_finish = np.flatnonzero((kind == FNET) | (kind == FNLT) | (kind == MFO))
        if by_finish.size:
            implied[by_finish] = run.start_of(by_finish, self.constraint[by_finish])
        lower = np.where((kind == SNET) | (kind == FNET), implied, -BIG)
        self.upper = np.where((kind == SNLT) | (kind == FNLT), implied, BIG)
        self.fixed = np.where((kind == MSO) | (kind == MFO), implied, -BIG)
        raised = lower > self.start
        self.start = np.where(raised, lower, self.start)
        self.driver[raised] = Driver.CONSTRAINT
        _, self.actual_start = self._working(run, net.actual_start)
        self.finished, self.actual_finish = self._working(run, net.actual_finish)

    @staticmethod
    def _working(run: Passes, times: I64) -> tuple[NDArray[np.bool_], I64]:
        """Working time of the times that are given (0 elsewhere), converting only those."""
        given = times != NO_TIME
        found = np.zeros(len(times), dtype=np.int64)
        if given.any():
            found[given] = run.cal.working(run.c[given], times[given])
        return given, found


def _forward(run: Passes, known: _Knowns) -> tuple[NDArray[np.int8], I64, I64]:
    """Early dates, level by level; then the drivers, driving links and each link's candidate
    start, for all nodes at once."""
    net, order, incoming = run.net, run.levels, run.incoming
    es, ef = run.es, run.ef
    es[:] = known.start
    asked = np.zeros(net.edges, dtype=np.int64)  # in the order of run.incoming
    capping = bool(np.any(known.upper < BIG))
    pinning = bool(np.any(known.fixed > -BIG))
    starting = bool(np.any(~known.not_started))
    delay = net.waits
    for k in range(order.count):
        nodes = order.order[order.node_bounds[k] : order.node_bounds[k + 1]]
        level = incoming.level(k)
        if level is not None:
            candidate = run.candidates(level.edges, es, ef, level.converted, level.other_end)
            asked[int(incoming.bounds[k]) : int(incoming.bounds[k + 1])] = candidate
            es[level.nodes] = np.maximum(es[level.nodes], np.maximum.reduceat(candidate, level.groups))
        if delay is not None:  # levelling: a task starts this much later than it could
            es[nodes] += delay[nodes]
        if capping:
            ceiling = np.maximum(known.upper[nodes], known.floor[nodes])
            es[nodes] = np.minimum(es[nodes], np.maximum(ceiling, known.start[nodes]))
        if pinning:
            pinned = nodes[known.fixed[nodes] > -BIG]
            es[pinned] = known.fixed[pinned]
        if starting:
            started = nodes[~known.not_started[nodes]]
            es[started] = known.actual_start[started]
        ef[nodes] = run.finish_of(nodes, es[nodes])
        if starting and started.size:
            _progress(run, started, known)
    return (*_drivers(run, known, asked), _unordered(incoming, asked))


def _drivers(run: Passes, known: _Knowns, asked: I64) -> tuple[NDArray[np.int8], I64]:
    """What fixed each early start: a link (the first one that asked for it), a constraint, an
    actual start, the status date or the project start."""
    net, incoming, es = run.net, run.incoming, run.es
    driver = known.driver.copy()
    driving_link = np.full(net.nodes, -1, dtype=np.int64)
    waits = net.waits
    could = es if waits is None else es - waits  # before any levelling delay
    if net.edges:
        targets = incoming.group_nodes
        best = np.maximum.reduceat(asked, incoming.groups)
        by_link = targets[(best > known.start[targets]) & (best == could[targets])]
        driver[by_link] = Driver.LINK
        hit = np.where(asked == could[incoming.edges.successor], np.arange(net.edges), net.edges)
        first = np.minimum.reduceat(hit, incoming.groups)
        linked = first < net.edges
        driving_link[targets[linked]] = incoming.edges.index[first[linked]]
    overridden = could != np.maximum(known.start, _best_per_node(run, asked))
    driver[overridden | (known.fixed > -BIG)] = Driver.CONSTRAINT
    driver[~known.not_started] = Driver.ACTUAL
    driving_link[driver != Driver.LINK] = -1
    return driver, driving_link


def _best_per_node(run: Passes, asked: I64) -> I64:
    best = np.full(run.net.nodes, -BIG, dtype=np.int64)
    if run.net.edges:
        best[run.incoming.group_nodes] = np.maximum.reduceat(asked, run.incoming.groups)
    return best


def _unordered(order: LinksByLevel, values: I64) -> I64:
    """Values given in a pass's order, put back in the network's order of links."""
    found = np.empty_like(values)
    found[order.edges.index] = values
    return found


def _latest_finish(run: Passes, known: _Knowns, project_finish: int) -> I64:
    """Where the backward pass starts: the project finish, tightened by deadlines, no-later-than
    constraints, pinned dates and finished work."""
    net = run.net
    kind = net.constraint
    lf = run.cal.working(run.c, np.full(net.nodes, project_finish, dtype=np.int64))
    has_deadline, deadline = _Knowns._working(run, net.deadline)
    lf = np.where(has_deadline, np.minimum(lf, deadline), lf)
    lf = np.where(kind == FNLT, np.minimum(lf, known.constraint), lf)
    by_start = np.flatnonzero(kind == SNLT)
    if by_start.size:
        lf[by_start] = np.minimum(lf[by_start], run.finish_of(by_start, known.constraint[by_start]))
    pinned = (known.fixed > -BIG) | known.finished
    return np.where(pinned, np.minimum(lf, run.ef), lf)


def _progress(run: Passes, nodes: I64, known: _Knowns) -> None:
    """Started nodes: finished ones keep their actual finish; the rest of the work follows the
    status date (or what was done, if later)."""
    net = run.net
    done = known.finished[nodes]
    run.ef[nodes[done]] = known.actual_finish[nodes[done]]
    going = nodes[~done]
    if going.size:
        worked = run.work[going] * net.percent_complete[going] // 100
        remaining = run.work[going] - worked
        resume = run.es[going] + worked
        resume = np.where(known.has_status[going], np.maximum(resume, known.status[going]), resume)
        run.ef[going] = resume + remaining


def _backward(run: Passes, es: I64, ef: I64, lf: I64, ls: I64) -> None:
    """Late dates: walk the levels backwards, each node finishing as late as its successors allow
    (a successor levelling delays asks its predecessors to be done that much before its start)."""
    order, delay = run.levels, run.net.waits
    asked_start = ls if delay is None else np.empty_like(ls)
    for k in reversed(range(order.count)):
        nodes = order.order[order.node_bounds[k] : order.node_bounds[k + 1]]
        level = run.outgoing.level(k)
        if level is not None:
            bound = run.bounds(level.edges, asked_start, lf, level.converted, level.other_end)
            lf[level.nodes] = np.minimum(lf[level.nodes], np.minimum.reduceat(bound, level.groups))
        ls[nodes] = run.start_of(nodes, lf[nodes])
        if delay is not None:
            asked_start[nodes] = ls[nodes] - delay[nodes]


def _as_late_as_possible(run: Passes, alap: NDArray[np.bool_], project_finish: int) -> None:
    """Nodes as late as possible finish as late as their successors' dates and the project's
    finish allow, less any levelling advance; never before their early finish."""
    order, advances = run.levels, run.net.advances
    es, ef = run.es, run.ef
    for k in reversed(range(order.count)):
        nodes = order.order[order.node_bounds[k] : order.node_bounds[k + 1]]
        nodes = nodes[alap[nodes]]
        if nodes.size == 0:
            continue
        latest = run.cal.working(run.c[nodes], np.full(nodes.size, project_finish, dtype=np.int64))
        outgoing = run.outgoing
        e = outgoing.edges.part(int(outgoing.bounds[k]), int(outgoing.bounds[k + 1]))
        e = e.take(np.flatnonzero(alap[e.predecessor]))
        if e.index.size:
            bound = run.bounds(e, es, ef)
            seg, sources = segments(e.predecessor)
            limits = np.minimum.reduceat(bound, seg)
            at = np.minimum(np.searchsorted(sources, nodes), sources.size - 1)
            linked = sources[at] == nodes
            latest = np.where(linked, np.minimum(latest, limits[at]), latest)
        latest = np.minimum(latest, run.lf[nodes])
        if advances is not None:
            latest -= advances[nodes]
        move = latest > ef[nodes]
        if move.any():
            moved = nodes[move]
            ef[moved] = latest[move]
            es[moved] = run.start_of(moved, ef[moved])


def _finish_clock(run: Passes, nodes: I64) -> I64:
    """Finish readings; an elapsed task ends its duration after its start, on the clock; a
    finish reported is kept as reported."""
    finish: I64 = run.cal.to_finish(run.c[nodes], np.maximum(run.ef[nodes], 0))
    if run.any_elapsed:
        elapsed = nodes[run.net.elapsed[nodes]]
        if elapsed.size:
            start = run.cal.to_start(run.c[elapsed], np.maximum(run.es[elapsed], 0))
            finish[np.flatnonzero(run.net.elapsed[nodes])] = start + run.net.duration[elapsed]
    reported = run.net.actual_finish[nodes]
    return np.where(reported != NO_TIME, reported, finish)


def _start_clock(run: Passes, nodes: I64, driver: NDArray[np.int8]) -> I64:
    """Start readings. A zero-length node reached by a link sits at its predecessor's finish
    (Monday 17:00), not at the next working morning; a start reported is kept as reported."""
    es = np.maximum(run.es[nodes], 0)
    start: I64 = run.cal.to_start(run.c[nodes], es)
    zero = run.ef[nodes] == run.es[nodes]
    by_link = zero & (driver[nodes] == Driver.LINK)
    start = np.where(by_link, run.cal.to_finish(run.c[nodes], es), start)
    reported = run.net.actual_start[nodes]
    return np.where(reported != NO_TIME, reported, start)
