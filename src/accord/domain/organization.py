"""The tenant: every other row belongs to exactly one organisation."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from accord.domain.base import KEY_PATTERN
from accord.domain.errors import ValidationError


@dataclass(frozen=True, kw_only=True)
class Organization:
    key: str
    name: str
    time_zone: str = "UTC"
    currency: str = "EUR"

    def __post_init__(self) -> None:
        subject = f"organization {self.key}"
        if not KEY_PATTERN.fullmatch(self.key):
            raise ValidationError("organization", "key", f"{self.key!r} is not a key")
        if not self.name.strip():
            raise ValidationError(subject, "name", "must not be empty")
        check_time_zone(subject, self.time_zone)
        check_currency(subject, self.currency)


def check_time_zone(subject: str, name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(subject, "time_zone", f"{name!r} is not an IANA time zone") from None


def check_currency(subject: str, code: str) -> None:
    if not (len(code) == 3 and code.isalpha() and code.isupper()):
        raise ValidationError(subject, "currency", f"{code!r} is not an ISO 4217 code such as EUR")
