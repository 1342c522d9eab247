"""Links as the passes read them: flat arrays in one order, cut into topological levels, with
the positions each level needs worked out once instead of per level."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]


@dataclass(frozen=True)
class Links:
    """Links with what the passes read of them, in one order; `part` slices without copying."""

    index: I64
    """The links' numbers in the network."""
    predecessor: I64
    successor: I64
    from_finish: NDArray[np.bool_]
    """The link leaves from its predecessor's finish (FS, FF)."""
    to_start: NDArray[np.bool_]
    """The link reaches its successor's start (FS, SS)."""
    convert: NDArray[np.bool_]
    """The link joins two calendars or has an elapsed lag: it converts through clock time."""
    working_lag: I64
    elapsed_lag: I64

    def part(self, low: int, high: int) -> Links:
        return Links(*(getattr(self, f)[low:high] for f in self.__dataclass_fields__))

    def take(self, positions: I64) -> Links:
        return Links(*(getattr(self, f)[positions] for f in self.__dataclass_fields__))


@dataclass(frozen=True)
class LinkLevel:
    """The links of one level, with local positions precomputed."""

    edges: Links
    converted: I64
    """Positions of links that convert through clock time."""
    other_end: I64
    """Positions of links that reach the far end of the node they group by: finish-type links
    in the forward pass, start-type links in the backward pass."""
    groups: I64
    """Positions where each node's links begin."""
    nodes: I64
    """The node of each group."""


class LinksByLevel:
    """Links in one pass's order (by level, then by the node they group by), cut into levels."""

    def __init__(self, edges: Links, bounds: I64, group_by: I64, other_end: NDArray[np.bool_]) -> None:
        self.edges = edges
        self.bounds = bounds
        size = len(group_by)
        self.groups = np.flatnonzero(np.concatenate(([True], group_by[1:] != group_by[:-1]))) if size else group_by
        self.group_nodes = group_by[self.groups]
        self.converted = np.flatnonzero(edges.convert)
        self.other_end = np.flatnonzero(other_end)
        self._converted_bounds = np.searchsorted(self.converted, bounds)
        self._other_bounds = np.searchsorted(self.other_end, bounds)
        self._group_bounds = np.searchsorted(self.groups, bounds)

    def level(self, k: int) -> LinkLevel | None:
        low, high = int(self.bounds[k]), int(self.bounds[k + 1])
        if high == low:
            return None
        c0, c1 = self._converted_bounds[k], self._converted_bounds[k + 1]
        o0, o1 = self._other_bounds[k], self._other_bounds[k + 1]
        g0, g1 = self._group_bounds[k], self._group_bounds[k + 1]
        return LinkLevel(
            edges=self.edges.part(low, high),
            converted=self.converted[c0:c1] - low,
            other_end=self.other_end[o0:o1] - low,
            groups=self.groups[g0:g1] - low,
            nodes=self.group_nodes[g0:g1],
        )


def segments(keys: I64) -> tuple[I64, I64]:
    """Start positions of runs of equal keys in a sorted array, and the keys."""
    if keys.size == 0:
        return np.empty(0, dtype=np.int64), keys
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return starts, keys[starts]
