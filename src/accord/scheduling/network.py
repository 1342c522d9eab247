"""A project network as flat arrays: what the critical path method reads.

Nodes are tasks (and the start and finish events of summary tasks); edges are links. Clock
times are minutes since the calendars' epoch; `NO_TIME` marks an absent time. Durations are
minutes of working time of the node's calendar, or of clock time where `elapsed` is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]
NO_TIME = np.iinfo(np.int64).min

# Link types and lag formats, as stored in `Network.link_type` and `Network.lag_format`.
FS, SS, FF, SF = 0, 1, 2, 3
WORKING, ELAPSED, PERCENT = 0, 1, 2

# Constraint codes, as stored in `Network.constraint`.
ASAP, ALAP, SNET, SNLT, FNET, FNLT, MSO, MFO = range(8)


@dataclass(frozen=True)
class Network:
    duration: I64
    elapsed: NDArray[np.bool_]
    calendar: I64
    earliest: I64
    """No start before this clock time (the project's start)."""
    constraint: NDArray[np.int8]
    constraint_time: I64
    deadline: I64
    actual_start: I64
    actual_finish: I64
    percent_complete: I64
    status_time: I64
    """Work not done is scheduled from this clock time (the project's status date)."""
    predecessor: I64
    successor: I64
    link_type: NDArray[np.int8]
    lag: I64
    """Minutes (working or elapsed) or percent of the predecessor's duration."""
    lag_format: NDArray[np.int8]
    delay: I64 | None = None
    """Working minutes of levelling delay added to each node's early start (None: none); a node as
    late as possible with one stays there. Negative only on a node as late as possible: an
    advance, which has it finish that much before as late as it could (as MS Project applies a
    negative levelling delay: from the finish)."""

    @property
    def nodes(self) -> int:
        return len(self.duration)

    @property
    def edges(self) -> int:
        return len(self.predecessor)

    @cached_property
    def waits(self) -> I64 | None:
        """The levelling delays that start nodes later than they could (the positive ones)."""
        return None if self.delay is None else np.maximum(self.delay, 0)

    @cached_property
    def advances(self) -> I64 | None:
        """Working minutes by which nodes as late as possible finish before as late as they could
        (the negative levelling delays, made positive)."""
        return None if self.delay is None else np.maximum(-self.delay, 0)

    def __post_init__(self) -> None:
        n, m = self.nodes, self.edges
        for name in (
            "elapsed",
            "calendar",
            "earliest",
            "constraint",
            "constraint_time",
            "deadline",
            "actual_start",
            "actual_finish",
            "percent_complete",
            "status_time",
        ):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} has {len(getattr(self, name))} entries for {n} nodes")
        if self.delay is not None and len(self.delay) != n:
            raise ValueError(f"delay has {len(self.delay)} entries for {n} nodes")
        if self.delay is not None and np.any((self.delay < 0) & (self.constraint != ALAP)):
            raise ValueError("a negative levelling delay (an advance) is only for a node as late as possible")
        for name in ("successor", "link_type", "lag", "lag_format"):
            if len(getattr(self, name)) != m:
                raise ValueError(f"{name} has {len(getattr(self, name))} entries for {m} links")
        if m and (
            self.predecessor.min() < 0
            or self.successor.min() < 0
            or max(self.predecessor.max(), self.successor.max()) >= n
        ):
            raise ValueError("a link names a node that does not exist")
        if np.any(self.duration < 0):
            raise ValueError("a duration is negative")
