"""Levelling engine: schedules are feasible, justification never lengthens them, the search
reaches proven optima on small instances, and PSPLIB files are read (or refused) exactly."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.errors import ValidationError
from accord.interchange.psplib import parse, read
from accord.levelling import lists
from accord.levelling.problem import Problem
from accord.levelling.search import Rule, Search, _Evolution

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "psplib"


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n = draw(st.integers(2, 14))
    resources = draw(st.integers(1, 3))
    capacity = draw(st.lists(st.integers(1, 6), min_size=resources, max_size=resources))
    duration = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    demand = [[draw(st.integers(0, c)) for c in capacity] for _ in range(n)]
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(-4, 8)), max_size=2 * n))
    release = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    general = draw(st.booleans())  # distances between starts (leads too), or finish to start
    precedences = [(a, b, d) if general else (a, b) for a, b, d in edges if a < b]
    return Problem.of(duration, demand, capacity, precedences, release=release)


def a_list(problem: Problem) -> np.ndarray:
    """The activity list of the problem's latest-finish schedule."""
    search = Search(problem)
    return search.activity_list(search.schedule(search.rule_list(Rule.LATEST_FINISH)))


@settings(max_examples=150, deadline=None)
@given(problems())
def test_every_schedule_is_feasible_and_justification_never_lengthens_it(problem: Problem) -> None:
    search = Search(problem)
    for rule in Rule:
        start = search.schedule(search.rule_list(rule))
        assert problem.feasible(start), rule
        for window in (0, 1, 3):
            assert problem.feasible(search.schedule(search.rule_list(rule), window=window)), (rule, window)
        better = search.justify(start)
        assert problem.feasible(better)
        assert search.makespan(better) <= search.makespan(start)
        assert search.makespan(better) >= search.lower_bound
    found = search.genetic(schedules=60, seed=3)
    assert problem.feasible(found.start) and found.schedules <= 60


@settings(max_examples=150, deadline=None)
@given(problems(), st.none() | st.integers(0, 4))
def test_a_backward_schedule_keeps_every_link_and_capacity_in_reversed_time(problem: Problem, window: int | None) -> None:
    search = Search(problem)
    order = search.activity_list(search.schedule(search.rule_list(Rule.LATEST_FINISH)), backward=True)
    reversed_finish = search.backward_schedule(order, 0, window=window)
    # Read forwards from its end it is a schedule of the problem, its releases aside (they do
    # not hold in reversed time).
    anytime = dataclasses.replace(problem, release=np.zeros(problem.size, dtype=np.int64))
    end = int(reversed_finish.max(initial=0))
    assert anytime.feasible(end - reversed_finish)
    # Justified to the left it is a schedule, releases and all; without releases, no longer.
    start = search.left_justified(reversed_finish)
    assert problem.feasible(start)
    if not problem.release.any():
        assert search.makespan(start) <= end
    assert search.schedules == 3


@settings(max_examples=150, deadline=None)
@given(problems(), st.data())
def test_a_shuffled_stretch_keeps_the_rest_of_the_list_and_every_link(problem: Problem, data: st.DataObject) -> None:
    order = a_list(problem)
    n = problem.size
    count = data.draw(st.integers(1, n))
    first = data.draw(st.integers(0, n - count))
    draws = np.asarray(data.draw(st.lists(st.floats(0, 1, exclude_max=True), min_size=count, max_size=count)))
    child = lists.shuffled(order.copy(), first, count, draws, problem.pred_start, problem.pred, problem.succ_start, problem.succ)
    assert list(child[:first]) == list(order[:first]) and list(child[first + count :]) == list(order[first + count :])
    assert sorted(child[first : first + count]) == sorted(order[first : first + count])
    place = np.empty(n, dtype=np.int64)
    place[child] = np.arange(n)
    for a in range(n):
        assert all(place[b] < place[a] for b in problem.predecessors(a)), "every activity after its predecessors"
    # the draws decide the order within the stretch, where links leave a choice
    keyed = sorted(range(count), key=lambda i: (draws[i], i))
    stretch = set(order[first : first + count].tolist())
    if not any(stretch & set(problem.predecessors(a).tolist()) for a in stretch):
        assert list(child[first : first + count]) == [order[first + i] for i in keyed]


