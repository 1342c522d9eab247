"""A plan as a levelling problem, and the way back from levelled periods to dates.

The plan (as `accord schedule` computes it) becomes a problem in periods: the days someone in it
works, each cut into the fewest parts in which its durations and lags are whole
(`accord.services.levelling_days`). Each task does its working minutes in the periods its
calendar works (days off pause it, a half day does half a day's work); links of every type, with
lags and leads, become least distances from starts or finishes to starts or finishes; every work
resource (a person, a team) has its maximum units as capacity, is loaded only in the periods its
own calendar works, and each task asks for the units of its assignments. Work under way, tasks
on a must-start-on or must-finish-on date and tasks of priority 1000 are never delayed (work
under way stands for what remains of it, from where the schedule resumes it); a task as late as
possible starts no earlier than where the schedule puts it (as late as what follows it and the
plan's end allow), and an advance keeps it where levelling put it when the levelled plan ends
later; tasks under another dated lower bound keep their scheduled start as their earliest, work
not started waits for the status date; finished tasks ask for nothing. What the levelled plan
will be is asked of the schedule itself (`LevellingModel.settle`); what it says, of
`accord.services.levelling_explained`.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from numpy.typing import NDArray

from accord.domain.errors import ValidationError
from accord.domain.program import Program
from accord.domain.resources import Assignment, Resource, ResourceKind
from accord.levelling.problem import I64, Problem
from accord.scheduling import cpm
from accord.scheduling.network import ALAP, FNET, MFO, MSO, NO_TIME, SNET, WORKING, Network
from accord.services.levelling_days import WorkingDays, clock_marks, link_distance, parts_of_day
from accord.services.scheduling import DAY_MINUTES, Computed
from accord.store.repository import EntityRepository

UNITS = 100
"""Capacities and demands are whole percent of one person's time."""
DO_NOT_LEVEL = 1000
"""A task of this priority is never delayed (MS Project's "do not level")."""
ROUNDS = 3
"""Levellings at most, while tasks no delay holds (those of priority 1000, which follow their
links) move with the levelled plan."""
MENDS = 4
"""Times at most that levelling delays are mended against the schedule's own arithmetic."""


