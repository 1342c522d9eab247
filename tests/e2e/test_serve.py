"""`accord serve` end to end, in real processes: commands on its database run in it and print
what they print run alone; the rest runs alone; it stops cleanly and refuses a second one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

COMMAND = [sys.executable, "-m", "accord.cli"]


@pytest.fixture
def runtime() -> Iterator[dict[str, str]]:
    """An environment whose server sockets live in a folder of this test's own (socket paths
    must stay short)."""
    with tempfile.TemporaryDirectory(prefix="ac") as folder:
        yield {**os.environ, "XDG_RUNTIME_DIR": folder}


def accord(url: str, env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, "--database", url, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120)


def test_commands_run_in_the_server_and_print_what_they_print_alone(database_url: str, runtime: dict[str, str]) -> None:
    alone = {**runtime, "XDG_RUNTIME_DIR": runtime["XDG_RUNTIME_DIR"] + "/elsewhere"}  # finds no server
    with subprocess.Popen([*COMMAND, "--database", database_url, "serve"], env=runtime, stdout=subprocess.PIPE, text=True) as server:
        try:
            assert server.stdout is not None
            assert server.stdout.readline().startswith("Serving ")
            path = Path(runtime["XDG_RUNTIME_DIR"]) / f"accord-{os.getuid()}"
            assert len(list(path.iterdir())) == 1 and oct(path.stat().st_mode)[-3:] == "700", "a socket only the user can reach"

            assert json.loads(accord(database_url, runtime, "demo", "--json").stdout)["loaded"] is True
            served = accord(database_url, runtime, "schedule", "NORD-ACME", "--json")
            assert served.returncode == 0
            assert json.loads(served.stdout) == json.loads(accord(database_url, alone, "schedule", "NORD-ACME", "--json").stdout)
            updated = accord(database_url, runtime, "tasks", "update", "NORD-ACME-2.1", "--duration", "3360")
            assert updated.returncode == 0, updated.stderr
            again = json.loads(accord(database_url, runtime, "schedule", "NORD-ACME", "--json").stdout)
            assert again == json.loads(accord(database_url, alone, "schedule", "NORD-ACME", "--json").stdout)
            assert again != json.loads(served.stdout), "the change is scheduled"
            refused = accord(database_url, runtime, "projects", "show", "NOPE")
            assert refused.returncode == 1 and "NOPE" in refused.stderr and not refused.stdout
            second = accord(database_url, runtime, "serve")  # runs alone, asks the first for its version
            assert second.returncode == 1 and "already running" in second.stderr
            log = [server.stdout.readline() for _ in range(6)]
            ran = [line.split(" → ")[0].removeprefix("accord ").removeprefix(f"--database {database_url} ") for line in log]
            assert ran == [
                "demo --json",
                "schedule NORD-ACME --json",
                "tasks update NORD-ACME-2.1 --duration 3360",
                "schedule NORD-ACME --json",
                "projects show NOPE",
                "--version",
            ], "served there; what ran alone is not in its log"
            assert [line.split(" → ")[1].split()[0] for line in log] == ["0", "0", "0", "0", "1", "0"]
        finally:
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=30) == 0
    assert not list((Path(runtime["XDG_RUNTIME_DIR"]) / f"accord-{os.getuid()}").iterdir()), "its socket is gone"


def test_with_json_the_server_logs_one_object_a_line(tmp_path: Path, runtime: dict[str, str]) -> None:
    url = f"sqlite:///{tmp_path / 'served.db'}"
    with subprocess.Popen([*COMMAND, "--database", url, "serve", "--json"], env=runtime, stdout=subprocess.PIPE, text=True) as server:
        assert server.stdout is not None
        assert json.loads(server.stdout.readline())["serving"] == url
        assert accord(url, runtime, "--version").stdout.startswith("accord ")
        assert json.loads(server.stdout.readline())["command"] == ["--database", url, "--version"]
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        assert json.loads(server.stdout.readline()) == {"stopped": True}