@settings(max_examples=150, deadline=None)
@given(problems(), st.data())
def test_a_shift_moves_one_activity_anywhere_its_links_allow(problem: Problem, data: st.DataObject) -> None:
    order = a_list(problem)
    n = problem.size
    moved = data.draw(st.integers(0, n - 1))
    a = int(order[moved])
    links = (problem.pred_start, problem.pred, problem.succ_start, problem.succ)
    rest = [b for b in order.tolist() if b != a]
    # Read off the list by hand: the first place after every predecessor, the last before every successor.
    first = max((rest.index(b) + 1 for b in problem.predecessors(a).tolist()), default=0)
    last = min((rest.index(b) for b in problem.successors(a).tolist()), default=n - 1)
    before = order.copy()
    places = set()
    for draw in np.linspace(0, 1, 4 * n, endpoint=False):
        child = lists.shift(order, moved, draw, *links)
        assert [b for b in child.tolist() if b != a] == rest, "the others keep their order"
        places.add(child.tolist().index(a))
    assert places == set(range(first, last + 1))
    assert (order == before).all(), "the parent's list is left as it was"


@settings(max_examples=150, deadline=None)
@given(problems(), st.booleans(), st.floats(0, 1, exclude_max=True))
def test_a_peak_crossover_keeps_the_mothers_busiest_stretch_between_the_fathers_before_and_after(
    problem: Problem, backward: bool, draw: float
) -> None:
    from accord.levelling import crossover

    search = Search(problem)
    mother = search.schedule(search.rule_list(Rule.LATEST_FINISH))
    father = search.schedule(search.rule_list(Rule.SHORTEST))
    hers, his = search.activity_list(mother, backward=backward), search.activity_list(father, backward=backward)
    makespan = search.makespan(mother)
    links = search.links(backward=backward)
    child = crossover.peak(problem, (makespan, mother), (hers, his), links, draw, backward=backward)
    n = problem.size
    assert sorted(child.tolist()) == list(range(n))
    place = np.empty(n, dtype=np.int64)
    place[child] = np.arange(n)
    for a in range(n):  # every activity after its predecessors (in reversed time, its successors)
        before = problem.successors(a) if backward else problem.predecessors(a)
        assert all(place[b] < place[a] for b in before.tolist())
    # Read by hand: each period's load (shares of capacity, in the lists' time), the stretch of the
    # drawn length with the most, the first of equals; then the three parts of the child.
    usage = problem.usage(mother)[:makespan] / np.maximum(problem.capacity, 1)
    load = usage.sum(axis=1)[::-1] if backward else usage.sum(axis=1)
    position = makespan - problem.finish(mother) if backward else mother
    length = max(round(makespan * (0.2 + 0.3 * draw)), 1)
    sums = [load[t : t + length].sum() for t in range(max(makespan - length + 1, 1))]
    first = next(t for t, total in enumerate(sums) if total >= max(sums) - 1e-9)
    head = [a for a in his.tolist() if position[a] < first]
    within = [a for a in hers.tolist() if first <= position[a] < first + length and a not in head]
    expected = head + within + [a for a in his.tolist() if a not in head and a not in within]
    where = {a: k for k, a in enumerate(expected)}
    edges = [(int(problem.pred[i]), a) for a in range(n) for i in range(int(problem.pred_start[a]), int(problem.pred_start[a + 1]))]
    if all((where[b] < where[a]) if backward else (where[a] < where[b]) for a, b in edges):
        assert child.tolist() == expected


def test_no_schedule_is_shorter_than_a_resource_needs_for_its_work() -> None:
    # Three activities of two periods, at once but for one person: six periods.
    alone = Problem.of([2, 2, 2], [[1], [1], [1]], [1], [])
    assert alone.critical_path_bound() == 2 and alone.resource_bound() == 6
    assert Search(alone).genetic(schedules=50).makespan == 6
    # The person is away in periods 1 and 2, on the calendar of two of the activities; a fixed
    # activity (which may overbook) and one on another calendar (which goes on without the
    # person) count for nothing: four periods of work end in period 6 at the soonest.
    away = [[1, 0, 0, 1], [1, 1, 1, 1]]
    problem = Problem.of([2, 2, 2, 2], [[1], [1], [1], [1]], [1], [], calendar=[0, 0, 0, 1], works=away,
                         resource_calendar=[0], fixed=[False, False, True, False])  # fmt: skip
    assert problem.resource_bound() == 6
    assert Search(problem).genetic(schedules=50).makespan == 8, "the fixed one takes periods 0 and 3"


