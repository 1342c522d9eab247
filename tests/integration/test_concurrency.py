"""Writers at the same time: none fails half-way, no update is lost."""

from __future__ import annotations

import threading

import pytest

from accord.bootstrap import Accord, bootstrap
from accord.domain.errors import StaleVersionError
from accord.settings import Settings
from tests.factories import new_organization

WRITERS = 4
UPDATES = 10


def test_concurrent_writers_queue_and_every_change_lands(database_url: str) -> None:
    setup = bootstrap(Settings(database_url=database_url))
    actor = new_organization(setup)
    setup.entities.add(actor, "objective", {"key": "OBJ", "name": "0"})
    setup.close()
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        accord = bootstrap(Settings(database_url=database_url))
        try:
            for i in range(UPDATES):
                accord.entities.update(actor, "objective", "OBJ", {"description": f"writer {number}, update {i}"})
        except BaseException as exc:
            failures.append(exc)
        finally:
            accord.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    check: Accord = bootstrap(Settings(database_url=database_url))
    assert check.entities.get(actor, "objective", "OBJ").version == 1 + WRITERS * UPDATES
    assert len(check.entities.history(actor, "OBJ")) == 1 + WRITERS * UPDATES
    with pytest.raises(StaleVersionError):
        check.entities.update(actor, "objective", "OBJ", {"name": "late"}, expected_version=1)
    check.close()
