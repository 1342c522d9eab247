"""People, the teams they form and the accounts (clients, customers) work is done for."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from accord.domain.base import Entity, described, ref, refs


@dataclass(frozen=True, kw_only=True)
class Person(Entity):
    kind = "person"
    plural = "people"

    name: str
    email: str | None = None
    login: str | None = described(None, help="User name this person signs in with, if any.")
    title: str | None = ref("title", help="What the organisation calls this person's job.")
    administrator: bool = described(False, help="May administer the organisation.")

    def validate(self) -> None:
        self.require_text("name", self.name)
        if self.email is not None:
            self.require(
                "@" in self.email and " " not in self.email, "email", f"{self.email!r} is not an e-mail address"
            )


@dataclass(frozen=True, kw_only=True)
class Team(Entity):
    kind = "team"
    plural = "teams"

    name: str
    members: tuple[str, ...] = refs("person")

    def validate(self) -> None:
        self.require_text("name", self.name)


class AccountKind(enum.Enum):
    CLIENT = "client"
    CUSTOMER = "customer"
    PARTNER = "partner"
    INTERNAL = "internal"


@dataclass(frozen=True, kw_only=True)
class Account(Entity):
    """A client or customer: projects are delivered for it, features are requested by it."""

    kind = "account"
    plural = "accounts"

    name: str
    account_kind: AccountKind = AccountKind.CLIENT
    region: str | None = described(None, help="ISO 3166 country code, e.g. NO.")

    def validate(self) -> None:
        self.require_text("name", self.name)
        if self.region is not None:
            self.require(
                len(self.region) == 2 and self.region.isupper(), "region", "must be an ISO 3166 alpha-2 code such as NO"
            )
