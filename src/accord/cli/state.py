"""What every command shares: the settings from global options, and Accord wired lazily."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer

from accord.bootstrap import Accord, bootstrap
from accord.services.actor import Actor
from accord.settings import Settings


@dataclass
class State:
    settings: Settings
    _accord: Accord | None = field(default=None, init=False)

    @property
    def accord(self) -> Accord:
        if self._accord is None:
            self._accord = bootstrap(self.settings)
        return self._accord

    def actor(self) -> Actor:
        return self.accord.actor()

    def close(self) -> None:
        if self._accord is not None:
            self._accord.close()


def state(ctx: typer.Context) -> State:
    found = ctx.find_root().obj
    assert isinstance(found, State), "the root callback sets the state"
    return found
