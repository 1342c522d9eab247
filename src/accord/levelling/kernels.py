"""The inner loops of levelling, compiled (numba): schedule generation and justification (the
activity lists they read, and the genetic operators on them: `accord.levelling.lists`).
Everything here works on plain arrays of a `Problem`.

A schedule is built from an activity list (every activity after its predecessors) by the serial
schedule generation scheme: each activity in turn starts at the earliest period at which its
predecessors allow it, its release has come, and every resource it needs has room for it in
every period it works. Every schedule of the problem that is "active" can be built this way
from some list, so searching lists searches the schedules worth having.

Calendars: `works[c, u]` is the work calendar c does in period u (its last column, every later
period: a usual day). An activity on calendar c starts in a period its calendar works and works
through the following periods, pausing in those its calendar does not work, until its duration
is done; it finishes in the period after the last it works in. A resource on calendar c
(`resource_calendar`, -1 for none: it works whenever its activities do) carries no load in a
period its calendar does not work. Where every entry of `works` is the same (`uniform`), an
activity of duration d simply occupies d periods.

The passes take a network as one tuple (`Problem.forward`, `Problem.backward`): durations,
needs (for each activity, the resources it needs and how much: `need_start`, `need`, `amount`),
capacities, releases, predecessors (`pred_start`, `pred`, `lag`, `after_finish`,
`to_finish`), calendars (`calendar`, `works`, `resource_calendar`), and which activities are
`fixed`: those start at their release whatever their predecessors and the resources say (a task
under way, or under a must-start-on date), booked before any other, so the others fit around
them. Each returns the starts and finishes;
finishes of length 0 say that the work area `usage` was too small for it (it is zeroed again
before returning, either way).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from accord.levelling.lists import ordered


@njit(cache=True, nogil=True)
def _column(works, u):  # type: ignore[no-untyped-def]
    """The column of `works` for period u: the last one for every period from it on."""
    last = works.shape[1] - 1
    return u if u < last else last


@njit(cache=True, nogil=True)
def _working(works, c, t):  # type: ignore[no-untyped-def]
    """The first period from t in which calendar c works."""
    while works[c, _column(works, t)] <= 0:
        t += 1
    return t


@njit(cache=True, nogil=True)
def _present(resource_calendar, works, r, u):  # type: ignore[no-untyped-def]
    """Whether resource r works in period u."""
    c = resource_calendar[r]
    return c < 0 or works[c, _column(works, u)] > 0


@njit(cache=True, nogil=True)
def finishes(start, duration, calendar, works):  # type: ignore[no-untyped-def]
    """The finish of each activity started in the period `start` says."""
    finish = np.empty(len(start), dtype=np.int64)
    for a in range(len(start)):
        finish[a] = _finish(works, calendar[a], duration[a], start[a])
    return finish


@njit(cache=True, nogil=True)
def _finish(works, c, d, t):  # type: ignore[no-untyped-def]
    """The finish of d units of work on calendar c started in period t."""
    while d > 0:
        d -= works[c, _column(works, t)]
        t += 1
    return t


@njit(cache=True, nogil=True)
def load(start, finish, needs, resources, calendar, works, resource_calendar):  # type: ignore[no-untyped-def]
    """The load of each resource in each period up to the last finish."""
    end = 0
    for a in range(len(start)):
        end = max(end, finish[a])
    usage = np.zeros((end, resources), dtype=np.int64)
    for a in range(len(start)):
        _book(a, start[a], finish[a], needs, calendar, works, resource_calendar, usage)
    return usage


@njit(cache=True, nogil=True)
def _book(a, t, f, needs, calendar, works, resource_calendar, usage):  # type: ignore[no-untyped-def]
    """Load activity a's resources in the periods it works from t to f."""
    need_start, need, amount = needs
    c = calendar[a]
    for u in range(t, f):
        if works[c, _column(works, u)] > 0:
            for j in range(need_start[a], need_start[a + 1]):
                if _present(resource_calendar, works, need[j], u):
                    usage[u, need[j]] += amount[j]


@njit(cache=True, nogil=True)
def _book_fixed(start, finish, net, usage):  # type: ignore[no-untyped-def]
    """Place and book every fixed activity at its release; the last finish (-1 if the work area
    is too small)."""
    duration, needs, _, release, _, _, _, _, _, calendar, works, resource_calendar, fixed = net
    end = 0
    for a in range(len(start)):
        if fixed[a]:
            f = _finish(works, calendar[a], duration[a], release[a])
            if f > usage.shape[0]:
                usage[:, :] = 0
                return -1
            _book(a, release[a], f, needs, calendar, works, resource_calendar, usage)
            start[a] = release[a]
            finish[a] = f
            end = max(end, f)
    return end


