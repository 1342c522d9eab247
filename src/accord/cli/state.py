"""What every command shares: the settings from global options, and Accord wired lazily (or,
in a process that serves commands, the Accord it keeps)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import typer

from accord.bootstrap import Accord, bootstrap
from accord.services.actor import Actor
from accord.settings import Settings

serving: Accord | None = None
"""The Accord kept by `accord serve`: commands on its database use it, with their own settings."""


@dataclass
class State:
    settings: Settings
    _accord: Accord | None = field(default=None, init=False)
    _owned: bool = field(default=False, init=False)

    @property
    def accord(self) -> Accord:
        if self._accord is None:
            if serving is not None and serving.settings.database_url == self.settings.database_url:
                self._accord = dataclasses.replace(serving, settings=self.settings)
            else:
                self._accord, self._owned = bootstrap(self.settings), True
        return self._accord

    def actor(self) -> Actor:
        return self.accord.actor()

    def close(self) -> None:
        if self._accord is not None and self._owned:
            self._accord.close()


def state(ctx: typer.Context) -> State:
    found = ctx.find_root().obj
    assert isinstance(found, State), "the root callback sets the state"
    return found
