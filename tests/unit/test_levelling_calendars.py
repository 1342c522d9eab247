"""Levelling with calendars: work pauses on its calendar's days off, a part day does part of a
day's work, a resource carries no load on its own days off — checked against a plain reading of
those rules, written here apart from the engine."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.errors import UnavailableError
from accord.levelling.exact import solve
from accord.levelling.problem import I64, Problem
from accord.levelling.search import Rule, Search


def work(works: I64, calendar: int, period: int) -> int:
    return int(works[calendar, min(period, works.shape[1] - 1)])


def worked_periods(problem: Problem, a: int, start: int) -> tuple[list[int], int]:
    """The periods activity a works in from `start`, and its finish (the period after)."""
    left, period, periods = int(problem.duration[a]), start, []
    while left > 0:
        done = work(problem.works, int(problem.calendar[a]), period)
        if done:
            periods.append(period)
            left -= done
        period += 1
    return periods, period


def check(problem: Problem, start: I64) -> None:
    """Every rule of a levelled schedule with calendars, read plainly. A fixed activity starts
    at its release, whatever its links; the others keep every link and, together, the capacities
    (which fixed activities alone may exceed: then nothing else is booked there)."""
    finish = {}
    load: dict[tuple[int, int], int] = {}
    movable: set[tuple[int, int]] = set()
    for a in range(problem.size):
        periods, finish[a] = worked_periods(problem, a, int(start[a]))
        assert start[a] >= problem.release[a]
        if problem.fixed[a]:
            assert start[a] == problem.release[a], "a fixed activity starts at its release"
        elif problem.duration[a]:
            assert work(problem.works, int(problem.calendar[a]), int(start[a])) > 0, "starts on a working period"
        for period in periods:
            for r in range(len(problem.capacity)):
                owner = int(problem.resource_calendar[r])
                if problem.demand[a, r] and (owner < 0 or work(problem.works, owner, period) > 0):
                    load[period, r] = load.get((period, r), 0) + int(problem.demand[a, r])
                    if not problem.fixed[a]:
                        movable.add((period, r))
    for b in range(problem.size):
        for i in range(int(problem.pred_start[b]), int(problem.pred_start[b + 1])):
            p = int(problem.pred[i])
            origin = finish[p] if problem.after_finish[i] else int(start[p])
            if not problem.fixed[b]:
                assert (finish[b] if problem.to_finish[i] else start[b]) >= origin + problem.lag[i], (p, b)
    for (period, r), used in load.items():
        assert used <= problem.capacity[r] or (period, r) not in movable
    assert problem.feasible(start)
    assert problem.finish(start).tolist() == [finish[a] for a in range(problem.size)]


@st.composite
def problems(draw: st.DrawFn, most: int = 12) -> Problem:
    n = draw(st.integers(2, most))
    calendars = draw(st.integers(1, 3))
    periods = draw(st.integers(1, 12))
    # Work per period of each calendar (days off, part days), then its usual day (every later one).
    works = [[*draw(st.lists(st.integers(0, 3), min_size=periods, max_size=periods)), draw(st.integers(1, 3))] for _ in range(calendars)]
    resources = draw(st.integers(1, 3))
    capacity = draw(st.lists(st.integers(1, 5), min_size=resources, max_size=resources))
    demand = [[draw(st.integers(0, c)) for c in capacity] for _ in range(n)]
    edges = draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(-3, 4), st.sampled_from(["FS", "SS", "FF", "SF"])), max_size=2 * n)
    )
    return Problem.of(
        draw(st.lists(st.integers(0, 7), min_size=n, max_size=n)),
        demand,
        capacity,
        [e for e in edges if e[0] < e[1]],
        release=draw(st.lists(st.integers(0, 4), min_size=n, max_size=n)),
        calendar=draw(st.lists(st.integers(0, calendars - 1), min_size=n, max_size=n)),
        works=works,
        resource_calendar=draw(st.lists(st.integers(-1, calendars - 1), min_size=resources, max_size=resources)),
        fixed=draw(st.lists(st.booleans(), min_size=n, max_size=n)) if draw(st.booleans()) else None,
    )


@settings(max_examples=150, deadline=None)
@given(problems())
def test_every_schedule_keeps_to_the_calendars_and_justification_never_lengthens_it(problem: Problem) -> None:
    search = Search(problem)
    early, late = problem.unconstrained()
    none = np.zeros(0, dtype=np.int64)
    check(dataclasses.replace(problem, demand=np.zeros((problem.size, 0)), capacity=none, resource_calendar=none), early)
    if len(set(problem.works[problem.works > 0].tolist())) == 1 and not problem.fixed.any():  # days off, no part days
        assert (late >= early).all(), "(a fixed activity may come before its predecessors: negative slack)"
    for rule in Rule:
        start = search.schedule(search.rule_list(rule))
        check(problem, start)
        for window in (0, 2):
            check(problem, search.schedule(search.rule_list(rule), window=window))
        assert search.schedule(search.rule_list(rule), window=problem.horizon()).tolist() == start.tolist()
        better = search.justify(start)
        check(problem, better)
        assert search.lower_bound <= search.makespan(better) <= search.makespan(start)
        backward = search.backward_schedule(search.activity_list(better, backward=True), search.makespan(better))
        check(problem, search.left_justified(backward))
    found = search.genetic(schedules=60, seed=3)
    check(problem, found.start)


def test_work_pauses_on_its_calendars_day_off_and_a_part_day_does_part_of_the_work() -> None:
    # One person; period 2 is a day off; period 4 a half day (2 of 4 units of work).
    works = [[4, 4, 0, 4, 2, 4, 4, 4]]
    problem = Problem.of([10, 8], [[1], [1]], [1], [], works=works)
    search = Search(problem)
    start = search.schedule(np.asarray([0, 1]))
    assert start.tolist() == [0, 4]
    assert problem.finish(start).tolist() == [4, 7], "the first pauses over the day off; the second does 2 + 4 + 4"
    assert search.makespan(start) == 7
    assert problem.usage(start)[:, 0].tolist() == [1, 1, 0, 1, 1, 1, 1]


def test_a_resource_carries_no_load_on_its_own_days_off() -> None:
    # The first task works every period (others work on it too); its person (calendar 1) is
    # away in periods 1-2. The second is the person's alone (on the person's calendar): it
    # cannot use the days away, nor the first's days with the person.
    works = [[1, 1, 1, 1, 1, 1], [1, 0, 0, 1, 1, 1]]
    problem = Problem.of([4, 1], [[1], [1]], [1], [], calendar=[0, 1], works=works, resource_calendar=[1])
    start = Search(problem).schedule(np.asarray([0, 1]))
    assert problem.usage(start)[:, 0].tolist() == [1, 0, 0, 1, 1]
    assert start.tolist() == [0, 4], "the second fits nowhere while the first holds the person"
    check(problem, start)


def shortest(problem: Problem) -> int:
    """The shortest makespan of a serial schedule, trying every activity list. Where no link
    lets an activity start before its predecessor (finish-to-start and start-to-start links
    without leads), every schedule starts its activities in the order of some list, so the
    serial scheme builds the shortest schedule of all, calendars or not; with the other links it
    may miss it (an activity finishing with another may need to start before it)."""
    search = Search(problem)
    before = [set(problem.predecessors(a).tolist()) for a in range(problem.size)]
    lists = (o for o in itertools.permutations(range(problem.size)) if all(before[a] <= set(o[:k]) for k, a in enumerate(o)))
    return min(search.makespan(search.schedule(np.asarray(o, dtype=np.int64))) for o in lists)


@settings(max_examples=60, deadline=None)
@given(problems(most=6))
def test_exact_levelling_with_calendars_proves_the_shortest_schedule(problem: Problem) -> None:
    hint = Search(problem).genetic(schedules=30, seed=1)
    solved = solve(problem, hint=hint.start, time_limit=20)
    check(problem, solved.start)
    assert solved.proven and solved.makespan == solved.bound <= shortest(problem) <= hint.makespan
    if not problem.to_finish.any() and (problem.lag >= 0).all():
        assert solved.makespan == shortest(problem)
    assert int(problem.finish(solved.start).max(initial=0)) == solved.makespan


def test_exact_levelling_with_calendars_beats_a_poor_hint_and_refuses_what_it_cannot_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.levelling import exact

    # Two people's work, weekends off, a person away in periods 7-8 on a calendar of their own.
    week = [2, 2, 2, 2, 1, 0, 0] * 4
    away = [w if u not in (7, 8) else 0 for u, w in enumerate(week)]
    problem = Problem.of(
        [4, 6, 3, 5, 2], [[1, 0], [1, 1], [0, 1], [1, 0], [0, 1]], [1, 1], [(0, 3), (2, 4, 0, "FF")],
        works=[[*week, 2], [*away, 2]], resource_calendar=[-1, 1],
    )  # fmt: skip
    search = Search(problem)
    poor = search.schedule(np.asarray([4, 2, 1, 0, 3]))
    solved = solve(problem, hint=poor, time_limit=20)
    check(problem, solved.start)
    assert solved.proven and solved.makespan == shortest(problem) < search.makespan(poor)
    monkeypatch.setattr(exact, "TERMS_LIMIT", 10)
    with pytest.raises(UnavailableError, match="too large for exact levelling"):
        solve(problem, hint=poor, time_limit=1)


def test_exact_levelling_where_every_day_is_alike_counts_durations_in_days() -> None:
    alike = Problem.of([960, 480], [[1], [1]], [1], [(0, 1)], works=[[480]])
    solved = solve(alike, hint=np.asarray([0, 2]), time_limit=5)
    assert solved.proven and solved.makespan == 3, "durations of 2 and 1 days, one after the other"


def test_exact_levelling_finds_what_no_activity_list_gives_when_a_successor_must_start_first() -> None:
    # The second finishes no earlier than the first (finish to finish) and needs all three of the
    # person's units; the person is away in period 9. Any list schedules the first before the
    # second, in period 8, and the second then waits until period 9 and ends in 11. Started in
    # period 8 before the first, the second ends in 10, the first fitting in the away period.
    problem = Problem.of(
        [1, 2], [[1], [3]], [3], [(0, 1, 0, "FF")], works=[[0] * 8 + [1, 1, 1], [0] * 8 + [1, 0, 1]], resource_calendar=[1]
    )
    search = Search(problem)
    assert shortest(problem) == 11
    solved = solve(problem, hint=search.genetic(schedules=30).start, time_limit=10)
    check(problem, solved.start)
    assert solved.proven and solved.makespan == 10 and solved.start.tolist() == [9, 8]


def test_a_link_into_a_fixed_activity_holds_neither_forwards_nor_backwards() -> None:
    # The second is fixed in period 0, before its predecessor, which cannot start before period 2.
    problem = Problem.of([0, 1], [[0], [0]], [1], [(0, 1)], release=[2, 0], fixed=[False, True])
    start = np.asarray([2, 0])
    assert problem.feasible(start)
    late = problem.latest(start, np.asarray([True, False]), end=4)
    assert late.tolist() == [4, 0], "as late as the end allows: the link into the fixed one does not hold"


@settings(max_examples=100, deadline=None)
@given(problems(), st.data())
def test_activities_freed_from_a_schedule_move_as_early_or_as_late_as_its_links_allow(problem: Problem, data: st.DataObject) -> None:
    """What keeps a task as late as possible where the schedule puts it, around a levelled plan:
    the others stay; the freed ones go as early (or as late, by the schedule's end) as the links
    allow, and no further."""
    start = Search(problem).genetic(schedules=30, seed=1).start
    free = np.asarray(data.draw(st.lists(st.booleans(), min_size=problem.size, max_size=problem.size))) & ~problem.fixed
    none = np.zeros(0, dtype=np.int64)
    unlimited = dataclasses.replace(problem, demand=np.zeros((problem.size, 0)), capacity=none, resource_calendar=none)
    early = problem.earliest(start, free, problem.release)
    assert (early[~free] == start[~free]).all() and (early[free] <= start[free]).all()
    check(unlimited, early)
    for a in np.flatnonzero(free).tolist():  # a working period sooner breaks a link or the release
        calendar, sooner = int(problem.calendar[a]), early.copy()
        before = [t for t in range(int(early[a])) if problem.duration[a] == 0 or work(problem.works, calendar, t) > 0]
        if before:
            sooner[a] = before[-1]
            with pytest.raises(AssertionError):
                check(unlimited, sooner)
    if len(set(problem.works[problem.works > 0].tolist())) == 1:  # days off, no part days: latest dates are dates
        end = int(problem.finish(start).max(initial=0))
        late = problem.latest(start, free)
        assert (late[~free] == start[~free]).all() and (late[free] >= start[free]).all()
        assert int(problem.finish(late).max(initial=0)) <= end
        check(unlimited, late)
        for a in np.flatnonzero(free & (problem.duration > 0)).tolist():  # a working period later breaks a link or the end
            calendar, later = int(problem.calendar[a]), late.copy()
            later[a] = next(t for t in itertools.count(int(late[a]) + 1) if work(problem.works, calendar, t) > 0)
            if int(problem.finish(later).max(initial=0)) <= end:
                with pytest.raises(AssertionError):
                    check(unlimited, later)
