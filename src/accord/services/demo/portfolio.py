"""The demo organisation's objectives, products, features, releases, program and benefits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accord.domain.base import Entity
from accord.domain.objectives import KeyResult, Objective
from accord.domain.product import Feature, FeatureStatus, Product, Release, ReleaseState
from accord.domain.program import Benefit, Milestone, Program

D = dt.date

OBJECTIVES = (
    Objective(
        key="OBJ-NORDICS",
        name="Grow Nordic revenue to EUR 12M ARR by the end of 2027",
        owner="astrid",
        due=D(2027, 12, 31),
    ),
    Objective(
        key="OBJ-EINVOICE",
        name="Meet the Nordic e-invoicing mandates",
        parent="OBJ-NORDICS",
        owner="maria",
        due=D(2027, 9, 1),
    ),
    Objective(key="OBJ-CLOUD", name="Move 80% of customers to Ledger Cloud", owner="maria", due=D(2028, 6, 30)),
    # Nothing serves this one: a goal on paper only.
    Objective(key="OBJ-ONBOARDING", name="Halve the time to onboard a new client", owner="erik", due=D(2027, 12, 31)),
)

KEY_RESULTS = (
    KeyResult(
        key="KR-NORDIC-ARR",
        name="Nordic ARR",
        objective="OBJ-NORDICS",
        metric="ARR",
        unit="EUR M",
        baseline=4.0,
        target=12.0,
        current=5.1,
        due=D(2027, 12, 31),
    ),
    KeyResult(
        key="KR-NORDIC-LIVE",
        name="Nordic clients live on Ledger Cloud",
        objective="OBJ-NORDICS",
        metric="clients live",
        baseline=2,
        target=10,
        current=3,
        due=D(2027, 12, 31),
    ),
    KeyResult(
        key="KR-PEPPOL",
        name="Invoices sent through PEPPOL",
        objective="OBJ-EINVOICE",
        metric="share",
        unit="%",
        baseline=0,
        target=90,
        current=5,
        due=D(2027, 9, 1),
    ),
    KeyResult(
        key="KR-CLOUD-SHARE",
        name="Customers on Ledger Cloud",
        objective="OBJ-CLOUD",
        metric="share",
        unit="%",
        baseline=35,
        target=80,
        current=41,
        due=D(2028, 6, 30),
    ),
    KeyResult(
        key="KR-ONBOARD-DAYS",
        name="Median onboarding time",
        objective="OBJ-ONBOARDING",
        metric="days",
        baseline=120,
        target=60,
        due=D(2027, 12, 31),
    ),
)

PRODUCTS = (
    Product(
        key="LEDGER-CLOUD",
        name="Ledger Cloud",
        description="Cloud accounting and financial close.",
        objectives=("OBJ-CLOUD", "OBJ-NORDICS"),
    ),
    # No product manager holds this product: an owner is missing.
    Product(
        key="LEDGER-PAYROLL",
        name="Ledger Payroll",
        description="Payroll add-on for Ledger Cloud.",
        objectives=("OBJ-CLOUD",),
    ),
)

RELEASES = (
    Release(
        key="LC-26.4",
        name="Ledger Cloud 26.4",
        product="LEDGER-CLOUD",
        version="26.4",
        planned_date=D(2026, 11, 2),
        state=ReleaseState.RELEASED,
        released_on=D(2026, 11, 4),
    ),
    Release(
        key="LC-27.1",
        name="Ledger Cloud 27.1",
        product="LEDGER-CLOUD",
        version="27.1",
        planned_date=D(2027, 3, 15),
        state=ReleaseState.IN_PROGRESS,
    ),
    # Twelve person-months: the cut line falls before Finnish VAT, which a priority program needs.
    Release(
        key="LC-27.2",
        name="Ledger Cloud 27.2",
        product="LEDGER-CLOUD",
        version="27.2",
        planned_date=D(2027, 6, 14),
        capacity=12,
    ),
    Release(
        key="LC-27.3", name="Ledger Cloud 27.3", product="LEDGER-CLOUD", version="27.3", planned_date=D(2027, 9, 13)
    ),
    Release(
        key="LC-27.4", name="Ledger Cloud 27.4", product="LEDGER-CLOUD", version="27.4", planned_date=D(2027, 12, 6)
    ),
    Release(
        key="LP-27.2", name="Ledger Payroll 27.2", product="LEDGER-PAYROLL", version="27.2", planned_date=D(2027, 6, 21)
    ),
)

S = FeatureStatus
_NORDIC = ("OBJ-NORDICS",)


def _feature(
    key: str,
    name: str,
    release: str | None,
    status: FeatureStatus,
    *,
    value: str,
    rice: tuple[int, float, float, float],
    wsjf: tuple[int, int, int, int],
    objectives: tuple[str, ...] = _NORDIC,
    accounts: tuple[str, ...] = (),
    product: str = "LEDGER-CLOUD",
    rank: int | None = None,
) -> Feature:
    reach, impact, confidence, effort = rice
    business_value, time_criticality, risk_reduction, job_size = wsjf
    return Feature(
        key=key,
        name=name,
        product=product,
        release=release,
        status=status,
        customer_value=value,
        reach=reach,
        impact=impact,
        confidence=confidence,
        effort=effort,
        business_value=business_value,
        time_criticality=time_criticality,
        risk_reduction=risk_reduction,
        job_size=job_size,
        objectives=objectives,
        requested_by=accounts,
        rank=rank,
    )


FEATURES = (
    _feature(
        "LC-MULTICURRENCY",
        "Multi-currency ledgers",
        "LC-26.4",
        S.RELEASED,
        value="Book and report in NOK, SEK, DKK and EUR side by side.",
        rice=(900, 2, 0.9, 4),
        wsjf=(13, 8, 5, 8),
        objectives=("OBJ-NORDICS", "OBJ-CLOUD"),
    ),
    _feature(
        "LC-BANK-FORMATS",
        "Nordic bank file formats",
        "LC-27.1",
        S.IN_DEVELOPMENT,
        value="Payments and statements in the formats Nordic banks require.",
        rice=(600, 2, 0.8, 3),
        wsjf=(13, 13, 8, 5),
        accounts=("ACME", "SVEA"),
    ),
    _feature(
        "LC-SAFT",
        "SAF-T Norway export",
        "LC-27.1",
        S.IN_DEVELOPMENT,
        value="Standard audit file for the Norwegian tax authority.",
        rice=(300, 2, 1.0, 2),
        wsjf=(8, 13, 13, 3),
        accounts=("ACME",),
    ),
    _feature(
        "LC-SSO",
        "Single sign-on (SAML and OpenID Connect)",
        "LC-27.1",
        S.IN_DEVELOPMENT,
        value="Sign in with the company's identity provider.",
        rice=(1500, 1, 0.9, 2),
        wsjf=(8, 5, 8, 3),
        objectives=("OBJ-CLOUD",),
    ),
    # Acme needs PEPPOL by 3 May 2027; it ships with 27.2 on 14 June: the roadmap is late for a client.
    _feature(
        "LC-PEPPOL",
        "PEPPOL e-invoicing",
        "LC-27.2",
        S.PLANNED,
        value="Send and receive invoices over the PEPPOL network.",
        rice=(800, 3, 0.8, 5),
        wsjf=(8, 8, 5, 13),
        objectives=("OBJ-EINVOICE",),
        accounts=("ACME", "NORDBANK"),
        rank=2,
    ),
    _feature(
        "LC-BANK-FEEDS",
        "Open-banking bank feeds",
        "LC-27.2",
        S.PLANNED,
        value="Bank transactions arrive by themselves, every hour.",
        rice=(1200, 2, 0.5, 6),
        wsjf=(13, 5, 3, 8),
        objectives=("OBJ-CLOUD",),
        rank=1,
    ),
    _feature(
        "LC-AUDIT-EXPORT",
        "Audit trail export",
        "LC-27.2",
        S.PLANNED,
        value="Auditors get every posting's history in one file.",
        rice=(400, 1, 0.8, 1),
        wsjf=(5, 3, 8, 2),
        objectives=("OBJ-CLOUD",),
        rank=3,
    ),
    _feature(
        "LC-FI-VAT",
        "Finnish VAT reporting",
        "LC-27.2",
        S.PLANNED,
        value="VAT returns in the format Vero expects.",
        rice=(250, 2, 0.8, 2),
        wsjf=(8, 8, 5, 3),
        accounts=("SUOMI",),
        rank=4,
    ),
    _feature(
        "LC-NEMHANDEL",
        "NemHandel e-invoicing (Denmark)",
        "LC-27.3",
        S.PLANNED,
        value="E-invoicing for Danish public-sector customers.",
        rice=(200, 2, 0.5, 3),
        wsjf=(5, 5, 3, 5),
        objectives=("OBJ-EINVOICE",),
    ),
    _feature(
        "LC-AI-MATCH",
        "AI reconciliation matching",
        "LC-27.3",
        S.PLANNED,
        value="Suggests matches between bank lines and open items.",
        rice=(2000, 2, 0.5, 8),
        wsjf=(13, 3, 5, 13),
        objectives=("OBJ-CLOUD",),
    ),
    _feature(
        "LC-MOBILE",
        "Mobile approvals",
        "LC-27.3",
        S.PLANNED,
        value="Approve invoices and expenses from a phone.",
        rice=(1800, 1, 0.8, 3),
        wsjf=(8, 3, 2, 5),
        objectives=("OBJ-CLOUD",),
    ),
    _feature(
        "LC-API-V2",
        "Public API v2",
        "LC-27.4",
        S.PLANNED,
        value="A versioned REST API for partners and integrations.",
        rice=(500, 2, 0.8, 5),
        wsjf=(8, 5, 8, 8),
        objectives=("OBJ-CLOUD",),
        accounts=("NORDBANK",),
    ),
    _feature(
        "LC-CONSOLIDATION",
        "Group consolidation",
        "LC-27.4",
        S.PLANNED,
        value="Consolidate subsidiaries across currencies.",
        rice=(300, 3, 0.5, 8),
        wsjf=(13, 3, 3, 13),
        objectives=("OBJ-NORDICS",),
        accounts=("SVEA",),
    ),
    # Svea was promised this, but it sits in no release: not on the roadmap.
    _feature(
        "LC-SE-PAYROLL-LINK",
        "Swedish payroll integration",
        None,
        S.IDEA,
        value="Post payroll journals from Swedish payroll systems.",
        rice=(150, 1, 0.5, 3),
        wsjf=(5, 8, 2, 5),
        accounts=("SVEA",),
    ),
    # Serves no objective.
    _feature(
        "LC-DARK-MODE",
        "Dark mode",
        None,
        S.IDEA,
        value="A dark colour theme.",
        rice=(3000, 0.25, 0.8, 1),
        wsjf=(2, 1, 1, 2),
        objectives=(),
    ),
    _feature(
        "LP-NO-AMELDING",
        "A-melding (Norway)",
        "LP-27.2",
        S.PLANNED,
        product="LEDGER-PAYROLL",
        value="Monthly payroll reporting to the Norwegian authorities.",
        rice=(250, 2, 0.8, 4),
        wsjf=(8, 8, 5, 8),
    ),
    _feature(
        "LP-SE-AGI",
        "AGI employer declaration (Sweden)",
        None,
        S.IDEA,
        product="LEDGER-PAYROLL",
        value="Monthly employer declaration to Skatteverket.",
        rice=(200, 2, 0.5, 4),
        wsjf=(5, 5, 3, 8),
    ),
)

PROGRAM = Program(
    key="NORDICS",
    name="Nordics expansion",
    objectives=("OBJ-NORDICS",),
    description="Take Ledger Cloud live for the first clients in Norway, Sweden and Finland.",
    budget=Decimal(2_400_000),
    start=D(2027, 1, 4),
    finish=D(2027, 10, 29),
    priority=800,
)

MILESTONES = (
    Milestone(
        key="NORDICS-PILOT",
        name="First Nordic client live",
        program="NORDICS",
        date=D(2027, 6, 1),
        depends_on=("NORD-ACME-5.4",),
    ),
    Milestone(
        key="NORDICS-GOLIVE",
        name="Regional go-live",
        program="NORDICS",
        date=D(2027, 9, 1),
        depends_on=("NORD-ACME-5.4", "NORD-SVEA-5.4", "NORD-SUOMI-5.4"),
    ),
)

BENEFITS = (
    Benefit(
        key="BEN-NORDIC-ARR",
        name="Nordic recurring revenue",
        program="NORDICS",
        objective="OBJ-NORDICS",
        measure="Annual recurring revenue from Nordic clients",
        unit="EUR M",
        planned_value=3.0,
        realised_value=0.4,
        planned_by=D(2027, 12, 31),
    ),
    # Three pilot clients were to be live by the end of October; one is.
    Benefit(
        key="BEN-PILOTS",
        name="Pilot clients live",
        program="NORDICS",
        objective="OBJ-NORDICS",
        measure="Nordic clients running their books on Ledger Cloud",
        unit="clients",
        planned_value=3,
        realised_value=1,
        planned_by=D(2026, 10, 30),
    ),
    # Nobody has said how this benefit will be measured.
    Benefit(
        key="BEN-PARTNERS",
        name="Nordic partner ecosystem",
        program="NORDICS",
        planned_value=5,
        unit="partners",
        planned_by=D(2027, 12, 31),
    ),
)

ALL: tuple[Entity, ...] = (*OBJECTIVES, *KEY_RESULTS, *PRODUCTS, *RELEASES, *FEATURES, PROGRAM)
LATE: tuple[Entity, ...] = (*MILESTONES, *BENEFITS)
"""Entities that refer to project tasks, written after the projects."""
