"""Who is acting: every use case runs on behalf of a person of one organisation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    organization: str
    person: str