def test_the_resource_bound_is_psplibs_energy_bound() -> None:
    import csv

    with (DATA / "reference.csv").open() as reference:
        rows = list(csv.DictReader(reference))
    assert len(rows) == 960
    for row in rows:
        problem = read(DATA / row["set"] / f"{row['instance']}.sm").problem()
        assert problem.resource_bound() == int(row["energy_lb"]), row["instance"]


def test_the_serial_scheme_waits_for_capacity() -> None:
    # Two activities of 3 periods each need 2 of a capacity of 3: they cannot overlap.
    problem = Problem.of([3, 3], [[2], [2]], [3], [])
    search = Search(problem)
    start = search.schedule(np.asarray([1, 0]))
    assert start.tolist() == [3, 0] and search.makespan(start) == 6
    assert search.critical_path == 3 and search.lower_bound == 4, "12 units of work, 3 a period"
    # Only two lists exist and neither reaches the bound: the search must still end.
    found = search.genetic(schedules=100_000)
    assert found.makespan == 6 and found.schedules < 100
    assert search.genetic(seconds=0.2).makespan == 6


def test_the_parallel_scheme_starts_what_it_can_whenever_it_can() -> None:
    # Capacity 2. X (2 periods, all of it) is first in the list but released at 1; Y (1 period)
    # and Z (3 periods) need 1 each. Serially X takes 1-2 as listed, so Z waits until 3. The
    # parallel scheme starts Y and Z at 0, when nothing else can start, and X when Z is done.
    problem = Problem.of([2, 1, 3], [[2], [1], [1]], [2], [], release=[1, 0, 0])
    search = Search(problem)
    order = np.asarray([0, 1, 2])
    assert search.schedule(order).tolist() == [1, 0, 3]
    parallel = search.schedule(order, window=0)
    assert parallel.tolist() == [3, 0, 0] and problem.feasible(parallel)
    assert search.makespan(parallel) == 5 < search.makespan(search.schedule(order))


def test_a_window_lets_the_parallel_scheme_keep_room_for_what_comes_next() -> None:
    # Capacity 1. A (2 periods) is released at 1 and C (5 periods, no resource) follows it; B (2
    # periods) may start at 0. Without a window B starts at 0, as nothing else can, and A and C
    # wait for it: 9 periods. With a window of one period A, first in the list, starts at 1 and
    # B waits: 8 periods, as the serial schedule.
    problem = Problem.of([2, 2, 5], [[1], [1], [0]], [1], [(0, 2)], release=[1, 0, 0])
    search = Search(problem)
    order = np.asarray([0, 1, 2])
    assert search.schedule(order, window=0).tolist() == [2, 0, 4]
    windowed = search.schedule(order, window=1)
    assert windowed.tolist() == [1, 3, 3] and problem.feasible(windowed)
    assert search.makespan(windowed) == 8 == search.makespan(search.schedule(order))


@settings(max_examples=150, deadline=None)
@given(problems())
def test_a_window_as_long_as_the_plan_gives_the_serial_schedule(problem: Problem) -> None:
    search = Search(problem)
    order = a_list(problem)
    assert search.schedule(order, window=problem.horizon()).tolist() == search.schedule(order).tolist()


def test_the_search_samples_lists_on_three_priority_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = read(DATA / "j30" / "j301_1.sm").problem()
    search = Search(problem)
    used: list[tuple[float, ...]] = []
    sample = lists.biased_sample

    def recorded(priority, *rest):  # type: ignore[no-untyped-def]
        used.append(tuple(priority.tolist()))
        return sample(priority, *rest)

    monkeypatch.setattr(lists, "biased_sample", recorded)
    evolution = _Evolution(search, 1000, None, np.random.default_rng(5))
    for _ in range(30):
        order = evolution.sample()
        place = np.empty(problem.size, dtype=np.int64)
        place[order] = np.arange(problem.size)
        assert all(place[b] < place[a] for a in range(problem.size) for b in problem.predecessors(a))
    rules = {
        tuple(search.latest_finish.tolist()),
        tuple(search.latest_start.tolist()),
        tuple((-np.diff(problem.succ_start)).tolist()),
    }
    assert set(used) == rules


def test_a_child_as_good_as_a_parent_takes_its_place() -> None:
    problem = Problem.of([2, 2, 2], [[1], [1], [1]], [2], [])
    search = Search(problem)
    evolution = _Evolution(search, 1000, None, np.random.default_rng(0))
    evolution.size = 2
    parents = [(4, np.asarray([0, 0, 2])), (4, np.asarray([0, 2, 0]))]
    child = (4, np.asarray([2, 0, 0]))
    worse = (6, np.asarray([0, 2, 4]))
    kept = evolution.select([child, worse, *parents])
    assert [list(k[1]) for k in kept] == [[2, 0, 0], [0, 0, 2]]
    better = (3, np.asarray([1, 0, 0]))  # (not a real schedule: only its rank counts here)
    assert evolution.select([child, better, *parents])[0] is better


