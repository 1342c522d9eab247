"""The demo organisation's client projects, built from one implementation template.

Each project has 31 tasks in a six-phase WBS, links of all four types (with working, elapsed and
percentage lags and one lead), constraints, deadlines, assignments and, for the projects under
way, progress. Acme's bank integration feeds Svea's: a link between projects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from accord.domain.base import Entity
from accord.domain.project import ConstraintType, Dependency, LagFormat, LinkType, Project, ScopeItem, Task
from accord.domain.resources import Assignment

DAY = 480
"""Minutes of work in a standard day."""

# wbs, name, working days (None: summary task), milestone
TEMPLATE: tuple[tuple[str, str, float | None, bool], ...] = (
    ("1", "Initiation", None, False),
    ("1.1", "Kick-off workshop", 2, False),
    ("1.2", "Project charter signed", 0, True),
    ("2", "Discovery and design", None, False),
    ("2.1", "Current-state process review", 5, False),
    ("2.2", "Chart of accounts mapping", 4, False),
    ("2.3", "Integration design", 5, False),
    ("2.4", "Localisation requirements", 3, False),
    ("2.5", "Design signed off", 0, True),
    ("3", "Build and configure", None, False),
    ("3.1", "Tenant provisioning", 1, False),
    ("3.2", "Ledger configuration", 8, False),
    ("3.3", "Bank integration", 10, False),
    ("3.4", "E-invoicing set-up", 6, False),
    ("3.5", "Reporting pack", 6, False),
    ("3.6", "Data migration scripts", 8, False),
    ("4", "Testing", None, False),
    ("4.1", "System integration test", 10, False),
    ("4.2", "Trial migration", 3, False),
    ("4.3", "User acceptance test", 10, False),
    ("4.4", "UAT signed off", 0, True),
    ("5", "Deployment", None, False),
    ("5.1", "End-user training", 5, False),
    ("5.2", "Final data migration", 2, False),
    ("5.3", "Cut-over", 1, False),
    ("5.4", "Go-live", 0, True),
    ("5.5", "Legacy system parallel run", 10, False),
    ("6", "Hypercare", None, False),
    ("6.1", "Hypercare support", 10, False),
    ("6.2", "Handover to support", 1, False),
    ("6.3", "Project closed", 0, True),
)

FS, SS, FF, SF = LinkType.FINISH_TO_START, LinkType.START_TO_START, LinkType.FINISH_TO_FINISH, LinkType.START_TO_FINISH
W, E, P = LagFormat.WORKING, LagFormat.ELAPSED, LagFormat.PERCENT

# predecessor, successor, type, lag (minutes or percent), lag format
LINKS: tuple[tuple[str, str, LinkType, int, LagFormat], ...] = (
    ("1.1", "1.2", FS, 0, W),
    ("1.2", "2.1", FS, 24 * 60, E),  # a day for the charter to circulate, weekends included
    ("2.1", "2.2", SS, 2 * DAY, W),
    ("2.1", "2.3", FS, 0, W),
    ("2.1", "2.4", SS, 1 * DAY, W),
    ("2.2", "2.5", FS, 0, W),
    ("2.3", "2.5", FS, 0, W),
    ("2.4", "2.5", FS, 0, W),
    ("2.5", "3.1", FS, 0, W),
    ("3.1", "3.2", FS, 0, W),
    ("3.2", "3.3", SS, 2 * DAY, W),
    ("3.2", "3.4", FS, 0, W),
    ("3.2", "3.5", SS, 3 * DAY, W),
    ("3.2", "3.6", FF, 2 * DAY, W),
    ("3.3", "4.1", SS, 50, P),
    ("3.4", "4.1", FS, 0, W),
    ("3.5", "4.1", FS, 0, W),
    ("3.6", "4.2", FS, 0, W),
    ("4.1", "4.3", FS, 0, W),
    ("4.2", "4.3", FS, 0, W),
    ("4.3", "4.4", FF, 0, W),
    ("4.3", "5.1", FS, -3 * DAY, W),  # training starts three days before UAT ends: a lead
    ("4.4", "5.2", FS, 0, W),
    ("5.1", "5.2", FS, 0, W),
    ("5.2", "5.3", FS, 0, W),
    ("5.3", "5.4", FS, 0, W),
    ("5.2", "5.5", FS, 0, W),
    ("6.1", "5.5", SF, 0, W),  # the legacy system runs until hypercare starts
    ("5.4", "6.1", FS, 0, W),
    ("6.1", "6.2", FS, 0, W),
    ("6.2", "6.3", FS, 0, W),
)


@dataclass(frozen=True)
class Plan:
    """What differs between the demo's projects."""

    project: Project
    scale: float
    """Durations are the template's times this."""
    manager: str
    architect: str | None
    consultant: str
    cut_over: dt.date | None
    """Cut-over must start on this day (a client's period close), if set."""
    progress: dict[str, tuple[int, dt.date, dt.date | None]]
    """By WBS code: percent complete, actual start, actual finish."""
    deadlines: dict[str, dt.date] = dataclasses.field(default_factory=dict)
    """By WBS code: deadlines beyond the template's."""