class LevellingModel:
    """The plan as a levelling problem in periods of working days, and the way back to dates."""

    def __init__(self, computed: Computed, repository: EntityRepository) -> None:
        self.computed = computed
        plan, result = computed.plan, computed.result
        network, calendars = plan.network, plan.calendars
        n = network.nodes
        if n == 0:
            raise ValidationError("level", computed.report.key, "has no tasks to level")
        self.tasks = plan.tasks
        self.leaf = np.asarray([not children for children in plan.children], dtype=np.bool_)
        """Tasks that are not summaries: those a levelling delay is stored on."""
        self.names = [t.key for t in plan.tasks] + [f"{plan.tasks[plan.finish_node.index(i)].key} (finish)" for i in range(len(plan.tasks), n)]
        self.calendar = network.calendar
        done = network.actual_finish != NO_TIME
        resources, demand = self._demands(repository, (network.duration > 0) & ~done)
        self.resources = resources
        own = [calendars.keys.index(r.calendar) if r.calendar in calendars.keys else -1 for r in resources]
        used = [*network.calendar.tolist(), *(c for c in own if c >= 0)]
        # Day 0: the first day anything unfinished may start (its project's start, or its own
        # scheduled start where a date or work under way sets it).
        pinned = (network.actual_start != NO_TIME) | np.isin(network.constraint, (SNET, FNET, MSO, MFO))
        first = np.where(pinned, result.early_start, network.earliest)
        origin = int(first[~done].min() if (~done).any() else first.min())
        whole = WorkingDays.of(calendars, used, origin)
        duration = np.where(  # working minutes; an elapsed duration does five working days a week
            network.elapsed, np.ceil(network.duration / (24 * 60) * 5 / 7) * DAY_MINUTES, network.duration
        ).astype(np.int64)
        duration[done] = 0
        # Work under way: what remains of it, from where the schedule resumes it (after the
        # status date) to its scheduled finish.
        self.going = (network.actual_start != NO_TIME) & ~done
        going = np.flatnonzero(self.going)
        anchor = result.early_start.copy()
        if going.size:
            rows, left = network.calendar[going], duration[going] - duration[going] * network.percent_complete[going] // 100
            anchor[going] = calendars.to_start(rows, calendars.working(rows, result.early_finish[going]) - left)
            duration[going] = left
        parts = parts_of_day(duration, whole.works[whole.rows(network.calendar.tolist()), -1], network.lag[network.lag_format == WORKING])
        if parts > 1:
            whole = WorkingDays.of(calendars, used, origin, parts)
        marks = None if whole.in_step() else clock_marks(calendars, used, origin, DAY_MINUTES // parts)
        self.days = days = whole if marks is None else WorkingDays.on_the_clock(calendars, used, origin, marks)
        parts = days.parts
        self.row = days.rows(network.calendar.tolist())
        project_start = days.first_at(self.row, network.earliest)
        release = np.where(pinned, np.maximum(days.first_at(self.row, result.early_start), project_start), project_start)
        waits = np.flatnonzero((network.status_time != NO_TIME) & ~pinned)  # work not started: after the status date
        release[waits] = np.maximum(release[waits], days.first_at(self.row[waits], network.status_time[waits]))
        # Never moved: work under way, a must-start-on or must-finish-on date, priority 1000.
        priority, never = self._priorities(repository, n)
        held = ((network.actual_start != NO_TIME) & ~done) | np.isin(network.constraint, (MSO, MFO))
        fixed = (held | never) & (np.arange(n) < len(plan.tasks))
        self.earliest = release.copy()  # where links alone may start each: the schedule's forward pass
        release[fixed] = np.maximum(days.at(self.row[fixed], anchor[fixed]), 0)
        # It books its people from the start of the period it starts in (or resumes in) to its
        # scheduled finish, wherever in that period it starts.
        booked = np.flatnonzero(fixed & (duration > 0))
        covered = days.worked(self.row[booked], result.early_finish[booked]) - days.working(self.row[booked], release[booked])
        duration[booked] = np.maximum(duration[booked], covered)
        # As late as possible: from where the schedule puts it (`settle` keeps it where the
        # levelled schedule will).
        self.placed_late = (network.constraint == ALAP) & ~done & ~held & (np.arange(n) < len(plan.tasks))
        """Tasks as late as possible that the schedule places itself (of priority 1000 too)."""
        self.late = self.placed_late & ~fixed
        self.pinned = np.zeros(n, dtype=np.bool_)
        self.drifted = np.zeros(n, dtype=np.bool_)
        self.delays: dict[str, int] = {}
        release[self.late] = np.maximum(days.at(self.row[self.late], result.early_start[self.late]), release[self.late])
        span = -(-duration // days.works[self.row, -1])
        # Work under way stands in the problem from where it resumes; a link from its start
        # counts from its actual start, as in the schedule.
        resumed = np.zeros(n, dtype=np.int64)
        resumed[going] = np.maximum(days.at(self.row[going], result.early_start[going]), 0) - release[going]
        precedences = [
            (p, s, distance + (resumed[p] if kind in ("SS", "SF") else 0), kind)
            for p, s, distance, kind in self._links(network, span, parts)
        ]
        capacity = [round(r.max_units * UNITS) for r in resources]
        self.unresolved: list[str] = []
        for node, row in enumerate(demand):
            for r, need in enumerate(row):
                if need > capacity[r]:  # no delay can fit it: levelled as if at capacity, and said
                    self.unresolved.append(
                        f"{self.names[node]} asks for {need}% of {resources[r].name}, who has {capacity[r]}%"
                    )
                    row[r] = capacity[r]
        self.users = [np.flatnonzero(column) for column in np.asarray(demand, dtype=np.int64).reshape(n, -1).T]
        """The activities that need each resource."""
        self.problem = Problem.of(
            duration.tolist(),
            demand,
            capacity,
            precedences,
            names=self.names,
            resources=[r.key for r in resources],
            release=release.tolist(),
            priority=priority,
            calendar=self.row.tolist(),
            works=days.works,
            resource_calendar=[days.row[c] if c >= 0 else -1 for c in own],
            fixed=fixed.tolist(),
        )
        self.unlevelled = self.problem
        self.dates = (result.early_start, result.early_finish)
        """Clock minutes of the starts and finishes the schedule gives with `delays`."""

    def settle(self, start: I64, *, last: bool) -> I64 | None:
        """The levelled schedule `start` as the plan will have it: the schedule itself says where
        each task goes with the levelling delays `start` asks for (mended where its arithmetic
        differs: `_calibrated`). A task as late as possible goes as late as what follows it and
        the plan's end allow: one levelled later than that (`pinned`) gets a levelling delay,
        which holds it there; any other one the levelled plan would carry later, an advance.
        No delay holds a task never levelled (priority 1000): it follows its links. None where
        a task would still move: it starts from there, to be levelled again. Unless `last`:
        then it moves (`drifted`), and what that overbooks is said. `delays` are then the
        levelling delays that give the schedule returned, and `dates` its dates."""
        late, problem = self.late, self.problem
        self.pinned = pinned = np.zeros(problem.size, dtype=np.bool_)
        while True:
            self.delays = self.own_delays(start)
            place, ahead = self._calibrated(start)
            beyond = late & ~pinned & ((start > place) | ahead)
            if not beyond.any():
                break
            pinned |= beyond
        moved = (place != start) & ~self.going  # (work under way stands from where it resumes)
        if not moved.any() or last:
            self.drifted = moved
            return np.where(moved, place, start)
        again = (late & ~pinned) | moved
        release = np.where(problem.fixed, place, np.maximum(place, problem.release))  # a fixed one: where it goes
        self.problem = dataclasses.replace(problem, release=np.where(again, release, problem.release))
        return None

    def _calibrated(self, start: I64) -> tuple[I64, NDArray[np.bool_]]:
        """Where the schedule puts each activity with `delays` (the period nearest its start),
        those delays first mended where the schedule's own arithmetic (links to a finish,
        milestones at a day's end, the minute a calendar's day ends, a period its calendar works
        only in part) starts a levelled task at another minute than `start`: its delay grows or
        shrinks by the working time between the two, a few times at most. Then each task as late
        as possible that the schedule would put later than levelling did gets an advance (a
        negative delay) of the working time between the two: only where those tasks go depends
        on it, so the other tasks stay where they are. Also: which tasks the schedule starts
        before the minute levelling starts them (if only within their period)."""
        place = self._scheduled(self.delays)
        tasks = np.arange(len(self.tasks))
        rows = self.row[tasks]
        wanted = self.days.working(rows, start[tasks])  # working minutes before each levelled start
        movable = ~self.problem.fixed[tasks] & self.leaf
        free = (self.late & ~self.pinned)[tasks]
        for mendable, advance in ((movable & ~free, False), (movable & free, True)):
            for _ in range(MENDS):
                worked = self.days.worked(rows, self.dates[0][tasks])  # and before the schedule's
                off = np.flatnonzero(mendable & (worked != wanted))
                change = wanted[off] - worked[off]
                mended = dict(self.delays)
                for node, minutes in zip(off.tolist(), change.tolist(), strict=True):
                    key = self.tasks[node].key
                    delay = mended.get(key, 0) + minutes
                    mended[key] = min(delay, 0) if advance else max(delay, 0)
                mended = {k: v for k, v in mended.items() if v != 0}
                if mended == self.delays:
                    break
                self.delays = mended
                place = self._scheduled(self.delays)
        ahead = np.zeros(len(start), dtype=np.bool_)
        ahead[tasks] = self.days.worked(rows, self.dates[0][tasks]) < wanted
        return place, ahead

    def _scheduled(self, delays: dict[str, int]) -> I64:
        """The period each activity starts in where the schedule puts it, with these levelling
        delays (working minutes, by task key) on the plan's tasks."""
        plan = self.computed.plan
        delay = np.zeros(plan.network.nodes, dtype=np.int64)
        for i in np.flatnonzero(self.leaf).tolist():
            delay[i] = delays.get(self.tasks[i].key, 0)
        found = cpm.schedule(dataclasses.replace(plan.network, delay=delay), plan.calendars)
        self.dates = found.early_start, found.early_finish
        period: I64 = self.days.nearest(self.row, found.early_start)
        return period

    def own_delays(self, start: I64) -> dict[str, int]:
        """Working minutes each task waits beyond what its links, its release and the levelled
        dates of its predecessors ask: its own levelling delay (a task that only follows a
        delayed one has none: the delay reaches it through the link). A predecessor as late as
        possible asks for what it asks in the schedule's forward pass, from its earliest dates:
        it moves later only after its followers are placed."""
        problem, found = self.problem, {}
        free = self.placed_late & ~self.pinned
        forward = problem.earliest(start, free, self.earliest) if free.any() else start
        implied = problem.allowed(forward, np.where(self.late, self.earliest, problem.release))
        tasks = np.arange(len(self.tasks))
        implied = np.minimum(implied[tasks], start[tasks])
        rows = self.row[tasks]
        wait = self.days.working(rows, start[tasks]) - self.days.working(rows, implied)
        wait[(self.late & ~self.pinned)[tasks]] = 0  # the schedule puts them there (an advance may hold them)
        for node in np.flatnonzero((wait > 0) & (problem.duration[tasks] > 0)).tolist():
            found[self.tasks[node].key] = int(wait[node])
        return found

    @staticmethod
    def _links(network: Network, span: I64, parts: int) -> list[tuple[int, int, int, str]]:
        """Each link as (predecessor, successor, least distance in periods, type)."""
        return [
            (p, s, *link_distance(int(t), int(lag), int(f), int(span[p]), parts))
            for p, s, t, lag, f in zip(
                network.predecessor.tolist(),
                network.successor.tolist(),
                network.link_type.tolist(),
                network.lag.tolist(),
                network.lag_format.tolist(),
                strict=True,
            )
        ]

    def _demands(self, repository: EntityRepository, working: np.ndarray) -> tuple[list[Resource], list[list[int]]]:
        index = {t.key: i for i, t in enumerate(self.tasks)}
        work = {r.key: r for r in repository.every(Resource) if r.resource_kind is ResourceKind.WORK}
        mine = [a for a in repository.every(Assignment) if a.task in index and a.resource in work and working[index[a.task]]]
        used = sorted({a.resource for a in mine})
        column = {key: r for r, key in enumerate(used)}
        demand = [[0] * len(used) for _ in range(len(working))]
        for a in mine:
            demand[index[a.task]][column[a.resource]] += round(a.units * UNITS)
        return [work[k] for k in used], demand

    def _priorities(self, repository: EntityRepository, n: int) -> tuple[list[int], I64]:
        """Levelling order, as MS Project's: the project's priority first (its own or its
        program's, whichever is higher), then the task's; and which tasks are never to be
        delayed, the task's or that project priority being 1000."""
        programs = {p.key: p.priority for p in repository.every(Program)}
        project = {
            p.key: max(p.priority, programs.get(p.program or "", 0)) for p in self.computed.projects
        }
        found = [project[t.project] * 1001 + t.priority for t in self.tasks]
        never = [max(project[t.project], t.priority) >= DO_NOT_LEVEL for t in self.tasks]
        return found + [0] * (n - len(found)), np.asarray(never + [False] * (n - len(never)), dtype=np.bool_)
