"""What a levelled plan says to the people who read it: each task that moves, by how much and
why ("waiting for Ana Ruiz, busy on T-17 of NORD-ACME"), who is still booked over capacity and by
what, and each resource's load day by day before and after."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from accord.domain.codec import Json
from accord.levelling.problem import I64
from accord.services.levelling_model import DO_NOT_LEVEL, ROUNDS, LevellingModel
from accord.services.levelling_report import LevelledTask, LevellingReport

if TYPE_CHECKING:
    from accord.levelling.search import Search


def report(
    model: LevellingModel,
    key: str,
    search: Search,
    start: I64,
    schedules: int,
    seconds: float,
    exact: tuple[bool, int] | None = None,
) -> LevellingReport:
    """The report on the levelled schedule `start`, as `LevellingModel.settle` gave it (its dates
    are the schedule's, `model.dates`); `exact`: whether the solver proved it optimal, and its
    bound in periods."""
    problem, plan, days = model.problem, model.computed.plan, model.days
    early, _ = model.unlevelled.unconstrained()  # tasks as late as possible where they were
    calendars = plan.calendars
    duration = problem.duration
    clock_start, clock_finish = model.dates  # the schedule's own, to the minute
    _, before_finish = _clock(model, early)
    usage = problem.usage(start)
    finish = problem.finish(start)
    delayed = []
    waited = days.working(model.row, start) - days.working(model.row, early)
    for node in np.flatnonzero(start > early).tolist():
        if node >= len(model.tasks) or (duration[node] == 0 and not problem.demand[node].any()):
            continue
        task = model.tasks[node]
        delayed.append(
            LevelledTask(
                task.key,
                task.name,
                task.project,
                calendars.clock(int(clock_start[node]), plan.zone(node)),
                calendars.clock(int(clock_finish[node]), plan.zone(node)),
                round(float(waited[node] / days.usual[model.row[node]]), 2),
                _reason(model, node, start, finish, usage),
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
            "available": days.by_day(_available(model, i, length)).tolist(),
            "before": peak_before[:, i].tolist(),
            "after": peak_after[:, i].tolist(),
        }
        for i, r in enumerate(model.resources)
    }
    return LevellingReport(
        key=key,
        projects=tuple(p.key for p in model.computed.projects),
        first_day=days.date(0),
        days=tuple(days.date(d) for d in range(days.days(min(length, days.periods)))),
        days_before=days.days(search.makespan(early)),
        days_after=days.days(search.makespan(start)),
        finish_before=calendars.clock(
            int(before_finish.max()), plan.zone(_task_of(model, int(before_finish.argmax())))
        ),
        finish_after=calendars.clock(int(clock_finish.max()), plan.zone(_task_of(model, int(clock_finish.argmax())))),
        schedules=schedules,
        seconds=seconds,
        tasks=tuple(delayed),
        unresolved=(*model.unresolved, *_overbooked(model, start, finish, usage)),
        histograms=histograms,
        proven_optimal=None if exact is None else exact[0],
        bound_days=days.days(search.lower_bound if exact is None else exact[1]),
    )


def _overbooked(model: LevellingModel, start: I64, finish: I64, usage: I64) -> list[str]:
    """Resources still over capacity after levelling: only tasks that never move can book
    them so (levelling puts nothing else there), or tasks as late as possible that the
    levelled plan moved after its last levelling."""
    problem, found = model.problem, []
    for r in np.flatnonzero((usage > problem.capacity).any(axis=0)).tolist():
        period = int(np.flatnonzero(usage[:, r] > problem.capacity[r])[0])
        users = model.users[r]
        users = users[(start[users] <= period) & (period < finish[users])]
        day = model.days.date(period // model.days.parts)
        if model.drifted[users].any():
            found.append(
                f"{model.resources[r].name} is booked over capacity on {day} where tasks move with the levelled plan "
                f"(after {ROUNDS} levellings): " + ", ".join(model.names[a] for a in users.tolist())
            )
            continue
        found.append(
            f"{model.resources[r].name} is booked over capacity on {day} by tasks that never move (under way, on a "
            f"must-start or must-finish date, or of priority {DO_NOT_LEVEL}): "
            + ", ".join(model.names[a] for a in users[problem.fixed[users]].tolist())
        )
    return found


def _available(model: LevellingModel, resource: int, length: int) -> I64:
    """A resource's capacity in each period: none in those its own calendar does not work."""
    problem, row = model.problem, int(model.problem.resource_calendar[resource])
    capacity = np.full(length, int(problem.capacity[resource]), dtype=np.int64)
    if row >= 0:
        capacity[problem.works[row, np.minimum(np.arange(length), model.days.periods)] <= 0] = 0
    return capacity


def _task_of(model: LevellingModel, node: int) -> int:
    """The task a node belongs to (a summary's finish event, the summary)."""
    plan = model.computed.plan
    return node if node < len(plan.tasks) else plan.finish_node.index(node)


def _clock(model: LevellingModel, period: I64) -> tuple[I64, I64]:
    """Clock times of the starts and finishes of activities starting in `period`s: each works
    its duration in working minutes of its calendar from the start of its period."""
    calendars, duration = model.computed.plan.calendars, model.problem.duration
    worked = model.days.working(model.row, period)
    start = calendars.to_start(model.calendar, worked)
    finish = calendars.to_finish(model.calendar, worked + duration)
    return start, np.where(duration > 0, finish, start)


def _reason(model: LevellingModel, node: int, start: I64, finish: I64, usage: np.ndarray) -> str:
    """Why the task starts when it does: a resource full in its last working period before,
    or a predecessor."""
    problem, works, row = model.problem, model.problem.works, int(model.row[node])
    day = int(start[node]) - 1
    while day > 0 and works[row, min(day, model.days.periods)] <= 0:
        day -= 1
    for r in np.flatnonzero(problem.demand[node]).tolist():
        if day < 0 or day >= len(usage) or usage[day, r] + problem.demand[node, r] <= problem.capacity[r]:
            continue
        users = model.users[r]
        busy = users[(start[users] <= day) & (day < finish[users]) & (users != node)].tolist()
        on = ", ".join(f"{model.names[b]} of {model.tasks[b].project}" for b in busy[:2] if b < len(model.tasks))
        return f"waiting for {model.resources[r].name}" + (f", busy on {on}" if on else "")
    for i in range(problem.pred_start[node], problem.pred_start[node + 1]):
        before = int(problem.pred[i])
        allowed = (finish[before] if problem.after_finish[i] else start[before]) + problem.lag[i]
        while allowed < start[node] and works[row, min(allowed, model.days.periods)] <= 0:
            allowed += 1
        if allowed == start[node]:
            return f"follows {model.names[before]}, itself moved"
    return "its earliest date"
