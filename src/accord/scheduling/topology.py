"""Ordering a network for the passes: levels of a topological order, or the cycle that prevents one.

Kahn's algorithm, one level at a time: every node of a level depends only on nodes of earlier
levels, so a pass can compute a whole level with array operations. No recursion anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

I64 = NDArray[np.int64]


@dataclass(frozen=True)
class Levels:
    level: I64
    """Level of each node; -1 for nodes on or behind a cycle."""
    order: I64
    """Nodes by level."""
    node_bounds: I64
    """`order[node_bounds[k]:node_bounds[k + 1]]` are the nodes of level k."""
    in_edges: I64
    """Edges by level of their successor, then successor."""
    in_bounds: I64
    out_edges: I64
    """Edges by level of their predecessor, then predecessor."""
    out_bounds: I64
    cycle: tuple[int, ...]
    """Nodes forming one dependency cycle, in link order; empty when there is none."""

    @property
    def count(self) -> int:
        return len(self.node_bounds) - 1


def _gather(pointer: I64, nodes: I64) -> I64:
    """Positions pointer[v]..pointer[v+1]-1 for every v in nodes, concatenated."""
    starts = pointer[nodes]
    counts = pointer[nodes + 1] - starts
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    run_starts = np.cumsum(counts) - counts
    positions: I64 = np.arange(total, dtype=np.int64) - np.repeat(run_starts - starts, counts)
    return positions


def levels(nodes: int, predecessor: I64, successor: I64) -> Levels:
    by_predecessor = np.argsort(predecessor, kind="stable")
    out_pointer = np.concatenate(([0], np.cumsum(np.bincount(predecessor, minlength=nodes)))).astype(np.int64)
    out_target = successor[by_predecessor]
    waiting = np.bincount(successor, minlength=nodes).astype(np.int64)
    level = np.full(nodes, -1, dtype=np.int64)
    frontier = np.flatnonzero(waiting == 0)
    depth = 0
    while frontier.size:
        level[frontier] = depth
        targets = out_target[_gather(out_pointer, frontier)]
        if targets.size == 0:
            break
        unique, counts = np.unique(targets, return_counts=True)
        waiting[unique] -= counts
        frontier = unique[waiting[unique] == 0]
        depth += 1
    placed = level >= 0
    order = np.argsort(np.where(placed, level, np.iinfo(np.int64).max), kind="stable")[: int(placed.sum())]
    count = int(level.max()) + 1 if placed.any() else 0
    node_bounds = np.searchsorted(level[order], np.arange(count + 1)).astype(np.int64)
    live = np.flatnonzero(placed[successor] & placed[predecessor])
    in_edges, in_bounds = _by_level(live, successor, level, nodes, count)
    out_edges, out_bounds = _by_level(live, predecessor, level, nodes, count)
    cycle = () if placed.all() else _find_cycle(nodes, predecessor, successor, placed)
    return Levels(level, order, node_bounds, in_edges, in_bounds, out_edges, out_bounds, cycle)


def _by_level(edges: I64, end: I64, level: I64, nodes: int, count: int) -> tuple[I64, I64]:
    """Edges sorted by the level of one of their ends, then by that end; and level bounds."""
    key = level[end[edges]] * nodes + end[edges]
    ordered = edges[np.argsort(key)]
    bounds = np.searchsorted(level[end[ordered]], np.arange(count + 1)).astype(np.int64)
    return ordered, bounds


def _find_cycle(nodes: int, predecessor: I64, successor: I64, placed: NDArray[np.bool_]) -> tuple[int, ...]:
    """Walk backwards through unplaced nodes: each has an unplaced predecessor, so a walk of at
    most `nodes` steps returns to a node it has seen, closing a cycle."""
    stuck = ~placed[predecessor] & ~placed[successor]
    back: dict[int, int] = {}
    for p, s in zip(predecessor[stuck].tolist(), successor[stuck].tolist(), strict=True):
        back.setdefault(s, p)
    node = int(np.flatnonzero(~placed)[0])
    seen: dict[int, int] = {}
    path: list[int] = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = back[node]
    loop = path[seen[node] :]
    return tuple(reversed(loop))
