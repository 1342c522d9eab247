"""Product management: products, their features and the releases that ship them."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from accord.domain.base import Entity, described, ref, refs
from accord.domain.errors import ValidationError


@dataclass(frozen=True, kw_only=True)
class Product(Entity):
    kind = "product"
    plural = "products"

    name: str
    description: str = ""
    objectives: tuple[str, ...] = refs("objective", "key_result", help="Objectives (or key results) the product serves.")

    def validate(self) -> None:
        self.require_text("name", self.name)


class FeatureStatus(enum.Enum):
    IDEA = "idea"
    PLANNED = "planned"
    IN_DEVELOPMENT = "in_development"
    RELEASED = "released"
    RETIRED = "retired"


FEATURE_TRANSITIONS: dict[FeatureStatus, frozenset[FeatureStatus]] = {
    FeatureStatus.IDEA: frozenset({FeatureStatus.PLANNED, FeatureStatus.RETIRED}),
    FeatureStatus.PLANNED: frozenset({FeatureStatus.IDEA, FeatureStatus.IN_DEVELOPMENT, FeatureStatus.RETIRED}),
    FeatureStatus.IN_DEVELOPMENT: frozenset({FeatureStatus.PLANNED, FeatureStatus.RELEASED, FeatureStatus.RETIRED}),
    FeatureStatus.RELEASED: frozenset({FeatureStatus.RETIRED}),
    FeatureStatus.RETIRED: frozenset(),
}
"""The feature workflow: idea → planned → in development → released → retired, with steps back
before release. A released feature cannot be un-released; a retired one is final."""


@dataclass(frozen=True, kw_only=True)
class Feature(Entity):
    """A capability of a product, with the inputs of two common prioritisation scores.

    RICE = reach × impact × confidence / effort. WSJF = (business value + time criticality +
    risk reduction) / job size. A score is None until all of its inputs are given.
    """

    kind = "feature"
    plural = "features"

    name: str
    product: str = ref("product", required=True)
    status: FeatureStatus = FeatureStatus.IDEA
    release: str | None = ref("release", help="The release planned to ship it.")
    rank: int | None = described(
        None, help="Place in the product's backlog, 1 first; unranked features follow, by WSJF then RICE."
    )
    customer_value: str = ""
    effort: float | None = described(None, help="Estimated effort in person-months (RICE effort).")
    reach: int | None = described(None, help="Customers or users reached per quarter (RICE).")
    impact: float | None = described(None, help="RICE impact: 0.25, 0.5, 1, 2 or 3.")
    confidence: float | None = described(None, help="RICE confidence, 0 to 1.")
    business_value: int | None = described(None, help="WSJF user/business value, 1 to 21.")
    time_criticality: int | None = described(None, help="WSJF time criticality, 1 to 21.")
    risk_reduction: int | None = described(None, help="WSJF risk reduction / opportunity enablement, 1 to 21.")
    job_size: int | None = described(None, help="WSJF job size, 1 to 21.")
    requested_by: tuple[str, ...] = refs("account", help="Accounts that asked for it.")
    objectives: tuple[str, ...] = refs("objective", "key_result", help="Objectives (or key results) it serves.")

    def validate(self) -> None:
        self.require_text("name", self.name)
        if self.rank is not None:
            self.require(self.rank >= 1, "rank", "must be 1 or more")
        if self.effort is not None:
            self.require(self.effort > 0, "effort", "must be positive")
        if self.reach is not None:
            self.require(self.reach >= 0, "reach", "must not be negative")
        if self.impact is not None:
            self.require(self.impact in (0.25, 0.5, 1, 2, 3), "impact", "must be one of 0.25, 0.5, 1, 2, 3")
        if self.confidence is not None:
            self.require(0 <= self.confidence <= 1, "confidence", "must be between 0 and 1")
        for name in ("business_value", "time_criticality", "risk_reduction", "job_size"):
            value = getattr(self, name)
            if value is not None:
                self.require(1 <= value <= 21, name, "must be between 1 and 21")
        if self.status in (FeatureStatus.IN_DEVELOPMENT, FeatureStatus.RELEASED):
            self.require(self.release is not None, "release", f"a feature {self.status.value} needs a release")

    @property
    def rice_score(self) -> float | None:
        if None in (self.reach, self.impact, self.confidence, self.effort):
            return None
        assert self.reach is not None and self.impact is not None
        assert self.confidence is not None and self.effort is not None
        return self.reach * self.impact * self.confidence / self.effort

    @property
    def wsjf_score(self) -> float | None:
        parts = (self.business_value, self.time_criticality, self.risk_reduction)
        if self.job_size is None or any(p is None for p in parts):
            return None
        return sum(p for p in parts if p is not None) / self.job_size

    def check_transition(self, new: FeatureStatus) -> None:
        """Raise ValidationError unless the workflow allows going from this status to `new`."""
        if new is not self.status and new not in FEATURE_TRANSITIONS[self.status]:
            allowed = ", ".join(sorted(s.value for s in FEATURE_TRANSITIONS[self.status])) or "none"
            raise ValidationError(
                f"feature {self.key}",
                "status",
                f"cannot go from {self.status.value} to {new.value} (allowed: {allowed})",
            )


class ReleaseState(enum.Enum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    RELEASED = "released"
    CANCELLED = "cancelled"


@dataclass(frozen=True, kw_only=True)
class Release(Entity):
    kind = "release"
    plural = "releases"

    name: str
    product: str = ref("product", required=True)
    version: str
    planned_date: dt.date
    state: ReleaseState = ReleaseState.PLANNED
    released_on: dt.date | None = None
    capacity: float | None = described(
        None, help="Effort the release can take, in person-months: its features in backlog order up to it make the cut."
    )

    def validate(self) -> None:
        self.require_text("name", self.name)
        self.require_text("version", self.version)
        if self.capacity is not None:
            self.require(self.capacity > 0, "capacity", "must be positive")
        released = self.state is ReleaseState.RELEASED
        self.require(
            released == (self.released_on is not None), "released_on", "is set exactly when the release is released"
        )
