"""Small builders for tests: a fresh organisation with an administrator."""

from __future__ import annotations

from accord.bootstrap import Accord
from accord.domain.organization import Organization
from accord.domain.people import Person
from accord.services.actor import Actor


def new_organization(accord: Accord, key: str = "ACME", admin: str = "root") -> Actor:
    return accord.organizations.create(Organization(key=key, name=f"{key} Ltd"), Person(key=admin, name="Root Admin"))
