"""Canonical roles, organisation titles, decision types with their RACI, and who holds what.

A title is a word an organisation uses ("Product Owner"); a role is what the person actually does
(`project_manager`). The same title may map to different roles in two organisations, which is
the first source of role confusion Accord makes visible.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from dataclasses import dataclass

from accord.domain.base import Entity, described, ref


class Role(enum.Enum):
    PRODUCT_MANAGER = "product_manager"
    PROJECT_MANAGER = "project_manager"
    PROGRAM_MANAGER = "program_manager"
    SPONSOR = "sponsor"
    TEAM_MEMBER = "team_member"
    CLIENT_CONTACT = "client_contact"
    STAKEHOLDER = "stakeholder"


class Responsibility(enum.Enum):
    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"


class DecisionLevel(enum.Enum):
    """Where a decision type is taken: on an organisation, a product, a project or a program."""

    ORGANIZATION = "organization"
    PRODUCT = "product"
    PROJECT = "project"
    PROGRAM = "program"


HOLDER_KINDS = ("product", "project", "program")
"""Kinds of entity that roles are held on and decisions are taken about."""

DECISION_TYPE_KEY = re.compile(r"(organization|product|project|program)\.[a-z][a-z_]*")


@dataclass(frozen=True, kw_only=True)
class Title(Entity):
    kind = "title"
    plural = "titles"

    name: str
    role: Role = described(help="The canonical role this title means in this organisation.")

    def validate(self) -> None:
        self.require_text("name", self.name)


@dataclass(frozen=True, kw_only=True)
class DecisionType(Entity):
    """A named decision and the organisation's RACI for it, by canonical role.

    The key is `level.name`, e.g. `project.schedule_change`; the level must match the prefix.
    """

    kind = "decision_type"
    plural = "decision-types"

    name: str
    level: DecisionLevel
    description: str = ""
    raci: dict[Role, Responsibility] = dataclasses.field(
        default_factory=dict,
        metadata={"help": 'Responsibility of each canonical role, as JSON: {"sponsor": "A", ...}.'},
    )

    def validate(self) -> None:
        self.require_text("name", self.name)
        self.require(
            DECISION_TYPE_KEY.fullmatch(self.key) is not None and self.key.startswith(self.level.value + "."),
            "key",
            f"must read '{self.level.value}.<name>' in lower case, e.g. '{self.level.value}.schedule_change'",
        )

    def roles_with(self, responsibility: Responsibility) -> tuple[Role, ...]:
        return tuple(role for role, given in self.raci.items() if given is responsibility)


@dataclass(frozen=True, kw_only=True)
class RoleAssignment(Entity):
    """Person P holds role R on a product, project or program (optionally under a title)."""

    kind = "role_assignment"
    plural = "role-assignments"
    key_prefix = "RA"

    person: str = ref("person", required=True)
    role: Role
    entity: str = ref(*HOLDER_KINDS, required=True, help="Product, project or program key.")
    title: str | None = ref("title", help="The title the person acts under here, if any.")

    @property
    def label(self) -> str:
        return f"{self.person} as {self.role.value} on {self.entity}"


@dataclass(frozen=True, kw_only=True)
class RaciOverride(Entity):
    """Replaces the default responsibility of a role (or names a person) for one decision type.

    Without `entity` it applies to the whole organisation; with one, to that product, project or
    program only, and it wins over the organisation's.
    """

    kind = "raci_override"
    plural = "raci-overrides"
    key_prefix = "RACI"

    decision_type: str = ref("decision_type", required=True)
    entity: str | None = ref(*HOLDER_KINDS)
    role: Role | None = None
    person: str | None = ref("person")
    responsibility: Responsibility

    def validate(self) -> None:
        self.require((self.role is None) != (self.person is None), "role", "give exactly one of role and person")

    @property
    def label(self) -> str:
        who = self.person if self.person is not None else (self.role.value if self.role else "?")
        return f"{self.decision_type}: {who} is {self.responsibility.value} on {self.entity or 'the organization'}"


@dataclass(frozen=True, kw_only=True)
class Decision(Entity):
    """A decision-log record. Options may be empty; when given, the choice must be one of them."""

    kind = "decision"
    plural = "decisions"
    key_prefix = "DEC"

    question: str
    decision_type: str = ref("decision_type", required=True)
    entity: str | None = ref(*HOLDER_KINDS)
    options: tuple[str, ...] = ()
    choice: str
    rationale: str = ""
    decided_by: str = ref("person", required=True)
    decided_on: dt.date
    revisit_on: dt.date | None = None

    @property
    def label(self) -> str:
        return self.question

    def validate(self) -> None:
        self.require_text("question", self.question)
        self.require_text("choice", self.choice)
        if self.options:
            self.require(self.choice in self.options, "choice", f"{self.choice!r} is not one of the options")
        if self.revisit_on is not None:
            self.require(self.revisit_on >= self.decided_on, "revisit_on", "must not be before decided_on")
