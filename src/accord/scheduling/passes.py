"""The arithmetic of one scheduling run: durations and links across calendars, in working time.

A link's candidate (forward) and bound (backward) are converted through clock time only where
the link joins two calendars or has an elapsed lag; the backward rule is the exact inverse of the
forward one, so a conversion's rounding never shows up as float.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from accord.scheduling.calendars import CompiledCalendars
from accord.scheduling.links import Links, LinksByLevel
from accord.scheduling.network import ELAPSED, FF, FS, PERCENT, SS, Network
from accord.scheduling.topology import Levels

I64 = NDArray[np.int64]


class Passes:
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
        self.any_elapsed = bool(network.elapsed.any())
        p, s = network.predecessor, network.successor
        percent_lag = network.lag_format == PERCENT
        lag_minutes = np.where(percent_lag, network.lag * network.duration[p] // 100, network.lag)
        lag_elapsed = (network.lag_format == ELAPSED) | (percent_lag & network.elapsed[p])
        self.edges = Links(
            index=np.arange(network.edges, dtype=np.int64),
            predecessor=p,
            successor=s,
            from_finish=(network.link_type == FS) | (network.link_type == FF),
            to_start=(network.link_type == FS) | (network.link_type == SS),
            convert=(c[p] != c[s]) | lag_elapsed,
            working_lag=np.where(lag_elapsed, 0, lag_minutes),
            elapsed_lag=np.where(lag_elapsed, lag_minutes, 0),
        )
        incoming = self.edges.take(order.in_edges)
        outgoing = self.edges.take(order.out_edges)
        self.incoming = LinksByLevel(incoming, order.in_bounds, incoming.successor, ~incoming.to_start)
        self.outgoing = LinksByLevel(outgoing, order.out_bounds, outgoing.predecessor, ~outgoing.from_finish)
        self.es = np.zeros(n, dtype=np.int64)
        self.ef = np.zeros(n, dtype=np.int64)
        self.ls = np.zeros(n, dtype=np.int64)
        self.lf = np.zeros(n, dtype=np.int64)

    # -- durations across calendars ---------------------------------------------------------------

    def finish_of(self, nodes: I64, start: I64) -> I64:
        finish: I64 = start + self.work[nodes]
        if self.any_elapsed:
            el = self.net.elapsed[nodes]
            if el.any():
                c = self.c[nodes][el]
                clock = self.cal.to_start(c, start[el]) + self.net.duration[nodes][el]
                finish[el] = self.cal.working(c, clock)
        return finish

    def start_of(self, nodes: I64, finish: I64) -> I64:
        start: I64 = finish - self.work[nodes]
        if self.any_elapsed:
            el = self.net.elapsed[nodes]
            if el.any():
                c = self.c[nodes][el]
                clock = self.cal.to_finish(c, np.maximum(finish[el], 0)) - self.net.duration[nodes][el]
                start[el] = self.cal.working(c, clock)
        return start

    # -- links ------------------------------------------------------------------------------------

    def candidates(self, e: Links, es: I64, ef: I64, conv: I64 | None = None, finish_type: I64 | None = None) -> I64:
        """For each link, the earliest start it allows its successor, in the successor's
        working time, given the predecessors' dates `es` and `ef`. `conv` and `finish_type` are
        the positions of converting and finish-type links, when already known."""
        p, s = e.predecessor, e.successor
        value = np.where(e.from_finish, ef[p], es[p])
        conv = np.flatnonzero(e.convert) if conv is None else conv
        if conv.size:
            cp, cs = self.c[p[conv]], self.c[s[conv]]
            v = value[conv]
            clock = np.where(e.from_finish[conv], self.cal.to_finish(cp, v), self.cal.to_start(cp, v))
            value[conv] = self.cal.working(cs, clock + e.elapsed_lag[conv])
        value += e.working_lag
        finish_type = np.flatnonzero(~e.to_start) if finish_type is None else finish_type
        if finish_type.size:
            value[finish_type] = self.start_of(s[finish_type], value[finish_type])
        return value

    def bounds(self, e: Links, ls: I64, lf: I64, conv: I64 | None = None, start_type: I64 | None = None) -> I64:
        """For each link, the latest finish it allows its predecessor, in the predecessor's
        working time, given the successors' dates `ls` and `lf`: the exact inverse of
        `candidates` (the latest predecessor date whose candidate stays within the successor's)."""
        p, s = e.predecessor, e.successor
        value = np.where(e.to_start, ls[s], lf[s]) - e.working_lag
        conv = np.flatnonzero(e.convert) if conv is None else conv
        if conv.size:
            cp, cs = self.c[p[conv]], self.c[s[conv]]
            # The latest clock time whose working time in the successor's calendar is at most
            # `value` is the start reading of `value`: working time stands still until then.
            clock = self.cal.to_start(cs, np.maximum(value[conv], 0)) - e.elapsed_lag[conv]
            clock = np.maximum(clock, 0)
            bound = self.cal.working(cp, clock)
            # A start reading must not pass `clock`: in a gap, the latest start is a minute earlier.
            from_start = ~e.from_finish[conv]
            if from_start.any():
                late = self.cal.to_start(cp[from_start], bound[from_start]) > clock[from_start]
                bound[from_start] -= late
            value[conv] = bound
        start_type = np.flatnonzero(~e.from_finish) if start_type is None else start_type
        if start_type.size:
            value[start_type] = self.finish_of(p[start_type], value[start_type])
        return value
