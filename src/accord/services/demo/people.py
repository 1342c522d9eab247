"""The demo organisation's people, titles, accounts, calendars and resources."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accord.domain.base import Entity
from accord.domain.calendar import STANDARD_WEEK, Calendar, CalendarException, Weekday, WorkingTime
from accord.domain.people import Account, AccountKind, Person, Team
from accord.domain.resources import Resource, ResourceKind
from accord.domain.roles import Role, Title

ADMINISTRATOR = Person(
    key="ingrid",
    name="Ingrid Solberg",
    email="ingrid@ledger.example",
    login="ingrid",
    title="pmo-lead",
    administrator=True,
)

TITLES = (
    Title(key="pmo-lead", name="PMO Lead", role=Role.STAKEHOLDER),
    Title(key="delivery-director", name="Delivery Director", role=Role.SPONSOR),
    Title(key="program-lead", name="Program Lead", role=Role.PROGRAM_MANAGER),
    Title(key="product-manager", name="Product Manager", role=Role.PRODUCT_MANAGER),
    # In this organisation a "Product Owner" runs a client implementation: a project manager.
    Title(key="product-owner", name="Product Owner", role=Role.PROJECT_MANAGER),
    Title(key="delivery-lead", name="Delivery Lead", role=Role.PROJECT_MANAGER),
    Title(key="solution-architect", name="Solution Architect", role=Role.TEAM_MEMBER),
    Title(key="consultant", name="Implementation Consultant", role=Role.TEAM_MEMBER),
    Title(key="engineer", name="Software Engineer", role=Role.TEAM_MEMBER),
    Title(key="client-lead", name="Client Project Lead", role=Role.CLIENT_CONTACT),
    Title(key="cfo", name="Chief Financial Officer", role=Role.STAKEHOLDER),
)


def _person(key: str, name: str, title: str) -> Person:
    return Person(key=key, name=name, email=f"{key}@ledger.example", login=key, title=title)


def _client(key: str, name: str, domain: str) -> Person:
    return Person(key=key, name=name, email=f"{key}@{domain}", title="client-lead")


PEOPLE = (
    _person("astrid", "Astrid Lund", "delivery-director"),
    _person("erik", "Erik Nilsson", "program-lead"),
    _person("maria", "Maria Rossi", "product-manager"),
    _person("lars", "Lars Moe", "product-owner"),
    _person("jonas", "Jonas Berg", "product-owner"),
    _person("sofia", "Sofia Virtanen", "product-owner"),
    _person("liam", "Liam Carter", "delivery-lead"),
    _person("ana", "Ana Ruiz", "solution-architect"),
    _person("mikkel", "Mikkel Hansen", "consultant"),
    _person("lea", "Lea Dubois", "consultant"),
    _person("oskar", "Oskar Lindqvist", "engineer"),
    _person("noah", "Noah Schmidt", "engineer"),
    _person("hans", "Hans Eriksen", "cfo"),
    _client("karin", "Karin Dahl", "acme-shipping.example"),
    _client("sven", "Sven Holm", "svea-logistik.example"),
    _client("pekka", "Pekka Korhonen", "suomi-retail.example"),
    _client("emma", "Emma Wright", "britannia-foods.example"),
)

TEAMS = (
    Team(key="nordic-delivery", name="Nordic delivery team", members=("jonas", "sofia", "ana", "mikkel", "lea")),
    Team(key="ledger-cloud-dev", name="Ledger Cloud development", members=("maria", "lars", "oskar", "noah")),
)

ACCOUNTS = (
    Account(key="ACME", name="Acme Shipping AS", region="NO"),
    Account(key="SVEA", name="Svea Logistik AB", region="SE"),
    Account(key="SUOMI", name="Suomi Retail Oy", region="FI"),
    Account(key="BRIT", name="Britannia Foods Ltd", region="GB"),
    Account(key="NORDBANK", name="Nordbank ASA", account_kind=AccountKind.CUSTOMER, region="NO"),
)

_SUMMER = CalendarException(name="Summer shutdown", start=dt.date(2027, 7, 12), finish=dt.date(2027, 7, 23))
_FRIDAYS_SHORT: dict[Weekday, tuple[WorkingTime, ...]] = {
    Weekday.FRIDAY: (WorkingTime(8 * 60, 12 * 60), WorkingTime(13 * 60, 15 * 60))
}

CALENDARS = (
    Calendar(
        key="standard",
        name="Standard",
        week=dict(STANDARD_WEEK),
    ),
    Calendar(
        key="norway",
        name="Norway",
        base="standard",
        holiday_region="NO",
        time_zone="Europe/Oslo",
        exceptions=(_SUMMER,),
    ),
    Calendar(
        key="sweden",
        name="Sweden",
        base="standard",
        holiday_region="SE",
        time_zone="Europe/Stockholm",
        week=_FRIDAYS_SHORT,
    ),
    Calendar(key="finland", name="Finland", base="standard", holiday_region="FI", time_zone="Europe/Helsinki"),
    Calendar(key="england", name="England", base="standard", holiday_region="GB-ENG", time_zone="Europe/London"),
    Calendar(
        key="part-time", name="Part time (Mon-Wed)", base="norway", week={Weekday.THURSDAY: (), Weekday.FRIDAY: ()}
    ),
)


def _work(key: str, person: str, rate: int, calendar: str = "norway", units: float = 1.0) -> Resource:
    return Resource(
        key=key,
        name=f"{dict((p.key, p.name) for p in PEOPLE)[person]}",
        person=person,
        calendar=calendar,
        max_units=units,
        standard_rate=Decimal(rate),
        overtime_rate=Decimal(rate) * Decimal("1.5"),
    )


RESOURCES = (
    _work("R-ana", "ana", 145),
    _work("R-mikkel", "mikkel", 110),
    _work("R-lea", "lea", 105, calendar="part-time", units=0.6),
    _work("R-jonas", "jonas", 120),
    _work("R-sofia", "sofia", 120, calendar="finland"),
    _work("R-liam", "liam", 115, calendar="england"),
    _work("R-oskar", "oskar", 100),
    _work("R-noah", "noah", 95),
    Resource(
        key="R-consultants", name="Nordic consultant pool", max_units=3.0, calendar="norway", standard_rate=Decimal(95)
    ),
    Resource(
        key="R-tenant",
        name="Ledger Cloud tenant licence",
        resource_kind=ResourceKind.MATERIAL,
        material_label="tenant",
        standard_rate=Decimal(12000),
    ),
    Resource(key="R-travel", name="Travel", resource_kind=ResourceKind.COST),
)

ALL: tuple[Entity, ...] = (*TITLES, *PEOPLE, *TEAMS, *ACCOUNTS, *CALENDARS, *RESOURCES)