def test_the_search_offers_its_children_before_their_parents(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[list[bytes], list[bytes]]] = []
    select = _Evolution.select

    def recorded(self, candidates):  # type: ignore[no-untyped-def]
        kept = select(self, candidates)
        calls.append(([c[1].tobytes() for c in candidates], [k[1].tobytes() for k in kept]))
        return kept

    monkeypatch.setattr(_Evolution, "select", recorded)
    Search(read(DATA / "j30" / "j3013_7.sm").problem()).genetic(schedules=400, seed=1)
    assert len(calls) > 3
    for (_, population), (candidates, _) in itertools.pairwise(calls):  # the parents last (bred in a shuffled order)
        assert sorted(candidates[len(candidates) - len(population) :]) == sorted(population)


def test_a_cycle_or_an_impossible_demand_is_refused() -> None:
    with pytest.raises(ValueError, match="cycle"):
        Problem.of([1, 1], [[0], [0]], [1], [(0, 1), (1, 0)])
    with pytest.raises(ValueError, match="more of a resource"):
        Problem.of([1], [[4]], [3], [])


def test_proven_optima_are_reached_on_j30_instances() -> None:
    optimum = {"j301_1": 43, "j301_2": 47, "j301_3": 47, "j301_4": 62}
    for name, best in optimum.items():
        instance = read(DATA / "j30" / f"{name}.sm")
        assert instance.jobs == 32 and len(instance.capacities) == 4
        search = Search(instance.problem())
        found = search.genetic(schedules=5000, seed=1)
        assert search.problem.feasible(found.start)
        assert found.makespan == best, name
        assert search.single_pass(Rule.STANDARD).makespan >= best


SMALL = """\
jobs (incl. supersource/sink ):  4
horizon                       :  10
  - renewable                 :  1   R
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     2       2
  4      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
    3
"""


def test_a_psplib_file_is_read_and_its_errors_name_the_line() -> None:
    instance = parse(SMALL, "small")
    assert instance.durations == (0, 3, 2, 0) and instance.capacities == (3,)
    assert instance.successors == ((2, 3), (4,), (4,), ())
    search = Search(instance.problem())
    assert search.genetic(schedules=50).makespan == 5
    with pytest.raises(ValidationError, match="line 7"):
        parse(SMALL.replace("   2        1          1           4", "   2        1          2           4"), "bad")
    with pytest.raises(ValidationError, match="job 9"):
        parse(SMALL.replace("           2   3\n", "           2   9\n"), "bad")
    with pytest.raises(ValidationError, match="resource availabilities"):
        parse(SMALL.split("RESOURCEAVAILABILITIES")[0], "bad")


def test_the_exact_solver_proves_optima_and_bounds_what_it_cannot_prove() -> None:
    from accord.levelling.exact import solve

    for name, best in {"j301_1": 43, "j3013_1": 58}.items():
        search = Search(read(DATA / "j30" / f"{name}.sm").problem())
        hint = search.genetic(schedules=200, seed=1)
        solved = solve(search.problem, hint=hint.start, time_limit=30, seed=1)
        assert solved.proven and solved.makespan == best == solved.bound, name
        assert search.problem.feasible(solved.start)
    hard = Search(read(DATA / "j60" / "j6013_1.sm").problem())
    hint = hard.genetic(schedules=100, seed=1)
    rushed = solve(hard.problem, hint=hint.start, time_limit=0.2)
    assert hard.problem.feasible(rushed.start) and rushed.makespan <= hint.makespan
    assert not rushed.proven and hard.lower_bound <= rushed.bound < rushed.makespan


@st.composite
def linked_problems(draw: st.DrawFn) -> Problem:
    """Small problems with every kind of link, leads, releases and fixed activities."""
    n = draw(st.integers(2, 8))
    capacity = draw(st.lists(st.integers(1, 4), min_size=1, max_size=2))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(-3, 4), st.sampled_from(["FS", "SS", "FF", "SF"])), max_size=2 * n))
    return Problem.of(
        draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)),
        [[draw(st.integers(0, c)) for c in capacity] for _ in range(n)],
        capacity,
        [e for e in edges if e[0] < e[1]],
        release=draw(st.lists(st.integers(0, 4), min_size=n, max_size=n)),
        fixed=draw(st.lists(st.booleans(), min_size=n, max_size=n)) if draw(st.booleans()) else None,
    )  # fmt: skip