@njit(cache=True, nogil=True)
def _clash(a, t, duration, needs, capacity, calendar, works, resource_calendar, usage):  # type: ignore[no-untyped-def]
    """Started in period t, the first period in which activity a would find a resource full
    (-1 if none; -2 if it would run past the work area), and its finish."""
    need_start, need, amount = needs
    c, left, u = calendar[a], duration[a], t
    while left > 0:
        if u >= usage.shape[0]:
            return -2, u
        w = works[c, _column(works, u)]
        if w > 0:
            for j in range(need_start[a], need_start[a + 1]):
                r = need[j]
                if usage[u, r] + amount[j] > capacity[r] and _present(resource_calendar, works, r, u):
                    return u, u
            left -= w
        u += 1
    return -1, u


ANY_TIME = 1 << 62
"""A start as late as need be: no limit to `_room`."""


@njit(cache=True, nogil=True)
def _room(a, t, last, duration, needs, capacity, calendar, works, resource_calendar, usage):  # type: ignore[no-untyped-def]
    """The first period from t and no later than `last`, in which activity a's calendar works,
    from which a has room in every period it works, and its finish from there; -1 if none by
    `last`, -2 if it would run past the work area."""
    t = _working(works, calendar[a], t)
    while t <= last:
        clash, f = _clash(a, t, duration, needs, capacity, calendar, works, resource_calendar, usage)
        if clash < 0:
            return (t, f) if clash == -1 else (-2, f)
        t = _working(works, calendar[a], clash + 1)
    return -1, t


@njit(cache=True, nogil=True)
def _finishing(works, c, d, x):  # type: ignore[no-untyped-def]
    """The earliest start from which d units of work on calendar c finish no earlier than x."""
    if d <= 0:
        return x
    u, done = x - 2, 0
    while u >= 0:  # finishing at x or later: less than d done in the periods before x - 1
        done += works[c, _column(works, u)]
        if done >= d:
            return u + 1
        u -= 1
    return 0


@njit(cache=True, nogil=True)
def _earliest(a, start, finish, net):  # type: ignore[no-untyped-def]
    """The earliest period a's release and scheduled predecessors allow; -1 while a
    predecessor is not scheduled (a start of -1)."""
    duration, _, _, release, pred_start, pred, lag, after_finish, to_finish, calendar, works, _, _ = net
    t = release[a]  # (fixed activities are placed before the others: never asked)
    for i in range(pred_start[a], pred_start[a + 1]):
        p = pred[i]
        if start[p] < 0:
            return -1
        at = (finish[p] if after_finish[i] else start[p]) + lag[i]
        if to_finish[i]:
            at = _finishing(works, calendar[a], duration[a], at)
        if at > t:
            t = at
    return t


@njit(cache=True, nogil=True)
def allowed(start, finish, net):  # type: ignore[no-untyped-def]
    """For each activity, the earliest period its release and its predecessors, where `start`
    and `finish` have them, allow it to start (links to its finish included)."""
    found = np.empty(len(start), dtype=np.int64)
    for a in range(len(start)):
        found[a] = _earliest(a, start, finish, net)
    return found


@njit(cache=True, nogil=True)
def serial(order, net, usage):  # type: ignore[no-untyped-def]
    """Starts and finishes of the serial schedule of `order`. Activity a starts (or, where
    `to_finish[i]`, finishes) no earlier than `lag[i]` periods after the finish (where
    `after_finish[i]`) or the start of its predecessor `pred[i]`."""
    duration, needs, capacity, _, _, _, _, _, _, calendar, works, resource_calendar, fixed = net
    n = len(order)
    start = np.zeros(n, dtype=np.int64)
    finish = np.zeros(n, dtype=np.int64)
    end = _book_fixed(start, finish, net, usage)
    if end < 0:
        return start, finish[:0]
    for k in range(n):
        a = order[k]
        if fixed[a]:
            continue
        t = _earliest(a, start, finish, net)
        f = t
        if duration[a] > 0:
            t, f = _room(a, t, ANY_TIME, duration, needs, capacity, calendar, works, resource_calendar, usage)
            if t == -2:
                usage[:, :] = 0
                return start, finish[:0]
            _book(a, t, f, needs, calendar, works, resource_calendar, usage)
            end = max(end, f)
        start[a] = t
        finish[a] = f
    usage[:end, :] = 0
    return start, finish


@njit(cache=True, nogil=True)
def reversed_works(works, end):  # type: ignore[no-untyped-def]
    """`works` in reversed time from period `end`: reversed period u is period end - 1 - u."""
    found = np.empty((works.shape[0], end + 1), dtype=np.int64)
    for u in range(end):
        found[:, u] = works[:, _column(works, end - 1 - u)]
    found[:, end] = works[:, works.shape[1] - 1]
    return found


@njit(cache=True, nogil=True)
def _reversed(backward, end, finish):  # type: ignore[no-untyped-def]
    """`backward` (the network in reversed time, save its calendars) reversed from period `end`:
    its calendars, and its fixed activities, which end in reversed time where they start (their
    `finish` in forward time)."""
    b = backward
    release = b[3].copy()
    for a in range(len(release)):
        if b[12][a]:
            release[a] = end - finish[a]
    return (b[0], b[1], b[2], release, b[4], b[5], b[6], b[7], b[8], b[9], reversed_works(b[10], end), b[11], b[12])


