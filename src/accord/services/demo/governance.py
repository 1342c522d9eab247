"""Who holds which role on what, the RACI overrides, the decision log, risks and actual costs.

Several problems are planted on purpose, for the alignment rules to find: two product managers
on one product (one under the title "Product Owner", which here otherwise means a project
manager), a program milestone with two accountable people, a resource decision taken by someone
who is not accountable for it, and a project whose manager is also its own sponsor.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accord.domain.base import Entity
from accord.domain.project import Risk
from accord.domain.resources import CostEntry
from accord.domain.roles import Decision, RaciOverride, Responsibility, Role, RoleAssignment

D = dt.date
PdM, PjM, PgM = Role.PRODUCT_MANAGER, Role.PROJECT_MANAGER, Role.PROGRAM_MANAGER
SPO, TM, CC, STK = Role.SPONSOR, Role.TEAM_MEMBER, Role.CLIENT_CONTACT, Role.STAKEHOLDER

_HOLDINGS: tuple[tuple[str, Role, str, str | None], ...] = (
    ("maria", PdM, "LEDGER-CLOUD", "product-manager"),
    ("lars", PdM, "LEDGER-CLOUD", "product-owner"),
    ("oskar", TM, "LEDGER-CLOUD", None),
    ("noah", TM, "LEDGER-CLOUD", None),
    ("hans", STK, "LEDGER-CLOUD", None),
    ("erik", PgM, "NORDICS", "program-lead"),
    ("astrid", SPO, "NORDICS", "delivery-director"),
    ("hans", STK, "NORDICS", None),
    ("jonas", PjM, "NORD-ACME", "product-owner"),
    ("karin", CC, "NORD-ACME", None),
    ("ana", TM, "NORD-ACME", None),
    ("mikkel", TM, "NORD-ACME", None),
    ("jonas", PjM, "NORD-SVEA", "product-owner"),
    ("sven", CC, "NORD-SVEA", None),
    ("ana", TM, "NORD-SVEA", None),
    ("mikkel", TM, "NORD-SVEA", None),
    ("sofia", PjM, "NORD-SUOMI", "product-owner"),
    ("pekka", CC, "NORD-SUOMI", None),
    ("ana", TM, "NORD-SUOMI", None),
    ("lea", TM, "NORD-SUOMI", None),
    ("liam", PjM, "UK-BRIT", "delivery-lead"),
    ("liam", SPO, "UK-BRIT", None),
    ("emma", CC, "UK-BRIT", None),
    ("lea", TM, "UK-BRIT", None),
)

ROLE_ASSIGNMENTS = tuple(
    RoleAssignment(key=f"RA-{n}", person=person, role=role, entity=entity, title=title)
    for n, (person, role, entity, title) in enumerate(_HOLDINGS, start=1)
)

RACI_OVERRIDES = (
    # Organisation-wide: clients are informed of schedule changes, not consulted.
    RaciOverride(
        key="RACI-1", decision_type="project.schedule_change", role=CC, responsibility=Responsibility.INFORMED
    ),
    # On the Nordics program the sponsor also claims the milestone dates.
    RaciOverride(
        key="RACI-2",
        decision_type="program.milestone",
        entity="NORDICS",
        person="astrid",
        responsibility=Responsibility.ACCOUNTABLE,
    ),
    # Acme's scope changes need the product manager's consent, not only a consultation.
    RaciOverride(
        key="RACI-3",
        decision_type="project.scope_change",
        entity="NORD-ACME",
        role=PdM,
        responsibility=Responsibility.RESPONSIBLE,
    ),
)

DECISIONS = (
    Decision(
        key="DEC-1",
        question="Move Acme's user acceptance test two weeks later?",
        decision_type="project.schedule_change",
        entity="NORD-ACME",
        options=("Keep the dates", "Move UAT two weeks later"),
        choice="Move UAT two weeks later",
        rationale="Acme's finance team is closing the year until mid-February.",
        decided_by="jonas",
        decided_on=D(2027, 2, 15),
        revisit_on=D(2027, 3, 15),
    ),
    Decision(
        key="DEC-2",
        question="Who gets Ana Ruiz in March, Acme or Suomi?",
        decision_type="program.resource_arbitration",
        entity="NORDICS",
        options=("Acme first", "Suomi first", "Split her time"),
        choice="Acme first",
        rationale="Acme is the pilot.",
        decided_by="jonas",
        decided_on=D(2027, 2, 22),
    ),
    Decision(
        key="DEC-3",
        question="Ship PEPPOL e-invoicing in 27.1 or 27.2?",
        decision_type="product.release_plan",
        entity="LEDGER-CLOUD",
        options=("27.1", "27.2"),
        choice="27.2",
        rationale="Access-point certification cannot finish before May.",
        decided_by="maria",
        decided_on=D(2027, 1, 18),
    ),
    Decision(
        key="DEC-4",
        question="Raise Britannia's budget by GBP 60,000 for data cleansing?",
        decision_type="project.budget_change",
        entity="UK-BRIT",
        options=("Yes", "No"),
        choice="Yes",
        rationale="Legacy data is worse than the bid assumed.",
        decided_by="liam",
        decided_on=D(2027, 3, 29),
    ),
)

RISKS = (
    Risk(
        key="RISK-PEPPOL-CERT",
        name="PEPPOL access-point certification slips",
        entity="LEDGER-CLOUD",
        probability=0.4,
        impact_days=20,
        owner="maria",
        response="Book the certification slot now.",
        tasks=("NORD-ACME-3.4",),
    ),
    Risk(
        key="RISK-ARCHITECT",
        name="One solution architect for three projects",
        entity="NORDICS",
        probability=0.6,
        impact_days=10,
        impact_cost=Decimal(45_000),
        owner="erik",
        response="Hire or contract a second architect.",
        tasks=("NORD-SVEA-2.3", "NORD-SUOMI-2.3"),
    ),
    Risk(
        key="RISK-BRIT-DATA",
        name="Legacy data quality at Britannia",
        entity="UK-BRIT",
        probability=0.5,
        impact_days=8,
        impact_cost=Decimal(30_000),
        owner="liam",
        tasks=("UK-BRIT-3.6",),
    ),
)

COSTS = (
    CostEntry(
        key="COST-1",
        project="NORD-ACME",
        incurred_on=D(2027, 1, 29),
        amount=Decimal(62_000),
        description="January consulting",
    ),
    CostEntry(
        key="COST-2",
        project="NORD-ACME",
        incurred_on=D(2027, 2, 26),
        amount=Decimal("88500.50"),
        description="February consulting",
    ),
    CostEntry(
        key="COST-3",
        project="NORD-ACME",
        task="NORD-ACME-1.1",
        resource="R-travel",
        incurred_on=D(2027, 1, 5),
        amount=Decimal(3_400),
        description="Kick-off travel to Oslo",
    ),
    CostEntry(
        key="COST-4",
        project="UK-BRIT",
        incurred_on=D(2027, 3, 31),
        amount=Decimal(180_000),
        description="March consulting and data cleansing",
    ),
)

ALL: tuple[Entity, ...] = (*ROLE_ASSIGNMENTS, *RACI_OVERRIDES, *DECISIONS, *RISKS, *COSTS)