def _at(day: dt.date, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def _tasks(plan: Plan) -> list[Task]:
    project = plan.project
    tasks: list[Task] = []
    for position, (wbs, name, days, milestone) in enumerate(TEMPLATE):
        parent = None if "." not in wbs else f"{project.key}-{wbs.split('.')[0]}"
        constraint, constraint_date, deadline = ConstraintType.AS_SOON_AS_POSSIBLE, None, None
        if wbs == "1.1":
            constraint, constraint_date = ConstraintType.START_NO_EARLIER_THAN, _at(project.start)
        if wbs == "5.3" and plan.cut_over is not None:
            constraint, constraint_date = ConstraintType.MUST_START_ON, _at(plan.cut_over)
        if wbs == "6.3" and project.deadline is not None:
            constraint, constraint_date = ConstraintType.FINISH_NO_LATER_THAN, _at(project.deadline, 17)
        if wbs == "4.4" and plan.cut_over is not None:
            deadline = _at(plan.cut_over - dt.timedelta(days=14), 17)
        if wbs in plan.deadlines:
            deadline = _at(plan.deadlines[wbs], 17)
        percent, actual_start, actual_finish = plan.progress.get(wbs, (0, None, None))
        # A milestone reached is reached at the end of its day, when its predecessors finished.
        start_hour = 17 if milestone else 8
        minutes = 0 if days is None else round(days * plan.scale) * DAY
        optimistic, pessimistic = _estimates(name, minutes)
        tasks.append(
            Task(
                key=f"{project.key}-{wbs}",
                name=name,
                project=project.key,
                parent=parent,
                position=position,
                duration=minutes,
                milestone=milestone,
                optimistic=optimistic,
                pessimistic=pessimistic,
                constraint=constraint,
                constraint_date=constraint_date,
                deadline=deadline,
                percent_complete=percent,
                actual_start=None if actual_start is None else _at(actual_start, start_hour),
                actual_finish=None if actual_finish is None else _at(actual_finish, 17),
            )
        )
    return tasks


def _estimates(name: str, duration: int) -> tuple[int | None, int | None]:
    """Three-point estimates of the longer tasks: a fifth shorter at best, half again as long at
    worst (twice as long for integrations and data migrations, which surprise more often)."""
    if duration < 3 * DAY:
        return None, None
    worst = 2 if any(word in name.lower() for word in ("integration", "migration")) else 1.5
    return duration * 4 // 5 // 60 * 60, round(duration * worst) // 60 * 60


def _links(plan: Plan) -> list[Dependency]:
    key = plan.project.key
    return [
        Dependency(key=f"{key}-L{n}", predecessor=f"{key}-{a}", successor=f"{key}-{b}", type=t, lag=lag, lag_format=f)
        for n, (a, b, t, lag, f) in enumerate(LINKS, start=1)
    ]


def _assignments(plan: Plan) -> list[Assignment]:
    key = plan.project.key
    wanted: list[tuple[str, str, float]] = [
        ("1.1", plan.manager, 1.0),
        ("6.2", plan.manager, 0.5),
        ("3.1", "R-tenant", 1.0),
        ("3.2", plan.consultant, 1.0),
        ("3.6", plan.consultant, 1.0),
        ("4.2", plan.consultant, 1.0),
        ("4.1", "R-consultants", 2.0),
        ("4.3", "R-consultants", 1.0),
        ("5.1", plan.consultant, 1.0),
    ]
    if plan.architect is not None:
        wanted += [("2.1", plan.architect, 0.5), ("2.3", plan.architect, 1.0), ("3.3", plan.architect, 1.0)]
    return [
        Assignment(key=f"{key}-A{n}", task=f"{key}-{wbs}", resource=resource, units=units)
        for n, (wbs, resource, units) in enumerate(wanted, start=1)
    ]


D = dt.date

PLANS = (
    Plan(
        Project(
            key="NORD-ACME",
            name="Acme Shipping: Ledger Cloud implementation",
            account="ACME",
            program="NORDICS",
            start=D(2027, 1, 4),
            deadline=D(2027, 7, 30),
            budget=Decimal(900_000),
            calendar="norway",
            time_zone="Europe/Oslo",
            priority=700,
            status_date=D(2027, 3, 1),
            objectives=("OBJ-NORDICS", "OBJ-EINVOICE"),
        ),
        scale=1.0,
        manager="R-jonas",
        architect="R-ana",
        consultant="R-mikkel",
        cut_over=D(2027, 5, 18),
        progress={
            "1.1": (100, D(2027, 1, 4), D(2027, 1, 5)),
            "1.2": (100, D(2027, 1, 5), D(2027, 1, 5)),
            "2.1": (100, D(2027, 1, 7), D(2027, 1, 13)),
            "2.2": (100, D(2027, 1, 11), D(2027, 1, 14)),
            "2.3": (100, D(2027, 1, 14), D(2027, 1, 21)),
            "2.4": (100, D(2027, 1, 8), D(2027, 1, 12)),
            "2.5": (100, D(2027, 1, 21), D(2027, 1, 21)),
            "3.1": (100, D(2027, 1, 22), D(2027, 1, 22)),
            "3.2": (60, D(2027, 1, 25), None),
            "3.3": (30, D(2027, 1, 27), None),
        },
    ),
    Plan(
        Project(
            key="NORD-SVEA",
            name="Svea Logistik: Ledger Cloud implementation",
            account="SVEA",
            program="NORDICS",
            start=D(2027, 2, 1),
            deadline=D(2027, 10, 15),
            budget=Decimal(850_000),
            calendar="sweden",
            time_zone="Europe/Stockholm",
            objectives=("OBJ-NORDICS",),
        ),
        scale=1.2,
        manager="R-jonas",
        architect="R-ana",
        consultant="R-mikkel",
        cut_over=D(2027, 8, 16),
        progress={},
        # Svea's bank closes its old file interface on 26 March; Acme's connector, which Svea's
        # integration reuses, is not ready in time: the link between the projects has no room.
        deadlines={"3.3": D(2027, 3, 26)},
    ),
    Plan(
        Project(
            key="NORD-SUOMI",
            name="Suomi Retail: Ledger Cloud implementation",
            account="SUOMI",
            program="NORDICS",
            start=D(2027, 2, 15),
            deadline=D(2027, 11, 30),
            budget=Decimal(800_000),
            calendar="finland",
            time_zone="Europe/Helsinki",
            objectives=("OBJ-NORDICS",),
        ),
        # Cut-over after the program's regional go-live of 1 September: the program date cannot hold.
        scale=1.1,
        manager="R-sofia",
        architect="R-ana",
        consultant="R-lea",
        cut_over=D(2027, 9, 6),
        progress={},
    ),
    Plan(
        # Outside any program and serving no objective; its contractual deadline is too tight.
        Project(
            key="UK-BRIT",
            name="Britannia Foods: Ledger Cloud implementation",
            account="BRIT",
            start=D(2027, 3, 1),
            deadline=D(2027, 5, 14),
            budget=Decimal(400_000),
            currency="GBP",
            calendar="england",
            time_zone="Europe/London",
            priority=400,
            status_date=D(2027, 4, 1),
        ),
        scale=0.9,
        manager="R-liam",
        architect=None,
        consultant="R-lea",
        cut_over=None,
        progress={
            "1.1": (100, D(2027, 3, 1), D(2027, 3, 2)),
            "1.2": (100, D(2027, 3, 2), D(2027, 3, 2)),
            "2.1": (80, D(2027, 3, 4), None),
        },
    ),
)

CROSS_PROJECT = (
    # Svea's bank integration reuses Acme's connector: it starts two days after Acme's is done.
    Dependency(key="X-ACME-SVEA-BANK", predecessor="NORD-ACME-3.3", successor="NORD-SVEA-3.3", lag=2 * DAY),
)

SCOPE = (
    ScopeItem(
        key="SCOPE-1",
        project="NORD-ACME",
        feature="LC-PEPPOL",
        needed_by=D(2027, 5, 3),
        note="Acme invoices its public-sector customers through PEPPOL from go-live.",
    ),
    ScopeItem(key="SCOPE-2", project="NORD-ACME", feature="LC-SAFT", needed_by=D(2027, 4, 12)),
    ScopeItem(key="SCOPE-3", project="NORD-ACME", feature="LC-BANK-FORMATS", needed_by=D(2027, 3, 29)),
    ScopeItem(key="SCOPE-4", project="NORD-SVEA", feature="LC-BANK-FORMATS", needed_by=D(2027, 4, 26)),
    ScopeItem(
        key="SCOPE-5",
        project="NORD-SVEA",
        feature="LC-SE-PAYROLL-LINK",
        needed_by=D(2027, 7, 1),
        note="Promised in the sales contract.",
    ),
    ScopeItem(key="SCOPE-6", project="NORD-SUOMI", feature="LC-FI-VAT", needed_by=D(2027, 7, 5)),
    ScopeItem(key="SCOPE-7", project="UK-BRIT", feature="LC-SSO", needed_by=D(2027, 4, 1)),
)


def entities() -> list[Entity]:
    found: list[Entity] = []
    for plan in PLANS:
        found += [plan.project, *_tasks(plan), *_links(plan), *_assignments(plan)]
    return [*found, *CROSS_PROJECT, *SCOPE]