@njit(cache=True, nogil=True)
def justify(start, finish, forward, backward, usage):  # type: ignore[no-untyped-def]
    """Double justification: every activity as late as the makespan allows (latest finish
    first), then every activity as early as possible (earliest of those starts first). Returns
    the new starts and finishes; the caller keeps whichever schedule is shorter. `backward` is
    the network in reversed time, save its calendars: reversed here from the makespan."""
    pred_start, pred, succ_start, succ = forward[4], forward[5], backward[4], backward[5]
    end = 0
    for a in range(len(start)):
        end = max(end, finish[a])
    reverse = _reversed(backward, end, finish)
    _, reversed_finish = serial(ordered(-finish, succ_start, succ, pred_start, pred), reverse, usage)
    if len(reversed_finish) == 0:
        return start, reversed_finish
    return serial(ordered(end - reversed_finish, pred_start, pred, succ_start, succ), forward, usage)


@njit(cache=True, nogil=True)
def late(order, end, forward, backward, uniform, usage, delay):  # type: ignore[no-untyped-def]
    """Starts and finishes, in reversed time from period `end`, of the serial schedule of
    `order` (or, where `delay` is 0 or more, its parallel schedule with that window), a list of
    the network in reversed time (every activity after its successors): each activity as late
    as its successors and the resources allow. Releases do not hold in reversed time; fixed
    activities stay where they are. Takes the same work area as `serial`."""
    duration, _, _, release, _, _, _, _, _, calendar, works, _, fixed = forward
    finish = np.zeros(len(order), dtype=np.int64)
    for a in range(len(order)):
        if fixed[a]:
            finish[a] = _finish(works, calendar[a], duration[a], release[a])
            end = max(end, finish[a])
    reverse = _reversed(backward, end, finish)
    if delay >= 0:
        return parallel(order, reverse, uniform, usage, delay)
    return serial(order, reverse, usage)


@njit(cache=True, nogil=True)
def parallel(order, net, uniform, usage, delay):  # type: ignore[no-untyped-def]
    """Starts and finishes of the parallel schedule of `order` with a window of `delay`
    periods: at each decision time t, in list order, every activity whose predecessors allow it
    by t + delay and that has room from a period its calendar works by then starts in the first
    such period from t. With no window (0), a non-delay schedule: what can start at t starts at
    t. With a window as long as the plan, the serial schedule. Between the two lie the
    parameterized active schedules of Gonçalves, Mendes and Resende (2008): an activity may
    start a little later than the decision time, so it no longer waits for the next one while
    another takes its place. The next decision time is the next finish, the next time a waiting
    activity's predecessors allow it, or (unless every period is alike) the next period a
    waiting activity's calendar works. Takes the same work area as `serial`."""
    duration, needs, capacity, release, _, _, _, _, _, calendar, works, resource_calendar, fixed = net
    n = len(order)
    start = np.full(n, -1, dtype=np.int64)
    finish = np.full(n, -1, dtype=np.int64)
    end = _book_fixed(start, finish, net, usage)
    if end < 0:
        return start, finish[:0]
    done = 0
    for a in range(n):
        done += fixed[a]
    t = release[0] if n else 0  # the first decision time: the earliest release
    for a in range(1, n):
        t = min(t, release[a])
    while done < n:
        last = t + delay
        for k in range(n):
            a = order[k]
            if start[a] >= 0:
                continue
            s = _earliest(a, start, finish, net)
            if not 0 <= s <= last:
                continue
            s = max(s, t)
            f = s
            if duration[a] > 0:
                s, f = _room(a, s, last, duration, needs, capacity, calendar, works, resource_calendar, usage)
                if s == -2:
                    usage[:, :] = 0
                    return start, finish[:0]
                if s < 0:
                    continue
                _book(a, s, f, needs, calendar, works, resource_calendar, usage)
                end = max(end, f)
            start[a] = s
            finish[a] = f
            done += 1
        t = _next_decision(t, start, finish, net, uniform)
    usage[:end, :] = 0
    return start, finish


@njit(cache=True, nogil=True)
def _next_decision(t, start, finish, net, uniform):  # type: ignore[no-untyped-def]
    """The next time after `t` something can change: a finish, a waiting activity allowed, or
    (where periods differ) a waiting activity's next working period."""
    duration, _, _, _, _, _, _, _, _, calendar, works, _, _ = net
    following = -1
    for a in range(len(start)):
        if start[a] >= 0:
            at = finish[a]
        else:
            at = _earliest(a, start, finish, net)
            if 0 <= at <= t and duration[a] > 0 and not uniform:
                at = _working(works, calendar[a], t + 1)
        if at > t and (following < 0 or at < following):
            following = at
    return following if following > t else t + 1
