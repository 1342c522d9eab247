"""What services need from storage: a factory of units of work (the store provides one)."""

from __future__ import annotations

from collections.abc import Callable

from accord.store.unit_of_work import UnitOfWork

UnitOfWorkFactory = Callable[..., UnitOfWork]
"""Called as `factory(write=True|False)`; returns a fresh unit of work."""
