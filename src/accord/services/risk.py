"""Schedule risk of a project or a program: how likely are we to make the date?

The plan, as `accord schedule` computes it, is simulated (see `scheduling/risk.py`) with each
task's three-point estimate (optimistic, most likely = its duration, pessimistic) and the open
risks that name tasks (probability, impact in working days). Work done is not drawn again: a
finished task keeps its actual dates, a started one its actual start and the part done by the
status date; work not started waits for the status date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from accord.domain.codec import Json
from accord.domain.errors import ValidationError
from accord.domain.program import Milestone
from accord.domain.project import Risk, RiskStatus
from accord.scheduling.network import ASAP, NO_TIME
from accord.scheduling.risk import Distribution, Model, RiskEvent, Simulation, simulate
from accord.services.actor import Actor, authorized
from accord.services.scheduling import DAY_MINUTES, Computed, compute_schedulable
from accord.services.unit_of_work import UnitOfWorkFactory
from accord.store.repository import EntityRepository

PERCENTILES = (10, 50, 80, 90)
WORKING_SHARE = 5 * DAY_MINUTES / (7 * 24 * 60)
"""Working minutes per elapsed minute in a standard week: elapsed times are converted with it."""


@dataclass(frozen=True)
class Outlook:
    """The simulated finish of the plan or of one milestone."""

    key: str
    name: str
    planned: dt.datetime
    """The finish of the deterministic schedule."""
    percentiles: dict[int, dt.datetime]
    mean: dt.datetime
    due: dt.date | None = None
    on_time: float | None = None
    """Share of iterations finishing by the end of the due day."""

    def as_json(self) -> dict[str, Json]:
        return {
            "key": self.key,
            "name": self.name,
            "planned": self.planned.isoformat(),
            **{f"p{p}": when.isoformat() for p, when in self.percentiles.items()},
            "mean": self.mean.isoformat(),
            "due": None if self.due is None else self.due.isoformat(),
            "probability_on_time": None if self.on_time is None else round(self.on_time, 4),
        }


@dataclass(frozen=True)
class RiskReport:
    key: str
    iterations: int
    seed: int
    distribution: Distribution
    finish: Outlook
    milestones: tuple[Outlook, ...]
    tasks: tuple[dict[str, Json], ...]
    """Per task: criticality index, sensitivity (correlation with the finish), mean duration."""
    histogram: tuple[dict[str, Json], ...]
    approximations: tuple[str, ...]

    def as_json(self) -> dict[str, Json]:
        return {
            "key": self.key,
            "iterations": self.iterations,
            "seed": self.seed,
            "distribution": self.distribution.value,
            "finish": self.finish.as_json(),
            "milestones": [m.as_json() for m in self.milestones],
            "tasks": list(self.tasks),
            "histogram": list(self.histogram),
            "approximations": list(self.approximations),
        }


class RiskService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._uow = unit_of_work

    def analyse(
        self,
        actor: Actor,
        key: str,
        *,
        iterations: int = 10_000,
        seed: int = 0,
        distribution: Distribution = Distribution.TRIANGULAR,
    ) -> RiskReport:
        if iterations < 1:
            raise ValidationError("risk", "iterations", "must be at least 1")
        with self._uow(write=False) as uow:
            repository, _ = authorized(uow, actor)
            computed = compute_schedulable(repository, key)
            translation = _Translation(computed, repository)
            program_milestones = [m for m in repository.every(Milestone) if m.program == key]
        watch = translation.watch(program_milestones)
        simulation = simulate(translation.model, iterations, seed=seed, distribution=distribution, watch=watch)
        return translation.report(key, simulation, seed, distribution, program_milestones)


class _Translation:
    """The computed plan as a simulation model (working minutes), and the way back to dates."""

    def __init__(self, computed: Computed, repository: EntityRepository) -> None:
        self.computed = computed
        plan, result = computed.plan, computed.result
        network, calendars = plan.network, plan.calendars
        self.calendar = network.calendar
        notes: list[str] = []

        def working(clock: np.ndarray) -> np.ndarray:
            return calendars.working(self.calendar, clock).astype(np.float64)

        likely = np.where(network.elapsed, network.duration * WORKING_SHARE, network.duration).astype(np.float64)
        low, high = likely.copy(), likely.copy()
        for i, task in enumerate(plan.tasks):
            if plan.children[i] or network.duration[i] == 0:
                continue
            if task.optimistic is not None:
                low[i] = task.optimistic
            if task.pessimistic is not None:
                high[i] = task.pessimistic
        earliest = working(network.earliest)
        pinned = network.constraint != ASAP
        earliest = np.where(pinned, np.maximum(earliest, working(result.early_start)), earliest)
        waiting = network.status_time != NO_TIME
        earliest = np.where(waiting, np.maximum(earliest, working(np.where(waiting, network.status_time, 0))), earliest)
        started = network.actual_start != NO_TIME
        finished = network.actual_finish != NO_TIME
        began = working(np.where(started, network.actual_start, 0))
        ended = working(np.where(finished, network.actual_finish, 0))
        status = working(np.where(waiting, network.status_time, 0))
        left = 1 - network.percent_complete / 100.0
        done_part = np.maximum(status - began, 0)
        for array in (low, likely, high):
            array[:] = np.where(started & ~finished, done_part + left * array, array)
            array[:] = np.where(finished, ended - began, array)
        earliest = np.where(started, began, earliest)
        if len(set(self.calendar.tolist())) > 1:
            notes.append("tasks use several calendars: their working times are compared as if they were one")
        if network.elapsed.any() or (network.lag_format == 1).any():
            notes.append("elapsed durations and lags count five working days a week")
        if np.isin(network.constraint, (1, 3, 5)).any():  # as late as possible, start or finish no later than
            notes.append("as-late-as-possible and no-later-than constraints are not simulated")
        if pinned.any():
            notes.append("dated constraints keep their tasks no earlier than scheduled")
        self.notes = tuple(notes)
        tasks = {t.key: i for i, t in enumerate(plan.tasks)}
        events = []
        for risk in repository.every(Risk):
            hit = tuple(tasks[k] for k in risk.tasks if k in tasks)
            if hit and risk.status is not RiskStatus.CLOSED and risk.impact_days > 0:
                events.append(RiskEvent(risk.key, risk.probability, risk.impact_days * DAY_MINUTES, hit))
        self.model = Model(
            earliest=earliest,
            low=low,
            likely=likely,
            high=high,
            predecessor=network.predecessor,
            successor=network.successor,
            link_type=network.link_type.astype(np.int64),
            lag=np.where(network.lag_format == 1, network.lag * WORKING_SHARE, network.lag).astype(np.float64),
            percent=network.lag_format == 2,
            risks=tuple(events),
            # A stored levelling delay, as the schedule applies it: not where the task's start is
            # pinned already (its scheduled start includes it) or has been; an advance (on a task
            # as late as possible, which is not simulated) counts for nothing.
            delay=None if (waits := network.waits) is None else np.where(pinned | started, 0, waits).astype(np.float64),
        )
        self.planned = result.early_finish

    def watch(self, program_milestones: list[Milestone]) -> dict[str, list[int]]:
        plan = self.computed.plan
        found = {t.key: [plan.finish_node[i]] for i, t in enumerate(plan.tasks) if t.milestone}
        index = {t.key: i for i, t in enumerate(plan.tasks)}
        for milestone in program_milestones:
            found[milestone.key] = [plan.finish_node[index[k]] for k in milestone.depends_on if k in index]
        return found

    def _date(self, node: int, working: float) -> dt.datetime:
        plan = self.computed.plan
        clock = plan.calendars.to_finish(self.calendar[node : node + 1], np.asarray([round(working)], dtype=np.int64))
        return plan.calendars.clock(int(clock[0]), self._zone(node))

    def _zone(self, node: int) -> str | None:
        """The zone of the task a node belongs to (a finish event's, its summary's)."""
        plan = self.computed.plan
        task = node if node < len(plan.tasks) else plan.finish_node.index(node)
        return plan.zone(task)

    def _outlook(self, key: str, name: str, node: int, values: np.ndarray, planned: int, due: dt.date | None) -> Outlook:
        calendars = self.computed.plan.calendars
        on_time = None
        if due is not None:
            limit = calendars.working(
                self.calendar[node : node + 1],
                np.asarray([calendars.minute(dt.datetime.combine(due, dt.time(23, 59)), self._zone(node))]),
            )[0]
            on_time = float((values <= limit).mean())
        return Outlook(
            key,
            name,
            calendars.clock(planned, self._zone(node)),
            {p: self._date(node, float(np.percentile(values, p))) for p in PERCENTILES},
            self._date(node, float(values.mean())),
            due,
            on_time,
        )

    def report(
        self, key: str, simulation: Simulation, seed: int, distribution: Distribution, program_milestones: list[Milestone]
    ) -> RiskReport:
        plan = self.computed.plan
        last = int(np.argmax(self.planned))
        deadlines = [p.deadline for p in self.computed.projects if p.key == key and p.deadline]
        finish = self._outlook(key, "finish", last, simulation.finish, int(self.planned[last]), deadlines[0] if deadlines else None)
        by_key = {m.key: m for m in program_milestones}
        milestones = []
        for name, values in simulation.finishes.items():
            if name in by_key:
                nodes = [plan.finish_node[i] for i, t in enumerate(plan.tasks) if t.key in by_key[name].depends_on]
                node = nodes[0] if nodes else last
                planned = int(max((self.planned[n] for n in nodes), default=self.planned[last]))
                milestones.append(self._outlook(name, by_key[name].name, node, values, planned, by_key[name].date))
            else:
                i = next(i for i, t in enumerate(plan.tasks) if t.key == name)
                node = plan.finish_node[i]
                milestones.append(self._outlook(name, plan.tasks[i].name, node, values, int(self.planned[node]), None))
        tasks = [
            {
                "key": t.key,
                "name": t.name,
                "project": t.project,
                "criticality": round(float(simulation.criticality[i]), 4),
                "sensitivity": round(float(simulation.sensitivity[i]), 4),
                "mean_duration_days": round(float(simulation.mean_duration[i]) / DAY_MINUTES, 2),
            }
            for i, t in enumerate(plan.tasks)
            if not plan.children[i]
        ]
        tasks.sort(key=lambda row: (-abs(float(row["sensitivity"])), -float(row["criticality"]), str(row["key"])))  # type: ignore[arg-type]
        counts, edges = np.histogram(simulation.finish, bins=20)
        histogram = tuple(
            {"from": self._date(last, float(a)).isoformat(), "to": self._date(last, float(b)).isoformat(), "count": int(c)}
            for a, b, c in zip(edges[:-1], edges[1:], counts, strict=True)
        )
        return RiskReport(
            key, simulation.iterations, seed, distribution, finish, tuple(milestones), tuple(tasks), histogram, self.notes
        )