def semi_active(problem: Problem, start: np.ndarray) -> bool:
    """Whether no activity could start a period earlier for all the schedule says: each that may
    move starts at its earliest start, or where one of its links binds, or where an activity
    sharing one of its resources finishes (work, not milestones)."""
    early, _ = problem.unconstrained()
    finish = problem.finish(start)
    for b in np.flatnonzero(~problem.fixed).tolist():
        links = range(int(problem.pred_start[b]), int(problem.pred_start[b + 1]))
        binds = any(
            (finish[b] if problem.to_finish[i] else start[b]) == (finish if problem.after_finish[i] else start)[problem.pred[i]] + problem.lag[i]
            for i in links
        )
        uses = (problem.demand[b] > 0) & (problem.duration[b] > 0)
        sharing = ((problem.demand[:, uses] > 0).any(axis=1)) & (problem.duration > 0) & (np.arange(problem.size) != b)
        if start[b] != early[b] and not binds and not (finish[sharing] == start[b]).any():
            return False
    return True


@settings(max_examples=600, deadline=None)
@given(linked_problems())
def test_exact_levelling_looks_only_at_semi_active_schedules_and_keeps_the_optimum(problem: Problem) -> None:
    from unittest import mock

    from accord.levelling import exact

    hint = Search(problem).genetic(schedules=30, seed=1).start
    solved = exact.solve(problem, hint=hint, time_limit=20)
    assert solved.proven and problem.feasible(solved.start) and semi_active(problem, solved.start)
    with mock.patch.object(exact, "DOMINANCE_TERMS", -1):  # every schedule looked at
        every = exact.solve(problem, hint=hint, time_limit=20)
    assert every.proven and every.makespan == solved.makespan


@settings(max_examples=200, deadline=None)
@given(linked_problems(), st.data())
def test_a_hint_is_shifted_to_a_semi_active_schedule_no_later_before_the_solver_gets_it(problem: Problem, data: st.DataObject) -> None:
    from accord.levelling import exact

    start = Search(problem).genetic(schedules=30, seed=1).start
    for _ in range(data.draw(st.integers(0, 6))):  # delays for nothing, where they keep it feasible
        delayed = start.copy()
        delayed[data.draw(st.integers(0, problem.size - 1))] += data.draw(st.integers(1, 3))
        start = delayed if problem.feasible(delayed) else start
    early = problem.unconstrained()[0].tolist()
    shifted = exact._left_shifted(problem, start, early, exact._binding(problem, problem.spans().tolist()))
    assert problem.feasible(shifted) and semi_active(problem, shifted)
    assert (shifted <= start).all()


def test_without_or_tools_exact_levelling_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from accord.domain.errors import UnavailableError
    from accord.levelling.exact import solve

    monkeypatch.setitem(sys.modules, "ortools.sat.python", None)
    problem = Problem.of([1], [[1]], [1], [])
    with pytest.raises(UnavailableError, match="'exact' extra"):
        solve(problem, hint=np.zeros(1, dtype=np.int64), time_limit=1)


def test_the_mutation_draws_more_often_the_kind_whose_children_enter_the_population() -> None:
    from accord.levelling.mutation import LEAST, Mutation

    mutation = Mutation(np.random.default_rng(0))
    assert mutation.shifts == 0.5
    mutation.learn([True, False] * 20, [True, False] * 20)  # every shifted child entered, no swapped one
    assert mutation.shifts == 1 - LEAST, "the share is held short of all, so swaps are still tried"
    mutation.learn([True, False] * 200, [False, True] * 200)  # then the other way round, for long
    assert mutation.shifts == LEAST
    mutation.learn([True, False] * 200, [True, True] * 200)  # as good as each other
    assert abs(mutation.shifts - 0.5) < 0.01
    problem = read(DATA / "j30" / "j301_1.sm").problem()
    order = a_list(problem)
    kinds = set()
    for _ in range(40):
        child, shifted = mutation.mutate(order.copy(), Search(problem).links())
        kinds.add(shifted)
        place = np.empty(problem.size, dtype=np.int64)
        place[child] = np.arange(problem.size)
        assert sorted(child.tolist()) == list(range(problem.size))
        assert all(place[b] < place[a] for a in range(problem.size) for b in problem.predecessors(a))
    assert kinds == {True, False}
