"""Levelling a project, or a program's projects together, against the people actually there.

The plan (as `accord schedule` computes it) becomes a problem in periods
(`accord.services.levelling_model`). The engine then delays tasks — never before what links and
constraints allow — until no resource is over its capacity in any period, finishing as early as
it can find within its budget.
The result says what would move, by how much and why; stored (`apply`), each task that waits
for a resource gets its wait, in working minutes of its calendar, as a levelling delay, which
the schedule then honours. Levelling always starts afresh from the plan without levelling delays.

The levelled plan is checked against the schedule itself (`LevellingModel.settle`): the delays
are mended where the schedule's arithmetic puts a task elsewhere, and the dates reported are the
schedule's (`accord.services.levelling_explained` says what moved and why). A task as late as
possible that the levelled plan would carry later is held by an advance (a negative levelling
delay). A task no delay holds — one of priority 1000, which follows its links — goes where the
schedule puts it, and the plan is levelled again with it there (at most `ROUNDS` times in all,
each with the budget of schedules given; a time limit covers them all).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from accord.domain.errors import ValidationError
from accord.domain.project import Task
from accord.levelling.exact import solve
from accord.services import levelling_explained
from accord.services.actor import Actor, authorized
from accord.services.entities import Clock, change_event, utc_now
from accord.services.levelling_model import ROUNDS, LevellingModel
from accord.services.levelling_report import LevellingReport
from accord.services.scheduling import compute_schedulable
from accord.services.unit_of_work import UnitOfWorkFactory
from accord.store.audit import AuditLog
from accord.store.repository import EntityRepository


class LevellingService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock = utc_now) -> None:
        self._uow = unit_of_work
        self._clock = clock

    def level(
        self,
        actor: Actor,
        key: str,
        *,
        schedules: int | None = None,
        seconds: float | None = None,
        seed: int = 0,
        exact: bool = False,
        apply: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> LevellingReport:
        """Level a project or a program (see the module's description). With `exact`, the
        heuristic's schedule (within `schedules`, default 1,000) warm-starts OR-Tools CP-SAT for
        up to `seconds` (default 10), which proves the result optimal or bounds it.

        With `apply`, the result is stored, in one transaction: levelling delays stored before
        are cleared and the plan levelled afresh; then each task that waits for a resource (not
        those that only follow one) gets its wait as its levelling delay, in working minutes of
        its calendar, and each task as late as possible that the levelled plan would carry later
        an advance (a negative delay), so the schedule shows the levelled dates. `progress` hears of each step
        done: "scheduled", (with `exact`) "searched" once the heuristic is done and the solver starts,
        "levelled", then (with `apply`) "stored"."""
        done = progress or (lambda step: None)
        if schedules is not None and schedules < 1:
            raise ValidationError("level", "schedules", "must be at least 1")
        if seconds is not None and seconds <= 0:
            raise ValidationError("level", "time_limit", "must be positive")
        if not apply:
            with self._uow(write=False) as uow:
                repository, _ = authorized(uow, actor)
                computed = compute_schedulable(repository, key)
                model = LevellingModel(computed, repository)
            done("scheduled")
            report = self._level(model, key, schedules, seconds, seed, exact, done)
            done("levelled")
            return report
        with self._uow(write=True) as uow:
            repository, audit = authorized(uow, actor)
            computed = compute_schedulable(repository, key)
            if any(t.levelling_delay for t in computed.tasks):  # level the plan without them
                _set_delays(repository, audit, actor, self._clock(), {}, computed.tasks)
                computed = compute_schedulable(repository, key)
            model = LevellingModel(computed, repository)
            done("scheduled")
            report = self._level(model, key, schedules, seconds, seed, exact, done)
            done("levelled")
            _set_delays(repository, audit, actor, self._clock(), model.delays, computed.tasks)
            uow.commit()
            done("stored")
            return report

    def clear(self, actor: Actor, key: str) -> list[str]:
        """Remove the levelling delays of a project's (or a program's) tasks; the keys changed."""
        with self._uow(write=True) as uow:
            repository, audit = authorized(uow, actor)
            changed = _set_delays(repository, audit, actor, self._clock(), {}, compute_schedulable(repository, key).tasks)
            uow.commit()
            return changed

    def _level(
        self, model: LevellingModel, key: str, schedules: int | None, seconds: float | None, seed: int, exact: bool,
        done: Callable[[str], None],
    ) -> LevellingReport:
        """The report; the model keeps the levelling delays that give its schedule."""
        from accord.levelling.search import Search  # compiled kernels: loaded when first needed

        schedules_used, seconds_used = 0, 0.0
        left = seconds if seconds is not None or not exact else 10.0  # a time limit covers every levelling
        for levelling in range(1, ROUNDS + 1):
            search = Search(model.problem)
            if not exact:
                found = search.genetic(schedules=schedules, seconds=left, seed=seed)
                start, proof, spent = found.start, None, found.seconds
                schedules_used, seconds_used = schedules_used + found.schedules, seconds_used + found.seconds
            else:
                first = search.genetic(schedules=schedules or 1000, seed=seed)
                done("searched")
                solved = solve(model.problem, hint=first.start, time_limit=left or 10.0, seed=seed)
                # The solver's schedule may delay work for nothing; rebuilding it in the order of
                # its starts moves every task as early as that order allows, never later.
                start = search.schedule(search.activity_list(solved.start))
                if search.makespan(start) > solved.makespan:
                    start = solved.start
                proof, spent = (solved.proven, solved.bound), solved.seconds
                schedules_used += first.schedules
                seconds_used += first.seconds + solved.seconds
            left = None if left is None else left - spent
            settled = model.settle(start, last=levelling == ROUNDS or (left is not None and left <= 0))
            if settled is not None:
                return levelling_explained.report(model, key, search, settled, schedules_used, seconds_used, proof)
        raise AssertionError("the last levelling settles")


def _set_delays(
    repository: EntityRepository,
    audit: AuditLog,
    actor: Actor,
    now: dt.datetime,
    delays: Mapping[str, int],
    tasks: Sequence[Task],
) -> list[str]:
    """Give `tasks` the levelling delays in `delays` (working minutes; none for the others),
    audited; the keys of those that changed."""
    changed = [t for t in tasks if t.levelling_delay != delays.get(t.key, 0)]
    for stored in repository.find(Task, keys=[t.key for t in changed]) if changed else []:
        before = stored.entity
        assert isinstance(before, Task)
        after = dataclasses.replace(before, levelling_delay=delays.get(before.key, 0))
        version = repository.update(after, stored.version)
        audit.record([change_event(now, actor, "update", Task.kind, after.key, version, before, after)])
    return [t.key for t in changed]
