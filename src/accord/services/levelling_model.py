"""A plan as a levelling problem, and the way back from levelled periods to dates.

The plan (as `accord schedule` computes it) becomes a problem in periods: the days someone in it
works, each cut into the fewest parts in which its durations and lags are whole
(`accord.services.levelling_days`). Each task does its working minutes in the periods its
calendar works (days off pause it, a half day does half a day's work); links of every type, with
lags and leads, become least distances from starts or finishes to starts or finishes; every work
resource (a person, a team) has its maximum units as capacity, is loaded only in the periods its
own calendar works, and each task asks for the units of its assignments. Work under way, tasks
on a must-start-on or must-finish-on date, tasks as late as possible and tasks of priority 1000
are never delayed (work under way stands for what remains of it, from where the schedule resumes
it; a task as late as possible sits where the schedule puts it: as late as what follows it and
the plan's end allow); tasks under another dated lower bound keep their scheduled start as their
earliest, work not started waits for the status date; finished tasks ask for nothing. What the
levelled plan will be is asked of the schedule itself (`LevellingModel.settle`).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

from accord.domain.codec import Json
from accord.domain.errors import ValidationError
from accord.domain.program import Program
from accord.domain.resources import Assignment, Resource, ResourceKind
from accord.levelling.problem import I64, Problem
from accord.scheduling import cpm
from accord.scheduling.network import ALAP, FNET, MFO, MSO, NO_TIME, SNET, WORKING, Network
from accord.services.levelling_days import WorkingDays, link_distance, parts_of_day
from accord.services.levelling_report import LevelledTask, LevellingReport
from accord.services.scheduling import DAY_MINUTES, Computed
from accord.store.repository import EntityRepository

if TYPE_CHECKING:
    from accord.levelling.search import Search

UNITS = 100
"""Capacities and demands are whole percent of one person's time."""
DO_NOT_LEVEL = 1000
"""A task of this priority is never delayed (MS Project's "do not level")."""
ROUNDS = 3
"""Levellings at most, while tasks no delay holds (as late as possible, priority 1000) move
with the levelled plan."""
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
        self.days = days = WorkingDays.of(calendars, used, origin, parts) if parts > 1 else whole
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
        # The activities that need each resource.
        self._users = [np.flatnonzero(column) for column in np.asarray(demand, dtype=np.int64).reshape(n, -1).T]
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
        differs: `_calibrated`). No delay holds some tasks where levelling put them: one as
        late as possible goes as late as what follows it and the plan's end allow, one never
        levelled (priority 1000) follows its links. One as late as possible levelled later than
        the schedule would put it (`pinned`) gets a levelling delay to hold it there. None where
        a task would move: it starts from there, to be levelled again. Unless `last`: then it
        moves (`drifted`), and what that overbooks is said. `delays` are then the levelling
        delays that give the schedule returned, and `dates` its dates."""
        late, problem = self.late, self.problem
        self.pinned = pinned = np.zeros(problem.size, dtype=np.bool_)
        while True:
            self.delays = self.own_delays(start)
            place = self._calibrated(start)
            beyond = late & ~pinned & (start > place)
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

    def _calibrated(self, start: I64) -> I64:
        """Where the schedule puts each activity with `delays`, those delays first mended where
        the schedule's own arithmetic (links to a finish, milestones at a day's end, the minute
        a calendar's day ends) puts a levelled task elsewhere than `start`: its delay grows or
        shrinks by the working time between the two, a few times at most."""
        place = self._scheduled(self.delays)
        tasks = np.arange(len(self.tasks))
        mendable = ~self.late[tasks] & ~self.problem.fixed[tasks] & self.leaf
        for _ in range(MENDS):
            off = np.flatnonzero(mendable & (place[tasks] != start[tasks]))
            if off.size == 0:
                break
            rows = self.row[off]
            change = self.days.working(rows, start[off]) - self.days.working(rows, place[off])
            for node, minutes in zip(off.tolist(), change.tolist(), strict=True):
                key = self.tasks[node].key
                self.delays[key] = max(self.delays.get(key, 0) + minutes, 0)
            self.delays = {k: v for k, v in self.delays.items() if v > 0}
            place = self._scheduled(self.delays)
        return place

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
        wait[(self.late & ~self.pinned)[tasks]] = 0  # the schedule puts them there itself
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

    def report(
        self, key: str, search: Search, start: I64, schedules: int, seconds: float, exact: tuple[bool, int] | None = None
    ) -> LevellingReport:
        problem, plan, days = self.problem, self.computed.plan, self.days
        early, _ = self.unlevelled.unconstrained()  # tasks as late as possible where they were
        calendars = plan.calendars
        duration = problem.duration
        clock_start, clock_finish = self.dates  # the schedule's own, to the minute
        _, before_finish = self._clock(early)
        usage = problem.usage(start)
        finish = problem.finish(start)
        delayed = []
        waited = days.working(self.row, start) - days.working(self.row, early)
        for node in np.flatnonzero(start > early).tolist():
            if node >= len(self.tasks) or (duration[node] == 0 and not problem.demand[node].any()):
                continue
            task = self.tasks[node]
            delayed.append(
                LevelledTask(
                    task.key,
                    task.name,
                    task.project,
                    calendars.clock(int(clock_start[node]), plan.zone(node)),
                    calendars.clock(int(clock_finish[node]), plan.zone(node)),
                    round(float(waited[node] / problem.works[self.row[node], -1] / days.parts), 2),
                    self._reason(node, start, finish, usage),
                )
            )
        delayed.sort(key=lambda t: (-t.delay_days, t.key))
        before = problem.usage(early)
        length = max(len(before), len(usage))
        peak_before, peak_after = days.by_day(before), days.by_day(usage)
        histograms: dict[str, dict[str, Json]] = {
            r.key: {
                "name": r.name,
                "capacity_percent": int(problem.capacity[i]),
                "available": days.by_day(self._available(i, length)).tolist(),
                "before": peak_before[:, i].tolist(),
                "after": peak_after[:, i].tolist(),
            }
            for i, r in enumerate(self.resources)
        }
        return LevellingReport(
            key=key,
            projects=tuple(p.key for p in self.computed.projects),
            first_day=days.date(0),
            days=tuple(days.date(d) for d in range(days.days(min(length, days.periods)))),
            days_before=days.days(search.makespan(early)),
            days_after=days.days(search.makespan(start)),
            finish_before=calendars.clock(int(before_finish.max()), plan.zone(self._task_of(int(before_finish.argmax())))),
            finish_after=calendars.clock(int(clock_finish.max()), plan.zone(self._task_of(int(clock_finish.argmax())))),
            schedules=schedules,
            seconds=seconds,
            tasks=tuple(delayed),
            unresolved=(*self.unresolved, *self._overbooked(start, finish, usage)),
            histograms=histograms,
            proven_optimal=None if exact is None else exact[0],
            bound_days=days.days(search.lower_bound if exact is None else exact[1]),
        )

    def _overbooked(self, start: I64, finish: I64, usage: I64) -> list[str]:
        """Resources still over capacity after levelling: only tasks that never move can book
        them so (levelling puts nothing else there), or tasks as late as possible that the
        levelled plan moved after its last levelling."""
        problem, found = self.problem, []
        for r in np.flatnonzero((usage > problem.capacity).any(axis=0)).tolist():
            period = int(np.flatnonzero(usage[:, r] > problem.capacity[r])[0])
            users = self._users[r]
            users = users[(start[users] <= period) & (period < finish[users])]
            day = self.days.date(period // self.days.parts)
            if self.drifted[users].any():
                found.append(
                    f"{self.resources[r].name} is booked over capacity on {day} where tasks move with the levelled plan "
                    f"(after {ROUNDS} levellings): " + ", ".join(self.names[a] for a in users.tolist())
                )
                continue
            found.append(
                f"{self.resources[r].name} is booked over capacity on {day} by tasks that never move (under way, on a "
                f"must-start or must-finish date, or of priority {DO_NOT_LEVEL}): "
                + ", ".join(self.names[a] for a in users[problem.fixed[users]].tolist())
            )
        return found

    def _available(self, resource: int, length: int) -> I64:
        """A resource's capacity in each period: none in those its own calendar does not work."""
        problem, row = self.problem, int(self.problem.resource_calendar[resource])
        capacity = np.full(length, int(problem.capacity[resource]), dtype=np.int64)
        if row >= 0:
            capacity[problem.works[row, np.minimum(np.arange(length), self.days.periods)] <= 0] = 0
        return capacity

    def _task_of(self, node: int) -> int:
        """The task a node belongs to (a summary's finish event, the summary)."""
        plan = self.computed.plan
        return node if node < len(plan.tasks) else plan.finish_node.index(node)

    def _clock(self, period: I64) -> tuple[I64, I64]:
        """Clock times of the starts and finishes of activities starting in `period`s: each works
        its duration in working minutes of its calendar from the start of its period."""
        calendars, duration = self.computed.plan.calendars, self.problem.duration
        worked = self.days.working(self.row, period)
        start = calendars.to_start(self.calendar, worked)
        finish = calendars.to_finish(self.calendar, worked + duration)
        return start, np.where(duration > 0, finish, start)

    def _reason(self, node: int, start: I64, finish: I64, usage: np.ndarray) -> str:
        """Why the task starts when it does: a resource full in its last working period before,
        or a predecessor."""
        problem, works, row = self.problem, self.problem.works, int(self.row[node])
        day = int(start[node]) - 1
        while day > 0 and works[row, min(day, self.days.periods)] <= 0:
            day -= 1
        for r in np.flatnonzero(problem.demand[node]).tolist():
            if day < 0 or day >= len(usage) or usage[day, r] + problem.demand[node, r] <= problem.capacity[r]:
                continue
            users = self._users[r]
            busy = users[(start[users] <= day) & (day < finish[users]) & (users != node)].tolist()
            on = ", ".join(f"{self.names[b]} of {self.tasks[b].project}" for b in busy[:2] if b < len(self.tasks))
            return f"waiting for {self.resources[r].name}" + (f", busy on {on}" if on else "")
        for i in range(problem.pred_start[node], problem.pred_start[node + 1]):
            before = int(problem.pred[i])
            allowed = (finish[before] if problem.after_finish[i] else start[before]) + problem.lag[i]
            while allowed < start[node] and works[row, min(allowed, self.days.periods)] <= 0:
                allowed += 1
            if allowed == start[node]:
                return f"follows {self.names[before]}, itself moved"
        return "its earliest date"
