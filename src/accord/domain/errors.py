"""Accord's one error tree. Every entry point maps these once (CLI exit status, HTTP status).

AccordError                 code, human message, facts
├── ValidationError         a value is malformed or breaks an invariant (names the field)
├── NotFoundError           a key names nothing in the organisation
├── ConflictError           the request contradicts the stored state
│   ├── DuplicateKeyError   the key is taken in the organisation
│   ├── StaleVersionError   someone else changed the entity since it was read
│   └── StillReferencedError  removal would leave references dangling
├── PermissionDeniedError   the acting person may not do this
└── UnavailableError        the database cannot be reached or is not at the expected schema
"""

from __future__ import annotations

from typing import Any


class AccordError(Exception):
    """Base of every error Accord raises on purpose. `code` is stable; `message` is for people."""

    code = "accord.error"

    def __init__(self, message: str, **facts: Any) -> None:
        super().__init__(message)
        self.message = message
        self.facts = facts

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **{k: str(v) for k, v in self.facts.items()}}


class ValidationError(AccordError):
    code = "invalid"

    def __init__(self, subject: str, field: str, reason: str) -> None:
        where = f"{subject}: {field}" if subject else field
        super().__init__(f"{where}: {reason}", subject=subject, field=field, reason=reason)
        self.field = field
        self.reason = reason


class NotFoundError(AccordError):
    code = "not_found"


class ConflictError(AccordError):
    code = "conflict"


class DuplicateKeyError(ConflictError):
    code = "duplicate_key"


class StaleVersionError(ConflictError):
    code = "stale_version"


class StillReferencedError(ConflictError):
    code = "still_referenced"


class PermissionDeniedError(AccordError):
    code = "permission_denied"


class UnavailableError(AccordError):
    code = "unavailable"
